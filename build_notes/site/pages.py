"""Rendering: corpus + groups -> generated Markdown pages, as `{src_uri: markdown}`.

Every value that comes from front matter passes through `escape_md` (text) or `escape_url`
(links) before it lands in a page, so a title like `A | B <script>…</script> *x*` shows
literally. The notes themselves are the author's Markdown and are kept as Markdown, with
two additions: timestamps become links into the video, and the opinion admonition gets its
title. Links between pages are relative `.md` paths, so MkDocs checks and rewrites them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from build_notes.content.model import Corpus
from build_notes.site.explore import ExplorePages
from build_notes.site.feed import FEED, render_feed
from build_notes.site.group import Groups
from build_notes.site.index_pages import IndexPages
from build_notes.site.listings import ListingPages
from build_notes.site.pieces import Pieces, RenderOptions
from build_notes.site.stats import STATS, render_stats
from build_notes.site.talk_page import TalkPages
from build_notes.site.urls import (
    CONFERENCES,
    EXPLORE,
    EXPLORE_DATA,
    HOME,
    INDEX_PAGES,
    NAME_WORDS,
    SEARCH,
    THEMES,
    conference_uri,
    name_uri,
    page_url,
    talk_uri,
    theme_uri,
)
from build_notes.text import escape_md


class _Renderer:
    """Every page kind together: `pages()` is the whole site's generated Markdown."""

    def __init__(self, corpus: Corpus, groups: Groups, options: RenderOptions):
        self.p = Pieces(corpus, groups, options)
        self.talks = TalkPages(self.p)
        self.listings = ListingPages(self.p)
        self.indexes = IndexPages(self.p)
        self.explore = ExplorePages(self.p)

    def pages(self) -> dict[str, str]:
        g = self.p.groups
        pages = {HOME: self.indexes.home(), THEMES: self.indexes.themes_index(),
                 CONFERENCES: self.indexes.conferences_index()}
        for talk in self.p.corpus.talks:
            pages[talk_uri(talk)] = self.talks.talk(talk)
        for theme in g.themes.values():
            pages.update(self.listings.paged_listing(
                g.talks_by_theme[theme.id], functools.partial(theme_uri, theme.id),
                title=theme.name, intro=escape_md(theme.description)))
        for conference in g.conferences.values():
            pages[conference_uri(conference.id)] = self.listings.conference(conference)
        for kind, (_, _, _, intro) in NAME_WORDS.items():
            if self.p.named(kind):  # no index of names no talk gives (no tab leads there)
                pages.update(self.listings.tags_index() if kind == "tags"
                             else self.listings.names_index(kind))
            for named in self.p.named(kind).values():
                pages.update(self.listings.paged_listing(
                    named.talks, functools.partial(name_uri, kind, named.slug),
                    title=named.name, intro=intro.format(escape_md(named.name))))
        pages[EXPLORE] = self.explore.explore()
        pages[EXPLORE_DATA] = self.explore.explore_data()
        if self.p.options.search:
            pages[SEARCH] = self.indexes.search_page()
        pages[STATS] = render_stats(self.p.corpus, g, self.p.stats_link)
        pages[FEED] = render_feed(
            self.p.corpus, g, title=self.p.options.site_name,
            site_url=self.p.options.site_url,
            url_of=lambda t: page_url(talk_uri(t), self.p.options.directory_urls),
            times=self.p.options.note_times)
        return pages


def nav_without_missing(nav: list[object], pages: Iterable[str]) -> list[object]:
    """mkdocs.yml's `nav` without the index pages this site has not generated (the
    organisations of a site whose notes name none): no tab leads to an empty room.

    Entries are as MkDocs reads them: a path, {title: path} or {title: [entries]}.
    """
    missing = INDEX_PAGES - set(pages)

    def keep(entry: object) -> object | None:
        if isinstance(entry, str):
            return None if entry in missing else entry
        if isinstance(entry, dict) and len(entry) == 1:
            (title, value), = entry.items()
            if isinstance(value, list):
                inner = nav_without_missing(value, pages)
                return {title: inner} if inner else None
            return None if value in missing else entry
        return entry

    kept = (keep(entry) for entry in nav)
    return [entry for entry in kept if entry is not None]


def render(corpus: Corpus, groups: Groups, options: RenderOptions | None = None) -> dict[str, str]:
    """Every generated page of the site, keyed by its path relative to the docs folder."""
    return _Renderer(corpus, groups, options or RenderOptions()).pages()
