"""A programme -> the file changes under talks/, all checked before the first is written.

`plan_import` decides every file (add, update, skip, unchanged) and raises ProgrammeError
with every problem when anything is wrong, so bad input writes nothing; `write_plan` then
writes.

A re-import finds each talk again by the programme's own id of the event (`programme_id`),
so a renamed event updates its draft instead of making a new one. What the import last
wrote is kept as short fingerprints (`imported`): a field, or the programme block, that no
longer matches its fingerprint was changed by a person, and stays theirs. A file whose notes
someone wrote keeps every line; the plan says which programme fields changed since.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from build_notes.content.load import (
    CONFERENCE_FILE,
    THEMES_FILE,
    display_root,
    load_markdown,
    load_themes,
)
from build_notes.content.media import parse_duration
from build_notes.content.programme import (
    EMPTY_NOTES,
    notes_written,
    programme_block,
    replace_programme,
    split_programme,
)
from build_notes.content.scaffold import file_front_matter, id_from_title
from build_notes.content.schema import load_schema
from build_notes.content.validate import check_values
from build_notes.importers import html_text, rst_text
from build_notes.importers.programme_model import Event, Programme, ProgrammeError
from build_notes.importers.source_fields import first_of
from build_notes.markdown.safety import check_markdown
from build_notes.safe_write import check_target, write_file
from build_notes.text import (
    did_you_mean,
    escape_url,
    find_control_char,
    normalized_title,
    printable,
    quoted,
    slugify,
)

# The fields the programme owns: a re-import rewrites them in untouched drafts unless a
# person changed them, and names those that differ in files someone wrote in.
PROGRAMME_FIELDS = ("title", "themes", "format", "speakers", "date", "slot", "duration",
                    "video", "slides", "tags", "language")
TEXT = "text"  # the fingerprint of the programme block
# Words of programme event types -> our formats; the first that the type contains wins.
FORMAT_WORDS = (("keynote", "keynote"), ("lightning", "lightning"), ("panel", "panel"),
                ("podium", "panel"), ("discussion", "panel"), ("workshop", "workshop"),
                ("hands on", "workshop"), ("tutorial", "workshop"), ("demo", "demo"),
                ("case study", "case-study"), ("project update", "project-update"),
                ("talk", "talk"), ("lecture", "talk"), ("presentation", "talk"),
                ("session", "talk"))
_FORMAT_PATTERNS = tuple((re.compile(rf"\b{word}"), fmt) for word, fmt in FORMAT_WORDS)
_LIGHTNING = re.compile(r"\blightning\b")
_HTML_IN_TITLE = re.compile(r"<[A-Za-z/!?]|&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
# Names programmes write where no speaker is known (PyVideo's "Various speakers").
_NO_SPEAKER = frozenset({"various speakers", "various", "multiple speakers", "several speakers",
                         "many speakers", "various artists", "tba", "tbd", "to be announced",
                         "n n", "nn", "speaker tba", "speakers tba"})
# Rooms that show another room's session on a screen: the same event twice.
_STREAM_ROOM = re.compile(r"\b(stream|streaming|overflow|livestream)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Options:
    conference_id: str | None = None
    theme_map: dict[str, str] = field(default_factory=dict)  # track, casefolded -> theme id
    default_theme: str | None = None
    dry_run: bool = False  # tracks without a theme are listed in the plan, not refused


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


@dataclass(frozen=True)
class _Planned:
    """One event as the talk file it becomes."""

    talk_id: str  # the file name a new file gets
    values: dict[str, Any]  # front matter, in order, without draft and imported
    programme_md: str


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


def _field_markdown(source: str, markup: str, where: str, notes: list[str]) -> str:
    """One abstract or description as Markdown, in the syntax its author wrote it in."""
    if markup == "rst":
        return rst_text.to_markdown(source)
    if markup == "markdown":
        # pretalx's Markdown, kept as written where the notes' allowlist accepts it.
        text = "\n".join(line.rstrip() for line in source.replace("\r\n", "\n").split("\n"))
        if not find_control_char(text.replace("\t", " ")) and not check_markdown(text):
            return text.strip("\n")
        notes.append(f"{where}: the abstract's Markdown holds what notes may not (raw HTML, "
                     "or too deep); imported as plain text")
        return html_text.paragraphs(source)
    return html_text.to_markdown(source)


def _programme_text(event: Event, used: set[str], notes: list[str]) -> str:
    parts = [_field_markdown(event.abstract, event.markup, event.place, notes)]
    if event.description.strip() != event.abstract.strip():
        parts.append(_field_markdown(event.description, event.markup, event.place, notes))
    # Every link the programme gives, under its own label, but those the front matter
    # already holds as the talk's video and slides.
    links = [f"- {html_text.link(link.title, link.url)}" for link in event.links
             if link.url not in used]
    if links:
        parts.append("Links from the programme:\n\n" + "\n".join(dict.fromkeys(links)))
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
    if key in ("duration", "slot") and isinstance(value, str):
        return parse_duration(value)
    if isinstance(value, list):
        return [str(v) for v in value]
    return value if value is None else str(value)


def _fingerprint(key: str, value: Any) -> str:
    """Six hex digits that change when the value does (as the validator reads it)."""
    data = json.dumps(_comparable(key, value), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()[:6]


def _fingerprints(value: Any) -> dict[str, str]:
    """`imported: "title=1a2b3c format=..."` -> {"title": "1a2b3c", ...}; else {}."""
    if not isinstance(value, str):
        return {}
    pairs = (item.partition("=") for item in value.split())
    return {key: digits for key, sep, digits in pairs if sep and key}


def _fingerprints_text(prints: dict[str, str]) -> str:
    return " ".join(f"{key}={prints[key]}" for key in (*PROGRAMME_FIELDS, TEXT) if key in prints)


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


def _without_streams(events: tuple[Event, ...], notes: list[str]) -> list[Event]:
    """The events but those an overflow room streams: same title, day and start as an
    event in a room that is not a stream."""
    def key(e: Event) -> tuple[str, str, str]:
        return (normalized_title(full_title(e.title, e.subtitle)), str(e.date), e.start)

    held = {key(e) for e in events if not _STREAM_ROOM.search(e.room)}
    streamed = [e for e in events if _STREAM_ROOM.search(e.room) and key(e) in held]
    if streamed:
        rooms = Counter(e.room for e in streamed)
        notes.append(f"{len(streamed)} event(s) in rooms that stream another room's session, "
                     "not imported twice: " + ", ".join(
                         f"{quoted(r)} ({n})" for r, n in rooms.most_common()))
    return [e for e in events if e not in streamed]


def _repeated_titles(events: list[Event], problems: list[str]) -> dict[int, str]:
    """What to append to the titles of a session the programme holds more than once.

    A programme may repeat a title on other days or in other rooms ("Lightning talks",
    a workshop given twice): each becomes a talk of its own, its day (and room) appended.
    The same slug or id twice, or the same title on the same day in the same room, is a
    duplicate entry: a problem.
    """
    for attribute in ("slug", "id"):
        first_at: dict[str, Event] = {}
        for event in events:
            value = getattr(event, attribute)
            first = first_at.setdefault(value, event) if value else event
            if first is not event:
                problems.append(f"{event.place}: duplicate {attribute} {quoted(value)}, also "
                                f"at {first.place}; the programme lists the event twice")
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


def _theme_problems(options: Options, theme_ids: list[str],
                    tracks: list[str]) -> tuple[list[str], list[str]]:
    """(problems, notes) of the track mapping: unknown themes, entries no track uses."""
    problems = []
    given = [(f"--theme-map {quoted(f'{track}={theme}')}", theme)
             for track, theme in options.theme_map.items()]
    if options.default_theme:
        given.append((f"--default-theme {quoted(options.default_theme)}",
                      options.default_theme))
    for flag, theme in given:
        if theme not in theme_ids:
            problems.append(f"{flag}: unknown theme {quoted(theme)}; "
                            f"{did_you_mean(theme, theme_ids)}known: {', '.join(theme_ids)}; "
                            f"add one with: build-notes new-theme --id {slugify(theme) or 'ID'}")
    by_fold = {t.casefold(): t for t in tracks}
    known = "tracks: " + ", ".join(quoted(t) for t in by_fold.values()) if by_fold else \
        "the programme has no tracks"
    notes = [f"--theme-map {quoted(track)}: no track of that name in the programme, unused; "
             f"{did_you_mean(track, list(by_fold.values()))}{known}"
             for track in options.theme_map if track not in by_fold]
    return problems, notes


def _speakers(names: tuple[str, ...]) -> list[str]:
    """The speakers, without the placeholders programmes write where none is known."""
    return [n for n in dict.fromkeys(names)
            if " ".join(re.sub(r"[^\w\s]", " ", n.casefold()).split()) not in _NO_SPEAKER]


@dataclass
class _Tally:
    """What the events hold that the plan's notes count, by track or by type."""

    unmapped: Counter[str] = field(default_factory=Counter)  # tracks without --theme-map
    no_theme: Counter[str] = field(default_factory=Counter)  # ... and without a default
    unknown_types: Counter[str] = field(default_factory=Counter)


