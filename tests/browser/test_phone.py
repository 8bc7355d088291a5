"""At 390 x 844 (a phone) and 1280 x 800: the search's filters are reachable before the
results, the site's title and the breadcrumb are read whole, Explore needs no sideways
scrolling, and the small controls are targets of at least 24 px (WCAG 2.5.8).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import DESKTOP, PHONE, ServedSite, Tab, open_tab
from tests.talk_files import sample_pages

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ViewportSize

pytestmark = pytest.mark.browser

SIZES = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
RESULT = ".tn-search-page .tn-result"


def wait_answered(tab: Tab, query: str) -> None:
    tab.page.wait_for_function(
        "q => document.querySelector('[data-tn-search-page]')"
        "?.getAttribute('data-tn-answered') === q", arg=query)


def top(tab: Tab, selector: str) -> float:
    box = tab.page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return float(box["y"])


@SIZES
def test_search_filters_come_before_the_results(browser: Browser, served_synthetic: ServedSite,
                                                viewport: ViewportSize) -> None:
    tab, context = open_tab(browser, served_synthetic, viewport=viewport)
    page = tab.page
    try:
        tab.goto("search/?q=the")
        wait_answered(tab, "the")
        toggle = page.locator(".tn-search__toggle")
        if viewport is PHONE:
            assert page.locator(".tn-facets").is_hidden()
            assert toggle.is_visible() and toggle.inner_text() == "Filters"
            assert top(tab, ".tn-search__toggle") < top(tab, RESULT)
            assert top(tab, ".tn-search__toggle") < viewport["height"]
            toggle.click()
            assert toggle.get_attribute("aria-expanded") == "true"
        else:
            assert toggle.is_hidden()
        assert page.locator(".tn-facets").is_visible()
        facet = page.locator(".tn-facet[data-filter='theme'] .tn-facet__value").nth(1)
        facet.locator("label").click()
        page.wait_for_function("() => /filtered\\.$/.test("
                               "document.querySelector('.tn-search__status').textContent)")
        wait_answered(tab, "the")
        # The results come into view once they are drawn (a smooth scroll: wait for it).
        page.wait_for_function("""() => {
            const top = document.querySelector('.tn-search__status').getBoundingClientRect().top;
            return top >= 0 && top < window.innerHeight; }""")
        status = page.locator(".tn-search__status").bounding_box()
        assert status is not None and 0 <= status["y"] < viewport["height"], status
        if viewport is PHONE:
            assert toggle.inner_text() == "Filters (1)"
            assert top(tab, ".tn-facets") < top(tab, RESULT)
        assert not tab.watch.problems, "\n".join(tab.watch.problems)
    finally:
        context.close()


OVERFLOWS = """sel => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null)
                .map(e => [e.scrollWidth, e.clientWidth, e.textContent.trim()])
                .filter(([scroll, client]) => scroll > client + 1)"""


@SIZES
@pytest.mark.parametrize("kind", ["talk", "conference", "speaker", "tag"])
def test_the_title_and_breadcrumb_are_read_whole(browser: Browser, served_site: ServedSite,
                                                 viewport: ViewportSize, kind: str) -> None:
    tab, context = open_tab(browser, served_site, viewport=viewport)
    try:
        tab.goto(sample_pages()[kind])
        title = tab.page.locator(".md-header__topic").first
        assert title.inner_text().strip() == tab.page.evaluate(
            "() => document.querySelector('meta[property=\"og:site_name\"]')?.content "
            "|| document.title.split(' - ').pop()")
        for selector in (".md-header__topic:first-child .md-ellipsis", ".md-path",
                         ".md-path__link", ".md-path__item"):
            assert not tab.page.evaluate(OVERFLOWS, selector), (selector, tab.page.evaluate(
                OVERFLOWS, selector))
    finally:
        context.close()


@SIZES
def test_explore_needs_no_sideways_scrolling(browser: Browser, served_synthetic: ServedSite,
                                             viewport: ViewportSize) -> None:
    tab, context = open_tab(browser, served_synthetic, viewport=viewport)
    try:
        tab.goto("explore/")
        tab.page.wait_for_selector(".tn-explore--live")
        wide = tab.page.evaluate("""() => [document.documentElement,
            ...document.querySelectorAll('.tn-explore .md-typeset__scrollwrap, '
                                         + '.tn-explore .md-typeset__table, .tn-explore table')]
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className || e.tagName)""")
        assert not wide
        # Every row still says what each value is (a phone shows the header's label).
        if viewport is PHONE:
            label = tab.page.locator(".tn-explore tbody tr").first.locator("td").nth(1)
            content = label.evaluate("td => getComputedStyle(td, '::before').content")
            assert "Conference" in content
        assert not tab.watch.problems, "\n".join(tab.watch.problems)
    finally:
        context.close()


SMALL_TARGETS = """sel => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null)
    .map(e => [e.textContent.trim(), e.getBoundingClientRect().height])
    .filter(([, h]) => h < 24)"""


@SIZES
def test_small_controls_are_targets_of_24_px(browser: Browser, served_synthetic: ServedSite,
                                             viewport: ViewportSize) -> None:
    tab, context = open_tab(browser, served_synthetic, viewport=viewport)
    page = tab.page
    try:
        tab.goto("explore/")
        page.wait_for_selector(".tn-explore--live")
        for selector in (".tn-explore .tn-sort", ".tn-explore .tn-pager a"):
            assert page.locator(selector).count()
            assert not page.evaluate(SMALL_TARGETS, selector), selector
        tagged = next(p for p in served_synthetic.site.root.glob("talks/*/*/index.html")
                      if 'class="tn-tag"' in p.read_text("utf-8"))
        tab.goto(tagged.parent.relative_to(served_synthetic.site.root).as_posix() + "/")
        assert not page.evaluate(SMALL_TARGETS, ".tn-tag")
        tab.goto("search/?q=the")
        wait_answered(tab, "the")
        if viewport is PHONE:
            page.locator(".tn-search__toggle").click()
        rows = ".tn-facet__value"
        assert not page.evaluate(SMALL_TARGETS, rows)
        # Apart from one another: no two values' boxes touch or overlap.
        gaps = page.evaluate("""sel => { const b = [...document.querySelectorAll(sel)]
            .filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect());
            return b.slice(1).map((r, i) => r.top - b[i].bottom).filter(g => g >= 0 && g < 1); }""",
                             rows + " label")
        assert not gaps
    finally:
        context.close()


def test_space_on_a_filter_keeps_the_focus(browser: Browser, served_site: ServedSite) -> None:
    tab, context = open_tab(browser, served_site)
    page = tab.page
    try:
        tab.goto("search/?q=ceph")
        wait_answered(tab, "ceph")
        box = page.locator(".tn-facet[data-filter='theme'] input").first
        value = box.get_attribute("value")
        box.focus()
        page.keyboard.press("Space")
        page.wait_for_url(f"**theme={value}*")
        wait_answered(tab, "ceph")
        focused = page.evaluate("() => [document.activeElement.name, document.activeElement.value,"
                                " document.activeElement.checked]")
        assert focused == ["theme", value, True]
        page.keyboard.press("Space")
        page.wait_for_function("() => !location.search.includes('theme=')")
        wait_answered(tab, "ceph")
        assert page.evaluate("() => document.activeElement.name") == "theme"
    finally:
        context.close()
