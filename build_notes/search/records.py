"""What the search keeps of one finished talk page: its text as indexed, and what its result
shows, read from the page's own HTML.

The renderer writes the talk's content inside an element marked SEARCH_BODY (page_text.py:
the judged notes, then the hidden block of its metadata as words). `page_record` reads that
element of the finished page with lexbor (an HTML5 parser, so the tree is the one a browser
builds) and keeps:

- the text: every text node inside the body, in document order, minus the parts IGNORED
  (the permalink signs, the meta line, the related talks, the previous and next links, the
  labels of the opinion box and the programme block: the site's words, not the talk's) and
  what no reader sees as text (scripts, styles, templates); white space collapsed to one
  space as JavaScript's /\\s+/ finds it, and each block element (a paragraph, a heading, an
  item, a cell...) ended as a sentence ("Problems in Ceph." before the next paragraph), so a
  phrase never runs from one block into the next and an excerpt reads as sentences;
- the anchors: each heading (with its id, or ""), and the page's parts the index and search.js tell
  apart (the opinion box, the programme block, the metadata: page_text's ids), each with the
  place of its first word in the text (split at white space), the heading's text beside it;
- the meta: the values of the elements marked SEARCH_META (title, conference, format, date,
  speakers), which a result shows.

A record depends on its page's HTML only, so a build that renders some pages again (mkdocs
serve) keeps the records of the others. The caller collects them, by page URL, where the
finished page passes (finish.py), and the search's files are written from them (facets.py).

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from build_notes.search.page_text import (
    IGNORED,
    META_ID,
    OPINION_ID,
    PROGRAMME_ID,
    SEARCH_BODY,
    SEARCH_META,
)

# JavaScript's white space (/\s/), at which search.js splits a page's text into words.
JS_SPACE = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
                      "\ufeff]+")
# Elements whose end ends a sentence of the text: HTML's block elements, and a table's cells.
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "summary", "table", "td", "th", "tr", "ul"})
# Elements whose text no reader sees as text.
UNSEEN = frozenset({"script", "style", "template", "noscript"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
PARTS = frozenset({OPINION_ID, PROGRAMME_ID, META_ID})
# A sentence that ends with one of these (before any closing quotes) needs no full stop of ours.
_ENDS = frozenset(".!?:;。！？")
_CLOSING_QUOTES = "\"'”’»」』"


class RecordError(Exception):
    """A page that holds no talk for the search (no SEARCH_BODY element)."""


class PageRecord(NamedTuple):
    """What the search keeps of a talk page: its URL (under the site's root), its text as
    indexed, its meta ({"title": ..., "conference": ..., ...}) and its anchors (each
    {"element", "id", "text", "location"}: the place of its first word in the text)."""

    url: str
    content: str
    meta: Mapping[str, str]
    anchors: Sequence[Mapping[str, Any]]


class _Text:
    """The text as it is read: its words so far, and whether the last one may go on (no white
    space after it yet)."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self.open = False

    def add(self, text: str) -> None:
        pieces = JS_SPACE.split(text)
        if pieces[0] and self.open and self.words:
            self.words[-1] += pieces[0]
        elif pieces[0]:
            self.words.append(pieces[0])
        self.words += [p for p in pieces[1:] if p]
        self.open = bool(pieces[-1])

    def end_sentence(self) -> None:
        if self.open and self.words and self.words[-1].rstrip(_CLOSING_QUOTES)[-1:] not in _ENDS:
            self.words[-1] += "."
        self.open = False


def page_record(html: str, url: str) -> PageRecord:
    """The record of the finished talk page `html`, published at `url` (under the site's
    root, as the rows of the search name it: "talks/conf/talk/"). A page without the search
    body element is a RecordError."""
    return tree_record(LexborHTMLParser(html), url)


def tree_record(tree: LexborHTMLParser, url: str) -> PageRecord:
    """`page_record` of a page's parsed tree, for a caller that parsed it already. It cuts
    from the tree what the text leaves out: read it last."""
    body = tree.css_first(f"[{SEARCH_BODY}]")
    if body is None:
        raise RecordError(f"{url}: no [{SEARCH_BODY}] element in the page; was it built by "
                          "the talk-notes plugin or finished by build-notes finish?")
    meta = {str(node.attributes.get(SEARCH_META)): node.attributes.get("data-value") or ""
            for node in body.css(f"[{SEARCH_META}]")}
    for selector in IGNORED:
        for node in body.css(selector):
            node.decompose()
    text = _Text()
    anchors: list[dict[str, Any]] = []
    _read(body, text, anchors)
    return PageRecord(url, " ".join(text.words), meta, anchors)


def _read(root: LexborNode, text: _Text, anchors: list[dict[str, Any]]) -> None:
    """The text and anchors of `root`'s descendants, in document order. A stack rather than
    recursion: a note's nesting has no depth limit that Python's stack would keep to."""
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            text.end_sentence()
            continue
        if node.is_text_node:
            text.add(node.text_content or "")
            continue
        if not node.is_element_node or node.tag in UNSEEN:
            continue
        tag = node.tag or ""
        block = tag in BLOCKS
        if block:
            text.end_sentence()
        anchor = node.attributes.get("id") or ""
        if tag in HEADINGS or anchor in PARTS:
            anchors.append({"element": tag, "id": anchor, "location": len(text.words),
                            "text": " ".join(p for p in JS_SPACE.split(node.text(deep=True)) if p)
                            if tag in HEADINGS else ""})
        if block:
            stack.append((node, True))
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        stack += [(c, False) for c in reversed(children)]
