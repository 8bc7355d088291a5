"""The `build-notes` command line: validate, generate, finish, schema, new, new-conference,
new-theme, import, status, publish.

`main(argv)` returns the exit code: 0 fine, 1 problems in the content, 2 bad usage.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from build_notes import memo
from build_notes.assets import assets
from build_notes.cli.interview import Check, Form, Question
from build_notes.content.drafts import conference_ids, publications, status_lines
from build_notes.content.fields import json_schema, markdown_table
from build_notes.content.load import CONFERENCE_FILE, THEMES_FILE, display_root
from build_notes.content.model import Problem
from build_notes.content.scaffold import (
    conference_file,
    id_from_title,
    one_sentence,
    talk_file,
    theme_entry,
)
from build_notes.content.schema import Field, load_schema
from build_notes.content.validate import check_value, outside_conference
from build_notes.errors import TalkNotesError
from build_notes.finish import FinishError, finish_site, read_settings
from build_notes.pipeline import Result, build, check
from build_notes.safe_write import (
    UnsafePathError,
    check_target,
    read_file,
    refuse_links_to,
    write_file,
)
from build_notes.site.pieces import RenderOptions
from build_notes.site.urls import HOME
from build_notes.text import did_you_mean, plural, printable, quoted


class UsageError(TalkNotesError):
    """Bad or missing arguments: exit 2."""


class ContentError(TalkNotesError):
    """The talk files have problems, already printed: exit 1."""


def _print_problems(problems: Sequence[Problem], fmt: str, file: TextIO | None = None) -> None:
    for p in problems:
        if fmt == "github":
            # GitHub Actions annotations; line 0 (the whole file) is shown at the top.
            kind = {"warning": "warning", "note": "notice"}.get(p.severity, "error")
            # The escapes of GitHub's workflow commands: data, and (more) property values.
            message = p.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            path = printable(p.path).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A") \
                .replace(":", "%3A").replace(",", "%2C")
            line = f",line={p.line}" if p.line else ""
            print(f"::{kind} file={path}{line}::{message}", file=file)
        else:
            print(p, file=file)


def cmd_validate(args: argparse.Namespace) -> int:
    talks_dir = Path(args.talks_dir)
    result = check(talks_dir, memo=None if args.no_cache else memo.for_tree(talks_dir, "validate"))
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


def _refuse_output(out: Path, talks: Path, docs: Path | None) -> None:
    """Refuse an OUT_DIR whose writing would overwrite or mix with the sources, or that a
    link would send elsewhere."""
    refuse_links_to(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{_shown(out)} is a file, not a folder; give a new or empty "
                         "folder, e.g. build-notes generate build/pages")
    target = out.resolve()
    sources = [(talks.resolve(), "the talks folder")]
    if docs is not None:
        sources.append((docs.resolve(), "the docs folder"))
    for place, what in sources:
        relation = ("is" if target == place else "contains" if place.is_relative_to(target)
                    else "lies inside" if target.is_relative_to(place) else None)
        if relation:
            raise UsageError(f"{_shown(out)} {relation} {what} ({_shown(place)}): generated "
                             "pages would overwrite or mix with the sources; give another "
                             "folder, e.g. build-notes generate build/pages")
    # The project: the folder of the talks (and of mkdocs.yml); OUT may lie inside it, but
    # may not be it or hold it.
    for root in {talks.resolve().parent, Path.cwd().resolve()}:
        if root.is_relative_to(target):
            raise UsageError(f"{_shown(out)} is or contains the project folder "
                             f"({_shown(root)}); give a folder of its own, e.g. "
                             "build-notes generate build/pages")


def _hand_written(docs: Path) -> dict[str, bytes]:
    """The files of the docs folder, by their path in it (read as MkDocs reads them)."""
    return {path.relative_to(docs).as_posix(): path.read_bytes()
            for path in sorted(docs.rglob("*")) if path.is_file()}


def _shown(path: Path) -> str:
    return printable(str(path))


def cmd_generate(args: argparse.Namespace) -> int:
    out = Path(args.out_dir)
    docs = Path(args.docs_dir) if args.docs_dir else None
    _refuse_output(out, Path(args.talks_dir), docs)
    intro = ""
    if docs is not None:
        if not docs.is_dir():
            raise TalkNotesError(f"{docs}: no such folder (pass --docs-dir, or --docs-dir '' "
                                 "to leave hand-written pages out)")
        if (docs / HOME).is_file():
            intro = (docs / HOME).read_text("utf-8")
    # With the Search page: `build-notes finish` makes its index from the built pages.
    result = build(Path(args.talks_dir), RenderOptions(home_intro=intro, search=True))
    _print_problems(result.problems, "text")
    if result.pages is None:
        print(f"{len(result.errors)} problem(s) found; nothing was written.", file=sys.stderr)
        return 1
    written: dict[str, str | bytes] = {}
    if docs is not None:
        written.update(_hand_written(docs))
    written.update({**result.pages, **assets()})
    for relative, content in written.items():
        write_file(out, relative, content, replace=True, make_folders=True)
    print(f"Wrote {len(result.pages)} generated pages to {out}"
          + (f" (with the hand-written pages of {docs})" if docs else "") + ".", file=sys.stderr)
    return 0


def cmd_finish(args: argparse.Namespace) -> int:
    settings = read_settings(Path(args.config_file))
    problems, summary = finish_site(Path(args.site_dir), Path(args.talks_dir), settings,
                                    docs_dir=Path(args.docs_dir))
    _print_problems(problems, "text")
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(f"{len(errors)} problem(s) found; nothing was changed.", file=sys.stderr)
        return 1
    print(summary, file=sys.stderr)
    return 0


def _checked(talks_dir: Path) -> Result:
    """The tree, validated; refused (with its problems printed) when themes.yml or a
    conference's _index.md has one, since what a command derives from them (theme ids, known
    conferences) could be wrong. A talk file still being written (its template text left in,
    say) is no reason to refuse scaffolding the next one."""
    result = check(talks_dir)
    derived_from = (f"/{THEMES_FILE}", f"/{CONFERENCE_FILE}")
    errors = [p for p in result.errors if p.path.endswith(derived_from)]
    if errors:
        _print_problems(errors, "text", sys.stderr)  # stdout is the command's output
        raise ContentError(f"{len(errors)} problem(s) in {talks_dir}; fix them first "
                           "(build-notes validate lists them)")
    return result


def cmd_schema(args: argparse.Namespace) -> int:
    if args.markdown:
        print(markdown_table(args.kind), end="")
        return 0
    theme_ids = None
    if args.talks_dir:
        theme_ids = [t.id for t in _checked(Path(args.talks_dir)).corpus.themes]
    print(_schema_text(args.kind, theme_ids), end="")
    return 0


# The editors' schemas committed beside the talks folder (docs/contributing.md, "Checking
# front matter in your editor"); they list the theme ids, so new-theme refreshes them.
EDITOR_SCHEMAS = "schemas"
SCHEMA_KINDS = ("talk", "conference", "theme")


def _schema_text(kind: str, theme_ids: Sequence[str] | None) -> str:
    return json.dumps(json_schema(kind, theme_ids), indent=2, ensure_ascii=False) + "\n"


def _editor_schemas(talks: Path) -> list[tuple[str, str]]:
    """(kind, path under the project) of each schemas/<kind>.schema.json committed beside
    `talks`."""
    return [(kind, f"{EDITOR_SCHEMAS}/{kind}.schema.json") for kind in SCHEMA_KINDS
            if (talks.parent / EDITOR_SCHEMAS / f"{kind}.schema.json").is_file()]


def _form(args: argparse.Namespace, required: Sequence[str]) -> Form:
    """Asks on a terminal only, in a pipe (CI, scripts) nothing may wait for an answer; and
    only when a required flag is missing: whoever gives them all chose flags over questions."""
    asks = sys.stdin.isatty() and not all(getattr(args, name) for name in required)
    return Form(args.command, asks, sys.stdin, sys.stderr)


def _refuse(problems: Sequence[str], hint: str) -> int:
    """Print the problems and what happened instead (exit 1)."""
    for message in problems:
        print(f"build-notes: {message}", file=sys.stderr)
    print(hint, file=sys.stderr)
    return 1


def _finish(form: Form) -> int | None:
    """In a pipe, the exit code when values are missing (2) or wrong (1); else None."""
    missing = form.usage_problems()
    if missing:
        raise UsageError(missing)
    for message in form.problems:
        print(f"build-notes: {message}", file=sys.stderr)
    return 1 if form.problems else None


def _field_question(kind: str, field: Field, flag: str, theme_ids: Sequence[str] = (),
                    also: Check | None = None) -> Question:
    """A question for one front-matter key, checked with the validator's rule for it."""
    def check_field(value: Any) -> list[str]:
        # Other required keys are asked separately: only this key's problems count.
        problems = check_value(kind, field.name, value, theme_ids)
        return problems or (also(value) if also else [])

    return Question(flag=f"--{flag}", label=field.name, doc=field.doc, required=field.required,
                    many=field.type.endswith("-list"), words=field.type == "theme-list",
                    integer=field.type == "integer",
                    known=theme_ids if field.type == "theme-list" else field.choices,
                    check=check_field)


