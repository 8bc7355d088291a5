"""What search costs a reader, at several site sizes, measured in Chromium.

    python benchmarks/search_cost.py [--talks 61 1000 20000] [--work DIR] [--search-only]

For each size: a synthetic talk tree (benchmarks/generate.py; 61 means the repository's own
talks), built with the repository's mkdocs.yml exactly as shipped (the talk-notes plugin with
`search: true`), served by a plain static server on 127.0.0.1 (`python -m http.server`, in
a process of its own), then, each in a fresh Chromium context:

- the bytes of a first page view: the home page and a talk page, with every asset;
- the header's box on the home page, nothing of the search loaded: the query typed, to its
  first results on screen, its 100 ms pause after typing included (the manifest, the
  index's manifest search/index/i.json.gz; the index files the word needs and its first
  results; the result files of any result that did not come with them), time and bytes;
- the Search page: the bytes of opening it (it gets the index's manifest and the rows file,
  search/facets/rows.json.gz), then a cold query (the first search: the index files and
  first results of its word) and a warm one (another word): time until the frame that
  shows the first screen of results (the first four, with the count and the filters'
  counts, or the whole page if its results came with the index), time until the frame that
  shows the whole first page (ten), and bytes. Timed in the page, from the query's Enter;
  then a third word typed key by key (60 ms apart, so its index files load while it is
  typed, as search.js means them to), from its Enter, the same two times.

And the search's index itself: the CPU time of reading the talk pages' records from the built
pages (search/records.py, as the plugin reads each page as it is finished), the CPU time of
writing the files from them (the facets, the result files, the words' files, the pairs, the
first results and the vocabulary), both in this process once the site is built, and their
size on disk.

With --search-only, the sites already built in --work (by an earlier run) are not built
again: only the search's files are, with this code: their records read again from the built
pages, the index, facets and result files written again (those of the last build removed),
the search's scripts copied again. A talk page's HTML does not depend on the index's format,
so a change of the format is measured at 20,000 talks in minutes, not in a build of half an
hour or more.

The cold query is the most common word of the synthetic notes ("ceph", in half the talks:
the most a query ranks and counts), the warm one a rarer word. Median of 5. Prints a
Markdown table; README's Performance section quotes it. The 20,000-talk build takes some
twenty minutes.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402  (benchmarks/generate.py, a script beside this one)
from common import machine_info  # noqa: E402  (benchmarks/common.py)

from tests.browser.serving import CHROMIUM_ARGS, find_chromium  # noqa: E402
from tests.conftest import build_site  # noqa: E402

# Timed in the page (performance.now()), not from Playwright, whose round trips to the
# browser would add some 100 ms to every figure. The search page marks the first screen of
# results shown with the status and the filters' counts (data-tn-listed), then its whole first
# page (data-tn-answered); the header's box marks its results (data-tn-answered). Each query:
# [ms until the frame that shows the first screen, ms until the frame that shows the page].
# [first screen, whole page] of query `q`, in ms from `began`, as `root`'s marks say: each
# to the frame after its mark (the header's box has no first-screen mark: both are its page).
WATCH = """(root, q, began) => new Promise(resolve => {
  const frame = () => new Promise(done => requestAnimationFrame(() => done()));
  const since = () => frame().then(() => performance.now() - began);
  let first = null;
  const watch = new MutationObserver(() => {
    if (first === null && root.getAttribute('data-tn-listed') === q) first = since();
    if (root.getAttribute('data-tn-answered') !== q) return;
    watch.disconnect();
    const page = since();
    Promise.all([first || page, page]).then(resolve);
  });
  watch.observe(root, {attributes: true});
})"""
QUERY = """async ([q, header]) => {
  const root = document.querySelector(header ? '.tn-hsearch__input' : '[data-tn-search-page]');
  const box = header ? root : root.querySelector('.tn-search__input');
  const done = (""" + WATCH + """)(root, q, performance.now());
  box.focus();
  box.value = q;
  box.dispatchEvent(new Event('input', {bubbles: true}));
  if (!header) box.form.requestSubmit();  // Enter: at once, without the typing pause
  return done;
}"""
# A query as a person makes it: typed key by key, then Enter (the word's index files load
# while it is typed, as search.js intends). Armed before the typing; from Enter, as QUERY.
TYPED = """q => { window.tnTyped = new Promise(resolve => {
  const root = document.querySelector('[data-tn-search-page]');
  const box = root.querySelector('.tn-search__input');
  const enter = ev => {
    if (ev.key !== 'Enter') return;
    box.removeEventListener('keydown', enter);
    (""" + WATCH + """)(root, q, performance.now()).then(resolve);
  };
  box.addEventListener('keydown', enter);
}); }"""
TYPING_DELAY_MS = 60  # between keys: a fast typist
RUNS = 5  # in fresh browser contexts; the median is kept


def project(work: Path, talks: int) -> Path:
    """A copy of the repository's mkdocs.yml and docs/ with `talks` talks."""
    root = work / f"project-{talks}"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    if talks == 61:
        shutil.copytree(ROOT / "talks", root / "talks")
    else:
        generate.generate(root / "talks", talks)
    return root


