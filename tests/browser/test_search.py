"""The site's one search, as a reader uses it in Chromium: the header's box and /search/.

Every query of tests/search_queries.py runs twice: through /search/?q= (every result, with
"More results" until none is left) and by typing into the header's box on the home page.
The search page must list exactly the talks the test computed from the talk files
(precision and recall 100%), the intended talk first for named queries, and the header
must show the same first results and the same count. Then what a reader does around it:
filters and their counts, the URL round-trip with Back, keyboard-only use, the empty state.
Every test also checks that nothing failed and nothing was asked of another host.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

import pytest

from tests import talk_files
from tests.browser.conftest import ServedSite, Tab, open_tab
from tests.search_queries import (
    ABSENT_WORD,
    QUERIES_ALL,
    SAME_RESULTS,
    SearchCase,
    expected_talks,
    tokens,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Route

pytestmark = pytest.mark.browser

PAGE = "[data-tn-search-page]"
HEADER_BOX = ".tn-hsearch__input"
HEADER_PREVIEW = 6  # results the header shows (search.js PREVIEW)
ON_DEMAND = ("conference", "organization", "speaker", "tag")  # loaded when opened (search.js)
FACET_COUNTS = """() => Object.fromEntries(
    [...document.querySelectorAll('.tn-facet')].map(f => [f.dataset.filter,
      Object.fromEntries([...f.querySelectorAll('.tn-facet__value')].map(v => [
        v.querySelector('input').value,
        Number(v.querySelector('.tn-facet__count').textContent)]))]))"""


@pytest.fixture(scope="module")
def search_tab(browser: Browser, served_site: ServedSite) -> Iterator[Tab]:
    tab, context = open_tab(browser, served_site)
    yield tab
    assert not tab.watch.problems, "\n".join(tab.watch.problems)
    assert all(served_site.is_own(url) for url in tab.watch.requests)
    context.close()


def wait_answered(tab: Tab, selector: str, query: str) -> None:
    tab.page.wait_for_function(
        "([s, q]) => document.querySelector(s)?.getAttribute('data-tn-answered') === q",
        arg=[selector, query])


def shown_results(tab: Tab, scope: str) -> list[str]:
    hrefs: list[str] = tab.page.locator(f"{scope} a.tn-result__title").evaluate_all(
        "links => links.map(a => a.href)")
    return [tab.served.path(h) for h in hrefs]


def page_results(tab: Tab, query: str, **filters: str) -> list[str]:
    """Every result of /search/?q=query&filters, best first."""
    tab.goto("search/?" + urlencode({"q": query, **filters}, quote_via=quote))
    wait_answered(tab, PAGE, query)
    more = tab.page.locator(".tn-search__more")
    while more.is_visible():
        before = tab.page.locator(".tn-search-page .tn-result").count()
        more.click()
        tab.page.wait_for_function(
            "n => document.querySelectorAll('.tn-search-page .tn-result').length > n", arg=before)
    return shown_results(tab, ".tn-search-page")


def header_results(tab: Tab, query: str) -> tuple[list[str], str]:
    """The results under the header's box after typing `query`, and its status line."""
    if tab.served.path(tab.page.url) != "":
        tab.goto("")
    box = tab.page.locator(HEADER_BOX)
    box.fill("")
    box.press_sequentially(query)
    wait_answered(tab, HEADER_BOX, query)
    return shown_results(tab, ".tn-hsearch"), tab.page.inner_text(".tn-hsearch__status")


def count_in(status: str) -> int:
    m = re.search(r"(\d+) talks?", status)
    return int(m.group(1)) if m else 0


@pytest.mark.parametrize("case", QUERIES_ALL, ids=str)
def test_query_finds_exactly_the_talks_that_have_it(search_tab: Tab, case: SearchCase) -> None:
    found = page_results(search_tab, case.query)
    assert len(found) == len(set(found)), f"{case.query!r}: a talk is listed twice"
    missing, extra = case.expected - set(found), set(found) - case.expected
    assert not missing and not extra, (f"{case.query!r}: missing {sorted(missing)}, "
                                       f"not wanted {sorted(extra)}")
    if case.url:
        assert found[0] == case.url, f"{case.query!r} must list {case.url} first: {found[:4]}"
    header, status = header_results(search_tab, case.query)
    assert header == found[:HEADER_PREVIEW], f"{case.query!r}: the header's box disagrees"
    assert count_in(status) == len(found), status


