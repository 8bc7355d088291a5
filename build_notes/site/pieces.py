"""What every generated page is made of: the options, links to talks, conferences, themes and
names, a talk's date, listing items, pagination. The page kinds (talk_page, listings,
index_pages, explore) are built from one `Pieces`; pages.py puts them together."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from build_notes import markup
from build_notes.content.model import Corpus, Talk
from build_notes.content.schema import load_schema
from build_notes.markdown.blocks import excerpt
from build_notes.site.feed import NoteTime
from build_notes.site.group import Groups, NameGroup
from build_notes.site.stats import STATS
from build_notes.site.urls import (
    EXPLORE,
    conference_uri,
    link,
    name_uri,
    page_url,
    talk_uri,
    theme_uri,
)
from build_notes.text import day, escape_md

T = TypeVar("T")


OPINION_TITLE = "Note-taker's opinion"


# Listing pages split into pages of this many talks, so no page grows with the site.
PAGE_SIZE = 100


HOME_TOP_RATED = 10


# The home page lists the newest conferences, and links to the index of every one: its
# weight must not grow with the site (400 conferences at 20,000 talks).
HOME_CONFERENCES = 12


HOME_TOP_RATING = 4  # the home page's "highest-rated" list: 4 and 5 stars only


NAMES_PER_PAGE = 100  # organisations or speakers on one page of their index


TAGS_PER_PAGE = 1000  # tags on one page of their compact index


EXPLORE_ROWS = 100  # rows of the Explore table in the HTML, for readers without JavaScript


@dataclass(frozen=True)
class RenderOptions:
    home_intro: str = ""  # the hand-written Markdown the home page starts with
    page_size: int = PAGE_SIZE
    site_name: str = "Talk notes"
    site_url: str = ""  # absolute base URL, for the feed; relative links without it
    directory_urls: bool = True  # MkDocs' use_directory_urls: talks/c/t/ or talks/c/t.html
    search: bool = False  # add the search page (its index is written after the site is built)
    # When each talk's notes were added and changed (feed.note_times), for the feed.
    note_times: Mapping[str, NoteTime] | None = None


def date_range(start: datetime.date, end: datetime.date) -> str:
    if start == end:
        return day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{day(start)} – {day(end)}"


def facts_line(text: str) -> list[str]:
    """A paragraph of facts (dates, counts) as muted text: attr_list gives a paragraph its
    class only from a line of its own (after text on the same line it stays text)."""
    return [text, f"{{: .{markup.FACTS} }}"]


def stars(rating: int) -> str:
    return (f'<span class="{markup.RATING}" role="img" aria-label="Rated {rating} out of 5" '
            f'title="Rated {rating} out of 5">{"★" * rating}{"☆" * (5 - rating)}</span>')


# --- Pages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListingPage(Generic[T]):
    """One page of a paginated listing: where it is, its number, and its share of the items."""

    uri: str
    number: int
    count: int
    items: Sequence[T]

    def heading(self, title: str) -> str:
        return title + (f" (page {self.number} of {self.count})" if self.count > 1 else "")


def paginate(items: Sequence[T], size: int, uri: Callable[[int], str]) -> list[ListingPage[T]]:
    """`items` split into pages of `size` (one page, maybe empty, when there are none)."""
    count = max(1, -(-len(items) // size))
    return [ListingPage(uri(n), n, count, items[(n - 1) * size:n * size])
            for n in range(1, count + 1)]


def pager(page: ListingPage[T], uri: Callable[[int], str]) -> list[str]:
    """The links to the other pages of a listing, or nothing when it has one page."""
    if page.count == 1:
        return []
    items = [f"**{n}**" if n == page.number else f"[{n}]({link(page.uri, uri(n))})"
             for n in range(1, page.count + 1)]
    return ["", f'<nav class="{markup.PAGER}" aria-label="Pages" markdown>', "",
            "Pages: " + " ".join(items), "", "</nav>"]


class Pieces:
    """What every page is made of: links to talks, conferences, themes and names, a talk's
    date, listing items. Each page kind's class is given one."""

    def __init__(self, corpus: Corpus, groups: Groups, options: RenderOptions):
        self.corpus = corpus
        self.groups = groups
        self.options = options
        self.formats = load_schema().formats
        self.excerpts: dict[str, str] = {}
        self.several_conferences = len(groups.conferences) > 1

    def stats_link(self, kind: str, key: str) -> str:
        """The page a bar of the stats page links to: a theme's, a conference's, an
        organisation's page, or the Explore table filtered by format."""
        to = {"themes": lambda: theme_uri(key), "conferences": lambda: conference_uri(key),
              "organizations": lambda: name_uri("organizations", key),
              "formats": lambda: EXPLORE}[kind]()
        query = f"?format={key}" if kind == "formats" else ""
        return link(STATS, to) + query

    def named(self, kind: str) -> dict[str, NameGroup]:
        named: dict[str, NameGroup] = getattr(self.groups, kind)
        return named

    def url_from(self, here: str) -> Callable[[str], str]:
        """Relative URLs from page `here` to pages, for raw HTML (MkDocs rewrites only
        Markdown links): `url_from("stats.md")("themes/ceph.md")` is `../themes/ceph/`."""
        base = page_url(here, self.options.directory_urls)
        return lambda to: link(base, page_url(to, self.options.directory_urls)
                               if to.endswith(".md") else to) or "./"

    def excerpt(self, talk: Talk) -> str:
        """A talk's excerpt, made once: a talk is listed on several pages."""
        cached = self.excerpts.get(talk.key)
        if cached is None:
            cached = self.excerpts[talk.key] = excerpt(talk.body)
        return cached

    def talk_link(self, here: str, talk: Talk) -> str:
        return f"[{escape_md(talk.title)}]({link(here, talk_uri(talk))})"

    def conference_link(self, here: str, conference_id: str) -> str:
        name = self.groups.conferences[conference_id].name
        return f"[{escape_md(name)}]({link(here, conference_uri(conference_id))})"

    def theme_links(self, here: str, theme_ids: Iterable[str]) -> str:
        return ", ".join(f"[{escape_md(self.groups.themes[t].name)}]({link(here, theme_uri(t))})"
                         for t in theme_ids)

    def name_links(self, here: str, kind: str, names: Iterable[str]) -> str:
        """Links to the pages of organisations or speakers; tags as chips that link."""
        links = [f"[{escape_md(n)}]({link(here, name_uri(kind, self.groups.slug(kind, n)))})"
                 for n in names]
        if kind == "tags":
            return " ".join(f"{x}{{: .{markup.TAG} }}" for x in links)
        return ", ".join(links)

    def when(self, talk: Talk, *, in_table: bool = False) -> str:
        """A talk's date as HTML: its own day, or the conference's span, muted and said so.
        In the Explore table, as explore.js writes it: an ISO day, or the span, muted."""
        if talk.date:
            shown = talk.date.isoformat() if in_table else day(talk.date)
            return f'<time datetime="{talk.date.isoformat()}">{shown}</time>'
        c = self.groups.conferences[talk.conference_id]
        if in_table:
            return (f'<span class="{markup.MUTED}" title="The talk\'s own date is not recorded; '
                    f'these are the conference\'s dates">{date_range(c.start, c.end)} '
                    '(conference)</span>')
        return (f'date not recorded <span class="{markup.MUTED}">(conference: '
                f'{date_range(c.start, c.end)})</span>')

    def listing_item(self, here: str, talk: Talk, *, themes: bool = False) -> str:
        """A talk as a list item: its link, details (format, names, rating, and its themes
        where the list is not one theme's), and its excerpt."""
        details = []
        if talk.format != "talk":
            details.append(self.formats[talk.format])
        for kind in ("speakers", "organizations"):
            if getattr(talk, kind):
                details.append(self.name_links(here, kind, getattr(talk, kind)))
        if talk.rating:
            details.append(stars(talk.rating))
        if themes:
            details.append(self.theme_links(here, talk.themes))
        line = f"- {self.talk_link(here, talk)}"
        if details:
            line += f' <span class="{markup.DETAILS}">{" · ".join(details)}</span>'
        summary = self.excerpt(talk)
        if summary:
            line += f"\n\n    {escape_md(summary)}"
        return line + "\n"

    def listing(self, here: str, talks: Sequence[Talk]) -> list[str]:
        """Talks under a heading per conference (they come grouped, newest first)."""
        out: list[str] = []
        current = None
        for talk in talks:
            if talk.conference_id != current:
                current = talk.conference_id
                out += ["", f"## {self.conference_link(here, current)}", ""]
            out.append(self.listing_item(here, talk))
        return out
