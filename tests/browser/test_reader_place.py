"""What a reader sees in Chromium on sites the project has never seen: generated talks
(more than 100, so Explore has pages) and the same without organisations, ratings or
slides. Back keeps the place in Search and Explore; no filter offers nothing; names such as
`__proto__` are names like any other.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
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


def status_count(tab: Tab) -> int:
    text = tab.page.inner_text(".tn-search__status")
    return int(text.split(" ")[0]) if text[0].isdigit() else 0


def test_values_of_one_filter_widen_and_filters_of_two_kinds_narrow(
        browser: Browser, served_synthetic: ServedSite) -> None:
    facets = served_synthetic.site.search_facets()
    themes = Counter(t for values in facets.values() for t in values["theme"])
    (a, _), (b, _) = themes.most_common(2)
    fmt = Counter(f for values in facets.values() for f in values["format"]).most_common(1)[0][0]
    either = {url for url, v in facets.items() if {a, b} & set(v["theme"])}
    narrowed = {url for url in either if fmt in facets[url]["format"]}
    assert len(either) > max(themes[a], themes[b]) and 0 < len(narrowed) < len(either)
    tab, context = open_tab(browser, served_synthetic)
    try:
        tab.goto(f"search/?theme={a}&theme={b}")
        wait_answered(tab, "")
        assert status_count(tab) == len(either)
        # Each theme's count says how many talks it has among those the other filters pass.
        counts = tab.page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
            ".tn-facet[data-filter='theme'] .tn-facet__value")].map(v => [
            v.querySelector('input').value,
            Number(v.querySelector('.tn-facet__count').textContent)]))""")
        assert counts[a] == themes[a] and counts[b] == themes[b]
        tab.goto(f"search/?theme={a}&theme={b}&format={fmt}")
        wait_answered(tab, "")
        assert status_count(tab) == len(narrowed)
        assert not tab.watch.problems, "\n".join(tab.watch.problems)
    finally:
        context.close()


def test_a_value_no_talk_has_is_shown_as_such(browser: Browser,
                                              served_synthetic: ServedSite) -> None:
    tab, context = open_tab(browser, served_synthetic)
    page = tab.page
    try:
        tab.goto("search/?q=the&rating=4")  # the rating's choices are "5" and "4 or more"
        wait_answered(tab, "the")
        row = page.locator(".tn-facet[data-filter='rating'] .tn-facet__value--unknown")
        assert row.count() == 1
        assert "matches no talk" in row.inner_text()
        assert row.locator(".tn-facet__count").count() == 0
        row.locator("input").click()  # the facets are redrawn without it
        page.wait_for_function("() => !location.search.includes('rating=')")
        wait_answered(tab, "the")
        assert status_count(tab) > 0
        tab.goto("explore/?format=no-such-format")
        page.wait_for_selector(".tn-explore--live")
        notice = page.locator(".tn-unknown")
        assert notice.is_visible() and "no-such-format" in notice.inner_text()
        assert "of" not in page.inner_text(".tn-count-shown").split("talks")[0]
        assert not tab.watch.problems, "\n".join(tab.watch.problems)
    finally:
        context.close()


def test_a_tag_named_proto_is_a_tag_like_any_other(tmp_path_factory: pytest.TempPathFactory,
                                                   browser: Browser) -> None:
    from tests.browser.serving import serve
    from tests.sites import build_synthetic

    def name_proto(talks: Path) -> None:
        """Three talks tagged and given by "__proto__" (a key every JavaScript object has)."""
        for path in [p for p in sorted(talks.glob("*/*.md")) if p.name != "_index.md"][:3]:
            text = re.sub(r"\n(tags|speakers): .*", "", path.read_text("utf-8"))
            path.write_text(text.replace("\ntitle:", "\ntags: [__proto__]\n"
                                         "speakers: [__proto__]\ntitle:", 1), "utf-8")

    site = build_synthetic(tmp_path_factory.mktemp("proto"), 30, edit=name_proto)
    with serve(site.root) as base_url:
        served = ServedSite(site, base_url)
        tagged = {url for url, v in site.search_facets().items() if "__proto__" in v["tag"]}
        assert tagged
        tab, context = open_tab(browser, served)
        try:
            tab.goto("search/?tag=__proto__")
            wait_answered(tab, "")
            assert status_count(tab) == len(tagged)
            count = tab.page.locator(".tn-facet[data-filter='tag'] .tn-facet__value").filter(
                has_text="__proto__").locator(".tn-facet__count").inner_text()
            assert count == str(len(tagged))
            tab.goto("search/?q=the")
            wait_answered(tab, "the")
            tab.page.locator(".tn-facet[data-filter='speaker'] summary").click()
            tab.page.locator(".tn-facet[data-filter='speaker'] .tn-facet__value").first.wait_for()
            speakers = tab.page.locator(".tn-facet[data-filter='speaker']").inner_text()
            assert "__proto__" in speakers or "more" in speakers
            tab.goto("explore/?sort=__proto__")
            tab.page.wait_for_selector(".tn-explore--live")
            assert not tab.watch.problems, "\n".join(tab.watch.problems)
        finally:
            context.close()


def test_the_single_key_shortcuts_can_be_turned_off(browser: Browser,
                                                    served_site: ServedSite) -> None:
    """WCAG 2.1.4: "/" and "s" jump to the search box until the reader turns them off on
    the search page; the browser remembers it on every page."""
    tab, context = open_tab(browser, served_site)
    page = tab.page
    box = ".tn-hsearch__input"
    try:
        tab.goto("")
        tab.wait_for_search_ready()
        page.keyboard.press("s")
        assert page.evaluate(f"document.activeElement.matches('{box}')")
        tab.goto("search/")
        switch = page.get_by_label("Keys / and s jump to the search box")
        assert switch.is_checked()
        switch.uncheck()
        tab.goto("")
        tab.wait_for_search_ready()
        assert page.locator(box).get_attribute("aria-keyshortcuts") is None
        for key in ("s", "/"):
            page.keyboard.press(key)
            assert page.evaluate("document.activeElement === document.body"), key
        tab.goto("search/")
        page.get_by_label("Keys / and s jump to the search box").check()
        tab.goto("")
        tab.wait_for_search_ready()
        assert page.locator(box).get_attribute("aria-keyshortcuts") == "/ s"
        page.keyboard.press("/")
        assert page.evaluate(f"document.activeElement.matches('{box}')")
        assert not tab.watch.problems, "\n".join(tab.watch.problems)
    finally:
        context.close()
