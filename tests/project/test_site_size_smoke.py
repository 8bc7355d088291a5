"""benchmarks/site_size.py at a tiny N, so that it keeps working between the runs whose
figures the README quotes. No size or time thresholds: they are the benchmark's to report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_site_size_reports_every_kind_of_page_and_both_builds(tmp_path: Path) -> None:
    figures = tmp_path / "figures.json"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "site_size.py"),
                          "--talks", "20", "--work-dir", str(tmp_path / "work"),
                          "--json", str(figures)],
                         capture_output=True, text=True, check=False, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(figures.read_text("utf-8"))
    kinds = result["kinds"]
    assert {"talk", "conference", "theme", "organisation", "speaker", "tag", "home", "search",
            "explore", "stats", "404", "conference listing"} <= set(kinds)
    assert kinds["talk"]["pages"] == 20
    assert 0 < result["talk_theme_median"] < kinds["talk"]["median"] <= kinds["talk"]["max"]
    assert result["html_bytes"] == sum(k["total"] for k in kinds.values())
    assert result["html_bytes"] < result["site_bytes"]
    assert result["build_cpu_s"] > 0 and result["baseline_cpu_s"] > 0
    for line in ("| talk | 20 |", "the whole site", "Baseline (no plugin)"):
        assert line in run.stdout, run.stdout
