"""Link check over the whole built site: internal links and anchors resolve, external ones parse.

MkDocs checks the `.md` links the renderer writes, but not what reaches the HTML by other
ways: links inside raw HTML blocks, the theme's own links (header, tabs, footer, skip link,
permalinks), assets, the 404 page, and the locations the search index sends readers to.
This walks every HTML file of the real build with the standard library's html.parser, as a
crawler would, so it runs everywhere without a browser. External links are not fetched (the
machine that builds may be offline); they must be well-formed http(s) or mailto URLs.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser

from tests.conftest import Site

ORIGIN = "http://site.invalid/"  # the site's root, as a base to resolve relative links against
# Attributes that make the browser load or navigate to a URL.
URL_ATTRIBUTES = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
                  ("source", "src"), ("iframe", "src"), ("video", "src"), ("audio", "src"),
                  ("form", "action")}
# Elements whose URL the browser fetches as the page loads, with the attribute; a <link> only
# with one of these relations (a canonical or alternate link is only named, not fetched).
LOADED = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"),
          ("source", "srcset"), ("iframe", "src"), ("video", "src"), ("video", "poster"),
          ("audio", "src"), ("embed", "src"), ("object", "data"), ("link", "href")}
FETCHED_RELATIONS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload",
                     "modulepreload", "prefetch", "manifest"}
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
# RFC 3986 characters (unreserved, reserved and the % of escapes); anything else is malformed.
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")


@dataclass
class PageLinks:
    """The ids and the outgoing URLs of one HTML page, as a browser parses it (HTML5)."""

    ids: set[str] = field(default_factory=set)
    urls: list[tuple[str, str]] = field(default_factory=list)  # (tag, url)
    loads: list[tuple[str, str]] = field(default_factory=list)  # (tag, url) fetched on load

    @classmethod
    def of(cls, page: str) -> PageLinks:
        links = cls()
        for node in LexborHTMLParser(page).css("*"):
            tag = node.tag or ""
            for name, value in node.attributes.items():
                if value is None:
                    continue
                if name == "id" or (tag == "a" and name == "name"):
                    links.ids.add(value)
                if (tag, name) in URL_ATTRIBUTES:
                    links.urls.append((tag, value))
                relations = set((node.attributes.get("rel") or "").lower().split())
                if (tag, name) in LOADED and (tag != "link" or relations & FETCHED_RELATIONS):
                    urls = [u.split()[0] for u in value.split(",") if u.strip()] \
                        if name == "srcset" else [value]
                    links.loads += [(tag, url) for url in urls]
        return links


@dataclass(frozen=True)
class Link:
    page: str  # the page's path in the site, like talks/x/y/index.html
    tag: str
    url: str  # as written in the page

    def __str__(self) -> str:
        return f"{self.page}: <{self.tag}> {self.url}"


class SiteLinks:
    """Every page's ids and links, parsed once; resolves internal URLs to files and ids."""

    def __init__(self, root: Path):
        self.root = root
        self.pages: dict[str, PageLinks] = {}
        for path in sorted(root.rglob("*.html")):
            self.pages[path.relative_to(root).as_posix()] = PageLinks.of(
                path.read_text("utf-8"))

    def links(self) -> list[Link]:
        return [Link(page, tag, url) for page, parsed in self.pages.items()
                for tag, url in parsed.urls]

    def target(self, page: str, url: str) -> tuple[str, str] | None:
        """(file path in the site, fragment) of an internal URL; None if it leaves the site."""
        absolute = urljoin(ORIGIN + page, url)
        parts = urlsplit(absolute)
        if not absolute.startswith(ORIGIN):
            return None
        path = unquote(parts.path).lstrip("/")
        if path == "" or path.endswith("/"):
            path += "index.html"
        elif (self.root / path).is_dir():
            path += "/index.html"
        return path, unquote(parts.fragment)

    def problem(self, link: Link) -> str | None:
        """Why an internal link does not resolve, or None when it does."""
        resolved = self.target(link.page, link.url)
        assert resolved is not None
        path, fragment = resolved
        if not (self.root / path).is_file():
            return f"{link}: no file {path}"
        if fragment:
            if path not in self.pages:
                return f"{link}: anchor #{fragment} into a file that is not HTML"
            if fragment not in self.pages[path].ids:
                return f"{link}: no id {fragment!r} in {path}"
        return None


