"""Rendering: corpus + groups -> generated Markdown pages, as `{src_uri: markdown}`.

Every value that comes from front matter passes through `escape_md` (text) or `escape_url`
(links) before it lands in a page, so a title like `A | B <script>…</script> *x*` shows
literally. The notes themselves are the author's Markdown and are kept as Markdown, with
two additions: timestamps become links into the video, and the opinion admonition gets its
title. Links between pages are relative `.md` paths, so MkDocs checks and rewrites them.
"""

from __future__ import annotations

import datetime
import functools
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from build_notes import markup
from build_notes.content.fields import field_type
from build_notes.content.media import TIMESTAMP, clock, timestamp_seconds, video_at
from build_notes.content.model import Conference, Corpus, Talk
from build_notes.content.schema import Field, load_schema
from build_notes.markdown.blocks import excerpt, prose_lines
from build_notes.search.page_text import FILTERS, filter_values, search_labels
from build_notes.site.feed import FEED, NoteTime, render_feed
from build_notes.site.group import Groups, NameGroup
from build_notes.site.related import Related
from build_notes.site.stats import STATS, render_stats
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
    link,
    name_index_uri,
    name_uri,
    page_url,
    talk_uri,
    theme_uri,
)
from build_notes.text import day, escape_md, escape_url, front_matter, plural

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
    pagefind: bool = False  # add the search page of a Pagefind index (built after the site)
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


# --- The notes -------------------------------------------------------------------------------

_OPINION = re.compile(r"^(?P<indent>\s*)(?P<marker>!!!|\?\?\?\+?) opinion\s*$")


def render_notes(talk: Talk) -> str:
    """The talk's body with timestamps marked up and the opinion admonition titled."""
    lines = talk.body.split("\n")
    for index, prose in prose_lines(talk.body):
        original = lines[index]
        m = _OPINION.match(original)
        if m:
            lines[index] = f'{m["indent"]}{m["marker"]} opinion "{OPINION_TITLE}"'
            continue
        pieces, last = [], 0
        for ts in TIMESTAMP.finditer(prose):  # `prose` blanks inline code, same offsets
            pieces += [original[last:ts.start()], _timestamp(talk, ts)]
            last = ts.end()
        if pieces:
            lines[index] = "".join([*pieces, original[last:]])
    return "\n".join(lines).strip("\n")


def _timestamp(talk: Talk, m: re.Match[str]) -> str:
    seconds = timestamp_seconds(m)
    label = html.escape(m.group())
    url = video_at(talk.video, seconds) if talk.video else None
    if url is None:
        return (f'<span class="{markup.TIMESTAMP}" title="At {clock(seconds)} in the video">'
                f'{label}</span>')
    return (f'<a class="{markup.TIMESTAMP}" href="{html.escape(url)}" '
            f'title="Play the video from {clock(seconds)}">{label}</a>')


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


class _Pieces:
    """What every page is made of: links to talks, conferences, themes and names, a talk's
    date, listing items. The page kinds below extend it, one class each."""

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


