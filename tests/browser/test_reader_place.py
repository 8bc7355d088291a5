"""What a reader sees in Chromium on sites the project has never seen: generated talks
(more than 100, so Explore has pages) and the same without organisations, ratings or
slides. Back keeps the place in Search and Explore; no filter offers nothing; names such as
`__proto__` are names like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import ServedSite, Tab, open_tab

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

PAGE = "[data-tn-search-page]"
RESULTS = ".tn-search-page .tn-result"


def wait_answered(tab: Tab, query: str) -> None:
    tab.page.wait_for_function(
        "q => document.querySelector('[data-tn-search-page]')"
        "?.getAttribute('data-tn-answered') === q", arg=query)


def result_count(tab: Tab) -> int:
    return tab.page.locator(RESULTS).count()


def test_back_to_search_shows_as_many_results_at_the_same_place(
        browser: Browser, served_synthetic: ServedSite) -> None:
    query = "the"  # a word of nearly every note: several pages of results
    assert len(served_synthetic.site.search_pages(" the ")) > 25
    tab, context = open_tab(browser, served_synthetic)
    page = tab.page
    try:
        tab.goto(f"search/?q={query}")
        wait_answered(tab, query)
        assert result_count(tab) == 10
        page.locator(".tn-search__more").click()
        page.wait_for_function("s => document.querySelectorAll(s).length >= 20", arg=RESULTS)
        sixteenth = page.locator(f"{RESULTS} a.tn-result__title").nth(15)
        sixteenth.scroll_into_view_if_needed()
        page.evaluate("() => window.scrollBy(0, 100)")
        page.wait_for_timeout(300)  # the scroll is remembered 100 ms after it stops
        scroll = page.evaluate("() => window.scrollY")
        assert scroll > 500
        target = tab.served.path(sixteenth.get_attribute("href") or "")
        sixteenth.click()
        page.wait_for_url(lambda u: tab.served.path(u) != "search/")
        assert tab.path == target or tab.path.startswith("talks/")
        page.go_back()
        wait_answered(tab, query)
        assert result_count(tab) == 20
        page.wait_for_function("y => Math.abs(window.scrollY - y) <= 2", arg=scroll)
        # A reload (as when the browser dropped the page) finds the same place too.
        page.reload()
        wait_answered(tab, query)
        assert result_count(tab) == 20
        page.wait_for_function("y => Math.abs(window.scrollY - y) <= 2", arg=scroll)
        # A new query starts from its first page, at the top.
        box = page.locator(".tn-search__input")
        box.fill("")
        box.press_sequentially("and")
        wait_answered(tab, "and")
        assert result_count(tab) == 10
        assert not tab.watch.problems, "\n".join(tab.watch.problems)
    finally:
        context.close()


def explore_status(tab: Tab) -> str:
    return tab.page.inner_text(".tn-count-shown")


def test_each_explore_page_and_filter_is_a_history_entry(
        browser: Browser, served_synthetic: ServedSite) -> None:
    tab, context = open_tab(browser, served_synthetic)
    page = tab.page
    try:
        tab.goto("")
        tab.goto("explore/")
        page.wait_for_selector(".tn-explore--live")
        assert "page 1 of" in explore_status(tab)
        page.locator(".tn-explore .tn-pager a", has_text="Next").click()
        page.wait_for_url("**/explore/?page=2")
        assert "page 2 of" in explore_status(tab)
        first_row = page.locator(".tn-explore tbody tr").first.inner_text()
        select = page.locator(".tn-filters select[name='format']")
        value = select.locator("option").nth(1).get_attribute("value")
        select.select_option(value)
        page.wait_for_url(f"**/explore/?format={value}")
        page.go_back()
        page.wait_for_url("**/explore/?page=2")
        assert "page 2 of" in explore_status(tab)
        assert select.input_value() == ""
        assert page.locator(".tn-explore tbody tr").first.inner_text() == first_row
        page.go_back()
        page.wait_for_function("() => !location.search")
        assert tab.path == "explore/"
        assert "page 1 of" in explore_status(tab)
        page.go_forward()
        page.wait_for_url("**/explore/?page=2")
        assert "page 2 of" in explore_status(tab)
        assert not tab.watch.problems, "\n".join(tab.watch.problems)
    finally:
        context.close()


def test_no_filter_or_column_offers_nothing(browser: Browser, served_bare: ServedSite) -> None:
    tab, context = open_tab(browser, served_bare)
    page = tab.page
    try:
        tab.goto("search/?q=the")
        wait_answered(tab, "the")
        kinds = page.locator(".tn-facet").evaluate_all("fs => fs.map(f => f.dataset.filter)")
        assert "organization" not in kinds and "rating" not in kinds
        assert "theme" in kinds
        assert "None of these" not in page.inner_text(PAGE)
        tab.goto("explore/")
        page.wait_for_selector(".tn-explore--live")
        names = page.locator(".tn-filters select").evaluate_all("s => s.map(x => x.name)")
        assert names == ["theme", "conference", "format"]
        # Every format offered has talks: choosing any leaves some rows.
        for value in page.locator(".tn-filters select[name='format'] option").evaluate_all(
                "os => os.map(o => o.value).filter(Boolean)"):
            page.select_option(".tn-filters select[name='format']", value)
            assert page.locator(".tn-explore tbody tr").count() > 0, value
        headers = page.locator(".tn-explore thead th").count()
        cells = page.locator(".tn-explore tbody tr").first.locator("td").count()
        assert headers == cells == 5
        assert not tab.watch.problems, "\n".join(tab.watch.problems)
    finally:
        context.close()
