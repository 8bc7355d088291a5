"""`build-notes new` and `new-conference`: files that validate as written, and a real build."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from build_notes.cli import main
from build_notes.pipeline import check
from build_notes.scaffold import PLACEHOLDERS, TALK_BODY
from tests.conftest import Site

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
    code, _, err = run(capsys, "new", "--conference", CONF)
    assert code == 2
    assert "missing --title, --theme; see build-notes new --help" in err


def test_new_asks_on_a_terminal(mini_project: Path, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.chdir(mini_project)
    monkeypatch.setattr("sys.stdin", Terminal(f"{CONF}\nAsked Talk\nceph nfv\n"))
    code, out, _ = run(capsys, "new")
    assert code == 0
    assert Path(out.strip().splitlines()[-1]) == Path(f"talks/{CONF}/asked-talk.md")
    write_notes(mini_project / f"talks/{CONF}/asked-talk.md")
    assert check(mini_project / "talks").problems == []


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
