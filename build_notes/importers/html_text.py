"""Programme HTML -> Markdown text that shows as the programme meant it and can run nothing.

Programme descriptions are HTML in some exports (FOSDEM, frab) and plain text in others
(pretalx). HTML is parsed as a browser would (Lexbor, an HTML5-spec parser, through
selectolax); only paragraphs, lists, line breaks, emphasis and http(s) links are kept, and
every other element is unwrapped to its text, which is escaped. No markup of the source ever
reaches the note: what comes out is Markdown built from escaped text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from build_notes.text import escape_md, escape_url

# Plain text is read as HTML only when it holds one of the tags programmes use for layout:
# a pretalx abstract saying "the <details> element" must stay text.
_HTML_HINT = re.compile(r"</?(p|br|ul|ol|li|a|em|strong|b|i|div|span|h[1-6])\b[^<>]*>",
                        re.IGNORECASE)
_BLOCKS = frozenset({"p", "div", "section", "article", "blockquote", "pre", "table", "tr",
                     "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "dl", "dd",
                     "dt", "figure", "hr", "body", "html", "head"})
_EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}


def to_markdown(source: str) -> str:
    """Markdown text for one programme field: paragraphs and list items apart by blank lines."""
    if not source.strip():
        return ""
    if not _HTML_HINT.search(source):
        return "\n\n".join(escape_md(part) for part in re.split(r"\n\s*\n", source)
                           if part.strip())
    tree = LexborHTMLParser(source)
    blocks: list[str] = []
    _Converter(blocks).block(tree.root)
    return "\n\n".join(blocks)


def _is_web(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and \
        not any(c.isspace() for c in url.strip())


class _Converter:
    def __init__(self, blocks: list[str]) -> None:
        self.blocks = blocks
        self.line: list[str] = []

    def flush(self) -> None:
        text = "".join(self.line).strip()
        # Hard breaks at the ends of a paragraph mean nothing; inside, they stay.
        text = re.sub(r"^(?:  \n)+|(?:  \n)+$", "", text).strip()
        if text:
            self.blocks.append(text)
        self.line = []

    def block(self, node: LexborNode | None) -> None:
        """Walk `node`'s children, starting a new paragraph at each block element."""
        if node is None:
            return
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag in _BLOCKS:
                self.flush()
                self.block(child)
                self.flush()
            elif tag in ("ul", "ol"):
                self.flush()
                self.items(child, ordered=tag == "ol")
            else:
                self.line.append(self.inline(child))

    def items(self, node: LexborNode, ordered: bool) -> None:
        items: list[str] = []
        for child in node.iter(include_text=True):
            text = " ".join(self.inline(child).replace("  \n", " ").split())
            if text:
                items.append(f"{len(items) + 1}. {text}" if ordered else f"- {text}")
        if items:
            self.blocks.append("\n".join(items))

    def inline_children(self, node: LexborNode) -> str:
        return "".join(self.inline(child) for child in node.iter(include_text=True))

    def inline(self, node: LexborNode) -> str:
        tag = node.tag
        if tag == "-text":
            raw = node.text_content or ""
            if not raw.strip():
                return " " if raw else ""
            lead = " " if raw[0].isspace() else ""
            trail = " " if raw[-1].isspace() else ""
            return f"{lead}{escape_md(raw)}{trail}"
        if tag in ("-comment", "-doctype"):
            return ""
        if tag == "br":
            return "  \n"
        if tag == "li":
            return self.inline_children(node)
        if tag in ("ul", "ol") or tag in _BLOCKS:
            # A list or a paragraph inside a list item or a link: its words, on one line.
            return " " + self.inline_children(node).replace("  \n", " ") + " "
        inner = self.inline_children(node)
        if tag in _EMPHASIS and inner.strip():
            mark = _EMPHASIS[tag]
            stripped = inner.strip()
            lead = " " if inner[:1].isspace() else ""
            trail = " " if inner[-1:].isspace() else ""
            return f"{lead}{mark}{stripped}{mark}{trail}"
        if tag == "a" and inner.strip():
            href = (node.attributes.get("href") or "").strip()
            if _is_web(href):
                return f"[{inner.strip()}]({escape_url(href)})"
        return inner  # any other element: its text only
