"""The /search/ page: Pagefind's index of the talk pages, with filters, in Chromium.

Pagefind is what keeps search fast on a large site (benchmarks/RESULTS.md); here it is
tested on the real content: a word from the notes finds its talk, a filter narrows the
results to the talks of that theme, and nothing is fetched from another host.
"""

from __future__ import annotations

import pytest

from tests import talk_files
from tests.browser.conftest import Tab

pytestmark = pytest.mark.browser

RESULT_LINKS = """() => [...document.querySelectorAll('.pagefind-ui__result-link')]
  .map(a => new URL(a.href).pathname.replace(/^\\//, ''))"""


def search(tab: Tab, query: str) -> list[str]:
    tab.page.fill(".pagefind-ui__search-input", query)
    # The count comes first, the results as their fragments load: wait for both.
    tab.page.wait_for_function(
        """q => document.querySelector('.pagefind-ui__message')?.textContent.includes(q)
               && document.querySelector('.pagefind-ui__result-link')""", arg=query)
    links: list[str] = tab.page.evaluate(RESULT_LINKS)
    return links


def test_a_word_of_the_notes_finds_its_talk(tab: Tab) -> None:
    tab.goto("search/")
    expected = next(t for t in talk_files.talk_files() if "Hypernetes" in t.body)
    assert search(tab, "Hypernetes")[0] == expected.url
    assert tab.watch.problems == []
    assert all(tab.served.is_own(url) for url in tab.watch.requests)


def test_only_talk_pages_are_indexed_and_titles_are_clean(tab: Tab) -> None:
    tab.goto("search/")
    links = search(tab, "Ceph")
    assert links and all(link.startswith("talks/") for link in links)
    titles = tab.page.locator(".pagefind-ui__result-link").all_inner_texts()
    assert not [t for t in titles if "¶" in t]


def test_the_theme_filter_narrows_the_results(tab: Tab) -> None:
    files = talk_files.talk_files()
    tab.goto("search/")
    everything = search(tab, "OpenStack")
    theme = next(t for t in talk_files.themes() if t["id"] == "ceph")
    tab.page.locator(".pagefind-ui__filter-name", has_text="Theme").click()
    before = tab.page.inner_text(".pagefind-ui__message")
    tab.page.check(f"[id='theme-{theme['name']}']")
    tab.page.wait_for_function(
        """m => document.querySelector('.pagefind-ui__message').textContent !== m
               && document.querySelector('.pagefind-ui__result-link')""", arg=before)
    filtered: list[str] = tab.page.evaluate(RESULT_LINKS)
    ceph = {t.url for t in files if "ceph" in t.themes}
    assert everything and filtered and set(filtered) <= ceph
    assert not set(everything) <= ceph  # the filter did take talks away