def plan_import(programme: Programme, talks_dir: Path, options: Options) -> Plan:
    """Every change the import makes; ProgrammeError (nothing planned) when anything is wrong."""
    if not talks_dir.is_dir():
        raise ProgrammeError([f"{talks_dir}: no such folder; pass --talks-dir, the folder "
                              "with themes.yml"])
    if not programme.events:
        raise ProgrammeError([f"{programme.source}: no events in the programme; is it the "
                              "right file, and is the schedule published yet?"])
    theme_ids = _theme_ids(talks_dir)
    tracks = list(dict.fromkeys(" ".join(e.track.split()) for e in programme.events
                                if e.track.strip()))
    problems, map_notes = _theme_problems(options, theme_ids, tracks)
    if problems:  # every event would repeat them
        raise ProgrammeError(problems)
    conference_id = _conference_id(programme, options)
    folder = talks_dir / conference_id
    plan = Plan(programme, conference_id, f"{display_root(talks_dir)}/{conference_id}")
    plan.notes += map_notes

    dates = _plan_conference(plan, folder, theme_ids, problems)
    tally = _Tally()
    planned = _plan_events(plan, options, theme_ids, dates, tally, problems)
    unmapped_text = ", ".join(f"{quoted(t)} ({n})" for t, n in tally.no_theme.most_common())
    advice = ("map tracks with --theme-map 'TRACK=THEME' or give --default-theme (themes: "
              f"{', '.join(theme_ids)}); a new theme: build-notes new-theme")
    if tally.no_theme and not options.dry_run:
        problems.append(f"no theme for {tally.no_theme.total()} event(s), by track: "
                        f"{unmapped_text}; {advice}")
    if problems:
        raise ProgrammeError(problems)

    _plan_talks(plan, folder, list(planned.values()))
    if tally.no_theme:
        plan.notes.append(f"no theme yet for {tally.no_theme.total()} event(s), by track: "
                          f"{unmapped_text}; {advice}")
    if tally.unknown_types:
        plan.notes.append("unknown event types, imported as format 'talk': " + ", ".join(
            f"{quoted(t)} ({n})" for t, n in tally.unknown_types.most_common()))
    if tally.unmapped and options.default_theme:
        plan.notes.append(f"tracks without --theme-map, given theme '{options.default_theme}'"
                          ": " + ", ".join(f"{quoted(t)} ({n})"
                                           for t, n in tally.unmapped.most_common()))
    return plan