def external_problem(url: str) -> str | None:
    """Why an external URL is malformed, or None when it is a well-formed http(s)/mailto URL."""
    if not _URL_CHARS.fullmatch(url):
        return "characters that must be percent-encoded"
    parts = urlsplit(url)
    if parts.scheme == "mailto":
        return None if re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", parts.path, re.I) else \
            "not an e-mail address"
    if parts.scheme not in {"http", "https"}:
        return f"scheme {parts.scheme!r} (only http, https and mailto leave the site)"
    try:
        host, _port = parts.hostname, parts.port
    except ValueError as e:
        return str(e)
    if not host:
        return "no host"
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    labels = host.split(".")
    if not all(_HOST_LABEL.fullmatch(label) for label in labels):
        return f"invalid host {host!r}"
    if len(labels) < 2 and host != "localhost":
        return f"host {host!r} has no domain"
    return None


@functools.cache
def site_links(root: Path) -> SiteLinks:
    return SiteLinks(root)


@pytest.fixture(scope="module")
def links(real_site: Site) -> SiteLinks:
    return site_links(real_site.root)


def test_the_walk_sees_the_whole_site(links: SiteLinks, real_site: Site) -> None:
    """Guards the other tests against passing on an empty or half-read site."""
    talk_pages = [p for p in links.pages if p.startswith("talks/")]
    assert len(talk_pages) == len(list((real_site.root / "talks").rglob("index.html"))) > 0
    assert "index.html" in links.pages and "404.html" in links.pages
    internal = [lk for lk in links.links() if links.target(lk.page, lk.url) is not None]
    assert sum("#" in lk.url for lk in internal) > len(links.pages)  # permalinks at least


def test_every_internal_link_and_anchor_resolves(links: SiteLinks) -> None:
    problems = [p for lk in links.links() if links.target(lk.page, lk.url) is not None
                if (p := links.problem(lk))]
    assert not problems, "\n".join(problems)


def test_every_external_link_is_well_formed(links: SiteLinks) -> None:
    external = [lk for lk in links.links() if links.target(lk.page, lk.url) is None]
    problems = [f"{lk}: {why}" for lk in external if (why := external_problem(lk.url))]
    assert not problems, "\n".join(problems)


def test_no_page_loads_anything_from_another_host(links: SiteLinks) -> None:
    """What each page fetches as it loads (scripts, styles, icons, images, frames) is the
    site's own, on every page; the browser test (tests/browser/test_page_health.py) watches
    the requests, scripts' included, of one page of each kind."""
    loads = [Link(page, tag, url) for page, parsed in links.pages.items()
             for tag, url in parsed.loads]
    assert any(lk.tag == "script" for lk in loads) and any(lk.tag == "link" for lk in loads)
    foreign = [str(lk) for lk in loads
               if not lk.url.startswith("data:") and links.target(lk.page, lk.url) is None]
    assert not foreign, "\n".join(foreign)


def test_every_search_result_location_resolves(links: SiteLinks, real_site: Site) -> None:
    """The search index is where most readers leave from: each location must land somewhere."""
    problems = []
    for doc in real_site.search_docs():
        link = Link("search", "result", doc["location"])
        path, fragment = links.target("index.html", doc["location"]) or ("", "")
        if not (real_site.root / path).is_file():
            problems.append(f"{link}: no file {path}")
        elif fragment and fragment not in links.pages[path].ids:
            problems.append(f"{link}: no id {fragment!r} in {path}")
    assert not problems, "\n".join(problems)


def test_every_feed_link_resolves(links: SiteLinks, real_site: Site) -> None:
    """Feed readers follow the links of the Atom feed; they must lead to built pages."""
    atom = "{http://www.w3.org/2005/Atom}"
    feeds = [p for p in sorted(real_site.root.glob("*.xml"))
             if ET.parse(p).getroot().tag == f"{atom}feed"]
    if not feeds:
        pytest.skip("this build has no Atom feed")
    problems = []
    for feed in feeds:
        hrefs = [el.get("href", "") for el in ET.parse(feed).getroot().iter(f"{atom}link")]
        assert hrefs, f"{feed.name} has no links"
        for href in hrefs:
            link = Link(feed.name, "link", href)
            if links.target(feed.name, href) is None:
                if why := external_problem(href):
                    problems.append(f"{link}: {why}")
            elif why := links.problem(link):
                problems.append(why)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("url", "ok"), [
    ("https://www.youtube.com/watch?v=abc&t=5s", True),
    ("http://127.0.0.1:8000/", True),
    ("mailto:notes@example.org", True),
    ("https://exa mple.org/", False),
    ("https://example.org/a b", False),
    ("https:///path", False),
    ("https://example/", False),
    ("https://-bad-.org/", False),
    ("https://example.org:99999/", False),
    ("javascript:alert(1)", False),
    ("ftp://example.org/file", False),
])
def test_external_check_tells_good_from_malformed(url: str, ok: bool) -> None:
    assert (external_problem(url) is None) is ok
