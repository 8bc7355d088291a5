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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from build_notes.feed import FEED, render_feed
from build_notes.group import Groups, organization_slug, talk_order
from build_notes.model import Conference, Corpus, Talk
from build_notes.schema import load_schema
from build_notes.search import search_labels
from build_notes.stats import STATS, render_stats
from build_notes.text import (
    TIMESTAMP,
    clock,
    escape_md,
    escape_url,
    excerpt,
    plural,
    prose_lines,
    timestamp_seconds,
    video_at,
)

OPINION_TITLE = "Note-taker's opinion"
# Listing pages split into pages of this many talks, so no page grows with the site.
PAGE_SIZE = 100
HOME_TOP_RATED = 10
ORGS_PER_PAGE = 100

HOME = "index.md"
THEMES = "themes/index.md"
CONFERENCES = "conferences/index.md"
ORGANIZATIONS = "organizations/index.md"
EXPLORE = "explore.md"
SEARCH = "search/index.md"
INDEX_PAGES = frozenset({HOME, THEMES, CONFERENCES, ORGANIZATIONS, EXPLORE, "stats.md",
                         "search/index.md"})


@dataclass(frozen=True)
class RenderOptions:
    home_intro: str = ""  # the hand-written Markdown the home page starts with
    page_size: int = PAGE_SIZE
    site_name: str = "Talk notes"
    site_url: str = ""  # absolute base URL, for the feed; relative links without it
    directory_urls: bool = True  # MkDocs' use_directory_urls: talks/c/t/ or talks/c/t.html
    pagefind: bool = False  # add the search page of a Pagefind index (built after the site)


def talk_uri(talk: Talk) -> str:
    return f"talks/{talk.conference_id}/{talk.id}.md"


def theme_uri(theme_id: str, page: int = 1) -> str:
    return f"themes/{theme_id}.md" if page == 1 else f"themes/{theme_id}/{page}.md"


def conference_uri(conference_id: str) -> str:
    return f"conferences/{conference_id}.md"


def organizations_index_uri(page: int = 1) -> str:
    # "page" is never an organisation's slug (see group.organization_slug).
    return ORGANIZATIONS if page == 1 else f"organizations/page/{page}.md"


def organization_uri(slug: str, page: int = 1) -> str:
    return f"organizations/{slug}.md" if page == 1 else f"organizations/{slug}/{page}.md"


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a page, relative to the site root."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/" if directory_urls else stem + ".html"


def link(from_uri: str, to_uri: str) -> str:
    """Relative path from one generated page to another, as MkDocs resolves `.md` links.

    posixpath.relpath's answer, without its calls to the file system's working directory
    (a third of the rendering time on a large site).
    """
    here = from_uri.split("/")[:-1]
    there = to_uri.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def day(d: datetime.date) -> str:
    return f"{d.day} {d:%B %Y}"


def date_range(start: datetime.date, end: datetime.date) -> str:
    if start == end:
        return day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{day(start)} – {day(end)}"


def stars(rating: int) -> str:
    return (f'<span class="tn-rating" role="img" aria-label="Rated {rating} out of 5" '
            f'title="Rated {rating} out of 5">{"★" * rating}{"☆" * (5 - rating)}</span>')


def page_title(text: str) -> str:
    """A `title:` line for a page's front matter, from text that came from a talk file.

    Themes print `page.meta.title` into <title>, the header and the navigation without
    escaping (and material's `striptags` would undo escaping of an H1-derived title), so
    the title is given HTML-escaped, as a JSON string (valid YAML) that keeps it on one line.
    """
    return json.dumps(html.escape(" ".join(text.split()), quote=False), ensure_ascii=False)


