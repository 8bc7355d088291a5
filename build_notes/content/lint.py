"""Lint of a note's Markdown: the opinion box, the other boxes, and template text left in.

The opinion box is what sets these notes apart, and Python-Markdown forgives none of its
mistakes silently: text under `!!! opinion` indented less than 4 spaces falls out of the box
and reads as the talk's own notes, a box indented after a list ends up inside the last
bullet, `!!! opnion` is a plain box titled "Opnion". Each of these is found here from the
source lines, the way Python-Markdown's admonition and pymdownx.details read them (a box's
content is indented 4 spaces more than its `!!!` line, tabs count as 4), and reported at its
line with the fix. The lines come from the one block scanner (markdown/blocks.py), so
what is fenced code here is what Markdown renders as code: nothing inside it is judged.

Pure functions over the body; `notes_problems(body)` gives (0-based line index, message,
severity) and the validator adds the file's line offset.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from build_notes.content.model import Severity
from build_notes.content.scaffold import PLACEHOLDERS
from build_notes.content.schema import note_markup
from build_notes.markdown.blocks import TAB, Line, Lines, scan

OPINION = "opinion"
# The admonition types Material for MkDocs styles (its stylesheet has a colour and an icon
# for each), and the site's own `programme` box (talk-notes.css), which `build-notes import`
# writes: data/note_markup.yml, which the allowlist reads too. Anything else is drawn as a plain
# `note`. Material 9.0 dropped the aliases below, which older pages and other tools still use.
STYLED = tuple(kind for kind in note_markup()["admonition_types"] if kind != "opinion")
FORMER_ALIASES = {"seealso": "note", "summary": "abstract", "tldr": "abstract", "todo": "info",
                  "hint": "tip", "important": "tip", "check": "success", "done": "success",
                  "help": "question", "faq": "question", "caution": "warning",
                  "attention": "warning", "fail": "failure", "missing": "failure",
                  "error": "danger", "cite": "quote"}

_HEADER = re.compile(r"(?P<marker>!!!|\?\?\?\+?)(?P<gap>[ \t]*)(?P<type>[\w-]*)(?P<rest>.*)")
# After the type, Python-Markdown accepts more class words and a quoted title, nothing else.
_REST = re.compile(r'(?:[ ]+[\w-]+)*(?:[ ]+"(?P<title>.*?)")?[ ]*')
# What a line that is not the header of a box makes its indented lines part of.
_CONTAINERS = {"list_item": "a list item", "box": "a box", "footnote": "a footnote",
               "definition": "a definition"}


@dataclass(frozen=True)
class _Box:
    index: int
    indent: int
    type: str


Finding = tuple[int, str, Severity]
_At = Callable[[int], int]  # a body line's index -> its line in the file


def notes_problems(body: str, first_line: int = 1, *, draft: bool = False) -> list[Finding]:
    """(0-based line index, message, severity) for each mistake of the notes' Markdown.

    `first_line` is the file's line number of the body's first line, for the messages that
    point at another line. In a `draft`, an empty opinion box is the place left for the
    note-taker's view (`build-notes import` writes one), not a mistake."""
    # Most notes have no box and no template text: they cost one scan each.
    boxes = "!!!" in body or "???" in body
    template = any(placeholder in body for placeholder in PLACEHOLDERS)
    if not (boxes or template):
        return []
    lines = scan(body)

    def at(index: int) -> int:
        return first_line + index

    found: list[Finding] = list(_placeholders(lines)) if template else []
    if not boxes:
        return found
    first_opinion: int | None = None
    for index, line in enumerate(lines):
        m = None if line.fenced or line.text[:1] not in ("!", "?") else \
            _HEADER.fullmatch(line.text)
        if m is None:
            continue
        box = _header(index, lines, m, found)
        if box is None or box.type != OPINION:
            if box is not None:
                found.extend(_empty_content(box, lines, at, opinion=False))
            continue
        if first_opinion is not None:
            found.append((index, f"a second opinion box (the first is at line "
                          f"{at(first_opinion)}): keep your view in one box, so a "
                          "reader finds it in one place; move this text into the first box",
                          "error"))
            continue
        first_opinion = index
        found.extend(_nesting(box, lines, at))
        found.extend(_empty_content(box, lines, at, opinion=True, draft=draft))
        found.extend(_after_the_box(box, lines, at))
    return sorted(set(found))


