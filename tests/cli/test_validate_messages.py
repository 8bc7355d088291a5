"""`build-notes validate` on broken trees: every message names the file, the line and the fix.

Each folder of tests/cli_cases/ is one case: `talks/` is the tree, `expected.txt` what the
command prints (stdout, stderr, exit code), and an optional `args.txt` the command line
(default `validate talks`). The test copies the case to a temporary folder (the files a git
checkout cannot hold, non-UTF-8 bytes and symbolic links, are added there by EXTRAS below),
runs the CLI from that folder so paths print as talks/..., and compares the output:

- in-process, `build_notes.cli.main.main(argv)` with pytest's capsys;
- as a real subprocess, `python -m build_notes ...`, which must print the same and never a
  traceback on stderr.

Every problem line is also checked on its own: `talks/<path>:<line>: <message>`, a path in
the tree (or a file it says to create), a line that exists in that file, and a message that
says what to do.

After an intended change of the messages, refresh the expected files with

    UPDATE_GOLDEN=1 python -m pytest tests/cli/test_validate_messages.py

and review the diff: the expected files are the specification of the messages. In bad-yaml
and missing-themes, only the themes.yml problem is expected, not an "unknown theme 'ceph';
known:  (add new themes...)" for every talk (with themes.yml broken or missing, every theme
would be "unknown", a cascade that buries the one real problem); a refresh must not bring
those lines back.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_notes.cli.main import main
from tests.conftest import ROOT
from tests.helpers import talk, tree

CASES = Path(__file__).parents[1] / "cli_cases"
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))

# Files a text checkout cannot hold, added to the copy of a case: bytes, or ("link", target).
EXTRAS: dict[str, dict[str, bytes | tuple[str, str]]] = {
    "not-utf8": {
        "conf-2017/latin1.md": talk("title: Caf\u00e9 talk\nthemes: [ceph]",
                                    "Notes on the caf\u00e9.\n").encode("latin-1"),
        "conf-2017/utf16.md": talk("title: Wide\nthemes: [ceph]").encode("utf-16"),
        "conf-2017/windows.md": talk("title: Quotes\nthemes: [ceph]",
                                     "First line.\nHe said \u201cfine\u201d.\n").encode("cp1252"),
        "conf-2017/bom-crlf.md": ("\ufeff" + talk("title: BOM and CRLF are fine\n"
                                                  "themes: [nfv]")).replace("\n", "\r\n")
        .encode("utf-8"),
        "conf-2017/empty.md": b"",
    },
    "stray-files": {"conf-2017/photo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
    "symlink-outside": {
        "conf-2017/linked.md": ("link", "../../outside/talk.md"),
        "linked-2018": ("link", "../outside"),
    },
}
# Written next to talks/ in the copy: what the links of EXTRAS point to.
OUTSIDE: dict[str, dict[str, str]] = {
    "symlink-outside": {"outside/talk.md": talk("title: Outside\nthemes: [ceph]"),
                        "outside/_index.md": "---\nname: O\nstart: 2018-01-01\n"
                                             "end: 2018-01-02\n---\n"},
}

# A message says what to do: an instruction, the allowed values, or what the value must be.
FIX = re.compile(
    r"\b(add|remove|rename|use|write|put|quote|check|save|fix|move|merge|make|choose|give|"
    r"copy|split|delete|create|swap|start|did you mean|allowed keys|known|must be|like|"
    r"needs)\b", re.IGNORECASE)
PROBLEM = re.compile(r"^(?P<path>talks(?:/[^:]+)?):(?P<line>\d+): (?:warning: )?(?P<msg>.+)$")
GITHUB = re.compile(r"^::(?P<kind>error|warning) file=(?P<path>[^,:]+)(?:,line=(?P<line>\d+))?"
                    r"::(?P<msg>.+)$")


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "talks").is_dir())


def prepare(case: str, tmp_path: Path) -> Path:
    """A copy of the case in tmp_path, with its EXTRAS; returns the folder to run from."""
    work = tmp_path / case
    shutil.copytree(CASES / case / "talks", work / "talks", symlinks=True)
    for rel, content in OUTSIDE.get(case, {}).items():
        (work / rel).parent.mkdir(parents=True, exist_ok=True)
        (work / rel).write_text(content, "utf-8")
    for rel, extra in EXTRAS.get(case, {}).items():
        path = work / "talks" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(extra, tuple):
            os.symlink(extra[1], path)
        else:
            path.write_bytes(extra)
    return work


def argv_of(case: str) -> list[str]:
    args = CASES / case / "args.txt"
    return args.read_text("utf-8").split() if args.is_file() else ["validate", "talks"]


def transcript(argv: list[str], code: int, out: str, err: str) -> str:
    return (f"$ build-notes {' '.join(argv)}\nexit {code}\n--- stdout\n{out}--- stderr\n{err}")


def lines_in(path: Path) -> int:
    data = path.read_bytes()
    return len(re.split(rb"\r\n|\n|\r", data)) if data else 1


def check_problem_lines(work: Path, out: str, github: bool) -> None:
    for line in out.splitlines():
        m = (GITHUB if github else PROBLEM).match(line)
        assert m, f"not a problem line: {line!r}"
        path, msg = work / m["path"], m["msg"]
        number = int(m["line"] or 0)
        if path.is_symlink() or path.is_dir():
            assert number == 0, line
        elif path.exists():
            assert 0 <= number <= lines_in(path), f"line {number} is not in {m['path']}: {line}"
        else:  # a file that should be there: the message must say to create it
            assert "missing" in msg, f"{m['path']} does not exist: {line}"
        assert FIX.search(msg), f"the message does not say what to do: {line}"
        assert "Traceback" not in msg


@pytest.mark.parametrize("case", case_names())
def test_validate_prints_the_expected_messages(case: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    work = prepare(case, tmp_path)
    argv = argv_of(case)
    monkeypatch.chdir(work)
    code = main(argv)
    out, err = capsys.readouterr()
    got = transcript(argv, code, out, err)
    expected_file = CASES / case / "expected.txt"
    if UPDATE:
        expected_file.write_text(got, "utf-8")
    assert got == expected_file.read_text("utf-8"), "refresh with UPDATE_GOLDEN=1 if intended"
    check_problem_lines(work, out, github="--format" in argv and "github" in argv)
    assert (code == 0) == (case == "valid")


@pytest.mark.parametrize("case", case_names())
def test_the_command_prints_the_same_and_no_traceback(case: str, tmp_path: Path) -> None:
    work = prepare(case, tmp_path)
    argv = argv_of(case)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    run = subprocess.run([sys.executable, "-m", "build_notes", *argv], cwd=work, env=env,
                         capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert "Traceback" not in run.stderr, run.stderr
    got = transcript(argv, run.returncode, run.stdout, run.stderr)
    assert got == (CASES / case / "expected.txt").read_text("utf-8")


def test_every_case_has_its_expected_output() -> None:
    names = case_names()
    assert len(names) >= 8
    assert [n for n in names if not (CASES / n / "expected.txt").is_file()] == []


# --- Messages checked one property at a time ---------------------------------------------------
# Each of these inputs once got a wrong or unclear message; a targeted test pins what the
# message must get right (the line, the value as written, one line per problem), whatever
# its wording.


def validate_out(tmp_path: Path, files: dict[str, str | bytes],
                 capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                 ) -> list[str]:
    tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "talks"]) == 1
    return capsys.readouterr().out.splitlines()


def test_a_key_yaml_reads_as_true_is_named_as_written_at_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = validate_out(tmp_path, {"conf-2017/x.md": talk("title: T\nthemes: [ceph]\nyes: x")},
                       capsys, monkeypatch)
    assert len(out) == 1 and out[0].startswith("talks/conf-2017/x.md:4: "), out
    assert "'yes'" in out[0] and "True" not in out[0], out


def test_a_number_title_is_quoted_as_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`title: 3.10` must be quoted as "3.10", not as the float YAML made of it ("3.1")."""
    out = validate_out(tmp_path, {"conf-2017/x.md": talk("title: 3.10\nthemes: [ceph]")},
                       capsys, monkeypatch)
    assert out == ["talks/conf-2017/x.md:2: 'title' is read as a number; put it in quotes: "
                   "title: \"3.10\""]


