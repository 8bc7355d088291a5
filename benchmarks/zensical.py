"""Zensical, another renderer, building the pages written by `build-notes generate`."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml
from common import run_measured
from project import site_config, site_stats


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
