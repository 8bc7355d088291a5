"""The data model: frozen records that every stage passes along.

The fields come from data/schema.yml: the classes name the ones the stages use, with the
values the validator gives a missing optional key; a field added to schema.yml and not yet
named here travels in `extra` (name, value), in schema order, and a talk page shows it.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from typing import Any, Literal

from build_notes.content.schema import load_schema
from build_notes.text import printable

# A note never fails a build, strict or not: something the reader of validate should know.
Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at one line (1-based; 0 when the whole file is meant)."""

    path: str
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{printable(self.path)}:{self.line}: {prefix}{self.message}"


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    description: str
    aliases: tuple[str, ...] = ()  # other names a reader may search it by (k8s)
    extra: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Conference:
    id: str
    name: str
    start: datetime.date
    end: datetime.date
    location: str | None = None
    url: str | None = None
    overview: str = ""
    source: str = ""  # the file as messages name it: talks/<conference-id>/_index.md
    extra: tuple[tuple[str, Any], ...] = ()
    overview_line: int = 1  # the line of the _index.md where the overview starts


@dataclass(frozen=True)
class Talk:
    conference_id: str
    id: str
    title: str
    themes: tuple[str, ...]
    format: str = load_schema().talk["format"].default
    speakers: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    date: datetime.date | None = None
    duration: int | None = None  # seconds
    video: str | None = None
    slides: str | None = None
    rating: int | None = None
    draft: bool = False  # validated, never published (see Corpus.drafts)
    body: str = ""
    source: str = ""  # the file as messages name it: talks/<conference-id>/<talk-id>.md
    body_line: int = 1
    extra: tuple[tuple[str, Any], ...] = ()

    @functools.cached_property
    def key(self) -> str:
        """Unique across the site: `<conference-id>/<talk-id>` (made once: the stages ask
        for it of every talk, often)."""
        return f"{self.conference_id}/{self.id}"


@dataclass(frozen=True)
class Corpus:
    """Everything that validated: the input of grouping and rendering."""

    themes: tuple[Theme, ...] = ()
    conferences: tuple[Conference, ...] = ()
    talks: tuple[Talk, ...] = field(default=())  # published talks only
    drafts: tuple[Talk, ...] = ()  # valid talks marked `draft: true`: no page, no listing
    # Conferences whose every talk is a draft: not on the site yet, but known (for `new`).
    unpublished_conferences: tuple[Conference, ...] = ()
    # Other names of tags (talks/tags.yml): (tag as the talks write it, its aliases).
    tag_aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class PageSource:
    """The file a generated page is made from, and the Markdown of that file it shows."""

    path: str  # as messages name it: talks/<conference>/<talk>.md
    notes: str = ""
    notes_line: int = 1  # the line of `path` where `notes` starts
