"""`mkdocs serve` shows the talk files' problems in the browser, and recovers on a good save.

A real `mkdocs serve` runs in a subprocess on a free port; the pages are fetched over HTTP as
the browser gets them after its live reload.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from build_notes.mkdocs.served_problems import PROBLEMS_FILE
from tests.conftest import BuildFailed

TALK = "talks/kubecon-eu-2024/edge-kubernetes.md"
TALK_URL = "talks/kubecon-eu-2024/edge-kubernetes/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def mkdocs_serve(project: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run `mkdocs serve` in `project`; yield its base URL; stop it (its log on failure)."""
    port = free_port()
    log = project / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
            stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base, lambda page: "</html>" in page, process, log)
        yield base
        assert process.poll() is None, log.read_text()  # serving survived every save
    finally:
        process.terminate()
        process.wait(timeout=20)


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as e:  # the 404 page is a page too
        return str(e.read().decode("utf-8"))


def wait_for(url: str, ready: Callable[[str], bool], process: subprocess.Popen[bytes] | None
             = None, log: Path | None = None, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    page = ""
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise BuildFailed("mkdocs serve exited", log.read_text() if log else "")
        with contextlib.suppress(OSError):
            page = fetch(url)
            if ready(page):
                return page
        time.sleep(0.3)
    raise AssertionError(f"{url} never became ready; last page:\n{page[:2000]}")


def as_built(page: str) -> str:
    """A served page without the numbers of mkdocs' live-reload script (each serve's own)."""
    return re.sub(r"livereload\(\d+, \d+\)", "livereload()", page)


def problems(base: str) -> list[str]:
    """The problems the served pages' banner shows (served_problems.py)."""
    return list(json.loads(fetch(base + PROBLEMS_FILE))["lines"])


def test_serve_shows_the_problems_then_recovers_on_a_good_save(mini_project: Path) -> None:
    talk = mini_project / TALK
    good = talk.read_text("utf-8")
    with mkdocs_serve(mini_project) as base:
        assert problems(base) == []
        home = fetch(base)
        # Every page loads the banner's script, which reads the problems file.
        for url in (TALK_URL, "", "about/"):
            assert 'data-problems="' in fetch(base + url), url
        talk.write_text(good + "\n!!! Opinion\n\n    My view.\n", "utf-8")
        line = (good + "\n").count("\n") + 1
        message = (f"{TALK}:{line}: did you mean `!!! opinion`? Write the type in "
                   "lowercase")
        wait_for(base + PROBLEMS_FILE, lambda text: message in text)
        # The talk's own page shows its problems; every other page is served as built.
        page = wait_for(base + TALK_URL, lambda page: "has 1 problem" in page)
        assert html.escape(message) in page
        assert as_built(fetch(base)) == as_built(home)
        talk.write_text(good, "utf-8")
        page = wait_for(base + TALK_URL, lambda page: "has 1 problem" not in page)
        assert "Kubernetes at the Edge" in page
        assert problems(base) == []
        # A warning (which would abort a strict rebuild) shows too, over the built page.
        talk.write_text(good + "\n!!! tldr\n    Short.\n", "utf-8")
        wait_for(base + PROBLEMS_FILE, lambda text: "tldr" in text)
        [warning] = problems(base)
        assert warning.startswith(f"{TALK}:{line}: warning: the box type 'tldr' is not styled")
        assert "Kubernetes at the Edge" in fetch(base + TALK_URL)
    log = (mini_project / "serve.log").read_text()
    assert "did you mean `!!! opinion`?" in log  # the terminal has the list too
    assert "end of life" not in log  # NO_MKDOCS_2_WARNING silences Material's banner


def test_a_save_of_notes_is_served_without_a_build(mini_project: Path) -> None:
    talk = mini_project / TALK
    good = talk.read_text("utf-8")
    with mkdocs_serve(mini_project) as base:
        talk.write_text(good + "\nA line written while serving.\n", "utf-8")
        wait_for(base + TALK_URL, lambda page: "A line written while serving." in page)
        talk.write_text(good.replace("title:", "title: [", 1), "utf-8")  # then a bad save
        wait_for(base + TALK_URL, lambda page: "has 1 problem" in page)
    log = (mini_project / "serve.log").read_text()
    # After the serve's first build, saves.py rendered the notes' pages, without a build;
    # the bad save got a build, which shows its problems.
    _first, notes_save, _bad_save = log.split("Documentation built in")
    assert f"again for a save of {TALK}" in notes_save
    assert "problem" in notes_save.split(f"again for a save of {TALK}")[1]


def test_serve_started_with_an_error_shows_it_on_the_index_pages(mini_project: Path) -> None:
    talk = mini_project / TALK
    good = talk.read_text("utf-8")
    talk.write_text(good.replace("title:", "title: [", 1), "utf-8")
    with mkdocs_serve(mini_project) as base:
        assert "Nothing was built from the talk files" in fetch(base)
        assert any(line.startswith(f"{TALK}:") for line in problems(base))
        talk.write_text(good, "utf-8")
        page = wait_for(base + TALK_URL, lambda page: "Kubernetes at the Edge" in page)
        assert "Nothing was built" not in page and problems(base) == []
