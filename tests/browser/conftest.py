"""Browser fixtures: the real site served on 127.0.0.1 and one headless Chromium per session.

The site is tested as readers get it: the repository's own build (the `real_site` fixture),
served over HTTP by a throwaway server (pages, the search worker and its index load as they
do from a host, not as from file:// URLs), in Debian's Chromium driven by Playwright.
Chromium and the npm tools are system dependencies: locally a missing one skips the tests
with a message saying how to get it; in CI (CI=true) it fails them, because a skipped browser
suite would pass without testing anything.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NoReturn
from urllib.parse import urlsplit

import pytest

from tests.browser.serving import find_chromium, launch_chromium, serve
from tests.conftest import ROOT, Site

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Page,
        Playwright,
        Request,
        Response,
        Route,
        ViewportSize,
    )

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def unavailable(message: str) -> NoReturn:
    """Skip locally, fail in CI: there a missing tool means the suite silently tested nothing."""
    if in_ci():
        pytest.fail(f"{message} (CI=true, so browser tests must run)", pytrace=False)
    pytest.skip(message)


# --- The site, served -------------------------------------------------------------------------


@dataclass(frozen=True)
class ServedSite:
    site: Site
    base_url: str  # http://127.0.0.1:<port>/

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")

    def path(self, url: str) -> str:
        """The site path of a URL of this server (`talks/x/y/`), without query or fragment."""
        assert self.is_own(url), f"{url} is not on {self.base_url}"
        return urlsplit(url).path.lstrip("/")

    def is_own(self, url: str) -> bool:
        parts, own = urlsplit(url), urlsplit(self.base_url)
        return (parts.scheme, parts.netloc) == (own.scheme, own.netloc)

    def pages(self) -> list[str]:
        """Every generated page's URL path: each index.html of the build, plus the 404 page."""
        root = self.site.root
        paths = sorted(p.parent.relative_to(root).as_posix() for p in root.rglob("index.html"))
        return [("" if p == "." else p + "/") for p in paths] + ["404.html"]


@pytest.fixture(scope="session")
def served_site(real_site: Site) -> Iterator[ServedSite]:
    with serve(real_site.root) as base_url:
        yield ServedSite(real_site, base_url)


@pytest.fixture(scope="session")
def served_synthetic(synthetic_site: Site) -> Iterator[ServedSite]:
    """Generated talks (tests/sites.py): more than 100, so Explore has pages."""
    with serve(synthetic_site.root) as base_url:
        yield ServedSite(synthetic_site, base_url)


@pytest.fixture(scope="session")
def served_bare(bare_site: Site) -> Iterator[ServedSite]:
    """Generated talks without organisations, ratings or slides."""
    with serve(bare_site.root) as base_url:
        yield ServedSite(bare_site, base_url)


# --- The browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable('Playwright is not installed: pip install -e ".[test]"')
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    executable = find_chromium()
    if executable is None:
        where = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium or on PATH"
        unavailable(f"No Chromium found at {where}: apt-get install chromium")
    browser = launch_chromium(playwright_instance, executable)
    yield browser
    browser.close()


@dataclass
class Watch:
    """What went wrong while pages loaded: console errors, script errors, failed requests.

    Requests to any host but the site's own are recorded and aborted: the site must work
    offline and must not tell a third party who reads it. Problems are kept in the order
    they happened, so a caller can tell which page caused them.
    """

    served: ServedSite
    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every URL the pages asked for

    def attach(self, context: BrowserContext) -> None:
        context.route(lambda url: not self.served.is_own(url), self._block)
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("requestfailed", self._failed)
        context.on("response", self._response)
        context.on("page", self.watch_page)

    def watch_page(self, page: Page) -> None:
        def console(message: ConsoleMessage) -> None:
            if message.type in ("error", "assert"):
                where = message.location
                self.problems.append(f"console {message.type}: {message.text} "
                                     f"({where.get('url')}:{where.get('lineNumber')})")

        page.on("console", console)
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))

    def _failed(self, request: Request) -> None:
        # Other hosts' requests are reported by _block. ERR_ABORTED is the browser cancelling
        # a request it no longer needs (a late favicon when the test moves to the next page);
        # a missing file still shows as its HTTP 404 response, reported by _response.
        if self.served.is_own(request.url) and request.failure != "net::ERR_ABORTED":
            self.problems.append(
                f"failed request: {request.method} {request.url}: {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"failed request: {response.request.method} {response.url}: "
                                 f"HTTP {response.status}")

    def _block(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("http", "https", "ws", "wss"):
            self.problems.append(f"request to another host: {url}")
        route.abort("blockedbyclient")


@dataclass
class Tab:
    """A page in its own browser context, with the Watch that records its problems."""

    page: Page
    watch: Watch
    served: ServedSite

    def goto(self, path: str = "") -> None:
        response = self.page.goto(self.served.url(path), wait_until="load")
        assert response is not None and response.ok, f"{path}: {response and response.status}"

    def wait_for_search_ready(self) -> None:
        """The site's search script has set up the header's search box (it loads nothing
        of the index before someone types)."""
        self.page.wait_for_function(
            "() => document.querySelector('[data-tn-search-box]')?.dataset.ready === '1'")

    @property
    def path(self) -> str:
        return self.served.path(self.page.url)


def open_tab(browser: Browser, served: ServedSite, *, viewport: ViewportSize = DESKTOP,
             color_scheme: Literal["light", "dark"] = "light",
             init_script: str | None = None) -> tuple[Tab, BrowserContext]:
    """A fresh context and page; returns the tab and the context (the caller closes it)."""
    context = browser.new_context(viewport=viewport, color_scheme=color_scheme,
                                  service_workers="block")
    context.set_default_timeout(10_000)
    watch = Watch(served)
    watch.attach(context)
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    return Tab(page, watch, served), context


@pytest.fixture
def tab(browser: Browser, served_site: ServedSite) -> Iterator[Tab]:
    """A desktop-sized page of its own, so no test inherits another's state (search, scroll)."""
    tab, context = open_tab(browser, served_site)
    yield tab
    context.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.is_file():
        unavailable(f"axe-core is missing ({AXE.relative_to(ROOT)}): run `npm ci`")
    return AXE
