"""The talk files' problems as `mkdocs serve` shows them in the browser.

A failed rebuild leaves the browser waiting for a reload that never comes, with the problems
only in the terminal. So while serving, the plugin does not fail: every page loads a small
script (assets/served-problems.js) that shows the same `path:line: message` list the
terminal shows in a banner, from a file each build writes (`PROBLEMS_FILE`). The pages
themselves do not change, so a bad save renders nothing again: every page is served as it
was built last, but for the page of each talk file with an error, which shows its problems
(`problem_pages`). Before any good build, the index pages stand in with a short
explanation. The next good save brings the site back. `mkdocs build` still fails.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from importlib import resources

from build_notes.assets import ASSET_DIR
from build_notes.content.model import Problem
from build_notes.site.theme_patch import insert_before
from build_notes.site.urls import link
from build_notes.text import plural

PROBLEMS_FILE = f"{ASSET_DIR}/problems.json"
PROBLEMS_SCRIPT = f"{ASSET_DIR}/served-problems.js"

STAND_IN = """\
# Nothing was built from the talk files

The problems listed at the top of this page stop the talk-notes pages from being built.
Fix them and save: this page reloads by itself and the site comes back. `build-notes
validate` prints the same list, and `mkdocs build` refuses to build until it is empty.
"""

FIXED_PAGE = """\
# This talk's file has no problem now

Its page is built again once the problems in other files, listed at the top of this page,
are fixed: until then the site is served as it was built last.
"""


def problems_data(problems: Sequence[Problem]) -> dict[str, object]:
    """What the banner shows: a summary and the problems, one line each (none: no banner)."""
    if not problems:
        return {"summary": "", "lines": []}
    errors = sum(1 for p in problems if p.severity == "error")
    summary = (f"{plural(errors, 'problem')} in the talk files: the site below is not what "
               "mkdocs build would publish" if errors else
               f"{plural(len(problems), 'warning')} in the talk files (mkdocs build --strict "
               "fails on them)")
    return {"summary": summary, "lines": [str(p) for p in problems]}


def problems_script() -> str:
    """The banner's script."""
    return resources.files("build_notes").joinpath("assets/served-problems.js") \
        .read_text("utf-8")


def with_problems_script(page_html: str, dest_uri: str) -> str:
    """The page at `dest_uri` with the banner's script in its head."""
    script = (f'<script src="{html.escape(link(dest_uri, PROBLEMS_SCRIPT))}" '
              f'data-problems="{html.escape(link(dest_uri, PROBLEMS_FILE))}" defer></script>')
    return insert_before(page_html, "</head>", f"  {script}\n  ", "load the problems banner")


def problem_pages(problems: Sequence[Problem], shown_as: str) -> dict[str, str]:
    """{src_uri: Markdown} of the page of each talk file with an error, in place of the
    talk's page: what is wrong with it, as the terminal says it."""
    by_file: dict[str, list[Problem]] = {}
    folder = re.escape(shown_as.rstrip("/"))
    for problem in problems:
        match = re.fullmatch(rf"{folder}/([^/]+)/([^/]+)\.md", problem.path)
        if problem.severity == "error" and match:
            by_file.setdefault(f"talks/{match[1]}/{match[2]}.md", []).append(problem)
    pages = {}
    for src_uri, found in by_file.items():
        lines = "\n".join(str(p) for p in found)
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", lines)), default=0))
        pages[src_uri] = (
            f"# {html.escape(found[0].path)} has {plural(len(found), 'problem')}\n\n"
            "The last save of this talk file cannot be built, so its page shows what is "
            "wrong instead of the talk; every other page is as it was built last. Fix it "
            "and save: this page reloads by itself.\n\n"
            f"{fence}text\n{lines}\n{fence}\n")
    return pages
