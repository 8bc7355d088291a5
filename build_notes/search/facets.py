"""The search's files: each talk's filter values, in compact files the search page counts; each
talk's result, in a file of its own; and the index (index.py). All are made from the records
of the talk pages (records.py).

The index finds the talks that match a query; what the search page shows beside them (how
many of those talks have each theme, format, rating, conference, organisation, speaker and
tag) is counted by search.js from these files: filtering and counting ten thousand rows of
small integers in JavaScript takes a few milliseconds.

A talk is a row, here and in the index. Each filter's file holds its values once and, row by
row, the index of the talk's value (one value) or a list of them (none or several); `ROWS`
holds the filters counted as soon as a query is answered (WITH_ROWS), which the search page
loads when it opens, and nothing else: the header's box, which counts nothing, never loads
it. The files are gzip-compressed JSON; the script decompresses them itself, so any static
server can serve them as they are.

A talk's result file (`PAGE_DIR/<row>.json.gz`) holds what search.js needs to show it and cut
its excerpt: [url, meta, body, end, opinion, programme, text] (first.py's `Parts`: where the
notes, the opinion box and the programme block are in the text's words). One file per talk,
not per chunk of rows: the results a query shows without its word's first results (a phrase,
a filtered query, "More results") are any ten rows of the site, so a chunk of k rows would
cost about k times the bytes for the same ten requests (at 1,000 talks a talk's file is
0.8 KB, its median, so ten results fetch some 8 KB; chunks of 8 rows would fetch 59 KB, of 32
rows 250 KB).

Every file is named by its content, so that a browser may keep it for ever and a page never
reads files of two builds, and `SEARCH_MANIFEST` names them: the one file a browser asks for
afresh (`content_named`). A family of files (the result files, the index's `t` files, its `p`
files...: a name less its number) shares one name, a hash of all its files' contents:
"pages/17.<hash>.json.gz". The manifest then holds a dozen names whatever the size of the
site. Named one by one, the index's 2,000 files made a manifest of 122 KB at 20,000 talks,
fetched on every first search of a page view, and the 20,000 result files' names (12 hex
digits each: 150 KB compressed, random digits do not compress) three quarters of the rows
file. What a family's name costs: one talk changed, a reader's browser asks again for the
result files it shows, not only that talk's; the index's files change with almost any talk
anyway (a talk's words are in most of them, and a talk added shifts the rows after it).

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from build_notes.content.model import Talk
from build_notes.search.first import Shown, page_parts
from build_notes.search.index import INDEX_DIR, MANIFEST_FILE, SUFFIX, compressed, index_files
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


def facet_files(talks: Sequence[Talk]) -> dict[str, bytes]:
    """{file name: content} of the facet files for `talks`, in that order."""
    values = [filter_values(t) for t in talks]
    files: dict[str, Any] = {ROWS: {kind: _column(v[kind] for v in values)
                                    for kind in WITH_ROWS}}
    files.update({kind: _column(v[kind] for v in values)
                  for kind in FILTERS if kind not in WITH_ROWS})
    return {name + SUFFIX: compressed(data) for name, data in files.items()}


def result_file(record: PageRecord) -> bytes:
    """The file of what a talk's result shows: [url, meta, body, end, opinion, programme,
    text]."""
    parts = page_parts(record.content, record.anchors)
    return compressed([record.url, record.meta, parts.body, parts.end, parts.opinion,
                       parts.programme, record.content])


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
    return content_named({
        **{f"{FACET_DIR}/{name}": content for name, content in facet_files(talks).items()},
        **{f"{INDEX_DIR}/{name}": content for name, content in index.items()},
        f"{INDEX_DIR}/{MANIFEST_FILE}": compressed(manifest),
        **{f"{PAGE_DIR}/{row}{SUFFIX}": result_file(r) for row, r in enumerate(ordered)}})


def family(path: str) -> str:
    """The family of a file of the search: its path under search/ less its number and suffix
    ("search/index/t12.json.gz" -> "index/t", "search/pages/3.json.gz" -> "pages/");
    search.js finds it the same way."""
    stem = path.removeprefix(f"{SEARCH_DIR}/").removesuffix(SUFFIX)
    return stem.rstrip("0123456789")


def content_named(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """`files` ({path under the site root: content}, each ending in SUFFIX) each named by a
    hash of the contents of its family ("search/index/t0.json.gz" ->
    "search/index/t0.<hash>.json.gz"), and the manifest: {family: hash}."""
    members: dict[str, list[tuple[str, bytes]]] = {}
    for path, content in files.items():
        members.setdefault(family(path), []).append((path, content))
    hashes: dict[str, str] = {}
    named: dict[str, bytes] = {}
    for name, group in members.items():
        digest = hashlib.sha256()
        for path, content in sorted(group):
            digest.update(f"{path}\0".encode() + hashlib.sha256(content).digest())
        hashes[name] = digest.hexdigest()[:HASH_LENGTH]
        for path, content in group:
            named[f"{path.removesuffix(SUFFIX)}.{hashes[name]}{SUFFIX}"] = content
    named[SEARCH_MANIFEST] = json.dumps(hashes, sort_keys=True,
                                        separators=(",", ":")).encode()
    return named
