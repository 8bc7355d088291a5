"""The search's own index: which talks have a word, and where they have two words in a row.

The records of the talk pages (records.py: what a talk says, without its related-talks list or
the meta line's labels) hold each page's text. This index answers a query from those texts in
tens of milliseconds at any size (Pagefind's engine, used before it, took 0.8 s at 20,000 talks
to rank a word found in 10,000 of them), and search.js shows a result from its talk's result
file (facets.py).

Words are the terms of the search's one tokenizer (tokens.py, README "Search"): folded,
elisions dropped, symbol names whole, CJK runs in bigrams; a word written with joiners is its
parts in a row and its parts joined ("real-time" -> real, time; realtime). A word that has another
English form is also filed under that form ("decorators" under "decorator~"), with the same
weight, so that a query finds every form of its word and ranks the one it wrote first.

The files, under INDEX_DIR, gzip-compressed JSON that search.js decompresses itself:

- `t<N>`: words (in order), and for each the talks that have it: a flat list of pairs
  (row - previous row, weight), a row being the talk's place in the facets' rows
  (facets.py). The weight counts the word in the page's text, the title's, tags' and
  people's words counting more (TITLE_WEIGHT, TAG_WEIGHT, PEOPLE_WEIGHT, from
  data/search.json). The words are cut into files of about CHUNK numbers; the manifest
  holds where each file starts, so that a word, or the words it begins, are found in the
  files around it. Where a file starts is written as the shortest start of its first word
  that sorts after the last word of the file before (a B-tree's separator): a query of
  "storage" also asks for its stem "storag" and its forms "storag~", which then fall in the
  same file as "storage" unless a file really ends between them (before, "storag" fell in
  the file before "storage", a second file of 17 KB for a query at 20,000 talks), and the
  manifest is shorter.
- `p<N>`: pairs of consecutive words ("real time"), for phrases; the file of a pair is the
  CRC-32 of its UTF-8 bytes modulo their number (`shard`). For each pair, a flat list of (row -
  previous row, position of its first word), one for each time the pair is in the talk, so
  that a phrase of any length is checked exactly: "real time kvm" is "real time" at p and
  "time kvm" at p + 1.
- `f<N>`: each word's first results, with what they show (first.py), a word's file chosen as
  a pair's is.
- `VOCABULARY`: the words a "did you mean" may offer (data/search.json's "suggest"): words of
  plain letters, most talks first, at most so many, as [word, talks, word, talks, ...].
- `MANIFEST_FILE`: the index's manifest: where each `t` file starts ("terms"), how many `p`
  and `f` files there are ("pairs", FIRST_KEY), the number of rows ("rows") and the aliases
  (facets.py). A file of its own, not part of the facets' rows file: the header's box needs
  it and none of the facets, and it is 1.3 KB where the rows file is 42 KB at 20,000 talks.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import gc
import gzip
import json
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from build_notes.content.model import Talk
from build_notes.search.first import FIRST_KEY, Shown, first_files, page_parts, shard
from build_notes.search.tokens import FORM, SPEC, fold, form, scan

INDEX_DIR = "search/index"
SUFFIX = ".json.gz"
MANIFEST_FILE = f"i{SUFFIX}"  # the index's manifest (above)
# How much a word says the talk is about it, where it is (data/search.json's "weights").
TITLE_WEIGHT: int = SPEC["weights"]["title"]
TAG_WEIGHT: int = SPEC["weights"]["tag"]
PEOPLE_WEIGHT: int = SPEC["weights"]["people"]
NOTES_WEIGHT: int = SPEC["weights"]["notes"]
PROGRAMME_WEIGHT: int = SPEC["weights"]["programme"]  # the programme block's words
NAMES_WEIGHT: int = SPEC["weights"]["names"]  # the metadata's: themes, conference, people, tags
CHUNK = 20_000  # about this many numbers a file, some 10-20 KB compressed
VOCABULARY = "v"
_SUGGEST = SPEC["suggest"]


def page_terms(text: str) -> tuple[list[str], list[str]]:
    """(the terms of `text` in a row, the terms each word adds at its place)."""
    sequence: list[str] = []
    extras: list[str] = []
    for word in scan(fold(text)):
        sequence += word.terms
        extras += word.extras
    return sequence, extras


def page_weights(content: str, shown: Shown,
                 talk: Talk) -> tuple[list[str], Counter[str]]:
    """(the terms of the page's text in a row, how much each term says the talk is about it).
    Each time it is in the notes counts NOTES_WEIGHT, in the programme block PROGRAMME_WEIGHT,
    in the metadata NAMES_WEIGHT (a theme's or the conference's name says less of a talk than
    its notes do); a term of the title, a tag, a speaker or an organisation counts the more
    its weight says. Each other form of a word ("decorator~") counts as much as the words
    filed under it."""
    parts = page_parts(content, shown.anchors)
    chunks, end = parts.chunks, parts.end
    low, high = parts.programme if isinstance(parts.programme, list) else (end, end)
    pieces = ((chunks[:low], NOTES_WEIGHT), (chunks[low:high], PROGRAMME_WEIGHT),
              (chunks[high:end], NOTES_WEIGHT), (chunks[end:], NAMES_WEIGHT))
    sequence: list[str] = []
    counts: Counter[str] = Counter()
    for piece, weight in pieces:
        terms, extras = page_terms(" ".join(piece))
        sequence += terms
        for term in (*terms, *extras):
            counts[term] += weight
    for text, weight, where in ((talk.title, TITLE_WEIGHT, NOTES_WEIGHT),
                                (" ".join(talk.tags), TAG_WEIGHT, NAMES_WEIGHT),
                                (" ".join((*talk.speakers, *talk.organizations)),
                                 PEOPLE_WEIGHT, NAMES_WEIGHT)):
        for term in set(_all(page_terms(text))) & counts.keys():
            counts[term] += weight - where
    forms: Counter[str] = Counter()
    for term, count in counts.items():
        other = form(term)
        if other:
            forms[other] += count
    counts.update(forms)
    return sequence, counts


def _all(both: tuple[list[str], list[str]]) -> list[str]:
    return both[0] + both[1]


def _utf16(word: str) -> bytes:
    return word.encode("utf-16-be")  # JavaScript's order of strings


def separators(runs: Sequence[Sequence[str]]) -> list[str]:
    """Where each run of words starts: "" for the first, then for each the shortest start of
    its first word that sorts after the last word of the run before (in JavaScript's order)."""
    starts = [""]
    for before, run in pairwise(runs):
        last, word = _utf16(before[-1]), run[0]
        starts.append(next(word[:k] for k in range(1, len(word) + 1)
                           if _utf16(word[:k]) > last))
    return starts


def _chunks(order: Sequence[str], postings: dict[str, list[int]]) -> list[list[str]]:
    """The words of `order` (JavaScript's), cut into runs of about CHUNK numbers."""
    runs: list[list[str]] = [[]]
    size = 0
    for word in order:
        if size and size + len(postings[word]) > CHUNK:
            runs.append([])
            size = 0
        runs[-1].append(word)
        size += len(postings[word])
    return runs


def compressed(data: Any) -> bytes:
    """`data` as compact gzip-compressed JSON, the form of every file of the search."""
    return gzip.compress(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode(),
                         compresslevel=6, mtime=0)


def _deltas(numbers: list[int]) -> list[int]:
    """[row, x, row, x, ...] with each row after the first as the gap from the one before."""
    rows = numbers[0::2]
    numbers[2::2] = [b - a for a, b in pairwise(rows)]
    return numbers


def index_files(talks: Sequence[Talk], contents: Sequence[str],
                shown: Sequence[Shown]) -> tuple[dict[str, Any], dict[str, bytes]]:
    """(manifest, {file name: content}) of the index of `talks`, whose pages' texts are
    `contents` and what their results show `shown` (for each word's first results,
    search_first.py), in the same order (that of the facets' rows)."""
    # Millions of small lists that all live to the end: the collector's passes over them
    # would double the time (measured: 14.5 s -> 7.3 s for 2,000 talks).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _index_files(talks, contents, shown)
    finally:
        if collecting:
            gc.enable()


def _index_files(talks: Sequence[Talk], contents: Sequence[str],
                 shown: Sequence[Shown]) -> tuple[dict[str, Any], dict[str, bytes]]:
    terms: dict[str, list[int]] = defaultdict(list)  # word: [row, weight, row, weight, ...]
    pairs: dict[tuple[str, str], list[int]] = defaultdict(list)  # [row, position, ...]
    for row, (talk, content, page) in enumerate(zip(talks, contents, shown, strict=True)):
        sequence, counts = page_weights(content, page, talk)
        for word, weight in counts.items():
            terms[word] += (row, weight)
        for at, both in enumerate(pairwise(sequence)):
            pairs[both] += (row, at)
    files = {}
    order = sorted(terms, key=_utf16)
    results = first_files(order, terms, contents, shown)
    for number, data in enumerate(results):
        files[f"f{number}{SUFFIX}"] = compressed(data)
    runs = _chunks(order, terms)
    for number, run in enumerate(runs):
        files[f"t{number}{SUFFIX}"] = compressed({w: _deltas(terms[w]) for w in run})
    count = max(1, math.ceil(sum(map(len, pairs.values())) / CHUNK))
    shards: list[dict[str, list[int]]] = [{} for _ in range(count)]
    for (first, second), numbers in pairs.items():
        pair = f"{first} {second}"
        shards[shard(pair, count)][pair] = _deltas(numbers)
    for number, data in enumerate(shards):
        files[f"p{number}{SUFFIX}"] = compressed(data)
    files[f"{VOCABULARY}{SUFFIX}"] = compressed(vocabulary(terms))
    manifest = {"terms": separators(runs), "pairs": count,
                FIRST_KEY: len(results), "rows": len(talks)}
    return manifest, files


def vocabulary(terms: dict[str, list[int]]) -> list[str | int]:
    """The words a "did you mean" may offer, the most talks first: [word, talks, ...]."""
    words = [(len(rows) // 2, word) for word, rows in terms.items()
             if len(word) >= _SUGGEST["min_length"] and word.isalpha()
             and not word.endswith(FORM)]
    words.sort(key=lambda item: (-item[0], _utf16(item[1])))
    return [x for talks, word in words[:_SUGGEST["vocabulary"]] for x in (word, talks)]
