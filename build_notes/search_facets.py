"""The search page's facets: each talk's filter values, in compact files its script counts.

Pagefind finds the talks that match a query; what the search page shows beside them (how
many of those talks have each theme, format, rating, conference, organisation, speaker and
tag) is counted by search.js from these files, not by Pagefind: Pagefind counts every filter
it has loaded for every result of every search, which at 20,000 talks took longer than the
search itself (see README, Performance), while filtering and counting ten thousand rows of
small integers in JavaScript takes a few milliseconds.

A talk is a row. `ROWS` holds, row by row, the id Pagefind gives the talk's page (a search
result's `id`), read from Pagefind's fragments after it has indexed the site: their common
prefix (the index's language) once, then the rest of each, separated by spaces. Each filter's
file holds its values once and, row by row, the index of the talk's value (one value) or a
list of them (none or several). The files are gzip-compressed JSON; the script
decompresses them itself, so any static server can serve them as they are.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from build_notes.model import Talk
from build_notes.search import FILTERS, filter_values

# Where the files go, under the site's root; search.js reads them from there.
FACET_DIR = "search/facets"
ROWS = "rows"
# The filters counted as soon as a query is answered travel with the rows (they have a few
# values each); the others are fetched when the reader opens them or filters on them.
WITH_ROWS = ("theme", "format", "rating")
SUFFIX = ".json.gz"
_SIGNATURE = b"pagefind_dcd"  # what a Pagefind fragment starts with, once decompressed


class FacetError(Exception):
    """A talk page that Pagefind did not index (or an index this module cannot read)."""


def pagefind_ids(bundle: Path) -> dict[str, str]:
    """The Pagefind id of every indexed page, by its URL relative to the site root
    ("talks/conf/talk/"). Pagefind writes one fragment per page, named by its id, holding
    gzip-compressed JSON after a signature."""
    ids = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        try:
            data = gzip.decompress(path.read_bytes())
            if not data.startswith(_SIGNATURE):
                raise ValueError("no signature")
            url = json.loads(data[len(_SIGNATURE):])["url"]
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise FacetError(f"{path}: not a Pagefind fragment this version can read "
                             f"({e}); rebuild the site") from e
        ids[url.lstrip("/")] = path.name.removesuffix(".pf_fragment")
    return ids


Column = dict[str, list[str] | list[int | list[int]]]  # {"values": [...], "rows": [...]}


def _column(values_by_row: Iterable[Sequence[str]]) -> Column:
    values: dict[str, int] = {}
    rows: list[int | list[int]] = []
    for row in values_by_row:
        indexes = [values.setdefault(v, len(values)) for v in dict.fromkeys(row)]
        rows.append(indexes[0] if len(indexes) == 1 else indexes)
    return {"values": list(values), "rows": rows}


def facet_files(talks: Sequence[Talk], url_of: Callable[[Talk], str],
                ids: Mapping[str, str]) -> dict[str, bytes]:
    """{file name: content} of the facet files for `talks`, in that order; `url_of` gives
    a talk's page URL, `ids` each page's Pagefind id by URL. A talk page missing from the
    index is an error, not a talk the search silently lacks."""
    urls = [url_of(t) for t in talks]
    missing = [url for url in urls if url not in ids]
    if missing:
        raise FacetError(f"{len(missing)} talk page(s) are not in Pagefind's index "
                         f"(the first: {missing[0]}); rebuild the site")
    values = [filter_values(t) for t in talks]
    row_ids = [ids[url] for url in urls]
    # Pagefind's ids are a language, "_" and a hash: the rows keep the hashes, one string.
    languages = {i[:i.rfind("_") + 1] for i in row_ids}
    prefix = languages.pop() if len(languages) == 1 else ""
    rows: dict[str, str | Column] = {
        "prefix": prefix, "ids": " ".join(i.removeprefix(prefix) for i in row_ids)}
    rows.update({kind: _column(v[kind] for v in values) for kind in WITH_ROWS})
    files: dict[str, dict[str, str | Column] | Column] = {ROWS: rows}
    files.update({kind: _column(v[kind] for v in values)
                  for kind in FILTERS if kind not in WITH_ROWS})
    return {name + SUFFIX: gzip.compress(json.dumps(data, separators=(",", ":"),
                                                    ensure_ascii=False).encode(), mtime=0)
            for name, data in files.items()}
