"""Text helpers shared by the stages: slugs, Markdown escaping, prose scanning, timestamps.

Pure functions on strings; no stage-specific knowledge.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import html
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

# Characters Python-Markdown (with the tables extension) un-escapes after a backslash.
_MD_SPECIAL = re.compile(r"([\\`*_{}()#+\-.!|>])")  # brackets: entities, see escape_md
# Characters refused in front-matter text: they cannot be shown, and some break HTML or JSON.
# C0 and C1 controls but tab and newlines, line/paragraph separators, lone surrogates (YAML's
# "\ud800" makes one; it cannot be written as UTF-8), the non-characters U+FFFE/U+FFFF, and the
# bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which show
# text in another order than it is written ("Trojan Source"); right-to-left text needs none of
# them, browsers order it by itself.
CONTROL_CHARS = (r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                 r"\ud800-\udfff\ufffe\uffff")
_CONTROL = re.compile(f"[{CONTROL_CHARS}]")


def quoted(value: object, limit: int = 60) -> str:
    """A value from a file, safe to print in a one-line message: quoted, controls escaped,
    cut short. A newline in a value must not forge another `path:line:` line."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    text = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    return f"'{text}'"


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """"did you mean 'x'? " when one known word is close to `word`, else "".

    Close: difflib's ratio of 0.6 or more; or of 0.5 with the same first two letters, which
    short words need ('cef' for 'ceph' is 0.57)."""
    candidates = list(known)
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    if not close and len(word) >= 2:
        start = word[:2].casefold()
        close = [k for k in difflib.get_close_matches(word, candidates, n=3, cutoff=0.5)
                 if k[:2].casefold() == start][:1]
    return f"did you mean {quoted(close[0])}? " if close else ""


def day(d: datetime.date) -> str:
    return f"{d.day} {d:%B %Y}"


def slugify(text: str) -> str:
    """`"Ceph: BlueStore (2017)!"` -> `"ceph-bluestore-2017"`; ASCII, for ids and file names."""
    # NFKD splits accents off (é -> e), but ß has no decomposition: Große -> grosse.
    text = text.replace("ß", "ss").replace("ẞ", "SS")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@functools.lru_cache(maxsize=1 << 20)  # names recur on every page that lists their talks
def escape_md(text: str) -> str:
    """Text that Markdown shows literally: no markup, HTML, links or attribute lists survive.

    Beyond the backslash escapes, a leading character that could open a block where the text
    starts a line (`: ` a definition, `???` a details block, `~~~` a fence) becomes an entity.
    """
    text = _CONTROL.sub("", " ".join(text.split()))
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    if escaped[:1] in (":", "?", "~", "=", "%", "$", "^"):
        escaped = f"&#{ord(escaped[0])};{escaped[1:]}"
    # Brackets as entities, not backslashes: Python-Markdown reads `[x\]: y` at the start
    # of a line or list item as a reference definition, escape or not.
    return escaped.replace("~~", "&#126;&#126;").replace("[", "&#91;").replace("]", "&#93;")


def escape_url(url: str) -> str:
    """A validated http(s) URL made safe inside Markdown's `[text](url)`."""
    return quote(url, safe=":/?#[]@!$&'*+,;=%~")


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def find_control_char(text: str) -> str | None:
    m = _CONTROL.search(text)
    return m.group() if m else None


def normalized_title(title: str) -> str:
    """Titles that differ only in case, spacing, punctuation or invisible characters
    (zero-width spaces, joiners, direction marks) normalise alike.

    Only sentence punctuation goes: "C++ in practice" and "C# in practice" stay distinct.
    """
    return "".join(ch for ch in unicodedata.normalize("NFKC", title).casefold()
                   if not ch.isspace() and ch not in ".,:;!?'\"‘’“”()[]-–—/"
                   and not _is_invisible(ch))


# Characters that show nothing yet are letters or symbols to Unicode: Hangul fillers, the
# blank braille pattern, the Mongolian vowel separator.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")


def _is_invisible(ch: str) -> bool:
    return ch.isspace() or ch in _BLANK_LETTERS or unicodedata.category(ch) in (
        "Cf", "Cc", "Mn", "Me", "Zs", "Zl", "Zp", "Co", "Cn", "Cs")