@contextlib.contextmanager
def static_server(site: Path) -> Iterator[str]:
    """`python -m http.server` on the site, in a process of its own (not a thread of this
    one, where Playwright's callbacks would take turns with it); yields its base URL."""
    server = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
         "--directory", str(site)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout is not None
        # "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
        port = re.search(r"port (\d+)", server.stdout.readline())
        if port is None:
            raise RuntimeError("python -m http.server did not say its port")
        yield f"http://127.0.0.1:{port[1]}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def measure(site: Path, queries: tuple[str, str, str]) -> dict[str, float]:
    with static_server(site) as base:
        return _measure(site, base, queries)


def _measure(site: Path, base: str, queries: tuple[str, str, str]) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    talk = next(p.parent for p in sorted((site / "talks").rglob("index.html")))
    talk_path = talk.relative_to(site).as_posix() + "/"
    out: dict[str, float] = {}
    transferred: list[int] = []  # bytes of each finished request since the last reset

    def count(request: Any) -> None:
        sizes = request.sizes()
        transferred.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])

    def kb_since(start: int) -> float:
        return sum(transferred[start:]) / 1024

    def settle(page: Any) -> None:
        """Until no request has finished for half a second. (wait_for_load_state is no use
        here: a loaded page stays "networkidle", and Playwright's events for the last
        requests can come after the query's answer.)"""
        while True:
            seen = len(transferred)
            page.wait_for_timeout(500)
            if len(transferred) == seen:
                return

    def fresh_page(browser: Any) -> tuple[Any, Any]:
        """A page in a new browser context (nothing cached) whose transfers are counted."""
        context = browser.new_context()
        context.on("requestfinished", count)
        return context, context.new_page()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_chromium(), headless=True,
                                     args=CHROMIUM_ARGS)
        for name, path in (("home_kb", ""), ("talk_kb", talk_path)):
            context, page = fresh_page(browser)
            start = len(transferred)
            page.goto(base + path, wait_until="networkidle")
            out[name] = kb_since(start)
            context.close()
        runs: dict[str, list[float]] = {k: [] for k in (
            "cold_ms", "cold_page_ms", "cold_kb", "warm_ms", "warm_page_ms", "warm_kb",
            "typed_ms", "typed_page_ms", "header_ms", "header_kb", "open_kb")}
        for _ in range(RUNS):
            # The header's box on the home page, nothing of the index loaded before:
            # the focus starts the engine, typing the query; then its 100 ms pause.
            context, page = fresh_page(browser)
            page.goto(base, wait_until="networkidle")
            start = len(transferred)
            runs["header_ms"].append(page.evaluate(QUERY, [queries[0], True])[1])
            settle(page)
            runs["header_kb"].append(kb_since(start))
            context.close()
            context, page = fresh_page(browser)
            start = len(transferred)
            page.goto(base + "search/", wait_until="networkidle")
            runs["open_kb"].append(kb_since(start))
            page.wait_for_function("() => document.querySelector('[data-tn-search-page]')"
                                   ".hasAttribute('data-tn-warm')")
            for label, query in (("cold", queries[0]), ("warm", queries[1])):
                start = len(transferred)
                first, whole = page.evaluate(QUERY, [query, False])
                runs[f"{label}_ms"].append(first)
                runs[f"{label}_page_ms"].append(whole)
                settle(page)
                runs[f"{label}_kb"].append(kb_since(start))
            page.evaluate(TYPED, queries[2])
            box = page.locator(".tn-search__input")
            box.fill("")
            box.press_sequentially(queries[2], delay=TYPING_DELAY_MS)
            box.press("Enter")
            first, whole = page.evaluate("() => window.tnTyped")
            runs["typed_ms"].append(first)
            runs["typed_page_ms"].append(whole)
            context.close()
        out.update({k: statistics.median(v) for k, v in runs.items()})
        browser.close()
    return out


# What the search writes under search/ (the Search page, search/index.html, is a page).
SEARCH_FILES = ("search/manifest.json", "search/facets", "search/index", "search/pages")


def rewrite_search(site: Path) -> None:
    """Remove the search's files of `site` and copy this code's search scripts into it, so
    that index_cost writes the search's files again as this code writes them."""
    from build_notes.assets import ASSET_DIR, assets

    for name in SEARCH_FILES:
        path = site / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    for path, text in assets().items():
        if path.startswith(f"{ASSET_DIR}/search"):
            (site / path).write_text(text, "utf-8")


