"""The Atom feed of talks (RFC 4287), newest conference first."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from urllib.parse import urljoin
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr

from build_notes.group import Groups, talk_order
from build_notes.model import Corpus, Talk
from build_notes.text import excerpt

FEED = "feed.xml"
FEED_ENTRIES = 100


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def escape(text: str) -> str:
    """XML text: escaped, without the characters XML 1.0 cannot hold at all."""
    return _escape(_NOT_XML.sub("", text))


def _stamp(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def render_feed(corpus: Corpus, groups: Groups, *, title: str, site_url: str,
                url_of: Callable[[Talk], str]) -> str:
    """The feed, at most FEED_ENTRIES talks; `url_of` gives a talk's URL relative to the site.

    Without a `site_url`, ids are `tag:` URIs and links stay relative to the feed.
    """
    order = talk_order(groups.conferences)
    talks = sorted(corpus.talks, key=order)[:FEED_ENTRIES]

    def absolute(path: str) -> str:
        return urljoin(site_url, path) if site_url else path

    def entry_id(talk: Talk) -> str:
        if site_url:
            return absolute(url_of(talk))
        start = groups.conferences[talk.conference_id].start
        return f"tag:talk-notes,{start.isoformat()}:{talk.key}"

    def day_of(talk: Talk) -> datetime.date:
        return talk.date or groups.conferences[talk.conference_id].end

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
            *([f"    <published>{_stamp(talk.date)}</published>"] if talk.date else []),
            *(f"    <author><name>{escape(s)}</name></author>" for s in talk.speakers),
            *(f"    <category term={quoteattr(t)} label={quoteattr(groups.themes[t].name)}/>"
              for t in talk.themes),
            f"    <summary>{escape(conference.name)}: {escape(summary)}</summary>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
