"""The fast path is no looser than the full check: whatever the full check refuses (render
with the site's extensions, judge the tree), `fast_path_safe` does not pass as clean.

Generated notes are made of lines as notes have them: fences of every kind (indented, in
lists, boxes and quotes, with attributes, options or words superfences refuses, never
closed), indented code, admonitions and details, lists, tables, raw HTML, and the payloads
of markup that the allowlist refuses inside and around them. (tests/markdown/test_safety.py checks
the same claim on the XSS corpus and on runs of markup pieces.)"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from build_notes.markdown.safety import check_html, fast_path_safe, render_markdown

PREFIXES = ["", "", "", "  ", "    ", "        ", "\t", "> ", "- ", "1. ", "    - ", ">     "]
CONTENTS = [
    "text", "words < 5 ms", "`code <b>`", "<img src=x onerror=alert(1)>", "<b>bold</b>",
    "{: .mermaid }", "[a](https://x.org)", "[a](javascript:alert(1))", "![i](https://x.org/i)",
    "```", "```py", "~~~", "````", "``` {.mermaid}", "```py {#__config}", "```py title=\"<b>\"",
    "```py hl_lines=\"1\"", "```py foo", "```\t", "!!! note", "!!! mermaid", "??? tip",
    "???+ note inline", "!!! note \"Title\"", "| a | b |", "|---|---|", "<div>", "</div>",
    '<div markdown="1">', "<!--", "-->", "# heading", "[^1]: note", ": definition", "&#60;",
    "\\<b>", "<", "", "",
]
LINE = st.builds(lambda prefix, content: prefix + content, st.sampled_from(PREFIXES),
                 st.sampled_from(CONTENTS))


@settings(max_examples=500, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=12))
def test_the_fast_path_passes_no_note_the_full_check_refuses(lines: list[str]) -> None:
    body = "\n".join(lines)
    if fast_path_safe(body):
        assert check_html(render_markdown(body)) == [], body


def test_generated_notes_reach_the_fast_path() -> None:
    """The property above is not vacuous: code with `<` in fences, boxes and lists passes
    the fast path, and the same markup outside code does not."""
    code = "Intro.\n\n```py\nif a < b: x = {1}\n```\n\n!!! note\n\n    - item\n"
    assert fast_path_safe(code) and check_html(render_markdown(code)) == []
    assert not fast_path_safe(code.replace("```py\n", "").replace("```\n", ""))
