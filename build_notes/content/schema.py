"""The content schema, read from `data/schema.yml`: fields, formats, limits.

Everything that needs to know which keys a file may have (the validator, the JSON Schema,
the scaffold, the docs) asks this module, so the rules live in exactly one place.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from build_notes.text import slugify


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
    label: str = ""  # how the site names it, e.g. on a talk's meta line
    hidden: bool = False  # kept for the tools (build-notes import), never shown on the site


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

    def is_id(self, text: str) -> bool:
        """The one rule for every id (conference folder, talk file name, theme id)."""
        return len(text) <= self.max_id_length and self.slug_re.fullmatch(text) is not None

    def suggest_id(self, text: str, fallback: str) -> str:
        """An id made from `text` that `is_id` accepts, for messages and the scaffold."""
        return slugify(text)[:self.max_id_length].strip("-") or fallback

    def fields(self, kind: str) -> dict[str, Field]:
        """The fields of one kind of file: "talk", "conference" or "theme"."""
        fields: dict[str, Field] = getattr(self, kind)
        return fields


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
            label=spec.get("label") or name.replace("-", " ").replace("_", " ").capitalize(),
            hidden=bool(spec.get("hidden", False)),
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


@functools.cache
def note_markup() -> dict[str, list[str]]:
    """data/note_markup.yml: the box types and the classes notes may carry."""
    text = resources.files("build_notes").joinpath("data/note_markup.yml").read_text("utf-8")
    markup: dict[str, list[str]] = yaml.safe_load(text)
    return markup


def extension_list(items: Iterable[Any]) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """Markdown extensions as mkdocs.yml writes them (a name, or {name: its config}): their
    names in order, each once, and the configs of those that have one."""
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for item in items:
        name, config = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if str(name) not in names:
            names.append(str(name))
        if config:
            configs[str(name)] = config
    return names, configs


def markdown_extensions() -> tuple[list[str], dict[str, dict[str, Any]]]:
    """data/markdown_extensions.yml: the site's Markdown extensions and their configs, read as
    MkDocs reads mkdocs.yml's `markdown_extensions` (the plugin holds mkdocs.yml to them)."""
    text = resources.files("build_notes").joinpath("data/markdown_extensions.yml") \
        .read_text("utf-8")
    return extension_list(yaml.safe_load(text))


def extensions_difference(given: Sequence[object], given_configs: Mapping[str, Any],
                          builtins: Sequence[str]) -> str:
    """How a renderer's Markdown extensions differ from the validator's, or '' when they agree.

    A renderer may put its own (MkDocs: toc, tables, fenced_code) first, so those are expected
    before the validator's list; superfences replaces fenced_code's one processor."""
    names, configs = markdown_extensions()
    expected = list(dict.fromkeys([*builtins, *names]))
    extra = [name for name in given if name not in expected]
    missing = [name for name in expected if name not in given]
    differences = []
    if extra:
        differences.append(f"not in validate's list: {', '.join(map(str, extra))}")
    if missing:
        differences.append(f"missing: {', '.join(missing)}")
    if not (extra or missing) and list(given) != expected:
        differences.append("in another order")
    differences += [f"{name} configured {extensions_text([name], given_configs)}, "
                    f"not {extensions_text([name], configs)}"
                    for name in expected if name in given
                    and given_configs.get(name, {}) != configs.get(name, {})]
    return "; ".join(differences)


def extensions_text(names: Iterable[object], configs: Mapping[str, Any]) -> str:
    """Extensions as mkdocs.yml's flow style writes them: `toc: {permalink: true}`."""
    return ", ".join(f"{name}: {yaml.safe_dump(configs[name], default_flow_style=True).strip()}"
                     if isinstance(name, str) and configs.get(name) else str(name)
                     for name in names)


def extensions_refusal(difference: str) -> str:
    """The message of a build whose extensions differ from the validator's."""
    return ("mkdocs.yml's markdown_extensions render notes otherwise than build-notes "
            f"validate does ({difference}); the extensions notes are checked with are "
            f"{extensions_text(*markdown_extensions())} (build_notes/data/"
            "markdown_extensions.yml): make mkdocs.yml's list the same, or change both, "
            "so that what validate passes is what the site shows")
