"""What in a note's Markdown would run script once rendered, found by rendering it.

Scanning the Markdown source with patterns misses too much (an unclosed fence, an entity in
`jav&#x61;script:`, a reference-style link), so a body that could hold markup at all is
rendered with Python-Markdown and the same extensions as the site, and the HTML is checked:
no script-capable elements, no `on…=` handlers, no `javascript:`/`vbscript:`/`data:` URLs.
Most bodies contain none of the characters that markup needs and skip the rendering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown

# The Markdown extensions of the site (mkdocs.yml) that change what HTML a body becomes.
EXTENSIONS = ["admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
              "pymdownx.details", "pymdownx.superfences"]
UNSAFE_ELEMENTS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed",
                             "applet", "base", "form", "meta", "link", "style"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster",
                            "background", "cite", "data", "codebase", "srcset", "srcdoc"})
_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
# `{` for attribute lists: [x](https://e.org){ onclick="..." } becomes a handler.
_MIGHT_BE_MARKUP = re.compile(r"<|\{|&#|&colon|javascript|vbscript|data:", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class Finding:
    what: str  # e.g. "<script>", "onerror=", "href=javascript:"
    needle: str  # text to look for in the source to find the line


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in UNSAFE_ELEMENTS:
            self.findings.append(Finding(f"<{tag}>", f"<{tag}"))
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(Finding(f"{name}=", name))
            elif name in URL_ATTRIBUTES and value is not None:
                cleaned = _INVISIBLE.sub("", value).lower()
                if name == "srcdoc" or (cleaned.startswith(_UNSAFE_SCHEMES) and not (
                        tag == "img" and name == "src" and cleaned.startswith("data:image/"))):
                    scheme = cleaned.split(":", 1)[0]
                    self.findings.append(Finding(f"{name}={scheme}:", scheme[:4]))

    handle_startendtag = handle_starttag


def unsafe_html(html: str) -> list[Finding]:
    """Script-capable markup in a piece of rendered HTML."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.findings


_MARKDOWN: markdown.Markdown | None = None


def unsafe_markdown(body: str) -> list[tuple[int, str]]:
    """(0-based line index, what) for each script-capable construct the body renders to."""
    if not _MIGHT_BE_MARKUP.search(body):
        return []
    global _MARKDOWN
    if _MARKDOWN is None:
        _MARKDOWN = markdown.Markdown(extensions=EXTENSIONS)
    findings = unsafe_html(_MARKDOWN.reset().convert(body))
    lines = body.lower().split("\n")
    out = []
    for finding in findings:
        needle = finding.needle.lower()
        index = next((i for i, line in enumerate(lines) if needle in line), 0)
        out.append((index, finding.what))
    return sorted(set(out))
