"""Changes to the theme's HTML, each checked: a patch whose anchor is missing fails the build.

The plugin adds a few things to the pages Material renders (the feed link in the head, the
search box in the header, the problems banner while serving). Each finds its place by a piece
of Material's markup; if a new Material moves that markup, the page must not quietly lose the
addition, so the build stops and names what it looked for (as mkdocs-section-index says
"Failed to adapt").
"""

from __future__ import annotations

from build_notes.errors import TalkNotesError


class ThemePatchError(TalkNotesError):
    """The theme's HTML lacks the anchor a patch expects."""


def _missing(what: str, anchor: str) -> ThemePatchError:
    return ThemePatchError(f"could not {what}: the theme's page has no {anchor!r} (did "
                           "mkdocs-material change its templates? talk-notes is tested with "
                           "the versions pyproject.toml allows)")


def insert_before(page_html: str, anchor: str, markup: str, what: str) -> str:
    """The page with `markup` just before the first `anchor`."""
    at = page_html.find(anchor)
    if at < 0:
        raise _missing(what, anchor)
    return page_html[:at] + markup + page_html[at:]


def insert_after_tag(page_html: str, tag: str, markup: str, what: str) -> str:
    """The page with `markup` just after the first start tag `<tag ...>`."""
    start = page_html.find(f"<{tag}")
    end = page_html.find(">", start) + 1 if start >= 0 else 0
    if end <= 0:
        raise _missing(what, f"<{tag}>")
    return page_html[:end] + markup + page_html[end:]


def insert_before_last(page_html: str, anchor: str, within_end: str, markup: str,
                       what: str) -> str:
    """The page with `markup` just before the last `anchor` that comes before the first
    `within_end` (the last `</nav>` of the header: `</nav>`, `</header>`)."""
    limit = page_html.find(within_end)
    at = page_html.rfind(anchor, 0, limit) if limit >= 0 else -1
    if at < 0:
        raise _missing(what, f"{anchor} before {within_end}")
    return page_html[:at] + markup + page_html[at:]
