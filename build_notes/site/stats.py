"""The stats page: counts per theme, conference, format and organisation, as bar charts.

Each chart is a list of rows, a label above its bar, in HTML and CSS, so labels stay at the
text's size on a phone (an SVG chart scaled to a 390 px screen shrank them to 7 px) and
need no JavaScript. Every row links to the page of what it counts: a theme's, a conference's
or an organisation's page, or the Explore table filtered by format.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Sequence

from build_notes import markup
from build_notes.content.model import Corpus
from build_notes.content.schema import load_schema
from build_notes.site.group import Groups
from build_notes.text import escape_md, front_matter, plural

STATS = "stats.md"
TOP_ORGANIZATIONS = 20
# (kind, key): the Markdown link target of the page a bar links to, from the stats page.
LinkOf = Callable[[str, str], str]


def bar_chart(chart_id: str, title: str, rows: Sequence[tuple[str, int, str]]) -> str:
    """Horizontal bars of (label, count, link) rows, in the order given, as a labelled list.

    A bar is an SVG rect whose width is a percentage: the length is drawn without a style
    attribute, and the label and count are text a screen reader reads as "Ceph: 13". Each
    row is a Markdown link to a page's `.md` file (md_in_html), which every renderer turns
    into that page's address: a relative URL in raw HTML is read from the page by MkDocs but
    from its Markdown file by Zensical, a folder apart.
    """
    largest = max((n for _, n, _ in rows), default=0) or 1
    items = []
    for label, n, target in rows:
        share = round(100 * n / largest, 1)
        items.append(
            f'<li markdown="span">[<span class="{markup.BAR_LABEL}">{escape_md(label)}</span>'
            f'<span class="{markup.BAR_VALUE}">{n:,}</span>'
            f'<svg class="{markup.BAR}" aria-hidden="true" focusable="false" width="100%" '
            'height="10">'
            f'<rect width="{share}%" height="10" rx="2"></rect></svg>]({target})'
            f'{{: .{markup.BAR_ROW} }}</li>')
    return (f'<figure class="{markup.CHART}" id="{chart_id}" aria-labelledby="{chart_id}-title" '
            f'markdown="block"><figcaption id="{chart_id}-title">{html.escape(title)}'
            f'</figcaption><ol class="{markup.BARS}" markdown="block">{"".join(items)}</ol>'
            '</figure>')


def share(part: int, whole: int) -> str:
    return f"{part:,} of {whole:,} ({100 * part / whole:.0f}%)" if whole else "0"


def render_stats(corpus: Corpus, groups: Groups, link_of: LinkOf) -> str:
    formats = load_schema().formats
    talks = corpus.talks
    by_format = Counter(t.format for t in talks)
    # Ties keep themes.yml's order (a sort is stable): the curated order, not the alphabet.
    by_theme = sorted(((t.name, len(groups.talks_by_theme[t.id]), link_of("themes", t.id))
                       for t in groups.themes.values()), key=lambda r: -r[1])
    by_conference = [(c.name, len(groups.talks_by_conference[c.id]),
                      link_of("conferences", c.id)) for c in groups.conferences.values()]
    by_org = sorted(((o.name, len(o.talks), o.slug) for o in groups.organizations.values()),
                    key=lambda row: (-row[1], row[0].casefold()))[:TOP_ORGANIZATIONS]
    charts = [
        ("Talks per theme", "stats-themes", by_theme),
        ("Talks per conference", "stats-conferences", by_conference),
        ("Talks per format", "stats-formats",
         [(label, by_format[f], link_of("formats", f)) for f, label in formats.items()
          if by_format[f]]),
        (f"Talks per organization (top {TOP_ORGANIZATIONS})"
         if len(groups.organizations) > TOP_ORGANIZATIONS else "Talks per organization",
         "stats-organizations",
         [(name, n, link_of("organizations", slug)) for name, n, slug in by_org]),
    ]
    n = len(talks)
    totals = [plural(n, "talk"), plural(len(groups.conferences), "conference"),
              plural(sum(1 for ts in groups.talks_by_theme.values() if ts), "theme")]
    if groups.organizations:
        totals.append(plural(len(groups.organizations), "organization"))
    # Only what some talk records: a site without slides has no "With slides: 0" row.
    having = [("With a video", sum(1 for t in talks if t.video)),
              ("With slides", sum(1 for t in talks if t.slides)),
              ("With a rating", sum(1 for t in talks if t.rating))]
    lines = [front_matter(search={"exclude": "true"}).rstrip("\n"), "", "# Stats", "",
             ", ".join(totals) + ".", ""]
    if any(k for _, k in having):
        lines += ["| Talks | How many |", "| --- | ---: |",
                  *(f"| {label} | {share(k, n)} |" for label, k in having if k), ""]
    for title, chart_id, rows in charts:
        rows = [row for row in rows if row[1]]
        if rows:
            lines += [f"## {title}", "", bar_chart(chart_id, title, rows), ""]
    return "\n".join(lines)
