"""The search on real text (issue #30's table), in Chromium, on a small multilingual site
written for it (tests/multilingual.py): symbols in names, elisions, accents, Japanese, whole
words before longer ones, word forms, "did you mean", aliases, phrases in notes above theme
names, and labels the site writes. Every query runs through /search/?q= and through the
header's box; what it must find is computed from the talk files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests import multilingual
from tests.browser.conftest import ServedSite, Tab, open_tab
from tests.browser.serving import serve
from tests.browser.test_search import (
    HEADER_BOX,
    HEADER_PREVIEW,
    PAGE,
    count_in,
    header_results,
    page_results,
    wait_answered,
)
from tests.multilingual import everywhere, folded, talks_with

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served_languages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    site = multilingual.build(Path(tmp_path_factory.mktemp("languages")))
    with serve(site.root) as base_url:
        yield ServedSite(site, base_url)


@pytest.fixture(scope="module")
def lang_tab(browser: Browser, served_languages: ServedSite) -> Iterator[Tab]:
    tab, context = open_tab(browser, served_languages)
    yield tab
    assert not tab.watch.problems, "\n".join(tab.watch.problems)
    context.close()


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", folded(text))


def both_boxes(tab: Tab, query: str) -> list[str]:
    """The results of /search/?q=query, best first, after checking that the header's box
    shows the same first ones and the same count."""
    found = page_results(tab, query)
    assert len(found) == len(set(found)), f"{query!r}: a talk is listed twice"
    header, status = header_results(tab, query)
    assert header == found[:HEADER_PREVIEW], f"{query!r}: the header's box disagrees"
    assert count_in(status) == len(found), status
    return found


def marks(tab: Tab) -> list[str]:
    texts: list[str] = tab.page.locator(".tn-search-page .tn-result mark").all_inner_texts()
    return texts


# Each row: the query, and which talks have it, by what a reader means.
ROWS = {
    "C++": lambda p: "c++" in everywhere(p).casefold(),
    "C#": lambda p: "c#" in everywhere(p).casefold(),
    ".NET": lambda p: ".net" in everywhere(p).casefold(),
    "Node.js": lambda p: "node.js" in everywhere(p).casefold(),
    "asyncio": lambda p: "asyncio" in folded(everywhere(p)),
    "securite": lambda p: "securite" in words_of(everywhere(p)),
    "sécurité": lambda p: "securite" in words_of(everywhere(p)),
    "ハイパーパラメータ": lambda p: "ハイパーパラメータ" in everywhere(p),
    "GIL": lambda p: "gil" in words_of(everywhere(p)),
    "decorators": lambda p: bool({"decorator", "decorators"} & set(words_of(everywhere(p)))),
    "k8s": lambda p: "k8s" in words_of(everywhere(p)),
    "programme": lambda p: "programme" in words_of(p["notes"] + p["programme"]),
}


@pytest.mark.parametrize("query", list(ROWS))
def test_a_query_finds_the_talks_a_reader_means(lang_tab: Tab, query: str) -> None:
    expected = talks_with(ROWS[query])
    assert expected, f"{query!r}: the fixture has no talk for it"
    found = both_boxes(lang_tab, query)
    assert set(found) == expected, f"{query!r}: {sorted(found)} != {sorted(expected)}"


def test_a_symbol_name_is_not_its_letter(lang_tab: Tab) -> None:
    """C++ is not "c": the plain-C talk is not found, and only "C++" is marked, never the
    "c" of "complement" or "code"."""
    found = set(both_boxes(lang_tab, "C++"))
    assert multilingual.url("polyconf-2026/c-in-the-kernel") not in found
    page_results(lang_tab, "C++")
    assert marks(lang_tab) and all("++" in m for m in marks(lang_tab)), marks(lang_tab)


def test_accents_are_folded_and_shown_as_written(lang_tab: Tab) -> None:
    assert set(both_boxes(lang_tab, "securite")) == set(both_boxes(lang_tab, "sécurité"))
    page_results(lang_tab, "securite")
    assert "sécurité" in [m.casefold() for m in marks(lang_tab)], marks(lang_tab)


def test_a_whole_word_comes_before_a_longer_one(lang_tab: Tab) -> None:
    found = both_boxes(lang_tab, "GIL")
    assert found[0] == multilingual.url("polyconf-2026/free-threading")
    assert multilingual.url("polyconf-2026/packaging") not in found  # by Giles
    # A word that begins others and is no word itself still finds them.
    assert multilingual.url("polyconf-2026/packaging") in both_boxes(lang_tab, "Gile")


def test_did_you_mean_from_the_index_words(lang_tab: Tab) -> None:
    meant = "asynchronous"
    assert not both_boxes(lang_tab, "asyncronous")
    link = lang_tab.page.locator(".tn-hsearch .tn-search__suggest a")
    assert link.inner_text() == meant
    page_results(lang_tab, "asyncronous")
    empty = lang_tab.page.locator(".tn-search__empty > *").first
    assert empty.inner_text() == f"Did you mean {meant}?"
    empty.locator("a").click()
    wait_answered(lang_tab, PAGE, meant)
    shown = lang_tab.page.locator(f"{PAGE} a.tn-result__title").evaluate_all(
        "links => links.map(a => a.href)")
    assert {lang_tab.served.path(h) for h in shown} == talks_with(
        lambda p: meant in words_of(everywhere(p)))
    assert "q=asynchronous" in lang_tab.page.url


def test_an_alias_finds_the_theme_and_says_so(lang_tab: Tab) -> None:
    found = both_boxes(lang_tab, "k8s")
    in_notes = talks_with(lambda p: "k8s" in words_of(p["title"] + p["notes"]))
    assert in_notes and set(found[:len(in_notes)]) == in_notes
    assert len(found) > len(in_notes)  # the Kubernetes theme's other talks
    page_results(lang_tab, "k8s")
    items = lang_tab.page.locator(".tn-search-page .tn-result")
    for i in range(items.count()):
        href = items.nth(i).locator("a.tn-result__title").get_attribute("href") or ""
        via = items.nth(i).locator(".tn-result__via")
        if lang_tab.served.path(href) in in_notes:
            assert not via.count()
        else:
            assert via.inner_text() == "Matched Kubernetes via \u201ck8s\u201d"


def test_a_phrase_in_the_notes_ranks_above_a_theme_of_that_name(lang_tab: Tab) -> None:
    found = both_boxes(lang_tab, "machine learning")
    said = talks_with(lambda p: "machine learning" in folded(
        " ".join((p["title"], p["tags"], p["notes"]))))
    theme_only = talks_with(lambda p: "machine learning" in folded(p["themes"])) - said
    assert said and theme_only
    assert set(found[:len(said)]) == said and set(found[len(said):]) == theme_only


def test_site_labels_never_match_and_excerpts_say_where_they_are_from(lang_tab: Tab) -> None:
    """The programme block's title and the opinion's are the site's words; an excerpt
    comes from the programme block only when the match is only there, and says so."""
    assert not both_boxes(lang_tab, "opinion")
    page_results(lang_tab, "tensors")
    excerpt = lang_tab.page.locator(".tn-search-page .tn-result__excerpt").first
    assert excerpt.inner_text().startswith("From the programme:")
    page_results(lang_tab, "batching")  # in the notes and in the programme block
    excerpt = lang_tab.page.locator(".tn-search-page .tn-result__excerpt").first
    assert "From the programme" not in excerpt.inner_text()


def test_japanese_and_elisions_through_the_header(lang_tab: Tab) -> None:
    header, _ = header_results(lang_tab, "ハイパーパラメータ")
    assert header == [multilingual.url("pycon-jp-2026/hyperparameter")]
    lang_tab.page.locator(HEADER_BOX).fill("")
    header, _ = header_results(lang_tab, "apprendimento")  # written "Dell'apprendimento"
    assert header == [multilingual.url("polyconf-2026/intelligenza-artificiale")]