def _plan_events(plan: Plan, options: Options, theme_ids: list[str],
                 dates: tuple[datetime.date | None, datetime.date | None], tally: _Tally,
                 problems: list[str]) -> dict[str, _Planned]:
    """Every event -> the file it would be, checked as the validator will check it."""
    start, end = dates
    planned: dict[str, _Planned] = {}
    seen_titles: dict[str, str] = {}
    events = _without_streams(plan.programme.events, plan.notes)
    repeated = _repeated_titles(events, problems)
    room_for_programme = load_schema().max_file_bytes // 2  # the notes need the other half
    for event in events:
        where = event.place
        wrong_title = _title_problem(event)
        if wrong_title:
            problems.append(f"{where}/title: {wrong_title}")
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
        theme = _theme_of(event, options, tally)
        if theme is None and not options.dry_run:
            continue
        values, links = _talk_values(event, title, theme, tally)
        if theme:
            problems += [f"{where}: {m}" for m in check_values("talk", values, theme_ids)]
        programme_md = _programme_text(event, links, plan.notes)
        if len(programme_md.encode()) > room_for_programme:
            problems.append(f"{where}: the abstract and description take "
                            f"{len(programme_md.encode()):,} bytes; a talk file holds at most "
                            f"{load_schema().max_file_bytes:,}: shorten them in the programme")
        planned[talk_id] = _Planned(talk_id, values, programme_md)
    return planned


