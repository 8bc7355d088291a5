"""The house rules, enforced: ruff and strict mypy pass on the repository.

They run as tests so that the README's test command, `.ci/run` and the pull-request workflow
all fail on a lint or type error. Without the tool installed they are skipped locally with a
message, and fail in CI (CI=true), where a skipped check would pass a broken tree.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _run(module: str, *args: str) -> None:
    if importlib.util.find_spec(module) is None:
        message = f"{module} is not installed: python -m pip install -e '.[test]'"
        if os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}:
            pytest.fail(f"{message} (CI=true, so the house rules must be checked)",
                        pytrace=False)
        pytest.skip(message)
    done = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    command = " ".join((module, *args))
    assert done.returncode == 0, f"`{command}` failed:\n{done.stdout}{done.stderr}"


def test_ruff_finds_nothing() -> None:
    """Lint and import order, as configured in pyproject.toml ([tool.ruff])."""
    _run("ruff", "check", ".")


def test_mypy_strict_finds_nothing() -> None:
    """Strict typing of build_notes/, as configured in pyproject.toml ([tool.mypy])."""
    _run("mypy")
