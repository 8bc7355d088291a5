"""The programme of a conference as every reader returns it, whatever the source format."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from build_notes.errors import TalkNotesError


class ProgrammeError(TalkNotesError):
    """The programme cannot be imported: every problem, each with its place in the source."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Link:
    url: str
    title: str = ""
    kind: str = "link"  # "link", "attachment" (a file the programme hosts) or "video"


@dataclass(frozen=True)
class Event:
    """One event of the programme; `place` says where it stands in the source."""

    place: str
    title: str
    subtitle: str = ""
    track: str = ""
    type: str = ""
    date: datetime.date | None = None
    duration: int | None = None  # seconds
    abstract: str = ""  # HTML or plain text, as the programme has it
    description: str = ""
    speakers: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    tags: tuple[str, ...] = ()
    url: str = ""  # the event's own page in the programme
    room: str = ""
    slug: str = ""  # the programme's own id of the event (slug or guid), to find duplicates


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
