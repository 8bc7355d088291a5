"""Rendering: golden pages for the mini fixture, escaping, timestamps, excerpts.

The expected pages live in tests/golden/mini/. After an intended change to the output,
refresh them with `UPDATE_GOLDEN=1 python -m pytest tests/site/test_render.py` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from build_notes.content.model import Talk
from build_notes.markdown.blocks import excerpt
from build_notes.pipeline import build
from build_notes.site.pieces import HOME_CONFERENCES, RenderOptions
from build_notes.site.talk_page import render_notes
from tests.conftest import MINI
from tests.helpers import THEMES, talk, tree

GOLDEN = Path(__file__).parents[1] / "golden" / "mini"


def mini_pages() -> dict[str, str]:
    intro = (MINI / "docs/index.md").read_text("utf-8")
    # Dated by their talks: the files' history differs from clone to clone.
    pages = build(MINI / "talks", RenderOptions(home_intro=intro), history=False).pages
    assert pages is not None
    return pages


def test_golden_pages() -> None:
    pages = mini_pages()
    if os.environ.get("UPDATE_GOLDEN"):
        for old in GOLDEN.rglob("*.*"):
            old.unlink()
        for uri, text in pages.items():
            (GOLDEN / uri).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / uri).write_text(text, "utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text("utf-8")
                for p in GOLDEN.rglob("*.*")}
    assert sorted(pages) == sorted(expected)
    for uri, text in pages.items():
        assert text == expected[uri], f"{uri} differs from tests/golden/mini/{uri}"


def test_the_page_set() -> None:
    assert sorted(mini_pages()) == [
        "conferences/index.md",
        "conferences/kubecon-eu-2024.md",
        "conferences/openstack-summit-boston-2017.md",
        "explore.md",
        "explore/data.js",
        "feed.xml",
        "index.md",
        "organizations/ambedded.md",
        "organizations/hyper.md",
        "organizations/index.md",
        "organizations/mellanox.md",
        "organizations/red-hat.md",
        "speakers/ada-lovelace.md",
        "speakers/alan-turing.md",
        "speakers/grace-hopper.md",
        "speakers/index.md",
        "stats.md",
        "tags/arm.md",
        "tags/ceph-osd.md",
        "tags/cyclictest.md",
        "tags/dpdk.md",
        "tags/index.md",
        "tags/k3s.md",
        "tags/rdma.md",
        "talks/kubecon-eu-2024/edge-kubernetes.md",
        "talks/openstack-summit-boston-2017/ceph-on-arm.md",
        "talks/openstack-summit-boston-2017/dpdk-and-ceph.md",
        "talks/openstack-summit-boston-2017/real-time-kvm.md",
        "themes/ceph.md",
        "themes/edge.md",
        "themes/index.md",
        "themes/kubernetes.md",
        "themes/nfv.md",
    ]


def _talk(body: str, video: str | None = None) -> Talk:
    return Talk(conference_id="c", id="t", title="T", themes=("a",), body=body, video=video)


def test_timestamps_link_into_youtube_and_stay_text_without_video() -> None:
    body = "At 16m34s, [1:02:05] and 1h02m; not 10ms, `1m2s` or v1m2s.\n"
    linked = render_notes(_talk(body, "https://www.youtube.com/watch?v=abc"))
    assert ('<a class="tn-timestamp" href="https://www.youtube.com/watch?v=abc&amp;t=994s" '
            'title="Play the video from 16:34">16m34s</a>') in linked
    assert 'href="https://www.youtube.com/watch?v=abc&amp;t=3725s"' in linked
    assert 'href="https://www.youtube.com/watch?v=abc&amp;t=3720s"' in linked
    assert linked.count("<a ") == 3
    assert "`1m2s`" in linked and "v1m2s" in linked and "10ms" in linked
    plain = render_notes(_talk(body))
    assert "<a " not in plain
    assert '<span class="tn-timestamp" title="At 16:34 in the video">16m34s</span>' in plain


def test_vimeo_and_other_hosts() -> None:
    assert 'href="https://vimeo.com/1#t=65s"' in render_notes(_talk("1m05s", "https://vimeo.com/1"))
    assert "<a " not in render_notes(_talk("1m05s", "https://example.org/watch?v=1"))


def test_the_opinion_admonition_gets_its_title() -> None:
    out = render_notes(_talk("Said.\n\n!!! opinion\n\n    Mine.\n\n??? opinion\n\n    Folded.\n"))
    assert '!!! opinion "Note-taker\'s opinion"' in out
    assert '??? opinion "Note-taker\'s opinion"' in out


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("First *para* with [a link](x.md).\nStill first.\n\nSecond.", "First para with a link. "
         "Still first."),
        ("## Heading\n\n- A bullet `code`\n\n!!! opinion\n\n    Mine.", "A bullet code"),
        ("!!! opinion\n\n    Mine.\n\nContent after.", "Content after."),
        ("word " * 100, ("word " * 36).strip() + "…"),
        ("", ""),
    ],
)
def test_excerpt(body: str, expected: str) -> None:
    assert excerpt(body) == expected


def test_home_lists_the_newest_conferences_and_links_to_all(tmp_path: Path) -> None:
    """The home page's weight does not grow with the number of conferences: it lists the
    newest HOME_CONFERENCES and links to the index that has every one."""
    n = HOME_CONFERENCES + 3
    files: dict[str, str | bytes] = {"themes.yml": THEMES}
    for year in range(2000, 2000 + n):
        files[f"conf-{year}/_index.md"] = (f"---\nname: Conf {year}\nlocation: Boston\n"
                                           f"start: {year}-05-08\nend: {year}-05-11\n---\n")
        files[f"conf-{year}/a-talk.md"] = talk("title: A talk\nthemes: [ceph]")
    pages = build(tree(tmp_path, files, base=False), RenderOptions()).pages
    assert pages is not None
    home = pages["index.md"]
    listed = [year for year in range(2000, 2000 + n) if f"Conf {year}]" in home]
    assert listed == list(range(2000 + n - HOME_CONFERENCES, 2000 + n))
    assert f"[all {n} conferences](conferences/index.md)" in home
    assert all(f"Conf {year}]" in pages["conferences/index.md"]
               for year in range(2000, 2000 + n))


# --- Timestamps stay text outside prose -----------------------------------------------------------


@pytest.mark.parametrize("body", [
    "!!! note\n    Text.\n\n    ```\n    at 4m02s\n    ```\n",
    "- item\n\n    ```\n    at 4m02s\n    ```\n",
    "Text.\n\n    at 4m02s in an indented code block\n",
    'A <span title="at 4m02s">span</span>.\n',
])
def test_timestamps_become_links_only_in_prose(body: str) -> None:
    notes = render_notes(Talk(conference_id="c", id="t", title="T", themes=("ceph",),
                              body=body, video="https://www.youtube.com/watch?v=abc"))
    assert "tn-timestamp" not in notes, notes


def test_a_timestamp_in_prose_still_becomes_a_link() -> None:
    notes = render_notes(Talk(conference_id="c", id="t", title="T", themes=("ceph",),
                              body="!!! note\n    At 4m02s.\n",
                              video="https://www.youtube.com/watch?v=abc"))
    assert 'class="tn-timestamp"' in notes
