"""frab / pentabarf `schedule.xml` (FOSDEM, the CCC events, pretalx's XML export).

Shape: `schedule/conference` (title, acronym, venue, city, start, end, time_zone_name, url,
base_url) and `schedule/day[@date]/room/event` with title, subtitle, track, type, date,
duration, abstract, description, url, `persons/person`, `links/link[@href]`,
`attachments/attachment[@href]`. Parsed with defusedxml and DTDs forbidden: a schedule
needs none, and refusing them rules out entity-expansion bombs and external entities.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

import defusedxml
import defusedxml.ElementTree

from build_notes.importers import source_fields as fields
from build_notes.importers.programme_model import Event, Link, Programme, ProgrammeError


def _children(parent: ET.Element, tag: str, where: str) -> list[tuple[ET.Element, str]]:
    return [(child, f"{where}/{tag}[{i}]") for i, child in enumerate(parent.findall(tag), 1)]


def _text(element: ET.Element, tag: str) -> str:
    found = element.find(tag)
    return "".join(found.itertext()).strip() if found is not None else ""


def read(data: bytes, source: str) -> Programme:
    try:
        root = defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except ET.ParseError as e:
        line, column = e.position  # expat counts columns from 0
        reason = re.sub(r": line \d+, column \d+$", "", str(e))
        raise ProgrammeError([f"{source}:{line}:{column + 1}: not well-formed XML ({reason}); "
                              "is the download complete?"]) from None
    except defusedxml.DefusedXmlException as e:
        raise ProgrammeError([f"{source}: the XML declares a DTD or entities ({e}); a "
                              "schedule needs none, so it is refused"]) from None
    if root.tag != "schedule":
        raise ProgrammeError([f"{source}: /{root.tag}: unknown layout: a frab schedule XML "
                              "starts with <schedule>"])
    problems: list[str] = []
    conference = root.find("conference")
    if conference is None:
        raise ProgrammeError([f"{source}: /schedule/conference is missing: the conference's "
                              "title and dates are read from it"])
    where = f"{source}: /schedule/conference"
    zone = fields.time_zone(_text(conference, "time_zone_name"), f"{where}/time_zone_name",
                            problems)
    base = fields.absolute(_text(conference, "base_url"), "")
    generator = root.find("generator")
    pretalx = generator is not None and generator.get("name", "").casefold() == "pretalx"
    events: list[Event] = []
    for day_element, day_where in _children(root, "day", f"{source}: /schedule"):
        day = fields.day(day_element.get("date", ""), f"{day_where}/@date", problems)
        for room, room_where in _children(day_element, "room", day_where):
            for event, event_where in _children(room, "event", room_where):
                events.append(_event(event, event_where, day, zone, base, pretalx, problems))
    location = ", ".join(x for x in (_text(conference, "venue"), _text(conference, "city")) if x)
    programme = Programme(
        format="frab schedule XML", source=source, name=_text(conference, "title"),
        acronym=_text(conference, "acronym"),
        start=fields.day(_text(conference, "start"), f"{where}/start", problems, zone),
        end=fields.day(_text(conference, "end"), f"{where}/end", problems, zone),
        location=location,
        url=fields.absolute(_text(conference, "url"), "") or base,
        events=tuple(events))
    if problems:
        raise ProgrammeError(problems)
    return programme


def _event(event: ET.Element, where: str, day: datetime.date | None,
           zone: datetime.tzinfo | None, base: str, pretalx: bool, problems: list[str]
           ) -> Event:
    # The schedule's day, not the calendar day: frab days run past midnight, and an event
    # at 01:00 belongs to the day before. Without one, the event's own date-time counts.
    date = day or fields.day(_text(event, "date"), f"{where}/date", problems, zone)
    speakers = tuple(name for name in ("".join(p.itertext()).strip()
                                       for p in event.iterfind("persons/person")) if name)
    links: list[Link] = []
    for tag, kind in (("links/link", "link"), ("attachments/attachment", "attachment")):
        for element in event.iterfind(tag):
            url = fields.absolute(element.get("href", ""), base)
            title = " ".join("".join(element.itertext()).split())
            if url:
                links.append(Link(url, title, fields.link_kind(element.get("type", ""), title,
                                                               kind)))
    url = fields.absolute(_text(event, "url"), base)
    return Event(
        place=where, title=_text(event, "title"), subtitle=_text(event, "subtitle"),
        track=_text(event, "track"), type=_text(event, "type"), date=date,
        start=_text(event, "start"),
        slot=fields.clock_duration(_text(event, "duration"), f"{where}/duration", problems),
        abstract=_text(event, "abstract"), description=_text(event, "description"),
        markup="markdown" if pretalx else "html",
        speakers=speakers, links=tuple(links), url=url, room=_text(event, "room"),
        slug=_text(event, "slug") or event.get("guid", ""),
        id=(fields.pretalx_code(url) if pretalx else "") or event.get("guid", "")
        or event.get("id", ""),
        language=_text(event, "language"))
