"""A PyVideo event folder (the `pyvideo/data` layout).

Shape: `category.json` (title) and `videos/*.json`, each with title, speakers, recorded
(a date or date-time), duration (seconds), description, tags, `videos[].url` and
`related_urls[]` (objects with label and url, or bare URLs). PyVideo lists recorded
videos, so the conference's dates are those of its first and last video.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from build_notes.importers import source_fields as fields
from build_notes.importers.files import (
    MAX_VIDEO_FILE_BYTES,
    MAX_VIDEO_FILES,
    inside,
    read_regular,
)
from build_notes.importers.programme_model import Event, Link, Programme, ProgrammeError
from build_notes.importers.source_fields import items, pointer, text

_MAX_SECONDS = 7 * 24 * 3600


def read_json(path: Path, folder: Path, shown: str) -> Any:
    """A JSON file of the event folder; a link is followed only while it stays inside."""
    return fields.parse_json(read_regular(inside(path, folder, shown), shown,
                                          MAX_VIDEO_FILE_BYTES), shown)


def _video_files(folder: Path, source: str) -> list[Path]:
    videos = inside(folder / "videos", folder, f"{source}/videos")
    try:
        names = sorted(entry.name for entry in os.scandir(videos)
                       if entry.name.endswith(".json"))
    except OSError as e:
        raise ProgrammeError([f"{source}/videos: cannot list it ({e.strerror or e})"]) \
            from None
    if len(names) > MAX_VIDEO_FILES:
        raise ProgrammeError([f"{source}/videos: {len(names):,} files; an event holds at most "
                              f"{MAX_VIDEO_FILES:,}"])
    return [videos / name for name in names]


def read(folder: Path, source: str) -> Programme:
    category = read_json(folder / "category.json", folder, f"{source}/category.json")
    if not isinstance(category, dict):
        raise ProgrammeError([f"{source}/category.json: expected an object with a title"])
    problems: list[str] = []
    events = []
    files = _video_files(folder, source)
    if not files:
        problems.append(f"{source}/videos: no video files (*.json) to import")
    for path in files:
        shown = f"{source}/videos/{path.name}"
        try:
            video = read_json(path, folder, shown)
        except ProgrammeError as e:
            problems += e.problems
            continue
        if not isinstance(video, dict):
            problems.append(f"{shown}: expected an object with title, speakers, ...")
            continue
        events.append(_event(video, path.stem, f"{shown}: ", problems))
    if problems:
        raise ProgrammeError(problems)
    return Programme(format="PyVideo event folder", source=source,
                     name=text(category.get("title")), acronym=folder.resolve().name,
                     events=tuple(events))


def _event(video: dict[str, Any], name: str, where: str, problems: list[str]) -> Event:
    # `videos` are the talk's recordings (PyVideo lists recorded talks); `related_urls` are
    # whatever their labels say.
    links = [Link(url, "", "video") for url in (
        fields.absolute(text(v.get("url")), "") for v in items(
            video.get("videos"), where + pointer("videos"), problems) if isinstance(v, dict))
        if url]
    for item in items(video.get("related_urls"), where + pointer("related_urls"),
                         problems):
        url = fields.absolute(text(item.get("url")) if isinstance(item, dict) else text(item),
                              "")
        label = text(item.get("label")) if isinstance(item, dict) else ""
        if url:
            links.append(Link(url, label, fields.link_kind("", label)))
    duration = video.get("duration")
    if duration is not None and (isinstance(duration, bool) or not isinstance(
            duration, (int, float)) or not 0 <= duration <= _MAX_SECONDS):
        problems.append(f"{where}{pointer('duration')}: expected a number of seconds (at "
                        "most a week's)")
        duration = None
    speakers = [text(s) for s in items(video.get("speakers"), where + pointer("speakers"),
                                          problems)]
    tags = [text(t).lower() for t in items(video.get("tags"), where + pointer("tags"),
                                              problems)]
    return Event(
        place=where, title=text(video.get("title")),
        date=fields.day(text(video.get("recorded")), where + pointer("recorded"), problems),
        duration=int(duration) or None if duration is not None else None,
        description=text(video.get("description")), markup="rst",
        speakers=tuple(s for s in speakers if s),
        tags=tuple(dict.fromkeys(t for t in tags if t)), links=tuple(links),
        # The file name is the video's slug in pyvideo/data: it stays when a title is fixed.
        id=name, language=text(video.get("language")))
