"""Field readers shared by the programme formats: durations, dates, time zones, links, places.

Each takes the place in the source (an element path or a JSON pointer) and a list to add
problems to, so a reader reports every bad field of a programme in one run.
"""

from __future__ import annotations

import datetime
import json
import re
import zoneinfo
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

from build_notes.importers.model import Link, ProgrammeError

_CLOCK = re.compile(r"(\d{1,3}):([0-5]\d)(?::([0-5]\d))?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Hosts whose links are recordings of the talk (schedules link them once the video is out).
VIDEO_HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com", "vimeo.com",
               "media.ccc.de", "video.fosdem.org", "peertube.tv", "archive.org")
SLIDE_HOSTS = ("speakerdeck.com", "slideshare.net", "slides.com")
_VIDEO_FILE = re.compile(r"\.(mp4|webm|mkv|ogv|mov)$", re.IGNORECASE)
_SLIDE_FILE = re.compile(r"\.(pdf|odp|pptx?|key)$", re.IGNORECASE)


def pointer(*parts: object) -> str:
    """A JSON pointer (RFC 6901) from keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def text(value: Any) -> str:
    """A programme's text value; null and numbers as programmes write them."""
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    return str(value).strip()


def parse_json(data: bytes, shown: str) -> Any:
    try:
        return json.loads(data)
    except json.JSONDecodeError as e:
        raise ProgrammeError([f"{shown}:{e.lineno}:{e.colno}: not valid JSON ({e.msg}); is "
                              "the download complete?"]) from None
    except UnicodeDecodeError as e:
        raise ProgrammeError([f"{shown}: not UTF-8 text ({e.reason})"]) from None


def items(value: Any, where: str, problems: list[str]) -> list[Any]:
    """A JSON list (null reads as empty); anything else is a problem at `where`."""
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(f"{where}: expected a list")
        return []
    return value


def clock_duration(value: str, place: str, problems: list[str]) -> int | None:
    """`00:30`, `1:30:00` (frab, pretalx) -> seconds; empty -> None."""
    if not value:
        return None
    m = _CLOCK.fullmatch(value.strip())
    if not m:
        problems.append(f"{place}: duration {value!r} is not hh:mm or hh:mm:ss")
        return None
    return int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3] or 0) or None


def time_zone(name: str, place: str, problems: list[str]) -> zoneinfo.ZoneInfo | None:
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        problems.append(f"{place}: unknown time zone {name!r}; use an IANA name such as "
                        "Europe/Brussels or UTC")
        return None


def day(value: str, place: str, problems: list[str],
        zone: datetime.tzinfo | None = None) -> datetime.date | None:
    """The day of an ISO date or date-time; a date-time with an offset is first moved into
    the conference's time zone, so a talk at 00:30 local time is not filed the day before."""
    value = value.strip()
    if not value:
        return None
    try:
        if _DATE.fullmatch(value):
            return datetime.date.fromisoformat(value)
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        problems.append(f"{place}: {value!r} is not an ISO date (YYYY-MM-DD) or date-time")
        return None
    if moment.tzinfo is not None and zone is not None:
        moment = moment.astimezone(zone)
    return moment.date()


def absolute(url: str, base: str) -> str:
    """An http(s) URL, resolved against the programme's base URL; "" if it is not one."""
    url = url.strip()
    if not url:
        return ""
    if base and not urlsplit(url).scheme:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    ok = parts.scheme in ("http", "https") and parts.hostname and \
        not any(c.isspace() for c in url)
    return url if ok else ""


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def video_link(links: Iterable[Link]) -> str | None:
    """The recording among a talk's links: a video hosting site, a video file, or a link
    the programme calls a recording."""
    for link in links:
        host, title = _host(link.url), link.title.lower()
        if link.kind == "video" or _VIDEO_FILE.search(urlsplit(link.url).path) or \
                any(host == h or host.endswith("." + h) for h in VIDEO_HOSTS) or \
                "recording" in title or "video" in title:
            return link.url
    return None


def slides_link(links: Iterable[Link]) -> str | None:
    """The slides among a talk's links: an attachment or link called slides, a slide file,
    or a slide hosting site; never the conference's shared slides folder."""
    candidates = [link for link in links if "conference" not in link.title.lower()]
    for link in candidates:
        if "slide" in link.title.lower() or _SLIDE_FILE.search(urlsplit(link.url).path) \
                or any(_host(link.url) == h for h in SLIDE_HOSTS):
            return link.url
    return None
