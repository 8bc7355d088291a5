"""What every measurement of the benchmark shares: the machine, child processes timed
with their own CPU and peak memory, exponents."""

from __future__ import annotations

import contextlib
import datetime
import importlib.metadata
import importlib.util
import math
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# The benchmark serves sites and drives Chromium as the browser tests do, with their code
# (tests/browser/serving.py): the modules that need it import this one first.
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))
# The memo of verdicts (build_notes/memo.py) is off unless a measurement turns it on: a
# build is measured judging every file, as a fresh clone does.
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1",
       "BUILD_NOTES_CACHE_DIR": ""}


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
                 timeout: float = 3600, check: bool = True,
                 env: dict[str, str] | None = None) -> ProcResult:
    """Run `cmd`, timing it and reading its own peak RSS (not the sum over all children).

    `os.wait4` gives the rusage of exactly that child, where RUSAGE_CHILDREN would be the
    maximum over every child this script has waited for so far.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                env={**ENV, **(env or {})})
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
        "playwright": version("playwright"),
        "commit": commit, "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def best_of(cmd: Sequence[str], log_path: Path, cwd: Path, times: int) -> ProcResult:
    """The fastest of `times` runs (its RSS is the largest seen: memory is not noise)."""
    runs = [run_measured(cmd, log_path, cwd=cwd) for _ in range(times)]
    fastest = min(runs, key=lambda r: r.seconds)
    fastest.rss_mib = max(r.rss_mib for r in runs)
    fastest.cpu_s = min(r.cpu_s for r in runs)
    return fastest


def stop_serving(proc: subprocess.Popen[bytes]) -> None:
    """Stop a `mkdocs serve` started in a session of its own: SIGINT first (Ctrl+C: it then
    removes its temporary site folder), harder if it does not stop."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=20)
            return
        except subprocess.TimeoutExpired:
            continue