def _title_problem(event: Event) -> str | None:
    """What is wrong with an event's title as the programme gives it, or None."""
    if not event.title:
        return "missing title; every event needs one"
    bad = [m for m in (find_control_char(t) for t in (event.title, event.subtitle)) if m]
    if bad:
        return (f"{quoted(event.title)} contains the control character U+{ord(bad[0]):04X}; "
                "fix the programme")
    if _HTML_IN_TITLE.search(event.title + event.subtitle):
        return f"{quoted(event.title)} holds HTML markup; titles are plain text: fix the programme"
    return None


def _theme_of(event: Event, options: Options, tally: _Tally) -> str | None:
    """The theme of an event's track (--theme-map, else --default-theme), or None."""
    track = " ".join(event.track.split())
    theme = options.theme_map.get(track.casefold())
    if theme is None:
        theme = options.default_theme
        tally.unmapped[track or "(no track)"] += 1
        if theme is None:
            tally.no_theme[track or "(no track)"] += 1
    return theme


def _talk_values(event: Event, title: str, theme: str | None,
                 tally: _Tally) -> tuple[dict[str, Any], set[str]]:
    """The front matter the programme states for an event, in a new draft's order, and the
    links it took (the programme block lists the others)."""
    fmt = format_of(event.type)
    if fmt is None:
        tally.unknown_types[event.type] += 1
        fmt = "talk"
    if fmt == "talk" and (_LIGHTNING.search(title.casefold()) or
                          any(_LIGHTNING.search(t) for t in event.tags)):
        fmt = "lightning"  # a session of lightning talks, by its title or tags
    video, slides = first_of("video", event.links), first_of("slides", event.links)
    # No theme only in a dry run: the plan is shown, never written.
    stated: dict[str, Any] = {
        "title": title, "themes": [theme] if theme else None, "format": fmt,
        "speakers": _speakers(event.speakers),
        "date": event.date.isoformat() if event.date else None,
        "slot": duration_text(event.slot) if event.slot else None,
        "duration": duration_text(event.duration) if event.duration else None,
        "video": video, "slides": slides if slides != video else None,
        "tags": list(event.tags), "language": event.language, "programme_id": event.id}
    return {k: v for k, v in stated.items() if v}, {video or "", slides or ""}


def _plan_talks(plan: Plan, folder: Path, planned: list[_Planned]) -> None:
    existing = {path.stem: load_markdown(path, f"{plan.shown}/{path.name}",
                                         plan.conference_id, path.stem)
                for path in sorted(folder.glob("*.md")) if path.name != CONFERENCE_FILE} \
        if folder.is_dir() else {}
    data = {stem: r.data if isinstance(r.data, dict) else None for stem, r in existing.items()}
    by_id = {str(d["programme_id"]): stem for stem, d in data.items()
             if d and d.get("programme_id") is not None}
    title_owner = {normalized_title(str(d["title"])): stem for stem, d in data.items()
                   if d and isinstance(d.get("title"), str)}
    matched: set[str] = set()
    names = set(existing)  # file names taken, by existing files and new ones
    for talk in planned:
        programme_id = talk.values.get("programme_id")
        stem = by_id.get(str(programme_id)) if programme_id else None
        legacy = data.get(talk.talk_id)
        if stem is None and legacy is not None and legacy.get("programme_id") is None:
            stem = talk.talk_id  # imported before ids were kept: found by its file name
        if stem is None and legacy is None and talk.talk_id in existing:
            stem = talk.talk_id  # unreadable: reported as such below
        if stem is not None:
            matched.add(stem)
            plan.changes.append(_replan(plan, folder / f"{stem}.md", existing[stem], talk))
            continue
        owner = title_owner.get(normalized_title(talk.values["title"]))
        if owner is not None and owner not in matched:
            plan.changes.append(Change(folder / f"{talk.talk_id}.md", "skip",
                                       reason=f"the same title is in {plan.shown}/{owner}.md, "
                                       "kept as it is"))
            continue
        name = talk.talk_id if talk.talk_id not in names else next(
            f"{talk.talk_id[:56]}-{n}" for n in range(2, len(names) + 3)
            if f"{talk.talk_id[:56]}-{n}" not in names)
        names.add(name)
        prints = {key: _fingerprint(key, talk.values.get(key)) for key in PROGRAMME_FIELDS}
        block = programme_block(talk.programme_md) if talk.programme_md else None
        prints[TEXT] = _fingerprint(TEXT, block)
        values = talk.values | {"draft": True, "imported": _fingerprints_text(prints)}
        plan.changes.append(Change(folder / f"{name}.md", "add",
                                   _talk_text(values, talk.programme_md)))
    for stem, record in existing.items():
        d = data[stem]
        imported = split_programme(record.body)[1] is not None or (
            d is not None and (d.get("draft") is True or "programme_id" in d))
        if stem not in matched and imported:
            plan.changes.append(Change(folder / f"{stem}.md", "removed",
                                       reason="no longer in the programme (delete it if "
                                       "the talk was cancelled)"))


