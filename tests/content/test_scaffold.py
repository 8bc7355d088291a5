"""`build-notes new` and `new-conference`: files that validate as written, and a real build."""

from __future__ import annotations

import argparse
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from build_notes.cli.main import _NOT_SCAFFOLDED, main, make_parser
from build_notes.content.scaffold import PLACEHOLDERS, TALK_BODY
from build_notes.content.schema import load_schema
from build_notes.pipeline import check
from tests.conftest import ROOT, Site

CONF = "openstack-summit-boston-2017"
NOTES = "What was said, in my words.\n\n!!! opinion\n\n    My view.\n"


def write_notes(path: Path) -> None:
    """What a contributor does next: replace the template text with notes."""
    path.write_text(path.read_text("utf-8").replace(TALK_BODY, NOTES), "utf-8")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_writes_a_valid_talk_that_builds(
    mini_project: Path, build_project: Callable[..., Site], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(mini_project)
    title = 'Ceph "BlueStore": a | b <b>not bold</b>'
    code, out, _ = run(capsys, "new", "--conference", CONF, "--title", title, "--theme", "ceph",
                       "--theme", "nfv", "--format", "panel", "--speaker", "Ada: Lovelace",
                       "--organization", "Red Hat", "--tag", "bluestore", "--date", "2017-05-10")
    assert code == 0
    path = Path(out.strip())
    assert path == Path(f"talks/{CONF}/ceph-bluestore-a-b-b-not-bold-b.md")
    # The template is refused, each sentence at its line, until it is replaced.
    lines = path.read_text("utf-8").split("\n")
    at = [next(i + 1 for i, line in enumerate(lines) if p in line) for p in PLACEHOLDERS]
    assert [str(p) for p in check(mini_project / "talks", shown_as="talks").problems] == [
        f"{path.as_posix()}:{n}: replace the template text ('{p} …') with your own words, "
        "or remove it" for n, p in zip(at, PLACEHOLDERS, strict=True)]
    write_notes(path)
    result = check(mini_project / "talks")
    assert result.problems == []
    talk = next(t for t in result.corpus.talks if t.id == path.stem)
    assert (talk.title, talk.themes, talk.format, talk.speakers, talk.date.isoformat()) == (
        title, ("ceph", "nfv"), "panel", ("Ada: Lovelace",), "2017-05-10")
    assert "!!! opinion" in path.read_text()
    site = build_project(mini_project)
    html = site.html(f"talks/{CONF}/{path.stem}/")
    assert "Ceph &quot;BlueStore&quot;: a | b &lt;b&gt;not bold&lt;/b&gt;" in html or \
        'Ceph "BlueStore": a | b &lt;b&gt;not bold&lt;/b&gt;' in html
    assert f'href="../../talks/{CONF}/{path.stem}/"' in site.html("themes/ceph/")


def test_new_refuses_to_overwrite(mini_project: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini_project)
    target = mini_project / f"talks/{CONF}/real-time-kvm.md"
    before = target.read_text()
    code, _, err = run(capsys, "new", "--conference", CONF, "--title", "Real Time KVM",
                       "--theme", "nfv")
    assert code == 1
    assert f"talks/{CONF}/real-time-kvm.md already exists" in err
    assert target.read_text() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--conference", "nope", "--title", "T", "--theme", "ceph"],
         f"unknown conference 'nope'; known: kubecon-eu-2024, {CONF}"),
        (["--conference", CONF, "--title", "T", "--theme", "ml"],
         "unknown theme 'ml'; known: ceph, edge, kubernetes, nfv"),
        (["--conference", CONF, "--title", "T", "--theme", "ceph", "--date", "2017-06-01"],
         "date 2017-06-01 is outside OpenStack Summit Boston 2017"),
        (["--conference", CONF, "--title", "!!!", "--theme", "ceph"],
         "cannot make an id from the title; give one with --id"),
    ],
)
def test_new_refuses_bad_values(mini_project: Path, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch, args: list[str],
                                message: str) -> None:
    monkeypatch.chdir(mini_project)
    before = sorted((mini_project / "talks").rglob("*"))
    code, out, err = run(capsys, "new", *args)
    assert code == 1 and out == ""
    assert message in err
    assert sorted((mini_project / "talks").rglob("*")) == before


def test_new_in_a_pipe_never_waits(mini_project: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini_project)
    monkeypatch.setattr("sys.stdin", io.StringIO("should not be read\n"))
    code, _, err = run(capsys, "new", "--conference", "")  # an empty answer is no answer
    assert code == 2
    assert "missing --conference, --title, --theme; see build-notes new --help" in err
    assert "None" not in err


