"""Grouping: the corpus -> indexes by theme, conference and organisation, and related talks.

Every index is built in one pass over the talks; related talks use inverted indexes over
tags and organisations (plus the talk's own conference), so the cost stays linear in the
number of talks instead of comparing every pair.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from build_notes.model import Conference, Corpus, Talk, Theme
from build_notes.text import slugify

RELATED_LIMIT = 5
# A tag or organisation shared by more talks than this says little about relatedness, and
# scanning its whole posting list for every talk would make the cost quadratic.
_POSTING_CAP = 100
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
    is empty (no ASCII letters), too long for a file name, or a name the index pages use."""
    slug = slugify(name)
    if slug and len(slug) <= 80 and slug not in ("index", "page"):  # names of index pages
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

    Scores are summed while walking the posting lists of the talk's tags and organisations
    (those of more than _POSTING_CAP talks are skipped) and its own conference's talks, so
    the work per talk is bounded, whatever the size of the site. Ties go by title, then by
    key: deterministic.
    """
    index = {talk.key: i for i, talk in enumerate(talks)}
    themes = [frozenset(t.themes) for t in talks]
    order = [(t.title.casefold(), t.key) for t in talks]  # the tie-breaker
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    features: list[list[tuple[str, str]]] = []
    for i, talk in enumerate(talks):
        mine = [("tags", t) for t in {t.casefold() for t in talk.tags}]
        mine += [("organizations", o) for o in {organization_slug(o) for o in talk.organizations}]
        features.append(mine)
        for feature in mine:
            postings[feature].append(i)
    conference_members = {c: [index[t.key] for t in members[:_POSTING_CAP]]
                          for c, members in by_conference.items()}

    related = {}
    for i, talk in enumerate(talks):
        scores: dict[int, int] = defaultdict(int)
        for feature in features[i]:
            posting = postings[feature]
            if len(posting) > _POSTING_CAP:
                continue  # shared by too many talks to say they are related
            weight = WEIGHTS[feature[0]]
            for j in posting:
                scores[j] += weight
        for j in conference_members[talk.conference_id]:
            scores.setdefault(j, 0)  # a candidate through its conference; themes decide
        scores.pop(i, None)
        mine_themes = themes[i]
        ranked = []
        for j, score in scores.items():
            score += WEIGHTS["themes"] * len(mine_themes & themes[j])
            if score > 0:
                ranked.append((-score, order[j], j))
        best = heapq.nsmallest(RELATED_LIMIT, ranked)
        related[talk.key] = tuple(talks[j] for _, _, j in best)
    return related
