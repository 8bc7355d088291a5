"""Issue 11's "nothing lost" and "no traceback" cases that are not about HTML: invisible and
duplicate titles, huge numbers, closed or full output, file names that forge lines, and
timestamps that stay text outside prose."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from build_notes.content.model import Talk
from build_notes.site.pages import render_notes
from tests.helpers import problems, talk, tree

X = "talks/conf-2017/x.md"


@pytest.mark.parametrize("title", ["\u200b\u200b", "\u2800", "\u3164", "\u200e\u202e ",
                                   "\u0301\u0301"])
def test_a_title_of_only_invisible_characters_is_refused(tmp_path: Path, title: str) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(f'title: "{title}"\nthemes: [ceph]')})
    assert f"{X}:2: 'title' is empty: give it a value or remove the line" in found, found


def test_an_organisation_of_only_invisible_characters_is_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(
        'title: T\nthemes: [ceph]\norganizations: ["\u200b"]')})
    assert any(p.startswith(f"{X}:4: 'organizations' is empty") for p in found), found


def test_duplicate_titles_ignore_zero_width_and_format_characters(tmp_path: Path) -> None:
    found = problems(tmp_path, {
        "conf-2017/a.md": talk("title: Ceph at scale\nthemes: [ceph]"),
        "conf-2017/b.md": talk('title: "Ceph\u200b at\u2060 sca\u200dle"\nthemes: [ceph]')})
    assert any(p.startswith("talks/conf-2017/b.md:2: title is the same as in "
                            "talks/conf-2017/a.md") for p in found), found


def test_a_duplicate_of_an_invalid_talks_title_is_reported_on_the_first_run(
        tmp_path: Path) -> None:
    found = problems(tmp_path, {
        "conf-2017/a.md": talk("title: Ceph at scale\nthemes: [unknown-theme]"),
        "conf-2017/b.md": talk("title: Ceph at Scale!\nthemes: [ceph]")})
    assert any(p.startswith("talks/conf-2017/a.md:3: unknown theme") for p in found), found
    assert any(p.startswith("talks/conf-2017/b.md:2: title is the same as in "
                            "talks/conf-2017/a.md") for p in found), found


def test_a_5000_digit_duration_is_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(
        f"title: T\nthemes: [ceph]\nduration: {'9' * 5000}m")})
    assert any(p.startswith(f"{X}:4: 'duration' is") and "not a duration" in p
               for p in found), found


def _cli(args: list[str], cwd: Path, stdout: int | object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "build_notes", *args], cwd=cwd, text=True,
                          stdout=stdout, stderr=subprocess.PIPE, check=False)  # type: ignore[arg-type]


@pytest.mark.parametrize("args", [["validate", "talks"],
                                  ["validate", "talks", "--format", "github"], ["schema"]])
def test_a_closed_or_full_stdout_ends_without_a_traceback(tmp_path: Path,
                                                          args: list[str]) -> None:
    bad = {f"conf-2017/t{i}.md": talk(f"title: T{i}\nthemes: [nope]") for i in range(400)}
    tree(tmp_path, bad)
    reader = subprocess.Popen([sys.executable, "-m", "build_notes", *args], cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.readline()
    reader.stdout.close()  # as `| head -1` does
    reader.wait(timeout=60)
    assert b"Traceback" not in reader.stderr.read()
    with open("/dev/full", "w") as full:
        run = _cli(args, tmp_path, full)
    assert "Traceback" not in run.stderr
    assert run.returncode == 1 and "cannot write the output" in run.stderr


@pytest.mark.parametrize("name", ["x\nforged.md:1: fine", "x\u202egnp.md", "x\udcff.md"])
def test_a_file_name_is_printed_escaped(tmp_path: Path, name: str) -> None:
    root = tree(tmp_path, {})
    (root / "conf-2017" / name).write_bytes(talk("title: T\nthemes: [ceph]").encode())
    run = _cli(["validate", "talks"], tmp_path, subprocess.PIPE)
    assert "Traceback" not in run.stderr
    for line in run.stdout.splitlines():
        assert line.startswith("talks/conf-2017/"), line
        assert line.isprintable(), line


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