class Terminal(io.StringIO):
    """Answers typed at a terminal (the pty end-to-end test drives a real one)."""

    def isatty(self) -> bool:
        return True


def test_new_asks_every_field_checks_each_answer_and_asks_again(
    mini_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(mini_project)
    answers = [
        "", "nope", CONF,  # conference: empty, unknown, right
        "Asked Talk",
        "ml", "ceph nfv",  # themes
        "pnael", "panel",  # format
        "Ada Lovelace, Grace Hopper", "", "",  # speakers; organizations, tags skipped
        "2017-06-01", "May 10", "2017-05-10",  # date
        "", "youtube", "https://www.youtube.com/watch?v=abc", "",  # duration, video, slides
        "7", "4",  # rating
        "",  # id: Enter takes the one made from the title
    ]
    monkeypatch.setattr("sys.stdin", Terminal("\n".join(answers) + "\n"))
    code, out, err = run(capsys, "new")
    assert code == 0, err
    path = Path(out.strip())
    assert path == Path(f"talks/{CONF}/asked-talk.md")
    for question in load_schema().talk:  # every field is asked, but the import's keys
        if question in _NOT_SCAFFOLDED:
            continue
        assert f"\n{question} (" in "\n" + err.replace(": ", ":\n"), question
    assert f"known: {CONF}" in err or f", {CONF}" in err
    for message in ["conference is required (known: kubecon-eu-2024, "
                    f"{CONF})", "unknown conference 'nope'; known: kubecon-eu-2024, "
                    f"{CONF}", "unknown theme 'ml'; known: ceph, edge, kubernetes, nfv",
                    "unknown format 'pnael'; did you mean 'panel'?",
                    "date 2017-06-01 is outside OpenStack Summit Boston 2017",
                    "'date' is 'May 10', not a date",
                    "'video' is 'youtube', not an http(s) URL",
                    "'rating' must be a whole number from 1 to 5"]:
        assert f"  ✗ {message}" in err, message
    assert "None" not in err
    text = path.read_text("utf-8")
    assert text.startswith("---\ntitle: Asked Talk\nthemes: [ceph, nfv]\nformat: panel\n"
                           "speakers: [Ada Lovelace, Grace Hopper]\ndate: 2017-05-10\n"
                           "video: https://www.youtube.com/watch?v=abc\nrating: 4\n"), text
    write_notes(path)
    assert check(mini_project / "talks").problems == []


def test_stopping_half_way_gives_the_command_that_keeps_the_answers(
    mini_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(mini_project)
    before = sorted((mini_project / "talks").rglob("*"))
    monkeypatch.setattr("sys.stdin", Terminal(f"{CONF}\nAsked: a talk\nceph, nfv\n"))
    code, out, err = run(capsys, "new")  # the terminal closes (Ctrl-D) at `format`
    assert (code, out) == (2, "")
    assert ("stopped; nothing was written. To go on from your answers, run:\n  build-notes "
            f"new --conference {CONF} --title 'Asked: a talk' --theme ceph --theme nfv") in err
    assert sorted((mini_project / "talks").rglob("*")) == before


def test_an_existing_file_asks_for_another_id(
    mini_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(mini_project)
    monkeypatch.setattr("sys.stdin", Terminal("nfv\n" + "\n" * 9 + "\nreal-time-kvm-2\n"))
    code, out, err = run(capsys, "new", "--conference", CONF, "--title", "Real Time KVM")
    assert code == 0
    assert f"✗ talks/{CONF}/real-time-kvm.md already exists; edit it, or choose another --id" \
        in err
    assert Path(out.strip()) == Path(f"talks/{CONF}/real-time-kvm-2.md")


def test_all_required_flags_on_a_terminal_ask_nothing(
    mini_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(mini_project)
    monkeypatch.setattr("sys.stdin", Terminal(""))  # any question would stop at once
    code, out, err = run(capsys, "new", "--conference", CONF, "--title", "Flags Only",
                         "--theme", "ceph")
    assert (code, out.strip()) == (0, f"talks/{CONF}/flags-only.md"), err


def test_every_option_of_every_command_has_help() -> None:
    parser = make_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert {"new", "new-conference", "new-theme"} <= set(commands.choices)
    for name, command in commands.choices.items():
        for action in command._actions:
            flags = "/".join(action.option_strings)
            assert action.help or not flags, f"build-notes {name} {flags}"
    location = [a for a in commands.choices["new-conference"]._actions
                if a.dest == "location"]
    assert location[0].help == "Where it took place. (e.g. Boston, MA, USA)"


def test_new_theme_appends_an_entry_that_talks_can_use(
    mini_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(mini_project)
    themes = mini_project / "talks/themes.yml"
    before = themes.read_text("utf-8")
    code, out, _ = run(capsys, "new-theme", "--id", "observability", "--name",
                       "Observability: metrics & traces", "--description",
                       "Metrics, logs and traces, and the tools that collect them.")
    assert (code, out.strip()) == (0, "talks/themes.yml")
    assert themes.read_text("utf-8") == before + (
        "- id: observability\n  name: 'Observability: metrics & traces'\n"
        "  description: Metrics, logs and traces, and the tools that collect them.\n")
    code, out, _ = run(capsys, "new", "--conference", CONF, "--title", "Tracing",
                       "--theme", "observability")
    assert code == 0
    write_notes(mini_project / out.strip())
    result = check(mini_project / "talks")
    assert result.problems == []
    assert result.corpus.themes[-1].name == "Observability: metrics & traces"


def test_new_theme_keeps_the_committed_editor_schemas_in_step(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The repository's talks/ and schemas/: after new-theme, the schemas are what
    `build-notes schema KIND --talks-dir talks` prints (test_json_schema.py's check of the
    committed ones), and the talk schema takes the new theme."""
    for name in ("talks", "schemas"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "new-theme", "--id", "observability", "--name", "Observability",
                       "--description", "Metrics, logs and traces, and their tools.")
    assert (code, out.split()) == (0, ["talks/themes.yml", "schemas/talk.schema.json",
                                       "schemas/conference.schema.json",
                                       "schemas/theme.schema.json"])
    for kind in ("talk", "conference", "theme"):
        assert run(capsys, "schema", kind, "--talks-dir", "talks")[1] == \
            (tmp_path / "schemas" / f"{kind}.schema.json").read_text("utf-8")
    schema = json.loads((tmp_path / "schemas/talk.schema.json").read_text("utf-8"))
    assert jsonschema.Draft7Validator(schema).is_valid(
        {"title": "Tracing", "themes": ["observability"]})


@pytest.mark.parametrize(("args", "message"), [
    (["--id", "ceph", "--name", "C", "--description", "Ceph."],
     "theme 'ceph' is already in talks/themes.yml; use it, or choose another --id"),
    (["--id", "Service Mesh", "--name", "M", "--description", "Meshes."],
     "'Service Mesh' is not an id: use lowercase letters"),
    (["--id", "stats", "--name", "S", "--description", "Stats."], "'stats' is reserved"),
    (["--id", "mesh", "--name", "M", "--description", "Meshes. And more."],
     "write the description as one sentence ending with a full stop"),
    (["--id", "mesh", "--name", "M"], "missing --description; see build-notes new-theme"),
])
def test_new_theme_refuses_bad_values(mini_project: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch, args: list[str],
                                      message: str) -> None:
    monkeypatch.chdir(mini_project)
    before = (mini_project / "talks/themes.yml").read_text("utf-8")
    code, _, err = run(capsys, "new-theme", *args)
    assert code in (1, 2) and message in err
    assert (mini_project / "talks/themes.yml").read_text("utf-8") == before


def test_new_conference_then_a_talk_in_it(
    mini_project: Path, build_project: Callable[..., Site], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(mini_project)
    code, out, _ = run(capsys, "new-conference", "--name", "PyCon: US 2025", "--start",
                       "2025-05-14", "--end", "2025-05-22", "--location", "Pittsburgh")
    assert code == 0 and out.strip() == "talks/pycon-us-2025/_index.md"
    code, out, _ = run(capsys, "new", "--conference", "pycon-us-2025", "--title", "Keynote",
                       "--theme", "kubernetes")
    assert code == 0
    write_notes(mini_project / out.strip())
    assert check(mini_project / "talks").problems == []
    site = build_project(mini_project)
    assert "PyCon: US 2025" in site.html("conferences/pycon-us-2025/")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "X", "--start", "2025-05-14", "--end", "2025-05-01"], "end 2025-05-01 is "
         "before start 2025-05-14"),
        (["--name", "X", "--start", "May 14", "--end", "2025-05-01"], "'start' is 'May 14', "
         "not a date"),
        (["--name", "Themes", "--start", "2025-05-14", "--end", "2025-05-14"], "'themes' is "
         "reserved"),
        (["--name", "KubeCon EU 2024", "--start", "2024-03-19", "--end", "2024-03-22"],
         "talks/kubecon-eu-2024/_index.md already exists"),
    ],
)
def test_new_conference_refuses_bad_values(mini_project: Path,
                                           capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch, args: list[str],
                                           message: str) -> None:
    monkeypatch.chdir(mini_project)
    code, _, err = run(capsys, "new-conference", *args)
    assert code == 1
    assert message in err
    shutil.rmtree(mini_project / "talks" / "themes", ignore_errors=True)
