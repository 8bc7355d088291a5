"""Validation: records -> the corpus of valid content, plus every problem found.

Never raises for bad content: each rule appends a `Problem` naming the file, the line and
the fix, and validation goes on, so one run reports everything. A talk with any error is
left out of the corpus, but its problem is reported: the callers refuse to build then.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from build_notes.content.fields import Given, field_type, kind_of
from build_notes.content.lint import notes_problems
from build_notes.content.load import CONFERENCE_FILE, Record
from build_notes.content.media import TIMESTAMP, TIMESTAMP_HOSTS, clock, timestamp_seconds, video_at
from build_notes.content.model import Conference, Corpus, Problem, Severity, Talk, Theme
from build_notes.content.programme import notes_written
from build_notes.content.schema import Field, load_schema
from build_notes.markdown.blocks import prose_lines
from build_notes.markdown.safety import check_markdown
from build_notes.memo import Memo, content_key
from build_notes.text import did_you_mean, find_control_char, normalized_title, printable, quoted

_MAYBE_TIMESTAMP = re.compile(r"\d[hm]\d|\[\d")  # cheap test before the full pattern

_Built = TypeVar("_Built", Talk, Conference, Theme)


class _Checker:
    """Checks one record's keys against a table of fields; collects problems, keeps values.

    Each value is judged by its type's row of `fields.FIELD_TYPES`; this class only walks
    the keys, reports unknown, empty and missing ones, and fills defaults.
    """

    def __init__(self, record: Record, problems: list[Problem],
                 theme_ids: Sequence[str] | None):
        # theme_ids is None when themes.yml could not be read: theme ids go unchecked then,
        # rather than every talk being told that 'ceph' is unknown.
        self.record = record
        self.problems = problems
        self.theme_ids = theme_ids
        self.ok = True

    def problem(self, line: int, message: str, severity: Severity = "error") -> None:
        if severity == "error":
            self.ok = False
        self.problems.append(Problem(self.record.path, line, message, severity))

    def check(self, data: Any, fields: dict[str, Field], what: str, prefix: str = "",
              first_line: int = 1) -> dict[str, Any]:
        """Validate `data` (a mapping) against `fields`; return the converted values."""
        if not isinstance(data, dict):
            self.problem(first_line, f"{what} must be 'key: value' lines, not "
                         f"{kind_of(data)}; see CONTRIBUTING for the format")
            return {}
        values: dict[str, Any] = {}
        for entry, value in self.record.items(data, prefix, first_line):
            if not isinstance(entry.key, str):
                self.problem(entry.line, f"key {quoted(entry.written)} is read as "
                             f"{kind_of(entry.key)}, not a name; keys are words like "
                             f"{', '.join(fields)}")
                continue
            field = fields.get(entry.key)
            if field is None:
                self.problem(entry.line, f"unknown key {quoted(entry.key)}; "
                             f"{did_you_mean(entry.key.lower(), fields)}allowed keys: "
                             f"{', '.join(fields)}")
            elif value is None or value == "" or value == []:
                self.problem(entry.line, f"'{field.name}' is empty: give it a value or "
                             "remove the line")
            else:
                converted = field_type(field).check(
                    Given(field, value, entry.line, entry.value_text, entry.item_lines), self)
                if converted is not None:
                    values[field.name] = converted
        for field in fields.values():
            if field.required and field.name not in data:
                self.problem(first_line, f"missing required key '{field.name}': add "
                             f"'{field.name}: ...' ({field.doc})")
            elif field.name not in values and field.default is not None and self.ok:
                values[field.name] = field.default
        return values


def _build(cls: type[_Built], values: dict[str, Any], **given: Any) -> _Built:
    """A model record from checked values: the fields it declares by name, the rest of
    schema.yml's fields (added there, not yet used by name) in `extra`, in schema order."""
    declared = {f.name for f in dataclasses.fields(cls)}
    extra = tuple((name, value) for name, value in values.items() if name not in declared)
    return cls(**given, **{k: v for k, v in values.items() if k in declared}, extra=extra)


