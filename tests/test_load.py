"""Loading: bytes to records, and the problems of files that cannot be read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from build_notes.content.load import load_tree
from build_notes.errors import TalkNotesError
from tests.helpers import GOOD, problems, talk, tree


def test_records_remember_key_lines_and_body_line(tmp_path: Path) -> None:
    root = tree(tmp_path, {"conf-2017/x.md": talk("title: T\n\nthemes:\n  - ceph\nrating: 3",
                                                  "Body line.\n")})
    record = next(r for r in load_tree(root) if r.id == "x")
    assert record.kind == "talk"
    assert record.conference_id == "conf-2017"
    assert {path: e.line for path, e in record.entries.items()} == {
        "title": 2, "themes": 4, "rating": 6}
    assert record.entries["themes"].item_lines == (5,)
    assert record.data == {"title": "T", "themes": ["ceph"], "rating": 3}
    body_lines = record.body.split("\n")
    assert body_lines[9 - record.body_line] == "Body line."  # line 9 of the file


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    raw = ("\ufeff" + GOOD).replace("\n", "\r\n").encode("utf-8")
    root = tree(tmp_path, {"conf-2017/x.md": raw})
    record = next(r for r in load_tree(root) if r.id == "x")
    assert record.problems == ()
    assert record.data == {"title": "A talk", "themes": ["ceph"]}
    assert "\r" not in record.body


def test_dates_stay_text_for_the_validator(tmp_path: Path) -> None:
    root = tree(tmp_path, {"conf-2017/x.md": talk("title: T\nthemes: [ceph]\ndate: 2017-13-01")})
    record = next(r for r in load_tree(root) if r.id == "x")
    assert record.data["date"] == "2017-13-01"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "talks/conf-2017/x.md:1: file is empty"),
        (b"title: x\n", "talks/conf-2017/x.md:1: no front matter"),
        (b"---\ntitle: x\nthemes: [ceph]\n", "talks/conf-2017/x.md:1: front matter is not closed"),
        (b"---\ntitle: x\nthemes: [ceph\n---\n", "talks/conf-2017/x.md:3: YAML syntax error"),
        (b"---\ntitle: x\nthemes: [ceph]\ntitle: y\n---\n",
         "talks/conf-2017/x.md:4: key 'title' is given twice (first at line 2); keep one"),
        (b"---\n---\nNotes.\n", "talks/conf-2017/x.md:1: missing required key 'title'"),
        (b"---\ntitle: x\nthemes:\n\t- ceph\n---\n",
         "talks/conf-2017/x.md:4: YAML syntax error: a tab indents this line; use spaces "
         "(YAML does not allow tabs there)"),
        (b"---\nrating: " + b"9" * 5000 + b"\n---\n", "talks/conf-2017/x.md:2: a number too long"),
        (b"\xff\xfe-\x00-\x00", "talks/conf-2017/x.md:1: not UTF-8"),
        (b"---\ntitle: a: b: c\n---\n", "talks/conf-2017/x.md:2: YAML syntax error"),
        (b"---\ntitle: x\nthemes: [ceph]\n---\n\ncaf\xe9\n", "talks/conf-2017/x.md:6: not UTF-8"),
        (b"---\ntitle: &t x\nthemes: [ceph]\n---\n", "talks/conf-2017/x.md:2: YAML anchors"),
        (b"---\ntitle: x\nthemes: *t\n---\n", "talks/conf-2017/x.md:3: YAML anchors"),
        (b"---\ntitle: !!python/object:os.system x\nthemes: [ceph]\n---\n",
         "talks/conf-2017/x.md:2: YAML tags (!!python/object:os.system) are not allowed"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, expected: str) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": content})
    assert any(p.startswith(expected) for p in found), found


def test_files_over_the_size_limit_are_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk("title: T\nthemes: [ceph]",
                                                       "x" * 300_000)})
    assert any(p.startswith("talks/conf-2017/x.md:1: file is 300,") and "over the limit of "
               "262,144" in p for p in found), found


def test_stray_files_are_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {"notes.md": GOOD, "conf-2017/photo.png": b"\x89PNG",
                                "conf-2017/sub/x.md": GOOD})
    assert any(p.startswith("talks/notes.md:0: talk files belong in a conference folder")
               for p in found), found
    assert any(p.startswith("talks/conf-2017/photo.png:0: not a talk") for p in found), found
    assert any(p.startswith("talks/conf-2017/sub/x.md:0: too deep") for p in found), found


def test_missing_themes_file_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/_index.md": "---\nname: C\nstart: 2017-01-01\n"
                                "end: 2017-01-02\n---\n", "conf-2017/x.md": GOOD}, base=False)
    assert any(p.startswith("talks/themes.yml:1: missing") for p in found), found


def test_symlinks_leaving_the_folder_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text(GOOD)
    root = tree(tmp_path, {})
    os.symlink(outside, root / "conf-2017" / "x.md")
    found = [str(p) for r in load_tree(root, "talks") for p in r.problems]
    assert any(p.startswith("talks/conf-2017/x.md:0: is a symbolic link that leads outside")
               for p in found), found


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(TalkNotesError, match="no such folder"):
        load_tree(tmp_path / "nope")
