"""A page without the bytes no reader sees: the theme's indentation, and its icons and
scripts again on every page.

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
box that talk-notes.css draws (assets.py), when the page loads that stylesheet. So are the
theme's scripts that are the same on every page (the palette's, 0.7 KB): one of
data/theme_scripts.yml loads from its file beside that stylesheet, in the same place, so it
runs at the same moment (a script with `src` and no `async` or `defer` stops the parser as
an inline one does).
"""

from __future__ import annotations

import re
from functools import cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from build_notes.assets import ASSET_DIR, ICON_ATTRIBUTE, STYLESHEETS, shared_icons, shared_scripts
from build_notes.markdown.safety import keep_leading_line_ends

# Where white space is laid out as written: raw text (scripts and styles, where a line end
# may end a statement), the HTML elements that preserve it, and those that the theme's CSS
# sets to `white-space: pre-wrap` (Material's `.md-typeset code, kbd, pre`).
_AS_WRITTEN_SELECTOR = "pre, textarea, listing, xmp, plaintext, script, style, code, kbd"
# Elements whose text children are never laid out (only their elements are).
_NO_TEXT_SELECTOR = ("html, head, table, thead, tbody, tfoot, tr, colgroup, select, optgroup, "
                     "datalist")

# Runs of HTML's white space (not U+00A0, which is text): one that holds a line end becomes
# one line end, any other one space.
_RUN_WITH_LINE_END = re.compile(r"[ \t\f\r]*\n[ \t\n\f\r]*")
_RUN = re.compile(r"[ \t\f\r]{2,}|[\t\f\r]")
_WHITE_SPACE = " \t\n\f\r"
# What a text of white space alone is cut to (where its parent lays text out).
_ALONE = frozenset({"\n", " "})


@cache
def _icon_names() -> dict[str, str]:
    """{an icon's <svg> as lexbor writes it: its name}, to know it in a page."""
    names = {}
    for name, svg in shared_icons().items():
        node = LexborHTMLParser(svg).css_first("svg")
        assert node is not None, name
        names[node.html or ""] = name
    return names


def _share(tree: LexborHTMLParser, assets: str) -> None:
    """The page's shared icons left to the stylesheet, its shared scripts loaded from their
    files in `assets` (the folder of the stylesheet, as the page links it)."""
    icons = _icon_names()
    for svg in tree.css("svg"):
        name = icons.get(svg.html or "")
        if name is not None:
            _empty(svg)
            attrs = svg.attrs
            del attrs["xmlns"]  # the HTML parser puts <svg> in its namespace without it
            attrs[ICON_ATTRIBUTE] = name
    scripts = _script_files()
    for script in tree.css("script:not([src]):not([type])"):
        name = scripts.get(script.text(deep=True))
        if name is not None:
            _empty(script)
            script.attrs["src"] = assets + name


def _empty(element: LexborNode) -> None:
    for child in list(element.iter(include_text=True)):
        child.decompose()


@cache
def _script_files() -> dict[str, str]:
    return {script: name for name, script in shared_scripts().items()}


def _as_written(tree: LexborHTMLParser) -> set[int]:
    """The text nodes whose white space is laid out as written (by their mem_id)."""
    return {node.mem_id for element in tree.css(_AS_WRITTEN_SELECTOR)
            for node in element.traverse(include_text=True) if node.is_text_node}


def _not_laid_out(tree: LexborHTMLParser) -> set[int]:
    """The text nodes of white space alone in elements that lay out no text (by mem_id)."""
    return {node.mem_id for element in tree.css(_NO_TEXT_SELECTOR)
            for node in element.iter(include_text=True)
            if node.is_text_node and not (node.text_content or "").strip(_WHITE_SPACE)}


def _cut(text: str) -> str:
    """A text's runs of white space cut: one that holds a line end to one line end, any other
    to one space (white space alone becomes a single line end or space)."""
    if text.strip(_WHITE_SPACE):
        return _RUN.sub(" ", _RUN_WITH_LINE_END.sub("\n", text))
    return "\n" if "\n" in text else " "


def compact(page_html: str) -> str:
    """The page with its white space cut to what the layout shows, and the theme's shared
    icons and scripts left to the site's assets (see the module)."""
    tree = LexborHTMLParser(page_html)
    compact_tree(tree)
    return tree.html or page_html


def compact_tree(tree: LexborHTMLParser) -> None:
    """`compact` on a page's parsed tree, in place (for a caller that reads the tree too)."""
    stylesheet = tree.css_first(f'link[rel="stylesheet"][href$="{ASSET_DIR}/{STYLESHEETS[0]}"]')
    if stylesheet is not None:
        _share(tree, (stylesheet.attributes.get("href") or "").removesuffix(STYLESHEETS[0]))
    changes: list[tuple[LexborNode, str | None]] = []
    root = tree.root
    assert root is not None  # a parsed document always has its <html>
    keep_leading_line_ends(root)  # before the texts kept as written are listed
    as_written = _as_written(tree)
    assert root is not None  # a parsed document always has its <html>
    dropped = _not_laid_out(tree)
    cuts: dict[str, str] = {}  # the theme writes the same indentation all over a page
    for node in root.traverse(include_text=True):
        text = node.text_content  # None: not a text node
        if text is None:
            continue
        new: str | None = cuts.get(text)
        if new is None:
            new = cuts[text] = _cut(text)
        if (new == text and new not in _ALONE) or (mem_id := node.mem_id) in as_written:
            continue
        if mem_id in dropped:
            new = None
        if new != text:
            changes.append((node, new))
    # Changed after the walk: replacing a node while traversing would end the walk there.
    for node, new in changes:
        if new is None:
            node.decompose()
        else:
            node.replace_with(new)
