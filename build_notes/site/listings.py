"""Pages that list talks: a theme's and a name's (paged), a conference's, the indexes of names
and the compact index of tags."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from build_notes import markup
from build_notes.content.model import Conference, Talk
from build_notes.content.schema import load_schema
from build_notes.site.group import NameGroup
from build_notes.site.pieces import (
    NAMES_PER_PAGE,
    TAGS_PER_PAGE,
    Pieces,
    date_range,
    facts_line,
    pager,
    paginate,
)
from build_notes.site.talk_page import extra_meta
from build_notes.site.urls import (
    NAME_WORDS,
    conference_uri,
    link,
    name_index_uri,
    name_uri,
    theme_uri,
)
from build_notes.text import day, escape_md, escape_url, front_matter, plural


class ListingPages:
    """Pages that list talks: a theme's, a name's (paged), a conference's, the name indexes."""

    def __init__(self, pieces: Pieces):
        self.p = pieces

    def paged_listing(self, talks: Sequence[Talk], uri: Callable[[int], str], *, title: str,
                      intro: str) -> dict[str, str]:
        pages = {}
        for page in paginate(talks, self.p.options.page_size, uri):
            lines = [front_matter(title),
                     f"# {page.heading(escape_md(title))}", "", intro, "",
                     f"{plural(len(talks), 'talk')}."]
            lines += self.p.listing(page.uri, page.items)
            lines += pager(page, uri)
            pages[page.uri] = "\n".join(lines) + "\n"
        return pages

    def names_index(self, kind: str, shown_talks: int = 5) -> dict[str, str]:
        """Organisations, speakers or tags with their first talks, NAMES_PER_PAGE to a page."""
        one, many, title, _ = NAME_WORDS[kind]
        named = list(self.p.named(kind).values())
        uri = functools.partial(name_index_uri, kind)
        pages = {}
        for page in paginate(named, NAMES_PER_PAGE, uri):
            total = f"{plural(len(named), one, many)} in these notes."
            lines = [front_matter(), f"# {page.heading(title)}", "", total,
                     ""]
            for group in page.items:
                here_link = link(page.uri, name_uri(kind, group.slug))
                lines += ["", f"## [{escape_md(group.name)}]({here_link})", "",
                          *facts_line(plural(len(group.talks), 'talk')), ""]
                lines += [f"- {self.p.talk_link(page.uri, t)}" for t in group.talks[:shown_talks]]
                if len(group.talks) > shown_talks:
                    lines.append(f"- [and {len(group.talks) - shown_talks:,} more]({here_link})")
            lines += pager(page, uri)
            pages[page.uri] = "\n".join(lines) + "\n"
        return pages

    def tags_index(self) -> dict[str, str]:
        """Every tag with its count, as a compact list under a heading per first letter, and
        a bar of the letters; TAGS_PER_PAGE to a page (a tag's page lists its talks)."""
        tags = list(self.p.named("tags").values())
        uri = functools.partial(name_index_uri, "tags")
        pages = paginate(tags, TAGS_PER_PAGE, uri)

        def letter(name: str) -> str:
            first = name[:1].upper()
            return first if first.isalpha() and first.isascii() else "#"

        starts: dict[str, int] = {}  # letter -> the page where its tags start
        for page in pages:
            for group in page.items:
                starts.setdefault(letter(group.name), page.number)
        out = {}
        for page in pages:
            bar = " ".join(
                f"[{x}]({link(page.uri, uri(n)) if n != page.number else ''}#letter-"
                f"{'other' if x == '#' else x.lower()})"
                for x, n in starts.items())
            lines = [front_matter(), f"# {page.heading('Tags')}", "",
                     f"{plural(len(tags), 'tag')} in these notes; the number of talks beside "
                     "each.", "",
                     f'<nav class="{markup.LETTERS}" aria-label="Tags by letter" markdown>',
                     "", bar, "", "</nav>"]
            by_letter: dict[str, list[NameGroup]] = {}
            for group in page.items:
                by_letter.setdefault(letter(group.name), []).append(group)
            for first, groups in by_letter.items():
                anchor = "other" if first == "#" else first.lower()
                title = "Digits and symbols" if first == "#" else first
                lines += ["", f"## {title} {{: #letter-{anchor} }}", "",
                          f'<div class="{markup.INDEX}" markdown>', ""]
                lines += [f"- [{escape_md(g.name)}]({link(page.uri, name_uri('tags', g.slug))})"
                          f" ({len(g.talks):,})" for g in groups]
                lines += ["", "</div>"]
            lines += pager(page, uri)
            out[page.uri] = "\n".join(lines) + "\n"
        return out

    def conference(self, conference: Conference) -> str:
        """The conference's facts and overview, then its talks, each once, in the order of
        its schedule (group.talk_order): under a heading per day when talks are dated, each
        row with its themes; a line of its themes links to their pages."""
        here = conference_uri(conference.id)
        talks = self.p.groups.talks_by_conference[conference.id]
        facts = [date_range(conference.start, conference.end)]
        if conference.location:
            facts.insert(0, escape_md(conference.location))
        if conference.url:
            facts.append(f"[Conference site]({escape_url(conference.url)})")
        facts += extra_meta(conference.extra, load_schema().conference)
        facts.append(plural(len(talks), "talk"))
        lines = [front_matter(conference.name),
                 f"# {escape_md(conference.name)}", "",
                 *facts_line(" · ".join(facts)), "",
                 conference.overview.strip(), ""]
        by_theme = {t: sum(t in talk.themes for talk in talks) for t in self.p.groups.themes}
        themes = [f"[{escape_md(self.p.groups.themes[t].name)}]({link(here, theme_uri(t))}) ({n:,})"
                  for t, n in by_theme.items() if n]
        if themes:
            lines += ["**Themes:** " + " · ".join(themes), ""]
        dated = any(t.date for t in talks)
        lines += ["## Schedule" if dated else "## Talks", ""]
        current: object = None
        for talk in talks:
            if dated and talk.date != current:
                current = talk.date
                heading = f"{talk.date:%A} {day(talk.date)}" if talk.date else \
                    "Day not recorded"
                lines += ["", f"### {heading}", ""]
            lines.append(self.p.listing_item(here, talk, themes=True))
        return "\n".join(lines) + "\n"