def _replan(plan: Plan, path: Path, record: Any, talk: _Planned) -> Change:
    """The change to a talk file the programme already has: fields a person changed stay
    theirs, and so does every line of a file with notes."""
    shown = f"{plan.shown}/{path.name}"
    old = record.data if isinstance(record.data, dict) else None
    if old is None or record.problems:
        return Change(path, "skip", reason=f"{shown} cannot be read; run build-notes validate")
    prints = _fingerprints(old.get("imported"))
    editable = old.get("draft") is True and not notes_written(record.body)
    _, block, _ = split_programme(record.body)
    new_block = programme_block(talk.programme_md) if talk.programme_md else None
    values = dict(old)
    new_prints = dict(prints)
    new_text_block = False
    changed, kept, differ = [], [], []
    for key, current, new in _programme_fields(old, block, talk.values, new_block):
        said = "the programme's text" if key == TEXT else \
            f"{key} {_shown(current)} -> {_shown(new)}"
        now, wanted, last = (_fingerprint(key, current), _fingerprint(key, new),
                             prints.get(key))
        if now == wanted or wanted == last:
            # As the programme says, or the programme has not changed since the import
            # (a difference is then the person's, and nothing to say).
            new_prints[key] = wanted if now == wanted else new_prints.get(key, wanted)
            continue
        if last is not None and now != last:  # a person changed it: theirs
            kept.append(f"{key} {_shown(current)}, the programme now says {_shown(new)}"
                        if key != TEXT else "the programme block (edited); the programme's "
                        "text changed")
        elif editable:
            if key == TEXT:
                new_text_block = True
            else:
                values[key] = new
            changed.append(said)
        else:
            differ.append(said)
        new_prints[key] = wanted
    text = path.read_text("utf-8")
    reasons = [", ".join(changed)] if changed else []
    if kept:
        reasons.append("kept as a person changed it: " + "; ".join(kept))
    if editable:
        if talk.values.get("programme_id"):  # a draft imported before ids were kept gets one
            values["programme_id"] = talk.values["programme_id"]
        front = {k: v for k, v in values.items() if v is not None and k not in (
            "draft", "imported")} | {"draft": True}
        front["imported"] = _fingerprints_text(new_prints)
        body = replace_programme(record.body, new_block or "") if new_text_block \
            else record.body
        body = body.lstrip("\n")
        new_text = f"{file_front_matter(_ordered(front, talk.values))}\n{body}"
        if new_text == text:
            return Change(path, "unchanged")
        return Change(path, "update", new_text, "; ".join(reasons) or "its record of the "
                      "programme")
    # A file with notes keeps every line, its fingerprints too: what the programme changed
    # since the import is said on every run, until the file agrees or the person decides.
    why = "notes written" if notes_written(record.body) else "published"
    if differ or kept:
        reasons = [f"the programme now differs: {'; '.join([*differ, *kept])}"]
    reason = f"{why}; " + "; ".join(reasons) if reasons else why
    return Change(path, "skip" if reasons else "unchanged", reason=reason)


def _programme_fields(old: dict[str, Any], block: str | None, planned: dict[str, Any],
                      new_block: str | None) -> Iterator[tuple[str, Any, Any]]:
    """(key, in the file, in the programme) of each field the programme owns, and its text."""
    for key in PROGRAMME_FIELDS:
        if key == "themes" and key not in planned:
            continue  # a dry run's event without a theme says nothing of the file's
        yield key, old.get(key), planned.get(key)
    yield TEXT, block, new_block


def _ordered(front: dict[str, Any], planned: dict[str, Any]) -> dict[str, Any]:
    """The front matter in the order a new draft has it, the person's own keys after."""
    order = ["title", "themes", *planned, *PROGRAMME_FIELDS]
    first = {k: front[k] for k in dict.fromkeys(order) if k in front}
    return first | {k: v for k, v in front.items() if k not in first}


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
    # A room, file or track name from the programme cannot forge or hide a line.
    return [printable(line) for line in lines]


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
