"""build_notes.search_index: the search's own index files, read back as search.js reads them.

The reader here is the test's own (from the format in search_index's docstring); every answer
is checked against the talks' texts searched word by word. The browser tests run the same
files through search.js (tests/browser/test_search.py)."""

from __future__ import annotations

import gzip
import json
from itertools import pairwise
from typing import Any

import pytest

from build_notes import search_index
from build_notes.model import Talk
from build_notes.search import TAG_WEIGHT
from build_notes.search_index import TITLE_WEIGHT, compounds, index_files, pair_file, words
from tests.search_queries import joined_words, tokens

TEXTS = (
    "Real-Time KVM and how it works. Note-taker's opinion: real-time kvm needs cyclictest; "
    "python3.13 and 3D-NAND. Red Hat, Intel.",
    "Ceph at CERN: CephFS, ceph-mgr and RBD. The real time of a KVM guest; Straße.",
    "Kubernetes on OpenStack: kubelet, k8s and real-time kvm again, real time kvm again.",
    "Edge computing at the edge: the edge of the network, it\u2019s edge computing.",
)
TALKS = tuple(Talk("conf", f"t{i}", text.split(".")[0], ("nfv",), tags=("edge",) if i == 3 else ())
              for i, text in enumerate(TEXTS))


def test_words_are_split_as_the_search_rules_say() -> None:
    text = ("Note-taker's opinion: real-time KVM, python3.13 on 3D-NAND/SR-IOV; C++ "
            "and ceph_mgr, it\u2019s Stra\u00dfe \u2013 multi-site.")
    assert words(text) == tokens(text)
    assert set(compounds(text)) == joined_words(text)
    assert {"realtime", "python313", "3dnand", "multisite"} <= set(compounds(text))


class Reader:
    """The index files, read as search.js reads them."""

    def __init__(self, manifest: dict[str, Any], files: dict[str, bytes]) -> None:
        self.manifest = manifest
        self.files = {name.removesuffix(".json.gz"): json.loads(gzip.decompress(content))
                      for name, content in files.items()}

    def _term_files(self, word: str, exact: bool) -> list[int]:
        firsts = self.manifest["terms"]
        key = search_index._utf16
        return [i for i, first in enumerate(firsts)
                if (i + 1 == len(firsts) or key(firsts[i + 1]) > key(word))
                and (key(first) <= key(word) or (not exact and first.startswith(word)))]

    def rows(self, word: str, exact: bool = False) -> dict[int, int]:
        found: dict[int, int] = {}
        for i in self._term_files(word, exact):
            for term, numbers in self.files[f"t{i}"].items():
                if term == word or (not exact and term.startswith(word)):
                    row = 0
                    for delta, weight in zip(numbers[0::2], numbers[1::2], strict=True):
                        row += delta
                        found[row] = found.get(row, 0) + weight
        return found

    def pair(self, first: str, second: str) -> dict[int, set[int]]:
        pair = f"{first} {second}"
        numbers = self.files[f"p{pair_file(pair, self.manifest['pairs'])}"].get(pair, [])
        at: dict[int, set[int]] = {}
        row = 0
        for delta, position in zip(numbers[0::2], numbers[1::2], strict=True):
            row += delta
            at.setdefault(row, set()).add(position)
        return at

    def phrase(self, query: list[str]) -> set[int]:
        pairs = [self.pair(a, b) for a, b in pairwise(query)]
        return {row for row, starts in pairs[0].items()
                if any(all(p + k in pairs[k].get(row, ()) for k in range(1, len(pairs)))
                       for p in starts)}


@pytest.fixture(params=[20_000, 7], ids=["one file each", "many small files"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Reader:
    monkeypatch.setattr(search_index, "CHUNK", request.param)
    manifest, files = index_files(TALKS, TEXTS)
    if request.param == 7:
        assert len(manifest["terms"]) > 10 and manifest["pairs"] > 10
    return Reader(manifest, files)


@pytest.mark.parametrize("query", ["real", "realtime", "kvm", "ceph", "cephfs", "k8s",
                                   "python313", "python3", "3dnand", "strasse", "takers",
                                   "its", "edge", "e", "zzz"])
def test_a_word_finds_every_talk_with_a_word_it_begins(reader: Reader, query: str) -> None:
    expected = {row for row, text in enumerate(TEXTS)
                if any(w.startswith(query) for w in {*tokens(text), *joined_words(text)})}
    assert set(reader.rows(query)) == expected


@pytest.mark.parametrize("query", ["real time kvm", "real time", "time kvm", "edge computing",
                                   "the edge of the network", "kvm again", "red hat",
                                   "kvm and", "ceph at cern"])
def test_a_phrase_finds_the_talks_with_its_words_in_a_row(reader: Reader, query: str) -> None:
    wanted = tokens(query)
    expected = {row for row, text in enumerate(TEXTS)
                if any(tokens(text)[i:i + len(wanted)] == wanted
                       for i in range(len(tokens(text))))}
    assert expected and reader.phrase(wanted) == expected


def test_the_title_and_tags_weigh_more_than_the_notes(reader: Reader) -> None:
    kvm = reader.rows("kvm", exact=True)
    assert kvm[0] == 2 + TITLE_WEIGHT - 1  # twice in the text, one of them in the title
    assert kvm[1] == 1
    # Four times in the text, in the title and a tag.
    assert reader.rows("edge", exact=True)[3] == 4 + TITLE_WEIGHT - 1 + TAG_WEIGHT - 1


def test_an_empty_site_has_an_index_that_finds_nothing() -> None:
    manifest, files = index_files((), ())
    assert Reader(manifest, files).rows("kvm") == {}


def test_texts_and_talks_must_pair_up() -> None:
    with pytest.raises(ValueError):
        index_files(TALKS, TEXTS[:2])
