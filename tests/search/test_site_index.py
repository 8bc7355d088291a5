"""The search's records of the talk pages (read from the built site) hold what a reader
searches.

Checked without a browser: the query table is what the issue asks (40 queries or more,
each named one really in its talk's file), every talk page is indexed and nothing else,
a talk's indexed text has its metadata values but not the meta line's labels, the related
talks or permalink signs, and the search page's facets hold the talk file's values.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests import talk_files
from tests.conftest import BuildFailed, Site
from tests.search_queries import ABSENT_WORD, QUERIES, QUERIES_ALL, SearchCase, tokens


def test_the_table_has_forty_distinct_queries() -> None:
    assert len(QUERIES_ALL) >= 40
    assert len({c.query.casefold() for c in QUERIES_ALL}) == len(QUERIES_ALL)
    assert {"technology", "organisation", "speaker", "opinion", "phrase", "hyphenated"} <= {
        c.kind for c in QUERIES_ALL}
    assert all(c.expected for c in QUERIES_ALL), "a query that finds nothing tests nothing"


@pytest.mark.parametrize("case", QUERIES, ids=str)
def test_named_query_comes_from_the_talks_own_file(case: SearchCase) -> None:
    source = " ".join(tokens(talk_files.talk(case.url).source))
    assert " ".join(tokens(case.query)) in source
    assert case.url in case.expected


def test_only_talk_pages_are_indexed(real_site: Site) -> None:
    indexed = sorted(p["url"].lstrip("/") for p in real_site.search_records())
    assert indexed == sorted(t.url for t in talk_files.talk_files())
    assert len(list((real_site.root / "search" / "pages").iterdir())) == len(indexed)


def test_indexed_text_is_the_talk_not_the_page_around_it(real_site: Site) -> None:
    pages = {p["url"].lstrip("/"): p for p in real_site.search_records()}
    for talk in talk_files.talk_files():
        page = pages[talk.url]
        content = page["content"]
        assert "¶" not in content and "Related talks" not in content, talk.url
        for label in ("Conference:", "Speakers:", "Organizations:", "Themes:", "Tags:"):
            assert label not in content, (talk.url, label)
        for value in [*talk.organizations, *(talk.meta.get("tags") or [])]:
            assert str(value) in content, (talk.url, value)
        assert page["meta"]["title"] == talk.title


def test_facets_are_each_talks_values(real_site: Site) -> None:
    """The search page's filters count what the talk files say, one row per talk page."""
    facets = real_site.search_facets()
    talks = talk_files.talk_files()
    assert sorted(facets) == sorted(t.url for t in talks)
    for talk in talks:
        values = facets[talk.url]
        assert values["theme"] == list(talk.themes), talk.url
        assert values["conference"] == [talk.conference_id], talk.url
        assert values["format"] == [talk.meta.get("format", "talk")], talk.url
        for kind in ("organization", "speaker", "tag"):
            assert values[kind] == [str(v) for v in talk.meta.get(kind + "s") or []], talk.url
        rating = talk.meta.get("rating")
        assert values["rating"] == ([str(rating)] if rating else []), talk.url


def test_absent_word_is_in_no_talk(real_site: Site) -> None:
    assert ABSENT_WORD.casefold() not in talk_files.all_sources().casefold()
    assert not any(ABSENT_WORD in p["content"].casefold() for p in real_site.search_records())


def test_material_search_beside_ours_is_refused_in_strict_mode(
        mini_project: Path, build_project: Callable[..., Site]) -> None:
    """Two boxes with two engines would disagree: the build says which one to remove."""
    config = mini_project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "  - talk-notes:\n      search: true\n" in text  # the fixture uses our search
    config.write_text(text.replace("plugins:\n", "plugins:\n  - search\n"), "utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_project(mini_project)
    assert "remove `- search`" in failed.value.log
