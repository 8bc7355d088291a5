"""Validation: records -> the corpus of valid content, plus every problem found.

Never raises for bad content: each rule appends a `Problem` naming the file, the line and
the fix, and validation goes on, so one run reports everything. A talk with any error is
left out of the corpus, but its problem is reported: the callers refuse to build then.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from build_notes.load import CONFERENCE_FILE, Record
from build_notes.model import Conference, Corpus, Problem, Talk, Theme
from build_notes.programme import notes_written
from build_notes.safety import unsafe_markdown
from build_notes.schema import Field, load_schema
from build_notes.text import (
    TIMESTAMP,
    clock,
    find_control_char,
    normalized_title,
    parse_duration,
    prose_lines,
    slugify,
    timestamp_seconds,
    video_at,
)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MAYBE_TIMESTAMP = re.compile(r"\d[hm]\d|\[\d")  # cheap test before the full pattern
MAX_ID = load_schema().max_id_length  # file names must stay well under the file system's 255


def quoted(value: object, limit: int = 60) -> str:
    """A value from a file, safe to print in a one-line message: quoted, controls escaped,
    cut short. A newline in a value must not forge another `path:line:` line."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    text = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    return f"'{text}'"


class _Checker:
    """Checks one record's keys against a table of fields; collects problems, keeps values."""

    def __init__(self, record: Record, problems: list[Problem],
                 theme_ids: Sequence[str] | None):
        # theme_ids is None when themes.yml could not be read: theme ids go unchecked then,
        # rather than every talk being told that 'ceph' is unknown.
        self.record = record
        self.problems = problems
        self.theme_ids = theme_ids
        self.ok = True

    def problem(self, line: int, message: str, severity: str = "error") -> None:
        if severity == "error":
            self.ok = False
        self.problems.append(Problem(self.record.path, line, message, severity))  # type: ignore[arg-type]

    def check(self, data: Any, fields: dict[str, Field], what: str, prefix: str = "",
              first_line: int = 1) -> dict[str, Any]:
        """Validate `data` (a mapping) against `fields`; return the converted values."""
        if not isinstance(data, dict):
            self.problem(first_line, f"{what} must be 'key: value' lines, not "
                         f"{_kind(data)}; see CONTRIBUTING for the format")
            return {}
        values: dict[str, Any] = {}
        for key, value in data.items():
            written = self.record.key_text.get(key if not prefix else (prefix, key), str(key))
            line = self.record.line(f"{prefix}{written}", first_line)
            if not isinstance(key, str):
                self.problem(line, f"key {quoted(written)} is read as "
                             f"{_kind(key)}, not a name; keys are words like "
                             f"{', '.join(fields)}")
                continue
            field = fields.get(key)
            if field is None:
                close = difflib.get_close_matches(key.lower(), fields, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'? " if close else ""
                self.problem(line, f"unknown key {quoted(key)}; {hint}allowed keys: "
                             f"{', '.join(fields)}")
                continue
            converted = self.value(field, value, line,
                                   self.record.value_text.get(f"{prefix}{written}"))
            if converted is not None:
                values[key] = converted
        for field in fields.values():
            if field.required and field.name not in data:
                self.problem(first_line, f"missing required key '{field.name}': add "
                             f"'{field.name}: ...' ({field.doc})")
            elif field.name not in values and field.default is not None and self.ok:
                values[field.name] = field.default
        return values

    def value(self, field: Field, value: Any, line: int, written: str | None = None) -> Any:
        """Check and convert one value; `written` is how the file spells it, for messages."""
        name = field.name
        if value is None or value == "" or value == []:
            self.problem(line, f"'{name}' is empty: give it a value or remove the line")
            return None
        kind = field.type
        if kind in ("text", "slug", "date", "url", "duration", "choice"):
            text = self.text(name, value, line, written)
            if text is None:
                return None
            if kind == "slug" and not load_schema().slug_re.fullmatch(text):
                self.problem(line, f"'{name}' is {quoted(text)}, not a slug: use lowercase "
                             f"letters, digits and single hyphens, e.g. "
                             f"{quoted(slugify(text)[:MAX_ID] or 'my-id')}")
                return None
            if kind == "slug" and len(text) > MAX_ID:
                self.problem(line, f"'{name}' is {len(text)} characters long; ids may have "
                             f"at most {MAX_ID}")
                return None
            if kind == "date":
                return self.date(name, text, line)
            if kind == "url":
                return self.url(name, text, line)
            if kind == "duration":
                seconds = parse_duration(text)
                if seconds is None or seconds == 0:
                    self.problem(line, f"'{name}' is {quoted(text)}, not a duration: write it "
                                 "like 38m, 1h05m or 45m30s")
                return seconds or None
            if kind == "choice" and text not in field.choices:
                close = difflib.get_close_matches(text.lower(), field.choices, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'? " if close else ""
                self.problem(line, f"unknown {name} {quoted(text)}; {hint}use one of: "
                             f"{', '.join(field.choices)}")
                return None
            return text
        if kind in ("text-list", "theme-list"):
            return self.text_list(field, value, line)
        if kind == "boolean":
            if not isinstance(value, bool):
                self.problem(line, f"'{name}' must be true or false, not "
                             f"{quoted(written or value)}")
                return None
            return value
        if kind == "integer":
            lo, hi = field.min, field.max
            if isinstance(value, bool) or not isinstance(value, int) or (
                lo is not None and value < lo) or (hi is not None and value > hi):
                # A number as written (7, 4.5), anything else quoted; both cut short.
                shown = quoted(value) if isinstance(value, str) or written is None \
                    else quoted(written)[1:-1]
                self.problem(line, f"'{name}' must be a whole number from {lo} to {hi}, "
                             f"not {shown}")
                return None
            return value
        raise AssertionError(f"schema.yml: unknown field type {kind!r}")  # a bug, not content

    def text(self, name: str, value: Any, line: int, written: str | None = None) -> str | None:
        if isinstance(value, bool):
            self.problem(line, f"'{name}' is read as true/false; put the text in quotes")
            return None
        if isinstance(value, (int, float)):
            self.problem(line, f"'{name}' is read as a number; put it in quotes: "
                         f"{name}: \"{quoted(written or value)[1:-1]}\"")
            return None
        if not isinstance(value, str):
            self.problem(line, f"'{name}' must be text, not {_kind(value)}")
            return None
        if not value.strip():
            self.problem(line, f"'{name}' is empty: give it a value or remove the line")
            return None
        bad = find_control_char(value)
        if bad:
            self.problem(line, f"'{name}' contains the control character "
                         f"U+{ord(bad):04X}; remove it")
            return None
        return value.strip()

    def text_list(self, field: Field, value: Any, line: int) -> tuple[str, ...] | None:
        name = field.name
        if isinstance(value, str):
            self.problem(line, f"'{name}' must be a list: {name}: [{quoted(value)[1:-1]}]")
            return None
        if not isinstance(value, list):
            self.problem(line, f"'{name}' must be a list of text, like {name}: [a, b]; "
                         f"got {_kind(value)}")
            return None
        items = []
        for item in value:
            text = self.text(name, item, line)
            if text is None:
                continue
            if field.type == "theme-list" and self.theme_ids is not None and \
                    text not in self.theme_ids:
                close = difflib.get_close_matches(text, self.theme_ids, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'? " if close else ""
                self.problem(line, f"unknown theme {quoted(text)}; {hint}known: "
                             f"{', '.join(sorted(self.theme_ids))} (add new themes to "
                             "themes.yml)")
                continue
            if text in items:
                self.problem(line, f"'{name}' lists {quoted(text)} twice; remove one")
                continue
            items.append(text)
        return tuple(items) if items else None

    def date(self, name: str, text: str, line: int) -> datetime.date | None:
        try:
            if not _DATE.fullmatch(text):
                raise ValueError
            return datetime.date.fromisoformat(text)
        except ValueError:
            self.problem(line, f"'{name}' is {quoted(text)}, not a date: write YYYY-MM-DD, "
                         "e.g. 2017-05-08")
            return None

    def url(self, name: str, text: str, line: int) -> str | None:
        try:
            parts = urlsplit(text)
            ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        except ValueError:
            ok = False
        if not ok or any(c.isspace() for c in text):
            self.problem(line, f"'{name}' is {quoted(text)}, not an http(s) URL: write the "
                         "full address, starting with https://")
            return None
        return text


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return "empty" if value is None else "text"


def validate(records: Iterable[Record]) -> tuple[Corpus, list[Problem]]:
    """Judge every record; return what is valid and every problem, sorted by file and line."""
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
        conference = _conference(record, problems, theme_ids)
        if conference:
            conferences[conference.id] = conference

    talks: list[Talk] = []
    missing_index_reported = set()
    seen_titles: dict[tuple[str, str], Talk] = {}
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
        talk = _talk(record, problems, theme_ids, conferences.get(folder))
        if talk is None:
            continue
        key = (talk.conference_id, normalized_title(talk.title))
        twin = seen_titles.get(key)
        if twin is not None:
            problems.append(Problem(record.path, record.line("title"),
                                    f"title is the same as in {twin.source} but for case or "
                                    "punctuation: a duplicate? merge the notes into one file "
                                    "or make the titles distinct"))
            continue
        seen_titles[key] = talk
        talks.append(talk)

    # The one place drafts are set apart: every later stage sees published talks only, and
    # a conference whose talks are all drafts is not published yet either.
    published = tuple(t for t in talks if not t.draft)
    drafts = tuple(t for t in talks if t.draft)
    unpublished = {t.conference_id for t in drafts} - {t.conference_id for t in published}
    newest_first = sorted(conferences.values(), key=lambda c: (c.start, c.id), reverse=True)
    corpus = Corpus(
        themes=tuple(themes),
        conferences=tuple(c for c in newest_first if c.id not in unpublished),
        talks=published,
        drafts=drafts,
        unpublished_conferences=tuple(c for c in newest_first if c.id in unpublished),
    )
    return corpus, sorted(set(problems))


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
                themes.append(Theme(id=theme_id, name=values["name"],
                                    description=values["description"]))
    return themes


def _check_folders(records: list[Record], problems: list[Problem]) -> None:
    """Each conference folder's name, judged once (on its _index.md, else its first file)."""
    schema = load_schema()
    first_record: dict[str, Record] = {}
    for record in records:
        if record.kind == "conference" or (record.kind == "talk" and
                                           record.conference_id not in first_record):
            first_record[record.conference_id] = record
    for folder, record in first_record.items():
        if not schema.slug_re.fullmatch(folder) or len(folder) > MAX_ID:
            suggestion = slugify(folder)[:MAX_ID] or "my-conference-2024"
            problems.append(Problem(record.path, 0, f"folder name {quoted(folder)} is not a "
                                    f"slug of at most {MAX_ID} characters: rename the folder "
                                    f"to {quoted(suggestion)} (lowercase letters, digits, "
                                    "single hyphens)"))
        elif folder in schema.reserved_ids:
            problems.append(Problem(record.path, 0, f"conference id {quoted(folder)} is "
                                    "reserved for a page of the site; rename the folder"))


def _ids_ok(record: Record, checker: _Checker) -> None:
    if record.kind == "talk" and (not load_schema().slug_re.fullmatch(record.id)
                                  or len(record.id) > MAX_ID):
        suggestion = slugify(record.id)[:MAX_ID] or "my-talk"
        checker.problem(0, f"file name {quoted(record.id + '.md')} is not a slug of at most "
                        f"{MAX_ID} characters: rename it to {quoted(suggestion + '.md')} "
                        "(lowercase letters, digits, single hyphens)")


def outside_conference(day: datetime.date, conference: Conference) -> str | None:
    """Why a talk's day does not fit its conference, or None."""
    if conference.start <= day <= conference.end:
        return None
    return f"{day} is outside {conference.name} ({conference.start} to {conference.end})"


def _conference(record: Record, problems: list[Problem],
                theme_ids: Sequence[str] | None) -> Conference | None:
    checker = _Checker(record, problems, theme_ids)
    _ids_ok(record, checker)
    if record.data is None:
        return None
    values = checker.check(record.data, load_schema().conference, "front matter")
    _check_body(record, checker)
    start, end = values.get("start"), values.get("end")
    if start and end and start > end:
        checker.problem(record.line("end"), f"'end' ({end}) is before 'start' ({start}); "
                        "swap them or fix the dates")
    if not checker.ok:
        return None
    return Conference(id=record.conference_id, name=values["name"], start=values["start"],
                      end=values["end"], location=values.get("location"),
                      url=values.get("url"), overview=record.body, source=record.path)


def _talk(record: Record, problems: list[Problem], theme_ids: Sequence[str] | None,
          conference: Conference | None) -> Talk | None:
    checker = _Checker(record, problems, theme_ids)
    _ids_ok(record, checker)
    if record.data is None:
        return None
    values = checker.check(record.data, load_schema().talk, "front matter")
    day = values.get("date")
    outside = outside_conference(day, conference) if day and conference else None
    if outside:
        checker.problem(record.line("date"), f"'date' {outside}; fix the date")
    _check_body(record, checker, values)
    if not values.get("draft") and checker.ok and not notes_written(record.body) \
            and record.body.strip():
        checker.problem(record.body_line, "no notes yet (only the programme block or an "
                        "empty opinion box): write your notes before publishing, or set "
                        "'draft: true' until then")
    if not checker.ok:
        return None
    return Talk(conference_id=record.conference_id, id=record.id, body=record.body,
                source=record.path, body_line=record.body_line, **values)


def _check_body(record: Record, checker: _Checker, values: dict[str, Any] | None = None) -> None:
    """Script-capable markup and control characters are refused; timestamps must fit."""
    if find_control_char(record.body.replace("\t", " ")):
        for index, line in enumerate(record.body.split("\n")):
            bad = find_control_char(line.replace("\t", " "))
            if bad:
                checker.problem(record.body_line + index, f"the notes contain the control "
                                f"character U+{ord(bad):04X}; remove it")
    for index, what in unsafe_markdown(record.body):
        checker.problem(record.body_line + index, f"{what} is not allowed in notes: raw "
                        "<script>, on...= event handlers and javascript: links could run "
                        "code in readers' browsers; write Markdown instead")
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
                                "video: only YouTube and Vimeo URLs take a start time; it "
                                "shows as plain text", severity="warning")


def check_values(kind: str, data: dict[str, Any], theme_ids: Sequence[str]) -> list[str]:
    """The problems of one front-matter mapping on its own, as messages (for the scaffold)."""
    found: list[Problem] = []
    _Checker(Record(path="", kind="other"), found, theme_ids).check(
        data, getattr(load_schema(), kind), "front matter")
    return [p.message for p in found if p.severity == "error"]
