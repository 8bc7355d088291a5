"""Grouping: the corpus -> indexes by theme, conference, organisation, speaker and tag.

Every index is built in one pass over the talks; related talks (build_notes.site.related) use
inverted indexes, so the cost stays linear in the number of talks.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from build_notes.content.model import Conference, Corpus, Talk, Theme
from build_notes.site.related import Related, RelatedIndex
from build_notes.text import slugify


@dataclass(frozen=True)
class NameGroup:
    """The talks under one name: an organisation, a speaker or a tag, with its page's slug."""

    slug: str
    name: str  # the spelling most talks use
    talks: tuple[Talk, ...]


@dataclass(frozen=True)
class Groups:
    themes: dict[str, Theme]  # in themes.yml order
    conferences: dict[str, Conference]  # newest first
    talks_by_theme: dict[str, tuple[Talk, ...]]  # every theme, possibly empty
    talks_by_conference: dict[str, tuple[Talk, ...]]
    organizations: dict[str, NameGroup]  # slug -> organisation, by name
    speakers: dict[str, NameGroup]  # slug -> speaker, by name
    tags: dict[str, NameGroup]  # slug -> tag, by name
    slugs: dict[str, dict[str, str]]  # "organizations"/"speakers"/"tags" -> name as written -> slug
    related: dict[str, tuple[Related, ...]]  # talk key -> up to RELATED_LIMIT talks
    # What `related` was worked out from: revise.py places talks again after a save.
    related_index: RelatedIndex | None = field(default=None, compare=False, repr=False)

    def slug(self, kind: str, name: str) -> str:
        """The page slug of a name as a talk file writes it (kind: a NAME_KINDS key)."""
        return self.slugs[kind][name]


# Names that index pages use beside the names' own pages (`organizations/page/2.md`).
_RESERVED_SLUGS = frozenset({"index", "page"})


def name_slug(name: str, prefix: str) -> str:
    """A URL-safe id for a name: its slug, with a stable hash added where the slug is empty
    (no ASCII letters), too long for a file name, or a name the index pages use."""
    slug = slugify(name)
    if slug and len(slug) <= 80 and slug not in _RESERVED_SLUGS:
        return slug
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    return f"{slug[:60]}-{digest}" if slug else f"{prefix}-{digest}"


# The names a talk lists, by kind, with the prefix of a slug made from no ASCII letter.
NAME_KINDS: dict[str, str] = {"organizations": "org", "speakers": "speaker", "tags": "tag"}


def talk_order(conferences: dict[str, Conference]
               ) -> Callable[[Talk], tuple[int, bool, int, str, str]]:
    """Sort key: newest conference first; within one, its schedule: the dated talks by day,
    then those whose day is not recorded; then by title."""

    def key(talk: Talk) -> tuple[int, bool, int, str, str]:
        conference = conferences[talk.conference_id]
        return (-conference.start.toordinal(), talk.date is None,
                talk.date.toordinal() if talk.date else 0, talk.title.casefold(), talk.key)

    return key


def group(corpus: Corpus) -> Groups:
    conferences = {c.id: c for c in corpus.conferences}
    order = talk_order(conferences)
    talks = sorted(corpus.talks, key=order)

    by_theme: dict[str, list[Talk]] = {t.id: [] for t in corpus.themes}
    by_conference: dict[str, list[Talk]] = {c: [] for c in conferences}
    for talk in talks:
        by_conference[talk.conference_id].append(talk)
        for theme in talk.themes:
            by_theme[theme].append(talk)
    named = {kind: _by_name(talks, kind, prefix) for kind, prefix in NAME_KINDS.items()}
    themes = {t.id: t for t in corpus.themes}
    related = RelatedIndex(talks, by_conference, themes)
    return Groups(
        themes=themes,
        conferences=conferences,
        talks_by_theme={k: tuple(v) for k, v in by_theme.items()},
        talks_by_conference={k: tuple(v) for k, v in by_conference.items()},
        organizations=named["organizations"][0],
        speakers=named["speakers"][0],
        tags=named["tags"][0],
        slugs={kind: slugs for kind, (_, slugs) in named.items()},
        related=related.related,
        related_index=related,
    )


def _by_name(talks: list[Talk], kind: str,
             prefix: str) -> tuple[dict[str, NameGroup], dict[str, str]]:
    """({slug: group} sorted by name, {name as written: slug}) of one kind of name.

    Spellings that slug alike ("Red Hat", "red hat") are one group, named by the spelling most
    talks use (ties: the first alphabetically).
    """
    by_slug: dict[str, list[Talk]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    slug_of: dict[str, str] = {}
    for talk in talks:
        names: tuple[str, ...] = getattr(talk, kind)
        for name in names:
            if name not in slug_of:
                slug_of[name] = name_slug(name, prefix)
        for slug in dict.fromkeys(slug_of[n] for n in names):
            by_slug[slug].append(talk)
        for name in names:
            spellings[slug_of[name]][name] += 1
    groups = [NameGroup(slug, min(spellings[slug].items(), key=lambda kv: (-kv[1], kv[0]))[0],
                        tuple(members)) for slug, members in by_slug.items()]
    groups.sort(key=lambda g: (g.name.casefold(), g.slug))
    return {g.slug: g for g in groups}, slug_of
