"""Programme text -> Markdown that shows as its author meant it and can run nothing.

Programme descriptions are HTML in some exports (FOSDEM, frab) and plain text in others.
HTML is parsed as a browser would (Lexbor, an HTML5-spec parser, through selectolax); only
paragraphs, lists (nested too), line breaks, emphasis, code and http(s) links are kept, and
every other element is unwrapped to its text. No markup of the source reaches the note: what
comes out is Markdown built from text, escaped by `plain`.

`plain` escapes only what would change the meaning of the text in Markdown (a `*`, a `<`
before a letter, a `-` that would start a list), so that a draft stays easy to read, edit
and quote from; every other character is written as it is.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from build_notes.text import CONTROL_CHARS, escape_url

# Plain text is read as HTML only when it holds one of the tags programmes use for layout:
# a pretalx abstract saying "the <details> element" must stay text.
_HTML_HINT = re.compile(r"</?(p|br|ul|ol|li|a|em|strong|b|i|div|span|code|pre|h[1-6])\b"
                        r"[^<>]*>", re.IGNORECASE)
_BLOCKS = frozenset({"p", "div", "section", "article", "blockquote", "table", "tr",
                     "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "dl", "dd",
                     "dt", "figure", "hr", "body", "html", "head"})
_EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}
# Below this depth an element is read as its text: 5,000 nested <span>s must not recurse.
MAX_DEPTH = 64

_CONTROL = re.compile(f"[{CONTROL_CHARS}]")
# Anywhere in a line: emphasis, code, links, HTML, entities, attribute lists, tables.
_INLINE = re.compile(r"\\(?=[!-/:-@\[-`{-~])|[`*{|\[]|_(?!\w)|(?<!\w)_|<(?=[A-Za-z/!?])"
                     r"|&(?=#?\w+;)|~~")
# At the start of a line: what opens a heading, quote, list, rule, definition, box or fence.
_LINE_START = re.compile(r"[#>]|:(?=\s|$)|=+\s*$|~~~|\+(?=\s|$)|!!!|\?\?\?|-(?=\s|[-\s]*$)"
                         r"|\d+(?=[.)](\s|$))")


def plain(text: str, in_link: bool = False, line: bool = True) -> str:
    """Text Markdown shows as written; whitespace runs become one space, controls go.
    `line=False`: a piece inside a line, where nothing opens a block."""
    text = " ".join(_CONTROL.sub("", text).split())
    escaped = _INLINE.sub(_escape, text)
    if in_link:
        escaped = escaped.replace("]", "\\]")
    return line_start(escaped) if line else escaped


def piece(raw: str) -> str:
    """A text node inside a line: escaped, with one space kept where it had any at an end."""
    if not raw.strip():
        return " " if raw else ""
    lead = " " if raw[0].isspace() else ""
    trail = " " if raw[-1].isspace() else ""
    return f"{lead}{plain(raw, line=False)}{trail}"


def lines_start(text: str) -> str:
    """Each line (of a paragraph with hard breaks) made literal at its start."""
    return "  \n".join(line_start(line.strip()) for line in text.split("  \n"))


def _escape(m: re.Match[str]) -> str:
    found = m.group()
    if found == "<":
        return "&lt;"
    if found == "&":
        return "&amp;"
    if found == "[":
        return "&#91;"  # not `\[`: Python-Markdown reads `[x\]: y` as a reference definition
    if found == "~~":
        return "&#126;&#126;"
    return "\\" + found


def line_start(line: str) -> str:
    """The line with a character that would open a block at its start made literal."""
    m = _LINE_START.match(line)
    if not m:
        return line
    at = m.end() if m.group()[0].isdigit() else 0
    # A backslash where Markdown takes one (it reads best); an entity for `:`, `=`, `~`, `?`.
    mark = f"\\{line[at]}" if line[at] in "#>+-.!)" else f"&#{ord(line[at])};"
    return f"{line[:at]}{mark}{line[at + 1:]}"


def paragraphs(text: str) -> str:
    """Plain text (paragraphs apart by blank lines) as Markdown paragraphs."""
    return "\n\n".join(plain(part) for part in re.split(r"\n\s*\n", text) if part.strip())


def code_span(text: str) -> str:
    """Inline code holding `text` exactly, whatever backticks it holds."""
    text = " ".join(_CONTROL.sub("", text).split())
    if not text:
        return ""
    ticks = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def code_block(text: str) -> str:
    """A fenced code block holding `text`, with a fence longer than any in it."""
    lines = [_CONTROL.sub("", line).rstrip() for line in text.strip("\n").split("\n")]
    if not any(lines):
        return ""
    fence = "`" * max([3, *(len(r) + 1 for line in lines for r in re.findall(r"`{3,}", line))])
    return "\n".join([fence, *lines, fence])


def link(label: str, url: str) -> str:
    """`[label](url)` for an http(s) URL; the label alone for any other."""
    shown = plain(label, in_link=True) or plain(url, in_link=True)
    return f"[{shown}]({escape_url(url)})" if is_web(url) else shown


def is_web(url: str) -> bool:
    """An http(s) URL with a host, no space and no control character (a lone surrogate
    from JSON's "\\ud800" could not even be written to the file)."""
    try:
        parts = urlsplit(url.strip())
        return parts.scheme in ("http", "https") and bool(parts.hostname) and \
            not any(c.isspace() for c in url.strip()) and not _CONTROL.search(url)
    except ValueError:  # "http://[::1" raises when its host is read
        return False


def to_markdown(source: str) -> str:
    """Markdown text for one programme field: HTML when it holds layout tags, else text."""
    if not source.strip():
        return ""
    if not _HTML_HINT.search(source):
        return paragraphs(source)
    tree = LexborHTMLParser(source)
    converter = _Converter()
    converter.block(tree.root, 0)
    converter.flush()
    return "\n\n".join(converter.blocks)


class _Converter:
    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.line: list[str] = []

    def flush(self) -> None:
        text = "".join(self.line).strip()
        # Hard breaks at the ends of a paragraph mean nothing; inside, they stay.
        text = re.sub(r"^(?:  \n)+|(?:  \n)+$", "", text).strip()
        if text:
            self.blocks.append(lines_start(text))
        self.line = []

    def add(self, block: str) -> None:
        if block:
            self.blocks.append(block)

    def block(self, node: LexborNode | None, depth: int) -> None:
        """Walk `node`'s children, starting a new paragraph at each block element."""
        if node is None:
            return
        for child in node.iter(include_text=True):
            tag = child.tag
            if depth > MAX_DEPTH:
                self.line.append(piece(child.text(deep=True) or ""))
            elif tag in _BLOCKS:
                self.flush()
                self.block(child, depth + 1)
                self.flush()
            elif tag in ("ul", "ol"):
                self.flush()
                self.add("\n".join(self.items(child, depth + 1)))
            elif tag == "pre":
                self.flush()
                self.add(code_block(child.text(deep=True) or ""))
            else:
                self.line.append(self.inline(child, depth + 1))

    def items(self, node: LexborNode, depth: int) -> list[str]:
        """The lines of a list; a list inside an item is indented under it."""
        ordered = node.tag == "ol"
        lines: list[str] = []
        for child in node.iter(include_text=True):
            nested: list[str] = []
            words = []
            children = child.iter(include_text=True) if child.tag == "li" else iter([child])
            for part in children:
                if part.tag in ("ul", "ol") and depth < MAX_DEPTH:
                    nested += [f"    {line}" for line in self.items(part, depth + 1)]
                else:
                    words.append(self.inline(part, depth + 1))
            text = " ".join("".join(words).replace("  \n", " ").split())
            if text:
                number = sum(1 for line in lines if not line.startswith(" ")) + 1
                lines.append(f"{number}. {text}" if ordered else f"- {text}")
                lines += nested
            elif nested and lines:
                lines += nested
        return lines

    def inline(self, node: LexborNode, depth: int) -> str:
        tag = node.tag
        if tag == "-text":
            return piece(node.text_content or "")
        if tag in ("-comment", "-doctype"):
            return ""
        if tag == "br":
            return "  \n"
        if tag in ("code", "kbd", "samp", "tt"):
            return code_span(node.text(deep=True) or "")
        if depth > MAX_DEPTH:
            return piece(node.text(deep=True) or "")
        inner = "".join(self.inline(child, depth + 1) for child in node.iter(include_text=True))
        if tag in ("ul", "ol", "pre") or tag in _BLOCKS:
            # A list or a paragraph inside a list item or a link: its words, on one line.
            return " " + inner.replace("  \n", " ") + " "
        if tag in _EMPHASIS and inner.strip():
            mark = _EMPHASIS[tag]
            lead = " " if inner[:1].isspace() else ""
            trail = " " if inner[-1:].isspace() else ""
            return f"{lead}{mark}{inner.strip()}{mark}{trail}"
        if tag == "a" and inner.strip():
            href = (node.attributes.get("href") or "").strip()
            if is_web(href):
                return f"[{inner.strip().replace(']', chr(92) + ']')}]({escape_url(href)})"
        return inner  # any other element: its text only
