"""After a save that changed only a talk's notes (or its rating, format, links): the pages that
change, not the whole site.

While writing, a note-taker saves one talk file again and again, changing its notes and
nothing above them. Rendering the site again for that takes seconds at 1,000 talks and
a minute at 20,000 (load, validate, group and render every talk: README, Performance). What
a talk's notes show on other pages is known, so `revise` renders only those:

- the talk's own page;
- the listings that show its excerpt (its conference's, its themes', its names' pages),
  where the excerpt changed;
- the feed, which puts the talk changed last first;
- the pages of the talks whose related talks changed (related.RelatedIndex.revise places
  again only those the talk's new words can move).

A change to the front matter's values that only show where the talk is shown (its rating,
format, video, slides, duration) is a revision too: its listings and the pages about the
whole site (home, Explore, the statistics...) are rendered again as well. A change to
anything else (its title, themes, names, date; another file; themes.yml) is not a
revision: `revise` says so (None) and the caller renders everything.
tests/site/test_revise.py checks that the pages `revise` gives are those a full render of the
same talks gives.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from build_notes.content.model import Corpus, Talk
from build_notes.markdown.blocks import excerpt
from build_notes.site.feed import NoteTime
from build_notes.site.group import Groups, NameGroup
from build_notes.site.pages import Renderer
from build_notes.site.pieces import RenderOptions

# What a talk file sets that shows where the talk is shown and moves it nowhere: no list it
# is in, no order, no related talk changes with them.
SHOWN_ONLY = frozenset({"rating", "format", "video", "slides", "duration"})


@dataclass(frozen=True)
class Rendered:
    """A site as rendered: its talks, their groups, the options and every page."""

    corpus: Corpus
    groups: Groups
    options: RenderOptions
    pages: dict[str, str]


def revise(site: Rendered, talk: Talk, note_time: NoteTime | None = None
           ) -> tuple[Rendered, dict[str, str]] | None:
    """(the site with `talk`'s new notes and SHOWN_ONLY values, {src_uri: Markdown} of the
    pages that changed), or None when `talk` differs from the site's in more than these
    (render it all then).
    `note_time`: when the talk's file changed, for the feed (None: the site has no times).

    `site` is spent either way (its related-talks index is updated in place)."""
    index = site.groups.related_index
    old = index.talks[index.index[talk.key]] if index and talk.key in index.index else None
    if index is None or old is None:
        return None
    fields = {f.name for f in dataclasses.fields(Talk)
              if getattr(talk, f.name) != getattr(old, f.name)}
    if fields - SHOWN_ONLY - {"body", "body_line"}:  # the notes, and the line they start on
        return None
    if talk == old:
        return site, {}
    moved = index.revise(talk)
    if moved is None:
        return None
    corpus = dataclasses.replace(
        site.corpus, talks=tuple(talk if t.key == talk.key else t for t in site.corpus.talks))
    groups = _with_talk(site.groups, old, talk)
    options = site.options
    if options.note_times is not None and note_time is not None:
        options = dataclasses.replace(options,
                                      note_times={**options.note_times, talk.key: note_time})
    renderer = Renderer(corpus, groups, options)
    others = [index.talks[index.index[key]] for key in sorted(moved - {talk.key})]
    # The listings show a talk's notes only as its excerpt.
    shown = bool(fields & SHOWN_ONLY)
    rendered = renderer.notes_pages(
        talk, others, listings=shown or excerpt(old.body) != excerpt(talk.body), site=shown)
    changed = {uri: markdown for uri, markdown in rendered.items()
               if site.pages.get(uri) != markdown}
    return Rendered(corpus, groups, options, {**site.pages, **changed}), changed


def _with_talk(groups: Groups, old: Talk, new: Talk) -> Groups:
    """`groups` with the `new` record of a talk in place of its `old` one (the same but for
    the notes: the lists it is in are the same)."""
    def swap(talks: tuple[Talk, ...]) -> tuple[Talk, ...]:
        return tuple(new if t is old else t for t in talks)

    def swap_named(named: dict[str, NameGroup], kind: str) -> dict[str, NameGroup]:
        slugs = {groups.slug(kind, name) for name in getattr(old, kind)}
        return {slug: dataclasses.replace(g, talks=swap(g.talks)) if slug in slugs else g
                for slug, g in named.items()}

    return dataclasses.replace(
        groups,
        talks_by_theme={k: swap(v) if k in old.themes else v
                        for k, v in groups.talks_by_theme.items()},
        talks_by_conference={**groups.talks_by_conference, old.conference_id: swap(
            groups.talks_by_conference[old.conference_id])},
        organizations=swap_named(groups.organizations, "organizations"),
        speakers=swap_named(groups.speakers, "speakers"),
        tags=swap_named(groups.tags, "tags"),
        related=dict(groups.related_index.related) if groups.related_index else groups.related)