@pytest.mark.parametrize("spellings", SAME_RESULTS, ids=" = ".join)
def test_spellings_find_the_same_talks(search_tab: Tab, spellings: tuple[str, ...]) -> None:
    answers = {q: sorted(page_results(search_tab, q)) for q in spellings}
    first = answers[spellings[0]]
    assert first, f"{spellings[0]!r} finds nothing"
    assert all(a == first for a in answers.values()), answers


def open_facet(tab: Tab, kind: str) -> None:
    """Open a facet that loads when opened, and wait until it shows its values."""
    tab.page.locator(f".tn-facet[data-filter='{kind}'] .tn-facet__load summary").click()
    tab.page.wait_for_function(
        "k => document.querySelector(`.tn-facet[data-filter='${k}']`) && "
        "!document.querySelector(`.tn-facet[data-filter='${k}'] .tn-facet__load`)", arg=kind)


def listed(talk: talk_files.TalkFile, kind: str) -> list[str]:
    """The talk's values of a filter, from its file (a conference is its folder)."""
    if kind == "conference":
        return [talk.conference_id]
    return [str(v) for v in talk.meta.get(kind + "s") or []]


def test_filter_counts_are_talk_counts(search_tab: Tab) -> None:
    query = "openstack"
    talks = [t for t in talk_files.talk_files() if t.url in expected_talks(query)]
    start = len(search_tab.watch.requests)
    page_results(search_tab, query)

    def filter_files() -> set[str]:
        return {u for u in search_tab.watch.requests[start:] if "/search/facets/" in u}

    # Conferences, organisations, speakers and tags (thousands of values on a big site)
    # are not loaded by a query: each loads, one file, when the reader opens it.
    counts = search_tab.page.evaluate(FACET_COUNTS)
    assert set(counts) >= {"theme", "format", "rating", *ON_DEMAND}
    assert not any(counts[kind] for kind in ON_DEMAND), counts
    for kind in ON_DEMAND:
        before = filter_files()
        open_facet(search_tab, kind)
        assert len(filter_files() - before) == 1, f"opening {kind} loads its filter"
    counts = search_tab.page.evaluate(FACET_COUNTS)
    for theme in talk_files.themes():
        n = sum(theme["id"] in t.themes for t in talks)
        assert counts["theme"].get(theme["id"], 0) == n, theme["id"]
    for kind in ON_DEMAND:
        expected = Counter(v for t in talks for v in set(listed(t, kind)))
        assert counts[kind] == dict(expected), kind
    rated = sum((t.meta.get("rating") or 0) >= 4 for t in talks)
    assert counts["rating"].get("4 or more", 0) == rated
    # Checking a value narrows the results to that many talks.
    search_tab.page.check(".tn-facet[data-filter='rating'] input[value='4 or more']")
    search_tab.page.wait_for_function(
        "n => document.querySelector('.tn-search__status').textContent.startsWith(n + ' talk')",
        arg=rated)


def test_a_url_filtering_on_a_speaker_or_organisation_shows_its_talks(search_tab: Tab) -> None:
    """A shared URL that filters on a facet loaded on demand shows its talks and counts
    at once, with or without a query."""
    talks = talk_files.talk_files()
    for kind, query in (("speaker", ""), ("organization", "openstack")):
        # The most common value among the talks the query finds, whatever else talks/ holds.
        found_by_query = [t for t in talks if not query or t.url in expected_talks(query)]
        value, _ = Counter(v for t in found_by_query for v in listed(t, kind)).most_common(1)[0]
        expected = {t.url for t in found_by_query if value in listed(t, kind)}
        assert expected, f"the test needs talks with the {kind} {value!r}"
        found = page_results(search_tab, query, **{kind: value})
        assert sorted(found) == sorted(expected), (kind, value)
        facet = f".tn-facet[data-filter='{kind}']"
        checked = search_tab.page.locator(f"{facet} input:checked").evaluate_all(
            "inputs => inputs.map(i => i.value)")
        assert checked == [value], (kind, checked)
        assert search_tab.page.evaluate(FACET_COUNTS)[kind][value] == len(expected)


