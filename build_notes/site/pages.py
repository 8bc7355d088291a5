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

from build_notes.content.model import Corpus, Talk
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


class Renderer:
    """Every page kind together: `pages()` is the whole site's generated Markdown."""

    def __init__(self, corpus: Corpus, groups: Groups, options: RenderOptions):
        self.p = Pieces(corpus, groups, options)
        self.talks = TalkPages(self.p)
        self.listings = ListingPages(self.p)
        self.indexes = IndexPages(self.p)
        self.explore = ExplorePages(self.p)

    def pages(self) -> dict[str, str]:
        g = self.p.groups
        site = self.site_pages()
        pages = {uri: site.pop(uri) for uri in (HOME, THEMES, CONFERENCES)}
        for talk in self.p.corpus.talks:
            pages[talk_uri(talk)] = self.talks.talk(talk)
        for theme in g.themes.values():
            pages.update(self.theme_listing(theme.id))
        for conference in g.conferences.values():
            pages[conference_uri(conference.id)] = self.listings.conference(conference)
        for kind in NAME_WORDS:
            if self.p.named(kind):  # no index of names no talk gives (no tab leads there)
                pages.update(self.listings.tags_index() if kind == "tags"
                             else self.listings.names_index(kind))
            for slug in self.p.named(kind):
                pages.update(self.named_listing(kind, slug))
        pages.update(site)
        return pages

    def site_pages(self) -> dict[str, str]:
        """The pages about the whole site: home, the indexes of themes and conferences,
        Explore and its data, the search page, the statistics and the feed."""
        pages = {HOME: self.indexes.home(), THEMES: self.indexes.themes_index(),
                 CONFERENCES: self.indexes.conferences_index(),
                 EXPLORE: self.explore.explore(), EXPLORE_DATA: self.explore.explore_data()}
        if self.p.options.search:
            pages[SEARCH] = self.indexes.search_page()
        pages[STATS] = render_stats(self.p.corpus, self.p.groups, self.p.stats_link)
        pages[FEED] = self.feed()
        return pages

    def theme_listing(self, theme_id: str) -> dict[str, str]:
        """A theme's listing, in as many pages as it takes."""
        theme = self.p.groups.themes[theme_id]
        return self.listings.paged_listing(
            self.p.groups.talks_by_theme[theme_id], functools.partial(theme_uri, theme_id),
            title=theme.name, intro=escape_md(theme.description))

    def named_listing(self, kind: str, slug: str) -> dict[str, str]:
        """The listing of an organisation's, a speaker's or a tag's talks."""
        named = self.p.named(kind)[slug]
        return self.listings.paged_listing(
            named.talks, functools.partial(name_uri, kind, slug), title=named.name,
            intro=NAME_WORDS[kind][3].format(escape_md(named.name)))

    def feed(self) -> str:
        return render_feed(
            self.p.corpus, self.p.groups, title=self.p.options.site_name,
            site_url=self.p.options.site_url,
            url_of=lambda t: page_url(talk_uri(t), self.p.options.directory_urls),
            times=self.p.options.note_times)

    def notes_pages(self, talk: Talk, others: Iterable[Talk], *, listings: bool = True,
                    site: bool = False) -> dict[str, str]:
        """The pages that can show what changed of `talk` (its notes, or with `site`, what
        the site-wide pages show too: its rating, format, links): its page, the feed, with
        `listings` the listings it is in, with `site` the site_pages; and the pages of the
        `others` talks (their related talks changed). What revise.py renders again."""
        g = self.p.groups
        pages = {talk_uri(t): self.talks.talk(t) for t in (talk, *others)}
        pages.update(self.site_pages() if site else {FEED: self.feed()})
        if not listings:
            return pages
        pages[conference_uri(talk.conference_id)] = self.listings.conference(
            g.conferences[talk.conference_id])
        for theme_id in talk.themes:
            pages.update(self.theme_listing(theme_id))
        for kind in NAME_WORDS:
            for slug in dict.fromkeys(g.slug(kind, name) for name in getattr(talk, kind)):
                pages.update(self.named_listing(kind, slug))
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
    return Renderer(corpus, groups, options or RenderOptions()).pages()
