"""build_notes.search: the hidden block that tells Pagefind what a talk is, without a build."""

from __future__ import annotations

import datetime
from xml.etree import ElementTree

import html5lib

from build_notes.group import group
from build_notes.model import Conference, Corpus, Talk, Theme
from build_notes.search import NameFinder, header_box, joined, rating_values, talk_markup

THEME = Theme("nfv", "NFV & <networking>", "Fast paths.")
CONF = Conference("conf", "Conf <2017>", datetime.date(2017, 5, 8), datetime.date(2017, 5, 11))
TALK = Talk("conf", "rt", "Real-time <KVM>", ("nfv",), format="keynote",
            speakers=("Ann O'Neil",), organizations=("Red Hat",), tags=("real-time", "dpdk"),
            rating=4, body="We met Paddy Power and Red Hat engineers.")
OTHER = Talk("conf", "pp", "Betting", ("nfv",), organizations=("Paddy Power",))
FORMATS = {"keynote": "Keynote", "talk": "Talk"}


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


def test_talk_markup_is_hidden_escaped_and_has_every_filter() -> None:
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
    filters: dict[str, list[str]] = {}
    for span in block.iter("span"):
        if span.get("data-pagefind-filter"):
            kind = span.get("data-pagefind-filter").removesuffix("[data-value]")
            filters.setdefault(kind, []).append(span.get("data-value"))
    assert filters == {"theme": ["nfv"], "conference": ["conf"], "format": ["keynote"],
                       "organization": ["Red Hat"], "speaker": ["Ann O'Neil"],
                       "tag": ["real-time", "dpdk"],
                       "rating": ["4"]}
    titles = [s.get("data-value") for s in block.iter("span")
              if s.get("data-pagefind-meta") == "title[data-value]"]
    assert titles == ["Real-time <KVM>"]


def test_header_box_is_a_form_to_the_search_page() -> None:
    form = parsed(header_box('../search/?"x')).find("form")
    assert form.get("action") == '../search/?"x' and form.get("method") == "get"
    assert form.find("input").get("name") == "q"
