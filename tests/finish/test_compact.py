"""compact (build_notes/site/compact.py): every page loses the bytes no reader sees, and
nothing a reader sees or can do.

- On every page of every kind as the theme writes it (tests/page_sizes.py), compacting keeps
  the body's text as laid out (each run of white space one space) and the text of each
  element that shows its white space as written (`<pre>`, `<code>`, `<kbd>`, `<textarea>`,
  scripts) byte for byte; the theme's icons are left to the stylesheet, and its scripts
  that are the same on every page to their files, only where the page loads the site's
  assets. (tests/browser/test_compact_pages.py compares the pages in Chromium.)
- A site built with the plugin is compacted on every page, the 404 page too.
- The theme's bytes on a talk page (all but its article) stay within a budget, measured
  on a talk with the shortest notes so that no note's length counts.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from build_notes.assets import (
    ASSET_DIR,
    ICON_ATTRIBUTE,
    STYLESHEETS,
    assets,
    shared_icons,
    shared_scripts,
)
from build_notes.site.compact import compact
from tests.conftest import ROOT, Site, build_site, write_tree
from tests.helpers import CONFERENCE, THEMES, talk
from tests.page_sizes import build_plain, shaped_project

# Where white space shows as written; the rest of the body is laid out with each run of it
# as one space (the site's CSS never sets white-space to pre or pre-line elsewhere).
_AS_WRITTEN = "pre, code, kbd, textarea, script, style"
# Elements where white space between children is not laid out at all (table rows).
_NOT_LAID_OUT = ("table", "thead", "tbody", "tfoot", "tr")
_RUN = re.compile(r"[ \t\n\f\r]+")


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    folder = tmp_path_factory.mktemp("compact")
    return build_plain(shaped_project(folder / "project"), folder)


def _laid_out_text(node: LexborNode) -> str:
    """The text of `node` as the layout shows it: each run of white space one space, none
    between table rows (text inside elements that keep their white space as it is)."""
    parts = []
    for child in node.iter(include_text=True):
        if child.is_text_node:
            text = child.text_content or ""
            if node.tag in _NOT_LAID_OUT and not text.strip(" \t\n\f\r"):
                continue
            parts.append(text)
        elif child.tag in ("pre", "textarea"):
            parts.append(f"[{child.tag}]")  # compared byte for byte on their own
        elif child.tag not in ("script", "style", "template"):
            parts.append(_laid_out_text(child))
    return "".join(parts)


def _as_run(node: LexborNode) -> str:
    """An element's text as written; a script's, if it loads one of the theme's shared
    scripts from the site's assets, is that file's."""
    src = node.attributes.get("src") or ""
    shared = shared_scripts()
    name = src.rpartition("/")[2]
    if node.tag == "script" and src.endswith(f"{ASSET_DIR}/{name}") and name in shared:
        return shared[name]
    return node.text(deep=True)


def _shown(page: str) -> tuple[str, list[str]]:
    tree = LexborHTMLParser(page)
    assert tree.body is not None
    text = _RUN.sub(" ", _laid_out_text(tree.body)).strip()
    return text, [_as_run(n) for n in tree.css(_AS_WRITTEN)]


def test_compacting_keeps_every_pages_text_and_its_code_as_written(plain_site: Site) -> None:
    pages = sorted(plain_site.root.rglob("*.html"))
    kinds = {p.relative_to(plain_site.root).parts[0] for p in pages}
    assert {"talks", "conferences", "themes", "organizations", "speakers", "tags", "search",
            "explore", "stats", "index.html", "404.html"} <= kinds
    before_bytes = after_bytes = 0
    for path in pages:
        page = path.read_text("utf-8")
        compacted = compact(page)
        before_bytes, after_bytes = before_bytes + len(page), after_bytes + len(compacted)
        text, as_written = _shown(page)
        assert _shown(compacted) == (text, as_written), path
        assert compact(compacted) == compacted, f"{path}: compact is not stable"
    assert after_bytes < 0.85 * before_bytes  # it does cut: 27% on these pages


def test_the_shaped_talk_keeps_its_code_indented_and_its_inline_spaces(plain_site: Site) -> None:
    page = next(plain_site.root.glob("talks/*/real-shaped-input/index.html")).read_text("utf-8")
    plain, compacted = LexborHTMLParser(page), LexborHTMLParser(compact(page))
    blocks = [n.text(deep=True) for n in plain.css("pre")]
    assert "    two blank-led lines, then indented\n    a tab   inside   and   runs of " \
        "spaces\n" in blocks
    assert [n.text(deep=True) for n in compacted.css("pre")] == blocks
    paragraph = compacted.css_first("article p")
    assert paragraph is not None
    assert "<kbd>Ctrl</kbd> <kbd>C</kbd>" in (paragraph.html or "")
    assert "<b>bold</b> <i>italic</i>" in (paragraph.html or "")


@pytest.mark.parametrize("element", ["pre", "textarea", "listing"])
def test_a_leading_line_end_that_the_parser_drops_is_kept(element: str) -> None:
    # The parser drops the first line end after <pre>: text that begins with a blank line
    # needs two, or it would lose that line (lexbor writes back one).
    page = f"<!DOCTYPE html><html><head></head><body><{element}>\n\nline</{element}></body></html>"
    compacted = compact(page)
    assert LexborHTMLParser(compacted).css_first(element).text() == "\nline"  # type: ignore[union-attr]
    assert compact(compacted) == compacted


def test_a_space_between_inline_elements_stays() -> None:
    page = ("<!DOCTYPE html><html><head>\n  <title> A </title>\n</head><body>\n  <p>\n    "
            "<a href='#x'>one</a>\n    <b>two</b>  <i>three</i></p>\n  <table>\n    <tr>\n"
            "      <td>\n  cell </td>\n    </tr>\n  </table>\n</body></html>")
    assert compact(page) == (
        "<!DOCTYPE html><html><head><title> A </title></head><body>\n<p>\n<a href=\"#x\">one"
        "</a>\n<b>two</b> <i>three</i></p>\n<table><tbody><tr><td>\ncell </td></tr></tbody>"
        "</table>\n</body></html>")


def _icon_page(stylesheet: str) -> str:
    icon = shared_icons()["menu"]
    script = shared_scripts()["palette.js"]
    return (f'<!DOCTYPE html><html><head><link rel="stylesheet" href="../{stylesheet}">'
            f'</head><body><label class="md-icon">{icon}</label>'
            '<svg viewBox="0 0 24 24"><path d="M1 1h2v2z"/></svg>'
            f"<script>{script}</script><script>{script};</script></body></html>")


def test_the_theme_scripts_load_from_the_assets_only_where_the_page_loads_them() -> None:
    for name, script in shared_scripts().items():
        assert assets()[f"{ASSET_DIR}/{name}"] == script
    shared = LexborHTMLParser(compact(_icon_page(f"{ASSET_DIR}/{STYLESHEETS[0]}")))
    scripts = shared.css("script")
    assert scripts[0].attributes == {"src": f"../{ASSET_DIR}/palette.js"}
    assert scripts[0].child is None
    # A script that differs from the theme's by a character stays inline, as does every
    # script of a page without the site's assets.
    assert "src" not in scripts[1].attributes and scripts[1].text().endswith(";")
    alone = LexborHTMLParser(compact(_icon_page("assets/other.css")))
    assert [s.attributes for s in alone.css("script")] == [{}, {}]


def test_the_theme_icons_are_drawn_by_the_stylesheet_only_where_the_page_loads_it() -> None:
    css = assets()[f"{ASSET_DIR}/{STYLESHEETS[0]}"]
    for name in shared_icons():
        assert f'svg[{ICON_ATTRIBUTE}="{name}"] {{ --tn-icon: url("data:image/svg+xml' in css
    shared = LexborHTMLParser(compact(_icon_page(f"{ASSET_DIR}/{STYLESHEETS[0]}")))
    label = shared.css_first("label svg")
    assert label is not None and label.attributes == {
        "viewBox": "0 0 24 24", ICON_ATTRIBUTE: "menu"}
    assert label.child is None
    # An icon the stylesheet does not know stays as it is.
    assert shared.css("body > svg > path")
    # A page without the stylesheet (another theme's, a user's page) keeps its icons.
    alone = LexborHTMLParser(compact(_icon_page("assets/other.css")))
    assert alone.css("label svg path")


def _stray_white_space(page: str) -> list[str]:
    """Runs of white space left where compact cuts them."""
    tree = LexborHTMLParser(page)
    assert tree.root is not None
    kept = {n.mem_id for n in tree.css(_AS_WRITTEN)}
    found = []
    for node in tree.root.traverse(include_text=True):
        if not node.is_text_node:
            continue
        parent, inside = node.parent, False
        while parent is not None and not inside:
            inside, parent = parent.mem_id in kept, parent.parent
        text = node.text_content or ""
        if not inside and re.search(r"[ \t\n\f\r]{2,}|\t", text):
            found.append(text)
    return found


def test_every_page_the_plugin_builds_is_compacted(synthetic_site: Site) -> None:
    pages = sorted(synthetic_site.root.rglob("*.html"))
    assert synthetic_site.root / "404.html" in pages
    for path in pages:
        page = path.read_text("utf-8")
        assert not _stray_white_space(page), path
        assert f'{ICON_ATTRIBUTE}="menu"' in page, path
        assert f'{ASSET_DIR}/palette.js"></script>' in page, path


# The theme's bytes on a talk page: its head, header, tabs, navigation drawer, table of
# contents, breadcrumb, footer, config and scripts. At commit b0e59db (before compact) the
# talk page built here carried 14,589 bytes of them; compacted, with the icons and the
# palette's script shared, 9,063 (the header 2.0 KB, the drawer 1.6 KB, the scripts and
# config 1.8 KB, the head 1.1 KB, the tabs 0.9 KB). The budget leaves a tenth for what a
# new Material release may add, and no room for the indentation or the shared parts again.
THEME_BUDGET = 10_000


def test_the_theme_weighs_less_than_its_budget_on_a_talk_page(tmp_path: Path) -> None:
    project = write_tree(tmp_path / "project", {
        "talks/themes.yml": THEMES,
        "talks/conf-2017/_index.md": CONFERENCE,
        "talks/conf-2017/short.md": talk("title: A Short Talk\nthemes: [ceph]", "Notes.\n"),
    })
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    site = build_site(project, tmp_path / "site")
    page = (site.root / "talks/conf-2017/short/index.html").read_text("utf-8")
    article = LexborHTMLParser(page).css_first("article")
    assert article is not None and "A Short Talk" in article.text()
    theme = len(page.encode()) - len((article.html or "").encode())
    assert theme < THEME_BUDGET, f"the theme's bytes on a talk page: {theme}"
