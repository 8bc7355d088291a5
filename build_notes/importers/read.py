"""Which format a programme is, told from its content, and the reader for it."""

from __future__ import annotations

import os
from pathlib import Path

from build_notes.importers import frab_xml, pyvideo, schedule_json
from build_notes.importers.files import MAX_SCHEDULE_BYTES, read_regular
from build_notes.importers.programme_model import Programme, ProgrammeError
from build_notes.importers.source_fields import parse_json

FORMATS = ("frab/pentabarf schedule.xml", "c3voc schedule.json (frab, pretalx)",
           "a PyVideo event folder (category.json and videos/*.json)")


def read_programme(source: Path) -> Programme:
    """Read a schedule file or a PyVideo folder; ProgrammeError lists every problem."""
    shown = source.as_posix()
    if source.is_dir() or source.name == "category.json":
        folder = source if source.is_dir() else source.parent
        if (folder / "category.json").is_file():
            return pyvideo.read(folder, folder.as_posix())
        raise ProgrammeError([f"{shown}: unknown layout: a folder is read as a PyVideo event "
                              "(category.json and videos/*.json); give a schedule file "
                              "instead, or one of: " + "; ".join(FORMATS)])
    # The file named on the command line may be a link the user made: followed, once.
    data = read_regular(Path(os.path.realpath(source)), shown,
                        MAX_SCHEDULE_BYTES)
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"<":
        return frab_xml.read(data, shown)
    if start in (b"{", b"["):
        parsed = parse_json(data, shown)
        if isinstance(parsed, dict) and "schedule" in parsed:
            return schedule_json.read(parsed, shown)
        if isinstance(parsed, dict) and "videos" in parsed and "title" in parsed:
            raise ProgrammeError([f"{shown}: this is one PyVideo video; import its event "
                                  "folder (the one with category.json) instead"])
        keys = ", ".join(list(parsed)[:8]) if isinstance(parsed, dict) else "a list"
        raise ProgrammeError([f"{shown}: unknown layout (top level: {keys}); expected a "
                              "schedule.json with a 'schedule' object, or one of: "
                              + "; ".join(FORMATS)])
    raise ProgrammeError([f"{shown}: unknown layout: neither XML nor JSON; expected one of: "
                          + "; ".join(FORMATS)])
