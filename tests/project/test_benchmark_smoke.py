"""The scale benchmark (benchmarks/) at a tiny N, so that it cannot rot between full runs.

The full run takes minutes and is not part of the test suite; this one takes seconds and
checks only that every stage still runs and reports every column with a sane value. No
timing thresholds: timings on a shared CI machine say nothing at N=20.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from build_notes.pipeline import check

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "benchmarks"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", BENCHMARKS / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_generated_trees_are_deterministic_valid_and_varied(tmp_path: Path) -> None:
    generate = _generator().generate
    tree = generate(tmp_path / "a", 120, seed=3)
    generate(tmp_path / "b", 120, seed=3)
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")
    assert _snapshot(tmp_path / "a") != _snapshot(generate(tmp_path / "c", 120, seed=4).root)

    result = check(tmp_path / "a")
    assert result.errors == [], result.errors[:5]
    assert len(result.corpus.talks) == tree.talks == 120
    assert len(result.corpus.conferences) == tree.conferences == 3  # N/50, rounded up
    assert len(result.corpus.themes) == 15
    talks = result.corpus.talks
    assert all(1 <= len(t.themes) <= 3 for t in talks)
    assert len({o for t in talks for o in t.organizations}) > 40
    assert sum(t.rating is not None for t in talks) > 10
    bodies = "\n".join(t.body for t in talks)
    assert "!!! opinion\n\n    " in bodies
    assert any(ch.isdigit() for ch in bodies)
    words = {w for w in bodies.lower().split() if w.isalpha()}
    assert len(words) > 2000  # a large vocabulary, not one repeated sentence
    # The markup of technical notes, which sends the validator and renderer down their slow
    # paths: every kind is there, and about a quarter of the notes hold `<` or `{`.
    profile = _generator().markup_profile([t.body for t in talks])
    assert 0.15 <= profile["< or {"] <= 0.45, profile
    for kind in ("code span", "fenced code", "table", "admonition (not opinion)", "link",
                 "list", "opinion box"):
        assert profile[kind] > 0, kind


def test_small_run_reports_every_column(tmp_path: Path) -> None:
    out = tmp_path / "results"
    work = tmp_path / "work"
    cmd = [sys.executable, str(BENCHMARKS / "run.py"), "--sizes", "20,40",
           "--no-serve", "--no-zensical",
           "--validate-size", "0", "--repeat", "1", "--build-repeat", "1",
           "--out-dir", str(out), "--work-dir", str(work),
           "--results-md", str(out / "RESULTS.md")]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]

    results = json.loads((out / "latest.json").read_text("utf-8"))
    assert [row["n"] for row in results["sizes"]] == [20, 40]
    for row in results["sizes"]:
        for key in ("validate_cli_s", "validate_cli_cpu_s", "stage_load_s", "stage_validate_s",
                    "stage_group_s", "stage_render_s", "stage_total_s", "mkdocs_s",
                    "mkdocs_cpu_s", "baseline_s", "baseline_cpu_s", "generate_cli_s",
                    "mkdocs_rss_mib", "baseline_rss_mib", "site_mb", "search_mb",
                    "largest_html_kb", "floor_s", "floor_cpu_s",
                    "floor_ratio_cpu", "floor_ratio_cold_cpu", "floor_ratio_edited_cpu",
                    "validate_cli_cold_cpu_s", "validate_cli_edited_cpu_s", "build_ratio",
                    "build_ratio_cpu"):
            assert row[key] > 0, key
        assert row["stage_errors"] == 0
        assert row["mkdocs_warnings"] == 0
        assert row["baseline_warnings"] == 0
        assert row["stage_pages"] > row["n"]  # a page per talk, plus listings and indexes
        assert row["html_pages"] >= row["stage_pages"]
        assert 0 < row["stages_share_cpu"] < 1
        assert row["largest_html"].endswith(".html")
    targets = {t["target"]: t["verdict"] for t in results["targets"]}
    assert any(name.startswith("build_notes stages share") for name in targets)
    assert any("linear in N" in name for name in targets)
    assert set(targets.values()) <= {"PASS", "FAIL", "n/a"}
    assert results["machine"]["cores"] >= 1 and results["machine"]["python"]

    for label in ("`build-notes validate`, warm memo (s)", "stage render (s)",
                  "mkdocs build, baseline (s)",
                  "peak RSS, plugin build (MiB)", "search index on disk (MB)",
                  "largest HTML page (KB)", "validate / floor, CPU",
                  "build ratio: plugin / baseline", "stage (CPU time)"):
        assert label in proc.stdout
    summary = (out / "RESULTS.md").read_text("utf-8")
    assert "## By size" in summary and "N=40" in summary and "## Targets" in summary
    assert "## Growth: exponent k" in summary and "Notes' markup" in summary
    assert not (work / "n20").exists()  # trees and sites are removed unless --keep