def validate(records: Iterable[Record], render: bool = True, memo: Memo | None = None,
             ) -> tuple[Corpus, list[Problem]]:
    """Judge every record; return what is valid and every problem, sorted by file and line.

    `render=False` leaves the rendered notes unchecked, for a caller that checks the HTML
    it renders anyway (the MkDocs plugin). `memo` keeps each talk's verdict between runs,
    keyed by its file (`Record.digest`) and all the verdict depends on besides."""
    records = list(records)
    problems: list[Problem] = [p for r in records for p in r.problems]

    themes_records = [r for r in records if r.kind == "themes" and r.data is not None]
    themes = _themes(themes_records, problems)
    # Without a readable themes.yml, theme ids cannot be judged: say so once, not per talk.
    theme_ids = [t.id for t in themes] if themes_records else None
    _check_folders(records, problems)

    conferences: dict[str, Conference] = {}
    folders_with_index = set()
    for record in records:
        if record.kind != "conference":
            continue
        folders_with_index.add(record.conference_id)
        conference = _conference(record, problems, theme_ids, render)
        if conference:
            conferences[conference.id] = conference

    talks: list[Talk] = []
    # What a talk's verdict depends on besides its file, per conference folder (memo keys).
    context_of = functools.cache(lambda folder: content_key(
        repr(theme_ids), repr(conferences.get(folder)), str(render)))
    missing_index_reported = set()
    seen_titles: dict[tuple[str, str], str] = {}  # -> the file that has the title first
    for record in records:
        if record.kind != "talk":
            continue
        folder = record.conference_id
        if folder not in folders_with_index and folder not in missing_index_reported:
            missing_index_reported.add(folder)
            problems.append(Problem(record.path.rsplit("/", 1)[0] + f"/{CONFERENCE_FILE}", 0,
                                    f"missing: every conference folder needs an {CONFERENCE_FILE}"
                                    " with name, start and end (build-notes new-conference "
                                    "writes one)"))
        judge = functools.partial(_talk_verdict, record, theme_ids, conferences.get(folder),
                                  render)
        talk, found, title = judge() if memo is None or not record.digest else memo.get(
            content_key(b"talk", record.digest, context_of(folder)), judge)
        problems.extend(found)
        title_key = (folder, title) if title is not None else None
        twin = seen_titles.get(title_key) if title_key else None
        if twin is not None:
            problems.append(Problem(record.path, record.line("title"),
                                    f"title is the same as in {printable(twin)} but for case or "
                                    "punctuation: a duplicate? merge the notes into one file "
                                    "or make the titles distinct"))
            continue
        if title_key:
            seen_titles[title_key] = record.path
        if talk is not None:
            talks.append(talk)

    # The one place drafts are set apart: every later stage sees published talks only, and
    # a conference whose talks are all drafts is not published yet either.
    published = tuple(t for t in talks if not t.draft)
    drafts = tuple(t for t in talks if t.draft)
    unpublished = {t.conference_id for t in drafts} - {t.conference_id for t in published}
    newest_first = sorted(conferences.values(), key=lambda c: (c.start, c.id), reverse=True)
    tag_aliases = _tag_aliases([r for r in records if r.kind == "tags" and r.data is not None],
                               themes, talks, problems)
    corpus = Corpus(
        themes=tuple(themes),
        conferences=tuple(c for c in newest_first if c.id not in unpublished),
        talks=published,
        drafts=drafts,
        unpublished_conferences=tuple(c for c in newest_first if c.id in unpublished),
        tag_aliases=tag_aliases,
    )
    # By file and line; on one line, in the order they were found, which is the order written.
    return corpus, sorted(dict.fromkeys(problems), key=lambda p: (p.path, p.line))


