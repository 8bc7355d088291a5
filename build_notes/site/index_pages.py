"""The site's front doors: home, the themes and conferences indexes, the search page, and the
404 page's body."""

from __future__ import annotations

import functools
import html

from build_notes import markup
from build_notes.search.page_text import FILTERS, filter_values, search_labels
from build_notes.site.feed import FEED
from build_notes.site.group import Groups
from build_notes.site.pieces import (
    HOME_CONFERENCES,
    HOME_TOP_RATED,
    HOME_TOP_RATING,
    Pieces,
    date_range,
    stars,
)
from build_notes.site.urls import (
    CONFERENCES,
    EXPLORE,
    HOME,
    NAME_WORDS,
    SEARCH,
    THEMES,
    link,
    name_index_uri,
    page_url,
    theme_uri,
)
from build_notes.text import escape_md, front_matter, plural


class IndexPages:
    """The home page, the themes and conferences indexes, the search page."""

    def __init__(self, pieces: Pieces):
        self.p = pieces

    def home(self) -> str:
        g = self.p.groups
        counts = [(len(self.p.corpus.talks), "talk", "talks", EXPLORE),
                  (len(g.conferences), "conference", "conferences", CONFERENCES),
                  (len(g.themes), "theme", "themes", THEMES)]
        counts += [(len(self.p.named(kind)), one, many, name_index_uri(kind))
                   for kind, (one, many, _, _) in NAME_WORDS.items() if self.p.named(kind)]
        lines = [self.p.options.home_intro.strip(), "",
                 f'<div class="{markup.COUNTS}" markdown>', ""]
        for n, one, many, to in counts:  # a paragraph each: each is a card of the grid
            card = f"**{n:,}** {one if n == 1 else many}"
            lines += [f"[{card}]({link(HOME, to)}){{: .{markup.COUNT} }}", ""]
        lines += ["", "</div>", "", "## Themes", ""]
        lines += [f"- [{escape_md(t.name)}]({link(HOME, theme_uri(t.id))}) "
                  f"({len(g.talks_by_theme[t.id]):,}): {escape_md(t.description)}"
                  for t in g.themes.values() if g.talks_by_theme[t.id]]
        lines += ["", "## Conferences", ""]
        newest = list(g.conferences.values())[:HOME_CONFERENCES]
        if len(g.conferences) > len(newest):
            lines += [f"The newest {len(newest)}; [all {len(g.conferences):,} conferences]"
                      f"({link(HOME, CONFERENCES)}).", ""]
        lines += [f"- {self.p.conference_link(HOME, c.id)}: "
                  + " · ".join(x for x in [escape_md(c.location or ""),
                                           date_range(c.start, c.end),
                                           plural(len(g.talks_by_conference[c.id]), "talk")] if x)
                  for c in newest]
        lines += ["", f"New and changed notes, newest first: [the Atom feed]({FEED}).", ""]
        rated = sorted((t for t in self.p.corpus.talks if (t.rating or 0) >= HOME_TOP_RATING),
                       key=lambda t: (-(t.rating or 0), -g.conferences[t.conference_id]
                                      .start.toordinal(), t.title.casefold(), t.key))
        if rated:
            lines += ["", "## Highest-rated talks", "",
                      f"Rated {HOME_TOP_RATING} or 5 out of 5 by the note-taker"
                      + (f"; the first {HOME_TOP_RATED} of {len(rated):,}."
                         if len(rated) > HOME_TOP_RATED else "."), ""]
            lines += [f"- {stars(t.rating or 0)} {self.p.talk_link(HOME, t)}"
                      + (f' <span class="{markup.DETAILS}">'
                         f"{self.p.conference_link(HOME, t.conference_id)}</span>"
                         if self.p.several_conferences else "")
                      for t in rated[:HOME_TOP_RATED]]
        return "\n".join(lines) + "\n"

    def themes_index(self) -> str:
        lines = [front_matter(), "# Themes", "",
                 "Every talk belongs to one or more themes.", ""]
        for theme in self.p.groups.themes.values():
            count = len(self.p.groups.talks_by_theme[theme.id])
            lines += [f"- [{escape_md(theme.name)}]({link(THEMES, theme_uri(theme.id))}) "
                      f'<span class="{markup.DETAILS}">{plural(count, "talk")}</span>', "",
                      f"    {escape_md(theme.description)}", ""]
        return "\n".join(lines) + "\n"

    def conferences_index(self) -> str:
        lines = [front_matter(), "# Conferences", ""]
        lines += ["| Conference | Where | When | Talks |", "| --- | --- | --- | ---: |"]
        for c in self.p.groups.conferences.values():
            lines.append(f"| {self.p.conference_link(CONFERENCES, c.id)} "
                         f"| {escape_md(c.location or '')} | {date_range(c.start, c.end)} "
                         f"| {len(self.p.groups.talks_by_conference[c.id]):,} |")
        return "\n".join(lines) + "\n"

    @functools.cached_property
    def filters_used(self) -> list[str]:
        used = {kind for t in self.p.corpus.talks for kind, v in filter_values(t).items() if v}
        return [kind for kind in FILTERS if kind in used]

    def search_page(self) -> str:
        """The results page of the site's one search (assets/talk-notes/search.js).

        The query and filters live in the URL (/search/?q=kvm&theme=nfv); the script reads
        the search's index built after the site (search_index.py), piece by piece, only
        when someone searches.
        """
        return "\n".join([
            front_matter("Search", hide="[navigation, toc]"),
            "# Search", "",
            # The filters some talk has a value of: search.js offers no other.
            f'<div class="{markup.SEARCH_PAGE}" '
            f'data-tn-search-page="{" ".join(self.filters_used)}">',
            search_labels(self.p.groups, self.p.formats), "</div>", "",
            "<noscript>This search needs JavaScript; the themes, conferences and the explore "
            "table list every talk without it.</noscript>", ""])


def not_found_html(groups: Groups, base_url: str, *, directory_urls: bool = True,
                   search: bool = False) -> str:
    """The 404 page's body: a way home, a search box and the themes. Links start from
    `base_url` (MkDocs gives error pages the site's path, since they are served at any
    depth)."""
    base = base_url.rstrip("/") + "/"

    def href(uri: str) -> str:
        return html.escape(base + page_url(uri, directory_urls))

    themes = "".join(f'<li><a href="{href(theme_uri(t.id))}">{html.escape(t.name)}</a></li>'
                     for t in groups.themes.values())
    # To the search page, which reads `?q=`; a site without one offers no box that would
    # lead nowhere.
    box = (f'<form class="{markup.NOT_FOUND_SEARCH}" role="search" action="{href(SEARCH)}" '
           'method="get"><label for="tn-notfound-q">Search the notes</label> '
           '<input id="tn-notfound-q" name="q" type="search"> '
           '<button type="submit">Search</button></form>') if search else ""
    return (f'<h1>Page not found</h1><p>There is no page at this address; it may have moved. '
            f'Go to the <a href="{href(HOME)}">home page</a>, '
            f'<a href="{href(EXPLORE)}">explore every talk</a>, or pick a theme.</p>{box}'
            f'<h2>Themes</h2><ul class="{markup.NOT_FOUND_THEMES}">{themes}</ul>')
