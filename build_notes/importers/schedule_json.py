"""The c3voc `schedule.json` (frab's and pretalx's JSON export; schema in voc/schedule).

Shape: `schedule.conference` with title, acronym, start, end, time_zone_name, url, and
`days[].rooms{room name: [event]}`; events with title, subtitle, track, type, date,
duration, abstract, description, url, `persons[].public_name` (frab) or `.name` (pretalx),
`links[]` and `attachments[]` (objects with url and title, or bare URLs).
"""

from __future__ import annotations

import datetime
from typing import Any

from build_notes.importers import source_fields as fields
from build_notes.importers.programme_model import Event, Link, Programme, ProgrammeError
from build_notes.importers.source_fields import items, pointer, text


def read(data: Any, source: str) -> Programme:
    problems: list[str] = []
    conference = data["schedule"].get("conference") if isinstance(data["schedule"], dict) \
        else None
    if not isinstance(conference, dict):
        raise ProgrammeError([f"{source}: {pointer('schedule', 'conference')}: missing; the "
                              "conference's title and dates are read from it"])
    where = f"{source}: {pointer('schedule', 'conference')}"
    zone = fields.time_zone(text(conference.get("time_zone_name")), f"{where}/time_zone_name",
                            problems)
    base = fields.absolute(text(data["schedule"].get("base_url")), "")
    generator = data.get("generator")
    pretalx = isinstance(generator, dict) and text(generator.get("name")).casefold() == "pretalx"
    events: list[Event] = []
    for d, day in enumerate(items(conference.get("days"), f"{where}/days", problems)):
        day_where = f"{where}/days/{d}"
        if not isinstance(day, dict):
            problems.append(f"{day_where}: expected an object with date and rooms")
            continue
        date = fields.day(text(day.get("date")), f"{day_where}/date", problems)
        rooms = day.get("rooms") or {}
        if not isinstance(rooms, dict):
            problems.append(f"{day_where}/rooms: expected an object of room name: [events]")
            continue
        for room, room_events in rooms.items():
            room_where = f"{day_where}/rooms{pointer(room)}"
            for e, event in enumerate(items(room_events, room_where, problems)):
                event_where = f"{room_where}/{e}"
                if not isinstance(event, dict):
                    problems.append(f"{event_where}: expected an event object")
                    continue
                events.append(_event(event, event_where, date, zone, base, pretalx,
                                     problems))
    programme = Programme(
        format="schedule JSON", source=source, name=text(conference.get("title")),
        acronym=text(conference.get("acronym")),
        start=fields.day(text(conference.get("start")), f"{where}/start", problems, zone),
        end=fields.day(text(conference.get("end")), f"{where}/end", problems, zone),
        url=fields.absolute(text(conference.get("url")), "") or base,
        events=tuple(events))
    if problems:
        raise ProgrammeError(problems)
    return programme


def _event(event: dict[str, Any], where: str, day: datetime.date | None,
           zone: datetime.tzinfo | None, base: str, pretalx: bool, problems: list[str]
           ) -> Event:
    # The schedule's day first: frab days run past midnight (see frab_xml).
    date = day or fields.day(text(event.get("date")), f"{where}/date", problems, zone)
    speakers = []
    for person in items(event.get("persons"), f"{where}/persons", problems):
        name = text(person.get("public_name") or person.get("name")) \
            if isinstance(person, dict) else text(person)
        if name:
            speakers.append(name)
    links: list[Link] = []
    for key, kind in (("links", "link"), ("attachments", "attachment")):
        for item in items(event.get(key), f"{where}/{key}", problems):
            if isinstance(item, dict):
                url, title, link_type = text(item.get("url")), text(item.get("title")), \
                    text(item.get("type"))
            else:
                url, title, link_type = text(item), "", ""
            url = fields.absolute(url, base)
            if url:
                links.append(Link(url, title, fields.link_kind(link_type, title, kind)))
    url = fields.absolute(text(event.get("url")), base)
    # pretalx writes a submission's code; frab a guid (and a number, unique per instance).
    event_id = text(event.get("code")) or text(event.get("guid")) or text(event.get("id"))
    return Event(
        place=where, title=text(event.get("title")), subtitle=text(event.get("subtitle")),
        track=text(event.get("track")), type=text(event.get("type")), date=date,
        start=text(event.get("start")),
        slot=fields.clock_duration(text(event.get("duration")), f"{where}/duration", problems),
        abstract=text(event.get("abstract")), description=text(event.get("description")),
        markup="markdown" if pretalx or "code" in event else "html",
        speakers=tuple(speakers), links=tuple(links), url=url, room=text(event.get("room")),
        slug=text(event.get("slug")) or text(event.get("guid")), id=event_id,
        language=text(event.get("language")))