class _ListingPages(_Pieces):
    """Pages that list talks: a theme's, a name's (paged), a conference's, the name indexes."""

    def paged_listing(self, talks: Sequence[Talk], uri: Callable[[int], str], *, title: str,
                      intro: str) -> dict[str, str]:
        pages = {}
        for page in paginate(talks, self.options.page_size, uri):
            lines = [front_matter(title),
                     f"# {page.heading(escape_md(title))}", "", intro, "",
                     f"{plural(len(talks), 'talk')}."]
            lines += self.listing(page.uri, page.items)
            lines += pager(page, uri)
            pages[page.uri] = "\n".join(lines) + "\n"
        return pages

    def names_index(self, kind: str, shown_talks: int = 5) -> dict[str, str]:
        """Organisations, speakers or tags with their first talks, NAMES_PER_PAGE to a page."""
        one, many, title, _ = NAME_WORDS[kind]
        named = list(self.named(kind).values())
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
                lines += [f"- {self.talk_link(page.uri, t)}" for t in group.talks[:shown_talks]]
                if len(group.talks) > shown_talks:
                    lines.append(f"- [and {len(group.talks) - shown_talks:,} more]({here_link})")
            lines += pager(page, uri)
            pages[page.uri] = "\n".join(lines) + "\n"
        return pages

    def tags_index(self) -> dict[str, str]:
        """Every tag with its count, as a compact list under a heading per first letter, and
        a bar of the letters; TAGS_PER_PAGE to a page (a tag's page lists its talks)."""
        tags = list(self.named("tags").values())
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
        talks = self.groups.talks_by_conference[conference.id]
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
        by_theme = {t: sum(t in talk.themes for talk in talks) for t in self.groups.themes}
        themes = [f"[{escape_md(self.groups.themes[t].name)}]({link(here, theme_uri(t))}) ({n:,})"
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
            lines.append(self.listing_item(here, talk, themes=True))
        return "\n".join(lines) + "\n"


class _IndexPages(_Pieces):
    """The home page, the themes and conferences indexes, the search page."""

    def home(self) -> str:
        g = self.groups
        counts = [(len(self.corpus.talks), "talk", "talks", EXPLORE),
                  (len(g.conferences), "conference", "conferences", CONFERENCES),
                  (len(g.themes), "theme", "themes", THEMES)]
        counts += [(len(self.named(kind)), one, many, name_index_uri(kind))
                   for kind, (one, many, _, _) in NAME_WORDS.items() if self.named(kind)]
        lines = [self.options.home_intro.strip(), "", f'<div class="{markup.COUNTS}" markdown>', ""]
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
        lines += [f"- {self.conference_link(HOME, c.id)}: "
                  + " · ".join(x for x in [escape_md(c.location or ""),
                                           date_range(c.start, c.end),
                                           plural(len(g.talks_by_conference[c.id]), "talk")] if x)
                  for c in newest]
        lines += ["", f"New and changed notes, newest first: [the Atom feed]({FEED}).", ""]
        rated = sorted((t for t in self.corpus.talks if (t.rating or 0) >= HOME_TOP_RATING),
                       key=lambda t: (-(t.rating or 0), -g.conferences[t.conference_id]
                                      .start.toordinal(), t.title.casefold(), t.key))
        if rated:
            lines += ["", "## Highest-rated talks", "",
                      f"Rated {HOME_TOP_RATING} or 5 out of 5 by the note-taker"
                      + (f"; the first {HOME_TOP_RATED} of {len(rated):,}."
                         if len(rated) > HOME_TOP_RATED else "."), ""]
            lines += [f"- {stars(t.rating or 0)} {self.talk_link(HOME, t)}"
                      + (f' <span class="{markup.DETAILS}">'
                         f"{self.conference_link(HOME, t.conference_id)}</span>"
                         if self.several_conferences else "")
                      for t in rated[:HOME_TOP_RATED]]
        return "\n".join(lines) + "\n"

    def themes_index(self) -> str:
        lines = [front_matter(), "# Themes", "",
                 "Every talk belongs to one or more themes.", ""]
        for theme in self.groups.themes.values():
            count = len(self.groups.talks_by_theme[theme.id])
            lines += [f"- [{escape_md(theme.name)}]({link(THEMES, theme_uri(theme.id))}) "
                      f'<span class="{markup.DETAILS}">{plural(count, "talk")}</span>', "",
                      f"    {escape_md(theme.description)}", ""]
        return "\n".join(lines) + "\n"

    def conferences_index(self) -> str:
        lines = [front_matter(), "# Conferences", ""]
        lines += ["| Conference | Where | When | Talks |", "| --- | --- | --- | ---: |"]
        for c in self.groups.conferences.values():
            lines.append(f"| {self.conference_link(CONFERENCES, c.id)} "
                         f"| {escape_md(c.location or '')} | {date_range(c.start, c.end)} "
                         f"| {len(self.groups.talks_by_conference[c.id]):,} |")
        return "\n".join(lines) + "\n"

    @functools.cached_property
    def filters_used(self) -> list[str]:
        used = {kind for t in self.corpus.talks for kind, v in filter_values(t).items() if v}
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
            search_labels(self.groups, self.formats), "</div>", "",
            "<noscript>This search needs JavaScript; the themes, conferences and the explore "
            "table list every talk without it.</noscript>", ""])


