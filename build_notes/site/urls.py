"""Where each generated page lives: its source path (`src_uri`), its URL, the link from one
page to another, and the page it sits under. The other stages ask here rather than build
paths of their own."""

from __future__ import annotations

from build_notes.content.model import Corpus, PageSource, Talk

HOME = "index.md"
THEMES = "themes/index.md"
CONFERENCES = "conferences/index.md"
ORGANIZATIONS = "organizations/index.md"
SPEAKERS = "speakers/index.md"
TAGS = "tags/index.md"
EXPLORE = "explore.md"
EXPLORE_DATA = "explore/data.js"  # every talk, compact, for explore.js (a script: works from file://)
SEARCH = "search/index.md"
INDEX_PAGES = frozenset({HOME, THEMES, CONFERENCES, ORGANIZATIONS, SPEAKERS, TAGS, EXPLORE,
                         "stats.md", SEARCH})
# What each kind of name is called on its pages: (one, many, index title, listing intro).
NAME_WORDS = {
    "organizations": ("organization", "organizations", "Organizations", "Talks given by {}."),
    "speakers": ("speaker", "speakers", "Speakers", "Talks by {}."),
    "tags": ("tag", "tags", "Tags", "Talks tagged {}."),
}


def page_sources(corpus: Corpus) -> dict[str, PageSource]:
    """The source of each page made from one file: a talk's page, a conference's page.

    The other generated pages list values of many files, each escaped by `escape_md`.
    """
    sources = {talk_uri(t): PageSource(t.source, t.body, t.body_line) for t in corpus.talks}
    sources.update({conference_uri(c.id): PageSource(c.source, c.overview, c.overview_line)
                    for c in corpus.conferences})
    return sources


def talk_uri(talk: Talk) -> str:
    return f"talks/{talk.conference_id}/{talk.id}.md"


def theme_uri(theme_id: str, page: int = 1) -> str:
    return f"themes/{theme_id}.md" if page == 1 else f"themes/{theme_id}/{page}.md"


def conference_uri(conference_id: str) -> str:
    return f"conferences/{conference_id}.md"


def name_index_uri(kind: str, page: int = 1) -> str:
    """The index of organisations, speakers or tags; "page" is never a name's slug
    (see group.name_slug)."""
    return f"{kind}/index.md" if page == 1 else f"{kind}/page/{page}.md"


def name_uri(kind: str, slug: str, page: int = 1) -> str:
    return f"{kind}/{slug}.md" if page == 1 else f"{kind}/{slug}/{page}.md"


def parent_uri(src_uri: str) -> str | None:
    """The page a generated page sits under (its breadcrumb's last step and the tab it lights
    up), from the layout the *_uri functions above give; None for the index pages.

    A talk sits under its conference: it has one conference, but often several themes.
    """
    if src_uri in INDEX_PAGES or not src_uri.endswith(".md"):
        return None
    parts = src_uri.removesuffix(".md").split("/")
    if parts[0] == "talks":
        return conference_uri(parts[1])
    if len(parts) == 2 or (parts[1] == "page" and parts[0] in NAME_WORDS):
        return f"{parts[0]}/index.md"  # a theme, a name, a later page of an index
    return f"{parts[0]}/{parts[1]}.md"  # a later page of a theme's or a name's listing


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
