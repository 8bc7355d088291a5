"""No page shows Markdown or attribute syntax as text: every generated page renders as meant.

Each page of a built site is parsed as a browser parses it (lexbor, HTML5) and its visible
text, outside code, is searched for the marks of Markdown that did not render: an attribute
list (`{: .class }`) left after text, an admonition marker, a link's `](`, bold's `**`, a
stray backtick. The seed site and a synthetic one of more than 100 talks (its Explore page
says it shows only the first 100) are both read whole.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from tests.conftest import Site

# What Markdown that did not render leaves in the text.
LEFTOVER = re.compile(r"\{:|!!!|\?\?\?\+? |\]\(|\*\*|`")
# Elements whose text a reader does not see as prose, or sees as code on purpose.
NOT_PROSE = "script, style, template, code, pre, kbd, samp"


def leftovers(page: Path) -> list[str]:
    """Each piece of Markdown syntax in the page's visible text, with the text around it."""
    body = LexborHTMLParser(page.read_text("utf-8")).body
    if body is None:
        return []
    for node in body.css(NOT_PROSE):
        node.decompose()
    text = body.text(separator=" ")
    return [" ".join(text[max(0, m.start() - 40):m.end() + 20].split())
            for m in LEFTOVER.finditer(text)]


def site_leftovers(site: Site) -> dict[str, list[str]]:
    found = {}
    for page in sorted(site.root.rglob("*.html")):
        hits = leftovers(page)
        if hits:
            found[page.relative_to(site.root).as_posix()] = hits[:3]
    return found


def test_leftovers_are_found(tmp_path: Path) -> None:
    """The check itself: it sees syntax in text and ignores it in code."""
    page = tmp_path / "page.html"
    page.write_text("<p>13 talks{: .tn-facts }</p><pre>**x**</pre><p><code>`a`</code></p>",
                    "utf-8")
    assert leftovers(page) == ["13 talks{: .tn-facts }"]


@pytest.mark.parametrize("which", ["real_site", "synthetic_site", "bare_site"])
def test_no_page_shows_markdown_as_text(which: str, request: pytest.FixtureRequest) -> None:
    site: Site = request.getfixturevalue(which)
    pages = list(site.root.rglob("*.html"))
    assert len(pages) > 50
    found = site_leftovers(site)
    assert not found, "\n".join(f"{page}: {hits}" for page, hits in found.items())