class _ExplorePages(_Pieces):
    """The Explore table: its first rows in HTML, every talk in a compact data file."""

    @functools.cached_property
    def explore_order(self) -> list[Talk]:
        """Newest conference first; within one, dated talks by day, then the undated ones."""
        conferences = self.groups.conferences
        return sorted(self.corpus.talks, key=lambda t: (
            -conferences[t.conference_id].start.toordinal(), t.date is None,
            t.date.toordinal() if t.date else 0, t.title.casefold(), t.key))

    def explore(self) -> str:
        """The first EXPLORE_ROWS talks as a table, for readers without JavaScript;
        assets/talk-notes/explore.js loads EXPLORE_DATA (the table's data-script) and shows
        every talk, with filters, a text filter, sorting and pages, and keeps that state in
        the URL."""
        talks = self.explore_order
        url = self.url_from(EXPLORE)
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
            "Title": lambda t: self.talk_link(EXPLORE, t),
            "Conference": lambda t: self.conference_link(EXPLORE, t.conference_id),
            "Date": lambda t: self.when(t, in_table=True),
            "Format": lambda t: self.formats[t.format],
            "Themes": lambda t: self.theme_links(EXPLORE, t.themes),
            "Organizations": lambda t: self.name_links(EXPLORE, "organizations",
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
        talks = self.corpus.talks
        return ["Title", "Conference", "Date", "Format", "Themes",
                *(["Organizations"] if any(t.organizations for t in talks) else []),
                *(["Rating"] if any(t.rating for t in talks) else [])]

    def explore_data(self) -> str:
        """Every talk for the Explore page, as compact JSON in a script.

        A script, not a .json file: a page opened from file:// may load scripts but not
        fetch files. Names are given once and referred to by position; URLs are relative to
        the site's root (the page's data-root says where that is).
        """
        g = self.groups
        root = functools.partial(page_url, directory_urls=self.options.directory_urls)
        themes, conferences, orgs, formats = (
            {key: i for i, key in enumerate(keys)}
            for keys in (g.themes, g.conferences, g.organizations, self.formats))
        data = {
            "themes": [[t.id, t.name, root(theme_uri(t.id))] for t in g.themes.values()],
            "conferences": [[c.id, c.name, root(conference_uri(c.id)),
                             date_range(c.start, c.end), c.start.isoformat()]
                            for c in g.conferences.values()],
            "formats": [[f, label] for f, label in self.formats.items()],
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


class _TalkPages(_Pieces):
    """A talk's page: meta line, notes, previous and next, related talks."""

    def talk(self, talk: Talk) -> str:
        here = talk_uri(talk)
        meta = [f"**Conference:** {self.conference_link(here, talk.conference_id)}",
                f"**Date:** {self.when(talk)}",
                f"**Format:** {self.formats[talk.format]}"]
        for kind, one, many in (("speakers", "Speaker", "Speakers"),
                                ("organizations", "Organization", "Organizations")):
            names = getattr(talk, kind)
            if names:
                meta.append(f"**{one if len(names) == 1 else many}:** "
                            f"{self.name_links(here, kind, names)}")
        label = "Theme" if len(talk.themes) == 1 else "Themes"
        meta.append(f"**{label}:** {self.theme_links(here, talk.themes)}")
        if talk.tags:
            meta.append(f"**Tags:** {self.name_links(here, 'tags', talk.tags)}")
        if talk.rating:
            meta.append(f"**Rating:** {stars(talk.rating)}")
        if talk.video:
            meta.append(f"**Video:** [watch]({escape_url(talk.video)})"
                        + (f" ({clock(talk.duration)})" if talk.duration else ""))
        if talk.slides:
            meta.append(f"**Slides:** [view]({escape_url(talk.slides)})")
        meta += extra_meta(talk.extra, load_schema().talk)
        parts = [front_matter(talk.title),
                 f"# {escape_md(talk.title)}", "",
                 f'<div class="{markup.META}" markdown>', "", *(f"- {m}" for m in meta), "",
                 "</div>",
                 "", render_notes(talk), *self.sequence(talk)]
        related = self.groups.related.get(talk.key, ())
        if related:
            parts += ["", f'<div class="{markup.RELATED}" markdown>', "", "## Related talks", ""]
            parts += [f"- {self.talk_link(here, r.talk)} "
                      f'<span class="{markup.DETAILS}">{self.why(r)}</span>' for r in related]
            parts += ["", "</div>"]
        return "\n".join(parts) + "\n"

    def sequence(self, talk: Talk) -> list[str]:
        """Previous and next talk of the same conference, and where this one stands."""
        talks = self.groups.talks_by_conference[talk.conference_id]
        position = self.positions[talk.key]
        here = talk_uri(talk)
        parts = []
        if position > 0:
            parts.append(f"← Previous: {self.talk_link(here, talks[position - 1])}")
        parts.append(f"{position + 1:,} of {len(talks):,} in "
                     f"{self.conference_link(here, talk.conference_id)}")
        if position + 1 < len(talks):
            parts.append(f"Next: {self.talk_link(here, talks[position + 1])} →")
        return ["",
                f'<nav class="{markup.SEQUENCE}" aria-label="Talks of this conference" markdown>',
                "", " · ".join(parts), "", "</nav>"]

    @functools.cached_property
    def positions(self) -> dict[str, int]:
        return {t.key: i for talks in self.groups.talks_by_conference.values()
                for i, t in enumerate(talks)}

    def why(self, related: Related) -> str:
        """Why a talk is listed as related: what both share, words both notes weigh high."""
        reasons = []
        if related.shared:
            reasons.append("shares: " + "; ".join(escape_md(x) for x in related.shared))
        if related.words:
            reasons.append("notes mention: " + ", ".join(escape_md(x) for x in related.words))
        if self.several_conferences:
            reasons.append(escape_md(self.groups.conferences[related.talk.conference_id].name))
        return " · ".join(reasons)


class _Renderer(_TalkPages, _ListingPages, _IndexPages, _ExplorePages):
    """Every page kind together: `pages()` is the whole site's generated Markdown."""

    def pages(self) -> dict[str, str]:
        g = self.groups
        pages = {HOME: self.home(), THEMES: self.themes_index(),
                 CONFERENCES: self.conferences_index()}
        for talk in self.corpus.talks:
            pages[talk_uri(talk)] = self.talk(talk)
        for theme in g.themes.values():
            pages.update(self.paged_listing(
                g.talks_by_theme[theme.id], functools.partial(theme_uri, theme.id),
                title=theme.name, intro=escape_md(theme.description)))
        for conference in g.conferences.values():
            pages[conference_uri(conference.id)] = self.conference(conference)
        for kind, (_, _, _, intro) in NAME_WORDS.items():
            if self.named(kind):  # no index of names no talk gives (no tab leads there)
                pages.update(self.tags_index() if kind == "tags" else self.names_index(kind))
            for named in self.named(kind).values():
                pages.update(self.paged_listing(
                    named.talks, functools.partial(name_uri, kind, named.slug),
                    title=named.name, intro=intro.format(escape_md(named.name))))
        pages[EXPLORE] = self.explore()
        pages[EXPLORE_DATA] = self.explore_data()
        if self.options.pagefind:
            pages[SEARCH] = self.search_page()
        pages[STATS] = render_stats(self.corpus, g, self.stats_link)
        pages[FEED] = render_feed(
            self.corpus, g, title=self.options.site_name,
            site_url=self.options.site_url,
            url_of=lambda t: page_url(talk_uri(t), self.options.directory_urls),
            times=self.options.note_times)
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


def extra_meta(extra: Iterable[tuple[str, object]], fields: dict[str, Field]) -> list[str]:
    """Meta-line entries of the fields added to schema.yml that no stage names yet: the
    field's label, and its value as its type shows it."""
    return [f"**{escape_md(fields[name].label)}:** {field_type(fields[name]).show(value)}"
            for name, value in extra if not fields[name].hidden]


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


def render(corpus: Corpus, groups: Groups, options: RenderOptions | None = None) -> dict[str, str]:
    """Every generated page of the site, keyed by its path relative to the docs folder."""
    return _Renderer(corpus, groups, options or RenderOptions()).pages()

