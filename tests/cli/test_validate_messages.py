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
from tests.helpers import problems, talk, tree

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


# --- Messages at the exact line: where the mistake is, not where YAML gave up ---------------------


def test_an_unknown_theme_in_a_block_list_is_at_its_item(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(
        "title: T\nthemes:\n  - ceph\n  - ml\n  - nfv\n  - edgy\n  - cef")})
    assert found == [
        "talks/conf-2017/x.md:5: unknown theme 'ml'; known: ceph, edge, kubernetes, nfv "
        "(add new themes to themes.yml)",
        "talks/conf-2017/x.md:7: unknown theme 'edgy'; did you mean 'edge'? known: ceph, "
        "edge, kubernetes, nfv (add new themes to themes.yml)",
        # A short word, spelt as it sounds: difflib's ratio alone (0.57) would not suggest.
        "talks/conf-2017/x.md:8: unknown theme 'cef'; did you mean 'ceph'? known: ceph, "
        "edge, kubernetes, nfv (add new themes to themes.yml)",
    ]


def test_a_repeated_item_of_a_block_list_is_at_its_line(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(
        "title: T\nthemes: [ceph]\ntags:\n  - a\n  - b\n  - a")})
    assert found == ["talks/conf-2017/x.md:7: 'tags' lists 'a' twice; remove one"]


def test_an_unclosed_quote_is_at_the_line_where_it_opens(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(
        'title: "Real Time KVM\nthemes: [ceph]\nspeakers: [Jane Doe]\nrating: 4')})
    assert found == ["talks/conf-2017/x.md:2: a quote opened on this line is not closed; add "
                     "the closing quote at the end of the value"]


@pytest.mark.parametrize("notes", [
    "What the talk said.\n\n---\n\nMore notes after a rule.\n",
    "# A heading\n\n- a point: with a colon\n\n---\n\nAfter the rule.\n",
])
def test_a_missing_closing_dashes_line_is_named_as_such(tmp_path: Path, notes: str) -> None:
    """Without its closing '---', the front matter runs on to a '---' rule in the notes; the
    notes are then read as YAML. Say what is missing, where it belongs."""
    found = problems(tmp_path, {"conf-2017/x.md": "---\ntitle: T\nthemes: [ceph]\n\n" + notes})
    assert found == ["talks/conf-2017/x.md:4: front matter is not closed: add a line '---' "
                     "here, after the keys (a '---' rule further down was taken for its end, "
                     "so notes were read as keys)"]


def test_a_real_yaml_error_in_the_keys_is_still_a_yaml_error(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(
        "title: T\nthemes: [ceph\nrating: 4", "Notes.\n\n---\n\nMore.\n")})
    assert len(found) == 1 and found[0].startswith("talks/conf-2017/x.md:3: YAML syntax error")


def test_problems_on_one_line_come_in_the_order_written(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(
        "title: T\nthemes: [zzz, ceph, aaa, ceph]")})
    assert [p.split(": ", 1)[1][:25] for p in found] == [
        "unknown theme 'zzz'; know", "unknown theme 'aaa'; know", "'themes' lists 'ceph' twi"]
    assert all(p.startswith("talks/conf-2017/x.md:3: ") for p in found)


def test_a_file_name_problem_is_at_line_1_so_annotations_can_place_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path, {"conf-2017/Bad Name.md": talk("title: T\nthemes: [ceph]")})
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--format", "github", "talks"]) == 1
    assert capsys.readouterr().out == (
        "::error file=talks/conf-2017/Bad Name.md,line=1::file name 'Bad Name.md' is not a "
        "slug of at most 80 characters: rename it to 'bad-name.md' (lowercase letters, "
        "digits, single hyphens)\n")


def test_an_unclosed_bracket_before_the_notes_is_a_yaml_error(tmp_path: Path) -> None:
    """Found by Hypothesis: the check for an unclosed front matter parses the keys alone; a
    YAML error there must be reported, not raise."""
    found = problems(tmp_path, {"conf-2017/x.md": "---\ntitle: [\n...\n---\n"})
    assert len(found) == 1 and found[0].startswith("talks/conf-2017/x.md:"), found
