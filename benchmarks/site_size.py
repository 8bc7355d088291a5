"""What the built site weighs, by kind of page, and what the build costs beside a plain one.

Why: GitHub Pages publishes a site of at most 1 GB, and a page's HTML is what a reader's
first view downloads (issue 31: a 20,000-talk site was 1.2 GB, a talk page 21 KB of HTML for
a few KB of notes). For a synthetic tree of N talks (`generate.py`) this builds the site with
the repository's mkdocs.yml as shipped and prints, for each kind of page, how many there are
and the median, largest and total bytes of their HTML, the theme's share of a talk page
(its bytes beyond its article's), and the whole site's bytes; then, unless `--no-baseline`,
the same pages written by `build-notes generate` built without the plugin, and the ratio of
the two builds' times (issue 31 keeps it within 1.10).

    python benchmarks/site_size.py --talks 1000
    python benchmarks/site_size.py --talks 20000 --no-baseline --work-dir /tmp/size-20000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from common import build_notes_cmd, log, run_measured
from generate import generate  # benchmarks/ is sys.path[0] when run as a script
from project import write_config, write_docs
from selectolax.lexbor import LexborHTMLParser

# The first folder of a page's URL -> its kind; a folder's own index is its listing.
_KINDS = {"talks": "talk", "conferences": "conference", "themes": "theme",
          "organizations": "organisation", "speakers": "speaker", "tags": "tag"}


def page_kind(path: str) -> str:
    """The kind of the page written at `path` (relative to the site, directory URLs)."""
    parts = path.split("/")[:-1]  # without index.html
    if not parts:
        return "404" if path == "404.html" else "home"
    kind = _KINDS.get(parts[0])
    if kind is None:
        return parts[0]  # search, explore, stats, about, contributing
    return f"{kind} listing" if len(parts) == 1 or parts[1] == "page" else kind


def theme_bytes(page: str) -> int:
    """A page's bytes beyond its article's: what the theme costs it."""
    article = LexborHTMLParser(page).css_first("article")
    return len(page.encode()) - len((article.html or "").encode() if article else b"")


def site_sizes(site: Path) -> dict[str, Any]:
    """Bytes by kind of page, the theme's bytes on talk pages, and the whole site's."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    total = 0
    theme: list[int] = []
    for dirpath, _dirs, files in os.walk(site):
        for name in files:
            path = Path(dirpath, name)
            total += path.stat().st_size
            if not name.endswith(".html"):
                continue
            relative = path.relative_to(site).as_posix()
            kind = page_kind(relative)
            by_kind[kind].append(path.stat().st_size)
            if kind == "talk" and len(theme) < 500:  # a sample is enough: the theme is alike
                theme.append(theme_bytes(path.read_text("utf-8")))
    kinds = {kind: {"pages": len(sizes), "median": statistics.median(sizes),
                    "max": max(sizes), "total": sum(sizes)}
             for kind, sizes in sorted(by_kind.items(), key=lambda kv: -sum(kv[1]))}
    return {"site_bytes": total, "html_bytes": sum(k["total"] for k in kinds.values()),
            "kinds": kinds,
            "talk_theme_median": statistics.median(theme) if theme else 0,
            "talk_theme_max": max(theme, default=0)}


def build_times(project: Path, work: Path, timeout: float) -> dict[str, float]:
    """The plugin's build beside the baseline: the pages `build-notes generate` writes,
    built without the plugin."""
    baseline = work / "baseline"
    generated = run_measured([*build_notes_cmd(), "generate", str(baseline / "docs"),
                              "--talks-dir", str(project / "talks"),
                              "--docs-dir", str(project / "docs")], work / "logs" / "generate.log")
    write_config(baseline, plugin=False)
    write_docs(baseline / "docs", generated=frozenset())
    plain = run_measured([sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d",
                          str(work / "site-baseline")], work / "logs" / "baseline.log",
                         cwd=baseline, timeout=timeout)
    return {"generate_s": generated.seconds, "baseline_s": plain.seconds,
            "baseline_cpu_s": plain.cpu_s, "baseline_load": _load()}


def _load() -> float:
    """The machine's load over the last minute: the wall-clock figures depend on it (two
    cores, shared), the CPU ones far less."""
    return round(os.getloadavg()[0], 2)


def table(sizes: dict[str, Any]) -> str:
    lines = ["| Page | Pages | Median | Largest | All |", "| --- | ---: | ---: | ---: | ---: |"]
    for kind, row in sizes["kinds"].items():
        lines.append(f"| {kind} | {row['pages']:,} | {row['median'] / 1024:.1f} KB | "
                     f"{row['max'] / 1024:.1f} KB | {row['total'] / 1e6:.1f} MB |")
    lines.append(f"| all HTML | | | | {sizes['html_bytes'] / 1e6:.1f} MB |")
    lines.append(f"| the whole site | | | | {sizes['site_bytes'] / 1e6:.1f} MB |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talks", type=int, default=1000, help="N, the number of talks")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/talk-notes-size"))
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the build without the plugin (sizes only)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--timeout", type=float, default=4 * 3600,
                        help="seconds a build may take (20,000 talks on a shared 2-core "
                        "machine took over an hour)")
    args = parser.parse_args(argv)
    work: Path = args.work_dir
    if work.exists():
        shutil.rmtree(work)
    project = work / "project"
    log(f"N={args.talks:,}: generating")
    generate(project / "talks", args.talks, args.seed)
    write_docs(project / "docs")
    write_config(project, plugin=True)
    log(f"N={args.talks:,}: mkdocs build with the plugin")
    built = run_measured([sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d",
                          str(work / "site")], work / "logs" / "build.log", cwd=project,
                         timeout=args.timeout)
    figures: dict[str, Any] = {"talks": args.talks, "build_s": built.seconds,
                               "build_cpu_s": built.cpu_s, "build_rss_mib": built.rss_mib,
                               "build_load": _load()}
    log(f"N={args.talks:,}: sizes")
    figures.update(site_sizes(work / "site"))
    if not args.no_baseline:
        log(f"N={args.talks:,}: the baseline build")
        figures.update(build_times(project, work, args.timeout))
    print(f"N = {args.talks:,} talks\n")
    print(table(figures))
    print(f"\nA talk page's theme (its bytes beyond the article): median "
          f"{figures['talk_theme_median'] / 1024:.1f} KB, largest "
          f"{figures['talk_theme_max'] / 1024:.1f} KB")
    print(f"Build with the plugin: {built.seconds:.1f} s ({built.cpu_s:.1f} s CPU), "
          f"peak {built.rss_mib:.0f} MiB, load {figures['build_load']} at its end")
    if not args.no_baseline:
        print(f"Baseline (no plugin): {figures['baseline_s']:.1f} s "
              f"({figures['baseline_cpu_s']:.1f} s CPU, load {figures['baseline_load']} at its "
              "end); ratio "
              f"{built.seconds / figures['baseline_s']:.2f} "
              f"({built.cpu_s / figures['baseline_cpu_s']:.2f} in CPU)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
