"""A new contributor's whole way, in a fresh clone: what docs/contributing.md walks through.

A new conference and three talks through the interactive scaffold, answered on a real
pseudo-terminal (with a wrong answer each, asked again); notes written with one mistake of
each kind of the opinion box and the template left in; `build-notes validate` names each at
its line; `mkdocs serve` shows them in the page and clears them on the good save; then
`build-notes validate`, `mkdocs build --strict` and the pre-commit hook pass.

The transcript is written to test-artifacts/walkthrough.txt: the contributing page's outputs
are pasted from it.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from tests import talk_files
from tests.conftest import ROOT
from tests.mkdocs.test_serve import mkdocs_serve, problems, wait_for
from tests.project.test_pre_commit import fresh_clone, pre_commit

CONF = "kubecon-eu-2024"
TRANSCRIPT = ROOT / "test-artifacts" / "walkthrough.txt"


def converse(clone: Path, argv: list[str], answers: list[tuple[str, str]]) -> tuple[int, str]:
    """Run `build-notes ARGV` on a pseudo-terminal; answer each prompt (found by a piece of
    its text) in turn. Return the exit code and what the terminal showed."""
    main, child = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "build_notes", *argv], cwd=clone,
                               stdin=child, stdout=child, stderr=child, close_fds=True,
                               env={**os.environ, "PYTHONPATH": str(clone)})
    os.close(child)
    shown = b""
    pending = list(answers)
    answered = 0  # where in the output the next prompt may start
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        last = shown[answered:].decode("utf-8", "replace").rsplit("\n", 1)[-1]
        if pending and last.endswith("): ") and last.startswith(pending[0][0] + " ("):
            os.write(main, (pending.pop(0)[1] + "\n").encode())
            answered = len(shown)
        elif process.poll() is not None and not ready:
            break
    os.close(main)
    code = process.wait(timeout=10)
    assert not pending, f"never asked {pending[0][0]!r}:\n{shown.decode()}"
    return code, shown.decode("utf-8").replace("\r\n", "\n")


def run(clone: Path, *argv: str) -> tuple[int, str]:
    done = subprocess.run([sys.executable, "-m", *argv], cwd=clone, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(clone),
                                          "NO_MKDOCS_2_WARNING": "1"})
    return done.returncode, done.stdout + done.stderr


def talk_answers(title: str, themes: str, wrong_theme: str) -> list[tuple[str, str]]:
    return [("conference", CONF), ("title", title), ("themes", wrong_theme),
            ("themes", themes), ("format", ""), ("speakers", ""), ("organizations", ""),
            ("tags", ""), ("date", ""), ("duration", ""), ("video", ""), ("slides", ""),
            ("rating", ""), ("id", "")]


NOTES = {
    # the opinion's text indented 2 spaces
    "observability-at-scale": ("Metrics first, then traces.\n\n!!! opinion\n\n"
                               "  Worth it for the tracing demo.\n",
                               "Metrics first, then traces.\n\n!!! opinion\n\n"
                               "    Worth it for the tracing demo.\n"),
    # the box indented after a list, and the template's first line left in
    "service-mesh-in-practice": ("What the talk said: the facts, the figures and the bullets,"
                                 " in your own words.\n\n- sidecars\n- ambient mode\n\n"
                                 "    !!! opinion\n\n        Clear and practical.\n",
                                 "Two data planes:\n\n- sidecars\n- ambient mode\n\n"
                                 "!!! opinion\n\n    Clear and practical.\n"),
    # a miscased type, then a second, misspelt box
    "zero-trust-for-clusters": ("Policies per workload.\n\n!!! Opinion\n\n    Good intro.\n\n"
                                "More notes.\n\n!!! opnion\n\n    And a second view.\n",
                                "Policies per workload.\n\nMore notes.\n\n!!! opinion\n\n"
                                "    Good intro, and a second view.\n"),
}


def validate_summary(talks_dir: Path, new_talks: int, new_conferences: int,
                     new_themes: int) -> str:
    """What `build-notes validate` says of the clone once a contributor has added to it,
    counted from the files (drafts, after an import, are counted apart)."""
    published = len(talk_files.talk_files(talks_dir)) + new_talks
    drafts = len(talk_files.every_talk_file(talks_dir)) - published + new_talks
    also = f" (and {drafts} draft{'s' * (drafts != 1)})" if drafts else ""
    return (f"OK: {published} talks{also} in "
            f"{len(talk_files.conference_ids(talks_dir)) + new_conferences} conferences, "
            f"{len(talk_files.themes()) + new_themes} themes.")


def test_a_new_contributor_from_scaffold_to_pre_commit(tmp_path: Path) -> None:
    clone = fresh_clone(tmp_path)
    log: list[str] = []
    summary = validate_summary(clone / "talks", new_talks=3, new_conferences=1, new_themes=1)

    code, shown = converse(clone, ["new-conference"], [
        ("name", "KubeCon EU 2024"), ("location", "Paris, France"), ("start", "2024-03-19"),
        ("end", "2024-03-12"), ("end", "2024-03-22"), ("url", ""), ("id", "")])
    log.append(f"$ build-notes new-conference\n{shown}")
    assert code == 0, shown
    assert "end 2024-03-12 is before start 2024-03-19" in shown
    conference = (clone / f"talks/{CONF}/_index.md").read_text("utf-8")
    assert "name: KubeCon EU 2024\nlocation: Paris, France\nstart: 2024-03-19\n" in conference

    code, shown = converse(clone, ["new-theme"], [
        ("id", "observability"), ("name", "Observability"),
        ("description", "Metrics. Logs."),
        ("description", "Metrics, logs and traces, and the tools that collect them."),
        ("aliases", "")])
    log.append(f"$ build-notes new-theme\n{shown}")
    assert code == 0 and "write the description as one sentence" in shown, shown
    for title, themes, wrong in [("Observability at Scale", "observability", "observabilty"),
                                 ("Service Mesh in Practice", "kubernetes, nfv", "mesh"),
                                 ("Zero Trust for Clusters", "security kubernetes", "sec")]:
        code, shown = converse(clone, ["new"], talk_answers(title, themes, wrong))
        log.append(f"$ build-notes new\n{shown}")
        assert code == 0, shown
        assert f"✗ unknown theme '{wrong}'" in shown

    paths = {talk_id: clone / f"talks/{CONF}/{talk_id}.md" for talk_id in NOTES}
    for talk_id, (wrong, _) in NOTES.items():
        text = paths[talk_id].read_text("utf-8")
        paths[talk_id].write_text(text[:text.index("---\n\n", 4) + 5] + wrong, "utf-8")
    starts = {talk_id: paths[talk_id].read_text("utf-8").split("\n").index(wrong.split("\n")[0])
              + 1 for talk_id, (wrong, _) in NOTES.items()}
    body = starts["observability-at-scale"]
    assert set(starts.values()) == {body}  # the same keys: the notes start at the same line

    code, shown = run(clone, "build_notes", "validate")
    log.append(f"$ build-notes validate\n{shown}")
    assert code == 1
    t = f"talks/{CONF}"
    for expected in [
        f"{t}/observability-at-scale.md:{body + 4}: this text is indented 2 spaces under the "
        f"opinion box (line {body + 2}), so it is outside the box",
        f"{t}/service-mesh-in-practice.md:{body}: replace the template text",
        f"{t}/service-mesh-in-practice.md:{body + 5}: the opinion box is inside a list item "
        f"(line {body + 3})",
        f"{t}/zero-trust-for-clusters.md:{body + 2}: did you mean `!!! opinion`? Write the "
        "type in lowercase",
        f"{t}/zero-trust-for-clusters.md:{body + 8}: a second opinion box (the first is at "
        f"line {body + 2})",
        f"{t}/zero-trust-for-clusters.md:{body + 8}: unknown box type 'opnion'; did you mean "
        "`!!! opinion`?",
    ]:
        assert expected in shown, expected
    assert "6 problem(s) found" in shown
    # The contributing page pastes this very output.
    docs = (ROOT / "docs/contributing.md").read_text("utf-8")
    assert f"$ build-notes validate\n{shown.rstrip()}\n```" in docs

    with mkdocs_serve(clone, {"PYTHONPATH": str(clone)}) as base:
        url = f"{base}talks/{CONF}/observability-at-scale/"
        # Every served page loads the banner's script, which shows this list.
        listed = problems(base)
        assert any(line.startswith(f"{t}/zero-trust-for-clusters.md:{body + 2}: did you mean "
                                   "`!!! opinion`?") for line in listed), listed
        log.append(f"(mkdocs serve: the page at {url} shows the list above in a banner)")
        for talk_id, (_, right) in NOTES.items():
            text = paths[talk_id].read_text("utf-8")
            paths[talk_id].write_text(text[:text.index("---\n\n", 4) + 5] + right, "utf-8")
        page = wait_for(url, lambda page: "Observability at" in page)
        assert problems(base) == []
        box = page[page.index('class="admonition opinion"'):]
        assert "Worth it for the tracing demo." in box[:box.index("</div>")]
    log.append("(after the good saves the page reloads into the talk, without the banner)")

    code, shown = run(clone, "build_notes", "validate")
    log.append(f"$ build-notes validate\n{shown}")
    assert code == 0 and summary in shown, shown
    code, shown = run(clone, "mkdocs", "build", "--strict")
    log.append(f"$ mkdocs build --strict\n{shown}")
    assert code == 0, shown
    assert "end of life" not in shown
    subprocess.run(["git", "add", "-A"], cwd=clone, check=True)
    done = pre_commit(clone)
    log.append(f"$ pre-commit run --all-files\n{done.stdout}")
    assert done.returncode == 0 and "Passed" in done.stdout, done.stdout + done.stderr

    TRANSCRIPT.parent.mkdir(parents=True, exist_ok=True)
    TRANSCRIPT.write_text("\n".join(log), "utf-8")
