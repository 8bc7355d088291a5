"""`build-notes publish` and `status`, and every command that writes never writing through a
link or outside the folder it owns.

Drafts are imported from the programme fixtures (tests/fixtures/programmes), then written in
as a note-taker would; every command runs as `main([...])` on a copy in tmp_path.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from build_notes.cli.main import main
from build_notes.pipeline import check
from tests.conftest import FIXTURES, MINI

XML = FIXTURES / "programmes" / "frab-schedule.xml"
KEYNOTE = "democon2024/opening-keynote-why-storage-is-hard"
NIGHT = "democon2024/uberraschung-night-session"
HACKATHON = "democon2024/hands-on-hackathon"


def run(*args: str | Path) -> int:
    return main([str(a) for a in args])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small fixture project with the frab programme imported as drafts; the working
    directory, as a note-taker runs the commands from the repository."""
    root = Path(shutil.copytree(MINI, tmp_path / "project"))
    monkeypatch.chdir(root)
    assert run("import", XML, "--default-theme", "edge") == 0
    return root


def write_notes(key: str, notes: str) -> Path:
    """Notes where the imported draft has its empty opinion box."""
    path = Path("talks") / f"{key}.md"
    path.write_text(path.read_text("utf-8").replace("!!! opinion\n", notes), "utf-8")
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def line_of(path: Path, text: str) -> int:
    return path.read_text("utf-8").split("\n").index(text) + 1


# --- publish ----------------------------------------------------------------------------------

