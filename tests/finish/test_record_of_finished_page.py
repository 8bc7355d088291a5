"""finish_page reads each page once: the talk page's record for the search is read from the
tree it compacted. On every talk page as the theme writes it (tests/page_sizes.py, the
real-shaped talk among them: inline elements a space apart, tables, code whose white space
is its meaning, several languages), that record is the one read from the page before
compacting, word for word, with the same anchors and meta.
"""

from __future__ import annotations

import pytest

from build_notes.finish import Settings, finish_page
from build_notes.search.page_text import SEARCH_BODY
from build_notes.search.records import PageRecord, page_record
from tests.conftest import Site
from tests.page_sizes import build_plain, shaped_project

_ARTICLE = '<article class="md-content__inner md-typeset">'


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    folder = tmp_path_factory.mktemp("records")
    return build_plain(shaped_project(folder / "project"), folder)


def _with_search_body(page: str) -> str:
    """The page with its article's content marked for the search, as the plugin marks a
    talk page's (the plain build has no plugin to mark it)."""
    start = page.index(_ARTICLE) + len(_ARTICLE)
    end = page.rindex("</article>")
    return f"{page[:start]}<div {SEARCH_BODY}>{page[start:end]}</div>{page[end:]}"


def test_the_record_of_a_finished_page_is_the_record_of_the_page_as_written(
        plain_site: Site) -> None:
    pages = sorted(plain_site.root.glob("talks/*/*/index.html"))
    assert any(p.parent.name == "real-shaped-input" for p in pages)
    for path in pages:
        page = _with_search_body(path.read_text("utf-8"))
        dest = path.relative_to(plain_site.root).as_posix()
        url = dest.removesuffix("index.html")
        records: dict[str, PageRecord] = {}
        finished = finish_page(page, dest, Settings(), records)
        assert len(finished) < len(page)  # compacted
        assert records == {url: page_record(page, url)}, path
        assert records[url].content  # not two empty records alike


def test_words_a_space_apart_stay_apart_in_the_record(plain_site: Site) -> None:
    path = next(plain_site.root.glob("talks/*/real-shaped-input/index.html"))
    records: dict[str, PageRecord] = {}
    finish_page(_with_search_body(path.read_text("utf-8")),
                path.relative_to(plain_site.root).as_posix(), Settings(), records)
    (record,) = records.values()
    assert "Ctrl C side by side; bold italic a space apart" in record.content
    assert "the spaces here collapse" in record.content
