"""build_notes.search.index: the search's own index files, read back as search.js reads them.

The reader here is the test's own (from the format in search_index's docstring); every answer
is checked against the talks' texts searched word by word. The browser tests run the same
files through search.js (tests/browser/test_search.py)."""

from __future__ import annotations

import gzip
import json
from itertools import pairwise
from typing import Any

import pytest

from build_notes.content.model import Talk
from build_notes.search import first as search_first
from build_notes.search import index as search_index
from build_notes.search.first import FIRST_KEY, MIN_LENGTH, Shown, shard
from build_notes.search.index import (
    NAMES_WEIGHT,
    NOTES_WEIGHT,
    PROGRAMME_WEIGHT,
    TAG_WEIGHT,
    TITLE_WEIGHT,
    index_files,
)
from build_notes.search.page_text import META_ID, OPINION_ID, PROGRAMME_ID
from build_notes.search.tokens import PREFIX_MIN_LENGTH, SPEC, stem
from tests.search_queries import joined_words, tokens, word_matches

TEXTS = (
    "Real-Time KVM and how it works. Note-taker's opinion: real-time kvm needs cyclictest; "
    "python3.13 and 3D-NAND. Red Hat, Intel.",
    "Ceph at CERN: CephFS, ceph-mgr and RBD. The real time of a KVM guest; Straße.",
    "Kubernetes on OpenStack: kubelet, k8s and real-time kvm again, real time kvm again.",
    "Edge computing at the edge: the edge of the network, it\u2019s edge computing; edges.",
    "Long notes on storage. One two three four five six seven eight nine ten eleven twelve: "
    "the zebrafish of storage clusters, and more words after it, to run past the excerpt's end: "
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho.",
)
TALKS = tuple(Talk("conf", f"t{i}", text.split(".")[0], ("nfv",), tags=("edge",) if i == 3 else ())
              for i, text in enumerate(TEXTS))


def test_a_word_is_also_filed_under_its_other_forms() -> None:
    """"edges" under "edge~" (a query of `edge` or `edges` finds it), with its weight; a word
    that is its own form ("edge") is found as written."""
    manifest, files = index_files(TALKS, TEXTS, SHOWN)
    reader = Reader(manifest, files)
    assert reader.rows("edge~", exact=True) == reader.rows("edges", exact=True) != {}
    assert "edge~" not in {w for name, data in reader.files.items() if name.startswith("f")
                           for w in data["words"]}


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
        numbers = self.files[f"p{shard(pair, self.manifest['pairs'])}"].get(pair, [])
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
    manifest, files = index_files(TALKS, TEXTS, SHOWN)
    if request.param == 7:
        assert len(manifest["terms"]) > 10 and manifest["pairs"] > 10
    return Reader(manifest, files)


def test_each_term_file_starts_at_the_shortest_start_that_keeps_it_apart(
        reader: Reader) -> None:
    """The manifest's start of each term file sorts after every word of the file before and
    not after any of its own, and is the shortest start of its first word that does."""
    key = search_index._utf16
    starts = reader.manifest["terms"]
    words = [sorted(reader.files[f"t{i}"], key=key) for i in range(len(starts))]
    assert starts[0] == ""
    for i in range(1, len(starts)):
        last, first = key(words[i - 1][-1]), words[i][0]
        assert last < key(starts[i]) <= key(first) and first.startswith(starts[i])
        assert key(starts[i][:-1]) <= last


