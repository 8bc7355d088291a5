"""Explore: every talk in one table to filter and sort, its first rows in HTML and every talk in
a script (explore/data.js)."""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Callable

from build_notes import markup
from build_notes.content.model import Talk
from build_notes.site.pieces import EXPLORE_ROWS, Pieces, date_range, stars
from build_notes.site.urls import (
    CONFERENCES,
    EXPLORE,
    EXPLORE_DATA,
    HOME,
    THEMES,
    conference_uri,
    link,
    name_uri,
    page_url,
    talk_uri,
    theme_uri,
)
from build_notes.text import front_matter, plural


class ExplorePages:
    """The Explore table: its first rows in HTML, every talk in a compact data file."""

    def __init__(self, pieces: Pieces):
        self.p = pieces

    @functools.cached_property
    def explore_order(self) -> list[Talk]:
        """Newest conference first; within one, dated talks by day, then the undated ones."""
        conferences = self.p.groups.conferences
        return sorted(self.p.corpus.talks, key=lambda t: (
            -conferences[t.conference_id].start.toordinal(), t.date is None,
            t.date.toordinal() if t.date else 0, t.title.casefold(), t.key))

    def explore(self) -> str:
        """The first EXPLORE_ROWS talks as a table, for readers without JavaScript;
        assets/talk-notes/explore.js loads EXPLORE_DATA (the table's data-script) and shows
        every talk, with filters, a text filter, sorting and pages, and keeps that state in
        the URL."""
        talks = self.explore_order
        url = self.p.url_from(EXPLORE)
        lines = [front_matter(search={"exclude": "true"}, hide="[navigation, toc]"),
                 "# Explore", "",
                 "Every talk in one table. Filter by theme, conference, format"
                 + (" and organization" if "Organizations" in self.explore_columns else "")
                 + " or by any word of a title, speaker, organization or tag, and sort "
                 "by any column; the address of the page keeps the filters, so a filtered view "
                 "can be shared.", "",
                 f'<div class="{markup.EXPLORE}" data-root="{html.escape(url(HOME))}" '
                 f'data-script="{html.escape(url(EXPLORE_DATA))}" '
                 f'data-total="{len(talks)}" markdown>', ""]
        if len(talks) > EXPLORE_ROWS:
            lines += [f"The first {EXPLORE_ROWS} of {plural(len(talks), 'talk')}, newest "
                      "conference first; the [themes]("
                      f"{link(EXPLORE, THEMES)}) and [conferences]({link(EXPLORE, CONFERENCES)}) "
                      "list every talk.", f"{{: .{markup.NOSCRIPT_NOTE} }}", ""]
        columns = self.explore_columns
        lines += ["| " + " | ".join(columns) + " |", "| " + " | ".join("---" for _ in columns)
                  + " |"]
        cell: dict[str, Callable[[Talk], str]] = {
            "Title": lambda t: self.p.talk_link(EXPLORE, t),
            "Conference": lambda t: self.p.conference_link(EXPLORE, t.conference_id),
            "Date": lambda t: self.p.when(t, in_table=True),
            "Format": lambda t: self.p.formats[t.format],
            "Themes": lambda t: self.p.theme_links(EXPLORE, t.themes),
            "Organizations": lambda t: self.p.name_links(EXPLORE, "organizations",
                                                       t.organizations),
            "Rating": lambda t: stars(t.rating) if t.rating else "",
        }
        lines += ["| " + " | ".join(cell[c](talk) for c in columns) + " |"
                  for talk in talks[:EXPLORE_ROWS]]
        lines += ["", "</div>"]
        return "\n".join(lines) + "\n"

    @functools.cached_property
    def explore_columns(self) -> list[str]:
        """The Explore table's columns (explore.js reads them from its header): those of
        organisations and ratings only when some talk has one."""
        talks = self.p.corpus.talks
        return ["Title", "Conference", "Date", "Format", "Themes",
                *(["Organizations"] if any(t.organizations for t in talks) else []),
                *(["Rating"] if any(t.rating for t in talks) else [])]

    def explore_data(self) -> str:
        """Every talk for the Explore page, as compact JSON in a script.

        A script, not a .json file: a page opened from file:// may load scripts but not
        fetch files. Names are given once and referred to by position; URLs are relative to
        the site's root (the page's data-root says where that is).
        """
        g = self.p.groups
        root = functools.partial(page_url, directory_urls=self.p.options.directory_urls)
        themes, conferences, orgs, formats = (
            {key: i for i, key in enumerate(keys)}
            for keys in (g.themes, g.conferences, g.organizations, self.p.formats))
        data = {
            "themes": [[t.id, t.name, root(theme_uri(t.id))] for t in g.themes.values()],
            "conferences": [[c.id, c.name, root(conference_uri(c.id)),
                             date_range(c.start, c.end), c.start.isoformat()]
                            for c in g.conferences.values()],
            "formats": [[f, label] for f, label in self.p.formats.items()],
            "organizations": [[o.slug, o.name, root(name_uri("organizations", o.slug))]
                              for o in g.organizations.values()],
            # url, title, conference, date, format, themes, organizations, rating, words
            "talks": [[root(talk_uri(t)), t.title, conferences[t.conference_id],
                       t.date.isoformat() if t.date else "", formats[t.format],
                       [themes[x] for x in t.themes],
                       list(dict.fromkeys(orgs[g.slug("organizations", o)]
                                          for o in t.organizations)),
                       t.rating or 0, " ".join([*t.speakers, *t.tags])]
                      for t in self.explore_order],
        }
        return ("/* talk-notes: every talk, for the Explore page (explore.js). */\n"
                "window.tnExplore = " + json.dumps(data, ensure_ascii=False,
                                                   separators=(",", ":")) + ";\n")