def judge_talk(record: Record, corpus: Corpus, render: bool = True
               ) -> tuple[Talk | None, list[Problem]]:
    """One talk file of a published conference judged again as `validate` judges it, against
    the themes and the conference of the validated `corpus` it belongs to: for a save that
    changed only the file's notes, whose checks against other files cannot change then
    (site/revise.py). (The talk, None if invalid; every problem of the file.)"""
    conference = next((c for c in corpus.conferences if c.id == record.conference_id), None)
    talk, found, _ = _talk_verdict(record, [t.id for t in corpus.themes], conference, render)
    return talk, [*record.problems, *found]


def _themes(records: list[Record], problems: list[Problem]) -> list[Theme]:
    schema = load_schema()
    themes: list[Theme] = []
    for record in records:
        checker = _Checker(record, problems, ())
        if not isinstance(record.data, list):
            checker.problem(1, "themes.yml must be a list of themes, each '- id: ...' with "
                            "name and description")
            continue
        seen: dict[str, int] = {}
        placed: list[tuple[Theme, int]] = []  # each theme and its place in the list
        for i, item in enumerate(record.data):
            line = record.line(f"[{i}]")
            checker.ok = True
            values = checker.check(item, schema.theme, "a theme", prefix=f"[{i}].",
                                   first_line=line)
            if not checker.ok:
                continue
            theme_id = values["id"]  # a slug: safe to print as it is
            if theme_id in schema.reserved_ids:
                checker.problem(record.line(f"[{i}].id", line), f"theme id '{theme_id}' is "
                                "reserved for a page of the site; choose another")
            elif theme_id in seen:
                checker.problem(record.line(f"[{i}].id", line), f"theme id '{theme_id}' is "
                                f"already used at line {seen[theme_id]}; ids must be unique")
            else:
                seen[theme_id] = line
                themes.append(_build(Theme, values))
                placed.append((themes[-1], i))
        _alias_clashes(record, placed, checker)
    return themes


def _alias_clashes(record: Record, placed: list[tuple[Theme, int]], checker: _Checker) -> None:
    """An alias is another name of its own theme: never another theme's id or name, nor an
    alias of two themes (the search would send the reader to the wrong talks)."""
    owner: dict[str, str] = {}
    for theme, _ in placed:
        for name in (theme.id, theme.name):
            owner.setdefault(name.casefold(), theme.id)
    for theme, i in placed:
        for alias in theme.aliases:
            other = owner.setdefault(alias.casefold(), theme.id)
            if other != theme.id:
                checker.problem(record.line(f"[{i}].aliases"), f"alias {quoted(alias)} of theme "
                                f"'{theme.id}' already names theme '{other}'; an alias is "
                                "another name of its own theme only: remove it")


