"""Scale benchmark of talk-notes: from 100 to 20,000 talks, every cost that grows with N.

Why: a community site of talk notes can reach PyVideo's size (about 21,500 talks); it must
stay pleasant to validate, build, serve and search there. This script measures, on synthetic
trees from `benchmarks/generate.py` (deterministic for a seed):

* `build-notes validate` wall time (a subprocess, as a contributor runs it) and per talk;
* the build_notes stages alone, in-process: load, validate, group, render, each timed;
* `mkdocs build` with the plugin, and of a baseline — the same pages written by
  `build-notes generate` to a plain docs folder and built without the plugin — so the
  plugin's share is a ratio measured in the same run on the same machine;
* peak RSS of each build (getrusage of that child alone), site size, search index size
  (raw and gzipped) and the largest HTML page;
* extras, each at one N: `mkdocs serve` rebuild time after a talk changes; material's
  built-in search and Pagefind in headless Chromium (time to first result, bytes); a
  Zensical build of the generated pages, beside MkDocs' baseline build;
* the targets of issue 8, each judged PASS / FAIL with its figure.

It prints a table, writes it as JSON (benchmarks/results/latest.json, git-ignored) and as
Markdown with the machine it ran on (benchmarks/RESULTS.md, committed).

    python benchmarks/run.py --sizes 100,1000,5000            # the full run, < 15 min on 2 cores
    python benchmarks/run.py --sizes 20 --no-browser --no-serve --no-pagefind --no-zensical \
        --validate-size 0 --out-dir /tmp/b --results-md /tmp/b/RESULTS.md   # the smoke test
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime
import functools
import gc
import gzip
import http.server
import importlib.metadata
import importlib.util
import io
import json
import math
import os
import platform
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml
from generate import GeneratedTree, generate  # benchmarks/ is sys.path[0] when run as a script

from build_notes.group import group
from build_notes.load import load_tree
from build_notes.render import RenderOptions, render, talk_uri
from build_notes.validate import validate

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_WORK = Path("/tmp/talk-notes-bench")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# Issue 8's targets.
STAGES_SHARE_MAX = 0.05  # build_notes stages / whole `mkdocs build`, at N=1,000
VALIDATE_10K_MAX_S = 3.0
LARGEST_PAGE_MAX_KB = 300.0  # at N=20,000
SEARCH_MAX_MS = 300.0
SEARCH_MAX_MB = 5.0
LINEAR_MAX_EXPONENT = 1.15  # t ~ N**k between the two largest sizes; 1 is linear
# A throttled link shows what localhost hides: the cost of downloading the index.
THROTTLE = {"mbps": 20.0, "latency_ms": 40.0}

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}


# --- Small helpers ---------------------------------------------------------------------------


def log(message: str) -> None:
    """Progress on stderr, so stdout carries only the table."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class ProcResult:
    seconds: float
    cpu_s: float  # user + system CPU of the child: far less sensitive to a busy machine
    rss_mib: float  # peak resident set of the child alone (ru_maxrss of its wait4)
    returncode: int
    output: str