def _id_question(what: str, default: str | None, taken: Check) -> Question:
    def check_id(value: Any) -> list[str]:
        schema = load_schema()
        if not schema.is_id(value):
            return [f"{quoted(value)} is not an id: use lowercase letters, digits and single "
                    f"hyphens, at most {schema.max_id_length} characters"]
        if value in schema.reserved_ids:
            return [f"'{value}' is reserved for a page of the site; choose another --id"]
        return taken(value)

    return Question(flag="--id", label="id", doc=what, required=True, default=default,
                    check=check_id)


# `new` takes a talk's list keys one value per flag, repeated: --theme ceph --theme nfv.
# Drafts come from `build-notes import`; a scaffolded talk is one being written now. The
# keys only a programme gives are the import's too (and can be written by hand).
_NOT_SCAFFOLDED = ("draft", "slot", "language", "programme_id", "imported")
_TALK_FLAGS = {"themes": "theme", "speakers": "speaker", "organizations": "organization",
               "tags": "tag"}


def cmd_new(args: argparse.Namespace) -> int:
    talks = Path(args.talks_dir)
    corpus = _checked(talks).corpus
    conferences = {c.id: c for c in (*corpus.conferences, *corpus.unpublished_conferences)}
    theme_ids = [t.id for t in corpus.themes]
    form = _form(args, ["conference", "title", "theme"])

    def known_conference(value: Any) -> list[str]:
        if value in conferences:
            return []
        return [f"unknown conference {quoted(value)}; known: "
                f"{', '.join(conferences) or 'none'} (add one with: build-notes "
                "new-conference)"]

    conference = conferences.get(form.value(Question(
        flag="--conference", label="conference", doc="its folder under talks/", required=True,
        known=list(conferences), check=known_conference), args.conference))

    def within_conference(value: Any) -> list[str]:
        outside = conference and outside_conference(datetime.date.fromisoformat(value),
                                                    conference)
        return [f"date {outside}"] if outside else []

    values: dict[str, Any] = {}
    for field in load_schema().talk.values():
        if field.name in _NOT_SCAFFOLDED:
            continue
        flag = _TALK_FLAGS.get(field.name, field.name)
        question = _field_question("talk", field, flag, theme_ids,
                                   within_conference if field.name == "date" else None)
        value = form.value(question, getattr(args, flag))
        if value is not None:
            values[field.name] = value

    def new_file(value: Any) -> list[str]:
        path = talks / conference.id / f"{value}.md" if conference else None
        return [f"{path} already exists; edit it, or choose another --id"] \
            if path and path.exists() else []

    default_id = id_from_title(values["title"]) if "title" in values else ""
    talk_id = None
    if "title" in values and not (default_id or args.id or form.interactive):
        form.problems.append("cannot make an id from the title; give one with --id "
                             "(lowercase letters, digits, single hyphens)")
    elif "title" in values or form.interactive:
        talk_id = form.value(_id_question("the file name without .md", default_id or None,
                                          new_file), args.id)
    refused = _finish(form)
    if refused is not None:
        return refused
    assert conference is not None and talk_id  # every value passed its check
    path = write_file(talks, f"{conference.id}/{talk_id}.md", talk_file(values))
    print(path)
    print("Now replace the template text with your notes, then run: build-notes validate && "
          "mkdocs serve", file=sys.stderr)
    return 0


