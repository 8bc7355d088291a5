"""Drafts: which talks are not published yet (`build-notes status`), and publishing them
(`build-notes publish`).

A draft is a talk file with `draft: true`; the validator keeps drafts out of the corpus
(Corpus.drafts), so no page, listing, search entry, feed item or count has them.

Publishing removes the `draft: true` line and nothing else, and only from a file that the
whole validator passes once the line is gone. The notes are the note-taker's words: an opinion
box that looks empty to a program may hold text that is only indented wrongly, so publish
never edits the notes; it names the problem at its line and leaves the file as it is.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from build_notes.content.load import (
    CONFERENCE_FILE,
    THEMES_FILE,
    Record,
    display_root,
    load_tree,
    markdown_record,
)
from build_notes.content.model import Corpus, Problem, Talk
from build_notes.content.programme import notes_written
from build_notes.content.schema import load_schema
from build_notes.content.validate import validate
from build_notes.errors import TalkNotesError
from build_notes.memo import Memo
from build_notes.safe_write import plain_parts, read_file
from build_notes.text import plural, printable

_HOW_TO_NAME = ("give CONFERENCE/TALK (e.g. fosdem-2024/my-talk) or the path build-notes "
                "status prints")


# --- status ---------------------------------------------------------------------------------

@dataclass
class _Folder:
    """One conference folder as `status` shows it."""

    id: str
    name: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    published: int = 0
    drafts: list[Talk] = dataclasses.field(default_factory=list)
    with_problems: dict[str, int] = dataclasses.field(default_factory=dict)  # path: errors


def _folders(corpus: Corpus, problems: Sequence[Problem], shown_root: str,
             ) -> tuple[dict[str, _Folder], dict[str, int]]:
    """Every conference folder (valid or not) by id, and the files with errors that belong
    to no conference folder (themes.yml, stray files)."""
    folders: dict[str, _Folder] = {}
    for conference in (*corpus.conferences, *corpus.unpublished_conferences):
        folders[conference.id] = _Folder(conference.id, conference.name, conference.start,
                                         conference.end)

    def folder(conference_id: str) -> _Folder:
        return folders.setdefault(conference_id, _Folder(conference_id))

    for talk in corpus.talks:
        folder(talk.conference_id).published += 1
    for talk in corpus.drafts:
        folder(talk.conference_id).drafts.append(talk)
    elsewhere: dict[str, int] = defaultdict(int)
    for problem in problems:
        if problem.severity != "error":
            continue
        parts = problem.path.removeprefix(f"{shown_root}/").split("/")
        if problem.path.startswith(f"{shown_root}/") and len(parts) == 2 \
                and parts[1].endswith(".md"):
            counts = folder(parts[0]).with_problems
            counts[problem.path] = counts.get(problem.path, 0) + 1
        else:
            elsewhere[problem.path] += 1
    return folders, elsewhere


def conference_ids(corpus: Corpus, problems: Sequence[Problem], shown_root: str) -> list[str]:
    """The ids of every conference folder, those with problems included."""
    return sorted(_folders(corpus, problems, shown_root)[0])


def _draft_line(talk: Talk) -> str:
    state = "ready" if notes_written(talk.body) else "no notes"
    when = talk.date.isoformat() if talk.date else "no date"
    return f"  {state:<9} {when:<10}  {printable(talk.source)}  {printable(talk.title)}"


def _problem_lines(counts: dict[str, int]) -> list[str]:
    return [f"  {'problems':<9} {'':<10}  {printable(path)}  ({plural(n, 'problem')}: "
            "build-notes validate lists them)" for path, n in sorted(counts.items())]


def _day_order(talk: Talk) -> tuple[bool, datetime.date, str]:
    return (talk.date is None, talk.date or datetime.date.min, talk.title.casefold())


def status_lines(corpus: Corpus, problems: Sequence[Problem], shown_root: str,
                 conferences: Sequence[str] = (), day: datetime.date | None = None,
                 ) -> list[str]:
    """Per conference: its talks published, its drafts (by day, with their titles, and
    whether notes are written) and its files with problems; then the totals.

    `conferences` and `day` narrow what is listed: the conferences named, the drafts of that
    day. The counts stay those of the whole conference. Each path is one that
    `build-notes publish` takes as it is."""
    folders, elsewhere = _folders(corpus, problems, shown_root)
    lines: list[str] = []
    totals = [0, 0, 0, 0, 0]  # conferences, published, drafts, ready, files with problems
    for folder in (f for conference_id, f in sorted(folders.items())
                   if not conferences or conference_id in conferences):
        ready = sum(1 for t in folder.drafts if notes_written(t.body))
        listed = sorted((t for t in folder.drafts if day is None or t.date == day),
                        key=_day_order)
        in_dates = folder.start is not None and folder.end is not None and \
            folder.start <= (day or folder.start) <= folder.end
        if day is not None and not listed and not in_dates:
            continue
        for i, n in enumerate((1, folder.published, len(folder.drafts), ready,
                               len(folder.with_problems))):
            totals[i] += n
        name = f" ({printable(folder.name)}, {folder.start} to {folder.end})" \
            if folder.name else ""
        counts = [f"{plural(folder.published, 'talk')} published",
                  f"{plural(len(folder.drafts), 'draft')}"
                  + (f" ({ready} with notes, ready to publish)" if ready else "")]
        if folder.with_problems:
            counts.append(f"{plural(len(folder.with_problems), 'file')} with problems")
        lines.append(f"{printable(folder.id)}{name}: {', '.join(counts)}")
        if day is not None:
            lines.append(f"  {plural(len(listed), 'draft')} on {day}:")
        lines += [_draft_line(t) for t in listed]
        lines += _problem_lines(folder.with_problems)
    if elsewhere and not conferences and day is None:
        lines.append("other files with problems:")
        lines += _problem_lines(elsewhere)
        totals[4] += len(elsewhere)
    if not lines:
        return lines
    ready_total = f" ({totals[3]} ready to publish)" if totals[3] else ""
    lines.append(f"In all: {plural(totals[1], 'talk')} published, "
                 f"{plural(totals[2], 'draft')}{ready_total}, "
                 f"{plural(totals[4], 'file')} with problems, in "
                 f"{plural(totals[0], 'conference')}.")
    return lines


# --- publish --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Publication:
    """A draft checked for publishing: its file under the talks folder and its new bytes."""

    relative: str  # <conference-id>/<talk-id>.md
    shown: str  # as messages name it
    text: bytes  # the file without its draft line, byte for byte otherwise


def talk_path(talks_dir: Path, given: str) -> str:
    """The talk file that `given` names, relative to the talks folder: CONFERENCE/TALK (with
    or without .md), or a path to it as `build-notes status` prints it. TalkNotesError for
    anything else, a path that leads out of the talks folder included."""
    parts = given.removesuffix(".md").split("/")
    if len(parts) != 2 or os.path.isabs(given):
        # A path to the file: its folder's folder must be the talks folder itself.
        path = Path(os.path.abspath(given))
        if path.parent.parent != Path(os.path.abspath(talks_dir)):
            raise TalkNotesError(f"{printable(given)}: not a talk file in "
                                 f"{display_root(talks_dir)}; {_HOW_TO_NAME}")
        parts = [path.parent.name, path.name.removesuffix(".md")]
    relative = f"{parts[0]}/{parts[1]}.md"
    plain_parts(relative)  # no '..', no empty name
    if parts[1] + ".md" == CONFERENCE_FILE:
        raise TalkNotesError(f"{printable(given)}: is a conference's file, not a talk; "
                             f"{_HOW_TO_NAME}")
    return relative


def _draft_line_as(raw: bytes, line: int, replacement: bytes) -> bytes:
    """The bytes with their `line`th line (1-based) replaced, every other byte kept: line
    ends (LF, CRLF, CR) and a BOM as they are."""
    lines = raw.splitlines(keepends=True)
    ending = lines[line - 1][len(lines[line - 1].rstrip(b"\r\n")):]
    return b"".join([*lines[:line - 1], replacement + ending if replacement else b"",
                     *lines[line:]])


def _draft_removed(record: Record, raw: bytes) -> tuple[bytes, Record] | str:
    """The file without its `draft: true` line, and the record to judge it by: the file with
    a comment in that line's place, so that every problem is reported at its line in the
    file as it is now. Or why the flag cannot be removed by removing one line."""
    line = record.line("draft", 0)
    published = _draft_line_as(raw, line, b"")
    judged = markdown_record(_draft_line_as(raw, line, b"#"), record.path,
                             record.conference_id, record.id)
    check = markdown_record(published, record.path, record.conference_id, record.id)
    expected = {k: v for k, v in record.data.items() if k != "draft"}
    if any(r.problems or r.data != expected or r.body != record.body for r in (judged, check)):
        return (f"{record.path}:{line}: 'draft: true' is not a line of its own; write it "
                "on one line as `draft: true` and run again")
    return published, judged


def _candidate(talks_dir: Path, given: str, shown_root: str,
               ) -> tuple[Publication, Record] | list[str]:
    """A draft named on the command line, without its draft line; or why not."""
    try:
        relative = talk_path(talks_dir, given)
        shown = f"{shown_root}/{relative}"
        raw = read_file(talks_dir, relative, load_schema().max_file_bytes)
    except FileNotFoundError:
        return [f"{shown}: no such talk; {_HOW_TO_NAME}"]
    except TalkNotesError as e:
        return [str(e)]
    conference_id, name = relative.split("/")
    record = markdown_record(raw, shown, conference_id, name.removesuffix(".md"))
    if record.problems or not isinstance(record.data, dict):
        return [str(p) for p in record.problems] or [
            f"{shown}:1: the front matter is not a mapping of keys; run build-notes validate"]
    if record.data.get("draft") is not True:
        return [f"{shown}: not a draft, already published"]
    if not notes_written(record.body):
        return [f"{shown}:{record.body_line}: no notes yet; write them (below the programme "
                "block) first"]
    removed = _draft_removed(record, raw)
    if isinstance(removed, str):
        return [removed]
    text, judged = removed
    return Publication(relative, shown, text), judged


def publications(talks_dir: Path, given: Sequence[str], memo: Memo | None = None,
                 ) -> tuple[list[Publication], list[str], list[Problem]]:
    """The drafts named in `given`, each checked for publishing: (those that may be
    published, every reason to refuse, warnings). Writes nothing.

    Each is judged as `build-notes validate` would judge it once published, within its tree
    (its conference's dates, the theme ids, titles of the other talks); errors in themes.yml
    or in its conference's _index.md refuse it too, as it cannot be judged against them."""
    shown_root = display_root(talks_dir)
    refused: list[str] = []
    candidates: dict[str, tuple[Publication, Record]] = {}
    for key in given:
        found = _candidate(talks_dir, key, shown_root)
        if isinstance(found, list):
            refused += found
        else:
            candidates[found[0].shown] = found
    if not candidates:
        return [], refused, []
    records = [candidates[r.path][1] if r.path in candidates else r
               for r in load_tree(talks_dir, memo=memo)]
    _, problems = validate(records, memo=memo)
    if memo is not None:
        memo.save()
    context = {f"{shown_root}/{THEMES_FILE}"} | {
        f"{shown_root}/{p.relative.split('/')[0]}/{CONFERENCE_FILE}"
        for p, _ in candidates.values()}
    warnings: list[Problem] = []
    for problem in problems:
        if problem.path in candidates:
            if problem.severity == "error":
                refused.append(str(problem))
            else:
                warnings.append(problem)
        elif problem.path in context and problem.severity == "error":
            refused.append(str(problem))
    return [p for p, _ in candidates.values()], list(dict.fromkeys(refused)), warnings