def run_measured(cmd: Sequence[str], log_path: Path, *, cwd: Path | None = None,
                 timeout: float = 3600, check: bool = True) -> ProcResult:
    """Run `cmd`, timing it and reading its own peak RSS (not the sum over all children).

    `os.wait4` gives the rusage of exactly that child, where RUSAGE_CHILDREN would be the
    maximum over every child this script has waited for so far.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                env=ENV)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                proc.kill()
                proc.wait()
                raise TimeoutError(f"{' '.join(cmd)} took over {timeout} s")
            time.sleep(0.003)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    output = log_path.read_text("utf-8", "replace")
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{output[-3000:]}")
    return ProcResult(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                      proc.returncode, output)


def build_notes_cmd() -> list[str]:
    """The installed `build-notes` script next to this Python, else `python -m build_notes`."""
    script = Path(sys.executable).with_name("build-notes")
    return [str(script)] if script.exists() else [sys.executable, "-m", "build_notes"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def exponent(n1: float, t1: float, n2: float, t2: float) -> float | None:
    """k in t ~ N**k between two sizes: 1 is linear, 2 quadratic; fixed costs pull it below 1."""
    if min(n1, t1, n2, t2) <= 0 or n1 == n2:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine_info() -> dict[str, Any]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_gib = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        mem_gib = round(kb / 1024 / 1024, 1)
    commit = ""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, timeout=10).stdout.strip()
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem_gib,
        "os": platform.platform(), "python": platform.python_version(),
        "mkdocs": version("mkdocs"), "mkdocs-material": version("mkdocs-material"),
        "pyyaml_c_loader": bool(getattr(yaml, "CSafeLoader", None)),
        "pagefind": version("pagefind"), "playwright": version("playwright"),
        "commit": commit, "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


# --- The generated project --------------------------------------------------------------------

FALLBACK_CONFIG: dict[str, Any] = {
    "theme": {"name": "material", "font": False},
    "markdown_extensions": ["admonition", "attr_list", "md_in_html", "tables",
                            {"toc": {"permalink": True}}, "pymdownx.details",
                            "pymdownx.superfences"],
    "nav": [{"Home": "index.md"}, {"Conferences": "conferences/index.md"},
            {"Themes": "themes/index.md"}, {"Organizations": "organizations/index.md"},
            {"About": "about.md"}],
}


def site_config(plugin: bool) -> dict[str, Any]:
    """The repository's mkdocs.yml (theme, extensions, nav, CSS) with our plugins and paths.

    Taking the real theme features and Markdown extensions makes the build cost the one the
    real site pays; the plugins are fixed so that the baseline differs by the plugin only.
    """
    config = {"site_name": "Talk notes benchmark", "site_url": "https://notes.example.org/",
              "docs_dir": "docs", "strict": False}
    real: dict[str, Any] = {}
    with contextlib.suppress(OSError, yaml.YAMLError):
        loaded = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
        if isinstance(loaded, dict):
            real = loaded
    for key in ("theme", "markdown_extensions", "nav", "extra_css"):
        if key in real:
            config[key] = real[key]
        elif key in FALLBACK_CONFIG:
            config[key] = FALLBACK_CONFIG[key]
    config["plugins"] = ["search", {"talk-notes": {"talks_dir": "talks"}}] if plugin else [
        "search"]
    if not plugin:
        # What the plugin says with InclusionLevel.NOT_IN_NAV, said the MkDocs way.
        config["not_in_nav"] = "/talks/\n/themes/\n/conferences/\n/organizations/\n"
        # And the styles and scripts its on_config adds (`build-notes generate` writes them).
        css, js = _plugin_assets()
        config["extra_css"] = [*config.get("extra_css", []), *css]
        config["extra_javascript"] = [*config.get("extra_javascript", []), *js]
    return config


def _plugin_assets() -> tuple[list[str], list[str]]:
    try:
        from build_notes import assets
    except ImportError:  # an older build_notes without shipped assets
        return [], []
    folder = getattr(assets, "ASSET_DIR", "assets/talk-notes")
    return ([f"{folder}/{name}" for name in getattr(assets, "STYLESHEETS", ())],
            [f"{folder}/{name}" for name in getattr(assets, "SCRIPTS", ())])


def write_docs(docs: Path) -> None:
    """The hand-written pages: a home intro and an about page, as in tests/fixtures/mini.

    Not the repository's docs/: those are a handful of pages whose links follow the site as
    it is being changed, and a link to a page not generated yet would warn in every build.
    Nav entries without a page (contributing.md) only cost an INFO line.
    """
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text(
        "# Talk notes\n\nNotes taken while watching conference talks. Browse them by "
        "[theme](themes/index.md), [conference](conferences/index.md) or "
        "[organization](organizations/index.md).\n", "utf-8")
    (docs / "about.md").write_text("# About\n\nA synthetic site for the scale benchmark.\n",
                                   "utf-8")


def write_config(project: Path, plugin: bool) -> Path:
    path = project / "mkdocs.yml"
    path.write_text(yaml.safe_dump(site_config(plugin), sort_keys=False, allow_unicode=True),
                    "utf-8")
    return path


# --- Measurements ----------------------------------------------------------------------------


def time_stages(talks: Path, home_intro: str, repeat: int,
                profile_to: Path | None = None) -> dict[str, Any]:
    """Each build_notes stage in-process, best of `repeat` (the plugin runs them the same way)."""
    best = {"load": math.inf, "validate": math.inf, "group": math.inf, "render": math.inf}
    cpu = dict(best)
    pages: dict[str, str] = {}
    errors = warnings = 0
    for _ in range(repeat):
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        records = load_tree(talks)
        t1, c1 = time.perf_counter(), time.process_time()
        corpus, problems = validate(records)
        t2, c2 = time.perf_counter(), time.process_time()
        groups = group(corpus)
        t3, c3 = time.perf_counter(), time.process_time()
        pages = render(corpus, groups, RenderOptions(home_intro=home_intro))
        t4, c4 = time.perf_counter(), time.process_time()
        for name, seconds, cpu_s in zip(best, (t1 - t0, t2 - t1, t3 - t2, t4 - t3),
                                        (c1 - c0, c2 - c1, c3 - c2, c4 - c3), strict=True):
            best[name] = min(best[name], seconds)
            cpu[name] = min(cpu[name], cpu_s)
        errors = sum(p.severity == "error" for p in problems)
        warnings = sum(p.severity == "warning" for p in problems)
        del records, corpus, groups
    if profile_to is not None:
        profile_stages(talks, home_intro, profile_to)
    largest = max(pages.items(), key=lambda kv: len(kv[1].encode()))
    return {
        **{f"{name}_s": seconds for name, seconds in best.items()},
        "total_s": sum(best.values()),
        **{f"{name}_cpu_s": seconds for name, seconds in cpu.items()},
        "total_cpu_s": sum(cpu.values()),
        "pages": len(pages), "errors": errors, "warnings": warnings,
        "largest_md_kb": len(largest[1].encode()) / 1024, "largest_md": largest[0],
    }


def profile_stages(talks: Path, home_intro: str, out: Path) -> None:
    """cProfile of each stage, top functions by own time, for finding hotspots."""
    report = io.StringIO()
    records = corpus = groups = None
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("load", lambda: load_tree(talks)),
        ("validate", lambda: validate(records)),  # type: ignore[arg-type]
        ("group", lambda: group(corpus[0])),  # type: ignore[index]
        ("render", lambda: render(corpus[0], groups, RenderOptions(home_intro=home_intro))),  # type: ignore[index,arg-type]
    ]
    for name, step in steps:
        profiler = cProfile.Profile()
        profiler.enable()
        value = step()
        profiler.disable()
        if name == "load":
            records = value
        elif name == "validate":
            corpus = value
        elif name == "group":
            groups = value
        report.write(f"\n===== {name} =====\n")
        pstats.Stats(profiler, stream=report).sort_stats("tottime").print_stats(15)
    out.write_text(report.getvalue(), "utf-8")


def site_stats(site: Path) -> dict[str, Any]:
    total = html_pages = 0
    pages: list[tuple[int, str]] = []
    for dirpath, _dirs, files in os.walk(site):
        for name in files:
            path = Path(dirpath, name)
            size = path.stat().st_size
            total += size
            if name.endswith(".html"):
                html_pages += 1
                pages.append((size, path.relative_to(site).as_posix()))
    pages.sort(reverse=True)
    largest, largest_path = pages[0] if pages else (0, "")
    index = site / "search" / "search_index.json"
    raw = index.read_bytes() if index.exists() else b""
    return {
        "site_mb": total / 1e6, "html_pages": html_pages,
        "search_index_mb": len(raw) / 1e6,
        "search_index_gz_mb": len(gzip.compress(raw, 6)) / 1e6 if raw else 0.0,
        "largest_html_kb": largest / 1024, "largest_html": largest_path,
        # The runners-up say which page would be the next to outgrow the limit.
        "largest_html_top": [[path, round(size / 1024)] for size, path in pages[:5]],
    }


def count_warnings(output: str) -> int:
    return sum(1 for line in output.splitlines() if line.lstrip().startswith("WARNING"))


def measure_size(n: int, args: argparse.Namespace, work: Path,
                 largest_n: int) -> tuple[dict[str, Any], GeneratedTree]:
    """Everything measured at one N; leaves work/n{N}/{project,baseline,site,...} behind."""
    base = work / f"n{n}"
    if base.exists():
        shutil.rmtree(base)
    project, baseline = base / "project", base / "baseline"
    logs = base / "logs"
    row: dict[str, Any] = {"n": n}

    log(f"N={n:,}: generating")
    t = time.perf_counter()
    tree = generate(project / "talks", n, args.seed)
    row["generate_s"] = time.perf_counter() - t
    row["conferences"] = tree.conferences
    row["talk_files_mb"] = tree.bytes / 1e6
    write_docs(project / "docs")
    write_config(project, plugin=True)
    home_intro = (project / "docs" / "index.md").read_text("utf-8")

    log(f"N={n:,}: build-notes validate")
    runs = [run_measured([*build_notes_cmd(), "validate", "talks"], logs / "validate.log",
                         cwd=project) for _ in range(2 if n <= 5000 else 1)]
    row["validate_cli_s"] = min(r.seconds for r in runs)
    row["validate_cli_cpu_s"] = min(r.cpu_s for r in runs)
    row["validate_cli_ms_per_talk"] = row["validate_cli_s"] / n * 1000
    row["validate_cli_rss_mib"] = max(r.rss_mib for r in runs)

    log(f"N={n:,}: build_notes stages in-process")
    repeat = args.repeat or (3 if n <= 1000 else 1)
    profile = (args.out_dir / f"profile-n{n}.txt") if args.profile and n == largest_n else None
    stages = time_stages(project / "talks", home_intro, repeat, profile)
    row.update({f"stage_{k}": v for k, v in stages.items()})
    row["stages_ms_per_talk"] = stages["total_s"] / n * 1000

    # Small builds are short enough for noise (and a cold disk cache) to swing them by a
    # second: they are run twice and the faster kept, in alternating order with the baseline.
    builds = args.build_repeat or (2 if n <= 1000 else 1)
    log(f"N={n:,}: mkdocs build with the plugin")
    built = _best([sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d",
                   str(base / "site")], logs / "mkdocs-build.log", project, 1)
    row["mkdocs_s"] = built.seconds
    row["mkdocs_cpu_s"] = built.cpu_s
    row["mkdocs_rss_mib"] = built.rss_mib
    row["mkdocs_warnings"] = count_warnings(built.output)
    row.update(site_stats(base / "site"))

    log(f"N={n:,}: baseline (build-notes generate, mkdocs build without the plugin)")
    gen = run_measured([*build_notes_cmd(), "generate", str(baseline / "docs"), "--talks-dir",
                        str(project / "talks"), "--docs-dir", str(project / "docs")],
                       logs / "generate.log")
    row["generate_cli_s"] = gen.seconds
    write_config(baseline, plugin=False)
    plain = _best([sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d",
                   str(base / "site-baseline")], logs / "baseline-build.log", baseline, builds)
    if builds > 1:
        again = _best([sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d",
                       str(base / "site")], logs / "mkdocs-build.log", project, builds - 1)
        built = ProcResult(min(built.seconds, again.seconds), min(built.cpu_s, again.cpu_s),
                           max(built.rss_mib, again.rss_mib), 0, built.output)
    row["baseline_s"] = plain.seconds
    row["baseline_cpu_s"] = plain.cpu_s
    row["baseline_rss_mib"] = plain.rss_mib
    row["baseline_warnings"] = count_warnings(plain.output)
    row["plugin_overhead"] = built.seconds / plain.seconds - 1
    row["plugin_overhead_cpu"] = built.cpu_s / plain.cpu_s - 1
    row["stages_share"] = stages["total_s"] / built.seconds
    # The judged figure: CPU seconds, because the machine may be shared (wall time of a
    # build swings with whatever else runs; the CPU it used does much less).
    row["stages_share_cpu"] = stages["total_cpu_s"] / built.cpu_s
    if not args.keep and n not in (args.serve_size, args.pagefind_size, args.zensical_size,
                                   *args.search_sizes):
        shutil.rmtree(base / "site-baseline", ignore_errors=True)
    return row, tree


def _best(cmd: Sequence[str], log_path: Path, cwd: Path, times: int) -> ProcResult:
    """The fastest of `times` runs (its RSS is the largest seen: memory is not noise)."""
    runs = [run_measured(cmd, log_path, cwd=cwd) for _ in range(times)]
    fastest = min(runs, key=lambda r: r.seconds)
    fastest.rss_mib = max(r.rss_mib for r in runs)
    fastest.cpu_s = min(r.cpu_s for r in runs)
    return fastest


def measure_validate_scale(n: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """`build-notes validate` on exactly `n` talks (the 10,000-talk target), best of two."""
    talks = work / f"validate-n{n}" / "talks"
    log(f"validate at N={n:,}: generating")
    generate(talks, n, args.seed)
    log(f"validate at N={n:,}: build-notes validate")
    runs = [run_measured([*build_notes_cmd(), "validate", str(talks)],
                         talks.parent / f"validate-{i}.log") for i in range(2)]
    shutil.rmtree(talks.parent, ignore_errors=True)
    return {"n": n, "seconds": min(r.seconds for r in runs),
            "cpu_s": min(r.cpu_s for r in runs),
            "rss_mib": max(r.rss_mib for r in runs)}


def measure_serve(n: int, work: Path, timeout: float = 600) -> dict[str, Any]:
    """`mkdocs serve`, then one talk edited: seconds until the log says the rebuild is done."""
    project = work / f"n{n}" / "project"
    port = free_port()
    log_path = work / f"n{n}" / "logs" / "serve.log"
    talk = sorted((project / "talks").glob("*/[!_]*.md"))[0]
    original = talk.read_bytes()
    with log_path.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", "mkdocs.yml", "-a",
             f"127.0.0.1:{port}"], cwd=project, stdout=out, stderr=subprocess.STDOUT,
            env=ENV, start_new_session=True)
    try:
        start = time.perf_counter()
        _wait_for_log(log_path, "Serving on", 1, start + timeout, proc)
        first_build_s = time.perf_counter() - start
        first = _built_seconds(log_path.read_text("utf-8", "replace"))
        time.sleep(1.0)  # let the watcher settle on the first build's state
        changed = time.perf_counter()
        talk.write_bytes(original + b"\nOne more sentence, written by the benchmark.\n")
        _wait_for_log(log_path, "Reloading browsers", 1, changed + timeout, proc)
        rebuild_s = time.perf_counter() - changed
        text = log_path.read_text("utf-8", "replace")
    finally:
        talk.write_bytes(original)
        # SIGINT is Ctrl+C: mkdocs serve then removes its temporary site folder.
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
            try:
                proc.wait(timeout=20)
                break
            except subprocess.TimeoutExpired:
                continue
    built = re.findall(r"Documentation built in ([\d.]+) seconds", text)
    return {"n": n, "first_build_s": first_build_s, "first_build_reported_s": first,
            "rebuild_s": rebuild_s,
            "rebuild_reported_s": float(built[-1]) if len(built) >= 2 else None,
            "errors": text.count("ERROR")}


def _wait_for_log(path: Path, needle: str, count: int, deadline: float,
                  proc: subprocess.Popen[bytes]) -> None:
    while time.perf_counter() < deadline:
        if path.read_text("utf-8", "replace").count(needle) >= count:
            return
        if proc.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited:\n{path.read_text()[-3000:]}")
        time.sleep(0.02)
    raise TimeoutError(f"no '{needle}' in {path}")


def _built_seconds(text: str) -> float | None:
    m = re.search(r"Documentation built in ([\d.]+) seconds", text)
    return float(m.group(1)) if m else None


# --- Browser measurements --------------------------------------------------------------------


@dataclass
class Served:
    """One request as the server saw it: path, bytes on the wire, when it finished."""

    path: str
    bytes: int
    at: float


@dataclass
class StaticServer:
    """http.server on 127.0.0.1, port 0, in a thread; counts bytes, gzips text like a CDN.

    Counting on the server side is exact and needs no browser API. Text files are sent
    gzipped when the browser asks, as GitHub Pages or any CDN does, so the bytes are what a
    reader would really download.
    """

    root: Path
    requests: list[Served] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        handler = functools.partial(_Handler, directory=str(self.root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.bench = self  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def mark(self) -> int:
        with self.lock:
            return len(self.requests)

    def since(self, mark: int) -> list[Served]:
        with self.lock:
            return list(self.requests[mark:])

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


_GZIP_TYPES = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", ".mjs")


class _Handler(http.server.SimpleHTTPRequestHandler):
    _gz_cache: ClassVar[dict[str, bytes]] = {}

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        bench: StaticServer = self.server.bench  # type: ignore[attr-defined]
        if not os.path.isfile(path):
            self.send_error(404)
            return
        data = Path(path).read_bytes()
        gz = "gzip" in self.headers.get("Accept-Encoding", "") and path.endswith(_GZIP_TYPES)
        if gz:
            body = self._gz_cache.get(path)
            if body is None:
                body = self._gz_cache[path] = gzip.compress(data, 6)
        else:
            body = data
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if gz:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)
        with bench.lock:
            bench.requests.append(Served(self.path.split("?")[0], len(body),
                                         time.perf_counter()))


# Installed before any page script: t0 when the query is complete in the box (the `input`
# event of fill(), or a key), `first` when the first result element is in the DOM.
_PROBE_JS = """
(() => {
  const s = window.__bench = {t0: null, first: null, painted: null, before: null, sel: null};
  const start = () => { if (s.sel && s.t0 === null) s.t0 = performance.now(); };
  document.addEventListener('input', start, true);
  document.addEventListener('keydown', start, true);
  const check = () => {
    if (s.t0 === null || s.first !== null || !s.sel) return;
    const item = document.querySelector(s.sel);
    if (!item || (s.before !== null && item.innerHTML === s.before)) return;
    s.first = performance.now();
    requestAnimationFrame(() => requestAnimationFrame(() => { s.painted = performance.now(); }));
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true,
                                                  characterData: true});
})();
"""

_ARM_JS = """sel => { const s = window.__bench; const item = document.querySelector(sel);
  s.before = item ? item.innerHTML : null; s.sel = sel; s.t0 = null; s.first = null;
  s.painted = null; }"""


def search_queries(tree: GeneratedTree) -> list[str]:
    """Two title words of medium frequency: they give results without matching everything."""
    counts = Counter(w.lower() for w in tree.title_words if len(w) >= 5)
    ranked = [w for w, _ in counts.most_common()]
    if not ranked:
        return ["talk", "notes"]
    return [ranked[min(len(ranked) - 1, 10)], ranked[min(len(ranked) - 1, 25)]]


def _launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                      args=CHROMIUM_ARGS)


def _throttle(context: Any, page: Any) -> None:
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": THROTTLE["latency_ms"],
        "downloadThroughput": THROTTLE["mbps"] * 1e6 / 8,
        "uploadThroughput": THROTTLE["mbps"] * 1e6 / 8})


def _search_once(browser: Any, server: StaticServer, url: str, input_sel: str,
                 result_sel: str, queries: Sequence[str], *, throttled: bool,
                 press_after_fill: bool, ready: Callable[[Any], None] | None = None,
                 ) -> dict[str, Any]:
    """One cold page: load, type the first query at once (cold), then the second (warm)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(_PROBE_JS)
        if throttled:
            _throttle(context, page)
        mark = server.mark()
        page.goto(url, wait_until="domcontentloaded")
        if ready:
            ready(page)
        page.wait_for_selector(input_sel, state="attached", timeout=60_000)
        loaded_bytes = sum(r.bytes for r in server.since(mark))
        out: dict[str, Any] = {}
        for label, query in zip(("cold", "warm"), queries, strict=False):
            page.evaluate(_ARM_JS, result_sel)
            query_mark = server.mark()
            page.click(input_sel) if page.is_visible(input_sel) else page.focus(input_sel)
            page.fill(input_sel, query)
            if press_after_fill:
                page.press(input_sel, "End")  # material searches on keyup
            page.wait_for_function("() => window.__bench.first !== null", timeout=300_000)
            page.wait_for_function("() => window.__bench.painted !== null", timeout=10_000)
            probe = page.evaluate("() => window.__bench")
            served = server.since(query_mark)
            out[f"{label}_ms"] = probe["first"] - probe["t0"]
            out[f"{label}_painted_ms"] = probe["painted"] - probe["t0"]
            out[f"{label}_query_bytes"] = sum(r.bytes for r in served)
            out[f"{label}_query_requests"] = len(served)
            if label == "cold":
                out["results"] = page.locator(result_sel).count()
                page.fill(input_sel, "")
                page.press(input_sel, "End")
                page.wait_for_timeout(300)
        everything = server.since(mark)
        out["page_load_bytes"] = loaded_bytes
        out["total_bytes"] = sum(r.bytes for r in everything)
        out["requests"] = len(everything)
        out["largest_request"] = max(everything, key=lambda r: r.bytes).path
        out["largest_request_bytes"] = max(r.bytes for r in everything)
        return out
    finally:
        context.close()