def test_a_word_and_its_other_forms_share_a_file_unless_a_file_ends_between(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A query of "storages" also asks for "storag" (its stem as written) and "storag~" (its
    other forms): with a file's start as short as it can be ("stor", not "storage"), they are
    all in the file that holds "storages" (one request, not two) when no file starts
    between them."""
    monkeypatch.setattr(search_index, "CHUNK", 85)  # "stoa" alone: 40 talks, 80 numbers
    texts = [f"Title. stoa {'storage storages ' if row < 5 else ''}stz" for row in range(40)]
    shown = Shown("/t/", {"title": "Title."},
                  [{"element": "h1", "id": "t", "text": "Title.", "location": 0}])
    talk = Talk("conf", "t", "Title.", ("nfv",))
    manifest, files = index_files((talk,) * 40, texts, (shown,) * 40)
    reader = Reader(manifest, files)
    asked = {i for w in ("storages", "storage", "storag~", "storag")
             for i in reader._term_files(w, exact=True)}
    assert len(asked) == 1 and len(manifest["terms"]) > 2
    assert {"storages", "storage", "storag~"} <= set(reader.files[f"t{asked.pop()}"])


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


def test_the_title_and_tags_weigh_more_than_the_notes_and_those_more_than_names(
        reader: Reader) -> None:
    assert TITLE_WEIGHT > NOTES_WEIGHT > NAMES_WEIGHT and TAG_WEIGHT > NOTES_WEIGHT
    kvm = reader.rows("kvm", exact=True)
    # Twice in the notes, one of them in the title.
    assert kvm[0] == 2 * NOTES_WEIGHT + TITLE_WEIGHT - NOTES_WEIGHT
    assert kvm[1] == NOTES_WEIGHT
    # Four times in the text, one of them in the metadata (the last three words), in the
    # title and a tag.
    assert reader.rows("edge", exact=True)[3] == (3 * NOTES_WEIGHT + NAMES_WEIGHT
                                                  + TITLE_WEIGHT - NOTES_WEIGHT
                                                  + TAG_WEIGHT - NAMES_WEIGHT)


def test_an_empty_site_has_an_index_that_finds_nothing() -> None:
    manifest, files = index_files((), (), ())
    assert Reader(manifest, files).rows("kvm") == {}


def test_texts_and_talks_must_pair_up() -> None:
    with pytest.raises(ValueError):
        index_files(TALKS, TEXTS[:2], SHOWN[:2])


# --- Each word's first results (search_first.py) --------------------------------------------

# What each text's result shows, as its page's record says: the title (its h1, at 0), the
# first text's opinion box (from "Note-taker's"), and the metadata at the end of the last
# one (its words are no notes).
def _shown(row: int, text: str) -> Shown:
    pieces = text.split()
    anchors: list[dict[str, Any]] = [{"element": "h1", "id": f"t{row}", "location": 0,
                                      "text": text.split(".")[0]}]
    if row == 0:
        anchors.append({"element": "div", "id": OPINION_ID, "text": "",
                        "location": pieces.index("Note-taker's")})
    if row == 3:
        anchors.append({"element": "div", "id": META_ID, "text": "", "location": len(pieces) - 3})
    return Shown(f"/talks/conf/t{row}/", {"title": text.split(".")[0], "format": "Talk",
                                          "date": "2017-05-08"}, anchors)


SHOWN = tuple(_shown(row, text) for row, text in enumerate(TEXTS))


@pytest.fixture(params=[256, 3], ids=["one file", "many files"])
def first(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Reader:
    monkeypatch.setattr(search_first, "CARDS", request.param)
    monkeypatch.setattr(search_first, "FIRST", 3)  # fewer than some words' talks
    manifest, files = index_files(TALKS, TEXTS, SHOWN)
    if request.param == 3:
        assert manifest[FIRST_KEY] > 10
    return Reader(manifest, files)


def first_results(reader: Reader, word: str) -> list[tuple[int, int, str]]:
    """A word's first results, from the file that holds it (of as many as the manifest
    says): (row, the place of the excerpt's first word, its words)."""
    cards = reader.files[f"f{shard(word, reader.manifest[FIRST_KEY])}"]["words"][word]
    return list(zip(cards[0::3], cards[1::3], cards[2::3], strict=True))


def _share(query: str, term: str) -> float:
    """A term's share of its weight in a one-word query's ranking (README, Search): the word
    as written, then its other forms, then (four letters or more) the longer words it begins."""
    ranking = SPEC["ranking"]
    if term == query:
        return float(ranking["exact"])
    if stem(term) == stem(query):
        return float(ranking["form"])
    if len(query) >= PREFIX_MIN_LENGTH and term.startswith(query):
        return float(ranking["prefix"]) * len(query) / len(term)
    return 0.0


def test_each_word_has_its_first_talks_as_its_query_ranks_them(first: Reader) -> None:
    everything = {w for text in TEXTS for w in {*tokens(text), *joined_words(text)}}
    for word in sorted(w for w in everything if len(w) >= MIN_LENGTH):
        weight: dict[int, float] = {}
        for term in (t for t in everything if _share(word, t)):
            for row, count in first.rows(term, exact=True).items():
                weight[row] = weight.get(row, 0) + count * _share(word, term)
        best = sorted(weight, key=lambda row: (-weight[row], row))[:search_first.FIRST]
        assert [row for row, _, _ in first_results(first, word)] == best, word


def test_a_first_result_shows_the_excerpt_the_result_file_would(first: Reader) -> None:
    """The excerpt's words: from 8 before the first word of the notes (after the title,
    before the metadata) that has a word the query begins, or from the notes' start; 26 of
    them, and none past the notes. With each talk: its URL, meta, where its notes start and
    end, and where its opinion box starts and ends, for search.js."""
    seen = set()
    results = [data for name, data in first.files.items() if name.startswith("f")]
    for word in sorted({w for data in results for w in data["words"]}):
        for row, at, text in first_results(first, word):
            pieces = TEXTS[row].split()
            body = len(TALKS[row].title.split())
            end = len(pieces) - 3 if row == 3 else len(pieces)
            hits = [i for i in range(body, end) if any(
                word_matches(word, w, len(word) >= PREFIX_MIN_LENGTH)
                for w in {*tokens(pieces[i]), *joined_words(pieces[i])})]
            start = max(body, hits[0] - 8) if hits else body
            opinion_at = pieces.index("Note-taker's") if row == 0 else len(pieces)
            if hits and hits[0] >= opinion_at:  # an excerpt from the box starts in it
                start = max(start, opinion_at)
            assert (at, text) == (start, " ".join(pieces[start:min(end, start + 26)])), word
            seen.add((word, row, start > body))
            talks = next(d["talks"] for d in results if str(row) in d["talks"])
            opinion = [pieces.index("Note-taker's"), len(pieces)] if row == 0 else 0
            assert talks[str(row)] == [f"/talks/conf/t{row}/",
                                       {"title": TALKS[row].title, "format": "Talk"},
                                       body, end, opinion, 0]
    # Among them: excerpts from the middle of the notes, and from their start.
    assert ("zebrafish", 4, True) in seen and ("kvm", 1, False) in seen


def test_short_words_have_no_first_results() -> None:
    files = index_files(TALKS, TEXTS, SHOWN)[1]
    cards = {w for name, data in files.items() if name.startswith("f")
             for w in json.loads(gzip.decompress(data))["words"]}
    assert "kvm" in cards and "rbd" in cards
    assert not {w for w in cards if len(w) < MIN_LENGTH}


def test_an_excerpt_centres_where_search_js_marks_the_word() -> None:
    """search.js folds a page's text as the index does (NFKC first): the ligature in
    "\ufb01le" is "fi" there too, so the excerpt of `file` centres on it, not on the "file"
    further on."""
    text = "Title. \ufb01le " + " ".join(f"w{i}" for i in range(40)) + " file end"
    shown = Shown("/t/", {"title": "Title."},
                  [{"element": "h1", "id": "t", "text": "Title.", "location": 0}])
    manifest, files = index_files((Talk("conf", "t", "Title.", ("nfv",)),), (text,), (shown,))
    [(row, start, excerpt)] = first_results(Reader(manifest, files), "file")
    assert (row, start) == (0, 1)
    assert excerpt.split()[:3] == ["\ufb01le", "w0", "w1"]


def test_the_programme_block_weighs_less_and_an_excerpt_prefers_the_notes() -> None:
    """The programme's words count less than the notes'; an excerpt comes from the programme
    block only when the match is only there, and the talk's card says where the block is."""
    filler = " ".join(f"w{i}" for i in range(30))
    text = f"Title. {filler} kvm notes. Abstract kvm zebrafish {filler} end"
    pieces = text.split()
    programme = pieces.index("Abstract")
    shown = Shown("/t/", {"title": "Title."},
                  [{"element": "h1", "id": "t", "text": "Title.", "location": 0},
                   {"element": "details", "id": PROGRAMME_ID, "text": "",
                    "location": programme}])
    manifest, files = index_files((Talk("conf", "t", "Title.", ("nfv",)),), (text,), (shown,))
    reader = Reader(manifest, files)
    assert reader.rows("kvm", exact=True) == {0: NOTES_WEIGHT + PROGRAMME_WEIGHT}
    assert reader.rows("zebrafish", exact=True) == {0: PROGRAMME_WEIGHT}
    [(_, start, _)] = first_results(reader, "kvm")
    assert start == pieces.index("kvm") - 8
    [(_, start, excerpt)] = first_results(reader, "zebrafish")
    # From the block's start (search.js labels it), not from the notes before it.
    assert start == programme and "zebrafish" in excerpt.split()
    card = next(d["talks"]["0"] for name, d in reader.files.items() if name.startswith("f"))
    assert card[5] == [programme, len(pieces)]
