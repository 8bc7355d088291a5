"""The whole pipeline in one call, for the CLI and the plugin alike."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from build_notes.content.load import load_tree
from build_notes.content.model import Corpus, Problem
from build_notes.content.validate import validate
from build_notes.memo import Memo
from build_notes.site.feed import note_times
from build_notes.site.group import Groups, group
from build_notes.site.pages import render
from build_notes.site.pieces import RenderOptions


@dataclass(frozen=True)
class Result:
    corpus: Corpus
    problems: list[Problem]
    groups: Groups | None = None
    pages: dict[str, str] | None = None  # None when there are errors: nothing to publish
    options: RenderOptions | None = None  # what `pages` were rendered with

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def check(talks_dir: Path, shown_as: str | None = None, render: bool = True,
          memo: Memo | None = None) -> Result:
    """Load and validate only (`render`: see validate.validate; `memo`: see memo.py)."""
    corpus, problems = validate(load_tree(talks_dir, shown_as, memo), render, memo)
    if memo is not None:
        memo.save()
    return Result(corpus, problems)


def build(talks_dir: Path, options: RenderOptions | None = None,
          shown_as: str | None = None, render_notes: bool = True,
          memo: Memo | None = None, history: bool = True) -> Result:
    """Load, validate and, when there is no error, group and render every page.

    `render_notes=False` for a caller that checks the HTML of the notes itself (the plugin);
    `history=False` dates the feed's entries by their talks, not by their files' changes."""
    result = check(talks_dir, shown_as, render_notes, memo)
    if result.errors:
        return result
    groups = group(result.corpus)
    options = options or RenderOptions()
    if history:
        options = replace(options, note_times=note_times(
            talks_dir, ((t.key, talks_dir / t.conference_id / f"{t.id}.md")
                        for t in result.corpus.talks)))
    return Result(result.corpus, result.problems, groups, render(result.corpus, groups, options),
                  options)