def test_the_url_keeps_the_search_and_back_restores_it(browser: Browser,
                                                       served_site: ServedSite) -> None:
    tab, context = open_tab(browser, served_site)
    try:
        page = tab.page
        tab.goto("search/")
        page.locator(".tn-search__input").press_sequentially("ceph")
        wait_answered(tab, PAGE, "ceph")
        theme = page.locator(".tn-facet[data-filter='theme'] input").first
        value = theme.get_attribute("value")
        assert value
        theme.check()
        page.wait_for_url(re.compile(r"[?&]theme=" + re.escape(quote(value))))
        assert "q=ceph" in page.url
        page.wait_for_function("n => document.querySelector('.tn-search__status')"
                               ".textContent.endsWith('filtered.')", arg=0)
        before = shown_results(tab, ".tn-search-page")
        url = page.url
        assert before and set(before) <= {t.url for t in talk_files.talk_files()
                                          if value in t.themes}
        page.locator(".tn-search-page a.tn-result__title").first.click()
        page.wait_for_url(lambda u: served_site.path(u).startswith("talks/"))
        page.go_back()
        wait_answered(tab, PAGE, "ceph")
        assert page.url == url
        assert page.locator(".tn-search__input").input_value() == "ceph"
        assert page.locator(f".tn-facet[data-filter='theme'] input[value='{value}']").is_checked()
        assert shown_results(tab, ".tn-search-page") == before
        # Opening the URL afresh (shared) shows the same results at once.
        tab.goto(served_site.path(url) + url[url.index("?"):])
        wait_answered(tab, PAGE, "ceph")
        assert shown_results(tab, ".tn-search-page") == before
        assert not tab.watch.problems, "\n".join(tab.watch.problems)
    finally:
        context.close()


@pytest.mark.parametrize("shortcut", ["/", "s"])
def test_keyboard_only_search(browser: Browser, served_site: ServedSite, shortcut: str) -> None:
    """A shortcut focuses the box, arrows pick a result, Enter opens it; Enter in the box
    opens the search page with the query."""
    case = QUERIES_ALL[0]
    tab, context = open_tab(browser, served_site)
    try:
        page = tab.page
        tab.goto("")
        tab.wait_for_search_ready()
        page.keyboard.press(shortcut)
        assert page.evaluate(f"document.activeElement.matches('{HEADER_BOX}')")
        assert page.locator(HEADER_BOX).input_value() == "", "the shortcut was typed"
        page.keyboard.type(case.query)
        wait_answered(tab, HEADER_BOX, case.query)
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_url(lambda u: served_site.path(u) == case.url)
        title = page.locator("article h1").first.evaluate("h => h.firstChild.textContent.trim()")
        assert title == talk_files.talk(case.url).title
        page.keyboard.press(shortcut)
        page.keyboard.type(case.query)
        page.keyboard.press("Enter")
        page.wait_for_url(lambda u: served_site.path(u) == "search/")
        wait_answered(tab, PAGE, case.query)
        assert shown_results(tab, ".tn-search-page")[0] == case.url
        assert not tab.watch.problems, "\n".join(tab.watch.problems)
    finally:
        context.close()


def test_empty_state_says_so_and_helps(search_tab: Tab) -> None:
    assert not page_results(search_tab, ABSENT_WORD)
    empty = search_tab.page.locator(".tn-search__empty")
    assert ABSENT_WORD in empty.inner_text()
    hrefs = empty.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert {search_tab.served.path(h) for h in hrefs} == {"themes/", "explore/"}
    assert all(search_tab.served.site.exists(search_tab.served.path(h)) for h in hrefs)
    # With a filter, it offers to remove it, and that finds talks again.
    theme = talk_files.themes()[0]["id"]
    assert not page_results(search_tab, "kubernetes", theme="nonexistent-" + theme)
    search_tab.page.click(".tn-search__clear")
    search_tab.page.wait_for_function(
        "() => document.querySelectorAll('.tn-search-page .tn-result').length > 0")
    assert "theme=" not in search_tab.page.url


