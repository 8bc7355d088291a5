"""A programme -> the file changes under talks/, all checked before the first is written.

`plan_import` decides every file (add, update, skip, unchanged) and raises ProgrammeError
with every problem when anything is wrong, so bad input writes nothing; `write_plan` then
writes. A file whose notes or opinion someone wrote is never changed: the plan says which
programme fields differ instead.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from build_notes.importers.fields import slides_link, video_link
from build_notes.importers.html_text import to_markdown
from build_notes.importers.model import Event, Programme, ProgrammeError
from build_notes.load import CONFERENCE_FILE, THEMES_FILE, display_root, load_markdown, load_themes
from build_notes.programme import EMPTY_NOTES, notes_written, programme_block, split_programme
from build_notes.safe_write import check_target, write_file
from build_notes.scaffold import file_front_matter, id_from_title
from build_notes.schema import load_schema
from build_notes.text import (
    escape_url,
    find_control_char,
    normalized_title,
    parse_duration,
    quoted,
    slugify,
)
from build_notes.validate import check_values

# The fields the programme owns: a re-import rewrites them in untouched drafts, and names
# those that differ in files someone wrote in. Themes are the note-taker's once written.
PROGRAMME_FIELDS = ("title", "format", "speakers", "date", "duration", "video", "slides",
                    "tags")
# Words of programme event types -> our formats; the first that the type contains wins.
FORMAT_WORDS = (("keynote", "keynote"), ("lightning", "lightning"), ("panel", "panel"),
                ("podium", "panel"), ("discussion", "panel"), ("workshop", "workshop"),
                ("hands on", "workshop"), ("tutorial", "workshop"), ("demo", "demo"),
                ("case study", "case-study"), ("project update", "project-update"),
                ("talk", "talk"), ("lecture", "talk"), ("presentation", "talk"),
                ("session", "talk"))
_FORMAT_PATTERNS = tuple((re.compile(rf"\b{word}"), fmt) for word, fmt in FORMAT_WORDS)
_HTML_IN_TITLE = re.compile(r"<[A-Za-z/!?]|&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")


@dataclass(frozen=True)
class Options:
    conference_id: str | None = None
    theme_map: dict[str, str] = field(default_factory=dict)  # track, casefolded -> theme id
    default_theme: str | None = None


@dataclass(frozen=True)
class Change:
    path: Path
    action: Literal["add", "update", "skip", "unchanged", "removed"]  # removed: only reported
    text: str | None = None
    reason: str = ""


@dataclass
class Plan:
    programme: Programme
    conference_id: str
    shown: str  # the conference folder as messages show it
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # unmapped tracks, unknown types, ...

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)


def format_of(event_type: str) -> str | None:
    """Our format for a programme's event type; None when no word of it is known."""
    words = " ".join(re.sub(r"[^a-z0-9]+", " ", event_type.casefold()).split())
    if not words:
        return "talk"
    return next((fmt for pattern, fmt in _FORMAT_PATTERNS if pattern.search(words)), None)


def full_title(title: str, subtitle: str) -> str:
    """The title with the subtitle appended as a reader would write it."""
    if not subtitle or normalized_title(title).endswith(normalized_title(subtitle)):
        return title
    if title.endswith((":", "?", "!", ".", "—", "–")):
        return f"{title} {subtitle}"
    return f"{title}: {subtitle}"


def duration_text(seconds: int) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    hours = f"{h}h" + (f"{m:02d}m" if m or s else "") if h else (f"{m}m" if m else "")
    return hours + (f"{s:02d}s" if s else "")


def _programme_text(event: Event) -> str:
    parts = [to_markdown(event.abstract)]
    if event.description.strip() != event.abstract.strip():
        parts.append(to_markdown(event.description))
    if event.url:
        parts.append(f"[The talk in the programme]({escape_url(event.url)})")
    return "\n\n".join(p for p in parts if p)


