"""Support for the hostile-input tests: a site project in a folder, HTML parsing, payloads.

The injection, nothing-lost and property tests all need the same three things: a project
that builds with the repository's real mkdocs.yml (so the Markdown extensions and theme
features under test are the ones the site ships with), a small HTML tree to look for markup
that came from front matter, and the Markdown converter configured exactly as MkDocs does it.
"""

from __future__ import annotations

import functools
import html
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
import yaml
from mkdocs.config import load_config
from selectolax.lexbor import LexborHTMLParser, LexborNode

from build_notes.site.urls import INDEX_PAGES
from tests.conftest import ROOT, write_tree

# --- Projects -----------------------------------------------------------------------------


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing anything: unknown tags (!ENV, !!python/name) -> None."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def real_config() -> dict[str, Any]:
    data: dict[str, Any] = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"),
                                     Loader=_AnyTagLoader)
    return data


def _nav_files(nav: Any) -> Iterator[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_files(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_files(value)


def make_project(root: Path, talks: dict[str, str | bytes]) -> Path:
    """A project under `root` with the repository's mkdocs.yml and the given talks/ tree.

    The hand-written pages are stand-ins (one heading each), so these tests depend on the
    site's configuration but not on the wording of docs/, which changes independently.
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    config = real_config()
    docs = root / config.get("docs_dir", "docs")
    pages = {p for p in _nav_files(config.get("nav", [])) if p.endswith(".md")}
    for page in sorted(pages - INDEX_PAGES | {"index.md"}):
        title = "Talk notes" if page == "index.md" else Path(page).stem.capitalize()
        write_tree(docs, {page: f"# {title}\n\nA stand-in page for the tests.\n"})
    for asset in [*config.get("extra_css", []), *config.get("extra_javascript", [])]:
        source = ROOT / config.get("docs_dir", "docs") / str(asset)
        if source.is_file():
            write_tree(docs, {str(asset): source.read_bytes()})
    talks_dir = "talks"
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "talk-notes" in plugin:
            talks_dir = (plugin["talk-notes"] or {}).get("talks_dir", talks_dir)
    write_tree(root / talks_dir, talks)
    return root


@functools.cache
def site_markdown_settings() -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The extensions and their configs exactly as MkDocs passes them for the real site."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    try:
        return tuple(config.markdown_extensions), dict(config.mdx_configs)
    finally:
        config.plugins.on_shutdown()


def site_markdown() -> markdown.Markdown:
    extensions, configs = site_markdown_settings()
    return markdown.Markdown(extensions=list(extensions), extension_configs=configs)


def strip_front_matter(page: str) -> str:
    if page.startswith("---\n"):
        return page.split("\n---\n", 1)[1]
    return page


# --- HTML ---------------------------------------------------------------------------------

@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter() if (tag is None or n.tag == tag)
                and (cls is None or cls in n.attrs.get("class", "").split())]

    def find(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag or '*'} class={cls!r}> in the page"
        return found[0]

    def raw_text(self) -> str:
        return "".join(c if isinstance(c, str) else c.raw_text() for c in self.children)

    @property
    def text(self) -> str:
        """The visible text, entities decoded and whitespace collapsed as a browser shows it."""
        return " ".join(self.raw_text().split())


def _tree(node: LexborNode, parent: Node) -> Node:
    out = Node(node.tag or "", {k: v or "" for k, v in node.attributes.items()}, parent=parent)
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            out.children.append(child.text_content or "")
        elif child.tag and not child.tag.startswith("-"):  # comments and doctypes are no nodes
            out.children.append(_tree(child, out))
    return out


def parse_html(text: str, *, fragment: bool = False) -> Node:
    """The tree a browser builds (HTML5 parsing, by lexbor), as a small `Node` tree: of a
    whole page, or with `fragment`, of a piece of HTML as `innerHTML` would read it (no
    html, head or body added).

    One difference: lexbor parses as with scripting off, so the inside of <noscript> is
    markup here, where a browser with JavaScript reads it as text.
    """
    document = Node("#document")
    node = LexborHTMLParser(text, is_fragment=fragment).root
    while node is not None:
        if node.tag == "-text":
            document.children.append(node.text_content or "")
        elif node.tag and not node.tag.startswith("-"):
            document.children.append(_tree(node, document))
        node = node.next if fragment else None
    return document


def shown(value: str) -> str:
    """How a front-matter value must read on a page: whitespace collapsed, nothing else."""
    return " ".join(value.split())


_UNSAFE_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "srcdoc")
# Every payload below marks the elements it tries to create with `data-pwn` or class `pwn`,
# and every script it tries to run mentions `pwn`; the template itself uses none of them.
MARK = "pwn"


def injected_markup(doc: Node) -> list[str]:
    """Everything in a page that can only have come from markup in front matter."""
    found = []
    for node in doc.iter():
        where = f"<{node.tag} {node.attrs}>"
        if "data-pwn" in node.attrs or MARK in node.attrs.get("class", "").split():
            found.append(f"element from front matter: {where}")
        for name, value in node.attrs.items():
            if name.startswith("on"):
                found.append(f"event handler attribute: {where}")
            if name in URL_ATTRIBUTES and _UNSAFE_SCHEME.match(
                    re.sub(r"[\x00-\x20]", "", html.unescape(value))):
                found.append(f"script URL: {where}")
        if node.tag in ("script", "iframe", "object", "embed", "marquee") and (
                MARK in node.raw_text() or MARK in str(node.attrs)):
            found.append(f"<{node.tag}> from front matter: {node.raw_text()[:80]!r}")
    return found


_TITLE = re.compile(r"<title>(.*?)</title", re.IGNORECASE | re.DOTALL)


def html_title(page: str) -> str:
    """The document title as a browser reads it: <title> is raw text up to the first '</title'.

    html.parser would read tags inside <title>; a browser does not, so this mirrors the
    browser: whatever precedes the first `</title` is the title, entities decoded.
    """
    m = _TITLE.search(page)
    assert m, "the page has no <title>"
    return " ".join(html.unescape(m.group(1)).split())