def test_a_phrase_no_talk_has_falls_back_to_all_its_words(search_tab: Tab) -> None:
    query = "kubernetes ceph"
    assert not expected_talks(query), "the test needs a phrase that no talk has"
    with_all = expected_talks("kubernetes") & expected_talks("ceph")
    assert with_all, "the test needs talks with both words"
    assert set(page_results(search_tab, query)) == with_all
    assert "No talk has the phrase" in search_tab.page.inner_text(".tn-search__status")
    # A word that begins no word of any talk finds nothing, alone or with others.
    assert not page_results(search_tab, f"kubernetes {ABSENT_WORD}")


def test_without_a_filters_file_a_query_still_finds_its_talks(browser: Browser,
                                                              served_site: ServedSite) -> None:
    """A server that lacks a filter's file (the speakers', here): the results and the other
    filters' counts still show; filtering on it says the search could not run. So does a
    search whose index cannot load, rather than showing nothing."""
    tab, context = open_tab(browser, served_site)
    try:
        context.route("**/search/facets/speaker.*.json.gz", lambda route: route.abort())
        case = next(c for c in QUERIES_ALL if c.kind == "speaker")
        found = page_results(tab, case.query)
        assert set(found) == case.expected
        assert sum(tab.page.evaluate(FACET_COUNTS)["theme"].values()) >= len(found)
        speaker = next(s for t in talk_files.talk_files() if t.url in case.expected
                       for s in t.meta["speakers"])
        tab.goto("search/?" + urlencode({"q": case.query, "speaker": speaker}))
        could_not_run = ("() => document.querySelector('.tn-search__status')"
                         ".textContent.startsWith('The search could not run')")
        tab.page.wait_for_function(could_not_run)
        assert shown_results(tab, ".tn-search-page") == []
        context.route("**/search/index/**", lambda route: route.abort())
        tab.goto("search/?" + urlencode({"q": case.query}))
        tab.page.wait_for_function(could_not_run)
        assert shown_results(tab, ".tn-search-page") == []
    finally:
        context.close()


RESULTS_PAGE = 10  # results the search page shows at once (search.js PAGE)
SCREEN = 4  # of them, shown as soon as they are in (search.js SCREEN)


def test_the_first_screen_of_results_shows_before_the_rest_of_the_page(
        browser: Browser, served_site: ServedSite) -> None:
    """Each result is a request; the page shows the count, the filters and the results a
    screen holds once those are in, without waiting for the rest of its ten, which follow.
    Here the server holds back every result past the first screen until told."""
    case = next(c for c in QUERIES_ALL if len(c.expected) > RESULTS_PAGE)
    tab, context = open_tab(browser, served_site)
    held: list[Route] = []
    asked: list[str] = []

    def result_file(route: Route) -> None:
        asked.append(route.request.url)
        if len(asked) <= SCREEN:
            route.continue_()
        else:
            held.append(route)

    try:
        context.route(RESULT_FILES, result_file)
        # As for a query whose results do not come with its word's index (a phrase, a filter).
        context.route(FIRST_RESULTS, lambda route: route.abort())
        tab.goto("search/?" + urlencode({"q": case.query}, quote_via=quote))
        tab.page.wait_for_function(
            "q => document.querySelector('[data-tn-search-page]')"
            "?.getAttribute('data-tn-listed') === q", arg=case.query)
        first = shown_results(tab, ".tn-search-page")
        assert len(first) == SCREEN
        assert set(first) <= case.expected
        status = tab.page.locator(".tn-search__status").inner_text()
        assert status.startswith(f"{len(case.expected)} talks for"), status
        assert sum(tab.page.evaluate(FACET_COUNTS)["format"].values()) == len(case.expected)
        assert tab.page.locator(".tn-search__more").is_hidden()
        assert tab.page.locator(PAGE).get_attribute("data-tn-answered") != case.query
        tab.page.wait_for_timeout(200)  # a moment later, still held: still the first screen
        assert len(shown_results(tab, ".tn-search-page")) == SCREEN
        for route in held:
            route.continue_()
        wait_answered(tab, PAGE, case.query)
        whole = shown_results(tab, ".tn-search-page")
        assert whole[:SCREEN] == first and len(whole) == RESULTS_PAGE
        assert set(whole) <= case.expected
        assert tab.page.locator(".tn-search__more").is_visible()
    finally:
        context.close()


