"""The search's files: each talk's filter values, in compact files the search page counts; each
talk's result, in a file of its own; and the index (index.py). All are made from the records
of the talk pages (records.py).

The index finds the talks that match a query; what the search page shows beside them (how
many of those talks have each theme, format, rating, conference, organisation, speaker and
tag) is counted by search.js from these files: filtering and counting ten thousand rows of
small integers in JavaScript takes a few milliseconds.

A talk is a row, here and in the index. `ROWS` holds, row by row, the name of the talk's
result file (below), separated by spaces, and the index's manifest (`index.MANIFEST`). Each
filter's file holds its values once and, row by row, the index of the talk's value (one
value) or a list of them (none or several). The files are gzip-compressed JSON; the script
decompresses them itself, so any static server can serve them as they are. Every file, of the
facets and of the index, is named by its content, and `SEARCH_MANIFEST` names them: the one
file a browser asks for afresh (`content_named`).

A talk's result file (`PAGE_DIR/<name>.json.gz`) holds what search.js needs to show it and cut
its excerpt: [url, meta, body, end, opinion, programme, text] (first.py's `Parts`: where the
notes, the opinion box and the programme block are in the text's words). One file per talk,
not per chunk of rows: the results a query shows without its word's first results (a phrase,
a filtered query, "More results") are any ten rows of the site, so a chunk of k rows would
cost about k times the bytes for the same ten requests (at 1,000 talks a talk's file is
0.8 KB, its median, so ten results fetch some 8 KB; chunks of 8 rows would fetch 59 KB, of 32
rows 250 KB). Its name is a hash of its content, so a browser may keep it for ever;
the rows file, itself named by its content, names them, not the manifest: the manifest is
fetched afresh on each page view, and 20,000 names would make it over a megabyte.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from build_notes.content.model import Talk
from build_notes.search.first import Shown, page_parts
from build_notes.search.index import INDEX_DIR, MANIFEST, SUFFIX, compressed, index_files
from build_notes.search.page_text import FILTERS, filter_values
from build_notes.search.records import PageRecord

# Where the files go, under the site's root; search.js reads them from there.
SEARCH_DIR = "search"
FACET_DIR = f"{SEARCH_DIR}/facets"
PAGE_DIR = f"{SEARCH_DIR}/pages"
# The one file of the search with a fixed name: {name: path named by the content}, fetched
# afresh by search.js on each page view; every other file is named by its content
# (`content_named`), so a browser may keep it for ever and two builds never mix.
SEARCH_MANIFEST = f"{SEARCH_DIR}/manifest.json"
HASH_LENGTH = 16  # hex digits of SHA-256
# A result file's name: the first hex digits of its hash, as few as keep this build's files
# apart (12 make a clash of two files of one build about one in 10^6 at 20,000 talks), in
# the rows file 13 bytes a talk.
PAGE_HASH_LENGTH = 12
ROWS = "rows"
# The filters counted as soon as a query is answered travel with the rows (they have a few
# values each); the others are fetched when the reader opens them or filters on them.
WITH_ROWS = ("theme", "format", "rating")


class FacetError(Exception):
    """A talk page that has no record (the search would silently lack the talk)."""


Column = dict[str, list[str] | list[int | list[int]]]  # {"values": [...], "rows": [...]}


def _column(values_by_row: Iterable[Sequence[str]]) -> Column:
    values: dict[str, int] = {}
    rows: list[int | list[int]] = []
    for row in values_by_row:
        indexes = [values.setdefault(v, len(values)) for v in dict.fromkeys(row)]
        rows.append(indexes[0] if len(indexes) == 1 else indexes)
    return {"values": list(values), "rows": rows}


def facet_files(talks: Sequence[Talk], names: Sequence[str],
                index: Mapping[str, Any]) -> dict[str, bytes]:
    """{file name: content} of the facet files for `talks`, in that order, whose result
    files are `names` (`result_files`); the rows also describe the search's `index`."""
    values = [filter_values(t) for t in talks]
    rows: dict[str, Any] = {"ids": " ".join(names), MANIFEST: index}
    rows.update({kind: _column(v[kind] for v in values) for kind in WITH_ROWS})
    files: dict[str, Any] = {ROWS: rows}
    files.update({kind: _column(v[kind] for v in values)
                  for kind in FILTERS if kind not in WITH_ROWS})
    return {name + SUFFIX: compressed(data) for name, data in files.items()}


def result_file(record: PageRecord) -> bytes:
    """The file of what a talk's result shows: [url, meta, body, end, opinion, programme,
    text]."""
    parts = page_parts(record.content, record.anchors)
    return compressed([record.url, record.meta, parts.body, parts.end, parts.opinion,
                       parts.programme, record.content])


def result_files(records: Sequence[PageRecord]) -> tuple[list[str], dict[str, bytes]]:
    """(each record's file name, {path under the site root: content}) of the records'
    result files, each named by as many hex digits of its hash as keep them apart."""
    contents = [result_file(r) for r in records]
    digests = [hashlib.sha256(c).hexdigest() for c in contents]
    length = PAGE_HASH_LENGTH
    while len({d[:length] for d in digests}) < len(set(digests)):
        length += 2
    names = [d[:length] for d in digests]
    return names, {f"{PAGE_DIR}/{n}{SUFFIX}": c for n, c in zip(names, contents, strict=True)}


def search_files(talks: Sequence[Talk], url_of: Callable[[Talk], str],
                 records: Mapping[str, PageRecord],
                 aliases: Mapping[str, str] | None = None) -> dict[str, bytes]:
    """{path under the site root: content} of the search's files for `talks`: the facets,
    each talk's result and the index (index.py); `url_of` gives a talk's page URL, `records`
    the record of each talk page by that URL (records.py), `aliases` the name each alias
    stands for (page_text's alias_names). A talk page without a record is an error, not a
    talk the search silently lacks."""
    urls = [url_of(t) for t in talks]
    missing = [url for url in urls if url not in records]
    if missing:
        raise FacetError(f"{len(missing)} talk page(s) have no record for the search "
                         f"(the first: {missing[0]}); rebuild the site")
    ordered = [records[url] for url in urls]
    manifest, index = index_files(talks, [r.content for r in ordered],
                                  [Shown(r.url, r.meta, r.anchors) for r in ordered])
    manifest["aliases"] = dict(aliases or {})
    names, results = result_files(ordered)
    facets = facet_files(talks, names, manifest)
    return {**content_named({
        **{f"{FACET_DIR}/{name}": content for name, content in facets.items()},
        **{f"{INDEX_DIR}/{name}": content for name, content in index.items()}}), **results}


def content_named(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """`files` ({path under the site root: content}) each named by a hash of its content
    ("search/index/t0.json.gz" -> "search/index/t0.<hash>.json.gz"), and the manifest that
    maps each name, under search/, to that path."""
    named: dict[str, bytes] = {}
    names: dict[str, str] = {}
    for path, content in files.items():
        digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
        stem, dot, suffix = path.partition(".")
        named[f"{stem}.{digest}{dot}{suffix}"] = content
        names[path.removeprefix(f"{SEARCH_DIR}/")] = \
            f"{stem}.{digest}{dot}{suffix}".removeprefix(f"{SEARCH_DIR}/")
    named[SEARCH_MANIFEST] = json.dumps(names, sort_keys=True, separators=(",", ":")).encode()
    return named
