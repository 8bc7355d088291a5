"""The talk files' problems as `mkdocs serve` shows them in the browser.

A failed rebuild leaves the browser waiting for a reload that never comes, with the problems
only in the terminal. So while serving, the plugin does not fail: every page gets a banner
with the same `path:line: message` list the terminal shows, and each generated page (the
index pages, and every page of the last good build, so the page open in the browser reloads
into the list) stands in with a short explanation. The next good save brings the site back.
`mkdocs build` still fails.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from build_notes.content.model import Problem
from build_notes.site.theme_patch import insert_after_tag
from build_notes.text import plural

STAND_IN = """\
# Nothing was built from the talk files

The problems listed at the top of this page stop the talk-notes pages from being built.
Fix them and save: this page reloads by itself and the site comes back. `build-notes
validate` prints the same list, and `mkdocs build` refuses to build until it is empty.
"""


def problems_banner(problems: Sequence[Problem]) -> str:
    """An HTML block for the top of every served page; inline styles, so it shows whatever
    the theme's stylesheets say."""
    errors = sum(1 for p in problems if p.severity == "error")
    what = (f"{plural(errors, 'problem')} in the talk files: the site below is not what "
            "mkdocs build would publish" if errors else
            f"{plural(len(problems), 'warning')} in the talk files (mkdocs build --strict "
            "fails on them)")
    lines = "\n".join(html.escape(str(p)) for p in problems)
    return (
        '<div class="tn-problems" role="alert" style="margin:0;padding:.8rem 1.2rem;'
        "background:#fff3e0;color:#3e2723;border-bottom:3px solid #e65100;"
        'font:14px/1.5 system-ui,sans-serif;position:relative;z-index:10">'
        f"<strong>{html.escape(what)}.</strong> Fix them and save; the page reloads."
        '<pre style="margin:.5rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere;'
        f'font:13px/1.45 ui-monospace,monospace;color:inherit;background:none">{lines}</pre>'
        "</div>"
    )


def with_banner(page_html: str, banner: str) -> str:
    """The page with the banner as the first thing in its body."""
    return insert_after_tag(page_html, "body", banner, "show the problems banner")
