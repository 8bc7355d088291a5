"""The generated project (mkdocs.yml from the repository's, hand-written pages) and what is
measured on it in-process: the build_notes stages, the built site's sizes."""

from __future__ import annotations

import cProfile
import gc
import io
import os
import pstats
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from common import REPO

from build_notes.assets import ASSET_DIR, SCRIPTS, STYLESHEETS
from build_notes.content.load import load_tree
from build_notes.content.validate import validate
from build_notes.site.group import group
from build_notes.site.pages import render
from build_notes.site.pieces import RenderOptions
from build_notes.site.urls import INDEX_PAGES

# --- The generated project --------------------------------------------------------------------

class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing anything: tags (!ENV ...) read as None."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_config(plugin: bool) -> dict[str, Any]:
    """The repository's mkdocs.yml (theme, extensions, nav, CSS, plugins) with our paths.

    Taking the real theme features, Markdown extensions and plugins makes the build cost the
    one the real site pays, the search's index included (`search: true`, as shipped). The baseline
    is the same without the talk-notes plugin: the pages come from `build-notes generate`.
    """
    real = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=_AnyTagLoader)
    config: dict[str, Any] = {"site_name": "Talk notes benchmark",
                              "site_url": "https://notes.example.org/", "docs_dir": "docs",
                              "strict": False}
    for key in ("theme", "markdown_extensions", "nav", "extra_css", "extra_javascript"):
        if key in real:
            config[key] = real[key]
    config["plugins"] = []
    for entry in real.get("plugins", []):
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        if name != "talk-notes":
            config["plugins"].append(entry)
        elif plugin:
            config["plugins"].append({name: {**(options or {}), "talks_dir": "talks"}})
    if not plugin:
        # What the plugin says with InclusionLevel.NOT_IN_NAV, said the MkDocs way.
        config["not_in_nav"] = "/talks/\n/themes/\n/conferences/\n/organizations/\n"
        # And the styles and scripts its on_config adds (`build-notes generate` writes them).
        config["extra_css"] = [*config.get("extra_css", []),
                               *(f"{ASSET_DIR}/{name}" for name in STYLESHEETS)]
        config["extra_javascript"] = [*config.get("extra_javascript", []),
                                      *(f"{ASSET_DIR}/{name}" for name in SCRIPTS)]
    return config


def nav_pages(nav: Any) -> list[str]:
    """The .md files the navigation names."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    if isinstance(nav, list):
        return [page for item in nav for page in nav_pages(item)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in nav_pages(value)]
    return []


def write_docs(docs: Path, *, generated: frozenset[str] = INDEX_PAGES) -> None:
    """The hand-written pages: a home intro, and a stand-in for every other page of the
    navigation that nobody generates (`generated`), so the build has nothing to warn about.

    Not the repository's docs/: those are pages whose links follow the site as it is being
    changed, and a link to a page not generated yet would warn in every build.
    """
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text(
        "# Talk notes\n\nNotes taken while watching conference talks. Browse them by "
        "[theme](themes/index.md), [conference](conferences/index.md) or "
        "[organization](organizations/index.md).\n", "utf-8")
    for page in nav_pages(site_config(plugin=True).get("nav", [])):
        path = docs / page
        if page not in generated and not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"# {Path(page).stem.capitalize()}\n\nA stand-in page for the "
                            "scale benchmark.\n", "utf-8")


def write_config(project: Path, plugin: bool) -> Path:
    path = project / "mkdocs.yml"
    path.write_text(yaml.safe_dump(site_config(plugin), sort_keys=False, allow_unicode=True),
                    "utf-8")
    return path


def time_stages(talks: Path, home_intro: str, times: int,
                profile_to: Path | None = None) -> dict[str, Any]:
    """Each build_notes stage in-process (the plugin runs them the same way), run `times`
    times back to back; each figure is the mean of those runs.

    A mean over a span, not the best of short runs: run.py gives every size the same work
    (`times` = largest size / this size), so a sample at 1,000 talks spans as many seconds as
    one at 20,000. The best of short runs favours small sizes, because a short run fits in a
    burst of machine speed more often than a long one (on this machine the same 5,000-talk
    stages have taken 9.6 s and 12.9 s a minute apart)."""
    total = dict.fromkeys(("load", "validate", "group", "render"), 0.0)
    cpu = dict(total)
    pages: dict[str, str] = {}
    errors = warnings = 0
    for _ in range(times):
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
        for name, seconds, cpu_s in zip(total, (t1 - t0, t2 - t1, t3 - t2, t4 - t3),
                                        (c1 - c0, c2 - c1, c3 - c2, c4 - c3), strict=True):
            total[name] += seconds / times
            cpu[name] += cpu_s / times
        errors = sum(p.severity == "error" for p in problems)
        warnings = sum(p.severity == "warning" for p in problems)
        del records, corpus, groups
    if profile_to is not None:
        profile_stages(talks, home_intro, profile_to)
    largest = max(pages.items(), key=lambda kv: len(kv[1].encode()))
    return {
        **{f"{name}_s": seconds for name, seconds in total.items()},
        "total_s": sum(total.values()),
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
    # The search's files, which a reader fetches in pieces (compressed, and named by their
    # content but for the manifest).
    index = sum(p.stat().st_size for p in (site / "search").rglob("*.json*") if p.is_file())
    return {
        "site_mb": total / 1e6, "html_pages": html_pages,
        "search_mb": index / 1e6,
        "largest_html_kb": largest / 1024, "largest_html": largest_path,
        # The runners-up say which page would be the next to outgrow the limit.
        "largest_html_top": [[path, round(size / 1024)] for size, path in pages[:5]],
    }


def count_warnings(output: str) -> int:
    return sum(1 for line in output.splitlines() if line.lstrip().startswith("WARNING"))


if __name__ == "__main__":
    # One measurement of the stages in a process of its own (run.py's measure_stages):
    # python benchmarks/project.py TALKS_DIR HOME_INTRO_FILE [TIMES] -> one line of JSON.
    import json
    import sys

    talks_dir, intro_file = Path(sys.argv[1]), Path(sys.argv[2])
    times = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    print(json.dumps(time_stages(talks_dir, intro_file.read_text("utf-8"), times)))
