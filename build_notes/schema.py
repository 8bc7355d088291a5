"""The content schema, read from `data/schema.yml`: fields, formats, limits.

Everything that needs to know which keys a file may have (the validator, the JSON Schema,
the scaffold, the docs) asks this module, so the rules live in exactly one place.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from build_notes.text import CONTROL_CHARS


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None
    doc: str = ""
    example: str = ""


@dataclass(frozen=True)
class Schema:
    slug_pattern: str
    max_file_bytes: int
    max_id_length: int
    reserved_ids: frozenset[str]
    formats: dict[str, str]  # id -> display name
    talk: dict[str, Field]
    conference: dict[str, Field]
    theme: dict[str, Field]

    @functools.cached_property
    def slug_re(self) -> re.Pattern[str]:
        return re.compile(self.slug_pattern)


def _fields(raw: dict[str, dict[str, Any]], formats: dict[str, str]) -> dict[str, Field]:
    fields = {}
    for name, spec in raw.items():
        choices = tuple(formats) if spec.get("choices") == "formats" else ()
        fields[name] = Field(
            name=name,
            type=spec["type"],
            required=bool(spec.get("required", False)),
            default=spec.get("default"),
            choices=choices,
            min=spec.get("min"),
            max=spec.get("max"),
            doc=spec.get("doc", ""),
            example=str(spec.get("example", "")),
        )
    return fields


@functools.cache
def load_schema() -> Schema:
    text = resources.files("build_notes").joinpath("data/schema.yml").read_text("utf-8")
    raw = yaml.safe_load(text)
    formats = dict(raw["formats"])
    return Schema(
        slug_pattern=raw["slug_pattern"],
        max_file_bytes=int(raw["max_file_bytes"]),
        max_id_length=int(raw["max_id_length"]),
        reserved_ids=frozenset(raw["reserved_ids"]),
        formats=formats,
        talk=_fields(raw["talk"], formats),
        conference=_fields(raw["conference"], formats),
        theme=_fields(raw["theme"], formats),
    )


# --- JSON Schema, for editors ----------------------------------------------------------------

_JSON_TYPES: dict[str, dict[str, Any]] = {
    # Not blank, and no control characters (as build_notes.text.find_control_char).
    "text": {"type": "string", "pattern": f"^(?=[\\s\\S]*\\S)[^{CONTROL_CHARS}]*$"},
    "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"},
    "url": {"type": "string", "format": "uri",
            "pattern": r"^https?://([^\s/?#@]+@)?[^\s/?#:@\[\]]+(:\d*)?([/?#]\S*)?$"},
    "duration": {"type": "string", "pattern": r"^(?!(0+[hms])+$)(?=\d)(\d+h)?(\d+m)?(\d+s)?$"},
    "boolean": {"type": "boolean"},
}

_TITLES = {"talk": "talk-notes talk front matter",
           "conference": "talk-notes conference front matter (_index.md)",
           "theme": "talk-notes theme (an item of talks/themes.yml)"}


def _json_field(field: Field, schema: Schema, theme_ids: list[str] | None) -> dict[str, Any]:
    if field.type in ("text-list", "theme-list"):
        item: dict[str, Any] = dict(_JSON_TYPES["text"])
        if field.type == "theme-list" and theme_ids is not None:
            item = {"enum": theme_ids}
        out: dict[str, Any] = {"type": "array", "items": item, "uniqueItems": True,
                               "minItems": 1}
    elif field.type == "choice":
        out = {"enum": list(field.choices)}
    elif field.type == "integer":
        out = {"type": "integer", "minimum": field.min, "maximum": field.max}
    elif field.type == "slug":
        out = {"type": "string", "pattern": schema.slug_pattern,
               "maxLength": schema.max_id_length, "not": {"enum": sorted(schema.reserved_ids)}}
    else:
        out = dict(_JSON_TYPES[field.type])
    if field.default is not None:
        out["default"] = field.default
    return {"description": field.doc, **out}


def json_schema(kind: str, theme_ids: list[str] | None = None) -> dict[str, Any]:
    """The JSON Schema of one kind of front matter ("talk", "conference" or "theme").

    Derived from data/schema.yml like the validator, so the two cannot disagree on a field.
    With `theme_ids`, talk themes are limited to those ids. Rules across files (dates within
    the conference, duplicate titles) are the validator's alone.
    """
    schema = load_schema()
    fields: dict[str, Field] = getattr(schema, kind)
    body: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": _TITLES[kind],
        "type": "object",
        "properties": {f.name: _json_field(f, schema, theme_ids) for f in fields.values()},
        "required": [f.name for f in fields.values() if f.required],
        "additionalProperties": False,
    }
    if kind == "theme":
        return {"$schema": body.pop("$schema"), "title": "talk-notes themes.yml",
                "type": "array", "items": body}
    return body
