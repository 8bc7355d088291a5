"""Markdown read as blocks, without rendering it: one scan that says for each line of a note
what block it is in, which every rule reads (lint, timestamps, the excerpt, the allowlist's
fast path and cost limits), and the helpers built on it.

The rules are those of the site's Markdown (data/markdown_extensions.yml): fenced code as
pymdownx.superfences finds it, before any other block (a fence at any indentation or quote
level, whose lines all keep the opening line's indentation, closed by the same fence alone
on its line; a fence never closed, or a line less indented, leaves it text); then, as
Python-Markdown's block parser reads the rest after expanding tabs to 4 columns: indented
code, the `!!!`/`???` boxes of admonition and pymdownx.details, list items, headings,
footnote and definition lines, tables, and HTML blocks.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Literal, NamedTuple

from markdown.util import BLOCK_LEVEL_ELEMENTS

TAB = 4  # Python-Markdown's tab_length

Kind = Literal["blank", "fence", "code", "indented_code", "box", "list_item", "heading",
               "footnote", "definition", "table_row", "html", "prose"]
CODE_KINDS = frozenset({"fence", "code", "indented_code"})
# The lines whose blocks are indented one level more than they are.
_CONTAINERS = frozenset({"box", "list_item", "footnote", "definition"})


class Line(NamedTuple):  # a tuple: notes have many lines, and these are made per line
    kind: Kind
    indent: int  # columns of white space before the text, tabs expanded
    text: str  # without the indentation and trailing white space, tabs expanded
    fence: str  # "fence" and "code" lines: the opening line of their fence, else ""

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def fenced(self) -> bool:
        """A fence line or a line inside fenced code."""
        return self.kind in ("fence", "code")


Lines = tuple[Line, ...]


# pymdownx.superfences' opening line (RE_NESTED_FENCE_START): a language, then attributes in
# braces, or options, or other words (which make the line no fence).
_FENCE_START = re.compile(r"""(?x)
    (?P<fence>~{3,}|`{3,})
    (?:[ \t]*\.?(?P<lang>[\w#.+-]+)(?=[\t ]|$))?
    (?:
        [ \t]*(\{(?P<attrs>[^\n]*)\}) |
        (?P<options>(?:(?:[ \t]*[a-zA-Z][a-zA-Z0-9_]*(?:=(?P<quot>"|').*?(?P=quot))?)
                       (?=[\t ]|$))+) |
        (?P<unrecognized>(?:([ \t]*[^\s]+)(?=[\t ]|$))+)
    )?[ \t]*$""")
_FENCE_OPTION = re.compile(r"""([a-zA-Z][a-zA-Z0-9_]*)(?:=("|')(.*?)\2)?""")
# The options pymdownx.highlight takes on a fence (highlight_validator); any other makes the
# line no fence.
_HIGHLIGHT_OPTIONS = {"hl_lines": re.compile(r"\d+(?:-\d+)?(?:[ \t]+\d+(?:-\d+)?)*$"),
                      "linenums": re.compile(r"\d+(?:[ \t]+\d+)?(?:[ \t]+\d+)?"),
                      "title": None, "title_mode": None}
_NO_MATCH = re.compile(r"(?!)")  # an option highlight does not take
_PREFIX = frozenset(" >")  # what superfences reads as a fence's indentation (tabs expanded)

_BOX = re.compile(r'(?:!!!|\?\?\?\+?) ?[\w-]+(?: +[\w-]+)*(?: +".*?")? *')
_LIST_ITEM = re.compile(r"(?:[*+-]|\d+\.)(?: |$)")
_HEADING = re.compile(r"#{1,6}")
_FOOTNOTE = re.compile(r"\[\^[^\]]+\]:")
_DEFINITION = re.compile(r":[ ]{1,3}\S")
_HTML_START = re.compile(r"<(?:!--|/?([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$))")
_MARKDOWN_ATTRIBUTE = re.compile(r"^<[^>]*\smarkdown\b")
# Elements without content: their tag is the whole block.
_VOID = frozenset({"hr", "br", "img", "input", "meta", "link", "area", "base", "col", "embed",
                   "source", "track", "wbr", "param"})
# A cheap test of the whole body before the line-by-line search.
_MAYBE_HTML = re.compile(r"^ {0,3}<[A-Za-z!]", re.MULTILINE)
_TABLE_SEPARATOR = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*")


def _fence_opens(text: str) -> bool:
    """Whether superfences opens a fence with this line (its indentation removed)."""
    m = _FENCE_START.match(text)
    if m is None or m["unrecognized"] is not None:
        return False
    if m["options"] is None:
        return True
    for option in _FENCE_OPTION.finditer(m["options"]):
        name, value = option.group(1), option.group(3)
        check = _HIGHLIGHT_OPTIONS.get(name, _NO_MATCH)
        if check is not None and not check.match(name if value is None else value):
            return False
    return True


def _prefix(line: str, limit: int | None = None) -> str:
    end = 0
    while end < len(line) and line[end] in _PREFIX and (limit is None or end < limit):
        end += 1
    return line[:end]


def _fences(lines: list[str]) -> Iterator[tuple[int, int, str]]:
    """(first line, last line, opening line) of each fence, found as superfences finds them
    (its search_nested, over tab-expanded lines)."""
    start: int | None = None
    fence_end: re.Pattern[str] | None = None
    ws_len = quote_level = empty_lines = 0
    for index, line in enumerate(lines):
        if start is None:
            if not line.lstrip(" >").startswith(("```", "~~~")):
                continue
            ws = _prefix(line)
            fence = _FENCE_START.match(line, len(ws))
            if fence is not None and _fence_opens(line[len(ws):]):
                start, ws_len, quote_level, empty_lines = index, len(ws), ws.count(">"), 0
                fence_end = re.compile(re.escape(fence["fence"]) + r"[ \t]*$")
            continue
        assert fence_end is not None
        ws = _prefix(line, ws_len)
        content = line[len(ws):]
        verdict = _fence_line(ws, content, ws.count(">"), ws_len, quote_level, empty_lines,
                              fence_end)
        if verdict == "end":
            yield start, index, lines[start].strip()
            start = None
        elif verdict == "clear":
            start = None
        else:
            empty_lines = empty_lines + 1 if verdict == "empty" else 0


def _fence_line(ws: str, content: str, level: int, ws_len: int, quote_level: int,
                empty_lines: int, fence_end: re.Pattern[str]) -> str:
    """What a line does to an open fence: "empty", "content", "end", or "clear" (the fence
    was none: superfences leaves its lines as text)."""
    if quote_level:  # superfences' eval_quoted
        if level > quote_level:
            return "clear"
        if content == "":
            return "empty"
        if len(ws) < ws_len or (empty_lines and level < quote_level):
            return "clear"
        return "end" if fence_end.match(content) else "content"
    if level:  # a quote line in a fence outside quotes
        return "clear"
    if not (ws + content).strip():  # eval_fence
        return "empty"
    if len(ws) != ws_len and content != "":
        return "clear"
    if fence_end.match(content) and not content.startswith(" "):
        return "end"
    return "content"


@functools.lru_cache(maxsize=8)  # lint, the allowlist and the timestamps read one note in turn
def scan(body: str) -> Lines:
    """Each line of a note's body with the block it is in (see the module's docstring)."""
    # Python-Markdown expands tabs and empties lines of white space before any block is read.
    lines = [(line.expandtabs(TAB) if "\t" in line else line).rstrip(" ")
             for line in body.split("\n")]
    fences = {first: (last, opening) for first, last, opening in _fences(lines)} \
        if "```" in body or "~~~" in body else {}
    html = _html_blocks(lines, fences) if "<" in body and _MAYBE_HTML.search(body) else set()
    out: list[Line] = []
    blocks = _Blocks()
    fence_end, opening, reverted_end = -1, "", -1
    for index, line in enumerate(lines):
        text = line.lstrip(" ")
        indent = len(line) - len(text)
        previous = out[-1].kind if out else "blank"
        if index in fences and (index in html or blocks.fence_stays(indent)):
            fence_end, opening = fences[index]
        elif index in fences and not blocks.in_code(indent):
            # A fence after indented code, in its block: superfences puts it back, and the
            # block parser reads it all as one paragraph, blank lines and all.
            reverted_end = fences[index][0]
        if index <= reverted_end:
            blocks.add("prose", indent, "prose")
            out.append(Line("prose", indent, text, ""))
            continue
        if index <= fence_end or index in html:
            kind: Kind = "html" if index > fence_end else \
                "fence" if index in fences or index == fence_end else "code"
            blocks.add(kind, indent, previous)
            out.append(Line(kind, indent, text, opening if kind != "html" else ""))
            continue
        out.append(Line(blocks.kind(text, indent, previous), indent, text, ""))
    if "|" in body:
        _mark_tables(out)
    return tuple(out)


def _html_blocks(lines: list[str], fences: dict[int, tuple[int, str]]) -> set[int]:
    """The lines of raw HTML blocks, as Python-Markdown's HTML preprocessor finds them after
    superfences: from a line that starts (indented 3 spaces at most) with a block-level tag
    or a comment to the line that closes it, blank lines included, or to the end. A tag with
    the `markdown` attribute (md_in_html) holds Markdown: only its own line is HTML."""
    found: set[int] = set()
    index = 0
    while index < len(lines):
        if index in fences:
            index = fences[index][0] + 1
            continue
        line = lines[index]
        text = line.lstrip(" ")
        tag = _HTML_START.match(text) if text[:1] == "<" and len(line) - len(text) < 4 \
            else None
        name = (tag.group(1) or "").lower() if tag else ""
        if tag is None or text.startswith("</") or (name and name not in BLOCK_LEVEL_ELEMENTS):
            index += 1  # a closing tag nothing opened is text
            continue
        end = _html_end(lines, index, name)
        if _MARKDOWN_ATTRIBUTE.search(text):
            found.update((index, end))  # the Markdown between is read as Markdown
            index += 1
            continue
        found.update(range(index, end + 1))
        index = end + 1
    return found


def _html_end(lines: list[str], start: int, name: str) -> int:
    """The line that closes the raw HTML opened at `start` (a comment if no name)."""
    if not name:
        return next((j for j in range(start, len(lines)) if "-->" in lines[j]), len(lines) - 1)
    if name in _VOID:
        return start
    pattern = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*?(/?)>", re.IGNORECASE)
    depth = 0
    for j in range(start, len(lines)):
        for m in pattern.finditer(lines[j]):
            depth += -1 if m.group(1) else 0 if m.group(2) else 1
        if depth <= 0:
            return j
    return len(lines) - 1


class _Blocks:
    """Where Python-Markdown's block parser stands, line by line.

    Indented code starts a block (after a blank line, a heading, a box's header or more
    code) indented 4 columns deeper than the level it stands at (the left margin, or the
    content of the list item, box, footnote or definition it follows). A list starts only at
    the start of a block, never inside a paragraph.
    """

    def __init__(self) -> None:
        self.at_start = True  # the next line starts a block
        self.level = 0  # the indentation of the content of the list item or box, if in one
        self.run_start: Kind = "blank"  # the first line after the last blank line
        self.last: Kind = "blank"  # the last line that was not blank
        self.in_box = False  # the level is a box's content
        self.in_footnote = False  # the level is a footnote's content
        self.blanks = 0  # blank lines in a row just before this line

    def fence_stays(self, indent: int) -> bool:
        """Whether a fence superfences found here stays code: in indented code, or in a run
        of lines that starts with it, superfences puts the fence back as text (raw HTML,
        which Python-Markdown reads after the fences, keeps them)."""
        return not self.in_code(indent) and self.run_start != "indented_code"

    def in_code(self, indent: int) -> bool:
        """Whether a line of this indentation here is indented code."""
        return self.at_start and indent >= self.level + TAB

    def add(self, kind: Kind, indent: int, previous: Kind) -> None:
        """Move past a line that is neither blank nor indented code."""
        if previous == "blank" or kind == "box":
            self.run_start = kind  # a box splits its block before Python-Markdown reads code
        self.blanks = 0
        if kind in _CONTAINERS:
            self.level = indent // TAB * TAB + TAB  # its blocks are indented one level more
            self.in_box, self.in_footnote = kind == "box", kind == "footnote"
        elif (self.at_start or self.in_box or kind == "heading") and indent < self.level:
            # Back out to the level of the line: after a blank line, a heading, or in a box,
            # whose lines (unlike a list item's) never run on unindented.
            self.level = indent // TAB * TAB
            self.in_box = self.in_footnote = False
        # A heading and raw HTML end their block; a box's content starts one.
        self.at_start = kind in ("heading", "box", "html")

    def kind(self, text: str, indent: int, previous: Kind) -> Kind:
        """What a line outside fenced code is, and the block parser moved past it."""
        if not text:
            self.at_start, self.run_start = True, "blank"
            self.blanks += 1
            if self.in_footnote and self.blanks == 2:
                # Two blank lines end a footnote (Python-Markdown's footnotes): what follows
                # is indented from the footnote's own level again.
                self.level, self.in_footnote = self.level - TAB, False
            return "blank"
        if self.in_code(indent):
            self.blanks = 0
            if previous == "blank":
                self.run_start = "indented_code"
            return "indented_code"
        kind = _line_kind(text)
        if kind == "list_item" and not self.at_start and \
                "list_item" not in (previous, self.run_start):
            kind = "prose"  # a list does not start inside a paragraph
        elif kind == "definition" and self.last not in ("prose", "definition"):
            kind = "prose"  # a definition needs its term, a paragraph, before it
        self.add(kind, indent, previous)
        self.last = kind
        return kind


def _line_kind(text: str) -> Kind:
    """What a line outside code is, by itself (tables: _mark_tables; HTML: _html_blocks)."""
    first = text[0]
    if first in "!?" and _BOX.fullmatch(text):
        return "box"
    if first in "*+-0123456789" and _LIST_ITEM.match(text):
        return "list_item"
    if first == "#" and _HEADING.match(text):
        return "heading"
    if first == "[" and _FOOTNOTE.match(text):
        return "footnote"
    if first == ":" and _DEFINITION.match(text):
        return "definition"
    return "prose"


def _mark_tables(lines: list[Line]) -> None:
    """Tables, which a run of lines makes (non-blank lines outside code): a first line with
    `|` at the start of a block, then a separator line (`--- | :-:`)."""
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.kind != "prose" or (index and not lines[index - 1].blank) or \
                "|" not in line.text or index + 1 == len(lines) or \
                not _TABLE_SEPARATOR.fullmatch(lines[index + 1].text):
            index += 1
            continue
        end = index
        while end < len(lines) and lines[end].kind == "prose":
            end += 1
        lines[index:end] = [x._replace(kind="table_row") for x in lines[index:end]]
        index = end


# --- Prose ------------------------------------------------------------------------------------

# Inline code, and HTML tags with their attribute values (`<span title="at 4m02s">`).
_NOT_PROSE = re.compile(r"(`+)(?:.+?)\1|<[A-Za-z/!][^>]*>")


def prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """(index, line) of each body line that is not code (blank lines included), with inline
    code and HTML tags blanked out (same length, so offsets still match the line)."""
    raw = body.split("\n")
    for index, line in enumerate(scan(body)):
        if line.kind not in CODE_KINDS:
            yield index, _NOT_PROSE.sub(lambda m: " " * len(m.group()), raw[index])


# --- Excerpts ---------------------------------------------------------------------------------

EXCERPT_CHARS = 180
# Lines that are no sentence of the notes: headings, boxes, tables, HTML blocks, footnotes.
_EXCERPT_SKIP = frozenset({"heading", "box", "table_row", "html", "footnote"})
_MD_INLINE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`~]+|<[^>]+>|\\(?=\S)")


# A talk is listed on several pages, and `mkdocs serve` lists it again on every save.
@functools.lru_cache(maxsize=1 << 16)
def excerpt(body: str, limit: int = EXCERPT_CHARS) -> str:
    """The first sentence or so of the notes' first paragraph, as plain text (not escaped)."""
    words: list[str] = []
    in_box = False
    raw = body.split("\n")
    for index, line in enumerate(scan(body)):
        if line.kind in CODE_KINDS:
            continue
        if line.blank:
            if words:
                break
            in_box = False
            continue
        if in_box or line.indent >= TAB:
            continue
        if line.kind in _EXCERPT_SKIP:
            in_box = line.kind == "box"
            continue
        words += _MD_INLINE.sub(lambda m: m.group(1) or "", raw[index].lstrip("-*+> ")).split()
    text = " ".join(words)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:(.")
    return cut + "…"