def _header(index: int, lines: Lines, m: re.Match[str],
            found: list[Finding]) -> _Box | None:
    """The box a `!!!`/`???` line opens, or None (after reporting why it opens none)."""
    marker, kind = m["marker"], m["type"]
    example = f"`{marker} {OPINION}`"
    if not kind:
        found.append((index, f"`{marker}` needs a type to open a box, like {example}; "
                      "without one it is shown as text", "error"))
        return None
    if m["gap"] not in ("", " "):
        found.append((index, f"write one space between `{marker}` and '{kind}': with more "
                      f"it is not a box but text, like {example}", "error"))
        return None
    if not _REST.fullmatch(m["rest"]):
        found.append((index, f"after `{marker} {kind}` only more class words and a quoted "
                      f"title may follow, like `{marker} {kind} \"My title\"`; otherwise the "
                      "line is shown as text", "error"))
        return None
    line = lines[index]
    if line.indent and _container(index, lines) is None:
        shown = "as code" if line.indent >= TAB else "as text"
        found.append((index, f"`{marker}` is indented {line.indent} spaces, so the box is "
                      f"shown {shown}: start the line with `{marker}`", "error"))
        return None
    lowered = kind.lower()
    if lowered == OPINION:
        if kind != OPINION:
            found.append((index, f"did you mean `{marker} {OPINION}`? Write the type in "
                          f"lowercase: `{marker} {kind}` is styled as an opinion but titled "
                          f"'{kind.capitalize()}', not \"Note-taker's opinion\"", "error"))
        elif not m["gap"]:
            found.append((index, f"did you mean `{marker} {OPINION}`? Put a space after "
                          f"`{marker}`: without it the box is titled 'Opinion', not "
                          "\"Note-taker's opinion\"", "error"))
        return _Box(index, line.indent, OPINION)
    if lowered in STYLED:
        return _Box(index, line.indent, lowered)
    if difflib.SequenceMatcher(None, lowered, OPINION).ratio() >= 0.7:
        found.append((index, f"unknown box type '{kind}'; did you mean `{marker} {OPINION}`? "
                      f"As written it is a plain box titled '{kind.capitalize()}'", "error"))
        return _Box(index, line.indent, OPINION)
    alias = FORMER_ALIASES.get(lowered)
    close = [alias] if alias else difflib.get_close_matches(lowered, STYLED, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    found.append((index, f"the box type '{kind}' is not styled by this site (it shows as a "
                  f"plain note); {hint}styled types: {OPINION}, {', '.join(STYLED)}",
                  "warning"))
    return _Box(index, line.indent, lowered)


def _container(index: int, lines: Lines) -> tuple[int, str] | None:
    """The block an indented line belongs to (its line index and what it is), or None."""
    indent = lines[index].indent
    for j in range(index - 1, -1, -1):
        line = lines[j]
        if line.blank or line.indent >= indent:
            continue
        if line.fenced:
            return None
        if line.kind in _CONTAINERS:
            return j, _CONTAINERS[line.kind]
        if line.indent == 0:
            return None
        indent = line.indent  # a paragraph inside something: look further up
    return None


def _nesting(box: _Box, lines: Lines, at: _At) -> Iterator[Finding]:
    if not box.indent:
        return
    container = _container(box.index, lines)
    if container is not None:
        j, what = container
        yield (box.index, f"the opinion box is inside {what} (line {at(j)}), because it "
               f"is indented {box.indent} spaces: start `!!! {OPINION}` at the beginning of "
               "its line, after a blank line, and indent its text 4 spaces", "error")


def _content(box: _Box, lines: Lines) -> tuple[list[int], int | None]:
    """The box's non-blank content lines, and the first line after the box (or None)."""
    content: list[int] = []
    for j in range(box.index + 1, len(lines)):
        line = lines[j]
        if line.blank:
            continue
        if line.indent < box.indent + TAB:
            return content, j
        content.append(j)
    return content, None


def _prose(line: Line) -> bool:
    return not (line.fenced or line.kind in ("heading", "list_item")
                or _HEADER.match(line.text))


def _empty_content(box: _Box, lines: Lines, at: _At, *, opinion: bool,
                   draft: bool = False) -> Iterator[Finding]:
    content, after = _content(box, lines)
    if content:
        return
    what = "the opinion box" if opinion else f"the '{box.type}' box"
    if after is not None and _prose(lines[after]) and (
            lines[after].indent > box.indent or (opinion and lines[after].indent == box.indent)):
        shift = lines[after].indent - box.indent
        indented = f"indented {shift} spaces" if shift else "not indented"
        reads_as = "the talk's own notes" if opinion else "ordinary notes"
        yield (after, f"this text is {indented} under {what} (line "
               f"{at(box.index)}), so it is outside the box, which stays empty, and "
               f"reads as {reads_as}: indent it 4 spaces", "error")
    elif opinion and not draft:
        yield (box.index, f"the opinion box is empty: write your view under `!!! {OPINION}`, "
               "indented 4 spaces, or remove the line", "error")


def _after_the_box(box: _Box, lines: Lines, at: _At) -> Iterator[Finding]:
    """Text meant for the opinion box that fell out of it after the box's first lines."""
    content, after = _content(box, lines)
    if not content or after is None or not _prose(lines[after]) or \
            lines[after].indent > box.indent + 1:
        return
    if not lines[after - 1].blank:
        yield (after, f"this line follows the opinion box's text (line {at(content[-1])}) "
               "without a blank line, but is not indented, so it is outside the box: indent "
               "it 4 spaces, or put a blank line before it if it belongs to the talk's notes",
               "error")
        return
    # Text indented like the box's content after a line that ended the box: Python-Markdown
    # shows it as code (or as part of that paragraph), not in the box.
    for j in range(after + 1, len(lines)):
        line = lines[j]
        if line.blank:
            continue
        if line.indent >= box.indent + TAB and lines[j - 1].blank and not line.fenced:
            yield (j, f"this text is indented like the opinion box's (line "
                   f"{at(box.index)}) but is outside it: the box ends at line "
                   f"{at(after)}, which is not indented. Indent that line 4 spaces "
                   "too, or take the indentation off this one (indented, it shows as code)",
                   "error")
            return
        if line.indent <= box.indent and not _prose(line):
            return  # a heading, a list or another box: the notes go on


def _placeholders(lines: Lines) -> Iterator[Finding]:
    for index, line in enumerate(lines):
        if line.fenced:
            continue
        placeholder = next((p for p in PLACEHOLDERS if p in line.text), None)
        if placeholder:
            yield (index, f"replace the template text ('{placeholder} …') with your own "
                   "words, or remove it", "error")