def invisible(text: str) -> bool:
    """True when the text would show nothing: only spaces, format and combining characters."""
    return all(_is_invisible(ch) for ch in text)


def printable(text: str) -> str:
    """Text safe to print on one line: what cannot be shown (a newline, U+202E, a byte that was
    not UTF-8) as its escape, so a file name cannot forge or reorder a message line."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


# A fence at any indentation: inside an admonition or a list item it is still code.
_FENCE = re.compile(r"^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})")
# Inline code, and HTML tags with their attribute values (`<span title="at 4m02s">`).
_NOT_PROSE = re.compile(r"(`+)(?:.+?)\1|<[A-Za-z/!][^>]*>")
_LIST_OR_BOX = re.compile(r"^\s*(?:[-*+]|\d+[.)]|!!!|\?\?\?\+?)\s")


def prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """(index, line) of each body line that is prose: not in fenced or indented code, with
    inline code and HTML tags blanked out (same length, so offsets still match the line).

    An indented code block is a line indented 4 columns deeper than the paragraph, list item
    or box it follows, after a blank line.
    """
    fence: str | None = None
    blank_before, container = True, 0
    for index, line in enumerate(body.split("\n")):
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        if not line.strip():
            blank_before = True
            yield index, line
            continue
        indent = len(line) - len(line.lstrip(" "))
        if blank_before and indent >= container + 4:
            continue  # indented code: stays code until a less indented line
        if _LIST_OR_BOX.match(line):
            container = indent + 4
        elif blank_before:
            container = indent if indent < container + 4 else container
        blank_before = False
        yield index, _NOT_PROSE.sub(lambda m: " " * len(m.group()), line)


# --- Front matter of generated pages ------------------------------------------------------

def page_title(text: str) -> str:
    """A `title:` line for a page's front matter, from text that came from a talk file.

    Themes print `page.meta.title` into <title>, the header and the navigation without
    escaping (and material's `striptags` would undo escaping of an H1-derived title), so
    the title is given HTML-escaped, as a JSON string (valid YAML) that keeps it on one line.
    """
    return json.dumps(html.escape(" ".join(text.split()), quote=False), ensure_ascii=False)


def front_matter(title: str | None = None, tags: Sequence[str] = (), **meta: object) -> str:
    """Page front matter: the escaped title and tags, then trusted values (numbers, words).

    `tags` feed material's search, which weighs them above titles: a talk's speakers,
    organisations and tags go there, so searching for one puts the talk first. They are
    escaped like titles, since the search results print them as given.
    """
    lines = ["---"]
    if title is not None:
        lines.append(f"title: {page_title(title)}")
    if tags:
        lines.append(f"tags: [{', '.join(page_title(t) for t in tags)}]")
    for key, value in meta.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {k}: {v}" for k, v in value.items())
        else:
            lines.append(f"{key}: {value}")
    return "\n".join([*lines, "---", "", ""])


# --- Excerpts ---------------------------------------------------------------------------------

EXCERPT_CHARS = 180
_EXCERPT_SKIP = re.compile(r"^\s*(#|!!!|\?\?\?|```|~~~|<|\||\[\^)")
_MD_INLINE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`~]+|<[^>]+>|\\(?=\S)")


def excerpt(body: str, limit: int = EXCERPT_CHARS) -> str:
    """The first sentence or so of the notes' first paragraph, as plain text (not escaped)."""
    words: list[str] = []
    in_admonition = False
    lines = body.split("\n")
    for index, _ in prose_lines(body):  # skips fenced code
        line = lines[index]
        if not line.strip():
            if words:
                break
            in_admonition = False
            continue
        if in_admonition or line.startswith(("    ", "\t")):
            continue
        if _EXCERPT_SKIP.match(line):
            in_admonition = line.lstrip().startswith(("!!!", "???"))
            continue
        words += _MD_INLINE.sub(lambda m: m.group(1) or "", line.lstrip("-*+> ")).split()
    text = " ".join(words)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:(.")
    return cut + "…"


# --- Timestamps -------------------------------------------------------------------------------

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
