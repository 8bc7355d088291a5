"""The judged tree is what is published (safety.judge_html): serialised, it parses again to
the tree that was judged, to the same text."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from build_notes.markdown.safety import judge_html


@pytest.mark.parametrize("html", [
    "<pre>\n\nA blank line first.</pre>",
    "<pre>\n\n\nTwo.</pre>",
    "<pre>\nOne line end, which the parser drops anyway.</pre>",
    "<p>x</p><pre>\n\nAfter a paragraph.\n</pre>",
    "<pre><code>\n\nIn code.</code></pre>",
])
def test_the_published_tree_parses_to_the_judged_text(html: str) -> None:
    judged = judge_html(html)
    assert judged.findings == []
    written = LexborHTMLParser(html).body
    published = LexborHTMLParser(judged.html).body
    assert written is not None and published is not None
    assert [n.text(deep=True) for n in published.css("pre")] == \
        [n.text(deep=True) for n in written.css("pre")]
