"""Moments in a recording: timestamps in notes (16m34s, [12:05]), durations, and the URL that
starts a video at a moment, for the hosts that support it."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# 16m34s, 8m9s, 1h02m, 1h02m05s, and [12:05] / [1:02:05]
TIMESTAMP = re.compile(
    r"(?<![\w./:#=-])(?:(?P<h>\d{1,2})h(?P<hm>\d{1,2})m(?:(?P<hs>\d{1,2})s)?"
    r"|(?P<m>\d{1,3})m(?P<s>\d{1,2})s)(?![\w/])"
    r"|\[(?:(?P<bh>\d{1,2}):)?(?P<bm>\d{1,2}):(?P<bs>\d{2})\](?![(\[:])"
)


def timestamp_seconds(m: re.Match[str]) -> int:
    g = m.groupdict()
    if g["hm"] is not None:
        return int(g["h"]) * 3600 + int(g["hm"]) * 60 + int(g["hs"] or 0)
    if g["m"] is not None:
        return int(g["m"]) * 60 + int(g["s"])
    return int(g["bh"] or 0) * 3600 + int(g["bm"]) * 60 + int(g["bs"])


def parse_duration(value: str) -> int | None:
    """`38m`, `1h05m`, `1h`, `45m30s`, `90s` -> seconds; None if it is not a duration."""
    # At most 6 digits a part: int() of 5,000 digits raises, and no talk lasts 1,000,000 hours.
    m = re.fullmatch(r"(?:(\d{1,6})h)?(?:(\d{1,6})m)?(?:(\d{1,6})s)?", value.strip())
    if not m or not any(m.groups()):
        return None
    h, mi, s = (int(x or 0) for x in m.groups())
    return h * 3600 + mi * 60 + s


def clock(seconds: int) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


# Recording hosts and how each starts a video at a moment. PeerTube runs on many hosts, so
# it is known by its paths; a video file anywhere takes a W3C media fragment (#t=).
_PEERTUBE_PATH = re.compile(r"^/(w|videos/watch)/(?!p/)[A-Za-z0-9-]+/?$")
_VIDEO_FILE = re.compile(r"\.(mp4|webm|mkv|ogv|ogg|mov|m4v)$", re.IGNORECASE)
TIMESTAMP_HOSTS = "YouTube, Vimeo, media.ccc.de, PeerTube, archive.org and video files"


def video_at(video: str, seconds: int) -> str | None:
    """The URL that starts `video` at `seconds`, for hosts that support it; else None."""
    parts = urlsplit(video)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")

    def query(key: str, value: str) -> str:
        kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != key]
        return urlunsplit(parts._replace(query=urlencode([*kept, (key, value)])))

    if host in ("youtube.com", "youtu.be", "youtube-nocookie.com"):
        return query("t", f"{seconds}s")
    if host in ("vimeo.com", "player.vimeo.com"):
        return urlunsplit(parts._replace(fragment=f"t={seconds}s"))
    if host == "archive.org" and parts.path.startswith(("/details/", "/embed/")):
        return query("start", str(seconds))
    if (host == "media.ccc.de" and parts.path.startswith("/v/")) or \
            _VIDEO_FILE.search(parts.path):
        return urlunsplit(parts._replace(fragment=f"t={seconds}"))
    if _PEERTUBE_PATH.match(parts.path):
        return query("start", str(seconds))
    return None
