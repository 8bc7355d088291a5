"""Search in headless Chromium: material's built-in search and the Pagefind search page."""

from __future__ import annotations

import contextlib
import json
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import version  # first: puts tests/ in reach
from generate import GeneratedTree  # benchmarks/ is sys.path[0] when run as a script

from tests.browser.serving import find_chromium, launch_chromium, serve

# A throttled link shows what localhost hides: the cost of downloading the index.
THROTTLE = {"mbps": 20.0, "latency_ms": 40.0}




@dataclass
class Served:
    """One request as the server saw it: path, bytes on the wire, when it finished."""

    path: str
    bytes: int
    at: float


class StaticServer:
    """The site served as the browser tests serve it, text gzipped as a CDN does, every
    response's bytes counted on the server side (exact, and no browser API needed)."""

    def __init__(self, root: Path) -> None:
        self.requests: list[Served] = []
        self.lock = threading.Lock()
        self._stack = contextlib.ExitStack()
        self.url = self._stack.enter_context(
            serve(root, gzip_text=True, record=self._record)).rstrip("/")

    def _record(self, path: str, sent: int) -> None:
        with self.lock:
            self.requests.append(Served(path, sent, time.perf_counter()))

    def mark(self) -> int:
        with self.lock:
            return len(self.requests)

    def since(self, mark: int) -> list[Served]:
        with self.lock:
            return list(self.requests[mark:])

    def close(self) -> None:
        self._stack.close()


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
    executable = find_chromium()
    if executable is None:
        raise RuntimeError("no Chromium: apt-get install chromium, or set CHROMIUM_PATH")
    return launch_chromium(playwright, executable)


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


def shipped_bundle(site: Path) -> dict[str, Any]:
    """The Pagefind index the plugin built (`pagefind: true`), as the site ships it."""
    bundle = site / "pagefind"
    files = [p for p in bundle.rglob("*") if p.is_file()]
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    return {"bundle_files": len(files),
            "bundle_mb": sum(p.stat().st_size for p in files) / 1e6,
            "indexed_pages": sum(lang.get("page_count", 0)
                                 for lang in entry.get("languages", {}).values())}


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


def measure_pagefind(n: int, site: Path, queries: Sequence[str],
                     reps: int = 3) -> dict[str, Any]:
    """The Pagefind index as shipped (built by the plugin during `mkdocs build`), queried
    through Pagefind's default UI in Chromium; then its filters, checked."""
    from playwright.sync_api import sync_playwright

    figures = shipped_bundle(site)
    page_dir = site / "pagefind-test"
    page_dir.mkdir(exist_ok=True)
    (page_dir / "index.html").write_text(PAGEFIND_TEST_PAGE.format(bundle="pagefind"), "utf-8")
    server = StaticServer(site)
    try:
        with sync_playwright() as p:
            browser = _launch(p)
            try:
                for throttled in (False, True):
                    runs = [_search_once(
                        browser, server, f"{server.url}/pagefind-test/",
                        "input.pagefind-ui__search-input", ".pagefind-ui__result", queries,
                        throttled=throttled, press_after_fill=False) for _ in range(reps)]
                    figures["throttled" if throttled else "local"] = _median_of(runs)
                context = browser.new_context()
                try:
                    page = context.new_page()
                    page.goto(f"{server.url}/pagefind-test/")
                    figures["filter_check"] = page.evaluate(_FILTERS_JS,
                                                            ["../pagefind/", queries[0]])
                finally:
                    context.close()
            finally:
                browser.close()
    finally:
        server.close()
    return {"n": n, "version": version("pagefind"), "queries": list(queries),
            "shipped": figures}
