"""The one block scanner (build_notes/markdown/blocks.py) against the site's own Markdown:
the lines it calls code are the lines Markdown renders as code, on generated notes made of
fences (every kind of opening line, indented, in lists and boxes), indented code, lists,
boxes and paragraphs; and the cases where the old scanners disagreed, by name."""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_notes.content.lint import notes_problems
from build_notes.content.schema import markdown_extensions
from build_notes.markdown.blocks import CODE_KINDS, excerpt, prose_lines, scan

NAMES, CONFIGS = markdown_extensions()
SITE = markdown.Markdown(extensions=NAMES, extension_configs=CONFIGS)
MARK = "zq{}q"  # a word that marks a generated line, found again in the HTML

# Lines of notes; `T` is where the marked text goes.
LINES = ["T", "    T", "  T", "\tT", "        T", "- T", "1. T", "1) T", "!!! note", "??? tip",
         "!!! note", "    - T", "", "", "", "```", "```py", "~~~", "````", "```py title=\"a\"",
         "``` {.x}", "```py foo", "```py linenums=\"1\"", "    ```", "  ```", "- ```", "``` py",
         "```   ", "# T", "| T | b |", "|---|---|", "<div>", "</div>", ": T",
         "[^T]: T"]  # footnotes of one id each: a second one would replace the first


def _rendered_code(body: str) -> set[int]:
    html = SITE.reset().convert(body)
    return {int(n) for m in re.finditer(r"<pre[^>]*>(.*?)</pre>", html, re.S)
            for n in re.findall(r"zq(\d+)q", m.group(1))}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=10))
def test_the_code_the_scanner_finds_is_the_code_markdown_renders(lines: list[str]) -> None:
    body = "\n".join(line.replace("T", MARK.format(i)) for i, line in enumerate(lines))
    marked = {i for i, line in enumerate(lines) if "T" in line}
    scanned = scan(body)
    assert len(scanned) == len(lines)
    said = {i for i in marked if scanned[i].kind in CODE_KINDS}
    assert said == _rendered_code(body) & marked, (body, [x.kind for x in scanned])


@pytest.mark.parametrize(("body", "kinds"), [
    # A fence never closed is text, as superfences leaves it (the old scanners: code).
    ("```\n16m34s\n", ["prose", "prose", "blank"]),
    # Closed only by the same fence (the old: any as long).
    ("```\nx\n````\n```", ["fence", "code", "code", "fence"]),
    # Words superfences does not take after the fence: no fence (the old: a fence).
    ("```py foo\nx\n```", ["prose", "prose", "prose"]),
    # Its lines keep the opening line's indentation, or the fence is text.
    ("  ```\nx\n  ```", ["prose", "prose", "prose"]),
    ("- a\n\n    ```\n    x\n    ```", ["list_item", "blank", "fence", "code", "fence"]),
    # Two blank lines end a footnote: 4 spaces after them are code, after one its text.
    ("[^a]: x\n\n\n    code", ["footnote", "blank", "blank", "indented_code"]),
    ("[^a]: x\n\n    more", ["footnote", "blank", "prose"]),
    # After a paragraph indented 2, 4 spaces after a blank line are code (the old: text).
    ("  para\n\n    code", ["prose", "blank", "indented_code"]),
    # A list does not start inside a paragraph, so 8 spaces after it are code.
    ("para\n- a\n\n    code", ["prose", "prose", "blank", "indented_code"]),
    ("!!! note\n\n    box\n\n        code", ["box", "blank", "prose", "blank", "indented_code"]),
    # A definition needs its term: without one it is a paragraph, and 4 spaces are code.
    (": a\n\n    code", ["prose", "blank", "indented_code"]),
    ("Term\n: a\n\n    more", ["prose", "definition", "blank", "prose"]),
    ("| a | b |\n|---|---|\n| 1 | 2 |", ["table_row"] * 3),
    ("<div>\nx\n</div>\n\n<span>y</span>", ["html", "html", "html", "blank", "prose"]),
])
def test_the_scanner_reads_blocks_as_markdown_does(body: str, kinds: list[str]) -> None:
    assert [line.kind for line in scan(body)] == kinds
    assert ("<pre" in SITE.reset().convert(body)) == any(k in CODE_KINDS for k in kinds)


def test_timestamps_and_boxes_after_a_fence_never_closed_are_read() -> None:
    body = "```\nAt 16m34s.\n\n!!! opnion\n\n    Mine.\n"
    assert [i for i, _ in prose_lines(body)] == list(range(len(body.split("\n"))))
    assert any("did you mean `!!! opinion`" in message
               for _, message, _ in notes_problems(body))


def test_the_excerpt_reads_the_scanners_blocks() -> None:
    body = "| not | a table |\n\n<div>\nHTML.\n</div>\n\n    code\n\nThe first words."
    assert excerpt(body) == "| not | a table |"
    assert excerpt("<div>\nHTML.\n</div>\n\n    code\n\nThe first words.") == "The first words."
