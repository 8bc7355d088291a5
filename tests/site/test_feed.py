"""The feed says when each note was added and last changed, newest change first: from the
repository's history of its file, or the file's modification time where git has none."""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from build_notes.pipeline import build
from tests.helpers import talk, tree

ATOM = "{http://www.w3.org/2005/Atom}"
OLD_CONFERENCE = """\
---
name: Old Conf 2011
start: 2011-03-01
end: 2011-03-02
---
"""

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


def entries(talks_dir: Path) -> list[tuple[str, str, str]]:
    """(title, published, updated) of each entry, in the feed's order."""
    pages = build(talks_dir).pages
    assert pages is not None
    feed = ET.fromstring(pages["feed.xml"])
    return [(e.findtext(f"{ATOM}title") or "", e.findtext(f"{ATOM}published") or "",
             e.findtext(f"{ATOM}updated") or "") for e in feed.iter(f"{ATOM}entry")]


def test_entries_are_dated_by_their_files_history_newest_change_first(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        "conf-2017/new-conference-talk.md": talk("title: New conference talk\nthemes: [ceph]"),
        "old-2011/_index.md": OLD_CONFERENCE,
        "old-2011/old-talk.md": talk("title: Old talk\nthemes: [ceph]"),
    })
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "talks")
    git(tmp_path, "commit", "-qm", "first notes", when="2020-01-02T10:00:00Z")
    (root / "old-2011/old-talk.md").write_text(
        talk("title: Old talk\nthemes: [ceph]", "New notes on a 2011 talk.\n"), "utf-8")
    git(tmp_path, "commit", "-qam", "notes on the old talk", when="2024-06-07T08:09:10Z")
    assert entries(root) == [
        ("Old talk", "2020-01-02T10:00:00Z", "2024-06-07T08:09:10Z"),
        ("New conference talk", "2020-01-02T10:00:00Z", "2020-01-02T10:00:00Z"),
    ]
    # Changed and not committed yet: its file's time, so it leads the feed.
    new = root / "conf-2017/new-conference-talk.md"
    new.write_text(talk("title: New conference talk\nthemes: [ceph]", "More.\n"), "utf-8")
    os.utime(new, (1_800_000_000, 1_800_000_000))
    first = entries(root)[0]
    assert first == ("New conference talk", "2020-01-02T10:00:00Z", "2027-01-15T08:00:00Z")


def test_without_a_repository_files_are_dated_by_their_modification_time(
        tmp_path: Path) -> None:
    root = tree(tmp_path, {
        "conf-2017/a.md": talk("title: A\nthemes: [ceph]"),
        "conf-2017/b.md": talk("title: B\nthemes: [ceph]"),
    })
    os.utime(root / "conf-2017/a.md", (1_700_000_000, 1_700_000_000))
    os.utime(root / "conf-2017/b.md", (1_600_000_000, 1_600_000_000))
    assert [(title, updated) for title, _, updated in entries(root)] == [
        ("A", "2023-11-14T22:13:20Z"), ("B", "2020-09-13T12:26:40Z")]
