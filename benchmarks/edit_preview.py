"""Edit to preview: how long after a note-taker saves a talk its served page shows the change.

For each size, `mkdocs serve` runs on a project of that many talks (the repository's talks/
for `seed`, else `generate.py`'s synthetic ones) with mkdocs.yml as shipped; Chromium opens
one talk's page; the talk file gets a new paragraph; the time is taken from the write to the
moment the page open in Chromium, reloaded by mkdocs' live reload, shows the paragraph. That
save changes the notes only: the plugin renders the pages it changes without a build
(build_notes/mkdocs/saves.py). Then one save changes the talk's title, which needs a build
(of the pages whose content changed: incremental.py), timed the same way. The same run's
first build (every page rendered, what each save cost before serve kept unchanged pages) is
printed beside them, as the floor to compare with.

    python benchmarks/edit_preview.py --sizes seed,1000 [--edits 3]

Prints a Markdown table (README, Performance). Needs Chromium at /usr/bin/chromium and
Playwright.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ENV, REPO, free_port, log, stop_serving
from project import write_config, write_docs

from tests.browser.serving import find_chromium


def make_project(size: str, work: Path) -> Path:
    project = work / f"project-{size}"
    shutil.rmtree(project, ignore_errors=True)
    if size == "seed":
        shutil.copytree(REPO / "talks", project / "talks")
    else:
        subprocess.run([sys.executable, str(Path(__file__).parent / "generate.py"),
                        str(project / "talks"), "--talks", size], check=True,
                       capture_output=True)
    write_docs(project / "docs")
    write_config(project, plugin=True)
    return project


def _wait_for(log_path: Path, needle: str, proc: subprocess.Popen[bytes],
              timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if needle in log_path.read_text("utf-8", "replace"):
            return
        if proc.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.05)
    raise TimeoutError(f"no '{needle}' in {log_path}")


def measure(size: str, work: Path, edits: int, timeout: float) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    project = make_project(size, work)
    talk = sorted((project / "talks").glob("*/[!_]*.md"))[0]
    url_path = f"talks/{talk.parent.name}/{talk.stem}/"
    original = talk.read_text("utf-8")
    port = free_port()
    log_path = work / f"serve-{size}.log"
    with log_path.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a",
                                 f"127.0.0.1:{port}"], cwd=project, stdout=out,
                                stderr=subprocess.STDOUT, env=ENV, start_new_session=True)
    times: list[float] = []
    try:
        start = time.perf_counter()
        _wait_for(log_path, "Serving on", proc, timeout)
        first = time.perf_counter() - start
        talks = len(list((project / "talks").glob("*/[!_]*.md")))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=find_chromium(),
                                        args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/{url_path}")
            time.sleep(2.0)  # the watcher's first scan, and the search written after the build
            for number in range(edits):
                marker = f"Written by the benchmark, edit {number} of {edits}."
                changed = time.perf_counter()
                talk.write_text(f"{original}\n{marker}\n", "utf-8")
                times.append(_shown(page, "article", marker, changed, timeout))
                time.sleep(3.0)  # the search of this save is written meanwhile
            title = _retitled(original)
            changed = time.perf_counter()
            talk.write_text(title[0], "utf-8")
            front = _shown(page, "h1", title[1], changed, timeout)
            browser.close()
    finally:
        talk.write_text(original, "utf-8")
        stop_serving(proc)
    text = log_path.read_text("utf-8", "replace")
    built = [float(s) for s in re.findall(r"Documentation built in ([\d.]+) seconds", text)]
    revised = [float(s) for s in re.findall(r"Rendered .* again for a save of .*, in ([\d.]+) s",
                                            text)]
    return {"size": size, "talks": talks, "first_build_s": built[0] if built else first,
            "revised_s": revised, "preview_s": times, "front_build_s": built[1:],
            "front_preview_s": front}


def _retitled(text: str) -> tuple[str, str]:
    """The talk file with a new title, and that title."""
    match = re.search(r'^title: "?(.*?)"?$', text, flags=re.M)
    assert match, "a talk file has a title line"
    title = f"{match[1]} (retitled)"
    return text.replace(match[0], f'title: "{title}"', 1), title


def _shown(page: Any, selector: str, text: str, since: float, timeout: float) -> float:
    """Seconds from `since` until the page shows `text` in `selector`."""
    from playwright.sync_api import Error

    while time.perf_counter() < since + timeout:
        with contextlib.suppress(Error):  # the page is reloading
            if text in page.inner_text(selector):
                return time.perf_counter() - since
        time.sleep(0.02)
    raise TimeoutError(f"the page never showed {text!r}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="seed,1000",
                   help="comma-separated: seed (the repository's talks) or numbers of talks")
    p.add_argument("--edits", type=int, default=3)
    p.add_argument("--timeout", type=float, default=3600)
    p.add_argument("--work-dir", type=Path, default=None)
    args = p.parse_args()
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="edit-preview-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.sizes.split(","):
        log(f"edit to preview at {size}")
        rows.append(measure(size.strip(), work, args.edits, args.timeout))
        print(rows[-1], flush=True)
    print("\n| talks | full build (the serve's first) | a save of notes: pages rendered "
          "(median) | on screen (median, max) | a new title: build | on screen |")
    print("|---|---|---|---|---|---|")
    nan = float("nan")
    for row in rows:
        preview = statistics.median(row["preview_s"])
        revised = statistics.median(row["revised_s"]) if row["revised_s"] else nan
        front = row["front_build_s"][0] if row["front_build_s"] else nan
        print(f"| {row['talks']:,} | {row['first_build_s']:.1f} s | {revised:.2f} s | "
              f"{preview:.2f} s, {max(row['preview_s']):.2f} s | {front:.2f} s | "
              f"{row['front_preview_s']:.2f} s |")


if __name__ == "__main__":
    main()
