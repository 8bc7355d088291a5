"""The pre-commit hook works from a fresh clone: nothing installed but pre-commit itself.

The checkout is copied into a new git repository (as a clone would be, with this working
tree's changes), and `pre-commit run` runs there with a PATH and environment that hold no
`build-notes` and no importable build_notes: the hook must bring what it needs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

TALK = "talks/openstack-summit-boston-2017/real-time-kvm-and-how-it-works.md"


def fresh_clone(tmp_path: Path) -> Path:
    clone = tmp_path / "clone"
    anywhere = shutil.ignore_patterns("__pycache__", "*.egg-info", ".mypy_cache", ".ruff_cache",
                                      ".pytest_cache")
    at_root = {".git", "node_modules", "site", "test-artifacts"}  # build_notes/site/ is code

    def ignore(folder: str, names: list[str]) -> set[str]:
        here = at_root.intersection(names) if Path(folder) == ROOT else set()
        return here | anywhere(folder, names)

    shutil.copytree(ROOT, clone, ignore=ignore)
    for command in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *command], cwd=clone, check=True)
    return clone


def pre_commit(clone: Path, *hook: str) -> subprocess.CompletedProcess[str]:
    """`pre-commit run --all-files`, of every hook or of the one named."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = "/usr/bin:/bin"  # no build-notes, no mkdocs
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", *hook, "--all-files"],
                          cwd=clone, env=env, capture_output=True, text=True, timeout=600)


def test_the_hook_runs_from_a_fresh_clone_and_catches_a_mistake(tmp_path: Path) -> None:
    clone = fresh_clone(tmp_path)
    assert shutil.which("build-notes", path="/usr/bin:/bin") is None
    run = pre_commit(clone)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "validate talk files" in run.stdout and "Passed" in run.stdout

    talk = clone / TALK
    good = talk.read_text("utf-8")
    talk.write_text(good.replace("!!! opinion", "!!! opnion"), "utf-8")
    line = good.split("\n").index("!!! opinion") + 1
    run = pre_commit(clone, "build-notes-validate")  # ruff and mypy ran above: once is enough
    assert run.returncode == 1
    assert f"{TALK}:{line}: unknown box type 'opnion'; did you mean `!!! opinion`?" in run.stdout
