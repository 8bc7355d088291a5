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


@dataclass(frozen=True)
class Schema:
    slug_pattern: str
    max_file_bytes: int
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
        reserved_ids=frozenset(raw["reserved_ids"]),
        formats=formats,
        talk=_fields(raw["talk"], formats),
        conference=_fields(raw["conference"], formats),
        theme=_fields(raw["theme"], formats),
    )