def cmd_new_conference(args: argparse.Namespace) -> int:
    talks = Path(args.talks_dir)
    if not talks.is_dir():
        raise TalkNotesError(f"{talks}: no such folder; run from the repository, or pass "
                             "--talks-dir")
    form = _form(args, ["name", "start", "end"])
    values: dict[str, Any] = {}

    def after_start(value: Any) -> list[str]:
        start = values.get("start")
        return [f"end {value} is before start {start}"] if start and value < start else []

    for field in load_schema().conference.values():
        question = _field_question("conference", field, field.name,
                                   also=after_start if field.name == "end" else None)
        value = form.value(question, getattr(args, field.name))
        if value is not None:
            values[field.name] = value

    def new_folder(value: Any) -> list[str]:
        path = talks / value / CONFERENCE_FILE
        return [f"{path} already exists; edit it, or choose another --id"] \
            if path.exists() else []

    default_id = load_schema().suggest_id(values["name"], "") if "name" in values else ""
    conference_id = None
    if "name" in values and not (default_id or args.id or form.interactive):
        form.problems.append("cannot make an id from the name; give one with --id (lowercase "
                             "letters, digits, single hyphens)")
    elif "name" in values or form.interactive:
        conference_id = form.value(_id_question("the folder's name under talks/",
                                                default_id or None, new_folder), args.id)
    refused = _finish(form)
    if refused is not None:
        return refused
    assert conference_id  # every value passed its check
    path = write_file(talks, f"{conference_id}/{CONFERENCE_FILE}", conference_file(values),
                      make_folders=True)
    print(path)
    print(f"Now add talks: build-notes new --conference {conference_id}", file=sys.stderr)
    return 0