def index_cost(root: Path, site: Path) -> tuple[float, float, float]:
    """(CPU seconds to read the records of the talk pages of the site built from `root` into
    `site`, CPU seconds to make the search's files from them, as the plugin makes them, MB
    of those files on disk). The files are written into `site` (as the build wrote them, or
    as this code writes them after rewrite_search)."""
    from build_notes.pipeline import check
    from build_notes.search.facets import search_files
    from build_notes.search.page_text import alias_names
    from build_notes.search.records import page_record
    from build_notes.site.urls import page_url, talk_uri

    corpus = check(root / "talks", render=False).corpus
    urls = [page_url(talk_uri(t), True) for t in corpus.talks]
    pages = {url: (site / url / "index.html").read_text("utf-8") for url in urls}
    start = time.process_time()
    records = {url: page_record(html, url) for url, html in pages.items()}
    reading = time.process_time() - start
    start = time.process_time()
    files = search_files(corpus.talks, lambda t: page_url(talk_uri(t), True), records,
                         alias_names(corpus.themes, corpus.tag_aliases))
    writing = time.process_time() - start
    for path, content in files.items():  # as finish.build_search writes them
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(content)
    return reading, writing, sum(map(len, files.values())) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--talks", type=int, nargs="+", default=[61, 1000, 20000])
    parser.add_argument("--work", type=Path, default=None, help="where to build (a temp dir)")
    parser.add_argument("--results-md", type=Path, default=None,
                        help="also append the table, dated, to this file (benchmarks/RESULTS.md)")
    parser.add_argument("--search-only", action="store_true",
                        help="the sites of --work built already: write only the search's files")
    args = parser.parse_args(argv)
    if args.search_only and not args.work:
        parser.error("--search-only measures the sites an earlier run built in --work")
    work = args.work or Path(tempfile.mkdtemp(prefix="search-cost-"))
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    rows = []
    for n in args.talks:
        if args.search_only:
            root, site = work / f"project-{n}", work / f"site-{n}"
            rewrite_search(site)
            built = 0.0
        else:
            root = project(work, n)
            start = time.perf_counter()
            site = build_site(root, work / f"site-{n}", strict=False).root
            built = time.perf_counter() - start
        # Written before the measure: with --search-only, these are the files measured.
        row: dict[str, float] = {}
        row["records_cpu_s"], row["index_cpu_s"], row["index_mb"] = index_cost(root, site)
        # The most frequent word, a rarer one, and one typed: synthetic vocabulary or seed.
        queries = ("ceph", "kvm", "dpdk") if n == 61 else ("ceph", "storage", "performance")
        row.update(measure(site, queries))
        rows.append((n, built, row))
        print(f"{n:,} talks built in {built:.0f} s: {row}", file=sys.stderr)
    lines = table(rows)
    print("\n".join(lines))
    if args.results_md:
        info = machine_info()
        with args.results_md.open("a", encoding="utf-8") as out:
            out.write("\n".join([
                "", f"## Search cost (`benchmarks/search_cost.py --talks "
                f"{' '.join(map(str, args.talks))}{' --search-only' if args.search_only else ''}`)",
                "", f"- Date: {info['date']}; commit {info['commit'] or '?'}; {info['cpu']}, "
                f"{info['cores']} cores; load average (1, 5, 15 min) at start {load_at_start}, "
                f"at end {info['load_average_at_start']}",
                "", *lines, ""]))
    return 0


def table(rows: list[tuple[int, float, dict[str, float]]]) -> list[str]:
    """The Markdown table of the rows (talks, seconds the build took, figures)."""
    lines = [
        "| Talks | First view, home (KB) | First view, talk (KB) | Header box, cold (ms) "
        "| Header box, cold (KB) | Search page opened (KB) "
        "| Cold query: first screen (ms) | whole page (ms) | Cold query (KB) "
        "| Warm: first screen (ms) | whole page (ms) | Warm (KB) "
        "| Typed then Enter: first screen (ms) | whole page (ms) "
        "| Records read (CPU s) | Index written (CPU s) | Index on disk (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, _, r in rows:
        lines.append(
            f"| {n:,} | {r['home_kb']:.0f} | {r['talk_kb']:.0f} | {r['header_ms']:.0f} "
            f"| {r['header_kb']:.0f} | {r['open_kb']:.0f} "
            f"| {r['cold_ms']:.0f} | {r['cold_page_ms']:.0f} | {r['cold_kb']:.0f} "
            f"| {r['warm_ms']:.0f} | {r['warm_page_ms']:.0f} | {r['warm_kb']:.0f} "
            f"| {r['typed_ms']:.0f} | {r['typed_page_ms']:.0f} "
            f"| {r['records_cpu_s']:.1f} | {r['index_cpu_s']:.1f} | {r['index_mb']:.1f} |")
    return lines
    return 0


if __name__ == "__main__":
    sys.exit(main())
