"""The search box as a reader uses it: typed queries, the first result, keyboard-only use.

The queries and the talk each must return first are the table in tests/search_queries.py.
Results are read from material's own result list after typing into the real search box, so
the ranking under test is exactly what a reader gets (lunr, field and page boosts, material's
query rewriting and its grouping of sections under their page).

Typing fires one search per keystroke and the worker answers asynchronously, so a test that
read the list "after a while" could read the answer to a prefix. An init script counts the
queries the page posts to material's search worker and the answers it gets back (it only
listens; the site's code runs unchanged), and the tests wait until the answer to the full
query has been rendered.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests import talk_files
from tests.browser.conftest import ServedSite, Tab, open_tab
from tests.search_queries import ABSENT_WORD, QUERIES, SearchCase

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

# material's SearchMessageType: SETUP 0, READY 1, QUERY 2, RESULT 3. The probe wraps each
# worker's postMessage on the instance and calls the prototype's at call time, so site code
# that patches Worker.prototype (a query filter, say) still runs.
SEARCH_PROBE = """(() => {
  const probe = window.__searchProbe = { posted: 0, answered: 0, last: null };
  const Native = window.Worker;
  function Worker(...args) {
    const worker = new Native(...args);
    // Runs before material's own listener renders; count the answer once that is done.
    worker.addEventListener("message", ev => {
      if (ev.data && ev.data.type === 3) setTimeout(() => { probe.answered += 1; }, 0);
    });
    worker.postMessage = function (message, ...rest) {
      if (message && message.type === 2) { probe.posted += 1; probe.last = message.data; }
      return Native.prototype.postMessage.call(worker, message, ...rest);
    };
    return worker;
  }
  Worker.prototype = Native.prototype;
  window.Worker = Worker;
})();"""

BOX = "input.md-search__input"
RESULTS = ".md-search-result__list > li"
# The first link of each result item (the page; sections follow it), with material's score.
RESULT_LINKS = """items => items.map(li => {
  const a = li.querySelector('a[href]');
  const article = a.querySelector('[data-md-score]');
  return [a.href, article ? Number(article.dataset.mdScore) : null];
})"""


@pytest.fixture(scope="module")
def search_tab(browser: Browser, served_site: ServedSite) -> Iterator[Tab]:
    """One page for all typed queries: the box is cleared between them, as a reader would."""
    tab, context = open_tab(browser, served_site, init_script=SEARCH_PROBE)
    tab.goto("")
    tab.wait_for_search_ready()
    yield tab
    context.close()


def wait_for_answer(tab: Tab, query: str) -> None:
    """Wait until material has rendered its answer to exactly `query`."""
    tab.page.wait_for_function(
        "q => { const p = window.__searchProbe;"
        " return p.last === q && p.answered === p.posted; }", arg=query)


def type_query(tab: Tab, query: str) -> None:
    box = tab.page.locator(BOX)
    box.focus()
    box.fill("")
    box.press("End")  # material reads the box on keyup: this runs the empty query
    wait_for_answer(tab, "")
    box.press_sequentially(query)
    wait_for_answer(tab, query)


def results(tab: Tab) -> list[tuple[str, float | None]]:
    """(site path, score) of each result item, best first, as the list shows them."""
    found = tab.page.locator(RESULTS).evaluate_all(RESULT_LINKS)
    return [(tab.served.path(href), score) for href, score in found]


def meta_text(tab: Tab) -> str:
    return " ".join(tab.page.locator(".md-search-result__meta").inner_text().split())


@pytest.mark.parametrize("case", QUERIES, ids=str)
def test_search_returns_the_talk_first(search_tab: Tab, case: SearchCase) -> None:
    type_query(search_tab, case.query)
    found = results(search_tab)
    assert found, f"{case.query!r}: no results ({meta_text(search_tab)})"
    top = "\n".join(f"  {path}  score {score}" for path, score in found[:4])
    assert found[0][0] == case.url, (
        f"{case.query!r} ({case.kind}) must find {case.url} first; the list starts with:\n{top}")


def test_a_word_in_no_talk_finds_nothing(search_tab: Tab) -> None:
    type_query(search_tab, ABSENT_WORD)
    assert meta_text(search_tab) == "No matching documents"
    assert search_tab.page.locator(RESULTS).count() == 0
    assert search_tab.page.locator(".md-search__suggest").inner_text().strip() == ""


@pytest.mark.parametrize("shortcut", ["/", "s"])
def test_keyboard_only_search(browser: Browser, served_site: ServedSite, shortcut: str) -> None:
    """Shortcut opens the search, typing searches, Enter lands on the first result's page."""
    case = QUERIES[0]
    tab, context = open_tab(browser, served_site, init_script=SEARCH_PROBE)
    try:
        page = tab.page
        tab.goto("")
        tab.wait_for_search_ready()
        page.keyboard.press(shortcut)
        assert page.evaluate(f"document.activeElement.matches({json.dumps(BOX)})"), \
            f"{shortcut!r} did not put the focus in the search box"
        assert page.locator(BOX).input_value() == "", "the shortcut was typed into the box"
        page.keyboard.type(case.query)
        wait_for_answer(tab, case.query)
        first = results(tab)[0][0]
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: served_site.path(url) != "")
        assert tab.path == first == case.url
        title: str = page.locator("article h1").first.evaluate(
            "h => h.firstChild.textContent.trim()")
        assert title == talk_files.talk(case.url).title
        # search.highlight marks the query on the page it lands on
        marked = [t.casefold() for t in page.locator("article mark").all_inner_texts()]
        assert case.query.casefold() in marked
        assert not tab.watch.problems, "\n".join(tab.watch.problems)
    finally:
        context.close()
