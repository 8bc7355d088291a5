"""The "From the programme" block of an imported talk, and whether its notes are written.

`build-notes import` puts the programme's own words (abstract, description, the event's page)
into one collapsed admonition of type `programme`, apart from the note-taker's notes; a
re-import finds exactly that block again by its type and replaces it. The validator asks
`notes_written` so that an imported talk is not published before anyone wrote notes.
"""

from __future__ import annotations

import re

PROGRAMME_TYPE = "programme"
PROGRAMME_TITLE = "From the programme"
# What an imported draft holds besides the programme block: an empty opinion box.
EMPTY_NOTES = "!!! opinion\n"

_BLOCK_START = re.compile(rf"^(\?\?\?\+?|!!!) {PROGRAMME_TYPE}(\s.*)?$")
_OPINION = re.compile(r"^(\?\?\?\+?|!!!) opinion(\s.*)?$")


def programme_block(markdown: str) -> str:
    """The collapsed block around Markdown text (already escaped), indented as pymdownx wants."""
    lines = [f"    {line}" if line.strip() else "" for line in markdown.strip("\n").split("\n")]
    return f'??? {PROGRAMME_TYPE} "{PROGRAMME_TITLE}"\n\n' + "\n".join(lines) + "\n"


def _block_end(lines: list[str], start: int) -> int:
    """The index after the last indented line of the admonition that starts at `start`."""
    end = start + 1
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if line.startswith(("    ", "\t")):
            end = index + 1
        elif line.strip():
            break
    return end


def split_programme(body: str) -> tuple[str, str | None, str]:
    """(text before, the programme block or None, text after) of a talk's body."""
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if _BLOCK_START.match(line):
            end = _block_end(lines, index)
            return ("\n".join(lines[:index]), "\n".join(lines[index:end]) + "\n",
                    "\n".join(lines[end:]))
    return body, None, ""


def replace_programme(body: str, block: str) -> str:
    """The body with its programme block replaced by `block` ("" removes it; a body without
    one gets it first). Every other line stays as it is."""
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if _BLOCK_START.match(line):
            end = _block_end(lines, index)
            rest = lines[end:]
            new = block.rstrip("\n").split("\n") if block else []
            if not new:
                while rest and not rest[0].strip():
                    rest = rest[1:]
            return "\n".join([*lines[:index], *new, *rest])
    return f"{block}\n{body.lstrip(chr(10))}" if block else body


def _empty_opinions(lines: list[str]) -> set[int]:
    """The indexes of opinion boxes with nothing in them."""
    return {index for index, line in enumerate(lines)
            if _OPINION.match(line) and _block_end(lines, index) == index + 1}


def notes_written(body: str) -> bool:
    """Whether the body holds anything besides the programme block and an empty opinion box."""
    before, _, after = split_programme(body)
    lines = f"{before}\n{after}".split("\n")
    skip = _empty_opinions(lines)
    return any(line.strip() for index, line in enumerate(lines) if index not in skip)

