"""A talk's page: its meta line, its notes (timestamps marked up, the opinion box titled), its
place in its conference's schedule and its related talks."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable

from build_notes import markup
from build_notes.content.fields import field_type
from build_notes.content.media import TIMESTAMP, clock, timestamp_seconds, video_at
from build_notes.content.model import Talk
from build_notes.content.schema import Field, load_schema
from build_notes.markdown.blocks import prose_lines
from build_notes.site.pieces import OPINION_TITLE, Pieces, stars
from build_notes.site.related import Related
from build_notes.site.urls import (
    talk_uri,
)
from build_notes.text import escape_md, escape_url, front_matter

# --- The notes -------------------------------------------------------------------------------

_OPINION = re.compile(r"^(?P<indent>\s*)(?P<marker>!!!|\?\?\?\+?) opinion\s*$")


def render_notes(talk: Talk) -> str:
    """The talk's body with timestamps marked up and the opinion admonition titled."""
    return _notes(talk.body, talk.video)


# `mkdocs serve` renders the site again on every save: a talk's notes are marked up once.
@functools.lru_cache(maxsize=1 << 15)
def _notes(body: str, video: str | None) -> str:
    lines = body.split("\n")
    for index, prose in prose_lines(body):
        original = lines[index]
        m = _OPINION.match(original)
        if m:
            lines[index] = f'{m["indent"]}{m["marker"]} opinion "{OPINION_TITLE}"'
            continue
        pieces, last = [], 0
        for ts in TIMESTAMP.finditer(prose):  # `prose` blanks inline code, same offsets
            pieces += [original[last:ts.start()], _timestamp(video, ts)]
            last = ts.end()
        if pieces:
            lines[index] = "".join([*pieces, original[last:]])
    return "\n".join(lines).strip("\n")


def _timestamp(video: str | None, m: re.Match[str]) -> str:
    seconds = timestamp_seconds(m)
    label = html.escape(m.group())
    url = video_at(video, seconds) if video else None
    if url is None:
        return (f'<span class="{markup.TIMESTAMP}" title="At {clock(seconds)} in the video">'
                f'{label}</span>')
    return (f'<a class="{markup.TIMESTAMP}" href="{html.escape(url)}" '
            f'title="Play the video from {clock(seconds)}">{label}</a>')


class TalkPages:
    """A talk's page: meta line, notes, previous and next, related talks."""

    def __init__(self, pieces: Pieces):
        self.p = pieces

    def talk(self, talk: Talk) -> str:
        here = talk_uri(talk)
        meta = [f"**Conference:** {self.p.conference_link(here, talk.conference_id)}",
                f"**Date:** {self.p.when(talk)}",
                f"**Format:** {self.p.formats[talk.format]}"]
        for kind, one, many in (("speakers", "Speaker", "Speakers"),
                                ("organizations", "Organization", "Organizations")):
            names = getattr(talk, kind)
            if names:
                meta.append(f"**{one if len(names) == 1 else many}:** "
                            f"{self.p.name_links(here, kind, names)}")
        label = "Theme" if len(talk.themes) == 1 else "Themes"
        meta.append(f"**{label}:** {self.p.theme_links(here, talk.themes)}")
        if talk.tags:
            meta.append(f"**Tags:** {self.p.name_links(here, 'tags', talk.tags)}")
        if talk.rating:
            meta.append(f"**Rating:** {stars(talk.rating)}")
        if talk.video:
            meta.append(f"**Video:** [watch]({escape_url(talk.video)})"
                        + (f" ({clock(talk.duration)})" if talk.duration else ""))
        if talk.slides:
            meta.append(f"**Slides:** [view]({escape_url(talk.slides)})")
        meta += extra_meta(talk.extra, load_schema().talk)
        parts = [front_matter(talk.title),
                 f"# {escape_md(talk.title)}", "",
                 f'<div class="{markup.META}" markdown>', "", *(f"- {m}" for m in meta), "",
                 "</div>",
                 "", render_notes(talk), *self.sequence(talk)]
        related = self.p.groups.related.get(talk.key, ())
        if related:
            parts += ["", f'<div class="{markup.RELATED}" markdown>', "", "## Related talks", ""]
            parts += [f"- {self.p.talk_link(here, r.talk)} "
                      f'<span class="{markup.DETAILS}">{self.why(r)}</span>' for r in related]
            parts += ["", "</div>"]
        return "\n".join(parts) + "\n"

    def sequence(self, talk: Talk) -> list[str]:
        """Previous and next talk of the same conference, and where this one stands."""
        talks = self.p.groups.talks_by_conference[talk.conference_id]
        position = self.positions[talk.key]
        here = talk_uri(talk)
        parts = []
        if position > 0:
            parts.append(f"← Previous: {self.p.talk_link(here, talks[position - 1])}")
        parts.append(f"{position + 1:,} of {len(talks):,} in "
                     f"{self.p.conference_link(here, talk.conference_id)}")
        if position + 1 < len(talks):
            parts.append(f"Next: {self.p.talk_link(here, talks[position + 1])} →")
        return ["",
                f'<nav class="{markup.SEQUENCE}" aria-label="Talks of this conference" markdown>',
                "", " · ".join(parts), "", "</nav>"]

    @functools.cached_property
    def positions(self) -> dict[str, int]:
        return {t.key: i for talks in self.p.groups.talks_by_conference.values()
                for i, t in enumerate(talks)}

    def why(self, related: Related) -> str:
        """Why a talk is listed as related: what both share, words both notes weigh high."""
        reasons = []
        if related.shared:
            reasons.append("shares: " + "; ".join(escape_md(x) for x in related.shared))
        if related.words:
            reasons.append("notes mention: " + ", ".join(escape_md(x) for x in related.words))
        if self.p.several_conferences:
            reasons.append(escape_md(self.p.groups.conferences[related.talk.conference_id].name))
        return " · ".join(reasons)


def extra_meta(extra: Iterable[tuple[str, object]], fields: dict[str, Field]) -> list[str]:
    """Meta-line entries of the fields added to schema.yml that no stage names yet: the
    field's label, and its value as its type shows it."""
    return [f"**{escape_md(fields[name].label)}:** {field_type(fields[name]).show(value)}"
            for name, value in extra if not fields[name].hidden]