def _median_of(runs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Per key, the median of the runs (numbers) or the first run's value; with the spread
    of the cold time, since one cold sample on a busy machine can be off by a factor 2."""
    out: dict[str, Any] = {}
    for key, value in runs[0].items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out[key] = statistics.median(r[key] for r in runs)
        else:
            out[key] = value
    out["cold_ms_runs"] = [round(r["cold_ms"]) for r in runs]
    return out


def measure_builtin_search(n: int, site: Path, queries: Sequence[str],
                           reps: int = 3) -> dict[str, Any]:
    """Material's lunr search: the index is fetched whole when the search box is first used,
    and the lunr index is built from it in a web worker before the first result shows.
    Cold = a fresh browser context, the query typed as soon as the page's DOM is ready."""
    from playwright.sync_api import sync_playwright

    server = StaticServer(site)
    try:
        with sync_playwright() as p:
            browser = _launch(p)
            try:
                result: dict[str, Any] = {"n": n, "queries": list(queries)}
                for throttled in (False, True):
                    runs = [_search_once(
                        browser, server, server.url + "/", "input.md-search__input",
                        ".md-search-result__item", queries, throttled=throttled,
                        press_after_fill=True) for _ in range(reps)]
                    result["throttled" if throttled else "local"] = _median_of(runs)
            finally:
                browser.close()
    finally:
        server.close()
    index = site / "search" / "search_index.json"
    result["index_bytes"] = index.stat().st_size
    result["index_gz_bytes"] = len(gzip.compress(index.read_bytes(), 6))
    return result


PAGEFIND_TEST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pagefind test</title>
<link href="../{bundle}/pagefind-ui.css" rel="stylesheet">
<script src="../{bundle}/pagefind-ui.js"></script></head>
<body><div id="search"></div>
<script>
  window.addEventListener('DOMContentLoaded', () => {{
    new PagefindUI({{element: '#search', bundlePath: '../{bundle}/', showImages: false,
                    debounceTimeoutMs: 0}});
  }});
</script></body></html>
"""


def run_pagefind(site: Path, bundle: str, log_path: Path) -> tuple[ProcResult, dict[str, Any]]:
    result = run_measured([sys.executable, "-m", "pagefind", "--site", str(site),
                           "--output-subdir", bundle], log_path)
    files = [p for p in (site / bundle).rglob("*") if p.is_file()]
    return result, {"index_s": result.seconds, "index_rss_mib": result.rss_mib,
                    "bundle_files": len(files),
                    "bundle_mb": sum(p.stat().st_size for p in files) / 1e6,
                    "indexed_pages": _pagefind_pages(result.output)}


def _pagefind_pages(output: str) -> int | None:
    m = re.search(r"Indexed (\d+) pages?", output)
    return int(m.group(1)) if m else None


def annotate_for_pagefind(site: Path, talks: Path) -> int:
    """What the proposed wiring would render: `data-pagefind-body` on the article (so the
    header, navigation and footer repeated on every page stay out of the index) and filter
    values for theme, conference and format on each talk page. Returns pages changed."""
    records = load_tree(talks)
    corpus, _ = validate(records)
    themes = {t.id: t.name for t in corpus.themes}
    conferences = {c.id: c.name for c in corpus.conferences}
    from build_notes.schema import load_schema

    formats = load_schema().formats
    filters: dict[str, list[tuple[str, str]]] = {}
    for talk in corpus.talks:
        values = [("theme", themes[t]) for t in talk.themes]
        values += [("conference", conferences[talk.conference_id]),
                   ("format", formats[talk.format])]
        filters[talk_uri(talk)[:-3] + "/index.html"] = values
    changed = 0
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("pagefind", "search/")):
            continue
        html = path.read_text("utf-8")
        marker = '<article class="md-content__inner md-typeset">'
        if marker not in html:
            continue
        spans = "".join(
            f'<span hidden data-pagefind-filter="{key}[data-value]" '
            f'data-value="{_attr(value)}"></span>' for key, value in filters.get(rel, []))
        html = html.replace(marker, marker[:-1] + " data-pagefind-body>" + spans, 1)
        path.write_text(html, "utf-8")
        changed += 1
    return changed


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


_FILTERS_JS = """async ([bundle, query]) => {
  const pf = await import(bundle + 'pagefind.js');
  await pf.init();
  const filters = await pf.filters();
  const summary = {};
  for (const [name, values] of Object.entries(filters))
    summary[name] = Object.keys(values).length;
  const theme = Object.keys(filters.theme || {})[0];
  const all = await pf.search(query);
  const some = theme ? await pf.search(query, {filters: {theme}}) : all;
  const only = theme ? await pf.search(null, {filters: {theme}}) : all;
  return {filters: summary, theme, query_results: all.results.length,
          query_results_in_theme: some.results.length,
          theme_pages_without_query: only.results.length};
}"""


def measure_pagefind(n: int, site: Path, talks: Path, queries: Sequence[str],
                     logs: Path, reps: int = 3) -> dict[str, Any]:
    """Index the built site with Pagefind, query it through its default UI in Chromium, then
    index an annotated copy of the pages (body + filters) and check the filters work."""
    from playwright.sync_api import sync_playwright

    log(f"Pagefind at N={n:,}: indexing the site as built")
    _, plain = run_pagefind(site, "pagefind", logs / "pagefind.log")
    log(f"Pagefind at N={n:,}: annotating pages (data-pagefind-body, filters) and indexing")
    annotated = annotate_for_pagefind(site, talks)
    _, filtered = run_pagefind(site, "pagefind-filtered", logs / "pagefind-filtered.log")
    filtered["annotated_pages"] = annotated
    for bundle in ("pagefind", "pagefind-filtered"):
        page_dir = site / f"{bundle}-test"
        page_dir.mkdir(exist_ok=True)
        (page_dir / "index.html").write_text(PAGEFIND_TEST_PAGE.format(bundle=bundle), "utf-8")
    server = StaticServer(site)
    try:
        with sync_playwright() as p:
            browser = _launch(p)
            try:
                for bundle, figures in (("pagefind", plain), ("pagefind-filtered", filtered)):
                    for throttled in (False, True):
                        runs = [_search_once(
                            browser, server, f"{server.url}/{bundle}-test/",
                            "input.pagefind-ui__search-input", ".pagefind-ui__result", queries,
                            throttled=throttled, press_after_fill=False) for _ in range(reps)]
                        figures["throttled" if throttled else "local"] = _median_of(runs)
                context = browser.new_context()
                try:
                    page = context.new_page()
                    page.goto(f"{server.url}/pagefind-filtered-test/")
                    filtered["filter_check"] = page.evaluate(
                        _FILTERS_JS, ["../pagefind-filtered/", queries[0]])
                finally:
                    context.close()
            finally:
                browser.close()
    finally:
        server.close()
    return {"n": n, "version": version("pagefind"), "queries": list(queries),
            "plain": plain, "filtered": filtered}


# --- Zensical ---------------------------------------------------------------------------------


def find_zensical(explicit: str | None) -> Path | None:
    candidates = [explicit] if explicit else [shutil.which("zensical"),
                                              "/tmp/zvenv/bin/zensical"]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return Path(candidate)
    return None


def measure_zensical(n: int, work: Path, zensical: Path, baseline_s: float) -> dict[str, Any]:
    """Build the `build-notes generate` pages with Zensical (its own venv) and compare the
    HTML with MkDocs' baseline build of the same pages, page by page."""
    base = work / f"n{n}"
    project = base / "baseline"  # Zensical wants docs_dir and site_dir inside the project
    site = project / "site-zensical"
    config = site_config(plugin=False)
    config["site_dir"] = site.name
    (project / "zensical.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    version_out = subprocess.run([str(zensical), "--version"], capture_output=True, text=True,
                                 timeout=60).stdout.strip()
    cold = run_measured([str(zensical), "build", "-f", "zensical.yml", "--clean"],
                        base / "logs" / "zensical.log", cwd=project, check=False)
    warm = run_measured([str(zensical), "build", "-f", "zensical.yml"],
                        base / "logs" / "zensical-warm.log", cwd=project, check=False)
    result: dict[str, Any] = {
        "n": n, "version": version_out.split()[-1] if version_out else "?",
        "returncode": cold.returncode, "build_s": cold.seconds, "rss_mib": cold.rss_mib,
        "rebuild_cached_s": warm.seconds, "mkdocs_baseline_s": baseline_s,
        "log_tail": cold.output.strip().splitlines()[-5:],
    }
    if cold.returncode == 0:
        result["compare"] = compare_sites(base / "site-baseline", site)
        result.update({k: v for k, v in site_stats(site).items()
                       if k in ("site_mb", "html_pages", "largest_html_kb")})
        search = site / "search.json"
        if search.exists():
            result["search_json_mb"] = search.stat().st_size / 1e6
    return result


_FEATURES: dict[str, re.Pattern[str]] = {
    "opinion admonitions (!!! opinion)": re.compile(r'<div class="admonition opinion">'),
    "collapsible opinions (??? opinion)": re.compile(r'<details class="opinion"'),
    "opinion titles": re.compile(r"Note-taker(?:'|&rsquo;|&#39;|’)s opinion</"),
    "md_in_html meta lists": re.compile(r'<div class="tn-meta">\s*<ul>'),
    "related-talks blocks": re.compile(r'<div class="tn-related">\s*<h2'),
    "pagers": re.compile(r'<nav\b[^>]*class="tn-pager"[^>]*>\s*<p>'),  # md_in_html sorts attributes
    "timestamp links": re.compile(r'<a class="tn-timestamp"'),
    "rating stars": re.compile(r'class="tn-rating"'),
    "tag chips (front matter tags:)": re.compile(r'class="md-tag"'),
    "raw Markdown left over": re.compile(r"!!! opinion|\?\?\? opinion|\*\*Conference:\*\*|"
                                         r"\]\([^)]*\.md\)"),
}
_CODE = re.compile(r"<pre\b.*?</pre>|<code\b.*?</code>", re.S)
_HREF = re.compile(r'href="([^"#:?]+)(?:#[^"]*)?"')


def _article(html: str) -> str:
    start, end = html.find("<article"), html.find("</article>")
    body = html[start:end] if start >= 0 and end > start else ""
    body = re.sub(r'<a id="__skip"[^>]*></a>', "", body)
    return re.sub(r"\s+", " ", body)


def compare_sites(mkdocs_site: Path, other_site: Path) -> dict[str, Any]:
    """Per-feature counts in both sites, identical articles, and broken internal links."""
    counts = {name: [0, 0] for name in _FEATURES}
    identical = compared = missing = 0
    broken = [0, 0]
    examples: list[str] = []
    for path in mkdocs_site.rglob("index.html"):
        rel = path.relative_to(mkdocs_site)
        if rel.parts and rel.parts[0] in ("search", "assets", "404.html"):
            continue
        twin = other_site / rel
        if not twin.exists():
            missing += 1
            continue
        pair = [_article(path.read_text("utf-8")), _article(twin.read_text("utf-8"))]
        compared += 1
        identical += pair[0] == pair[1]
        if pair[0] != pair[1] and len(examples) < 3:
            examples.append(rel.as_posix())
        for i, (article, site) in enumerate(zip(pair, (mkdocs_site, other_site), strict=True)):
            prose = _CODE.sub("", article)  # the contributing guide shows markup in code
            for name, rx in _FEATURES.items():
                counts[name][i] += len(rx.findall(prose))
            for href in _HREF.findall(article):
                target = (site / rel.parent / href).resolve()
                if not (target.is_file() or (target / "index.html").is_file()):
                    broken[i] += 1
    return {"pages_compared": compared, "pages_missing": missing,
            "identical_articles": identical, "differing_examples": examples,
            "features": {k: {"mkdocs": v[0], "zensical": v[1]} for k, v in counts.items()},
            "broken_internal_links": {"mkdocs": broken[0], "zensical": broken[1]}}


# --- Targets and report ----------------------------------------------------------------------


def judge(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 8's targets, each with its measured figure and PASS / FAIL / n/a."""
    rows = results["sizes"]
    by_n = {r["n"]: r for r in rows}
    targets: list[dict[str, Any]] = []

    def add(name: str, limit: str, value: str, ok: bool | None, note: str = "") -> None:
        verdict = "n/a" if ok is None else ("PASS" if ok else "FAIL")
        targets.append({"target": name, "limit": limit, "measured": value, "verdict": verdict,
                        "note": note})

    ref = by_n.get(1000) or (rows[-1] if rows else None)
    if ref:
        share = ref["stages_share_cpu"]
        add(f"build_notes stages share of `mkdocs build` (N={ref['n']:,}, CPU time)", "≤ 5%",
            f"{share:.1%} ({ref['stage_total_cpu_s']:.2f} s of {ref['mkdocs_cpu_s']:.1f} s; "
            f"wall {ref['stages_share']:.1%})", share <= STAGES_SHARE_MAX,
            "" if ref["n"] == 1000 else "N=1,000 not measured; nearest size shown")
    scale = results.get("validate_scale")
    if scale:
        add(f"`build-notes validate` at N={scale['n']:,}", f"≤ {VALIDATE_10K_MAX_S:.0f} s",
            f"{scale['seconds']:.2f} s", scale["seconds"] <= VALIDATE_10K_MAX_S
            if scale["n"] >= 10_000 else None)
    elif rows:
        last = rows[-1]
        est = last["validate_cli_s"] / last["n"] * 10_000
        add("`build-notes validate` at N=10,000 (extrapolated)", "≤ 3 s", f"≈ {est:.2f} s",
            None, f"linear extrapolation from N={last['n']:,}")
    if len(rows) >= 2:
        a, b = rows[-2], rows[-1]
        # Judged on CPU seconds (see stages_share_cpu); wall seconds shown beside.
        series = {"stage load": "stage_load", "stage validate": "stage_validate",
                  "stage group": "stage_group", "stage render": "stage_render",
                  "`build-notes validate`": "validate_cli", "mkdocs build": "mkdocs",
                  "baseline build": "baseline"}
        for label, key in series.items():
            cpu_key = f"{key}_cpu_s"
            k = exponent(a["n"], a[cpu_key], b["n"], b[cpu_key])
            add(f"{label} linear in N (CPU time)", f"exponent ≤ {LINEAR_MAX_EXPONENT}",
                "n/a" if k is None else f"N^{k:.2f} (N={a['n']:,}→{b['n']:,}: "
                f"{a[cpu_key]:.2f}→{b[cpu_key]:.2f} s CPU; wall {a[key + '_s']:.2f}→"
                f"{b[key + '_s']:.2f} s)", None if k is None else k <= LINEAR_MAX_EXPONENT)
        k = exponent(a["n"], a["mkdocs_rss_mib"], b["n"], b["mkdocs_rss_mib"])
        add("peak memory (mkdocs build) linear in N", f"exponent ≤ {LINEAR_MAX_EXPONENT}",
            "n/a" if k is None else f"N^{k:.2f} ({a['mkdocs_rss_mib']:.0f}→"
            f"{b['mkdocs_rss_mib']:.0f} MiB)", None if k is None else k <= LINEAR_MAX_EXPONENT)
    big = by_n.get(20_000)
    last = rows[-1] if rows else None
    if big:
        add("largest HTML page at N=20,000", f"< {LARGEST_PAGE_MAX_KB:.0f} KB",
            f"{big['largest_html_kb']:.0f} KB ({big['largest_html']})",
            big["largest_html_kb"] < LARGEST_PAGE_MAX_KB)
    elif last:
        add(f"largest HTML page (N={last['n']:,}; 20,000 is opt-in)",
            f"< {LARGEST_PAGE_MAX_KB:.0f} KB",
            f"{last['largest_html_kb']:.0f} KB ({last['largest_html']})",
            None if last["largest_html_kb"] < LARGEST_PAGE_MAX_KB else False,
            "run with --sizes ...,20000 to judge at N=20,000")
    for search in results.get("search_builtin", []):
        local = search["local"]
        mb = search["local"]["total_bytes"] / 1e6
        add(f"built-in search at N={search['n']:,}: time to first result (cold, local)",
            f"≤ {SEARCH_MAX_MS:.0f} ms", f"{local['cold_ms']:.0f} ms",
            local["cold_ms"] <= SEARCH_MAX_MS)
        add(f"built-in search at N={search['n']:,}: bytes downloaded (gzip)",
            f"≤ {SEARCH_MAX_MB:.0f} MB", f"{mb:.1f} MB (index {search['index_bytes'] / 1e6:.1f}"
            f" MB raw)", mb <= SEARCH_MAX_MB)
    return targets


ROWS: list[tuple[str, str, str]] = [
    # (label, key, format)
    ("conferences", "conferences", "{:,}"),
    ("talk files (MB)", "talk_files_mb", "{:.1f}"),
    ("`build-notes validate` (s)", "validate_cli_s", "{:.2f}"),
    ("  per talk (ms)", "validate_cli_ms_per_talk", "{:.3f}"),
    ("  CPU (s)", "validate_cli_cpu_s", "{:.2f}"),
    ("stage load (s)", "stage_load_s", "{:.3f}"),
    ("stage validate (s)", "stage_validate_s", "{:.3f}"),
    ("stage group (s)", "stage_group_s", "{:.3f}"),
    ("stage render (s)", "stage_render_s", "{:.3f}"),
    ("stages total (s)", "stage_total_s", "{:.3f}"),
    ("stages total, CPU (s)", "stage_total_cpu_s", "{:.3f}"),
    ("  per talk (ms)", "stages_ms_per_talk", "{:.3f}"),
    ("generated pages", "stage_pages", "{:,}"),
    ("largest generated .md (KB)", "stage_largest_md_kb", "{:.0f}"),
    ("mkdocs build, plugin (s)", "mkdocs_s", "{:.1f}"),
    ("mkdocs build, baseline (s)", "baseline_s", "{:.1f}"),
    ("mkdocs build, plugin, CPU (s)", "mkdocs_cpu_s", "{:.1f}"),
    ("mkdocs build, baseline, CPU (s)", "baseline_cpu_s", "{:.1f}"),
    ("plugin overhead vs baseline", "plugin_overhead", "{:+.1%}"),
    ("  in CPU time", "plugin_overhead_cpu", "{:+.1%}"),
    ("stages share of build", "stages_share", "{:.1%}"),
    ("  in CPU time", "stages_share_cpu", "{:.1%}"),
    ("`build-notes generate` (s)", "generate_cli_s", "{:.2f}"),
    ("peak RSS, plugin build (MiB)", "mkdocs_rss_mib", "{:.0f}"),
    ("peak RSS, baseline build (MiB)", "baseline_rss_mib", "{:.0f}"),
    ("peak RSS, validate (MiB)", "validate_cli_rss_mib", "{:.0f}"),
    ("build warnings (plugin/baseline)", "warnings", "{}"),
    ("HTML pages", "html_pages", "{:,}"),
    ("site size (MB)", "site_mb", "{:.1f}"),
    ("search index (MB)", "search_index_mb", "{:.2f}"),
    ("search index gzipped (MB)", "search_index_gz_mb", "{:.2f}"),
    ("largest HTML page (KB)", "largest_html_kb", "{:.0f}"),
    ("  which", "largest_html", "{}"),
]


def size_table(rows: Sequence[dict[str, Any]]) -> list[list[str]]:
    table = [["metric", *(f"N={r['n']:,}" for r in rows)]]
    for label, key, fmt in ROWS:
        cells = []
        for r in rows:
            if key == "warnings":
                cells.append(f"{r.get('mkdocs_warnings', '?')}/{r.get('baseline_warnings', '?')}")
            elif key == "largest_html":
                cells.append(str(r.get(key, "")).removesuffix("/index.html"))
            elif r.get(key) is None:
                cells.append("–")
            else:
                cells.append(fmt.format(r[key]))
        table.append([label, *cells])
    return table


def render_text(table: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = []
    for j, row in enumerate(table):
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                               for i, (c, w) in enumerate(zip(row, widths, strict=True))))
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def render_markdown(table: Sequence[Sequence[str]], right: bool = True) -> str:
    head = "| " + " | ".join(table[0]) + " |"
    sep = "| --- |" + "".join(" ---: |" if right else " --- |" for _ in table[0][1:])
    body = ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in table[1:]]
    return "\n".join([head, sep, *body])