def test_publish_refuses_an_invalid_draft_and_leaves_every_file_byte_identical(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The case: an opinion indented 2 spaces (outside the box, read as the speaker's
    # words) used to be published, its `!!! opinion` line deleted.
    keynote = write_notes(KEYNOTE, "The notes.\n\n!!! opinion\n\n  My own view.\n")
    night = write_notes(NIGHT, "Night notes.\n\n!!! opinion\n\n    Fine.\n")
    before = snapshot(project)
    capsys.readouterr()
    assert run("publish", KEYNOTE, NIGHT) == 1
    err = capsys.readouterr().err
    box, text = line_of(keynote, "!!! opinion"), line_of(keynote, "  My own view.")
    assert f"build-notes: talks/{KEYNOTE}.md:{text}: this text is indented 2 spaces under the " \
        f"opinion box (line {box}), so it is outside the box" in err
    assert err.endswith("Nothing was published; every file is as it was.\n")
    assert snapshot(project) == before
    # validate names the same problem at the same line: publish judged the file as it does.
    assert run("validate") == 1
    assert f"talks/{KEYNOTE}.md:{text}: this text is indented 2 spaces" in \
        capsys.readouterr().out
    assert "draft: true" in night.read_text("utf-8")


def test_publish_removes_the_draft_line_and_not_a_byte_more(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keynote = Path("talks") / f"{KEYNOTE}.md"
    text = keynote.read_text("utf-8").replace("!!! opinion\n", "The notes: C++, C# and .NET."
                                              "\n\n!!! opinion\n\n    Worth it.\n\n\n")
    # A BOM, CRLF line ends, a comment on the draft line: all kept but that line.
    keynote.write_bytes(b"\xef\xbb\xbf" + text.replace("draft: true\n", "draft: true   # to do\n")
                        .replace("\n", "\r\n").encode("utf-8"))
    keynote.chmod(0o640)
    before = keynote.read_bytes()
    assert run("publish", f"talks/{KEYNOTE}.md") == 0
    assert keynote.read_bytes() == before.replace(b"draft: true   # to do\r\n", b"")
    # Replaced whole through a temporary file, which is gone; the file keeps its mode.
    assert keynote.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in keynote.parent.iterdir() if p.name.startswith(".")) == []
    assert capsys.readouterr().out == f"talks/{KEYNOTE}.md\n"
    result = check(Path("talks"))
    assert result.problems == []
    assert KEYNOTE.split("/")[1] in {t.id for t in result.corpus.talks}


def test_publish_refuses_what_it_cannot_publish_by_removing_one_line(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    night = write_notes(NIGHT, "Night notes.\n")
    night.write_text(night.read_text("utf-8").replace("draft: true\n", "draft:\n  true\n"),
                     "utf-8")
    before = snapshot(project)
    capsys.readouterr()
    assert run("publish", NIGHT, HACKATHON, "democon2024/no-such-talk") == 1
    err = capsys.readouterr().err
    assert f"talks/{NIGHT}.md:{line_of(night, 'draft:')}: 'draft: true' is not a line of its " \
        "own" in err
    assert f"talks/{HACKATHON}.md:" in err and "no notes yet; write them" in err
    assert "talks/democon2024/no-such-talk.md: no such talk" in err
    assert snapshot(project) == before


def test_publish_refuses_a_path_outside_the_talks_folder(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The case: `build-notes publish ../outside/x` rewrote a file outside talks/.
    outside = tmp_path / "outside"
    shutil.copytree(project / "talks" / "democon2024", outside)
    write_notes(KEYNOTE, "The notes.\n")
    shutil.copy(Path("talks") / f"{KEYNOTE}.md", outside / "x.md")
    before = snapshot(tmp_path)
    capsys.readouterr()
    for given in ["../outside/x", "../outside/x.md", "democon2024/../../../outside/x",
                  str(outside / "x.md"), "talks/../../outside/x.md", "../x"]:
        assert run("publish", given) == 1, given
        err = capsys.readouterr().err
        assert "not a talk file in talks" in err or "not a path inside the folder" in err, err
    assert snapshot(tmp_path) == before


def test_publish_never_reads_or_writes_through_a_link(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside.md"
    write_notes(KEYNOTE, "The notes.\n")
    shutil.copy(Path("talks") / f"{KEYNOTE}.md", outside)
    (Path("talks") / "democon2024" / "linked.md").symlink_to(outside)
    (Path("talks") / "linked-conference").symlink_to(tmp_path)
    before = outside.read_bytes()
    capsys.readouterr()
    assert run("publish", "democon2024/linked") == 1
    assert "talks/democon2024/linked.md: is a symbolic link; build-notes never writes " \
        "through a link" in capsys.readouterr().err
    assert run("publish", "linked-conference/outside") == 1
    assert "talks/linked-conference: is a symbolic link" in capsys.readouterr().err
    assert outside.read_bytes() == before
    # A FIFO is no talk file: refused at once, not waited on.
    os.mkfifo(Path("talks") / "democon2024" / "fifo.md")
    assert run("publish", "democon2024/fifo") == 1
    assert "talks/democon2024/fifo.md: is not a regular file" in capsys.readouterr().err


# --- status -----------------------------------------------------------------------------------

def status(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = run("status", *args)
    return code, capsys.readouterr().out.splitlines()


def test_status_lists_each_conferences_drafts_by_day_with_their_titles(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_notes(NIGHT, "Night notes.\n\n!!! opinion\n\n    Fine.\n")
    code, lines = status(capsys)
    assert code == 0
    at = lines.index("democon2024 (DemoCon 2024, 2024-02-03 to 2024-02-04): 0 talks "
                     "published, 3 drafts (1 with notes, ready to publish)")
    assert lines[at + 1:at + 4] == [
        f"  no notes  2024-02-03  talks/{KEYNOTE}.md  Opening keynote: Why storage is hard",
        f"  ready     2024-02-03  talks/{NIGHT}.md  Überraschung: night session",
        f"  no notes  2024-02-04  talks/{HACKATHON}.md  Hands-on hackathon",
    ]
    published = len(check(Path("talks")).corpus.talks)
    assert lines[-1] == f"In all: {published} talks published, 3 drafts (1 ready to publish), " \
        "0 files with problems, in 3 conferences."
    # One conference: by its id, by its folder, or with --conference; one day with --day.
    for args in (["democon2024"], ["talks/democon2024"], ["--conference", "democon2024"]):
        assert status(capsys, *args) == (0, [
            *lines[at:at + 4], "In all: 0 talks published, 3 drafts (1 ready to publish), 0 "
            "files with problems, in 1 conference."])
    code, day = status(capsys, "democon2024", "--day", "2024-02-04")
    assert code == 0 and day[1:3] == [
        "  1 draft on 2024-02-04:",
        f"  no notes  2024-02-04  talks/{HACKATHON}.md  Hands-on hackathon"]
    assert not any("2024-02-03  talks" in line for line in day)
    # Without a conference: only those whose dates hold the day.
    code, day = status(capsys, "--day", "2024-02-04")
    assert code == 0 and day[0].startswith("democon2024 (") and day[-1].endswith(
        "in 1 conference.")


def test_status_refuses_an_unknown_conference_or_day(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("status", "democon2042") == 2
    assert "no conference 'democon2042' in talks; did you mean 'democon2024'? known: " in \
        capsys.readouterr().err
    assert run("status", "--day", "4 Feb") == 2
    assert "'4 Feb' is not a day; write it as YYYY-MM-DD" in capsys.readouterr().err


def test_status_counts_and_names_the_files_with_problems(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    night = Path("talks") / f"{NIGHT}.md"
    night.write_text(night.read_text("utf-8").replace("title:", "title: [unclosed\ntitle:"),
                     "utf-8")
    code, lines = status(capsys, "democon2024")
    assert code == 1
    assert lines[0].endswith(": 0 talks published, 2 drafts, 1 file with problems")
    assert f"  problems              talks/{NIGHT}.md  (1 problem: build-notes validate lists " \
        "them)" in lines
    assert "2 drafts, 1 file with problems, in 1 conference." in lines[-1]
    # A file of no conference: listed apart, counted in all.
    Path("talks/notes.txt").write_text("a stray file\n", "utf-8")
    code, lines = status(capsys)
    assert code == 1
    at = lines.index("other files with problems:")
    assert lines[at + 1].startswith("  problems              talks/notes.txt  (1 problem")
    assert lines[-1].endswith(", 2 files with problems, in 3 conferences.")


def test_the_paths_status_prints_are_what_publish_takes(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for key in (KEYNOTE, NIGHT):
        write_notes(key, "Notes.\n\n!!! opinion\n\n    Mine.\n")
    _, lines = status(capsys)
    ready = [re.split(r"\s{2,}", line.strip())[2] for line in lines
             if line.startswith("  ready ")]
    assert ready == [f"talks/{KEYNOTE}.md", f"talks/{NIGHT}.md"]
    assert run("publish", *ready) == 0
    assert {t.key for t in check(Path("talks")).corpus.talks} >= {KEYNOTE, NIGHT}


# --- never through a link ---------------------------------------------------------------------

def test_generate_refuses_a_committed_link_in_its_output_folder(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The case: `build/pages/talks -> ../../talks` turned the README's own
    # `build-notes generate build/pages` into an overwrite of every talk file.
    before = snapshot(project / "talks")
    Path("build/pages").mkdir(parents=True)
    Path("build/pages/talks").symlink_to("../../talks")
    assert run("generate", "build/pages") == 1
    assert "build/pages/talks: is a symbolic link; build-notes never writes through a link" \
        in capsys.readouterr().err
    assert snapshot(project / "talks") == before
    # The folder itself, or one on the way to it, a link: refused before anything is written.
    shutil.rmtree("build")
    Path("build").symlink_to("talks")
    assert run("generate", "build/pages") == 1
    assert "build: is a symbolic link" in capsys.readouterr().err
    assert snapshot(project / "talks") == before


def test_reimport_never_writes_through_a_link_planted_at_a_temporary_name(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The case: a link at talks/<conf>/.<talk>.md.tmp made re-import overwrite
    # README.md. The temporary name is fresh each time, and made with O_EXCL.
    readme = tmp_path / "README.md"
    readme.write_text("the README\n", "utf-8")
    folder = Path("talks/democon2024")
    (folder / f".{KEYNOTE.split('/')[1]}.md.tmp").symlink_to(readme)
    changed = tmp_path / "changed.xml"
    changed.write_text(XML.read_text("utf-8").replace("<duration>00:50</duration>",
                                                      "<duration>00:55</duration>"), "utf-8")
    assert run("import", changed, "--default-theme", "edge") == 0
    assert "slot: 55m\n" in (folder / f"{KEYNOTE.split('/')[1]}.md").read_text("utf-8")
    assert readme.read_text("utf-8") == "the README\n"
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp") and not p.is_symlink()]


def test_import_refuses_a_link_in_place_of_a_draft_and_writes_nothing(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "elsewhere.md"
    draft = Path("talks") / f"{NIGHT}.md"
    shutil.move(draft, target)
    draft.symlink_to(target)
    before = {**snapshot(project), "elsewhere": target.read_bytes()}
    changed = tmp_path / "changed.xml"
    changed.write_text(XML.read_text("utf-8").replace("00:50", "00:55")
                       .replace("01:30", "01:45"), "utf-8")
    capsys.readouterr()
    assert run("import", changed, "--default-theme", "edge") == 1
    assert f"talks/{NIGHT}.md: is a symbolic link" in capsys.readouterr().err
    assert {**snapshot(project), "elsewhere": target.read_bytes()} == before


def test_new_new_conference_and_new_theme_never_write_through_a_link(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    themes = Path("talks/themes.yml")
    # A dangling link where the new talk's file goes.
    Path("talks/democon2024/a-linked-talk.md").symlink_to(outside / "talk.md")
    assert run("new", "--conference", "democon2024", "--title", "A linked talk",
               "--theme", "edge") == 1
    assert "talks/democon2024/a-linked-talk.md: is a symbolic link" in capsys.readouterr().err
    # A link where the new conference's folder goes.
    Path("talks/linked-conf-2025").symlink_to(outside)
    assert run("new-conference", "--id", "linked-conf-2025", "--name", "Linked Conf",
               "--start", "2025-01-01", "--end", "2025-01-02") == 1
    assert "talks/linked-conf-2025: is a symbolic link" in capsys.readouterr().err
    # themes.yml itself a link.
    shutil.move(themes, outside / "themes.yml")
    themes.symlink_to(outside / "themes.yml")
    before = (outside / "themes.yml").read_bytes()
    assert run("new-theme", "--id", "security", "--name", "Security",
               "--description", "Keeping clusters safe.") == 1
    assert "talks/themes.yml: is a symbolic link" in capsys.readouterr().err
    assert (outside / "themes.yml").read_bytes() == before
    # The talks folder itself a link, as a pull request could commit it.
    shutil.move("talks", outside / "talks")
    Path("talks").symlink_to(outside / "talks")
    assert run("new-conference", "--id", "fresh-conf-2025", "--name", "Fresh Conf",
               "--start", "2025-01-01", "--end", "2025-01-02") == 1
    assert "build-notes: talks: is a symbolic link" in capsys.readouterr().err
    assert sorted(os.listdir(outside)) == ["talks", "themes.yml"]
    assert not (outside / "talks" / "fresh-conf-2025").exists()
