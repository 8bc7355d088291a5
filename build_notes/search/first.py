"""The first results of each word, with what they show, so that a query of one word shows its
first page from one file rather than from a request per result.

search.js shows a result from the talk's result file (facets.py), one request each: ten
after the index file's for a page of results, which on two cores take longer than the rest of
the query together. For each word of the index of MIN_LENGTH letters or more, these files hold
the FIRST talks that a query of that word ranks first (the search page's first page, and the
header's six), each with what its result shows.

Ranked as search.js ranks a query of one word: the talks with the word, another form of it, or
(a word of tokens.PREFIX_MIN_LENGTH letters or more) a word it begins, by the sum of those terms'
weights, each times its share (tokens.match_share; BM25 of a single word ranks as that sum
does), then by row. search.js takes a result from here when it is for the row it would
show (with a filter, the first results are often others) and asks for its result file otherwise,
so a difference here costs time, never a wrong result.

What a result shows is cut here as search.js cuts it from the result file (`excerpt`): the page's
text split at white space as JavaScript's /\\s+/ splits it, and folded as search.js folds it
(tokens.fold); the notes run from the end of the title to the metadata (search.META_ID); the
excerpt starts BEFORE words ahead of the first word of the notes the query matches (outside
the programme block if it matches there, or at the notes' start), and is EXCERPT_WORDS long.

The files, `f<N>` under search_index.INDEX_DIR, gzip-compressed JSON:
{"talks": {row: [url, meta, body, end, opinion, programme]},
 "words": {word: [row, from, text, ...]}}:
for each talk of the file, its page's URL, its meta (title, conference, format, speakers),
where its notes start and end, and where its opinion box and its programme block start and
end (or 0); for each word, its first talks in order, each with the place of the excerpt's
first word and the excerpt's words joined by spaces. A word's file is the CRC-32 of its UTF-8
bytes modulo the number of files (`shard`, as the index's pair files), that number being the
manifest's FIRST_KEY; there are enough files for about CARDS results each. A query asks for
a word's first results only by the word itself, never for a range of words, so the files need
no order, and the manifest holds one number rather than a word for each file (some 6 KB
compressed at 20,000 talks with files of 256 results, and twice that with files half as
big). CARDS is small so that a query's one file is small (each file is as many bytes on
every one-word query that fetches it): 64 results, 10 KB (their median), where 256 took 36 KB, most
of a query's bytes at 20,000 talks.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import bisect
import heapq
import math
import zlib
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from build_notes.search.page_text import META_ID, OPINION_ID, PROGRAMME_ID
from build_notes.search.records import JS_SPACE
from build_notes.search.tokens import (
    FORM,
    PREFIX_MIN_LENGTH,
    SPEC,
    fold,
    form_of,
    match_share,
    scan,
    stem,
)

FIRST: int = SPEC["first"]["page"]  # the search page's first page
MIN_LENGTH: int = SPEC["first"]["min_length"]  # shorter words are in too many talks' first pages
CARDS = 64  # results a file (on average): some 10 KB compressed
BEFORE: int = SPEC["excerpt"]["before"]  # words of the excerpt before its first match
EXCERPT_WORDS: int = SPEC["excerpt"]["words"]
FIRST_KEY = "first"  # in the index's manifest
META_KEYS = ("title", "conference", "format", "speakers")  # what a result shows of the meta

class Shown(NamedTuple):
    """What a talk's result shows, from the record of its page (records.py)."""

    url: str
    meta: Mapping[str, str]
    anchors: Sequence[Mapping[str, Any]]  # the record's: {element, id, text, location}


def shard(key: str, files: int) -> int:
    """Which of `files` files holds `key` (a word, or a pair of words): search.js computes
    the same."""
    return zlib.crc32(key.encode()) % files


