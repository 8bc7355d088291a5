"""Scale benchmark of talk-notes: from 100 to 20,000 talks, every cost that grows with N.

Why: a community site of talk notes can reach PyVideo's size (about 21,500 talks); it must
stay pleasant to validate, build, serve and search there. This script measures, on synthetic
trees from `generate.py` (deterministic for a seed, markup like real technical notes), each
speed figure as a ratio to the same work done the simplest way, in the same run:

* `build-notes validate` beside its floor (`floor.py`: read the files, parse the front
  matter with the C YAML loader);
* the build_notes stages alone, each size in a fresh process, in rounds over all the sizes
  (best of 3): load, validate, group, render;
* `mkdocs build` with the plugin as shipped (the repository's mkdocs.yml: its extensions,
  theme and `search: true`), beside a baseline: the same pages written by
  `build-notes generate`, built without the plugin;
* peak RSS of each build, site size, search index size and the largest HTML page;
* the exponent of each stage's CPU time between the sizes (1 is linear);
* extras, each at one N: `mkdocs serve` rebuild time; a Zensical build of the generated
  pages. What the search costs a reader is `search_cost.py`'s.

The modules: `common` (timed child processes, machine), `project` (the generated project,
in-process stages, site sizes), `zensical`, `report` (targets, tables),
and this one (the measurements per size, the command line). It prints the tables, writes
JSON (benchmarks/results/latest.json, git-ignored) and Markdown with the machine it ran on
(benchmarks/RESULTS.md, committed).

    python benchmarks/run.py --sizes 1000,5000,20000          # the full run
    python benchmarks/run.py --sizes 20 --no-serve --no-zensical \
        --validate-size 0 --out-dir /tmp/b --results-md /tmp/b/RESULTS.md   # the smoke test
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from common import (
    ENV,
    HERE,
    REPO,
    ProcResult,
    best_of,
    build_notes_cmd,
    free_port,
    log,
    machine_info,
    run_measured,
    stop_serving,
)
from generate import (  # benchmarks/ is sys.path[0] when run as a script
    generate,
    markup_profile,
)
from project import (
    count_warnings,
    profile_stages,
    site_stats,
    write_config,
    write_docs,
)
from report import exponent_table, extras_lines, judge, render_text, size_table, write_markdown
from zensical import find_zensical, measure_zensical

from build_notes.content.load import load_tree

DEFAULT_WORK = Path("/tmp/talk-notes-bench")


def notes_of(talks: Path) -> list[str]:
    return [r.body for r in load_tree(talks) if r.kind == "talk"]


def measure_size(n: int, args: argparse.Namespace, work: Path,
                 largest_n: int) -> dict[str, Any]:
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

    log(f"N={n:,}: build-notes validate, and its floor")
    scale = validate_beside_floor(project / "talks", logs, 2 if n <= 5000 else 1)
    row.update({f"validate_cli_{key}": value for key, value in scale.items()
                if not key.startswith("floor")})
    row.update({key: value for key, value in scale.items() if key.startswith("floor")})
    row["validate_cli_ms_per_talk"] = row["validate_cli_s"] / n * 1000

    if args.profile and n == largest_n:
        profile_stages(project / "talks", home_intro, args.out_dir / f"profile-n{n}.txt")

    # Small builds are short enough for noise (and a cold disk cache) to swing them by a
    # second or more: they are run three times and the fastest kept, alternating with the
    # baseline.
    builds = args.build_repeat or (3 if n <= 1000 else 1)
    log(f"N={n:,}: mkdocs build with the plugin")
    built = best_of([sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d",
                   str(base / "site")], logs / "mkdocs-build.log", project, 1)

    log(f"N={n:,}: baseline (build-notes generate, mkdocs build without the plugin)")
    gen = run_measured([*build_notes_cmd(), "generate", str(baseline / "docs"), "--talks-dir",
                        str(project / "talks"), "--docs-dir", str(project / "docs")],
                       logs / "generate.log")
    row["generate_cli_s"] = gen.seconds
    write_config(baseline, plugin=False)
    write_docs(baseline / "docs", generated=frozenset())  # the pages only the plugin makes
    plain = best_of([sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d",
                   str(base / "site-baseline")], logs / "baseline-build.log", baseline, builds)
    if builds > 1:
        again = best_of([sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d",
                       str(base / "site")], logs / "mkdocs-build.log", project, builds - 1)
        built = ProcResult(min(built.seconds, again.seconds), min(built.cpu_s, again.cpu_s),
                           max(built.rss_mib, again.rss_mib), 0, built.output)
    row["mkdocs_s"] = built.seconds
    row["mkdocs_cpu_s"] = built.cpu_s
    row["mkdocs_rss_mib"] = built.rss_mib
    row["mkdocs_warnings"] = count_warnings(built.output)
    row.update(site_stats(base / "site"))
    row["baseline_s"] = plain.seconds
    row["baseline_cpu_s"] = plain.cpu_s
    row["baseline_rss_mib"] = plain.rss_mib
    row["baseline_warnings"] = count_warnings(plain.output)
    # The plugin build also writes the search's index (as shipped): that is the plugin's
    # work, which the baseline does not do.
    row["build_ratio"] = built.seconds / plain.seconds
    row["build_ratio_cpu"] = built.cpu_s / plain.cpu_s
    if not args.keep and n not in (args.serve_size, args.zensical_size):
        shutil.rmtree(base / "site-baseline", ignore_errors=True)
    return row


def measure_stages(rows: list[dict[str, Any]], work: Path, repeat: int) -> None:
    """The build_notes stages at every size, each run in a fresh process, `repeat` rounds
    over all the sizes, best kept; adds the stage figures to each size's row.

    A fresh process, because one that has held the smaller sizes' trees runs the larger
    ones in a bigger heap; rounds over all the sizes, because this machine's speed drifts
    by tens of percent over minutes, and a drift must not land on one size only (it made
    a single in-process run at 20,000 talks look N^1.2 where the work is linear). Each
    sample is the same work at every size: the stages run largest / N times back to back
    and the mean is kept (project.time_stages says why)."""
    best: dict[int, dict[str, Any]] = {}
    largest = max(row["n"] for row in rows)
    for round_ in range(repeat):
        for row in rows:
            n = row["n"]
            times = max(1, round(largest / n))
            log(f"N={n:,}: build_notes stages x{times}, round {round_ + 1} of {repeat}")
            project = work / f"n{n}" / "project"
            done = subprocess.run(
                [sys.executable, str(HERE / "project.py"), str(project / "talks"),
                 str(project / "docs" / "index.md"), str(times)],
                env=ENV, capture_output=True, text=True, check=True, timeout=3600)
            stages = json.loads(done.stdout.strip().splitlines()[-1])
            kept = best.setdefault(n, stages)
            for key, value in stages.items():
                if key.endswith("_s"):
                    kept[key] = min(kept[key], value)
    for row in rows:
        stages = best[row["n"]]
        row.update({f"stage_{k}": v for k, v in stages.items()})
        row["stages_ms_per_talk"] = stages["total_s"] / row["n"] * 1000
        row["stages_share"] = stages["total_s"] / row["mkdocs_s"]
        # The judged figure: CPU seconds, because the machine may be shared (wall time of a
        # build swings with whatever else runs; the CPU it used does much less).
        row["stages_share_cpu"] = stages["total_cpu_s"] / row["mkdocs_cpu_s"]


def validate_beside_floor(talks: Path, logs: Path, times: int) -> dict[str, Any]:
    """`build-notes validate` and its floor (floor.py: read the files, parse the front matter
    with the C YAML loader) on the same tree, alternating, best of `times` each.

    validate keeps a memo of its verdicts keyed by each file's content (build_notes/memo.py),
    so it is measured three ways: cold (an empty memo, as on a fresh clone: every file is
    parsed and judged, and the memo written), warm (nothing changed since) and after one talk
    is edited (the usual run while writing notes). The warm run is the judged figure."""
    memo_dir = logs / "memo"
    edited = sorted(talks.glob("*/[!_]*.md"))[len(list(talks.glob("*"))) // 2]
    original = edited.read_bytes()
    command = [*build_notes_cmd(), "validate", str(talks)]
    runs: dict[str, list[ProcResult]] = {"cold": [], "warm": [], "edited": [], "floor": []}
    for _ in range(times):
        shutil.rmtree(memo_dir, ignore_errors=True)
        with_memo = {"BUILD_NOTES_CACHE_DIR": str(memo_dir)}
        runs["cold"].append(run_measured(command, logs / "validate.log", env=with_memo))
        runs["floor"].append(run_measured([sys.executable, str(HERE / "floor.py"), str(talks)],
                                          logs / "floor.log"))
        runs["warm"].append(run_measured(command, logs / "validate.log", env=with_memo))
        edited.write_bytes(original + b"\nOne more line of notes.\n")
        try:
            runs["edited"].append(run_measured(command, logs / "validate.log", env=with_memo))
        finally:
            edited.write_bytes(original)
    shutil.rmtree(memo_dir, ignore_errors=True)
    out = {"s": min(r.seconds for r in runs["warm"]),
           "cpu_s": min(r.cpu_s for r in runs["warm"]),
           "rss_mib": max(r.rss_mib for rs in runs.values() for r in rs)}
    for kind in ("cold", "edited", "floor"):
        out[f"{kind}_s"] = min(r.seconds for r in runs[kind])
        out[f"{kind}_cpu_s"] = min(r.cpu_s for r in runs[kind])
    out["floor_ratio"] = out["s"] / out["floor_s"]
    out["floor_ratio_cpu"] = out["cpu_s"] / out["floor_cpu_s"]
    out["floor_ratio_cold_cpu"] = out["cold_cpu_s"] / out["floor_cpu_s"]
    out["floor_ratio_edited_cpu"] = out["edited_cpu_s"] / out["floor_cpu_s"]
    return out


def measure_validate_scale(n: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """`build-notes validate` beside its floor on exactly `n` talks (the 10,000-talk target)."""
    talks = work / f"validate-n{n}" / "talks"
    log(f"validate at N={n:,}: generating")
    generate(talks, n, args.seed)
    log(f"validate at N={n:,}: build-notes validate and its floor")
    figures = validate_beside_floor(talks, talks.parent, 2)
    shutil.rmtree(talks.parent, ignore_errors=True)
    return {"n": n, "seconds": figures.pop("s"), **figures}


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
        stop_serving(proc)
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
                   help="rounds of stage runs over all sizes, each in a fresh process, best "
                   "kept (default 3)")
    p.add_argument("--build-repeat", type=int, default=0,
                   help="mkdocs builds of each kind, best kept (default 3 up to N=1,000, else 1)")
    p.add_argument("--validate-size", type=int, default=10_000,
                   help="also time `build-notes validate` alone on this many talks (0: skip)")
    p.add_argument("--serve-size", type=int, default=1000)
    p.add_argument("--zensical-size", type=int, default=1000)
    p.add_argument("--zensical", help="the zensical executable (default: on PATH, else "
                   "/tmp/zvenv/bin/zensical)")
    p.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild")
    p.add_argument("--no-zensical", action="store_true")
    p.add_argument("--profile", action="store_true",
                   help="write cProfile reports of the stages at the largest size")
    p.add_argument("--keep", action="store_true", help="keep the generated trees and sites")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    sizes = parse_sizes(args.sizes)
    _settle_sizes(args, sizes)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine_info(), "seed": args.seed, "sizes": []}

    for n in sizes:
        row = measure_size(n, args, args.work_dir, sizes[-1])
        results["sizes"].append(row)
        if "markup" not in results:
            results["markup"] = {
                "generated": markup_profile(notes_of(args.work_dir / f"n{n}/project/talks")),
                "seed": markup_profile(notes_of(REPO / "talks"))}
        log(f"N={n:,}: mkdocs {row['mkdocs_s']:.1f} s, baseline {row['baseline_s']:.1f} s")
    measure_stages(results["sizes"], args.work_dir, args.repeat or 3)
    _measure_extras(results, args)

    results["run_s"] = time.perf_counter() - started
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["targets"] = judge(results)
    (args.out_dir / "latest.json").write_text(json.dumps(results, indent=2, default=str),
                                              "utf-8")
    if args.results_md:
        write_markdown(results, Path(args.results_md), append=args.append)
    _print_summary(results, args.out_dir)
    if not args.keep:
        for n in sizes:
            shutil.rmtree(args.work_dir / f"n{n}", ignore_errors=True)
    return 0


def _settle_sizes(args: argparse.Namespace, sizes: list[int]) -> None:
    """The sizes of the extra measurements: None for those skipped, or not among `sizes`."""
    for name in ("serve_size", "zensical_size"):
        if getattr(args, name) not in sizes:
            setattr(args, name, None)
    if args.no_serve:
        args.serve_size = None
    if args.no_zensical:
        args.zensical_size = None


def _measure_extras(results: dict[str, Any], args: argparse.Namespace) -> None:
    """validate alone, mkdocs serve and Zensical, each at its own size."""
    if args.validate_size:
        results["validate_scale"] = measure_validate_scale(args.validate_size, args,
                                                           args.work_dir)
    if args.serve_size:
        log(f"mkdocs serve at N={args.serve_size:,}")
        results["serve"] = measure_serve(args.serve_size, args.work_dir)
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


def _print_summary(results: dict[str, Any], out_dir: Path) -> None:
    print(render_text(size_table(results["sizes"])))
    print()
    print(render_text(exponent_table(results["sizes"])))
    print()
    print(render_text([["target", "limit", "measured", "verdict"],
                       *([t["target"], t["limit"], t["measured"], t["verdict"]]
                         for t in results["targets"])]))
    extras = extras_lines(results)
    if extras:
        print()
        print("\n".join(extras))
    print(f"\nWhole run: {results['run_s']:.0f} s; JSON in {out_dir / 'latest.json'}")


if __name__ == "__main__":
    sys.exit(main())