def front_matter(title: str | None = None, tags: Sequence[str] = (), **meta: object) -> str:
    """Page front matter: the escaped title and tags, then trusted values (numbers, words).

    `tags` feed material's search, which weighs them above titles: a talk's speakers,
    organisations and tags go there, so searching for one puts the talk first. They are
    escaped like titles, since the search results print them as given.
    """
    lines = ["---"]
    if title is not None:
        lines.append(f"title: {page_title(title)}")
    if tags:
        lines.append(f"tags: [{', '.join(page_title(t) for t in tags)}]")
    for key, value in meta.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {k}: {v}" for k, v in value.items())
        else:
            lines.append(f"{key}: {value}")
    return "\n".join([*lines, "---", "", ""])


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
        return f'<span class="tn-timestamp" title="At {clock(seconds)} in the video">{label}</span>'
    return (f'<a class="tn-timestamp" href="{html.escape(url)}" '
            f'title="Play the video from {clock(seconds)}">{label}</a>')


# --- Pages ------------------------------------------------------------------------------------


class _Renderer:
    def __init__(self, corpus: Corpus, groups: Groups, options: RenderOptions):
        self.corpus = corpus
        self.groups = groups
        self.options = options
        self.formats = load_schema().formats
        self.excerpts: dict[str, str] = {}

    def pages(self) -> dict[str, str]:
        pages = {HOME: self.home(), THEMES: self.themes_index(),
                 CONFERENCES: self.conferences_index(), **self.organizations_index()}
        for talk in self.corpus.talks:
            pages[talk_uri(talk)] = self.talk(talk)
        for theme in self.groups.themes.values():
            pages.update(self.paged_listing(
                self.groups.talks_by_theme[theme.id], functools.partial(theme_uri, theme.id),
                title=theme.name, intro=escape_md(theme.description), by_conference=True))
        for conference in self.groups.conferences.values():
            pages[conference_uri(conference.id)] = self.conference(conference)
        for org in self.groups.organizations.values():
            pages.update(self.paged_listing(
                org.talks, functools.partial(organization_uri, org.slug), title=org.name,
                intro=f"Talks given by {escape_md(org.name)}.", by_conference=True))
        pages[EXPLORE] = self.explore()
        if self.options.pagefind:
            pages[SEARCH] = self.search_page()
        pages[STATS] = render_stats(self.corpus, self.groups)
        pages[FEED] = render_feed(
            self.corpus, self.groups, title=self.options.site_name,
            site_url=self.options.site_url,
            url_of=lambda t: page_url(talk_uri(t), self.options.directory_urls))
        return pages

    # Pieces

    def excerpt(self, talk: Talk) -> str:
        """A talk's excerpt, made once: a talk is listed on several pages."""
        cached = self.excerpts.get(talk.key)
        if cached is None:
            cached = self.excerpts[talk.key] = excerpt(talk.body)
        return cached

    def talk_link(self, here: str, talk: Talk) -> str:
        return f"[{escape_md(talk.title)}]({link(here, talk_uri(talk))})"

    def theme_links(self, here: str, theme_ids: Iterable[str]) -> str:
        return ", ".join(f"[{escape_md(self.groups.themes[t].name)}]({link(here, theme_uri(t))})"
                         for t in theme_ids)

    def org_links(self, here: str, names: Iterable[str]) -> str:
        return ", ".join(f"[{escape_md(n)}]({link(here, organization_uri(organization_slug(n)))})"
                         for n in names)

    def listing_item(self, here: str, talk: Talk, *, show_conference: bool = False) -> str:
        details = []
        if show_conference:
            conference = self.groups.conferences[talk.conference_id]
            details.append(f"[{escape_md(conference.name)}]"
                           f"({link(here, conference_uri(conference.id))})")
        if talk.format != "talk":
            details.append(self.formats[talk.format])
        if talk.organizations:
            details.append(", ".join(escape_md(o) for o in talk.organizations))
        if talk.rating:
            details.append(stars(talk.rating))
        line = f"- {self.talk_link(here, talk)}"
        if details:
            line += f' <span class="tn-details">{" · ".join(details)}</span>'
        summary = self.excerpt(talk)
        if summary:
            line += f"\n\n    {escape_md(summary)}"
        return line + "\n"

    def listing(self, here: str, talks: Sequence[Talk], *, by_conference: bool) -> list[str]:
        out: list[str] = []
        current = None
        for talk in talks:
            if by_conference and talk.conference_id != current:
                current = talk.conference_id
                conference = self.groups.conferences[current]
                out += ["", f"## [{escape_md(conference.name)}]"
                        f"({link(here, conference_uri(current))})", ""]
            out.append(self.listing_item(here, talk))
        return out

    def paged_listing(self, talks: Sequence[Talk], uri: Callable[[int], str], *, title: str,
                      intro: str, by_conference: bool) -> dict[str, str]:
        size = self.options.page_size
        count = max(1, -(-len(talks) // size))
        pages = {}
        for page in range(1, count + 1):
            here = uri(page)
            heading = escape_md(title) + (f" (page {page} of {count})" if count > 1 else "")
            lines = [front_matter(title, search={"boost": 0.5}), f"# {heading}", "", intro, "",
                     f"{plural(len(talks), 'talk')}."]
            lines += self.listing(here, talks[(page - 1) * size:page * size],
                                  by_conference=by_conference)
            if count > 1:
                lines += ["", self.pager(here, uri, page, count)]
            pages[here] = "\n".join(lines) + "\n"
        return pages

    def pager(self, here: str, uri: Callable[[int], str], page: int, count: int) -> str:
        items = []
        for n in range(1, count + 1):
            items.append(f"**{n}**" if n == page else f"[{n}]({link(here, uri(n))})")
        return '<nav class="tn-pager" aria-label="Pages" markdown>\n\nPages: ' + \
            " ".join(items) + "\n\n</nav>"

    # Pages

    def search_page(self) -> str:
        """The results page of the site's one search (assets/talk-notes/search.js).

        The query and filters live in the URL (/search/?q=kvm&theme=nfv); the script reads
        the Pagefind index built after the site, piece by piece, only when someone searches.
        """
        return "\n".join([
            front_matter("Search", hide="[navigation, toc]"),
            "# Search", "",
            '<div class="tn-search-page" data-tn-search-page>',
            search_labels(self.groups, self.formats), "</div>", "",
            "<noscript>This search needs JavaScript; the themes, conferences and the explore "
            "table list every talk without it.</noscript>", ""])

    def explore(self) -> str:
        """Every talk in one table; assets/talk-notes/explore.js adds filters and sorting."""
        g = self.groups
        lines = [front_matter(search={"exclude": "true"}, hide="[navigation, toc]"),
                 "# Explore", "",
                 "Every talk in one table. Filter by theme, conference, format and "
                 "organization, and sort by any column; the address of the page keeps the "
                 "filters, so a filtered view can be shared.", "",
                 '<div class="tn-explore" markdown>', "",
                 "| Title | Conference | Date | Format | Themes | Organizations | Rating |",
                 "| --- | --- | --- | --- | --- | --- | --- |"]
        for talk in sorted(self.corpus.talks, key=talk_order(g.conferences)):
            conference = g.conferences[talk.conference_id]
            cells = [
                self.talk_link(EXPLORE, talk),
                f"[{escape_md(conference.name)}]({link(EXPLORE, conference_uri(conference.id))})",
                talk.date.isoformat() if talk.date else "",  # never a made-up day
                self.formats[talk.format],
                self.theme_links(EXPLORE, talk.themes),
                self.org_links(EXPLORE, talk.organizations),
                "★" * talk.rating if talk.rating else "",
            ]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join([*lines, "", "</div>"]) + "\n"

    def talk(self, talk: Talk) -> str:
        here = talk_uri(talk)
        conference = self.groups.conferences[talk.conference_id]
        when = day(talk.date) if talk.date else date_range(conference.start, conference.end)
        meta = [f"**Conference:** [{escape_md(conference.name)}]"
                f"({link(here, conference_uri(conference.id))})",
                f"**Date:** {when}",
                f"**Format:** {self.formats[talk.format]}"]
        if talk.speakers:
            label = "Speaker" if len(talk.speakers) == 1 else "Speakers"
            meta.append(f"**{label}:** " + ", ".join(escape_md(s) for s in talk.speakers))
        if talk.organizations:
            label = "Organization" if len(talk.organizations) == 1 else "Organizations"
            meta.append(f"**{label}:** {self.org_links(here, talk.organizations)}")
        label = "Theme" if len(talk.themes) == 1 else "Themes"
        meta.append(f"**{label}:** {self.theme_links(here, talk.themes)}")
        if talk.tags:
            meta.append("**Tags:** " + " ".join(
                f'<span class="tn-tag">{escape_md(t)}</span>' for t in talk.tags))
        if talk.rating:
            meta.append(f"**Rating:** {stars(talk.rating)}")
        if talk.video:
            meta.append(f"**Video:** [watch]({escape_url(talk.video)})"
                        + (f" ({clock(talk.duration)})" if talk.duration else ""))
        if talk.slides:
            meta.append(f"**Slides:** [view]({escape_url(talk.slides)})")
        search_tags = list(dict.fromkeys([*talk.speakers, *talk.organizations, *talk.tags]))
        parts = [front_matter(talk.title, search_tags, search={"boost": 2}),
                 f"# {escape_md(talk.title)}", "",
                 # The search indexes the values (build_notes.search), never the labels.
                 '<div class="tn-meta" data-pagefind-ignore markdown>', "",
                 *(f"- {m}" for m in meta), "", "</div>",
                 "", render_notes(talk)]
        related = self.groups.related.get(talk.key, ())
        if related:
            parts += ["", '<div class="tn-related" data-pagefind-ignore markdown>', "",
                      "## Related talks", ""]
            parts += [f"- {self.talk_link(here, r)} <span class=\"tn-details\">"
                      f"{escape_md(self.groups.conferences[r.conference_id].name)}</span>"
                      for r in related]
            parts += ["", "</div>"]
        return "\n".join(parts) + "\n"

    def conference(self, conference: Conference) -> str:
        here = conference_uri(conference.id)
        talks = self.groups.talks_by_conference[conference.id]
        facts = [date_range(conference.start, conference.end)]
        if conference.location:
            facts.insert(0, escape_md(conference.location))
        if conference.url:
            facts.append(f"[Conference site]({escape_url(conference.url)})")
        facts.append(plural(len(talks), "talk"))
        lines = [front_matter(conference.name, search={"boost": 0.5}),
                 f"# {escape_md(conference.name)}", "",
                 " · ".join(facts), "{: .tn-facts }", "",
                 conference.overview.strip(), ""]
        by_primary: dict[str, list[Talk]] = {t: [] for t in self.groups.themes}
        for talk in talks:
            by_primary[talk.themes[0]].append(talk)
        for theme_id, theme_talks in by_primary.items():
            if not theme_talks:
                continue
            theme = self.groups.themes[theme_id]
            lines += ["", f"## [{escape_md(theme.name)}]({link(here, theme_uri(theme_id))})", ""]
            lines += [self.listing_item(here, t) for t in theme_talks]
        return "\n".join(lines) + "\n"

    def themes_index(self) -> str:
        lines = [front_matter(search={"boost": 0.5}), "# Themes", "",
                 "Every talk belongs to one or more themes.", ""]
        lines += ["| Theme | Talks | What belongs there |", "| --- | ---: | --- |"]
        for theme in self.groups.themes.values():
            count = len(self.groups.talks_by_theme[theme.id])
            lines.append(f"| [{escape_md(theme.name)}]({link(THEMES, theme_uri(theme.id))}) "
                         f"| {count:,} | {escape_md(theme.description)} |")
        return "\n".join(lines) + "\n"

    def conferences_index(self) -> str:
        lines = [front_matter(search={"boost": 0.5}), "# Conferences", ""]
        lines += ["| Conference | Where | When | Talks |", "| --- | --- | --- | ---: |"]
        for c in self.groups.conferences.values():
            lines.append(f"| [{escape_md(c.name)}]({link(CONFERENCES, conference_uri(c.id))}) "
                         f"| {escape_md(c.location or '')} | {date_range(c.start, c.end)} "
                         f"| {len(self.groups.talks_by_conference[c.id]):,} |")
        return "\n".join(lines) + "\n"

    def organizations_index(self, shown_talks: int = 5) -> dict[str, str]:
        """Organisations with their first talks, ORGS_PER_PAGE to a page."""
        orgs = list(self.groups.organizations.values())
        count = max(1, -(-len(orgs) // ORGS_PER_PAGE))
        pages = {}
        for page in range(1, count + 1):
            here = organizations_index_uri(page)
            heading = "Organizations" + (f" (page {page} of {count})" if count > 1 else "")
            lines = [front_matter(search={"boost": 0.5}), f"# {heading}", "",
                     f"{plural(len(orgs), 'organization')} gave talks in these notes.", ""]
            for org in orgs[(page - 1) * ORGS_PER_PAGE:page * ORGS_PER_PAGE]:
                here_link = link(here, organization_uri(org.slug))
                lines += ["", f"## [{escape_md(org.name)}]({here_link})", ""]
                lines += [f"- {self.talk_link(here, t)}" for t in org.talks[:shown_talks]]
                if len(org.talks) > shown_talks:
                    lines.append(f"- [and {len(org.talks) - shown_talks:,} more]({here_link})")
            if count > 1:
                lines += ["", self.pager(here, organizations_index_uri, page, count)]
            pages[here] = "\n".join(lines) + "\n"
        return pages

    def home(self) -> str:
        g = self.groups
        counts = [(len(self.corpus.talks), "talk", "talks"),
                  (len(g.conferences), "conference", "conferences"),
                  (len(g.themes), "theme", "themes"),
                  (len(g.organizations), "organization", "organizations")]
        lines = [self.options.home_intro.strip(), "", '<div class="tn-counts" markdown>', ""]
        lines += [f'<div class="tn-count"><strong>{n:,}</strong> {one if n == 1 else many}</div>'
                  for n, one, many in counts]
        lines += ["", "</div>", "", "## Themes", ""]
        lines += [f"- [{escape_md(t.name)}]({link(HOME, theme_uri(t.id))}) "
                  f"({len(g.talks_by_theme[t.id]):,}): {escape_md(t.description)}"
                  for t in g.themes.values()]
        lines += ["", "## Conferences", ""]
        lines += [f"- [{escape_md(c.name)}]({link(HOME, conference_uri(c.id))}): "
                  + " · ".join(x for x in [escape_md(c.location or ""),
                                           date_range(c.start, c.end),
                                           plural(len(g.talks_by_conference[c.id]), "talk")] if x)
                  for c in g.conferences.values()]
        rated = sorted((t for t in self.corpus.talks if t.rating),
                       key=lambda t: (-(t.rating or 0), -g.conferences[t.conference_id]
                                      .start.toordinal(), t.title.casefold(), t.key))
        if rated:
            lines += ["", "## Highest-rated talks", ""]
            several = len(g.conferences) > 1  # else the same name on every line
            lines += [f"- {stars(t.rating or 0)} {self.talk_link(HOME, t)}"
                      + (f' <span class="tn-details">'
                         f"{escape_md(g.conferences[t.conference_id].name)}</span>"
                         if several else "")
                      for t in rated[:HOME_TOP_RATED]]
        return "\n".join(lines) + "\n"


def render(corpus: Corpus, groups: Groups, options: RenderOptions | None = None) -> dict[str, str]:
    """Every generated page of the site, keyed by its path relative to the docs folder."""
    return _Renderer(corpus, groups, options or RenderOptions()).pages()

