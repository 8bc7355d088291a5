"""Field readers shared by the programme formats: durations, dates, time zones, links, places.

Each takes the place in the source (an element path or a JSON pointer) and a list to add
problems to, so a reader reports every bad field of a programme in one run.
"""

from __future__ import annotations

import datetime
import json
import math
import re
import zoneinfo
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

from build_notes.importers.html_text import is_web
from build_notes.importers.programme_model import Link, ProgrammeError
from build_notes.text import quoted

_CLOCK = re.compile(r"(\d{1,3}):([0-5]\d)(?::([0-5]\d))?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Labels by which a programme says a link is the talk's own recording or slides, compared
# with the label's words (case, punctuation, "(mp4)" and "- 187 MB" aside). Only these: a
# label such as "Recording of my talk at FOSDEM" or "Conference slides" names another thing,
# and a YouTube link is not this talk's recording because of its host.
VIDEO_LABELS = frozenset({"video", "recording", "video recording", "talk recording",
                          "recording of the talk", "recording of this talk", "aufzeichnung",
                          "videoaufzeichnung", "vortragsaufzeichnung"})
SLIDE_LABELS = frozenset({"slides", "the slides", "slide deck", "presentation slides",
                          "slides of the talk", "slides of this talk", "talk slides",
                          "folien", "vortragsfolien"})


def label_words(label: str) -> str:
    """`"Video recording (AV1/WebM) - 187.4 MB"` -> `"video recording"`."""
    label = re.sub(r"\([^()]*\)|\s[-–—]\s.*$", " ", label.casefold())
    return " ".join(re.sub(r"[^\w\s]", " ", label).split())


def link_kind(link_type: str, label: str, default: str = "link") -> str:
    """"video" or "slides" where the source's type or label says so, else `default`.

    Types: frab's FOSDEM export gives a recording's MIME type (`video/mp4`); voc/schedule's
    references a `type` of slides, paper, web, blog, article, media or related.
    """
    kind = link_type.strip().casefold()
    if kind.startswith("video/") or kind in ("video", "recording"):
        return "video"
    if kind == "slides":
        return "slides"
    words = label_words(label)
    return "video" if words in VIDEO_LABELS else "slides" if words in SLIDE_LABELS else default


def pointer(*parts: object) -> str:
    """A JSON pointer (RFC 6901) from keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def text(value: Any) -> str:
    """A programme's text value; null and numbers as programmes write them."""
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    return str(value).strip()


class _BadNumber(ValueError):
    def __init__(self, token: str, why: str) -> None:
        super().__init__(why)
        self.token, self.why = token, why


# Python's json reads NaN, Infinity, 1e999 (as inf) and numbers of any length (int() then
# refuses 4,300 digits with a ValueError); a programme needs none of them.
_MAX_DIGITS = 18


def _int(token: str) -> int:
    if len(token.lstrip("-")) > _MAX_DIGITS:
        raise _BadNumber(token, f"a number of {len(token.lstrip('-')):,} digits")
    return int(token)


def _float(token: str) -> float:
    value = float(token)
    if not math.isfinite(value) or len(token) > 40:
        raise _BadNumber(token, f"the number {token[:20]}{'…' if len(token) > 20 else ''} "
                         "is out of range")
    return value


def _constant(token: str) -> Any:
    raise _BadNumber(token, f"{token} is not a JSON number")


def _place(text: str, token: str) -> str:
    """`line:column` of the first `token` outside a JSON string, for messages."""
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"|' + re.escape(token), text):
        if not m.group().startswith('"'):
            line = text.count("\n", 0, m.start()) + 1
            return f"{line}:{m.start() - text.rfind(chr(10), 0, m.start())}"
    return ""


def parse_json(data: bytes, shown: str) -> Any:
    """JSON as a programme holds it: nesting, numbers and constants within reason."""
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ProgrammeError([f"{shown}: not UTF-8 text ({e.reason})"]) from None
    try:
        return json.loads(decoded, parse_int=_int, parse_float=_float,
                          parse_constant=_constant)
    except json.JSONDecodeError as e:
        raise ProgrammeError([f"{shown}:{e.lineno}:{e.colno}: not valid JSON ({e.msg}); is "
                              "the download complete?"]) from None
    except _BadNumber as e:
        raise ProgrammeError([f"{shown}:{_place(decoded, e.token)}: {e.why}; a programme's "
                              "numbers are durations and ids: fix the file"]) from None
    except RecursionError:
        raise ProgrammeError([f"{shown}: nested too deeply (lists or objects inside each "
                              "other hundreds of times); a programme is a few levels deep"]) \
            from None


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
        if moment.tzinfo is not None and zone is not None:
            moment = moment.astimezone(zone)
    except ValueError:
        problems.append(f"{place}: {quoted(value)} is not an ISO date (YYYY-MM-DD) or "
                        "date-time")
        return None
    except OverflowError:  # 9999-12-31T23:30-05:00 is in year 10000 in UTC
        problems.append(f"{place}: {quoted(value)} is out of range; fix the date")
        return None
    return moment.date()


def absolute(url: str, base: str) -> str:
    """An http(s) URL, resolved against the programme's base URL; "" if it is not one."""
    url = url.strip()
    try:
        if base and url and not urlsplit(url).scheme:
            url = urljoin(base, url)
    except ValueError:  # "http://[::1" is not a URL
        return ""
    return url if is_web(url) else ""


def pretalx_code(url: str) -> str:
    """The submission code in a pretalx talk URL (`.../talk/ABC123/`), else ""."""
    m = re.search(r"/talk/([A-Z0-9]+)/?$", url)
    return m[1] if m else ""


def first_of(kind: str, links: Iterable[Link]) -> str | None:
    """The URL of the first link the source calls the talk's recording ("video") or slides."""
    return next((link.url for link in links if link.kind == kind), None)