def _tag_aliases(records: list[Record], themes: list[Theme], talks: list[Talk],
                 problems: list[Problem]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """tags.yml: {a tag as the talks write it: [its other names]}. A tag no talk has, or an
    alias that already names a tag, a theme or another tag's alias, is refused at its line:
    the search would send the reader to the wrong talks."""
    used = {tag.casefold(): tag for t in talks for tag in t.tags}
    owner = {name.casefold(): f"theme '{theme.id}'" for theme in themes
             for name in (theme.id, theme.name, *theme.aliases)}
    owner.update({key: f"tag {quoted(tag)}" for key, tag in used.items()})
    found: list[tuple[str, tuple[str, ...]]] = []
    for record in records:
        checker = _Checker(record, problems, ())
        if not isinstance(record.data, dict):
            checker.problem(1, "tags.yml must map each tag to its other names, one per line: "
                            "'Red Hat: [redhat]'")
            continue
        for entry, aliases in record.items(record.data):
            tag, line = str(entry.key), entry.line
            if tag.casefold() not in used:
                checker.problem(line, f"no talk has the tag {quoted(tag)}; write it as the talks "
                                "do, or remove it")
                continue
            if not isinstance(aliases, list) or not aliases or \
                    not all(isinstance(a, str) and a.strip() for a in aliases):
                checker.problem(line, f"the other names of tag {quoted(tag)} must be a list: "
                                f"'{tag}: [another name, ...]'")
                continue
            canon = used[tag.casefold()]
            kept = []
            for alias in aliases:
                other = owner.setdefault(alias.strip().casefold(), f"tag {quoted(canon)}")
                if other != f"tag {quoted(canon)}":
                    checker.problem(line, f"alias {quoted(alias)} of tag {quoted(tag)} already "
                                    f"names {other}; an alias is another name of its own tag "
                                    "only: remove it")
                else:
                    kept.append(alias.strip())
            found.append((canon, tuple(kept)))
    return tuple(found)


def _check_folders(records: list[Record], problems: list[Problem]) -> None:
    """Each conference folder's name, judged once (on its _index.md, else its first file)."""
    schema = load_schema()
    first_record: dict[str, Record] = {}
    for record in records:
        if record.kind == "conference" or (record.kind == "talk" and
                                           record.conference_id not in first_record):
            first_record[record.conference_id] = record
    # Line 1, not 0: a name problem is the file's, and `--format github` places it there.
    for folder, record in first_record.items():
        if not schema.is_id(folder):
            suggestion = schema.suggest_id(folder, "my-conference-2024")
            problems.append(Problem(record.path, 1, f"folder name {quoted(folder)} is not a "
                                    f"slug of at most {schema.max_id_length} characters: "
                                    f"rename the folder to {quoted(suggestion)} (lowercase "
                                    "letters, digits, single hyphens)"))
        elif folder in schema.reserved_ids:
            problems.append(Problem(record.path, 1, f"conference id {quoted(folder)} is "
                                    "reserved for a page of the site; rename the folder"))


def _check_file_name(record: Record, checker: _Checker) -> None:
    """A talk's file name is its id: it must follow the id rule (the folder's is judged once,
    in `_check_folders`)."""
    schema = load_schema()
    if record.kind == "talk" and not schema.is_id(record.id):
        suggestion = schema.suggest_id(record.id, "my-talk")
        checker.problem(1, f"file name {quoted(record.id + '.md')} is not a slug of at most "
                        f"{schema.max_id_length} characters: rename it to "
                        f"{quoted(suggestion + '.md')} (lowercase letters, digits, single "
                        "hyphens)")
    elif record.kind == "talk" and record.id in schema.reserved_ids:
        checker.problem(1, f"talk id {quoted(record.id)} (the file name) is reserved for a "
                        f"page of the site; rename the file, e.g. to "
                        f"{quoted(record.id + '-talk.md')}")


def outside_conference(day: datetime.date, conference: Conference) -> str | None:
    """Why a talk's day does not fit its conference, or None."""
    if conference.start <= day <= conference.end:
        return None
    return f"{day} is outside {conference.name} ({conference.start} to {conference.end})"


def _conference(record: Record, problems: list[Problem],
                theme_ids: Sequence[str] | None, render: bool = True) -> Conference | None:
    checker = _Checker(record, problems, theme_ids)
    _check_file_name(record, checker)
    if record.data is None:
        return None
    values = checker.check(record.data, load_schema().conference, "front matter")
    _check_body(record, checker, render=render)
    start, end = values.get("start"), values.get("end")
    if start and end and start > end:
        checker.problem(record.line("end"), f"'end' ({end}) is before 'start' ({start}); "
                        "swap them or fix the dates")
    if not checker.ok:
        return None
    return _build(Conference, values, id=record.conference_id, overview=record.body,
                  source=record.path, overview_line=record.body_line)


def _talk_verdict(record: Record, theme_ids: Sequence[str] | None,
                  conference: Conference | None, render: bool,
                  ) -> tuple[Talk | None, list[Problem], str | None]:
    """A talk file's model (None if invalid), its problems and its normalized title: what
    the memo keeps. Titles of invalid talks count too: a twin is reported on the first run."""
    found: list[Problem] = []
    talk = _talk(record, found, theme_ids, conference, render)
    title = talk.title if talk else (record.data or {}).get("title") \
        if isinstance(record.data, dict) else None
    return talk, found, normalized_title(title) if isinstance(title, str) else None


def _talk(record: Record, problems: list[Problem], theme_ids: Sequence[str] | None,
          conference: Conference | None, render: bool = True) -> Talk | None:
    checker = _Checker(record, problems, theme_ids)
    _check_file_name(record, checker)
    if record.data is None:
        return None
    values = checker.check(record.data, load_schema().talk, "front matter")
    day = values.get("date")
    outside = outside_conference(day, conference) if day and conference else None
    if outside:
        checker.problem(record.line("date"), f"'date' {outside}; fix the date")
    _check_body(record, checker, values, render)
    if not values.get("draft") and checker.ok and not notes_written(record.body) \
            and record.body.strip():
        checker.problem(record.body_line, "no notes yet (only the programme block or an "
                        "empty opinion box): write your notes before publishing, or set "
                        "'draft: true' until then")
    if not checker.ok:
        return None
    return _build(Talk, values, conference_id=record.conference_id, id=record.id,
                  body=record.body, source=record.path, body_line=record.body_line)


def _check_body(record: Record, checker: _Checker, values: dict[str, Any] | None = None,
                render: bool = True) -> None:
    """Control characters and what renders outside the allowlist (safety.py) are refused;
    timestamps must fit. `render=False`: the caller checks the rendered HTML itself."""
    if find_control_char(record.body.replace("\t", " ")):
        for index, line in enumerate(record.body.split("\n")):
            bad = find_control_char(line.replace("\t", " "))
            if bad:
                checker.problem(record.body_line + index, f"the notes contain the control "
                                f"character U+{ord(bad):04X}; remove it")
    for index, finding in check_markdown(record.body, render):
        checker.problem(record.body_line + index, str(finding))
    # A draft's empty opinion box waits for the note-taker; a talk with no notes at all is
    # told so once (in _talk), not also that its box is empty.
    unwritten = values is not None and (bool(values.get("draft"))
                                        or not notes_written(record.body))
    for index, message, severity in notes_problems(record.body, record.body_line,
                                                   draft=unwritten):
        checker.problem(record.body_line + index, message, severity)
    duration = values.get("duration") if values else None
    video = values.get("video") if values else None
    if (duration is None and video is None) or not _MAYBE_TIMESTAMP.search(record.body):
        return
    warned_host = False
    for index, line in prose_lines(record.body):
        file_line = record.body_line + index
        for m in TIMESTAMP.finditer(line):
            seconds = timestamp_seconds(m)
            if duration is not None and seconds > duration:
                checker.problem(file_line, f"timestamp {m.group()} is past the video's "
                                f"duration ({clock(duration)}); fix the timestamp or the "
                                "duration")
            if video and not warned_host and video_at(video, seconds) is None:
                warned_host = True
                checker.problem(file_line, f"timestamp {m.group()} cannot link into the "
                                f"video: start times link into {TIMESTAMP_HOSTS}; it "
                                "shows as plain text", severity="note")


def check_values(kind: str, data: dict[str, Any], theme_ids: Sequence[str]) -> list[str]:
    """The problems of one front-matter mapping on its own, as messages (for the scaffold)."""
    found: list[Problem] = []
    _Checker(Record(path="", kind="other"), found, theme_ids).check(
        data, load_schema().fields(kind), "front matter")
    return [p.message for p in found if p.severity == "error"]


def check_value(kind: str, name: str, value: Any, theme_ids: Sequence[str]) -> list[str]:
    """The problems of one value of one field, as messages (for a prompt that checks each
    answer as it is given)."""
    found: list[Problem] = []
    field = load_schema().fields(kind)[name]
    _Checker(Record(path="", kind="other"), found, theme_ids).check(
        {name: value}, {name: field}, "front matter")
    return [p.message for p in found if p.severity == "error"]