FIRST_RESULTS = "**/search/index/f*.json.gz"  # each word's first results (search/first.py)
RESULT_FILES = "**/search/pages/*.json.gz"  # each talk's result (search/facets.py)


def one_word_queries() -> list[str]:
    """Words a reader may search for alone: the table's one-word queries, the first long word
    of four opinion boxes (an excerpt from there says it is the note-taker's opinion; every
    box takes the same way), and a spread of the notes' words (every 120th, in order)."""
    table = [c.query for c in QUERIES_ALL if len(tokens(c.query)) == 1]
    opinions = []
    for talk in talk_files.talk_files():
        for box in re.findall(r"^!!! opinion\n((?:\n|    .*\n)+)", talk.body, re.M):
            opinions += [w for w in tokens(box) if len(w) > 6][:1]
    notes = sorted({w for t in talk_files.talk_files() for w in tokens(t.body) if len(w) > 2})
    return list(dict.fromkeys([*table, *opinions[:4], *notes[::120]]))


def first_page(tab: Tab, query: str) -> tuple[str, str]:
    """The status line and the results, as HTML, of /search/?q=query's first page."""
    tab.goto("search/?" + urlencode({"q": query}, quote_via=quote))
    wait_answered(tab, PAGE, query)
    status, results = tab.page.evaluate(
        "() => [document.querySelector('.tn-search__status').textContent, "
        "document.querySelector('.tn-search-page ol.tn-results').innerHTML]")
    return status, results


def test_a_one_word_query_shows_its_first_page_with_no_request_per_result(
        browser: Browser, served_site: ServedSite) -> None:
    """A word's first results come with its index: the page asks for no talk's result file,
    and shows each result (title, details, excerpt, marked words, the opinion label) as it
    does from the result files, which it falls back to when that file cannot load."""
    tab, context = open_tab(browser, served_site)
    result_files: list[str] = []
    context.on("request", lambda request: result_files.append(request.url)
               if "/search/pages/" in request.url else None)
    plain, plain_context = open_tab(browser, served_site)
    plain_context.route(FIRST_RESULTS, lambda route: route.abort())
    queries = one_word_queries()
    try:
        shown = ""
        for query in queries:
            result_files.clear()
            status, results = first_page(tab, query)
            assert not result_files, f"{query}: {result_files}"
            assert (status, results) == first_page(plain, query), query
            shown += results
        assert not tab.watch.problems, "\n".join(tab.watch.problems)
        assert len(queries) > 30
        # More than one result a query on average, each with its words marked.
        assert shown.count("<li") > len(queries) and shown.count("<mark>") > len(queries)
        assert "tn-result__opinion" in shown
    finally:
        context.close()
        plain_context.close()


def test_a_broken_first_results_file_leaves_the_results_to_the_result_files(
        browser: Browser, served_site: ServedSite) -> None:
    """A first-results file that loads but is not as the build writes it (a server's error
    page, a half-written deploy) costs the query its shortcut, not its results."""
    case = next(c for c in QUERIES_ALL if len(tokens(c.query)) == 1 and len(c.expected) > 1)
    word = tokens(case.query)[0]
    # A result for every row, none with what a result shows.
    cards = [v for row in range(len(talk_files.talk_files())) for v in (row, 0, None)]
    broken = gzip.compress(json.dumps({"words": {word: cards}, "talks": {}}).encode())
    tab, context = open_tab(browser, served_site)
    try:
        context.route(FIRST_RESULTS, lambda route: route.fulfill(body=broken))
        assert set(page_results(tab, case.query)) == case.expected
        assert tab.page.locator(".tn-search__status").inner_text().startswith(
            f"{len(case.expected)} talks for")
    finally:
        context.close()
