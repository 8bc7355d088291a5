"""The targets, each judged PASS / FAIL with its figure, and the tables of the report."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from common import exponent

# The issues' targets (8 and 13). Each speed target is a ratio to the same work done the
# simplest way, measured in the same run, so that it holds on any machine.
STAGES_SHARE_MAX = 0.05  # build_notes stages / whole `mkdocs build`, at N=1,000
FLOOR_RATIO_MAX = 1.5  # `build-notes validate` / reading + C-YAML-parsing the front matter
BUILD_RATIO_MAX = 1.10  # plugin build / the same pages built without it, N=1,000
LARGEST_PAGE_MAX_KB = 300.0  # at N=20,000
SEARCH_MAX_MS = 300.0
SEARCH_MAX_MB = 5.0
LINEAR_MAX_EXPONENT = 1.15  # t ~ N**k between the two largest sizes; 1 is linear
# Each stage's exponent is printed between every two sizes measured.
EXPONENT_SERIES = {"stage load": "stage_load", "stage validate": "stage_validate",
                   "stage group": "stage_group", "stage render": "stage_render",
                   "`build-notes validate`": "validate_cli", "validate floor": "floor",
                   "mkdocs build": "mkdocs", "baseline build": "baseline"}


def exponent_table(rows: Sequence[dict[str, Any]]) -> list[list[str]]:
    """k in CPU time ~ N**k for every stage, between each two consecutive sizes and from the
    smallest to the largest: 1 is linear."""
    spans = list(itertools.pairwise(rows))
    if len(rows) > 2:
        spans.append((rows[0], rows[-1]))
    table = [["stage (CPU time)", *(f"N={a['n']:,}→{b['n']:,}" for a, b in spans)]]
    for label, key in EXPONENT_SERIES.items():
        cells = []
        for a, b in spans:
            k = exponent(a["n"], a[f"{key}_cpu_s"], b["n"], b[f"{key}_cpu_s"])
            cells.append("–" if k is None else f"{k:.2f}")
        table.append([label, *cells])
    return table


def judge(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Issues 8 and 13's targets, each with its measured figure and PASS / FAIL / n/a."""
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
    scale = results.get("validate_scale") or (rows[-1] if rows else None)
    if scale:
        ratio = scale["floor_ratio_cpu"]
        seconds = scale.get("seconds", scale.get("validate_cli_s"))
        add(f"`build-notes validate` vs its floor at N={scale['n']:,} (CPU time, warm memo)",
            f"≤ {FLOOR_RATIO_MAX}x", f"{ratio:.2f}x ({seconds:.2f} s vs {scale['floor_s']:.2f} s"
            f" wall; {scale['floor_ratio']:.2f}x in wall time; one talk edited "
            f"{scale['floor_ratio_edited_cpu']:.2f}x; cold, empty memo "
            f"{scale['floor_ratio_cold_cpu']:.2f}x)", ratio <= FLOOR_RATIO_MAX
            if scale["n"] >= 10_000 else None,
            "" if scale["n"] >= 10_000 else "N=10,000 not measured: --validate-size 10000")
    if ref:
        ratio = ref["build_ratio_cpu"]
        add(f"plugin build vs the same pages without it (N={ref['n']:,}, CPU)",
            f"≤ {BUILD_RATIO_MAX:.2f}x", f"{ratio:.2f}x ({ref['mkdocs_cpu_s']:.1f} s vs "
            f"{ref['baseline_cpu_s']:.1f} s; {ref['build_ratio']:.2f}x in wall time)",
            ratio <= BUILD_RATIO_MAX)
    if len(rows) >= 2:
        a, b = rows[-2], rows[-1]
        # Judged on CPU seconds (see stages_share_cpu); wall seconds shown beside.
        for label, key in EXPONENT_SERIES.items():
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
    return targets


