"""Pages load cleanly: no console or script errors, no failed requests, and no request to
any host but the site's own.

One page of each kind is visited (tests/talk_files.py: page_kinds, plus the search page):
the pages of one kind are made by the same template and scripts, so what goes wrong at run
time goes wrong on each of them. What differs from page to page, the URLs each page loads
and links to, is checked on every page without a browser (tests/site/test_links.py). Each
page is held until the search script has set up the header's box. A reader who never
searches downloads nothing of the search: no page view requests anything under search/,
except the Search page, which a reader opens to search: it gets the engine ready (the index's
manifest, and the rows file: the facets every query counts), nothing of the index's words or
of the talks' result files.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import Tab
from tests.talk_files import page_kinds

pytestmark = pytest.mark.browser


def test_each_kind_of_page_loads_without_errors_or_foreign_requests(tab: Tab) -> None:
    pages = [*page_kinds().values(), "search/"]
    built = tab.served.pages()
    assert set(pages) <= set(built) and "404.html" in pages, sorted(set(pages) - set(built))

    watch = tab.watch
    problems: dict[str, list[str]] = {}
    index_requests: dict[str, list[str]] = {}
    for path in pages:
        before, asked = len(watch.problems), len(watch.requests)
        response = tab.page.goto(tab.served.url(path), wait_until="load")
        status = response.status if response else None
        if status == 200:
            tab.wait_for_search_ready()
        if path == "search/":
            tab.page.wait_for_function("() => document.querySelector('[data-tn-search-page]')"
                                       "?.hasAttribute('data-tn-warm')")
        index_requests[path] = [p for url in watch.requests[asked:] if tab.served.is_own(url)
                                and (p := tab.served.path(url)).startswith(
                                    ("search/facets/", "search/index/", "search/pages/"))]
        found = ([] if status == 200 else [f"page itself: HTTP {status}"]) + \
            watch.problems[before:]
        if found:
            problems[path] = found

    report = "\n".join(f"{path or '/'}:\n  " + "\n  ".join(found)
                       for path, found in problems.items())
    assert not problems, f"{len(problems)} of {len(pages)} pages have problems:\n{report}"
    # The watch saw the traffic it judges: pages and assets, never the search index.
    requested = {tab.served.path(url) for url in watch.requests if tab.served.is_own(url)}
    assert {"assets/talk-notes/search.js", *pages} <= requested
    assert not [p for p in requested if p.startswith("search/search_index")]
    searched = index_requests.pop("search/")
    assert len(searched) == 2 and {re.sub(r"\.[0-9a-f]+\.json\.gz$", "", p)
                                   for p in searched} == {"search/facets/rows",
                                                          "search/index/i"}, searched
    assert not {p: r for p, r in index_requests.items() if r}
