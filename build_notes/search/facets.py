"""The search's files: each talk's filter values, in compact files the search page counts, and
the index (search_index.py), both made from Pagefind's fragments of the talk pages.

The index finds the talks that match a query; what the search page shows beside them (how
many of those talks have each theme, format, rating, conference, organisation, speaker and
tag) is counted by search.js from these files: filtering and counting ten thousand rows of
small integers in JavaScript takes a few milliseconds.

A talk is a row, here and in the index. `ROWS` holds, row by row, the id Pagefind gives the
talk's page (the name of its fragment, which a result shows), read from Pagefind's fragments
after it has indexed the site: their common prefix (the index's language) once, then the
rest of each, separated by spaces; and the index's manifest (`search_index.MANIFEST`). Each
filter's file holds its values once and, row by row, the index of the talk's value (one
value) or a list of them (none or several). The files are gzip-compressed JSON; the script
decompresses them itself, so any static server can serve them as they are. Every file, of the
facets and of the index, is named by its content, and `SEARCH_MANIFEST` names them: the one
file a browser asks for afresh (`content_named`).

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from build_notes.content.model import Talk
from build_notes.search.first import Shown
from build_notes.search.index import INDEX_DIR, MANIFEST, SUFFIX, compressed, index_files
from build_notes.search.page_text import FILTERS, filter_values

# Where the files go, under the site's root; search.js reads them from there.
SEARCH_DIR = "search"
FACET_DIR = f"{SEARCH_DIR}/facets"
# The one file of the search with a fixed name: {name: path named by the content}, fetched
# afresh by search.js on each page view; every other file is named by its content
# (`content_named`), so a browser may keep it for ever and two builds never mix.
SEARCH_MANIFEST = f"{SEARCH_DIR}/manifest.json"
HASH_LENGTH = 16  # hex digits of SHA-256
ROWS = "rows"
# The filters counted as soon as a query is answered travel with the rows (they have a few
# values each); the others are fetched when the reader opens them or filters on them.
WITH_ROWS = ("theme", "format", "rating")
_SIGNATURE = b"pagefind_dcd"  # what a Pagefind fragment starts with, once decompressed


class FacetError(Exception):
    """A talk page that Pagefind did not index (or an index this module cannot read)."""


class Fragment(NamedTuple):
    """What Pagefind keeps of an indexed page: its id, its text as indexed, and what its result
    shows."""

    id: str
    content: str
    shown: Shown


def read_fragments(bundle: Path) -> dict[str, Fragment]:
    """Every page Pagefind indexed, by its URL relative to the site root
    ("talks/conf/talk/"). Pagefind writes one fragment per page, named by its id, holding
    gzip-compressed JSON after a signature."""
    pages = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        try:
            data = gzip.decompress(path.read_bytes())
            if not data.startswith(_SIGNATURE):
                raise ValueError("no signature")
            fragment = json.loads(data[len(_SIGNATURE):])
            url, content = fragment["url"], fragment["content"]
            meta, anchors = fragment.get("meta", {}), fragment.get("anchors", [])
            if not isinstance(url, str) or not isinstance(content, str):
                raise TypeError("no url or content")
            if not isinstance(meta, dict) or not isinstance(anchors, list):
                raise TypeError("no meta or anchors")
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise FacetError(f"{path}: not a Pagefind fragment this version can read "
                             f"({e}); rebuild the site") from e
        pages[url.lstrip("/")] = Fragment(path.name.removesuffix(".pf_fragment"), content,
                                          Shown(url, meta, anchors))
    return pages


Column = dict[str, list[str] | list[int | list[int]]]  # {"values": [...], "rows": [...]}


def _column(values_by_row: Iterable[Sequence[str]]) -> Column:
    values: dict[str, int] = {}
    rows: list[int | list[int]] = []
    for row in values_by_row:
        indexes = [values.setdefault(v, len(values)) for v in dict.fromkeys(row)]
        rows.append(indexes[0] if len(indexes) == 1 else indexes)
    return {"values": list(values), "rows": rows}


def facet_files(talks: Sequence[Talk], ids: Sequence[str],
                index: Mapping[str, Any]) -> dict[str, bytes]:
    """{file name: content} of the facet files for `talks`, in that order, whose pages'
    Pagefind ids are `ids`; the rows also describe the search's `index`."""
    values = [filter_values(t) for t in talks]
    # Pagefind's ids are a language, "_" and a hash: the rows keep the hashes, one string.
    languages = {i[:i.rfind("_") + 1] for i in ids}
    prefix = languages.pop() if len(languages) == 1 else ""
    rows: dict[str, Any] = {"prefix": prefix,
                            "ids": " ".join(i.removeprefix(prefix) for i in ids),
                            MANIFEST: index}
    rows.update({kind: _column(v[kind] for v in values) for kind in WITH_ROWS})
    files: dict[str, Any] = {ROWS: rows}
    files.update({kind: _column(v[kind] for v in values)
                  for kind in FILTERS if kind not in WITH_ROWS})
    return {name + SUFFIX: compressed(data) for name, data in files.items()}


def search_files(talks: Sequence[Talk], url_of: Callable[[Talk], str],
                 pages: Mapping[str, Fragment],
                 aliases: Mapping[str, str] | None = None) -> dict[str, bytes]:
    """{path under the site root: content} of the search's files for `talks`: the facets
    and the index (search_index.py); `url_of` gives a talk's page URL, `pages` Pagefind's
    fragment of each page by URL, `aliases` the name each alias stands for (page_text's
    alias_names). A talk page missing from Pagefind's index is an error, not a talk the
    search silently lacks."""
    urls = [url_of(t) for t in talks]
    missing = [url for url in urls if url not in pages]
    if missing:
        raise FacetError(f"{len(missing)} talk page(s) are not in Pagefind's index "
                         f"(the first: {missing[0]}); rebuild the site")
    manifest, index = index_files(talks, [pages[url].content for url in urls],
                                  [pages[url].shown for url in urls])
    manifest["aliases"] = dict(aliases or {})
    facets = facet_files(talks, [pages[url].id for url in urls], manifest)
    return content_named({**{f"{FACET_DIR}/{name}": content for name, content in facets.items()},
                          **{f"{INDEX_DIR}/{name}": content for name, content in index.items()}})


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
