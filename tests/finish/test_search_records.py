"""finish.py's part of the search: the records of the finished talk pages, collected where
each page passes, are what the search's files are written from; a talk page without one
stops the build rather than publish a search that lacks the talk."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from build_notes.content.model import Conference, Corpus, Talk, Theme
from build_notes.finish import FinishError, Settings, build_search, finish_page
from build_notes.search.records import PageRecord

THEME = Theme("nfv", "NFV", "Fast paths.")
CONF = Conference("conf", "Conf", datetime.date(2017, 5, 8), datetime.date(2017, 5, 11))
TALKS = (Talk("conf", "rt", "Real-time KVM", ("nfv",)), Talk("conf", "pp", "Paxos", ("nfv",)))
PAGE = ("<!DOCTYPE html><html><head><title>T</title></head><body><header><nav></nav></header>"
        "<article><div data-search-body><h1 id='t'>Real-time KVM</h1><p>Notes.</p></div>"
        "</article></body></html>")


def test_a_finished_talk_page_leaves_its_record_by_url() -> None:
    records: dict[str, PageRecord] = {}
    finish_page(PAGE, "talks/conf/rt/index.html", Settings(), records)
    finish_page(PAGE, "talks/conf/pp.html", Settings(directory_urls=False), records)
    assert sorted(records) == ["talks/conf/pp.html", "talks/conf/rt/"]
    assert records["talks/conf/rt/"].content == "Real-time KVM. Notes."


def test_a_page_that_is_no_talk_page_for_the_search_fails_naming_it() -> None:
    with pytest.raises(FinishError, match=r"talks/conf/rt/: no \[data-search-body\]"):
        finish_page(PAGE.replace(" data-search-body", ""), "talks/conf/rt/index.html",
                    Settings(), {})


def test_a_talk_without_its_record_stops_the_search(tmp_path: Path) -> None:
    records: dict[str, PageRecord] = {}
    finish_page(PAGE, "talks/conf/rt/index.html", Settings(), records)
    with pytest.raises(FinishError, match=r"1 talk page\(s\) have no record for the search "
                                          r"\(the first: talks/conf/pp/\)"):
        build_search(tmp_path, Corpus((THEME,), (CONF,), TALKS), True, records)
    assert not list(tmp_path.iterdir())


def test_the_search_files_are_written_from_the_records(tmp_path: Path) -> None:
    records: dict[str, PageRecord] = {}
    for talk in TALKS:
        finish_page(PAGE.replace("Real-time KVM", talk.title),
                    f"talks/conf/{talk.id}/index.html", Settings(), records)
    build_search(tmp_path, Corpus((THEME,), (CONF,), TALKS), True, records)
    assert (tmp_path / "search" / "manifest.json").is_file()
    assert len(list((tmp_path / "search" / "pages").iterdir())) == 2