def extras_lines(results: dict[str, Any]) -> list[str]:
    """The one-size measurements, as Markdown bullet lines."""
    out: list[str] = []
    serve = results.get("serve")
    if serve:
        out.append(f"- `mkdocs serve` at N={serve['n']:,}: first build {serve['first_build_s']:.1f}"
                   f" s; one talk edited → rebuilt and reloading in {serve['rebuild_s']:.1f} s "
                   f"(MkDocs reports {serve['rebuild_reported_s'] or '?'} s for the build "
                   "itself).")
    for s in results.get("search_builtin", []):
        loc, thr = s["local"], s["throttled"]
        out.append(
            f"- Built-in search at N={s['n']:,} (query `{s['queries'][0]}`): index "
            f"{s['index_bytes'] / 1e6:.1f} MB ({s['index_gz_bytes'] / 1e6:.1f} MB gzipped), "
            f"fetched whole when the search box is first used; page and first search "
            f"{loc['total_bytes'] / 1e6:.1f} MB downloaded in {loc['requests']} requests. "
            f"Time to first result: cold "
            f"{loc['cold_ms']:.0f} ms locally (runs {loc['cold_ms_runs']}), "
            f"{thr['cold_ms']:.0f} ms on {THROTTLE['mbps']:.0f} Mbit/s with "
            f"{THROTTLE['latency_ms']:.0f} ms latency; warm {loc['warm_ms']:.0f} ms.")
    pf = results.get("pagefind")
    if pf:
        for key, label in (("plain", "site as built"),
                           ("filtered", "with data-pagefind-body and filters")):
            f = pf[key]
            loc, thr = f["local"], f["throttled"]
            out.append(
                f"- Pagefind {pf['version']} at N={pf['n']:,}, {label}: indexed "
                f"{f['indexed_pages']} pages in {f['index_s']:.1f} s (bundle "
                f"{f['bundle_mb']:.1f} MB in {f['bundle_files']:,} files). Cold query "
                f"`{pf['queries'][0]}`: {loc['cold_query_bytes'] / 1e3:.0f} KB in "
                f"{loc['cold_query_requests']} requests, first result in {loc['cold_ms']:.0f} ms"
                f" locally (runs {loc['cold_ms_runs']}), {thr['cold_ms']:.0f} ms on "
                f"{THROTTLE['mbps']:.0f} Mbit/s; warm "
                f"query {loc['warm_ms']:.0f} ms, {loc['warm_query_bytes'] / 1e3:.0f} KB; page "
                f"with the UI {loc['page_load_bytes'] / 1e3:.0f} KB.")
        check = pf["filtered"].get("filter_check")
        if check:
            out.append(f"- Pagefind filters: {check['filters']} values per filter; query "
                       f"`{pf['queries'][0]}` gives {check['query_results']} results, "
                       f"{check['query_results_in_theme']} within theme '{check['theme']}'; "
                       f"the theme alone lists {check['theme_pages_without_query']} pages.")
    z = results.get("zensical")
    if z:
        if z.get("skipped"):
            out.append(f"- Zensical: skipped ({z['skipped']}).")
        else:
            line = (f"- Zensical {z['version']} at N={z['n']:,} (pages from `build-notes "
                    f"generate`): build {z['build_s']:.1f} s (cache cleared), "
                    f"{z['rebuild_cached_s']:.1f} s again with its cache, vs MkDocs "
                    f"{z['mkdocs_baseline_s']:.1f} s; peak RSS {z['rss_mib']:.0f} MiB.")
            comp = z.get("compare")
            if comp:
                line += (f" Articles identical to MkDocs' on {comp['identical_articles']:,} of "
                         f"{comp['pages_compared']:,} pages; broken internal links "
                         f"{comp['broken_internal_links']['zensical']} (MkDocs "
                         f"{comp['broken_internal_links']['mkdocs']}).")
            else:
                line += f" Build failed: {z['log_tail']}"
            out.append(line)
    scale = results.get("validate_scale")
    if scale:
        out.append(f"- `build-notes validate` on {scale['n']:,} talks: {scale['seconds']:.2f} s "
                   f"(peak RSS {scale['rss_mib']:.0f} MiB).")
    return out


