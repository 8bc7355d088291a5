"""The `build-notes` command line: validate, generate, schema, new, new-conference.

`main(argv)` returns the exit code: 0 fine, 1 problems in the content, 2 bad usage.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from build_notes.errors import TalkNotesError
from build_notes.model import Problem
from build_notes.pipeline import build, check
from build_notes.render import HOME, RenderOptions


def _print_problems(problems: Sequence[Problem], fmt: str) -> None:
    for p in problems:
        if fmt == "github":
            # GitHub Actions annotations; line 0 (the whole file) is shown at the top.
            kind = "warning" if p.severity == "warning" else "error"
            message = p.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            line = f",line={p.line}" if p.line else ""
            print(f"::{kind} file={p.path}{line}::{message}")
        else:
            print(p)


def cmd_validate(args: argparse.Namespace) -> int:
    result = check(Path(args.talks_dir))
    _print_problems(result.problems, args.format)
    errors = result.errors
    summary = (f"{len(result.corpus.talks)} talks in {len(result.corpus.conferences)} "
               f"conferences, {len(result.corpus.themes)} themes")
    if errors:
        print(f"{len(errors)} problem(s) found; fix them and run again.", file=sys.stderr)
        return 1
    print(f"OK: {summary}.", file=sys.stderr)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    out = Path(args.out_dir)
    docs = Path(args.docs_dir) if args.docs_dir else None
    intro = ""
    if docs is not None:
        if not docs.is_dir():
            raise TalkNotesError(f"{docs}: no such folder (pass --docs-dir, or --docs-dir '' "
                                 "to leave hand-written pages out)")
        if (docs / HOME).is_file():
            intro = (docs / HOME).read_text("utf-8")
    result = build(Path(args.talks_dir), RenderOptions(home_intro=intro))
    _print_problems(result.problems, "text")
    if result.pages is None:
        print(f"{len(result.errors)} problem(s) found; nothing was written.", file=sys.stderr)
        return 1
    if docs is not None:
        shutil.copytree(docs, out, dirs_exist_ok=True)
    for src_uri, content in result.pages.items():
        path = out / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, "utf-8")
    print(f"Wrote {len(result.pages)} generated pages to {out}"
          + (f" (with the hand-written pages of {docs})" if docs else "") + ".", file=sys.stderr)
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build-notes",
        description="Validate talk files and generate the pages of the talk-notes site.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check every talk file and report every problem")
    p.add_argument("talks_dir", nargs="?", default="talks", metavar="TALKS_DIR",
                   help="the talks folder (default: talks)")
    p.add_argument("--format", choices=["text", "github"], default="text",
                   help="text: path:line: message; github: GitHub Actions annotations")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("generate", help="write the generated pages as Markdown files, for "
                       "another renderer (ProperDocs, Zensical) or for inspection")
    p.add_argument("out_dir", metavar="OUT_DIR")
    p.add_argument("--talks-dir", default="talks", help="the talks folder (default: talks)")
    p.add_argument("--docs-dir", default="docs", help="hand-written pages copied alongside "
                   "(default: docs; '' for none)")
    p.set_defaults(func=cmd_generate)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse exits 2 on bad usage and 0 on --help
        return int(e.code or 0)
    try:
        return int(args.func(args))
    except TalkNotesError as e:
        print(f"build-notes: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
