"""build_notes.search (page_text, facets, index): what the search knows of a talk, without
a build."""

from __future__ import annotations

import datetime
import gzip
import json
from xml.etree import ElementTree

import html5lib
import pytest

from build_notes.content.model import Conference, Corpus, Talk, Theme
from build_notes.search.facets import SUFFIX, FacetError, facet_files, search_files
from build_notes.search.page_text import (
    NameFinder,
    filter_values,
    header_box,
    joined,
    rating_values,
    talk_markup,
)
from build_notes.search.records import PageRecord
from build_notes.site.group import group

THEME = Theme("nfv", "NFV & <networking>", "Fast paths.")
CONF = Conference("conf", "Conf <2017>", datetime.date(2017, 5, 8), datetime.date(2017, 5, 11))
TALK = Talk("conf", "rt", "Real-time <KVM>", ("nfv",), format="keynote",
            speakers=("Ann O'Neil",), organizations=("Red Hat",), tags=("real-time", "dpdk"),
            rating=4, body="We met Paddy Power and Red Hat engineers.")
OTHER = Talk("conf", "pp", "Betting", ("nfv",), organizations=("Paddy Power",))
FORMATS = {"keynote": "Keynote", "talk": "Talk"}


def talk_url(talk: Talk) -> str:
    return f"talks/{talk.conference_id}/{talk.id}/"


def parsed(markup: str) -> ElementTree.Element:
    root: ElementTree.Element = html5lib.parseFragment(markup, namespaceHTMLElements=False)
    return root


def test_rating_value_is_the_rating() -> None:
    assert rating_values(None) == []
    assert rating_values(4) == ["4"]


def test_names_of_several_words_are_found_in_notes_and_joined() -> None:
    finder = NameFinder(["Red Hat", "Paddy Power", "Intel", "real-time"])
    assert finder.names_in("we met paddy  POWER, and red hat.") == {("paddy", "power"),
                                                                   ("red", "hat")}
    assert finder.names_in("a red car and a hat") == set()
    assert joined(["Red Hat", "Intel", "real-time"]) == ["realtime", "redhat"]


def test_talk_markup_is_hidden_and_escaped() -> None:
    corpus = Corpus((THEME,), (CONF,), (TALK, OTHER))
    markup = talk_markup(TALK, group(corpus), FORMATS, NameFinder.of(corpus))
    root = parsed(markup)
    block = root.find("div")
    assert block.get("hidden") == "" and block.get("id") == "tn-search-meta"
    text = " ".join("".join(block.itertext()).split())
    assert "<KVM>" not in markup and "NFV & <networking>" in text
    for value in ("real-time", "dpdk", "Ann O'Neil", "Red Hat", "Conf <2017>", "Keynote",
                  "redhat", "paddypower"):
        assert value in text, value
    meta = {s.get("data-search-meta"): s.get("data-value") for s in block.iter("span")}
    assert meta["speakers"] == "Ann O'Neil"
    titles = [s.get("data-value") for s in block.iter("span")
              if s.get("data-search-meta") == "title"]
    assert titles == ["Real-time <KVM>"]


def test_header_box_is_a_form_to_the_search_page() -> None:
    form = parsed(header_box('../search/?"x')).find("form")
    assert form.get("action") == '../search/?"x' and form.get("method") == "get"
    assert form.find("input").get("name") == "q"


def test_facet_files_hold_each_talks_values_row_by_row() -> None:
    third = Talk("conf", "x", "X", ("nfv",), speakers=("Ann O'Neil", "Bo"), rating=5)
    talks = (TALK, OTHER, third)
    files = {name.removesuffix(SUFFIX): json.loads(gzip.decompress(content))
             for name, content in facet_files(talks).items()}
    assert set(files) == {"rows", "conference", "organization", "speaker", "tag"}
    rows = files.pop("rows")
    assert set(rows) == {"theme", "format", "rating"}
    columns = {**files, **rows}

    def values(kind: str, row: int) -> list[str]:
        at = columns[kind]["rows"][row]
        return [columns[kind]["values"][i] for i in ([at] if isinstance(at, int) else at)]

    for row, talk in enumerate(talks):
        assert {kind: values(kind, row) for kind in columns} == filter_values(talk)


def test_a_talk_page_missing_from_the_records_is_an_error() -> None:
    with pytest.raises(FacetError, match="talks/conf/pp/"):
        indexed = PageRecord("talks/conf/rt/", "x", {}, ())
        search_files((TALK, OTHER), talk_url, {"talks/conf/rt/": indexed})
