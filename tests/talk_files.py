"""The repository's talk files read straight from disk with PyYAML, without build_notes.

The browser and search tests compare what the site shows with what the files say. Reading the
files here, with none of the pipeline's code, keeps those expectations independent: a bug in
loading, grouping or counting shows up as a difference instead of being copied into the
expected value. Nothing here is hard-coded about the content beyond the folder layout
(talks/themes.yml, talks/<conference-id>/_index.md, talks/<conference-id>/<talk-id>.md) and
the one rule of what is published: a talk without `draft: true`, in a conference with one.
Drafts (hundreds, after `build-notes import`) are on no page, so no expectation counts them.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ROOT

TALKS_DIR = ROOT / "talks"


@dataclass(frozen=True)
class TalkFile:
    conference_id: str
    id: str
    meta: dict[str, Any]
    body: str
    source: str  # the whole file, front matter included

    @property
    def url(self) -> str:
        """The talk page's URL path relative to the site root, as MkDocs publishes it."""
        return f"talks/{self.conference_id}/{self.id}/"

    @property
    def title(self) -> str:
        return str(self.meta["title"])

    @property
    def themes(self) -> list[str]:
        return [str(t) for t in self.meta["themes"]]

    @property
    def organizations(self) -> list[str]:
        return [str(o) for o in self.meta.get("organizations") or []]


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(front matter, body) of a file that starts with a `---` fenced YAML block."""
    lines = text.split("\n")
    assert lines[0].strip() == "---", "a talk file starts with front matter"
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    return meta, "\n".join(lines[end + 1:])


def every_talk_file(talks_dir: Path | None = None) -> tuple[TalkFile, ...]:
    """Every talk file, drafts included, of talks/ (read once) or of `talks_dir` (read now:
    a test may have changed it since)."""
    return _repository_talk_files() if talks_dir is None else _read_talk_files(talks_dir)


@functools.cache
def _repository_talk_files() -> tuple[TalkFile, ...]:
    return _read_talk_files(TALKS_DIR)


def _read_talk_files(talks_dir: Path) -> tuple[TalkFile, ...]:
    talks = []
    for conference in sorted(p for p in talks_dir.iterdir() if (p / "_index.md").is_file()):
        for path in sorted(conference.glob("*.md")):
            if path.name == "_index.md":
                continue
            text = path.read_text("utf-8")
            meta, body = split_front_matter(text)
            talks.append(TalkFile(conference.name, path.stem, meta, body, text))
    return tuple(talks)


def talk_files(talks_dir: Path | None = None) -> tuple[TalkFile, ...]:
    """The published talks: every talk file but the drafts."""
    return tuple(t for t in every_talk_file(talks_dir) if t.meta.get("draft") is not True)


@functools.cache
def themes() -> tuple[dict[str, str], ...]:
    """The themes of talks/themes.yml, in file order (the order the site lists them)."""
    data = yaml.safe_load((TALKS_DIR / "themes.yml").read_text("utf-8"))
    return tuple({k: str(v) for k, v in theme.items()} for theme in data)


def conference_ids(talks_dir: Path | None = None) -> list[str]:
    """The published conferences: those with a published talk (one of drafts only is not)."""
    return sorted({t.conference_id for t in talk_files(talks_dir)})


def organizations() -> set[str]:
    """Distinct organisations; spellings that differ only in case or spacing count once."""
    return {" ".join(name.casefold().split()) for t in talk_files() for name in t.organizations}


def talks_of_theme(theme_id: str) -> list[TalkFile]:
    return [t for t in talk_files() if theme_id in t.themes]


def talk(url: str) -> TalkFile:
    """The talk file published at `url` (a path like talks/<conference>/<talk>/)."""
    matches = [t for t in talk_files() if t.url == url.strip("/") + "/"]
    assert matches, f"no talk file is published at {url}"
    return matches[0]


def all_sources() -> str:
    """Every file under talks/ as one text, for checking a word appears nowhere."""
    return "\n".join(p.read_text("utf-8") for p in sorted(TALKS_DIR.rglob("*"))
                     if p.is_file() and p.suffix in {".md", ".yml"})


def richest_talk() -> TalkFile:
    """The talk whose page has the most parts: meta fields, then an opinion box, then notes."""
    return max(talk_files(), key=lambda t: (len(t.meta), "!!! opinion" in t.body, len(t.body)))


def sample_pages() -> dict[str, str]:
    """One page of each kind, as site paths: the pages the axe runs and screenshots cover.

    The theme with the most talks and the talk with the most parts show the most of what the
    renderer and the CSS produce.
    """
    theme = max(themes(), key=lambda t: len(talks_of_theme(t["id"])))
    pages = {"home": "",
             "theme": f"themes/{theme['id']}/",
             "conference": f"conferences/{conference_ids()[0]}/",
             "talk": richest_talk().url,
             "themes": "themes/",
             "conferences": "conferences/",
             "tags": "tags/",
             "organizations": "organizations/",
             "speakers": "speakers/",
             "explore": "explore/",
             "stats": "stats/",
             "not-found": "404.html"}
    for kind, key in (("tag", "tags"), ("organization", "organizations"),
                      ("speaker", "speakers")):
        names = Counter(str(n) for t in talk_files() for n in t.meta.get(key) or [])
        # The most common name whose page name `slug` knows for sure: an ASCII one.
        known = [name for name, _ in names.most_common() if name.isascii() and slug(name)]
        if known:
            pages[kind] = f"{key}/{slug(known[0])}/"
    return pages


# One page of each template or generated structure: a theme's, a tag's, an organisation's
# and a speaker's pages are the same paged listing, and the organisations' and the speakers'
# indexes the same index of names, so one of each stands for the others (the first of the
# alternatives that the talk files give).
PAGE_KINDS = ("home", "talk", "conference", "theme", ("speaker", "organization", "tag"),
              "themes", "conferences", "organizations", "tags", "explore", "stats", "not-found")


def page_kinds() -> dict[str, str]:
    """One page of each kind the site renders differently, by kind."""
    pages = sample_pages()
    out = {}
    for kinds in PAGE_KINDS:
        kind = next((k for k in (kinds if isinstance(kinds, tuple) else (kinds,)) if k in pages),
                    None)
        if kind is not None:
            out[kind] = pages[kind]
    return out


def slug(name: str) -> str:
    """The page name of an ASCII organisation, speaker or tag: lowercase words joined by -."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
