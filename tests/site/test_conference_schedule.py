"""A conference page is its schedule: each talk once, under its day when talks are dated
(the undated last), its themes on its row; a talk page's previous and next follow it."""

from __future__ import annotations

import re
from pathlib import Path

from build_notes.pipeline import build
from build_notes.site.pieces import RenderOptions
from tests.helpers import talk, tree

DAYS = {"opening": "2017-05-08", "late": "2017-05-10", "middle": "2017-05-09"}


def pages(tmp_path: Path, dated: bool = True) -> dict[str, str]:
    files = {f"conf-2017/{name}.md": talk(
        f"title: {name.title()} talk\nthemes: [ceph, nfv]" + (f"\ndate: {day}" if dated else ""))
        for name, day in DAYS.items()}
    files["conf-2017/undated.md"] = talk("title: Aardvark talk\nthemes: [edge]")
    built = build(tree(tmp_path, files), RenderOptions()).pages
    assert built is not None
    return built


def titles(markdown: str) -> list[str]:
    return re.findall(r"^- \[([^\]]+)\]", markdown, re.M)


def test_a_dated_conference_lists_its_talks_by_day_each_once(tmp_path: Path) -> None:
    page = pages(tmp_path)["conferences/conf-2017.md"]
    assert titles(page) == ["Opening talk", "Middle talk", "Late talk", "Aardvark talk"]
    headings = re.findall(r"^### (.+)$", page, re.M)
    assert headings == ["Monday 8 May 2017", "Tuesday 9 May 2017", "Wednesday 10 May 2017",
                        "Day not recorded"]
    row = next(line for line in page.split("\n") if line.startswith("- [Opening talk]"))
    assert "[Ceph](../themes/ceph.md), [NFV](../themes/nfv.md)" in row
    assert "[Ceph](../themes/ceph.md) (3)" in page and "[Edge](../themes/edge.md) (1)" in page


def test_previous_and_next_follow_the_schedule(tmp_path: Path) -> None:
    built = pages(tmp_path)
    middle = built["talks/conf-2017/middle.md"]
    assert re.search(r"Previous: \[Opening talk\].*2 of 4.*Next: \[Late talk\]", middle)
    late = built["talks/conf-2017/late.md"]
    assert "Next: [Aardvark talk]" in late


def test_an_undated_conference_lists_its_talks_without_days(tmp_path: Path) -> None:
    page = pages(tmp_path, dated=False)["conferences/conf-2017.md"]
    assert "## Talks" in page and "###" not in page and "Schedule" not in page
    assert titles(page) == ["Aardvark talk", "Late talk", "Middle talk", "Opening talk"]
