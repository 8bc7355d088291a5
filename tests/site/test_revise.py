"""revise.py: after a save of one talk's notes, the pages it renders again are those a full
render of the same talks gives, and so are the related talks, save after save."""

from __future__ import annotations

import dataclasses
import datetime
import random
from pathlib import Path

import pytest

from build_notes.content.model import Talk
from build_notes.content.schema import load_schema
from build_notes.pipeline import build
from build_notes.site.feed import NoteTime
from build_notes.site.group import group
from build_notes.site.pages import render
from build_notes.site.pieces import RenderOptions
from build_notes.site.related import Related, RelatedIndex
from build_notes.site.revise import Rendered, revise
from tests.sites import generator

ROOT = Path(__file__).resolve().parents[2]


def _site(talks_dir: Path) -> Rendered:
    result = build(talks_dir, RenderOptions(search=True), render_notes=False, history=False)
    assert result.pages is not None and result.groups is not None, result.errors
    times = {t.key: NoteTime(datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc),
                             datetime.datetime(2020, 1, 1, 0, i % 60, tzinfo=datetime.timezone.utc))
             for i, t in enumerate(result.corpus.talks)}
    options = RenderOptions(search=True, note_times=times)
    return Rendered(result.corpus, result.groups, options,
                    render(result.corpus, result.groups, options))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("revise") / "talks"
    generator().generate(folder, 240, 7)
    return folder


def _shown(related: dict[str, tuple[Related, ...]]) -> dict[str, list[tuple[object, ...]]]:
    """What the talk pages show of their related talks."""
    return {key: [(r.talk.key, r.shared, r.words) for r in rs] for key, rs in related.items()}


def _edits(talk: Talk, other: Talk, rng: random.Random) -> list[str]:
    """New notes for `talk`: a paragraph of words of its own and another talk's added, its
    first paragraph rewritten (a new excerpt), a word removed everywhere, no notes, the
    other talk's notes."""
    words = other.body.split()
    added = " ".join(rng.sample(words, min(12, len(words)))) + " zyxquux-unheard-of"
    rest = talk.body.partition("\n\n")[2]
    common = max(set(talk.body.split()) or {""}, key=talk.body.split().count)
    return [f"{talk.body}\n\n{added}\n", f"A new first paragraph on {added}.\n\n{rest}",
            talk.body.replace(common, ""), "", other.body]


def _shown_values(talk: Talk, rng: random.Random, step: int) -> dict[str, object]:
    """On every other save, new values of what only shows where the talk is shown."""
    if step % 2:
        return {}
    formats = list(load_schema().formats)
    return rng.choice([{"rating": rng.choice([None, 1, 3, 5])},
                       {"format": rng.choice(formats)},
                       {"video": f"https://www.youtube.com/watch?v=x{step}", "duration": 1800},
                       {"video": None, "duration": None, "slides": None}])


@pytest.mark.parametrize("where", ["synthetic", "repository"])
def test_revised_pages_are_a_full_renders(where: str, synthetic: Path) -> None:
    site = _site(synthetic if where == "synthetic" else ROOT / "talks")
    rng = random.Random(3)
    talks = list(site.corpus.talks)
    revised = 0
    for step in range(20):
        talk, other = rng.sample(talks, 2)
        talk = next(t for t in site.corpus.talks if t.key == talk.key)  # its notes as now
        body = _edits(talk, other, rng)[step % 5]
        edited = dataclasses.replace(talk, body=body, **_shown_values(talk, rng, step))
        when = NoteTime(datetime.datetime(2021, 1, 1, tzinfo=datetime.timezone.utc),
                        datetime.datetime(2021, 1, 1, 0, step, tzinfo=datetime.timezone.utc))
        corpus = dataclasses.replace(site.corpus, talks=tuple(
            edited if t.key == talk.key else t for t in site.corpus.talks))
        assert site.options.note_times is not None
        options = dataclasses.replace(site.options,
                                      note_times={**site.options.note_times, talk.key: when})
        groups = group(corpus)
        full = render(corpus, groups, options)
        outcome = revise(site, edited, when)
        if outcome is None:  # a word became too common to count: render it all, as a caller
            site = Rendered(corpus, groups, options, full)
            continue
        revised += 1
        site, changed = outcome
        assert site.pages == full
        assert {uri for uri in full if full[uri] != changed.get(uri, full[uri])} == set()
        assert _shown(site.groups.related) == _shown(groups.related)
        assert site.pages.keys() == full.keys()
    assert revised >= 15  # the rest fell back, which is rare


def test_only_the_pages_that_changed_are_given(synthetic: Path) -> None:
    site = _site(synthetic)
    before = dict(site.pages)
    talk = site.corpus.talks[5]
    outcome = revise(site, dataclasses.replace(talk, body=talk.body + "\n\nOne more line.\n"))
    assert outcome is not None
    revised, changed = outcome
    assert changed == {uri: md for uri, md in revised.pages.items() if before[uri] != md}
    assert changed  # the talk's own page at least


def test_anything_but_the_notes_is_no_revision(synthetic: Path) -> None:
    site = _site(synthetic)
    talk = site.corpus.talks[0]
    for change in ({"title": talk.title + " again"}, {"tags": (*talk.tags, "new-tag")},
                   {"themes": talk.themes[:1] if len(talk.themes) > 1 else
                    tuple(t.id for t in site.corpus.themes if t.id not in talk.themes)[:1]},
                   {"speakers": (*talk.speakers, "Someone New")},
                   {"date": None if talk.date else site.corpus.conferences[0].start}):
        assert revise(site, dataclasses.replace(talk, **change)) is None  # type: ignore[arg-type]
    stranger = dataclasses.replace(talk, id="no-such-talk")
    assert revise(site, stranger) is None


def test_the_related_index_revised_is_a_fresh_one(synthetic: Path) -> None:
    site = _site(synthetic)
    groups = site.groups
    index = groups.related_index
    assert index is not None
    rng = random.Random(11)
    talks = list(site.corpus.talks)
    for _ in range(20):
        talk, other = rng.sample(talks, 2)
        now = index.talks[index.index[talk.key]]
        edited = dataclasses.replace(now, body=rng.choice(_edits(now, other, rng)))
        if index.revise(edited) is None:
            break
        fresh = RelatedIndex(
            index.talks, {c: [index.talks[index.index[t.key]] for t in members]
                          for c, members in groups.talks_by_conference.items()}, groups.themes)
        assert _shown(index.related) == _shown(fresh.related)
        assert index.vectors == fresh.vectors
        assert index.word_postings == fresh.word_postings
