"""Drafts: which talks are not published yet (`build-notes status`), and publishing one.

A draft is a valid talk file with `draft: true`; the validator keeps drafts out of the
corpus (Corpus.drafts), so no page, listing, search entry, feed item or count has them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

from build_notes.errors import TalkNotesError
from build_notes.load import display_root, load_markdown
from build_notes.model import Corpus
from build_notes.programme import notes_written, without_empty_opinion
from build_notes.text import plural

_DRAFT_LINE = re.compile(r"^draft[ \t]*:.*\n", re.MULTILINE)


def status_lines(corpus: Corpus) -> list[str]:
    """Per conference: how many talks are published and which drafts wait, notes or not."""
    published = Counter(t.conference_id for t in corpus.talks)
    drafts = defaultdict(list)
    for talk in corpus.drafts:
        drafts[talk.conference_id].append(talk)
    lines = []
    for conference_id in sorted(published.keys() | drafts.keys()):
        waiting = sorted(drafts.get(conference_id, []), key=lambda t: t.id)
        ready = sum(1 for t in waiting if notes_written(t.body))
        lines.append(f"{conference_id}: {plural(published[conference_id], 'talk')} published, "
                     f"{plural(len(waiting), 'draft')}"
                     + (f" ({ready} with notes, ready to publish)" if ready else ""))
        for talk in waiting:
            state = "notes written" if notes_written(talk.body) else "no notes yet"
            lines.append(f"  {talk.source}  ({state})")
    return lines


def published(talks_dir: Path, key: str) -> tuple[Path, str]:
    """The path and text of a draft once published: `draft:` removed, and an opinion box
    left empty too (it would show as a bare title). TalkNotesError with the reason when it
    cannot be. Writes nothing, so several can be checked first."""
    conference_id, _, talk_id = key.removesuffix(".md").rpartition("/")
    path = talks_dir / conference_id / f"{talk_id}.md"
    shown = f"{display_root(talks_dir)}/{conference_id}/{talk_id}.md"
    if not conference_id or not path.is_file():
        raise TalkNotesError(f"{shown}: no such talk; give CONFERENCE/TALK, e.g. "
                             "fosdem-2024/my-talk")
    record = load_markdown(path, shown, conference_id, talk_id)
    if not isinstance(record.data, dict) or record.problems:
        raise TalkNotesError(f"{shown}: cannot be read; run build-notes validate")
    if record.data.get("draft") is not True:
        raise TalkNotesError(f"{shown}: not a draft, already published")
    if not notes_written(record.body):
        raise TalkNotesError(f"{shown}: no notes yet; write them (below the programme "
                             "block) first")
    text = path.read_text("utf-8")
    body_start = len(text) - len(record.body)
    body = re.sub(r"\n{3,}", "\n\n", without_empty_opinion(text[body_start:]))
    return path, _DRAFT_LINE.sub("", text[:body_start], count=1) + body.rstrip("\n") + "\n"