ROWS: list[tuple[str, str, str]] = [
    # (label, key, format)
    ("conferences", "conferences", "{:,}"),
    ("talk files (MB)", "talk_files_mb", "{:.1f}"),
    ("`build-notes validate`, warm memo (s)", "validate_cli_s", "{:.2f}"),
    ("  per talk (ms)", "validate_cli_ms_per_talk", "{:.3f}"),
    ("  CPU (s)", "validate_cli_cpu_s", "{:.2f}"),
    ("  one talk edited, CPU (s)", "validate_cli_edited_cpu_s", "{:.2f}"),
    ("  cold, empty memo, CPU (s)", "validate_cli_cold_cpu_s", "{:.2f}"),
    ("floor: read + C-YAML front matter (s)", "floor_s", "{:.2f}"),
    ("  CPU (s)", "floor_cpu_s", "{:.2f}"),
    ("validate / floor, CPU: warm", "floor_ratio_cpu", "{:.2f}x"),
    ("  one talk edited", "floor_ratio_edited_cpu", "{:.2f}x"),
    ("  cold", "floor_ratio_cold_cpu", "{:.2f}x"),
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
    ("build ratio: plugin / baseline", "build_ratio", "{:.2f}x"),
    ("  in CPU time", "build_ratio_cpu", "{:.2f}x"),
    ("stages share of build", "stages_share", "{:.1%}"),
    ("  in CPU time", "stages_share_cpu", "{:.1%}"),
    ("`build-notes generate` (s)", "generate_cli_s", "{:.2f}"),
    ("peak RSS, plugin build (MiB)", "mkdocs_rss_mib", "{:.0f}"),
    ("peak RSS, baseline build (MiB)", "baseline_rss_mib", "{:.0f}"),
    ("peak RSS, validate (MiB)", "validate_cli_rss_mib", "{:.0f}"),
    ("build warnings (plugin/baseline)", "warnings", "{}"),
    ("HTML pages", "html_pages", "{:,}"),
    ("site size (MB)", "site_mb", "{:.1f}"),
    ("search index on disk (MB)", "search_mb", "{:.2f}"),
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
    markup = results.get("markup")
    if markup:
        out.append("- Notes' markup, share of notes holding each kind (generated vs the "
                   "repository's seed talks): " + "; ".join(
                       f"{kind} {markup['generated'][kind]:.1%} vs {markup['seed'][kind]:.1%}"
                       for kind in markup["generated"]) + ".")
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
        out.append(f"- `build-notes validate` on {scale['n']:,} talks, with the memo of the "
                   f"last run's verdicts: {scale['seconds']:.2f} s ({scale['cpu_s']:.2f} s "
                   f"CPU; peak RSS {scale['rss_mib']:.0f} MiB); its floor, reading the same "
                   f"files and parsing their front matter with the C YAML loader, "
                   f"{scale['floor_s']:.2f} s ({scale['floor_cpu_s']:.2f} s CPU): "
                   f"{scale['floor_ratio_cpu']:.2f}x the floor in CPU time. After one talk "
                   f"is edited: {scale['edited_s']:.2f} s "
                   f"({scale['floor_ratio_edited_cpu']:.2f}x). Cold, with an empty memo (a "
                   f"fresh clone; every note with markup rendered): {scale['cold_s']:.2f} s "
                   f"({scale['floor_ratio_cold_cpu']:.2f}x).")
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
        f" MkDocs {m['mkdocs']}, mkdocs-material {m['mkdocs-material']}",
        f"- Whole run: {results['run_s'] / 60:.1f} min; load average (1, 5, 15 min) at start "
        f"{m['load_average_at_start']}, at end {m.get('load_average_at_end')}",
        "",
        h(2, "By size"),
        "",
        render_markdown(size_table(results["sizes"])),
        "",
        h(2, "Growth: exponent k of CPU time ~ N^k (1 is linear)"),
        "",
        render_markdown(exponent_table(results["sizes"])),
        "",
        *(f"Largest HTML pages at N={r['n']:,}: " + ", ".join(
            f"{page.removesuffix('index.html') or '/'} ({kb:,} KB)"
            for page, kb in r["largest_html_top"]) + "." for r in results["sizes"][-1:]
          if r.get("largest_html_top")),
        "",
        h(2, "Targets (issues 8 and 13)"),
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
