"""The workflows, PR template and pre-commit files parse and run commands that exist."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
import tomllib
import yaml

from build_notes.cli.main import make_parser
from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
SUBCOMMANDS = set(make_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
SCRIPTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]


def commands(text: str) -> list[list[str]]:
    """Each shell command of a `run:` block, split into words (&&, || and | split too)."""
    out = []
    for line in text.replace("\\\n", " ").splitlines():
        for part in line.replace("&&", ";").replace("||", ";").replace("|", ";").split(";"):
            words = shlex.split(part, comments=True)
            if words:
                out.append(words)
    return out


def check_command(words: list[str]) -> None:
    program = words[0]
    if program == "sudo":
        words = words[1:]
        program = words[0]
    if program == "build-notes":
        assert "build-notes" in SCRIPTS
        assert words[1] in SUBCOMMANDS, words
        assert make_parser().parse_known_args(words[1:])[0]
    elif program == "mkdocs":
        assert words[1] in {"build", "serve", "gh-deploy"}, words
    elif words[:3] == ["python", "-m", "build_notes"]:
        check_command(["build-notes", *words[3:]])
    elif program == "python":
        assert words[1:3] in (["-m", "pip"], ["-m", "pytest"]), words
    elif program == "npm":
        assert words[1] == "ci" and (ROOT / "package-lock.json").is_file()
    else:
        assert program == "apt-get" or shutil.which(program), words


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_parse_and_run_real_commands(path: Path) -> None:
    workflow: dict[Any, Any] = yaml.safe_load(path.read_text())
    assert workflow["jobs"]
    # YAML reads the key `on` as True.
    assert workflow.get("on", workflow.get(True))
    runs = [step["run"] for job in workflow["jobs"].values() for step in job.get("steps", [])
            if "run" in step]
    assert runs
    for run in runs:
        for words in commands(run):
            check_command(words)


def test_the_pull_request_workflow_does_what_the_guide_says() -> None:
    text = (ROOT / ".github/workflows/pull-request.yml").read_text()
    for needed in ["build-notes validate --format github", "mkdocs build --strict",
                   "python -m pytest", "actions/upload-artifact", "path: site/",
                   "ruff check", "mypy",
                   "test-artifacts/screenshots/"]:
        assert needed in text, needed


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_silence_materials_end_of_life_banner(path: Path) -> None:
    # material/templates/__init__.py prints it unless this variable is set (to anything).
    assert yaml.safe_load(path.read_text())["env"]["NO_MKDOCS_2_WARNING"]


def test_the_pages_workflow_deploys_with_the_official_actions() -> None:
    text = (ROOT / ".github/workflows/pages.yml").read_text()
    for needed in ["actions/upload-pages-artifact", "actions/deploy-pages", "branches: [main]"]:
        assert needed in text, needed


@pytest.mark.parametrize("name", [".pre-commit-hooks.yaml", ".pre-commit-config.yaml"])
def test_pre_commit_files(name: str) -> None:
    data = yaml.safe_load((ROOT / name).read_text())
    hooks = data if isinstance(data, list) else [h for r in data["repos"] for h in r["hooks"]]
    by_id = {h["id"]: h for h in hooks}
    hook = by_id["build-notes-validate"]
    check_command(shlex.split(hook["entry"]))
    assert hook["files"] == "^talks/" and hook["pass_filenames"] is False
    if name == ".pre-commit-config.yaml":  # the house rules run before each commit too
        for rule in ("ruff", "mypy"):
            check_command(shlex.split(by_id[rule]["entry"]))
    # The local hook installs the validator's own dependencies, exactly as pyproject pins them.
    pinned = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert set(hook.get("additional_dependencies", [])) <= set(pinned)


def test_the_pull_request_template_has_a_checklist() -> None:
    text = (ROOT / ".github/pull_request_template.md").read_text()
    assert text.count("- [ ]") >= 5 and "build-notes validate" in text


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci/run").read_text()
    command = next(line for line in readme.splitlines() if "python -m pytest" in line)
    for part in command.split(" && "):
        normalized = part.replace("'", '"')
        assert normalized in ci or part in ci, part


def permissions(scope: dict[str, Any]) -> dict[str, str]:
    granted: dict[str, str] = scope.get("permissions", {})
    assert isinstance(granted, dict), "name each permission, never read-all or write-all"
    return granted


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_grant_least_privilege(path: Path) -> None:
    """Read-only by default; only the Pages deploy job, which runs none of the repository's
    code, may write to Pages and ask for an identity token."""
    workflow: dict[str, Any] = yaml.safe_load(path.read_text())
    assert permissions(workflow) == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        writes = {k: v for k, v in permissions(job).items() if v == "write"}
        if (path.name, name) == ("pages.yml", "deploy"):
            assert writes == {"pages": "write", "id-token": "write"}
            assert all("run" not in step for step in job["steps"])
        else:
            assert writes == {}, (path.name, name)


def test_the_readme_and_the_pages_workflow_say_pages_must_deploy_from_actions() -> None:
    for text in ((ROOT / "README.md").read_text(), (ROOT / ".github/workflows/pages.yml")
                 .read_text()):
        assert re.search(r"Pages.*Source.*\bGitHub Actions\b", text, re.S)


def test_the_readme_sets_up_a_virtual_environment_before_installing() -> None:
    """PEP 668: Debian's Python refuses `pip install` outside one. CI (.ci/run) runs on a
    machine of its own and installs into its Python, with the README's command as it is."""
    setup = (ROOT / "README.md").read_text().split("## Set-up")[1].split("\n## ")[0]
    blocks = re.findall(r"```sh\n(.*?)\n```", setup, re.S)
    assert blocks[0] == "python3 -m venv .venv && . .venv/bin/activate"
    assert all("pip install" in block for block in blocks[1:]) and len(blocks) == 3
    assert "venv" not in (ROOT / ".ci/run").read_text()