def js_length(text: str) -> int:
    """The length of `text` in JavaScript (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


class Parts(NamedTuple):
    """Where a page's parts are, in its text's words (split at white space, as the record
    counts its anchors' locations): the notes from `body` (after the title) to `end` (the metadata);
    the opinion box and the programme block as [start, end] or 0 when there is none."""

    chunks: list[str]
    body: int
    end: int
    opinion: list[int] | int
    programme: list[int] | int


def page_parts(content: str, anchors: Sequence[Mapping[str, Any]]) -> Parts:
    """The parts of a page whose text is `content` and its record's anchors `anchors`."""
    chunks = JS_SPACE.split(content)
    starts = {a.get("id"): a.get("location") for a in anchors}
    title = next((a for a in anchors if a.get("element") == "h1"), None)
    body = len(JS_SPACE.split(title.get("text", ""))) if title else 0
    meta = starts.get(META_ID)
    end = meta if isinstance(meta, int) else len(chunks)
    opinion: list[int] | int = 0
    programme: list[int] | int = 0
    at = starts.get(OPINION_ID)
    if isinstance(at, int):
        after = [a["location"] for a in anchors
                 if isinstance(a.get("location"), int) and a["location"] > at]
        opinion = [at, min(after, default=len(chunks))]
    at = starts.get(PROGRAMME_ID)
    if isinstance(at, int):
        # Up to the next part of the page, not the next heading inside the block.
        after = [where for key in (OPINION_ID, META_ID)
                 if isinstance(where := starts.get(key), int) and where > at]
        programme = [at, min(after, default=len(chunks))]
    return Parts(chunks, body, end, opinion, programme)


def excerpt_window(parts: Parts, hits: Sequence[int]) -> tuple[int, int, str | None]:
    """(from, to, box) of an excerpt: its words [from, to) of the page's, around the first of
    `hits` (in order) in the notes, outside the programme block if one is, or from the notes'
    start; `box` "opinion" or "programme" when it comes from that box, where it then starts
    (search.js labels it as the box's), else None. search-engine.js's excerptWindow cuts the
    same; both run tests/data/excerpt_cases.json."""
    def within(at: int, box: list[int] | int) -> bool:
        return isinstance(box, list) and box[0] <= at < box[1]

    in_notes = [at for at in hits if parts.body <= at < parts.end]
    centre = next((at for at in in_notes if not within(at, parts.programme)),
                  in_notes[0] if in_notes else parts.body)
    start = max(parts.body, centre - BEFORE)
    found = None
    for name, box in (("opinion", parts.opinion), ("programme", parts.programme)):
        if isinstance(box, list) and within(centre, box):
            found, start = name, max(start, box[0])
    return start, min(parts.end, start + EXCERPT_WORDS), found


class Page:
    """A talk's text as search.js reads its result file, and the first place of each word in its
    notes."""

    def __init__(self, parts: Parts) -> None:
        self.parts = parts
        self.chunks, self.body, self.end = parts.chunks, parts.body, parts.end
        self.opinion, self.programme = parts.opinion, parts.programme
        notes = fold(" ".join(self.chunks[self.body:self.end]))
        # Folding makes no white space and takes none away: the chunks stay where they are.
        chunk_starts = [0] + [m.end() for m in JS_SPACE.finditer(notes)]
        # Each term of the notes, and each form: its first place outside the programme block,
        # and in it (an excerpt comes from the programme only when the match is only there).
        first: dict[str, int] = {}
        in_programme: dict[str, int] = {}
        low, high = self.programme if isinstance(self.programme, list) else (0, 0)
        for word in scan(notes):
            chunk = self.body + bisect.bisect_right(chunk_starts, word.start) - 1
            found = in_programme if low <= chunk < high else first
            for term in (*word.terms, *word.extras):
                if term not in found:
                    found[term] = chunk
                    base = stem(term) + FORM
                    found[base] = min(found.get(base, chunk), chunk)
        for term, chunk in in_programme.items():
            first.setdefault(term, chunk)
        self.sorted_words = sorted(first)
        self.chunk_of = first

    def excerpt(self, query: str) -> tuple[int, str]:
        """(place of the first word, the words) of the excerpt search.js shows for `query`."""
        places = [self.chunk_of[w] for w in (query, form_of(query)) if w in self.chunk_of]
        if js_length(query) >= PREFIX_MIN_LENGTH:
            at = bisect.bisect_left(self.sorted_words, query)
            while at < len(self.sorted_words) and self.sorted_words[at].startswith(query):
                places.append(self.chunk_of[self.sorted_words[at]])
                at += 1
        start, end, _ = excerpt_window(self.parts, sorted(places))
        return start, " ".join(self.chunks[start:end])

    def info(self, shown: Shown) -> list[Any]:
        """What the file holds of the talk: [url, meta, body, end, opinion, programme]."""
        meta = {k: shown.meta[k] for k in META_KEYS if k in shown.meta}
        return [shown.url, meta, self.body, self.end, self.opinion, self.programme]


def _ranked(order: Sequence[str], at: int, postings: Mapping[str, list[int]]) -> list[int]:
    """The FIRST rows that a query of order[at] ranks first; `order` is the terms in
    JavaScript's order, in which those the query begins follow it."""
    query = order[at]
    query_form = form_of(query)
    prefixes = js_length(query) >= PREFIX_MIN_LENGTH
    matching = [query, query_form, query_form[:-len(FORM)]]
    while prefixes and at < len(order) and order[at].startswith(query):
        matching.append(order[at])
        at += 1
    weight: dict[int, float] = {}
    for term in dict.fromkeys(matching):
        share = match_share(query, query_form, term, prefixes) if term in postings else 0
        if not share:
            continue
        numbers = postings[term]
        for row, count in zip(numbers[0::2], numbers[1::2], strict=True):
            weight[row] = weight.get(row, 0) + count * share
    return [row for row, _ in heapq.nsmallest(FIRST, weight.items(),
                                              key=lambda item: (-item[1], item[0]))]


def first_files(order: Sequence[str], postings: Mapping[str, list[int]],
                contents: Sequence[str], shown: Sequence[Shown]) -> list[dict[str, Any]]:
    """The files' data for the words in `order` (JavaScript's), whose postings are [row,
    weight, row, weight, ...]; the talks' texts and what their results show are `contents`
    and `shown`, by row. A word is in file `shard(word, len(files))`."""
    rows_by_word = {word: _ranked(order, at, postings) for at, word in enumerate(order)
                    if js_length(word) >= MIN_LENGTH and not word.endswith(FORM)}
    # Talk by talk (a talk's words are found once, and let go before the next talk's):
    # the excerpt of each word for which it is a first result.
    wanted: dict[int, list[str]] = {}
    for word, rows in rows_by_word.items():
        for row in rows:
            wanted.setdefault(row, []).append(word)
    excerpts: dict[tuple[str, int], tuple[int, str]] = {}
    infos: dict[int, list[Any]] = {}
    for row, words in wanted.items():
        page = Page(page_parts(contents[row], shown[row].anchors))
        infos[row] = page.info(shown[row])
        for word in words:
            excerpts[word, row] = page.excerpt(word)
    count = max(1, math.ceil(sum(map(len, rows_by_word.values())) / CARDS))
    files: list[dict[str, Any]] = [{"talks": {}, "words": {}} for _ in range(count)]
    for word, rows in rows_by_word.items():
        data = files[shard(word, count)]
        cards: list[Any] = []
        for row in rows:
            cards += (row, *excerpts[word, row])
            data["talks"].setdefault(str(row), infos[row])
        data["words"][word] = cards
    return files
