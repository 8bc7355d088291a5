"""Field types: for each type of schema.yml, its check, its JSON Schema and how it shows.

One row per type, the three side by side, so a type is implemented once: the validator
calls `check`, `build-notes schema` prints `json`, and a talk page shows a field the
renderer does not know by name with `show`. A new type is a new row; a new field of a
known type is one entry in data/schema.yml.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from build_notes.content.media import clock, parse_duration
from build_notes.content.model import Severity
from build_notes.content.schema import Field, Schema, load_schema
from build_notes.text import (
    CONTROL_CHARS,
    day,
    did_you_mean,
    escape_md,
    escape_url,
    find_control_char,
    invisible,
    quoted,
)

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_DATE = re.compile(DATE_PATTERN)


class Report(Protocol):
    """Where a check sends what is wrong (the validator's per-file checker)."""

    theme_ids: Sequence[str] | None  # None: themes.yml unreadable, theme ids go unchecked

    def problem(self, line: int, message: str, severity: Severity = "error") -> None: ...


@dataclass(frozen=True)
class Given:
    """One value from a file, not empty, with where it stands and how it was written."""

    field: Field
    value: Any
    line: int
    written: str | None = None  # a scalar as the file spells it (`3.10`, not 3.1)
    item_lines: tuple[int, ...] = ()  # the line of each item of a list

    def item_line(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


Check = Callable[[Given, Report], Any]  # the converted value, or None after reporting


@dataclass(frozen=True)
class FieldType:
    check: Check
    json: Callable[[Field, Schema, Sequence[str] | None], dict[str, Any]]
    show: Callable[[Any], str] = lambda value: escape_md(str(value))  # Markdown, one line


def kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return "empty" if value is None else "text"


def _text_of(given: Given, value: Any, line: int, report: Report) -> str | None:
    name = given.field.name
    if isinstance(value, bool):
        report.problem(line, f"'{name}' is read as true/false; put the text in quotes")
        return None
    if isinstance(value, (int, float)):
        report.problem(line, f"'{name}' is read as a number; put it in quotes: "
                       f"{name}: \"{quoted(given.written or value)[1:-1]}\"")
        return None
    if not isinstance(value, str):
        report.problem(line, f"'{name}' must be text, not {kind_of(value)}")
        return None
    if not value.strip() or invisible(value):  # zero-width and format characters only
        report.problem(line, f"'{name}' is empty: give it a value or remove the line")
        return None
    bad = find_control_char(value)
    if bad:
        report.problem(line, f"'{name}' contains the control character U+{ord(bad):04X}; "
                       "remove it")
        return None
    return value.strip()


def check_text(given: Given, report: Report) -> str | None:
    return _text_of(given, given.value, given.line, report)


def _then(check: Callable[[Given, str, Report], Any]) -> Check:
    """A text type with one more rule: the text check first, then `check` on the text."""
    def run(given: Given, report: Report) -> Any:
        text = check_text(given, report)
        return None if text is None else check(given, text, report)
    return run


def _slug(given: Given, text: str, report: Report) -> str | None:
    schema, name = load_schema(), given.field.name
    if schema.is_id(text):
        return text
    report.problem(given.line, f"'{name}' is {quoted(text)}, not a slug of at most "
                   f"{schema.max_id_length} characters: use lowercase letters, digits and "
                   f"single hyphens, e.g. {quoted(schema.suggest_id(text, 'my-id'))}")
    return None


def _date(given: Given, text: str, report: Report) -> datetime.date | None:
    try:
        if _DATE.fullmatch(text):
            return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    report.problem(given.line, f"'{given.field.name}' is {quoted(text)}, not a date: write "
                   "YYYY-MM-DD, e.g. 2017-05-08")
    return None


def _url(given: Given, text: str, report: Report) -> str | None:
    try:
        parts = urlsplit(text)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if ok and not any(c.isspace() for c in text):
        return text
    report.problem(given.line, f"'{given.field.name}' is {quoted(text)}, not an http(s) URL: "
                   "write the full address, starting with https://")
    return None


def _duration(given: Given, text: str, report: Report) -> int | None:
    seconds = parse_duration(text)
    if seconds:
        return seconds
    report.problem(given.line, f"'{given.field.name}' is {quoted(text)}, not a duration: "
                   "write it like 38m, 1h05m or 45m30s")
    return None


def _choice(given: Given, text: str, report: Report) -> str | None:
    choices = given.field.choices
    if text in choices:
        return text
    report.problem(given.line, f"unknown {given.field.name} {quoted(text)}; "
                   f"{did_you_mean(text.lower(), choices)}use one of: {', '.join(choices)}")
    return None


def _text_list(given: Given, report: Report,
               item_ok: Callable[[str, int], bool] = lambda text, line: True,
               ) -> tuple[str, ...] | None:
    name, value = given.field.name, given.value
    if isinstance(value, str):
        report.problem(given.line, f"'{name}' must be a list: {name}: [{quoted(value)[1:-1]}]")
        return None
    if not isinstance(value, list):
        report.problem(given.line, f"'{name}' must be a list of text, like {name}: [a, b]; "
                       f"got {kind_of(value)}")
        return None
    most = given.field.max
    if most is not None and len(value) > most:
        report.problem(given.line, f"'{name}' lists {len(value):,} items, more than {most}; "
                       f"keep the {most} that matter most")
        return None
    items: dict[str, None] = {}  # ordered, and a set for the duplicate check
    for index, item in enumerate(value):
        line = given.item_line(index)
        text = _text_of(given, item, line, report)
        if text is None or not item_ok(text, line):
            continue
        if text in items:
            report.problem(line, f"'{name}' lists {quoted(text)} twice; remove one")
            continue
        items[text] = None
    return tuple(items) if items else None


def check_text_list(given: Given, report: Report) -> tuple[str, ...] | None:
    return _text_list(given, report)


def check_theme_list(given: Given, report: Report) -> tuple[str, ...] | None:
    known = report.theme_ids
    known_set = set(known) if known is not None else set()

    def is_theme(text: str, line: int) -> bool:
        if known is None or text in known_set:
            return True
        report.problem(line, f"unknown theme {quoted(text)}; {did_you_mean(text, known)}"
                       f"known: {', '.join(sorted(known))} (add new themes to themes.yml)")
        return False

    return _text_list(given, report, is_theme)


def check_boolean(given: Given, report: Report) -> bool | None:
    if isinstance(given.value, bool):
        return given.value
    report.problem(given.line, f"'{given.field.name}' must be true or false, not "
                   f"{quoted(given.written or given.value)}")
    return None


def check_integer(given: Given, report: Report) -> int | None:
    value, lo, hi = given.value, given.field.min, given.field.max
    if isinstance(value, int) and not isinstance(value, bool) and (
            lo is None or value >= lo) and (hi is None or value <= hi):
        return value
    # A number as written (7, 4.5), anything else quoted; both cut short.
    shown = quoted(value) if isinstance(value, str) or given.written is None \
        else quoted(given.written)[1:-1]
    report.problem(given.line, f"'{given.field.name}' must be a whole number from {lo} to "
                   f"{hi}, not {shown}")
    return None


# --- JSON Schema fragments ----------------------------------------------------------------

# Not blank, and no control characters (as build_notes.text.find_control_char).
_TEXT_JSON = {"type": "string", "pattern": f"^(?=[\\s\\S]*\\S)[^{CONTROL_CHARS}]*$"}
_URL_PATTERN = r"^https?://([^\s/?#@]+@)?[^\s/?#:@\[\]]+(:\d*)?([/?#]\S*)?$"
_DURATION_PATTERN = r"^(?!(0+[hms])+$)(?=\d)(\d+h)?(\d+m)?(\d+s)?$"


def _fixed(fragment: dict[str, Any]) -> Callable[[Field, Schema, Sequence[str] | None],
                                                 dict[str, Any]]:
    return lambda field, schema, theme_ids: dict(fragment)


def _list_json(item: dict[str, Any], field: Field) -> dict[str, Any]:
    most = {} if field.max is None else {"maxItems": field.max}
    return {"type": "array", "items": item, "uniqueItems": True, "minItems": 1, **most}


def _show_list(value: tuple[str, ...]) -> str:
    return ", ".join(escape_md(item) for item in value)


FIELD_TYPES: dict[str, FieldType] = {
    "text": FieldType(check_text, _fixed(_TEXT_JSON)),
    "text-list": FieldType(check_text_list,
                           lambda field, schema, theme_ids: _list_json(dict(_TEXT_JSON), field),
                           _show_list),
    "theme-list": FieldType(
        check_theme_list,
        lambda field, schema, theme_ids: _list_json(
            dict(_TEXT_JSON) if theme_ids is None else {"enum": list(theme_ids)}, field),
        _show_list),
    "choice": FieldType(_then(_choice),
                        lambda field, schema, theme_ids: {"enum": list(field.choices)}),
    "date": FieldType(_then(_date),
                      _fixed({"type": "string", "pattern": DATE_PATTERN, "format": "date"}),
                      day),
    "url": FieldType(_then(_url),
                     _fixed({"type": "string", "format": "uri", "pattern": _URL_PATTERN}),
                     lambda url: f"[{escape_md(url)}]({escape_url(url)})"),
    "integer": FieldType(check_integer, lambda field, schema, theme_ids: {
        "type": "integer", "minimum": field.min, "maximum": field.max}),
    "slug": FieldType(_then(_slug), lambda field, schema, theme_ids: {
        "type": "string", "pattern": schema.slug_pattern, "maxLength": schema.max_id_length,
        "not": {"enum": sorted(schema.reserved_ids)}}),
    "duration": FieldType(_then(_duration), _fixed({"type": "string",
                                                    "pattern": _DURATION_PATTERN}), clock),
    "boolean": FieldType(check_boolean, _fixed({"type": "boolean"}),
                         lambda value: "yes" if value else "no"),
}


def field_type(field: Field) -> FieldType:
    try:
        return FIELD_TYPES[field.type]
    except KeyError:  # a mistake in schema.yml, caught by the tests, never by a contributor
        raise AssertionError(f"schema.yml: field {field.name!r} has unknown type "
                             f"{field.type!r}; known: {', '.join(FIELD_TYPES)}") from None


# --- The JSON Schema of a whole file --------------------------------------------------------

_TITLES = {"talk": "talk-notes talk front matter",
           "conference": "talk-notes conference front matter (_index.md)",
           "theme": "talk-notes theme (an item of talks/themes.yml)"}


def json_schema(kind: str, theme_ids: Sequence[str] | None = None) -> dict[str, Any]:
    """The JSON Schema of one kind of front matter ("talk", "conference" or "theme").

    Derived from data/schema.yml like the validator, so the two cannot disagree on a field.
    With `theme_ids`, talk themes are limited to those ids. Rules across files (dates within
    the conference, duplicate titles) are the validator's alone.
    """
    # Draft 7: the draft every editor's YAML language server and JSON Schema checker reads.
    schema = load_schema()
    fields = schema.fields(kind)
    properties = {}
    for field in fields.values():
        fragment = field_type(field).json(field, schema, theme_ids)
        if field.default is not None:
            fragment["default"] = field.default
        properties[field.name] = {"description": field.doc, **fragment}
    body: dict[str, Any] = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": _TITLES[kind],
        "type": "object",
        "properties": properties,
        "required": [f.name for f in fields.values() if f.required],
        "additionalProperties": False,
    }
    if kind == "theme":
        return {"$schema": body.pop("$schema"), "title": "talk-notes themes.yml",
                "type": "array", "items": body}
    return body


def markdown_table(kind: str) -> str:
    """The table of keys for the docs (README, contributing page), from schema.yml."""
    rows = ["| Key | Required | What it holds |", "| --- | --- | --- |"]
    for field in load_schema().fields(kind).values():
        doc = field.doc.replace("|", "\\|")
        if field.choices:
            default = f" (default `{field.default}`)" if field.default is not None else ""
            doc += f" One of {', '.join(f'`{c}`' for c in field.choices)}{default}."
        rows.append(f"| `{field.name}` | {'yes' if field.required else 'no'} | {doc} |")
    return "\n".join(rows) + "\n"