def _talk_text(values: dict[str, Any], programme_md: str) -> str:
    block = programme_block(programme_md) + "\n" if programme_md else ""
    return f"{file_front_matter(values)}\n{block}{EMPTY_NOTES}"


def _shown(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return quoted(", ".join(map(str, value)))
    return quoted(value)


def _comparable(key: str, value: Any) -> Any:
    if key == "format" and value is None:
        return "talk"
    if key == "duration" and isinstance(value, str):
        return parse_duration(value)
    if isinstance(value, list):
        return [str(v) for v in value]
    return value if value is None else str(value)


def _differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [f"{key} {_shown(old.get(key))} -> {_shown(new.get(key))}"
            for key in PROGRAMME_FIELDS
            if _comparable(key, old.get(key)) != _comparable(key, new.get(key))]


def _theme_ids(talks_dir: Path) -> list[str]:
    record = load_themes(talks_dir / THEMES_FILE, f"{display_root(talks_dir)}/{THEMES_FILE}")
    if not isinstance(record.data, list):
        raise ProgrammeError([f"{record.path}: cannot read the themes; run build-notes "
                              "validate and fix it first"])
    return [str(t["id"]) for t in record.data if isinstance(t, dict) and "id" in t]


def _conference_id(programme: Programme, options: Options) -> str:
    schema = load_schema()
    conference_id = options.conference_id or slugify(programme.acronym or programme.name)
    if not schema.slug_re.fullmatch(conference_id) or len(conference_id) > \
            schema.max_id_length or conference_id in schema.reserved_ids:
        raise ProgrammeError([f"cannot use {quoted(conference_id)} as the conference id; give "
                              "one with --conference (lowercase letters, digits, single "
                              "hyphens, e.g. fosdem-2024)"])
    return conference_id


def _repeated_titles(events: tuple[Event, ...], problems: list[str]) -> dict[int, str]:
    """What to append to the titles of a session the programme holds more than once.

    A programme may repeat a title on other days or in other rooms ("Lightning talks",
    a workshop given twice): each becomes a talk of its own, its day (and room) appended.
    The same slug twice, or the same title on the same day in the same room, is a
    duplicate entry: a problem.
    """
    by_slug: dict[str, Event] = {}
    for event in events:
        first = by_slug.setdefault(event.slug, event) if event.slug else event
        if first is not event:
            problems.append(f"{event.place}: duplicate slug {quoted(event.slug)}, also at "
                            f"{first.place}; the programme lists the event twice")
    by_title: dict[str, list[Event]] = {}
    for event in events:
        title = full_title(" ".join(event.title.split()), " ".join(event.subtitle.split()))
        by_title.setdefault(normalized_title(title), []).append(event)
    suffixes: dict[int, str] = {}
    for same in by_title.values():
        if len(same) < 2 or not same[0].title.strip():
            continue
        days = [str(e.date or "") for e in same]
        places = [f"{e.date or ''}, {e.room}".strip(", ") for e in same]
        labels = days if len(set(days)) == len(same) and all(days) else places
        if len(set(labels)) < len(same) or not all(labels):
            # Reported with both places where the file names collide (see plan_import).
            continue
        suffixes.update((id(e), f" ({label})") for e, label in zip(same, labels, strict=True))
    return suffixes


def _plan_conference(plan: Plan, folder: Path, theme_ids: list[str], problems: list[str]
                     ) -> tuple[datetime.date | None, datetime.date | None]:
    """The conference's _index.md: written when missing, else kept (differences noted).
    Returns the conference's dates, which bound the talks'."""
    programme, conference_id = plan.programme, plan.conference_id
    index_path = folder / CONFERENCE_FILE
    start, end = programme.start, programme.end
    if not start or not end:
        days = [e.date for e in programme.events if e.date]
        start, end = start or min(days, default=None), end or max(days, default=None)
    if index_path.exists():
        existing = load_markdown(index_path, f"{plan.shown}/{CONFERENCE_FILE}", conference_id,
                                 "_index")
        data = existing.data if isinstance(existing.data, dict) else {}
        try:
            start = datetime.date.fromisoformat(str(data["start"]))
            end = datetime.date.fromisoformat(str(data["end"]))
        except (KeyError, ValueError):
            problems.append(f"{existing.path}: no readable start and end; run build-notes "
                            "validate and fix it first")
        differ = [f"{key} {quoted(data.get(key))} -> {quoted(value)}" for key, value in (
            ("name", programme.name), ("start", programme.start), ("end", programme.end))
            if value and str(data.get(key)) != str(value)]
        if differ:
            plan.notes.append(f"{existing.path} kept as it is; the programme says: "
                              + "; ".join(differ))
        plan.changes.append(Change(index_path, "unchanged"))
    else:
        if not programme.name:
            problems.append(f"{programme.source}: the programme has no conference title; "
                            f"create the conference first: build-notes new-conference --id "
                            f"{conference_id} --name ... --start YYYY-MM-DD --end YYYY-MM-DD")
        values: dict[str, Any] = {"name": programme.name}
        if programme.location:
            values["location"] = programme.location
        values["start"] = start.isoformat() if start else None
        values["end"] = end.isoformat() if end else None
        if programme.url:
            values["url"] = programme.url
        if not start or not end:
            problems.append(f"{programme.source}: the programme gives no conference dates; "
                            f"create the conference first: build-notes new-conference --id "
                            f"{conference_id} --name ... --start YYYY-MM-DD --end YYYY-MM-DD")
        elif start > end:
            problems.append(f"{programme.source}: the conference ends ({end}) before it starts "
                            f"({start})")
        elif programme.name:
            problems += [f"{programme.source}: conference: {m}"
                         for m in check_values("conference", values, theme_ids)]
        given = {k: v for k, v in values.items() if v}
        plan.changes.append(Change(index_path, "add", file_front_matter(given) + "\n"))
    return start, end


def plan_import(programme: Programme, talks_dir: Path, options: Options) -> Plan:
    """Every change the import makes; ProgrammeError (nothing planned) when anything is wrong."""
    if not talks_dir.is_dir():
        raise ProgrammeError([f"{talks_dir}: no such folder; pass --talks-dir, the folder "
                              "with themes.yml"])
    if not programme.events:
        raise ProgrammeError([f"{programme.source}: no events in the programme; is it the "
                              "right file, and is the schedule published yet?"])
    theme_ids = _theme_ids(talks_dir)
    problems = [f"unknown theme {quoted(t)} in --theme-map/--default-theme; known: "
                f"{', '.join(theme_ids)}"
                for t in dict.fromkeys([*options.theme_map.values(),
                                        *([options.default_theme] if options.default_theme
                                          else [])]) if t not in theme_ids]
    conference_id = _conference_id(programme, options)
    folder = talks_dir / conference_id
    plan = Plan(programme, conference_id, f"{display_root(talks_dir)}/{conference_id}")

    start, end = _plan_conference(plan, folder, theme_ids, problems)

    # Every event -> the file it would be, checked as the validator will check it.
    planned: dict[str, tuple[dict[str, Any], str]] = {}
    seen_titles: dict[str, str] = {}
    unmapped: Counter[str] = Counter()
    unknown_types: Counter[str] = Counter()
    no_theme: Counter[str] = Counter()
    repeated = _repeated_titles(programme.events, problems)
    room_for_programme = load_schema().max_file_bytes // 2  # the notes need the other half
    for event in programme.events:
        where = event.place
        if not event.title:
            problems.append(f"{where}/title: missing title; every event needs one")
            continue
        bad = [m for m in (find_control_char(t) for t in (event.title, event.subtitle)) if m]
        if bad:
            problems.append(f"{where}/title: {quoted(event.title)} contains the control "
                            f"character U+{ord(bad[0]):04X}; fix the programme")
            continue
        if _HTML_IN_TITLE.search(event.title + event.subtitle):
            problems.append(f"{where}/title: {quoted(event.title)} holds HTML markup; titles "
                            "are plain text: fix the programme")
            continue
        title = full_title(" ".join(event.title.split()), " ".join(event.subtitle.split()))
        title += repeated.get(id(event), "")
        key = normalized_title(title)
        if key in seen_titles:
            problems.append(f"{where}/title: {quoted(title)} is the same title as the event at "
                            f"{seen_titles[key]}, on the same day in the same room; the "
                            "programme lists it twice: remove one")
            continue
        seen_titles[key] = where
        # A title with no ASCII letter (Cyrillic, CJK) names its file by the programme's slug.
        talk_id = id_from_title(title) or id_from_title(event.slug) or "event"
        if talk_id in planned:  # two long titles that begin alike, or two fallbacks
            base = talk_id if len(talk_id) <= 55 else talk_id[:56].rsplit("-", 1)[0]
            talk_id = next(f"{base}-{n}" for n in range(2, len(planned) + 3)
                           if f"{base}-{n}" not in planned)
        if event.date and start and end and not start <= event.date <= end:
            problems.append(f"{where}/date: {event.date} is outside the conference ({start} to "
                            f"{end}); fix the programme or the conference's dates")
            continue
        track = " ".join(event.track.split())
        theme = options.theme_map.get(track.casefold())
        if theme is None:
            theme = options.default_theme
            unmapped[track or "(no track)"] += 1
            if theme is None:
                no_theme[track or "(no track)"] += 1
                continue
        fmt = format_of(event.type)
        if fmt is None:
            unknown_types[event.type] += 1
            fmt = "talk"
        values: dict[str, Any] = {"title": title, "themes": [theme], "format": fmt}
        if event.speakers:
            values["speakers"] = list(dict.fromkeys(event.speakers))
        if event.date:
            values["date"] = event.date.isoformat()
        if event.duration:
            values["duration"] = duration_text(event.duration)
        video, slides = video_link(event.links), slides_link(event.links)
        if video:
            values["video"] = video
        if slides and slides != video:
            values["slides"] = slides
        if event.tags:
            values["tags"] = list(event.tags)
        values["draft"] = True
        problems += [f"{where}: {m}" for m in check_values("talk", values, theme_ids)]
        programme_md = _programme_text(event)
        if len(programme_md.encode()) > room_for_programme:
            problems.append(f"{where}: the abstract and description take "
                            f"{len(programme_md.encode()):,} bytes; a talk file holds at most "
                            f"{load_schema().max_file_bytes:,}: shorten them in the programme")
        planned[talk_id] = (values, programme_md)
    if no_theme:
        tracks = ", ".join(f"{quoted(t)} ({n})" for t, n in no_theme.most_common())
        problems.append(f"no theme for {sum(no_theme.values())} event(s), by track: {tracks}; "
                        "map tracks with --theme-map 'TRACK=THEME' or give --default-theme "
                        f"(themes: {', '.join(theme_ids)})")
    if problems:
        raise ProgrammeError(problems)

    _plan_talks(plan, folder, planned)
    if unknown_types:
        plan.notes.append("unknown event types, imported as format 'talk': " + ", ".join(
            f"{quoted(t)} ({n})" for t, n in unknown_types.most_common()))
    if unmapped and options.default_theme:
        plan.notes.append(f"tracks without --theme-map, given theme '{options.default_theme}'"
                          ": " + ", ".join(f"{quoted(t)} ({n})"
                                           for t, n in unmapped.most_common()))
    return plan


def _plan_talks(plan: Plan, folder: Path,
                planned: dict[str, tuple[dict[str, Any], str]]) -> None:
    existing = {path.stem: load_markdown(path, f"{plan.shown}/{path.name}",
                                         plan.conference_id, path.stem)
                for path in sorted(folder.glob("*.md")) if path.name != CONFERENCE_FILE} \
        if folder.is_dir() else {}
    title_owner = {normalized_title(str(r.data["title"])): stem for stem, r in existing.items()
                   if isinstance(r.data, dict) and isinstance(r.data.get("title"), str)}
    for talk_id, (values, programme_md) in planned.items():
        path = folder / f"{talk_id}.md"
        shown = f"{plan.shown}/{path.name}"
        record = existing.get(talk_id)
        owner = title_owner.get(normalized_title(values["title"]))
        if record is None and owner is not None:
            plan.changes.append(Change(path, "skip", reason=f"the same title is in "
                                       f"{plan.shown}/{owner}.md, kept as it is"))
            continue
        if record is None:
            plan.changes.append(Change(path, "add", _talk_text(values, programme_md)))
            continue
        old = record.data if isinstance(record.data, dict) else None
        if old is None:
            plan.changes.append(Change(path, "skip", reason=f"{shown} cannot be read; run "
                                       "build-notes validate"))
            continue
        if old.get("draft") is True and not notes_written(record.body):
            # Untouched: the programme's fields and block are rewritten, the rest is kept.
            kept = {k: v for k, v in old.items()
                    if k not in (*PROGRAMME_FIELDS, "themes", "draft")}
            draft = {k: v for k, v in values.items() if k != "draft"} | kept | {"draft": True}
            text = _talk_text(draft, programme_md)
            differ = _differences(old, values)
            if text == path.read_text("utf-8"):
                plan.changes.append(Change(path, "unchanged"))
            else:
                plan.changes.append(Change(path, "update", text, ", ".join(
                    differ) or "the programme's text or themes"))
            continue
        differ = _differences(old, values)
        _, block, _ = split_programme(record.body)
        if block is not None and programme_md and block != programme_block(programme_md):
            differ.append("the programme's text")
        why = "notes written" if notes_written(record.body) else "published"
        plan.changes.append(Change(path, "skip" if differ else "unchanged",
                                   reason=f"{why}; the programme now differs: "
                                   + "; ".join(differ) if differ else why))
    for stem, record in existing.items():
        imported = split_programme(record.body)[1] is not None or (
            isinstance(record.data, dict) and record.data.get("draft") is True)
        if stem not in planned and imported:
            plan.changes.append(Change(folder / f"{stem}.md", "removed",
                                       reason="no longer in the programme (delete it if "
                                       "the talk was cancelled)"))


def describe(plan: Plan, dry_run: bool) -> list[str]:
    """What the import did (or would do), one line per file that changes or is skipped."""
    verbs = {"add": "would add" if dry_run else "added",
             "update": "would update" if dry_run else "updated",
             "skip": "skipped", "removed": "kept"}
    lines = [f"{plan.programme.source} ({plan.programme.format}): "
             f"{quoted(plan.programme.name)}, {len(plan.programme.events)} events -> "
             f"{plan.shown}"]
    for change in plan.changes:
        if change.action in verbs:
            shown = f"{plan.shown}/{change.path.name}"
            reason = f": {change.reason}" if change.reason else ""
            lines.append(f"  {verbs[change.action]:<12} {shown}{reason}")
    lines += [f"note: {n}" for n in plan.notes]
    counts = ", ".join(f"{plan.count(a)} {w}" for a, w in (
        ("add", "added"), ("update", "updated"), ("skip", "skipped"),
        ("unchanged", "unchanged"), ("removed", "no longer in the programme")))
    lines.append(("Dry run, nothing written: " if dry_run else "") + counts + ".")
    return lines


def write_plan(plan: Plan) -> None:
    """Write the planned files into the talks folder, never through a link (safe_write): an
    added file never over another, an updated one replaced whole, never left half written."""
    # Every change is <talks>/<conference>/<file>.
    writes = [(change.path.parent.parent, f"{plan.conference_id}/{change.path.name}", change)
              for change in plan.changes
              if change.action in ("add", "update") and change.text is not None]
    for talks_dir, relative, change in writes:  # a link anywhere refuses them all, first
        check_target(talks_dir, relative, replace=change.action == "update")
    for talks_dir, relative, change in writes:
        write_file(talks_dir, relative, change.text or "", replace=change.action == "update",
                   make_folders=True)
