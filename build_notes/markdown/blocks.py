"""Markdown read as blocks, without rendering it: which lines are prose (not code), and the
first sentence of a note as plain text."""

from __future__ import annotations

import re
from collections.abc import Iterator

# A fence at any indentation: inside an admonition or a list item it is still code.
_FENCE = re.compile(r"^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})")
# Inline code, and HTML tags with their attribute values (`<span title="at 4m02s">`).
_NOT_PROSE = re.compile(r"(`+)(?:.+?)\1|<[A-Za-z/!][^>]*>")
_LIST_OR_BOX = re.compile(r"^\s*(?:[-*+]|\d+[.)]|!!!|\?\?\?\+?)\s")


def prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """(index, line) of each body line that is prose: not in fenced or indented code, with
    inline code and HTML tags blanked out (same length, so offsets still match the line).

    An indented code block is a line indented 4 columns deeper than the paragraph, list item
    or box it follows, after a blank line.
    """
    fence: str | None = None
    blank_before, container = True, 0
    for index, line in enumerate(body.split("\n")):
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        if not line.strip():
            blank_before = True
            yield index, line
            continue
        indent = len(line) - len(line.lstrip(" "))
        if blank_before and indent >= container + 4:
            continue  # indented code: stays code until a less indented line
        if _LIST_OR_BOX.match(line):
            container = indent + 4
        elif blank_before:
            container = indent if indent < container + 4 else container
        blank_before = False
        yield index, _NOT_PROSE.sub(lambda m: " " * len(m.group()), line)



# --- Excerpts ---------------------------------------------------------------------------------

EXCERPT_CHARS = 180
_EXCERPT_SKIP = re.compile(r"^\s*(#|!!!|\?\?\?|```|~~~|<|\||\[\^)")
_MD_INLINE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`~]+|<[^>]+>|\\(?=\S)")


def excerpt(body: str, limit: int = EXCERPT_CHARS) -> str:
    """The first sentence or so of the notes' first paragraph, as plain text (not escaped)."""
    words: list[str] = []
    in_admonition = False
    lines = body.split("\n")
    for index, _ in prose_lines(body):  # skips fenced code
        line = lines[index]
        if not line.strip():
            if words:
                break
            in_admonition = False
            continue
        if in_admonition or line.startswith(("    ", "\t")):
            continue
        if _EXCERPT_SKIP.match(line):
            in_admonition = line.lstrip().startswith(("!!!", "???"))
            continue
        words += _MD_INLINE.sub(lambda m: m.group(1) or "", line.lstrip("-*+> ")).split()
    text = " ".join(words)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:(.")
    return cut + "…"
