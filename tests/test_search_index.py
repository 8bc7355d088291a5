"""The search-quality table checked against the built search index, without a browser.

These are the preconditions of tests/browser/test_search.py, checked fast and everywhere: each
query really comes from the notes of the talk it must find, the built index carries it in
that talk's page (so the browser test fails only on ranking, never on a missing page), and
the word that must find nothing is in no talk and no page. The ranking itself is material's
lunr code and is only checked in Chromium.
"""

from __future__ import annotations

import html
import re

import pytest

from tests import talk_files
from tests.conftest import Site
from tests.search_queries import ABSENT_WORD, QUERIES, SearchCase

_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Indexed HTML as the words a reader sees: tags dropped, entities decoded, spaces folded."""
    return " ".join(html.unescape(_TAG.sub(" ", text)).casefold().split())


def page_text(site: Site, url: str) -> str:
    """Title and text of every index entry of one page (the article and its sections)."""
    return " ".join(plain(d["title"] + " " + d["text"]) for d in site.search_docs()
                    if d["location"].split("#")[0] == url)


def test_the_table_has_twenty_distinct_queries() -> None:
    assert len(QUERIES) == 20
    assert len({c.query.casefold() for c in QUERIES}) == len(QUERIES)
    kinds = {c.kind for c in QUERIES}
    assert {"technology", "organisation", "speaker", "opinion"} <= kinds


@pytest.mark.parametrize("case", QUERIES, ids=str)
def test_query_comes_from_the_talks_own_file(case: SearchCase) -> None:
    source = " ".join(talk_files.talk(case.url).source.casefold().split())
    assert " ".join(case.query.casefold().split()) in source


@pytest.mark.parametrize("case", QUERIES, ids=str)
def test_expected_talk_page_indexes_the_query(real_site: Site, case: SearchCase) -> None:
    assert real_site.exists(case.url), f"{case.url} was not built"
    text = page_text(real_site, case.url)
    assert text, f"{case.url} has no entry in search/search_index.json"
    assert " ".join(case.query.casefold().split()) in text


def test_talk_pages_outrank_listing_pages_by_boost(real_site: Site) -> None:
    """Front matter boosts talk pages over listings that repeat their titles and excerpts."""
    talk_urls = {t.url for t in talk_files.talk_files()}
    boosts: dict[bool, set[float]] = {True: set(), False: set()}
    for doc in real_site.search_docs():
        page = doc["location"].split("#")[0]
        if page.startswith(("themes/", "organizations/", "conferences/")) or page in talk_urls:
            boosts[page in talk_urls].add(float(doc.get("boost", 1)))
    assert boosts[True] and boosts[False]
    assert min(boosts[True]) > max(boosts[False])


def test_absent_word_is_in_no_talk_and_no_page(real_site: Site) -> None:
    """The browser test expects "No matching documents" for this word; make sure that is true."""
    assert ABSENT_WORD.casefold() not in talk_files.all_sources().casefold()
    # material appends a wildcard, so any indexed word starting with it would match too
    words = {w for d in real_site.search_docs()
             for w in re.split(r"[\s\-]+", plain(d["title"] + " " + d["text"]))}
    assert not [w for w in words if w.startswith(ABSENT_WORD.casefold())]
