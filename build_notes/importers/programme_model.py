"""The programme of a conference as every reader returns it, whatever the source format."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from build_notes.errors import TalkNotesError
from build_notes.text import printable


class ProgrammeError(TalkNotesError):
    """The programme cannot be imported: every problem, each with its place in the source.

    Each message is made printable here, the one place every message passes: a room name
    or a file name from the source may hold a newline (which would forge a `path:line:`
    line) or an escape sequence (which could hide the rest of the terminal's output)."""

    def __init__(self, problems: list[str]) -> None:
        shown = [printable(p) for p in problems]
        super().__init__("\n".join(shown))
        self.problems = shown


@dataclass(frozen=True)
class Link:
    url: str
    title: str = ""
    # "video" or "slides" only where the source says the link is this talk's recording or
    # slides (fields.link_kind); else "link", or "attachment" for a file the programme hosts.
    kind: str = "link"


@dataclass(frozen=True)
class Event:
    """One event of the programme; `place` says where it stands in the source."""

    place: str
    title: str
    subtitle: str = ""
    track: str = ""
    type: str = ""
    date: datetime.date | None = None
    start: str = ""  # the scheduled start, HH:MM, as the programme gives it
    slot: int | None = None  # seconds the programme schedules for it
    duration: int | None = None  # seconds of the recording (PyVideo)
    abstract: str = ""  # as the programme has it, in `markup`
    description: str = ""
    markup: str = "html"  # "html" (HTML or plain text), "markdown" (pretalx), "rst" (PyVideo)
    speakers: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    tags: tuple[str, ...] = ()
    url: str = ""  # the event's own page in the programme
    room: str = ""
    slug: str = ""  # the programme's own id of the event (slug or guid), to find duplicates
    id: str = ""  # the id the talk keeps when renamed (frab guid, pretalx code, PyVideo file)
    language: str = ""


@dataclass(frozen=True)
class Programme:
    format: str  # e.g. "frab schedule XML", for messages
    source: str  # the file or folder, as given
    name: str
    acronym: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    location: str = ""
    url: str = ""
    events: tuple[Event, ...] = ()
