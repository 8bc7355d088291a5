"""The command line: exit codes, output formats, and `generate`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from build_notes.cli.main import main
from tests.conftest import MINI
from tests.helpers import GOOD, talk, tree


def test_validate_clean_tree_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(MINI / "talks")]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "OK: 4 talks in 2 conferences, 4 themes." in err


def test_validate_prints_every_problem_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(tmp_path, {"conf-2017/a.md": talk("title: A\nthemes: [ml]"),
                    "conf-2017/b.md": talk("title: B\nthemes: [ceph]\nrating: 7")})
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "talks"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "talks/conf-2017/a.md:3: unknown theme 'ml'; known: ceph, edge, kubernetes, nfv "
        "(add new themes to themes.yml)",
        "talks/conf-2017/b.md:4: 'rating' must be a whole number from 1 to 5, not 7",
    ]
    assert "2 problem(s) found" in err


def test_validate_github_annotations(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path, {"conf-2017/a.md": talk("title: A\nthemes: [ceph]\nspeaker: [x]"),
                    "stray.txt": "x"})
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "talks", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("::error file=talks/conf-2017/a.md,line=4::unknown key 'speaker'; did "
                      "you mean 'speakers'? allowed keys: title, themes, format, speakers, "
                      "organizations, tags, date, duration, video, slides, rating, slot, "
                      "language, programme_id, imported, draft")
    assert out[1].startswith("::error file=talks/stray.txt::not a talk")


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["validate", "--format", "xml"]])
def test_bad_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage: build-notes" in capsys.readouterr().err


def test_missing_folder_exits_2_without_traceback(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"build-notes: {tmp_path / 'nope'}: no such folder")


def test_generate_writes_pages_and_hand_written_docs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(out), "--talks-dir", str(MINI / "talks"),
                 "--docs-dir", str(MINI / "docs")]) == 0
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert "talks/openstack-summit-boston-2017/real-time-kvm.md" in written
    assert "themes/ceph.md" in written and "about.md" in written
    home = (out / "index.md").read_text()
    assert home.startswith("# Fixture notes") and "tn-count" in home


def test_generate_refuses_to_write_with_problems(tmp_path: Path) -> None:
    root = tree(tmp_path, {"conf-2017/a.md": GOOD, "conf-2017/b.md": talk("title: B")})
    out = tmp_path / "out"
    assert main(["generate", str(out), "--talks-dir", str(root), "--docs-dir", ""]) == 1
    assert not out.exists()


def test_the_console_script_runs_as_a_module(tmp_path: Path) -> None:
    root = tree(tmp_path, {"conf-2017/a.md": b"\xff\xfe"})
    proc = subprocess.run([sys.executable, "-m", "build_notes", "validate", str(root)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert "conf-2017/a.md:1: not UTF-8" in proc.stdout
    assert "Traceback" not in proc.stderr


# --- Closed or full output, file names that forge lines (issue 11) --------------------------------


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
