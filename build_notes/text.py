"""Text helpers shared by the stages: quoting, slugs, Markdown escaping, control characters,
the front matter of generated pages.

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
from collections.abc import Iterable
from urllib.parse import quote

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


# --- Front matter of generated pages ------------------------------------------------------

def page_title(text: str) -> str:
    """A `title:` line for a page's front matter, from text that came from a talk file.

    Themes print `page.meta.title` into <title>, the header and the navigation without
    escaping (and material's `striptags` would undo escaping of an H1-derived title), so
    the title is given HTML-escaped, as a JSON string (valid YAML) that keeps it on one line.
    """
    return json.dumps(html.escape(" ".join(text.split()), quote=False), ensure_ascii=False)


def front_matter(title: str | None = None, **meta: object) -> str:
    """Page front matter: the escaped title, then trusted values (numbers, words).

    No `tags`: Material's search, which read them, is not used (the site's own search reads
    the page), and a renderer that shows front-matter tags (Zensical) would print them as
    chips under every talk.
    """
    lines = ["---"]
    if title is not None:
        lines.append(f"title: {page_title(title)}")
    for key, value in meta.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {k}: {v}" for k, v in value.items())
        else:
            lines.append(f"{key}: {value}")
    # None at all when there is nothing to say: Zensical refuses an empty front matter.
    return "\n".join([*lines, "---", "", ""]) if len(lines) > 1 else ""
