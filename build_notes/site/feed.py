"""The Atom feed of talks (RFC 4287): the notes most recently added or changed first.

When a note changed is read from the repository's history (`note_times`): the last commit of
its file, and the first for when it was added; a file git does not know, or one changed
since its last commit, has its modification time. Without those times (a caller that gives
none) an entry is dated by its talk.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urljoin
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr

from build_notes.content.model import Corpus, Talk
from build_notes.markdown.blocks import excerpt
from build_notes.site.group import Groups, talk_order

FEED = "feed.xml"
FEED_ENTRIES = 100


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def escape(text: str) -> str:
    """XML text: escaped, without the characters XML 1.0 cannot hold at all."""
    return _escape(_NOT_XML.sub("", text))


class NoteTime(NamedTuple):
    """When a talk's file was added and last changed (UTC)."""

    added: datetime.datetime
    changed: datetime.datetime


def _git_times(folder: Path, paths: Sequence[str] = (".",)
               ) -> tuple[dict[str, NoteTime], set[str]]:
    """({path relative to `folder`: times} from git's log, {paths changed since the last
    commit or not committed}), of the files under `paths` (relative to `folder`); empty when
    `folder` is in no repository or git is missing."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                              text=True, check=True, timeout=60).stdout
    try:
        log = git("log", "--format=%x00%ct", "--name-only", "--relative", "--no-renames",
                  "--", *paths)
        dirty = git("status", "--porcelain", "-z", "--untracked-files=all", "--", *paths)
        prefix = git("rev-parse", "--show-prefix").strip()
    except (OSError, subprocess.SubprocessError):
        return {}, set()
    times: dict[str, NoteTime] = {}
    for commit in log.split("\0")[1:]:
        stamp, *paths = commit.strip("\n").split("\n")
        when = datetime.datetime.fromtimestamp(int(stamp), datetime.timezone.utc)
        for path in filter(None, paths):
            seen = times.get(path)  # newest commit first: the first seen is the last change
            times[path] = NoteTime(when, seen.changed if seen else when)
    # status names paths from the repository's root: relative to `folder` here.
    changed = {entry[3:].removeprefix(prefix) for entry in dirty.split("\0") if entry}
    return times, changed


def note_times(talks_dir: Path, sources: Iterable[tuple[str, Path]], *,
               every: bool = True) -> dict[str, NoteTime]:
    """{talk key: when its file was added and last changed} for (key, file) pairs under
    `talks_dir`: from git where it knows the file as committed, else the file's mtime.
    `every`: the pairs are every talk (git is asked of the whole folder, not of each file)."""
    sources = list(sources)
    times, changed = _git_times(talks_dir, ["."] if every else
                                [path.relative_to(talks_dir).as_posix() for _, path in sources])
    out = {}
    for key, path in sources:
        rel = path.relative_to(talks_dir).as_posix()
        if rel in times and rel not in changed:
            out[key] = times[rel]
        else:
            mtime = datetime.datetime.fromtimestamp(os.stat(path).st_mtime,
                                                    datetime.timezone.utc)
            out[key] = NoteTime(times[rel].added if rel in times else mtime, mtime)
    return out


def _stamp(day: datetime.date) -> str:
    if isinstance(day, datetime.datetime):
        return day.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{day.isoformat()}T00:00:00Z"


def render_feed(corpus: Corpus, groups: Groups, *, title: str, site_url: str,
                url_of: Callable[[Talk], str],
                times: Mapping[str, NoteTime] | None = None) -> str:
    """The feed, at most FEED_ENTRIES talks; `url_of` gives a talk's URL relative to the site.

    With `times` (talk key -> NoteTime), the notes changed last come first, each dated by its
    change; without, the newest conference's talks, dated by their day.
    Without a `site_url`, ids are `tag:` URIs and links stay relative to the feed.
    """
    order = talk_order(groups.conferences)
    talks = sorted(corpus.talks, key=order)
    if times:
        talks.sort(key=lambda t: times[t.key].changed, reverse=True)  # stable: ties by order
    talks = talks[:FEED_ENTRIES]

    def absolute(path: str) -> str:
        return urljoin(site_url, path) if site_url else path

    def entry_id(talk: Talk) -> str:
        if site_url:
            return absolute(url_of(talk))
        start = groups.conferences[talk.conference_id].start
        return f"tag:talk-notes,{start.isoformat()}:{talk.key}"

    def day_of(talk: Talk) -> datetime.date:
        if times:
            return times[talk.key].changed
        return talk.date or groups.conferences[talk.conference_id].end

    def published(talk: Talk) -> datetime.date | None:
        return times[talk.key].added if times else talk.date

    updated = max((day_of(t) for t in talks), default=datetime.date(2000, 1, 1))
    feed_id = absolute("") if site_url else "tag:talk-notes,2017:feed"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{escape(title)}</title>",
        f"  <id>{escape(feed_id)}</id>",
        f"  <updated>{_stamp(updated)}</updated>",
        f"  <author><name>{escape(title)}</name></author>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(absolute(FEED))}/>',
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(absolute('./'))}/>",
        '  <generator uri="https://pypi.org/project/mkdocs/">talk-notes</generator>',
    ]
    for talk in talks:
        conference = groups.conferences[talk.conference_id]
        summary = excerpt(talk.body) or talk.title
        out += [
            "  <entry>",
            f"    <title>{escape(talk.title)}</title>",
            f"    <id>{escape(entry_id(talk))}</id>",
            f"    <link rel=\"alternate\" type=\"text/html\" "
            f"href={quoteattr(absolute(url_of(talk)))}/>",
            f"    <updated>{_stamp(day_of(talk))}</updated>",
            *([f"    <published>{_stamp(day)}</published>"]
              if (day := published(talk)) else []),
            *(f"    <author><name>{escape(s)}</name></author>" for s in talk.speakers),
            *(f"    <category term={quoteattr(t)} label={quoteattr(groups.themes[t].name)}/>"
              for t in talk.themes),
            f"    <summary>{escape(conference.name)}: {escape(summary)}</summary>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