def test_a_control_character_in_front_matter_gets_a_line_and_a_fix(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = validate_out(tmp_path, {"conf-2017/x.md": b"---\ntitle: T\nthemes: [ceph]\n"
                                                    b"speakers: [A\x07da]\n---\n"},
                       capsys, monkeypatch)
    assert len(out) == 1, out
    assert out[0].startswith("talks/conf-2017/x.md:4: ") and "remove" in out[0], out


def test_values_quoted_in_messages_cannot_forge_lines(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A newline inside a quoted value would print a second, fake `path:line:` problem."""
    out = validate_out(tmp_path, {"conf-2017/x.md": talk(
        'title: T\nthemes: [ceph]\ndate: "May 8\\ntalks/conf-2017/other.md:1: forged"\n'
        '"\\e[2J\\e[31mkey": x')}, capsys, monkeypatch)
    assert len(out) == 2, out
    assert all(line.startswith("talks/conf-2017/x.md:") for line in out), out
    assert not any("\x1b" in line for line in out), out


@pytest.mark.parametrize(
    ("files", "where"),
    [
        ({"conf-2017/x.md": "---\ntitle: T\nthemes: [ceph]\nrating: " + "9" * 5000 + "\n---\n"},
         "talks/conf-2017/x.md:4: "),
        ({"conf-2017/x.md": ("link", "missing.md")}, "talks/conf-2017/x.md:"),
    ],
    ids=["a 5000-digit number", "a dangling link"],
)
def test_no_traceback_reaches_stderr(tmp_path: Path, files: dict[str, str | tuple[str, str]],
                                     where: str) -> None:
    """Python refuses to parse ints over 4300 digits; a broken link cannot be read: both are
    content problems, to be reported as such by the real command."""
    root = tree(tmp_path, {})
    for rel, content in files.items():
        if isinstance(content, tuple):
            os.symlink(content[1], root / rel)
        else:
            (root / rel).write_text(content, "utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    run = subprocess.run([sys.executable, "-m", "build_notes", "validate", "talks"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in run.stderr, run.stderr[-500:]
    assert run.returncode == 1
    assert any(line.startswith(where) for line in run.stdout.splitlines()), run.stdout
