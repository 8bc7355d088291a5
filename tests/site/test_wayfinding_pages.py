"""Where generated pages sit (breadcrumb and tab), pagination, the Explore data file and the
404 page under a sub-path: the renderer's output and a real build, without a browser."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from pathlib import Path

from build_notes.content.model import Conference, Corpus, Talk, Theme
from build_notes.pipeline import build
from build_notes.site.group import group
from build_notes.site.pages import render
from build_notes.site.pieces import EXPLORE_ROWS, RenderOptions, paginate
from build_notes.site.urls import EXPLORE, EXPLORE_DATA, INDEX_PAGES, parent_uri
from tests.conftest import MINI, Site


def test_every_generated_page_sits_under_an_index_page() -> None:
    pages = build(MINI / "talks").pages
    assert pages is not None
    for uri in pages:
        if not uri.endswith(".md") or uri in INDEX_PAGES:
            continue
        chain, step = [], parent_uri(uri)
        while step is not None:
            chain.append(step)
            assert step in pages, f"{uri}: parent {step} is not a page"
            step = parent_uri(step)
        assert chain and chain[-1] in INDEX_PAGES, (uri, chain)
    # A talk sits under its conference, which sits under Conferences.
    talk = "talks/openstack-summit-boston-2017/real-time-kvm.md"
    assert parent_uri(talk) == "conferences/openstack-summit-boston-2017.md"
    assert parent_uri("themes/ceph/2.md") == "themes/ceph.md"
    assert parent_uri("tags/page/2.md") == "tags/index.md"
    assert parent_uri("speakers/ada-lovelace/3.md") == "speakers/ada-lovelace.md"


def test_paginate_splits_evenly_and_keeps_one_empty_page() -> None:
    pages = paginate(list(range(5)), 2, lambda n: f"p{n}.md")
    assert [(p.uri, p.number, p.count, list(p.items)) for p in pages] == [
        ("p1.md", 1, 3, [0, 1]), ("p2.md", 2, 3, [2, 3]), ("p3.md", 3, 3, [4])]
    assert pages[1].heading("Ceph") == "Ceph (page 2 of 3)"
    (only,) = paginate([], 2, lambda n: f"p{n}.md")
    assert only.count == 1 and list(only.items) == [] and only.heading("Tags") == "Tags"


def _corpus(n: int) -> Corpus:
    day = datetime.date(2020, 5, 4)
    return Corpus(
        themes=(Theme("a", "A", "A"),),
        conferences=(Conference("c1", "C1", day, day + datetime.timedelta(days=2)),),
        talks=tuple(Talk("c1", f"t{i}", f"Talk {i}", ("a",), tags=(f"tag{i % 7}",),
                         speakers=(f"Speaker {i % 3}",),
                         date=day if i % 2 else None) for i in range(n)),
    )


def test_explore_shows_the_first_rows_and_the_data_file_holds_every_talk() -> None:
    corpus = _corpus(EXPLORE_ROWS + 50)
    pages = render(corpus, group(corpus), RenderOptions(page_size=10))
    rows = [line for line in pages[EXPLORE].splitlines() if line.startswith("| [")]
    assert len(rows) == EXPLORE_ROWS
    assert f"The first {EXPLORE_ROWS} of {EXPLORE_ROWS + 50:,} talks" in pages[EXPLORE]
    # explore.js loads the data file the table names (no script tag: see explore.js).
    assert 'data-script="data.js"' in pages[EXPLORE] and "<script" not in pages[EXPLORE]
    data = json.loads(pages[EXPLORE_DATA].split("=", 1)[1].strip().rstrip(";"))
    assert len(data["talks"]) == EXPLORE_ROWS + 50
    # Dated talks first, then the undated ones (an empty date), in the page and the data.
    dates = [t[3] for t in data["talks"]]
    assert dates == sorted(dates, key=lambda d: d == "")
    # Tags and speakers are searchable words of every talk.
    assert all("tag" in t[8] and "Speaker" in t[8] for t in data["talks"])
    # Tag and speaker listings are paginated like the others.
    assert "tags/tag0/2.md" in pages and "speakers/speaker-0/2.md" in pages
    assert "Pages: [1](../speaker-0.md) **2**" in pages["speakers/speaker-0/2.md"]


def test_the_404_page_links_from_the_site_path(mini_project: Path,
                                               build_project: Callable[..., Site]) -> None:
    config = mini_project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "site_url: https://notes.example.org/", "site_url: https://example.org/notes/"))
    site = build_project(mini_project)
    html = (site.root / "404.html").read_text("utf-8")
    body = html[html.index("<h1>Page not found"):]
    links = re.findall(r'href="([^"]+)"', body[:body.index("</article>")])
    assert '<a href="/notes/">home page</a>' in body
    assert "/notes/themes/ceph/" in links and "/notes/explore/" in links
    assert all(link.startswith("/notes/") for link in links), links
