"""The stats page: counts per theme, conference, format and organisation, as inline SVG.

Charts are drawn at build time: each is an SVG with a <title>, a <desc> listing every value
(what a screen reader reads), and a text label on every bar, so no JavaScript is needed.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence

from build_notes.group import Groups
from build_notes.model import Corpus
from build_notes.schema import load_schema
from build_notes.text import plural

STATS = "stats.md"
BAR_HEIGHT = 22
LABEL_WIDTH = 260
CHART_WIDTH = 640
TOP_ORGANIZATIONS = 20


def bar_chart(chart_id: str, title: str, rows: Sequence[tuple[str, int]]) -> str:
    """A horizontal bar chart of (label, count) rows, largest first, as accessible SVG."""
    largest = max((n for _, n in rows), default=0) or 1
    bar_space = CHART_WIDTH - LABEL_WIDTH - 50
    height = BAR_HEIGHT * len(rows) + 4
    desc = "; ".join(f"{label}: {n:,}" for label, n in rows)
    parts = [
        f'<figure class="tn-chart" id="{chart_id}">',
        f'<svg role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{html.escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{html.escape(desc)}</desc>',
    ]
    for i, (label, n) in enumerate(rows):
        y = i * BAR_HEIGHT + 2
        width = round(bar_space * n / largest, 1)
        shown = label if len(label) <= 38 else label[:37] + "…"
        parts += [
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" '
            f'class="tn-chart-label">{html.escape(shown)}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width}" height="{BAR_HEIGHT - 6}" '
            f'rx="2" class="tn-chart-bar"><title>{html.escape(label)}: {n:,}</title></rect>',
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 15}" '
            f'class="tn-chart-value">{n:,}</text>',
        ]
    parts += ["</svg>", f"<figcaption>{html.escape(title)}</figcaption>", "</figure>"]
    return "".join(parts)


def share(part: int, whole: int) -> str:
    return f"{part:,} of {whole:,} ({100 * part / whole:.0f}%)" if whole else "0"


def render_stats(corpus: Corpus, groups: Groups) -> str:
    formats = load_schema().formats
    talks = corpus.talks
    by_format = Counter(t.format for t in talks)
    by_theme = [(t.name, len(groups.talks_by_theme[t.id])) for t in groups.themes.values()]
    by_conference = [(c.name, len(groups.talks_by_conference[c.id]))
                     for c in groups.conferences.values()]
    by_org = sorted(((o.name, len(o.talks)) for o in groups.organizations.values()),
                    key=lambda row: (-row[1], row[0].casefold()))
    charts = [
        ("Talks per theme", "stats-themes", sorted(by_theme, key=lambda r: (-r[1], r[0]))),
        ("Talks per conference", "stats-conferences", by_conference),
        ("Talks per format", "stats-formats",
         [(formats[f], by_format[f]) for f in formats if by_format[f]]),
        (f"Talks per organization (top {TOP_ORGANIZATIONS})" if len(by_org) > TOP_ORGANIZATIONS
         else "Talks per organization", "stats-organizations", by_org[:TOP_ORGANIZATIONS]),
    ]
    n = len(talks)
    lines = [
        "---", "search:", "  exclude: true", "---", "", "# Stats", "",
        f"{plural(n, 'talk')}, {plural(len(groups.conferences), 'conference')}, "
        f"{plural(len(groups.themes), 'theme')}, "
        f"{plural(len(groups.organizations), 'organization')}.", "",
        "| | Talks |", "| --- | ---: |",
        f"| With a video | {share(sum(1 for t in talks if t.video), n)} |",
        f"| With slides | {share(sum(1 for t in talks if t.slides), n)} |",
        f"| With a rating | {share(sum(1 for t in talks if t.rating), n)} |",
        "",
    ]
    for title, chart_id, rows in charts:
        lines += [f"## {title}", "", bar_chart(chart_id, title, rows), ""]
    return "\n".join(lines)
