"""The public XSS vectors of tests/data/xss_vectors.tsv (made by tests/data/make_xss_vectors.py)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

DATA = Path(__file__).parent / "data" / "xss_vectors.tsv"
ISSUE = "talk-notes issue 11 reproductions"


class Vector(NamedTuple):
    source: str
    text: str


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append({"t": "\t", "n": "\n", "\\": "\\"}.get(text[i + 1], "\\" + text[i + 1]))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def vectors() -> list[Vector]:
    rows = DATA.read_text("utf-8").splitlines()[1:]
    return [Vector(source, _unescape(text)) for source, text in
            (row.split("\t", 1) for row in rows if row)]
