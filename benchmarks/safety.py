"""Figures for the allowlist (build_notes/markdown/safety.py): parser choice, the validator's body
check at scale, and the inputs that used to take minutes. Prints a table; asserts nothing.

    python benchmarks/safety.py [--talks 10000]

1. Parsers: the same rendered notes parsed by selectolax (Lexbor), html5lib, justhtml and
   sanitised by nh3, when installed (only selectolax is a dependency).
2. The body check of 10,000 generated talks, a quarter given `<` or `{` (code, comparisons,
   <kbd>, attribute lists), against reading the files and parsing their front matter.
3. Deep nesting: validate and render times of the issue's pathological bodies.
4. Quadratic shapes: the bodies that took Markdown minutes (refused now, in how long), and
   the largest body of each shape the limits let through, rendered as the site renders it
   (what a file can cost at most), beside an ordinary note of the same size.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate
from build_notes.content.load import _Loader
from build_notes.markdown.safety import (
    check_html,
    check_markdown,
    fast_path_safe,
    render_markdown,
    too_costly,
)

SNIPPETS = [
    "\nThe latency stayed < 5 ms until `queue_depth > 32`; see the config:\n\n```yaml\n"
    "osd: {memory_target: 4G}\n```\n",
    "\nUse `kubectl get pods -o jsonpath='{.items[*].metadata.name}'` to list them.\n",
    "\n| setting | value |\n| --- | --- |\n| `ratio` | < 0.8 |\n\n!!! note\n    Keep `x < y`.\n",
    "\nThe slide showed <kbd>Ctrl</kbd>+<kbd>C</kbd> and H<sub>2</sub>O.\n",
    "\nA heading\n{: #custom-anchor }\n",
]


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def parsers(htmls: list[str]) -> None:
    print("\n1. Parsing the rendered notes of", len(htmls), "talks")
    rows: list[tuple[str, Callable[[str], object]]] = [
        ("selectolax (Lexbor)", lambda h: check_html(h))]
    if importlib.util.find_spec("html5lib"):
        import html5lib
        rows.append(("html5lib (parse only)", lambda h: html5lib.parseFragment(h)))
    if importlib.util.find_spec("justhtml"):
        import justhtml
        rows.append(("justhtml (parse only)", lambda h: justhtml.JustHTML(h)))
    if importlib.util.find_spec("nh3"):
        import nh3
        rows.append(("nh3 (sanitise only)", lambda h: nh3.clean(h)))
    base = None
    for name, parse in rows:
        seconds = timed(lambda p=parse: [p(h) for h in htmls])  # type: ignore[misc]
        base = base or seconds
        print(f"   {name:<24} {seconds * 1000 / len(htmls):7.3f} ms/talk  {seconds / base:5.1f}x")


def at_scale(talks: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "talks"
        generate(root, talks)
        rng = random.Random(1)
        files = sorted(root.rglob("*.md"))
        for i, f in enumerate(files):
            if f.name != "_index.md" and i % 4 == 0:
                f.write_text(f.read_text("utf-8") + rng.choice(SNIPPETS), "utf-8")
        texts = [f.read_text("utf-8") for f in files]
        bodies = [t.split("---", 2)[2] for t in texts]
        baseline = timed(lambda: [yaml.load(f.read_text("utf-8").split("---", 2)[1],
                                            Loader=_Loader) for f in files])
        check = timed(lambda: [check_markdown(b) for b in bodies])
        rendered = sum(not fast_path_safe(b) for b in bodies)
        print(f"\n2. {len(files):,} files; {rendered:,} bodies need rendering, the rest take the "
              "fast path")
        print(f"   read + parse front matter   {baseline:6.2f} s")
        print(f"   body check (all bodies)     {check:6.2f} s  = {check / baseline:.2f}x the "
              "reading")
        parsers([render_markdown(b) for b in bodies if not fast_path_safe(b)][:500])


def deep() -> None:
    print("\n3. Pathological bodies (refused before rendering)")
    for name, body in [("'<' + '[' * 24000", "<" + "[" * 24000),
                       ("'a ' + '[' * 24000", "a " + "[" * 24000),
                       ("250 nested list levels",
                        "\n".join("    " * i + "- x" for i in range(250))),
                       ("46,656 '<b>' tags", "<b>x</b> " * 46656)]:
        seconds = timed(lambda b=body: check_markdown(b))  # type: ignore[misc]
        print(f"   {name:<26} {seconds:6.3f} s")


# Each shape repeated as often as the limits allow (found by bisection), and up to the file
# limit.
SHAPES = {"'[](' (an unclosed link)": "[](", "'a [b](c) ' (closed links, one block)": "a [b](c) ",
          "'> a [b](c)' lines (a quote)": "> a [b](c)\n", "'[a]:' lines (references)": "[a]:\n",
          "'# h' lines (headings)": "# h\n", "'*a* ' (emphasis)": "*a* ",
          "a block of 400 heading lines": "# h\n" * 400 + "\n",
          "'- [a](b)' lines (a list)": "- [a](b)\n", "'| [a](b) |' rows (a table)": "| [a](b) |\n"}


def _most(unit: str) -> int:
    lo, hi = 1, 100_000
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if too_costly(unit * mid) is None and len(unit * mid) <= 262_144:
            lo = mid
        else:
            hi = mid - 1
    return lo


def quadratic() -> None:
    print("\n4. Quadratic shapes: refused (a file of it), and the largest accepted, rendered")
    ordinary = ("A paragraph with [a link](https://x.org), `code < 5` and *emphasis*. " * 8
                + "\n\n") * 400
    for name, unit in SHAPES.items():
        too_much = (unit * 20_000)[:262_144]  # the file limit
        refused = timed(lambda b=too_much: check_markdown(b))  # type: ignore[misc]
        most = _most(unit)
        body = unit * most
        rendering = timed(lambda b=body: render_markdown(b))  # type: ignore[misc]
        same_size = ordinary[:len(body)]
        floor = timed(lambda b=same_size: render_markdown(b))  # type: ignore[misc]
        print(f"   {name:<40} refused in {refused:6.3f} s; {most:>6,} repeats "
              f"({len(body):>7,} B) render in {rendering:6.3f} s "
              f"({rendering / max(floor, 1e-6):5.1f}x an ordinary note of that size)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--talks", type=int, default=10_000)
    args = parser.parse_args()
    at_scale(args.talks)
    deep()
    quadratic()


if __name__ == "__main__":
    main()