def write_markdown(results: dict[str, Any], path: Path, append: bool = False) -> None:
    """RESULTS.md: machine, table, targets, extras. With `append`, the run becomes one more
    section of an existing file (the opt-in N=20,000 run beside the default one)."""
    m = results["machine"]
    sizes = ",".join(str(r["n"]) for r in results["sizes"])
    append = append and path.exists()
    depth = 1 if append else 0

    def h(level: int, title: str) -> str:
        return "#" * (level + depth) + " " + title

    lines = [h(1, f"Additional run: `--sizes {sizes}`") if append else h(1, "Benchmark results"),
             ""]
    if not append:
        lines += [
            "Written by `python benchmarks/run.py` (do not edit by hand; rerun it). Synthetic",
            f"talk trees from `benchmarks/generate.py`, seed {results['seed']}; every figure is "
            "one run on the machine below. Timings are judged in CPU seconds of the measured "
            "process (the machine may be shared); wall seconds are shown beside them.",
            "",
        ]
    lines += [
        f"- Date: {m['date']}; commit {m['commit'] or '?'}; `--sizes {sizes}`",
        f"- CPU: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB RAM; {m['os']}",
        f"- Python {m['python']} (PyYAML C loader: {'yes' if m['pyyaml_c_loader'] else 'no'}),"
        f" MkDocs {m['mkdocs']}, mkdocs-material {m['mkdocs-material']}, "
        f"Pagefind {m['pagefind']}",
        f"- Whole run: {results['run_s'] / 60:.1f} min; load average (1, 5, 15 min) at start "
        f"{m['load_average_at_start']}, at end {m.get('load_average_at_end')}",
        "",
        h(2, "By size"),
        "",
        render_markdown(size_table(results["sizes"])),
        "",
        *(f"Largest HTML pages at N={r['n']:,}: " + ", ".join(
            f"{page.removesuffix('index.html') or '/'} ({kb:,} KB)"
            for page, kb in r["largest_html_top"]) + "." for r in results["sizes"][-1:]
          if r.get("largest_html_top")),
        "",
        h(2, "Targets (issue 8)"),
        "",
        render_markdown([["target", "limit", "measured", "verdict"],
                         *([t["target"], t["limit"], t["measured"] + (
                             f" — {t['note']}" if t["note"] else ""), t["verdict"]]
                           for t in results["targets"])], right=False),
        "",
    ]
    extras = extras_lines(results)
    if extras:
        lines += [h(2, "Serve, search and Zensical"), "", *extras, ""]
    z = results.get("zensical") or {}
    if z.get("compare"):
        feats = z["compare"]["features"]
        lines += [h(3, "Zensical vs MkDocs, feature by feature (counts over all pages)"), "",
                  render_markdown([["feature", "MkDocs", "Zensical"],
                                   *([k, str(v["mkdocs"]), str(v["zensical"])]
                                     for k, v in feats.items())]), ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(lines)
    if append:
        text = path.read_text("utf-8").rstrip("\n") + "\n\n" + text
    path.write_text(text, "utf-8")


# --- Main --------------------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(s.replace("_", "").replace(",", "")) for s in text.split(",")
                    if s.strip()})
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes are positive talk counts, e.g. 100,1000")
    return sizes


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="100,1000,5000",
                   help="comma-separated numbers of talks (default 100,1000,5000; add 20000 "
                   "for the PyVideo-size run)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--work-dir", type=Path, default=DEFAULT_WORK,
                   help=f"where the trees and sites go (default {DEFAULT_WORK})")
    p.add_argument("--out-dir", type=Path, default=HERE / "results",
                   help="where latest.json (and profiles) go (default benchmarks/results)")
    p.add_argument("--results-md", default=str(HERE / "RESULTS.md"),
                   help="the committed summary (default benchmarks/RESULTS.md); '' for none")
    p.add_argument("--append", action="store_true",
                   help="add this run to the results Markdown as a section instead of "
                   "replacing it (for the opt-in N=20,000 run)")
    p.add_argument("--repeat", type=int, default=0,
                   help="in-process stage runs, best kept (default 3 up to N=1,000, else 1)")
    p.add_argument("--build-repeat", type=int, default=0,
                   help="mkdocs builds of each kind, best kept (default 2 up to N=1,000, else 1)")
    p.add_argument("--validate-size", type=int, default=10_000,
                   help="also time `build-notes validate` alone on this many talks (0: skip)")
    p.add_argument("--serve-size", type=int, default=1000)
    p.add_argument("--search-sizes", default="1000,5000")
    p.add_argument("--search-reps", type=int, default=3,
                   help="cold browser sessions per search measurement, median kept (default 3)")
    p.add_argument("--pagefind-size", type=int, default=5000)
    p.add_argument("--zensical-size", type=int, default=1000)
    p.add_argument("--zensical", help="the zensical executable (default: on PATH, else "
                   "/tmp/zvenv/bin/zensical)")
    p.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild")
    p.add_argument("--no-browser", action="store_true",
                   help="skip every Chromium measurement (built-in search and Pagefind)")
    p.add_argument("--no-pagefind", action="store_true")
    p.add_argument("--no-zensical", action="store_true")
    p.add_argument("--profile", action="store_true",
                   help="write cProfile reports of the stages at the largest size")
    p.add_argument("--keep", action="store_true", help="keep the generated trees and sites")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    sizes = parse_sizes(args.sizes)
    if not args.no_browser and (not Path(CHROMIUM).exists()
                                or importlib.util.find_spec("playwright") is None):
        log(f"no {CHROMIUM} or no playwright: the search measurements are skipped")
        args.no_browser = True
    args.search_sizes = [] if args.no_browser else [
        n for n in parse_sizes(args.search_sizes) if n in sizes]
    for name in ("serve_size", "pagefind_size", "zensical_size"):
        if getattr(args, name) not in sizes:
            setattr(args, name, None)
    if args.no_serve:
        args.serve_size = None
    if args.no_browser or args.no_pagefind:
        args.pagefind_size = None
    if args.no_zensical:
        args.zensical_size = None
    args.out_dir.mkdir(parents=True, exist_ok=True)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine_info(), "seed": args.seed, "sizes": []}
    trees: dict[int, GeneratedTree] = {}

    for n in sizes:
        row, trees[n] = measure_size(n, args, args.work_dir, sizes[-1])
        results["sizes"].append(row)
        log(f"N={n:,}: stages {row['stage_total_s']:.2f} s, mkdocs {row['mkdocs_s']:.1f} s, "
            f"baseline {row['baseline_s']:.1f} s")

    if args.validate_size:
        results["validate_scale"] = measure_validate_scale(args.validate_size, args,
                                                           args.work_dir)
    if args.serve_size:
        log(f"mkdocs serve at N={args.serve_size:,}")
        results["serve"] = measure_serve(args.serve_size, args.work_dir)
    results["search_builtin"] = []
    for n in args.search_sizes:
        log(f"built-in search in Chromium at N={n:,}")
        results["search_builtin"].append(measure_builtin_search(
            n, args.work_dir / f"n{n}" / "site", search_queries(trees[n]), args.search_reps))
    if args.zensical_size:
        zensical = find_zensical(args.zensical)
        n = args.zensical_size
        if zensical is None:
            results["zensical"] = {"n": n, "skipped": "zensical not installed; pip install "
                                   "zensical in a venv and pass --zensical"}
        else:
            log(f"Zensical at N={n:,}")
            baseline_s = next(r["baseline_s"] for r in results["sizes"] if r["n"] == n)
            results["zensical"] = measure_zensical(n, args.work_dir, zensical, baseline_s)
    if args.pagefind_size:
        n = args.pagefind_size
        if version("pagefind") == "not installed":
            results["pagefind"] = None
            log("Pagefind not installed: pip install 'pagefind[bin]'")
        else:
            base = args.work_dir / f"n{n}"
            results["pagefind"] = measure_pagefind(n, base / "site", base / "project" / "talks",
                                                   search_queries(trees[n]), base / "logs",
                                                   args.search_reps)

    results["run_s"] = time.perf_counter() - started
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["targets"] = judge(results)
    (args.out_dir / "latest.json").write_text(json.dumps(results, indent=2, default=str),
                                              "utf-8")
    if args.results_md:
        write_markdown(results, Path(args.results_md), append=args.append)
    print(render_text(size_table(results["sizes"])))
    print()
    print(render_text([["target", "limit", "measured", "verdict"],
                       *([t["target"], t["limit"], t["measured"], t["verdict"]]
                         for t in results["targets"])]))
    extras = extras_lines(results)
    if extras:
        print()
        print("\n".join(extras))
    print(f"\nWhole run: {results['run_s']:.0f} s; JSON in {args.out_dir / 'latest.json'}")
    if not args.keep:
        for n in sizes:
            shutil.rmtree(args.work_dir / f"n{n}", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
