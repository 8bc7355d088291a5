"""A PyVideo event folder (the `pyvideo/data` layout).

Shape: `category.json` (title) and `videos/*.json`, each with title, speakers, recorded
(a date or date-time), duration (seconds), description, tags, `videos[].url` and
`related_urls[]` (objects with label and url, or bare URLs). PyVideo lists recorded
videos, so the conference's dates are those of its first and last video.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from build_notes.importers import fields
from build_notes.importers.fields import items, pointer, text
from build_notes.importers.model import Event, Link, Programme, ProgrammeError


def read_json(path: Path, shown: str) -> Any:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ProgrammeError([f"{shown}: cannot read it ({e.strerror or e})"]) from None
    return fields.parse_json(data, shown)


def read(folder: Path, source: str) -> Programme:
    category = read_json(folder / "category.json", f"{source}/category.json")
    if not isinstance(category, dict):
        raise ProgrammeError([f"{source}/category.json: expected an object with a title"])
    problems: list[str] = []
    events = []
    files = sorted((folder / "videos").glob("*.json"))
    if not files:
        problems.append(f"{source}/videos: no video files (*.json) to import")
    for path in files:
        shown = f"{source}/videos/{path.name}"
        video = read_json(path, shown)
        if not isinstance(video, dict):
            problems.append(f"{shown}: expected an object with title, speakers, ...")
            continue
        events.append(_event(video, f"{shown}: ", problems))
    if problems:
        raise ProgrammeError(problems)
    return Programme(format="PyVideo event folder", source=source,
                     name=text(category.get("title")), acronym=folder.resolve().name,
                     events=tuple(events))


def _event(video: dict[str, Any], where: str, problems: list[str]) -> Event:
    links = [Link(url, "", "video") for url in (
        fields.absolute(text(v.get("url")), "") for v in items(
            video.get("videos"), where + pointer("videos"), problems) if isinstance(v, dict))
        if url]
    for item in items(video.get("related_urls"), where + pointer("related_urls"),
                         problems):
        url = fields.absolute(text(item.get("url")) if isinstance(item, dict) else text(item),
                              "")
        if url:
            links.append(Link(url, text(item.get("label")) if isinstance(item, dict) else ""))
    duration = video.get("duration")
    if duration is not None and (isinstance(duration, bool) or
                                 not isinstance(duration, (int, float)) or duration < 0):
        problems.append(f"{where}{pointer('duration')}: expected a number of seconds")
        duration = None
    speakers = [text(s) for s in items(video.get("speakers"), where + pointer("speakers"),
                                          problems)]
    tags = [text(t).lower() for t in items(video.get("tags"), where + pointer("tags"),
                                              problems)]
    return Event(
        place=where, title=text(video.get("title")),
        date=fields.day(text(video.get("recorded")), where + pointer("recorded"), problems),
        duration=int(duration) or None if duration is not None else None,
        description=text(video.get("description")),
        speakers=tuple(s for s in speakers if s),
        tags=tuple(dict.fromkeys(t for t in tags if t)), links=tuple(links))
