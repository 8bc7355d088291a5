"""A page without the bytes no reader sees: the theme's indentation and its icons again.

Material's templates indent every tag they write, so a talk page held more white space than
notes (issue 31: 20 KB of HTML for a few KB of notes, a 20,000-talk site over the 1 GB that
GitHub Pages publishes). `compact` reads the page with the HTML5 parser the browser follows
(lexbor) and writes it again with each run of white space in its text as one character, and
none where no text is laid out (in `<html>` and `<head>`, between table rows).

What the reader sees does not change: outside the elements below, CSS lays a run of white
space out as one space (`white-space: normal` or `nowrap`, all the site's CSS uses there), so
a run becomes one space, or one line end where it held one (the same to the layout, and the
page's source keeps its lines). Between two inline elements a space stays a space.

The theme's icons (the logo twice, the menu, the palette's two, back to top, edit) are inline
SVG, 1.9 KB of every page: an icon of data/icons.yml is left as an empty `<svg>` of the same
box that talk-notes.css draws (assets.py), when the page loads that stylesheet.
"""

from __future__ import annotations

import re
from functools import cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from build_notes.assets import ASSET_DIR, ICON_CLASS, STYLESHEETS, shared_icons

# Where white space is laid out as written: raw text (scripts and styles, where a line end
# may end a statement), the HTML elements that preserve it, and those that the theme's CSS
# sets to `white-space: pre-wrap` (Material's `.md-typeset code, kbd, pre`).
_AS_WRITTEN = frozenset({"pre", "textarea", "listing", "xmp", "plaintext", "script", "style",
                         "code", "kbd"})
# Elements whose text children are never laid out (only their elements are).
_NO_TEXT = frozenset({"html", "head", "table", "thead", "tbody", "tfoot", "tr", "colgroup",
                      "select", "optgroup", "datalist"})
# The HTML parser drops one line end that begins these elements' content, and lexbor's
# serialiser does not write it back (as the spec's serialiser once did), so a text that
# begins with a line end needs another before it or it would lose its first line.
_LEADING_NEWLINE_DROPPED = frozenset({"pre", "textarea", "listing"})

# HTML's white space (not U+00A0, which is text): a run of it, and whether it holds a line end.
_RUN = re.compile(r"[ \t\n\f\r]+")


def _one(run: re.Match[str]) -> str:
    return "\n" if "\n" in run.group(0) else " "


def _as_written(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in _AS_WRITTEN:
            return True
        parent = parent.parent
    return False


@cache
def _icon_names() -> dict[str, str]:
    """{an icon's <svg> as lexbor writes it: its name}, to know it in a page."""
    names = {}
    for name, svg in shared_icons().items():
        node = LexborHTMLParser(svg).css_first("svg")
        assert node is not None, name
        names[node.html or ""] = name
    return names


def _drawn_by_stylesheet(svg: LexborNode, name: str) -> None:
    for child in list(svg.iter(include_text=True)):
        child.decompose()
    attrs = svg.attrs
    del attrs["xmlns"]  # the HTML parser puts <svg> in its namespace without it
    attrs["class"] = f"{ICON_CLASS} {ICON_CLASS}-{name}"


def _compacted_text(node: LexborNode, text: str) -> str | None:
    """A text node's text with its white space cut (None: the node goes)."""
    parent = node.parent
    if parent is not None and parent.tag in _LEADING_NEWLINE_DROPPED and node.prev is None \
            and text[:1] == "\n":
        return "\n" + text
    if _as_written(node):
        return text
    if parent is not None and parent.tag in _NO_TEXT and not text.strip(" \t\n\f\r"):
        return None
    return _RUN.sub(_one, text)


def compact(page_html: str) -> str:
    """The page with its white space cut to what the layout shows and the shared icons left
    to the stylesheet (see the module)."""
    tree = LexborHTMLParser(page_html)
    icons = _icon_names() if tree.css_first(
        f'link[rel="stylesheet"][href$="{ASSET_DIR}/{STYLESHEETS[0]}"]') else {}
    changes: list[tuple[LexborNode, str | None]] = []
    shared: list[tuple[LexborNode, str]] = []
    root = tree.root
    assert root is not None  # a parsed document always has its <html>
    for node in root.traverse(include_text=True):
        if node.is_text_node:
            text = node.text_content or ""
            new = _compacted_text(node, text)
            if new != text:
                changes.append((node, new))
        elif node.tag == "svg" and (name := icons.get(node.html or "")) is not None:
            shared.append((node, name))
    # Changed after the walk: replacing a node while traversing would end the walk there.
    for svg, name in shared:
        _drawn_by_stylesheet(svg, name)
    for node, new in changes:
        if new is None:
            node.decompose()
        else:
            node.replace_with(new)
    return tree.html or page_html
