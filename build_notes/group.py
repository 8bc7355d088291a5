"""Grouping: the corpus -> indexes by theme, conference and organisation, and related talks.

Every index is built in one pass over the talks; related talks use inverted indexes over
tags and organisations (plus the talk's own conference), so the cost stays linear in the
number of talks instead of comparing every pair.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from build_notes.model import Conference, Corpus, Talk, Theme
from build_notes.text import slugify

RELATED_LIMIT = 5
# A tag or organisation shared by more talks than this says little about relatedness, and
# scanning its whole posting list for every talk would make the cost quadratic.
_POSTING_CAP = 400
# Weights of what two talks share, for related talks: a tag is the most specific signal.
WEIGHTS = {"tags": 3, "organizations": 2, "themes": 1}


@dataclass(frozen=True)
class Organization:
    slug: str
    name: str
    talks: tuple[Talk, ...]


@dataclass(frozen=True)
class Groups:
    themes: dict[str, Theme]  # in themes.yml order
    conferences: dict[str, Conference]  # newest first
    talks_by_theme: dict[str, tuple[Talk, ...]]  # every theme, possibly empty
    talks_by_conference: dict[str, tuple[Talk, ...]]
    organizations: dict[str, Organization]  # slug -> organisation, by name
    organization_slug: dict[str, str]  # name as written -> slug
    related: dict[str, tuple[Talk, ...]]  # talk key -> up to RELATED_LIMIT talks


def organization_slug(name: str) -> str:
    """A URL-safe id for an organisation: its slug, with a stable hash added where the slug
    is empty (no ASCII letters), too long for a file name, or the index page's name."""
    slug = slugify(name)
    if slug and len(slug) <= 80 and slug != "index":
        return slug
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    return f"{slug[:60]}-{digest}" if slug else f"org-{digest}"


def talk_order(conferences: dict[str, Conference]) -> Callable[[Talk], tuple[int, int, str, str]]:
    """Sort key: newest conference first, then by date within it, then by title."""

    def key(talk: Talk) -> tuple[int, int, str, str]:
        conference = conferences[talk.conference_id]
        day = talk.date or conference.start
        return (-conference.start.toordinal(), day.toordinal(), talk.title.casefold(),
                talk.key)

    return key


def group(corpus: Corpus) -> Groups:
    conferences = {c.id: c for c in corpus.conferences}
    order = talk_order(conferences)
    talks = sorted(corpus.talks, key=order)

    by_theme: dict[str, list[Talk]] = {t.id: [] for t in corpus.themes}
    by_conference: dict[str, list[Talk]] = {c: [] for c in conferences}
    by_org: dict[str, list[Talk]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    slug_of: dict[str, str] = {}
    for talk in talks:
        by_conference[talk.conference_id].append(talk)
        for theme in talk.themes:
            by_theme[theme].append(talk)
        for name in talk.organizations:
            slug = slug_of.setdefault(name, organization_slug(name))
            by_org[slug].append(talk)
            spellings[slug][name] += 1

    organizations = {}
    for slug, org_talks in by_org.items():
        # The most used spelling names the organisation; ties go to the first alphabetically.
        name = min(spellings[slug].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        organizations[slug] = Organization(slug, name, tuple(org_talks))
    organizations = dict(sorted(organizations.items(), key=lambda kv: kv[1].name.casefold()))

    return Groups(
        themes={t.id: t for t in corpus.themes},
        conferences=conferences,
        talks_by_theme={k: tuple(v) for k, v in by_theme.items()},
        talks_by_conference={k: tuple(v) for k, v in by_conference.items()},
        organizations=organizations,
        organization_slug=slug_of,
        related=related_talks(talks, by_conference),
    )


def related_talks(talks: list[Talk],
                  by_conference: dict[str, list[Talk]]) -> dict[str, tuple[Talk, ...]]:
    """Up to RELATED_LIMIT talks per talk, by weighted shared tags, organisations and themes.

    Candidates come from the posting lists of the talk's tags and organisations and from its
    own conference; ties are broken by title, then by key, so the result is deterministic.
    """
    postings: dict[tuple[str, str], list[Talk]] = defaultdict(list)
    for talk in talks:
        for tag in talk.tags:
            postings[("tags", tag.casefold())].append(talk)
        for org in talk.organizations:
            postings[("organizations", organization_slug(org))].append(talk)

    related = {}
    for talk in talks:
        features = {
            "tags": {t.casefold() for t in talk.tags},
            "organizations": {organization_slug(o) for o in talk.organizations},
            "themes": set(talk.themes),
        }
        candidates: dict[str, Talk] = {}
        for kind in ("tags", "organizations"):
            for value in features[kind]:
                posting = postings[(kind, value)]
                for other in posting[:_POSTING_CAP]:
                    candidates[other.key] = other
        for other in by_conference[talk.conference_id][:_POSTING_CAP]:
            if features["themes"] & set(other.themes):
                candidates[other.key] = other
        candidates.pop(talk.key, None)

        def score(other: Talk, features: dict[str, set[str]] = features) -> int:
            return (
                WEIGHTS["tags"] * len(features["tags"] & {t.casefold() for t in other.tags})
                + WEIGHTS["organizations"] * len(
                    features["organizations"] & {organization_slug(o)
                                                 for o in other.organizations})
                + WEIGHTS["themes"] * len(features["themes"] & set(other.themes))
            )

        scored = [(score(o), o) for o in candidates.values()]
        scored = [(s, o) for s, o in scored if s > 0]
        scored.sort(key=lambda so: (-so[0], so[1].title.casefold(), so[1].key))
        related[talk.key] = tuple(o for _, o in scored[:RELATED_LIMIT])
    return related