def cmd_new_theme(args: argparse.Namespace) -> int:
    talks = Path(args.talks_dir)
    themes_file = talks / THEMES_FILE
    if not themes_file.is_file():
        raise TalkNotesError(f"{themes_file}: no such file; run from the repository, or pass "
                             "--talks-dir")
    taken = [t.id for t in check(talks).corpus.themes]
    form = _form(args, ["id", "name", "description"])

    def new_theme(value: Any) -> list[str]:
        return [f"theme '{value}' is already in {themes_file}; use it, or choose another "
                "--id"] if value in taken else []

    values: dict[str, Any] = {}
    for field in load_schema().theme.values():
        if field.name == "id":
            question = _id_question(field.doc, None, new_theme)
        else:
            question = _field_question("theme", field, field.name, also=one_sentence
                                       if field.name == "description" else None)
        value = form.value(question, getattr(args, field.name))
        if value is not None:
            values[field.name] = value
    refused = _finish(form)
    if refused is not None:
        return refused
    text = read_file(talks, THEMES_FILE, load_schema().max_file_bytes)
    separator = b"" if not text or text.endswith(b"\n") else b"\n"
    schemas = _editor_schemas(talks)
    for _, relative in schemas:  # a link there refuses it all, before themes.yml is written
        check_target(talks.parent, relative, replace=True)
    write_file(talks, THEMES_FILE, text + separator + theme_entry(values).encode(), replace=True)
    print(themes_file)
    # In step with themes.yml, as `build-notes schema KIND --talks-dir` prints them.
    for kind, relative in schemas:
        print(write_file(talks.parent, relative, _schema_text(kind, [*taken, values["id"]]),
                         replace=True))
    print(f"Now use it in a talk (themes: [{values['id']}]) and propose it all in one pull "
          "request.", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    # Imported here: the importers' dependencies (defusedxml) are not the validator's, which
    # is all the pre-commit hook installs.
    from build_notes.importers.plan import Options, describe, plan_import, write_plan
    from build_notes.importers.programme_model import ProgrammeError
    from build_notes.importers.read import read_programme

    theme_map = {}
    for item in args.theme_map or []:
        track, sep, theme = item.rpartition("=")
        if not sep or not track.strip() or not theme.strip():
            raise UsageError(f"--theme-map {item!r}: write it as TRACK=THEME")
        theme_map[" ".join(track.split()).casefold()] = theme.strip()
    options = Options(args.conference, theme_map, args.default_theme, args.dry_run)
    try:
        plan = plan_import(read_programme(Path(args.source)), Path(args.talks_dir), options)
    except ProgrammeError as e:
        return _refuse(e.problems, "Nothing was written.")
    if not args.dry_run:
        write_plan(plan)
    print("\n".join(describe(plan, args.dry_run)))
    return 0


def _status_scope(args: argparse.Namespace) -> tuple[Path, list[str]]:
    """The talks folder and the conferences `status` is asked about: `status CONFERENCE`,
    `status TALKS_DIR` (a folder with themes.yml), or a conference's folder; and --conference."""
    talks, conferences = Path(args.talks_dir), list(args.conference or [])
    if args.target:
        target = Path(args.target)
        if (target / THEMES_FILE).is_file():
            talks = target
        elif (target.parent / THEMES_FILE).is_file() and target.is_dir():
            talks, conferences = target.parent, [*conferences, target.name]
        else:
            conferences.append(args.target)
    return talks, conferences


def cmd_status(args: argparse.Namespace) -> int:
    talks, conferences = _status_scope(args)
    result = check(talks, memo=memo.for_tree(talks, "validate"))
    shown_root = display_root(talks)
    known = conference_ids(result.corpus, result.problems, shown_root)
    for conference_id in conferences:
        if conference_id not in known:
            raise UsageError(f"no conference {quoted(conference_id)} in {shown_root}; "
                             f"{did_you_mean(conference_id, known)}known: "
                             f"{', '.join(known) or 'none'}")
    lines = status_lines(result.corpus, result.problems, shown_root, conferences, args.day)
    print("\n".join(lines) or "No talks yet.")
    if result.corpus.drafts:
        folder = shlex.quote(printable(str(talks)))
        more = "" if talks == Path("talks") else f" --talks-dir {folder}"
        print(f"Publish a draft whose notes are written with: build-notes publish{more} PATH",
              file=sys.stderr)
    if result.errors:
        print(f"{len(result.errors)} problem(s) found, in the files listed under "
              "'problems'; run build-notes validate", file=sys.stderr)
        return 1
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    talks = Path(args.talks_dir)
    ready, refused, warnings = publications(talks, args.talks, memo.for_tree(talks, "validate"))
    _print_problems(warnings, "text", sys.stderr)
    if refused:  # all or nothing: a typo in one name publishes none
        return _refuse(refused, "Nothing was published; every file is as it was.")
    for publication in ready:  # each was read through no link (drafts.publications)
        write_file(talks, publication.relative, publication.text, replace=True)
        print(publication.shown)
    print(f"Published {plural(len(ready), 'talk')}: only the 'draft: true' line was removed.",
          file=sys.stderr)
    return 0


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quoted(value)} is not a day; write it as "
                                         "YYYY-MM-DD, e.g. 2024-02-03") from None


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
    p.add_argument("--no-cache", action="store_true",
                   help="judge every file afresh, without the memo of the last run's verdicts "
                   "(kept in ~/.cache/build-notes, keyed by each file's content)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("generate", help="write the generated pages as Markdown files, for "
                       "another renderer (ProperDocs, Zensical) or for inspection")
    p.add_argument("out_dir", metavar="OUT_DIR")
    p.add_argument("--talks-dir", default="talks", help="the talks folder (default: talks)")
    p.add_argument("--docs-dir", default="docs", help="hand-written pages copied alongside "
                   "(default: docs; '' for none)")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("finish", help="after another renderer built the pages generate "
                       "wrote: check the notes in them, link the feed, add the search box and "
                       "build the search index, as the MkDocs plugin does")
    p.add_argument("site_dir", metavar="SITE_DIR", help="the folder the renderer built")
    p.add_argument("--talks-dir", default="talks", help="the talks folder (default: talks)")
    p.add_argument("--config-file", "-f", default="mkdocs.yml", help="the renderer's "
                   "configuration: site_name, site_url, use_directory_urls, repo_url, edit_uri "
                   "and markdown_extensions are read (default: mkdocs.yml)")
    p.add_argument("--docs-dir", default="docs", help="the folder edit_uri points at, for "
                   "the edit links to talk files (default: docs)")
    p.set_defaults(func=cmd_finish)

    p = sub.add_parser("schema", help="print the JSON Schema of front matter, for editors")
    p.add_argument("kind", nargs="?", choices=SCHEMA_KINDS, default="talk")
    p.add_argument("--talks-dir", default="", help="limit themes to those of this folder's "
                   "themes.yml (the committed schemas/ are made so); refused when the folder "
                   "has problems")
    p.add_argument("--markdown", action="store_true", help="print the table of keys of the "
                   "docs (README, contributing page) instead")
    p.set_defaults(func=cmd_schema)

    # Every option of the scaffold commands is also asked on a terminal; each key's help is
    # the schema's own line on it.
    schema = load_schema()
    talk_doc = {name: field.doc for name, field in schema.talk.items()}
    p = sub.add_parser("new", help="scaffold a talk file; on a terminal it asks for each value")
    p.add_argument("--conference", help="the conference id (its folder under talks/)")
    p.add_argument("--title", help=talk_doc["title"])
    p.add_argument("--theme", action="append", help="a theme id from talks/themes.yml; "
                   "repeat for several")
    p.add_argument("--format", choices=list(schema.formats), help="default: talk")
    for flag, key in [("speaker", "speakers"), ("organization", "organizations"),
                      ("tag", "tags")]:
        p.add_argument(f"--{flag}", action="append", help=f"{talk_doc[key]} Repeat for "
                       "several.")
    for key, field in schema.talk.items():  # the rest, including keys added to schema.yml
        if key not in (*_TALK_FLAGS, "title", "format", *_NOT_SCAFFOLDED):
            p.add_argument(f"--{key}", type=int if field.type == "integer" else str,
                           help=field.doc)
    p.add_argument("--id", help="the file name without .md (default: from the title)")
    p.add_argument("--talks-dir", default="talks", help="the talks folder (default: talks)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("new-conference", help="scaffold a conference folder and its "
                       f"{CONFERENCE_FILE}; on a terminal it asks for each value")
    for key, field in schema.conference.items():
        example = f" (e.g. {field.example})" if field.example else ""
        p.add_argument(f"--{key}", help=f"{field.doc}{example}")
    p.add_argument("--id", help="the folder name (default: from the name)")
    p.add_argument("--talks-dir", default="talks", help="the talks folder (default: talks)")
    p.set_defaults(func=cmd_new_conference)

    p = sub.add_parser("new-theme", help=f"add a theme to {THEMES_FILE} (and to the editor "
                       f"schemas in {EDITOR_SCHEMAS}/ beside it); on a terminal it asks for "
                       "each value")
    for key, field in schema.theme.items():
        p.add_argument(f"--{key}", help=field.doc)
    p.add_argument("--talks-dir", default="talks", help="the talks folder (default: talks)")
    p.set_defaults(func=cmd_new_theme)

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

    p = sub.add_parser("status", help="list the drafts of each conference by day, with their "
                       "titles, and the files with problems")
    p.add_argument("target", nargs="?", metavar="CONFERENCE",
                   help="only this conference (or a talks folder, as --talks-dir)")
    p.add_argument("--conference", action="append", metavar="ID",
                   help="only this conference; repeat for several")
    p.add_argument("--day", type=_day, metavar="YYYY-MM-DD", help="only the drafts of this day")
    p.add_argument("--talks-dir", default="talks", help="default: talks")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("publish", help="publish drafts whose notes are written and that "
                       "validate: removes the 'draft: true' line, nothing else")
    p.add_argument("talks", nargs="+", metavar="CONFERENCE/TALK",
                   help="e.g. fosdem-2024/my-talk, or a path that build-notes status prints")
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
        code = int(args.func(args))
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        return code
    except (BrokenPipeError, OSError) as e:
        # `| head -1` closed stdout (not an error for the user), or `> /dev/full`. Python
        # would flush stdout again at exit and print a traceback: point it at /dev/null.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if isinstance(e, BrokenPipeError):
            return 141 if os.name == "posix" else 1  # as a shell reports SIGPIPE
        what = printable(str(e.filename)) if e.filename else "the output"
        print(f"build-notes: cannot write {what}: {e.strerror or e}", file=sys.stderr)
        return 1
    except (ContentError, UnsafePathError, FinishError) as e:
        print(f"build-notes: {e}", file=sys.stderr)
        return 1
    except TalkNotesError as e:  # UsageError included
        print(f"build-notes: {e}", file=sys.stderr)
        return 2
    except EOFError:  # the terminal closed while asking
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
