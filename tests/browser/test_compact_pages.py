"""Compacted pages (build_notes/site/compact.py) look and work as the theme's own, in Chromium.

- A page of each kind as the theme writes it and the same page compacted (tests/page_sizes.py),
  at 1280 and 390 px: the same text as laid out (innerText) and the same screenshot, but for
  the edges of an icon drawn by a mask rather than a path (a few dozen pixels a little
  lighter or darker, measured: 62 pixels, at most 18 of 255 apart).
- On the site built with the plugin: each of the theme's icons shows at a size above zero in
  its colour's shape, the palette chosen on one page is the next page's (its script now
  loads from the assets), the navigation drawer opens at 390 px,
  and the header's search box takes a query and shows its results.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from build_notes.assets import ICON_ATTRIBUTE
from tests.browser.conftest import DESKTOP, PHONE, ServedSite, open_tab
from tests.browser.serving import serve
from tests.conftest import Site
from tests.page_sizes import build_plain, compacted_copy, shaped_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

# Screenshots of a page and its compacted copy differ only in icon edges (see the module).
_MOST_PIXELS = 400
_MOST_APART = 40

_DIFF = """async ([a, b]) => {
  const load = src => new Promise((ok, fail) => {
    const image = new Image();
    image.onload = () => ok(image); image.onerror = fail; image.src = src; });
  const [x, y] = [await load(a), await load(b)];
  if (x.width !== y.width || x.height !== y.height)
    return {size: [x.width, x.height, y.width, y.height], pixels: -1, apart: 255};
  const data = image => { const c = document.createElement('canvas');
    c.width = image.width; c.height = image.height; const g = c.getContext('2d');
    g.drawImage(image, 0, 0); return g.getImageData(0, 0, c.width, c.height).data; };
  const [p, q] = [data(x), data(y)];
  let pixels = 0, apart = 0;
  for (let i = 0; i < p.length; i += 4) {
    const d = Math.max(Math.abs(p[i] - q[i]), Math.abs(p[i + 1] - q[i + 1]),
                       Math.abs(p[i + 2] - q[i + 2]));
    if (d) { pixels++; apart = Math.max(apart, d); } }
  return {pixels, apart};
}"""


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServedSite, ServedSite]]:
    folder = tmp_path_factory.mktemp("compact-browser")
    plain = build_plain(shaped_project(folder / "project"), folder)
    compacted = compacted_copy(plain, folder / "site-compacted")
    with serve(plain.root) as plain_url, serve(compacted.root) as compacted_url:
        yield ServedSite(plain, plain_url), ServedSite(compacted, compacted_url)


def _one_of_each_kind(site: Site) -> list[str]:
    root = site.root

    def first(pattern: str) -> str:
        page = sorted(root.glob(pattern))[0]
        return page.parent.relative_to(root).as_posix() + "/"

    return ["", first("talks/*/real-shaped-input/index.html"), first("conferences/*/index.html"),
            first("themes/*/index.html"), first("organizations/*/index.html"),
            first("speakers/*/index.html"), first("tags/*/index.html"), "search/", "explore/",
            "stats/", "404.html"]


def _screenshot(page: Page, url: str) -> tuple[str, str]:
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status in (200, 404), url
    page.wait_for_timeout(200)  # the theme's scripts set the tabs and the palette
    shot = page.screenshot(full_page=True, animations="disabled")
    return page.inner_text("body"), "data:image/png;base64," + base64.b64encode(shot).decode()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_a_compacted_page_shows_what_the_themes_own_shows(
        browser: Browser, both: tuple[ServedSite, ServedSite], viewport: ViewportSize) -> None:
    plain, compacted = both
    # Both sites in one context (two hosts to the browser), for the same stored state.
    context = browser.new_context(viewport=viewport, service_workers="block")
    page = context.new_page()
    try:
        for path in _one_of_each_kind(plain.site):
            text, before = _screenshot(page, plain.url(path))
            text_after, after = _screenshot(page, compacted.url(path))
            assert text_after == text, path
            diff: dict[str, Any] = page.evaluate(_DIFF, [before, after])
            assert 0 <= diff["pixels"] <= _MOST_PIXELS and diff["apart"] <= _MOST_APART, \
                (path, diff)
    finally:
        context.close()


_ICONS = f"""() => [...document.querySelectorAll('svg[{ICON_ATTRIBUTE}]')]
  .filter(svg => svg.checkVisibility())
  .map(svg => {{ const box = svg.getBoundingClientRect(), style = getComputedStyle(svg);
    return {{name: svg.getAttribute('{ICON_ATTRIBUTE}'), width: box.width, height: box.height,
             mask: style.maskImage || style.webkitMaskImage,
             fill: style.backgroundColor, color: style.color}}; }})"""


def _visible_icons(page: Page) -> list[dict[str, Any]]:
    icons: list[dict[str, Any]] = page.evaluate(_ICONS)
    for icon in icons:
        assert icon["width"] > 0 and icon["height"] > 0, icon
        assert "data:image/svg+xml" in icon["mask"], icon
        assert icon["fill"] == icon["color"], icon
    return icons


def _names(icons: list[dict[str, Any]]) -> set[str]:
    return {icon["name"] for icon in icons}


def test_the_icons_show_and_the_header_works_at_1280px(browser: Browser,
                                                       served_site: ServedSite) -> None:
    tab, context = open_tab(browser, served_site)
    try:
        talk = sorted(served_site.site.root.glob("talks/*/*/index.html"))[0]
        tab.goto(talk.parent.relative_to(served_site.site.root).as_posix() + "/")
        # The logo, the palette's toggle (one of two at a time), back to top (hidden until
        # the reader scrolls up).
        assert {"library", "weather-night"} <= _names(_visible_icons(tab.page))
        tab.page.click("label[for='__palette_1']")
        assert "weather-sunny" in _names(_visible_icons(tab.page))
        # The palette's script, loaded from the assets, gives the next page the reader's
        # choice (its global `palette` is the choice it read from the browser's storage).
        tab.goto("")
        assert any(url.endswith("/assets/talk-notes/palette.js") for url in tab.watch.requests)
        assert tab.page.evaluate("window.palette?.color?.scheme") == "slate"
        assert tab.page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        tab.wait_for_search_ready()
        box = tab.page.locator(".tn-hsearch__input")
        box.fill("ceph")  # a word of the seed's notes and of the synthetic ones
        tab.page.wait_for_function("() => document.querySelector('.tn-hsearch__input')"
                                   "?.getAttribute('data-tn-answered') === 'ceph'")
        assert tab.page.locator(".tn-hsearch a.tn-result__title").count() > 0
        assert not tab.watch.problems, tab.watch.problems
    finally:
        context.close()


def test_the_drawer_opens_at_390px(browser: Browser, served_site: ServedSite) -> None:
    tab, context = open_tab(browser, served_site, viewport=PHONE)
    try:
        tab.goto("")
        assert {"menu", "library", "weather-night"} <= _names(_visible_icons(tab.page))
        drawer = tab.page.locator(".md-nav--primary")
        assert drawer.bounding_box() is None or drawer.bounding_box()["x"] < 0  # type: ignore[index]
        tab.page.click("label.md-header__button[for='__drawer']")
        tab.page.wait_for_function("() => document.querySelector('.md-nav--primary')"
                                   ".getBoundingClientRect().left >= 0")
        assert tab.page.locator(".md-nav--primary > ul > li > a", has_text="Conferences") \
            .is_visible()
        assert "library" in _names(_visible_icons(tab.page))  # the drawer's own logo
        tab.page.click("label.md-overlay", position={"x": 370, "y": 400})  # beside the drawer
        tab.wait_for_search_ready()
        tab.page.locator(".tn-hsearch__input").fill("ceph")
        tab.page.wait_for_function("() => document.querySelector('.tn-hsearch__input')"
                                   "?.getAttribute('data-tn-answered') === 'ceph'")
        assert tab.page.locator(".tn-hsearch a.tn-result__title").first.is_visible()
        assert not tab.watch.problems, tab.watch.problems
    finally:
        context.close()

