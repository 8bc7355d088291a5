"""The `build-notes` command line: validate, generate, schema, new, new-conference, import,
status, publish.

`main(argv)` returns the exit code: 0 fine, 1 problems in the content, 2 bad usage.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from build_notes.assets import assets
from build_notes.drafts import published, status_lines
from build_notes.errors import TalkNotesError
from build_notes.importers.model import ProgrammeError
from build_notes.importers.plan import Options, describe, plan_import, write_plan
from build_notes.importers.read import read_programme
from build_notes.load import CONFERENCE_FILE
from build_notes.model import Problem
from build_notes.pipeline import build, check
from build_notes.render import HOME, RenderOptions
from build_notes.scaffold import conference_file, id_from_title, talk_file
from build_notes.schema import json_schema, load_schema
from build_notes.text import plural, slugify
from build_notes.validate import check_values, outside_conference


class UsageError(TalkNotesError):
    """Bad or missing arguments: exit 2."""


def _print_problems(problems: Sequence[Problem], fmt: str) -> None:
    for p in problems:
        if fmt == "github":
            # GitHub Actions annotations; line 0 (the whole file) is shown at the top.
            kind = "warning" if p.severity == "warning" else "error"
            # The escapes of GitHub's workflow commands: data, and (more) property values.
            message = p.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            path = p.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A") \
                .replace(":", "%3A").replace(",", "%2C")
            line = f",line={p.line}" if p.line else ""
            print(f"::{kind} file={path}{line}::{message}")
        else:
            print(p)


def cmd_validate(args: argparse.Namespace) -> int:
    result = check(Path(args.talks_dir))
    _print_problems(result.problems, args.format)
    errors = result.errors
    corpus = result.corpus
    drafts = f" (and {plural(len(corpus.drafts), 'draft')})" if corpus.drafts else ""
    summary = (f"{plural(len(corpus.talks), 'talk')}{drafts} in "
               f"{plural(len(corpus.conferences), 'conference')}, "
               f"{plural(len(corpus.themes), 'theme')}")
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
    for src_uri, content in {**result.pages, **assets()}.items():
        path = out / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, "utf-8")
    print(f"Wrote {len(result.pages)} generated pages to {out}"
          + (f" (with the hand-written pages of {docs})" if docs else "") + ".", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    theme_ids = None
    if args.talks_dir:
        theme_ids = [t.id for t in check(Path(args.talks_dir)).corpus.themes]
    print(json.dumps(json_schema(args.kind, theme_ids), indent=2, ensure_ascii=False))
    return 0


def _ask(args: argparse.Namespace, wanted: dict[str, str]) -> None:
    """Fill missing required values by asking, on a terminal only; a pipe never waits."""
    missing = [name for name in wanted if not getattr(args, name)]
    if not missing:
        return
    if not sys.stdin.isatty():
        flags = ", ".join("--" + name.replace("_", "-") for name in missing)
        raise UsageError(f"missing {flags}; see build-notes {args.command} --help")
    for name in missing:
        print(f"{wanted[name]}: ", end="", file=sys.stderr, flush=True)  # stdout is the path
        answer = sys.stdin.readline()
        if not answer:
            raise UsageError("no answer; give the values as flags instead")
        answer = answer.strip()
        if name == "theme":
            setattr(args, name, answer.replace(",", " ").split())
        else:
            setattr(args, name, answer or None)


def _refuse(problems: Sequence[str], hint: str = "") -> int:
    for message in problems:
        print(f"build-notes: {message}", file=sys.stderr)
    if hint:
        print(hint, file=sys.stderr)
    return 1


def cmd_new(args: argparse.Namespace) -> int:
    talks = Path(args.talks_dir)
    corpus = check(talks).corpus
    conferences = {c.id: c for c in (*corpus.conferences, *corpus.unpublished_conferences)}
    theme_ids = [t.id for t in corpus.themes]
    _ask(args, {"conference": f"Conference id ({', '.join(conferences) or 'none yet'})",
                "title": "Title", "theme": f"Themes, space-separated ({', '.join(theme_ids)})"})
    conference = conferences.get(args.conference)
    if conference is None:
        return _refuse([f"unknown conference '{args.conference}'; known: "
                        f"{', '.join(conferences) or 'none'}"],
                       "Add one with: build-notes new-conference --id ... --name ... "
                       "--start YYYY-MM-DD --end YYYY-MM-DD")
    values: dict[str, Any] = {"title": args.title, "themes": args.theme}
    if args.format:
        values["format"] = args.format
    for key, given in [("speakers", args.speaker), ("organizations", args.organization),
                       ("tags", args.tag)]:
        if given:
            values[key] = given
    if args.date:
        values["date"] = args.date
    problems = check_values("talk", values, theme_ids)
    if not problems and args.date:
        outside = outside_conference(datetime.date.fromisoformat(args.date), conference)
        if outside:
            problems.append(f"date {outside}")
    talk_id = args.id or id_from_title(args.title)
    if not load_schema().slug_re.fullmatch(talk_id):
        problems.append("cannot make an id from the title; give one with --id (lowercase "
                        "letters, digits, single hyphens)")
    if problems:
        return _refuse(problems)
    path = talks / conference.id / f"{talk_id}.md"
    if path.exists():
        return _refuse([f"{path} already exists; edit it, or choose another --id"])
    path.write_text(talk_file(values), "utf-8")
    print(path)
    print("Now write the notes, then run: build-notes validate && mkdocs serve", file=sys.stderr)
    return 0


def cmd_new_conference(args: argparse.Namespace) -> int:
    talks = Path(args.talks_dir)
    if not talks.is_dir():
        raise TalkNotesError(f"{talks}: no such folder; run from the repository, or pass "
                             "--talks-dir")
    _ask(args, {"name": "Name (e.g. KubeCon EU 2024)", "start": "First day (YYYY-MM-DD)",
                "end": "Last day (YYYY-MM-DD)"})
    values: dict[str, Any] = {"name": args.name}
    if args.location:
        values["location"] = args.location
    values["start"], values["end"] = args.start, args.end
    if args.url:
        values["url"] = args.url
    problems = check_values("conference", values, [])
    if not problems and values["start"] > values["end"]:
        problems.append(f"end {args.end} is before start {args.start}")
    schema = load_schema()
    conference_id = args.id or slugify(args.name)
    if not schema.slug_re.fullmatch(conference_id):
        problems.append("cannot make an id from the name; give one with --id (lowercase "
                        "letters, digits, single hyphens)")
    elif conference_id in schema.reserved_ids:
        problems.append(f"'{conference_id}' is reserved for a page of the site; choose "
                        "another --id")
    if problems:
        return _refuse(problems)
    path = talks / conference_id / CONFERENCE_FILE
    if path.exists():
        return _refuse([f"{path} already exists; edit it, or choose another --id"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(conference_file(values), "utf-8")
    print(path)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    theme_map = {}
    for item in args.theme_map or []:
        track, sep, theme = item.rpartition("=")
        if not sep or not track.strip() or not theme.strip():
            raise UsageError(f"--theme-map {item!r}: write it as TRACK=THEME")
        theme_map[" ".join(track.split()).casefold()] = theme.strip()
    options = Options(args.conference, theme_map, args.default_theme)
    try:
        plan = plan_import(read_programme(Path(args.source)), Path(args.talks_dir), options)
    except ProgrammeError as e:
        return _refuse(e.problems, "Nothing was written.")
    if not args.dry_run:
        write_plan(plan)
    print("\n".join(describe(plan, args.dry_run)))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    result = check(Path(args.talks_dir))
    print("\n".join(status_lines(result.corpus)) or "No talks yet.")
    if result.errors:
        print(f"{len(result.errors)} problem(s) found (files with errors are not counted); "
              "run build-notes validate", file=sys.stderr)
        return 1
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    ready, refused = [], []
    for key in args.talks:
        try:
            ready.append(published(Path(args.talks_dir), key))
        except TalkNotesError as e:
            refused.append(str(e))
    if refused:  # all or nothing: a typo in one name publishes none
        return _refuse(refused, "Nothing was published.")
    for path, text in ready:
        path.write_text(text, "utf-8")
    print(f"Published {plural(len(ready), 'talk')}; check with: build-notes validate")
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

    p = sub.add_parser("schema", help="print the JSON Schema of front matter, for editors")
    p.add_argument("kind", nargs="?", choices=["talk", "conference", "theme"], default="talk")
    p.add_argument("--talks-dir", default="", help="limit themes to those of this folder's "
                   "themes.yml")
    p.set_defaults(func=cmd_schema)

    formats = list(load_schema().formats)
    p = sub.add_parser("new", help="scaffold a talk file that validates as written")
    p.add_argument("--conference", help="the conference id (its folder under talks/)")
    p.add_argument("--title", help="the talk's title as the conference gave it")
    p.add_argument("--theme", action="append", help="a theme id; repeat for several")
    p.add_argument("--format", choices=formats, help="default: talk")
    p.add_argument("--speaker", action="append", help="repeat for several")
    p.add_argument("--organization", action="append", help="repeat for several")
    p.add_argument("--tag", action="append", help="repeat for several")
    p.add_argument("--date", help="YYYY-MM-DD, within the conference")
    p.add_argument("--id", help="the file name without .md (default: from the title)")
    p.add_argument("--talks-dir", default="talks", help="default: talks")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("new-conference", help="scaffold a conference folder and its _index.md")
    p.add_argument("--name", help="e.g. KubeCon EU 2024")
    p.add_argument("--start", help="first day, YYYY-MM-DD")
    p.add_argument("--end", help="last day, YYYY-MM-DD")
    p.add_argument("--location")
    p.add_argument("--url", help="the conference's site, http(s)")
    p.add_argument("--id", help="the folder name (default: from the name)")
    p.add_argument("--talks-dir", default="talks", help="default: talks")
    p.set_defaults(func=cmd_new_conference)

    p = sub.add_parser("import", help="import a conference's published programme as draft "
                       "talks (frab schedule.xml, schedule.json, a PyVideo event folder)")
    p.add_argument("source", metavar="SOURCE", help="schedule.xml, schedule.json, or a "
                   "PyVideo event folder (category.json and videos/)")
    p.add_argument("--conference", metavar="ID", help="the conference folder (default: from "
                   "the programme's acronym or title)")
    p.add_argument("--theme-map", action="append", metavar="TRACK=THEME",
                   help="give the talks of a track a theme; repeat for several")
    p.add_argument("--default-theme", metavar="ID", help="the theme of talks whose track is "
                   "not mapped")
    p.add_argument("--dry-run", action="store_true", help="show what would be written, "
                   "write nothing")
    p.add_argument("--talks-dir", default="talks", help="default: talks")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("status", help="list the drafts of each conference")
    p.add_argument("talks_dir", nargs="?", default="talks", metavar="TALKS_DIR",
                   help="the talks folder (default: talks)")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("publish", help="publish drafts whose notes are written (removes "
                       "'draft: true')")
    p.add_argument("talks", nargs="+", metavar="CONFERENCE/TALK")
    p.add_argument("--talks-dir", default="talks", help="default: talks")
    p.set_defaults(func=cmd_publish)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse exits 2 on bad usage and 0 on --help
        return int(e.code or 0)
    try:
        return int(args.func(args))
    except TalkNotesError as e:  # UsageError included
        print(f"build-notes: {e}", file=sys.stderr)
        return 2
    except EOFError:  # the terminal closed while asking
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
