"""Reading and exploring: related talks, the explore table, the feed, stats, palette, print.

Everything is read from the real site built from talks/, and the expected numbers are
counted here, independently, from the talk files themselves.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import yaml
from selectolax.lexbor import LexborHTMLParser

from tests.conftest import ROOT, Site
from tests.talk_files import talk_files as published_talk_files

ATOM = "{http://www.w3.org/2005/Atom}"


def talk_files() -> dict[str, dict]:  # type: ignore[type-arg]
    """{conference/talk: front matter} of the published talks, straight from the files."""
    return {f"{t.conference_id}/{t.id}": t.meta for t in published_talk_files()}


def table_rows(page: str, selector: str) -> list[list[tuple[str, list[str]]]]:
    """Rows of the tables inside `selector`, as a browser parses the page (HTML5): a list of
    cells, each (text, [hrefs])."""
    return [[((cell.text() or "").strip(),
              [a.attributes.get("href") or "" for a in cell.css("a")])
             for cell in row.css("th, td")]
            for row in LexborHTMLParser(page).css(f"{selector} tr")]


def test_every_talk_page_has_up_to_five_related_talks(real_site: Site) -> None:
    talks = talk_files()
    for key, meta in talks.items():
        html = real_site.html(f"talks/{key}/")
        # A talk that shares a theme with another of its conference always has related talks.
        conference = key.split("/")[0]
        expected = any(other != key and other.split("/")[0] == conference
                       and set(meta["themes"]) & set(talks[other]["themes"]) for other in talks)
        if "Related talks" not in html:
            assert not expected, key
            continue
        block = html[html.index('<div class="tn-related">'):]
        block = block[:block.index("</div>")]
        links = re.findall(r'<a href="\.\./([^"]+)/">', block)
        assert 1 <= len(links) <= 5, key
        assert f"{key.split('/')[1]}" not in links, key  # never itself


def test_explore_lists_every_talk_with_its_facts(real_site: Site) -> None:
    files = talk_files()
    html = real_site.html("explore/")
    header, *rows = table_rows(html, ".tn-explore")
    assert [text for text, _ in header] == [
        "Title", "Conference", "Date", "Format", "Themes", "Organizations", "Rating"]
    assert len(rows) == len(files)
    by_key = {}
    for row in rows:
        href = row[0][1][0]
        key = re.search(r"talks/([^/]+/[^/]+)/", href).group(1)  # type: ignore[union-attr]
        by_key[key] = row
    assert set(by_key) == set(files)
    for key, meta in files.items():
        row = by_key[key]
        assert row[0][0] == meta["title"]
        assert [re.search(r"themes/([^/]+)/", h).group(1) for h in row[4][1]] == meta["themes"]  # type: ignore[union-attr]
        assert row[6][0].count("★") == meta.get("rating", 0)
        assert len(row[5][1]) == len(meta.get("organizations", []))
    assert "assets/talk-notes/explore.js" in html


def test_the_feed_is_atom_and_linked_from_every_page(real_site: Site) -> None:
    files = talk_files()
    root = ET.parse(real_site.root / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == min(len(files), 100)
    ids = set()
    for entry in entries:
        for required in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.findtext(f"{ATOM}updated"))
        href = entry.find(f"{ATOM}link").get("href")  # type: ignore[union-attr]
        assert real_site.exists(href), href
        ids.add(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(entries)
    titles = {e.findtext(f"{ATOM}title") for e in entries}
    assert titles == {m["title"] for m in files.values()}
    for page in real_site.root.rglob("index.html"):
        html = page.read_text("utf-8")
        link = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"',
                         html)
        assert link, page
        assert (page.parent / link.group(1)).resolve() == (real_site.root / "feed.xml").resolve()


def test_stats_match_counts_from_the_files(real_site: Site) -> None:
    files = talk_files()
    themes = {t["id"]: t["name"] for t in yaml.safe_load((ROOT / "talks/themes.yml").read_text())}
    html = real_site.html("stats/")
    per_theme = Counter(t for m in files.values() for t in m["themes"])
    shown = bars(html, "stats-themes")
    assert shown == {themes[t]: n for t, n in per_theme.items()} | {
        themes[t]: 0 for t in themes if t not in per_theme}
    per_format = Counter(m.get("format", "talk") for m in files.values())
    assert sorted(bars(html, "stats-formats").values()) == sorted(per_format.values())
    rated = sum(1 for m in files.values() if "rating" in m)
    assert f"{rated} of {len(files)} ({100 * rated / len(files):.0f}%)" in html
    orgs = Counter(o for m in files.values() for o in m.get("organizations", []))
    assert sum(bars(html, "stats-organizations").values()) == sum(
        n for _, n in orgs.most_common(20))


def bars(html: str, chart_id: str) -> dict[str, int]:
    """{label: count} of one chart of the stats page, as the reader sees its rows."""
    chart = html[html.index(f'id="{chart_id}"'):]
    chart = chart[:chart.index("</figure>")]
    rows = re.findall(r'<span class="tn-bar-label">([^<]*)</span>'
                      r'<span class="tn-bar-value">([\d,]+)</span>', chart)
    return {label.replace("&amp;", "&"): int(n.replace(",", "")) for label, n in rows}
    # Accessible charts: a role, a title and a description on each, text on every bar.
    assert html.count('<svg role="img" aria-labelledby=') == 4
    assert html.count('class="tn-chart-label"') == html.count('class="tn-chart-bar"')


def test_light_and_dark_schemes_with_a_toggle(real_site: Site) -> None:
    html = real_site.html("")
    assert 'data-md-color-scheme="default"' in html
    assert re.search(r'<input[^>]+data-md-color-scheme="slate"', html)
    assert 'aria-label="Switch to dark mode"' in html


def test_print_styles_for_talk_pages() -> None:
    css = (ROOT / "build_notes/assets/talk-notes.css").read_text()
    block = css[css.index("@media print"):]
    assert ".tn-related" in block and "display: none" in block
    assert 'a[href^="http"]::after' in block


def test_no_web_fonts_or_other_hosts_in_the_head(real_site: Site) -> None:
    html = real_site.html("")
    head = html[:html.index("</head>")]
    assert "fonts.googleapis" not in head and "fonts.gstatic" not in head
    assert not re.search(r'(?:src|href)="(?:https?:)?//', head)


def test_the_explore_script_is_small() -> None:
    # Filters, a text filter, sorting, pages and their history over a data file: still one
    # small script.
    assert (ROOT / "build_notes/assets/explore.js").stat().st_size < 16_000
