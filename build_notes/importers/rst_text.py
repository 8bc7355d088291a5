"""PyVideo descriptions (reStructuredText) -> Markdown, through docutils' own parser.

PyVideo writes descriptions as reStructuredText (`` `a project <https://...>`__ ``, `**bold**`,
`| line` blocks, `====` titles), and many are plain text, which reads as reST paragraphs
alike. docutils parses them into its document tree; this module writes the parts a talk's
description uses (paragraphs, lists, emphasis, code, http(s) links, line blocks, titles as
bold lines) as Markdown, and every other node as its text. Nothing of the source passes
unescaped: text goes through `html_text.plain`, and raw HTML and file inclusion are off.
"""

from __future__ import annotations

import functools
import io
from typing import Any

import docutils.frontend
import docutils.utils
from docutils import nodes
from docutils.parsers.rst import Parser
from docutils.readers.standalone import Reader

from build_notes.importers.html_text import (
    MAX_DEPTH,
    code_block,
    code_span,
    is_web,
    lines_start,
    paragraphs,
    piece,
    plain,
)
from build_notes.text import escape_url


@functools.lru_cache(maxsize=1)
def _settings() -> Any:
    settings = docutils.frontend.get_default_settings(Parser)
    settings.report_level = 5  # say nothing; a mistake in the source stays its text
    settings.halt_level = 5
    settings.file_insertion_enabled = False  # no `.. include:: /etc/passwd`
    settings.raw_enabled = False  # no `.. raw:: html`
    settings.warning_stream = io.StringIO()
    settings.doctitle_xform = False  # a first title stays a bold line, in its place
    return settings


_READER: Reader[Any] = Reader()
_WARNING, _ERROR = 2, 3  # docutils' levels of system messages
# A PyVideo description is a few KB; docutils takes seconds on a long one (30,000 list
# items: 17 s; 20,000 characters of them 3.4 s), so a longer text is read as paragraphs.
MAX_RST_CHARS = 10_000


def to_markdown(source: str) -> str:
    """Markdown for one reST description; its plain paragraphs when docutils cannot read it."""
    if not source.strip():
        return ""
    if len(source) > MAX_RST_CHARS:
        return paragraphs(source)
    document = docutils.utils.new_document("<description>", _settings())
    try:
        Parser().parse(source, document)
        if any(_lost_words(message) for message in document.findall(nodes.system_message)):
            return paragraphs(source)
        # The standalone reader's transforms: named and anonymous references -> their URLs.
        document.transformer.populate_from_components([_READER])
        document.transformer.apply_transforms()
        writer = _Writer()
        writer.blocks_of(document, 0, "")
    except (RecursionError, docutils.utils.SystemMessage, ValueError, IndexError):
        return paragraphs(source)
    return "\n\n".join(writer.blocks)


def _lost_words(message: nodes.system_message) -> bool:
    """Whether docutils dropped or could not place some of the text: an error (an overlong
    line, an unknown directive, a reference to nothing), or a warning not tied to an inline
    mark it kept as text (a disabled `raw` directive). The text as written is then better
    than a parse that loses a word."""
    level = int(message.get("level", 0))
    return level >= _ERROR or (level >= _WARNING and not message.get("backrefs"))


class _Writer:
    def __init__(self) -> None:
        self.blocks: list[str] = []

    def blocks_of(self, node: nodes.Node, depth: int, indent: str) -> None:
        for child in node.children:
            self.block(child, depth + 1, indent)

    def block(self, node: nodes.Node, depth: int, indent: str) -> None:
        if isinstance(node, (nodes.system_message, nodes.target, nodes.comment,
                             nodes.substitution_definition)):
            return
        if depth > MAX_DEPTH:
            self.add(plain(node.astext()), indent)
        elif isinstance(node, nodes.title):
            self.add(f"**{self.inline(node, depth).strip()}**", indent)
        elif isinstance(node, (nodes.literal_block, nodes.doctest_block)):
            self.add(code_block(node.astext()), indent)
        elif isinstance(node, nodes.line_block):
            lines = [self.inline(line, depth).strip() for line in node.findall(nodes.line)]
            self.add(lines_start("  \n".join(line for line in lines if line)), indent)
        elif isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            self.add("\n".join(self.items(node, depth)), indent)
        elif isinstance(node, nodes.definition_list):
            for item in node.children:
                for part in item.children:
                    if isinstance(part, nodes.term):
                        self.add(f"**{self.inline(part, depth)}**", indent)
                    else:
                        self.blocks_of(part, depth, indent)
        elif isinstance(node, nodes.TextElement):  # a paragraph, or what reads as one
            self.add(lines_start(" ".join(self.inline(node, depth).split())), indent)
        else:  # sections, quotes, admonitions, tables: their blocks in turn
            self.blocks_of(node, depth, indent)

    def add(self, text: str, indent: str) -> None:
        if text.strip():
            self.blocks.append("\n".join(indent + line if line else line
                                         for line in text.split("\n")))

    def items(self, node: nodes.Node, depth: int) -> list[str]:
        ordered = isinstance(node, nodes.enumerated_list)
        lines: list[str] = []
        for number, item in enumerate(node.children, 1):
            inner = _Writer()
            inner.blocks_of(item, depth + 1, "")
            first, *rest = inner.blocks or [""]
            marker = f"{number}. " if ordered else "- "
            head, *tail = first.split("\n")
            lines.append(marker + head)
            # Continuation and nested blocks are indented under the item (4, as
            # Python-Markdown wants); one paragraph per item keeps a tight list.
            lines += [f"    {line}" if line else "" for line in tail]
            for block in rest:
                lines += ["", *(f"    {line}" if line else "" for line in block.split("\n"))]
        return lines

    def inline(self, node: nodes.Node, depth: int) -> str:
        if isinstance(node, nodes.Text):
            return piece(str(node))
        text = str(node.astext())
        if depth > MAX_DEPTH:
            return piece(text)
        if isinstance(node, nodes.literal):
            return code_span(text)
        if isinstance(node, (nodes.system_message, nodes.target)):
            return ""
        inner = self.joined(node, depth)
        if isinstance(node, nodes.emphasis) and inner.strip():
            return f"*{inner.strip()}*"
        if isinstance(node, nodes.strong) and inner.strip():
            return f"**{inner.strip()}**"
        if isinstance(node, nodes.reference):
            url = str(node.get("refuri", ""))
            if is_web(url) and inner.strip():
                return f"[{inner.strip().replace(']', chr(92) + ']')}]({escape_url(url)})"
        return inner

    def joined(self, node: nodes.Node, depth: int) -> str:
        return "".join(self.inline(child, depth + 1) for child in node.children)
