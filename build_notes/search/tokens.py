"""The search's words: one tokenizer, for the index writer (index.py, first.py) and, run from the
same data by assets/search-engine.js, for the page's queries.

Every constant is in build_notes/data/search.json; this module and search-engine.js only read
it (the build writes it beside the engine as search-spec.js). What it does, in order:

1. `fold`: Unicode NFKC (full-width letters, ligatures), case folded, accents dropped (NFD,
   combining marks of the `accent_marks` ranges removed, NFC again): "Sécurité" -> securite.
   Kana voicing marks are no accents and stay (パ is not ハ). The page shows the text as written.
2. `scan`: runs of CJK characters (Han, kana, Hangul) are cut into overlapping bigrams
   (ハイパー -> ハイ, イパ, パー; a run of one character is kept), as no space separates
   their words. Other words are letters and digits, with inside them an apostrophe, a joiner
   (`-`, `.`) or, around them, a symbol (`.NET`, `C++`, `C#`):
   - an elision before an apostrophe is dropped ("d'asyncio" -> asyncio, "dell'arte" -> arte);
     any other apostrophe is dropped ("it's" -> its);
   - a word with joiners is its parts in a row, and its parts joined is one more term
     ("real-time" -> real, time, and realtime; "node.js" -> node, js, and nodejs);
   - a symbol name is one word as written ("c++", "c#", ".net"), its letters one more term
     ("c", "net"), so that `C++` never becomes "c".
3. `stem`: light English word forms, for words of plain letters: plurals (-s, -es, -ies),
   -ing, -ed, -ly, conservatively. The index files a word under its form ("decorator~") as
   well, and a query ranks the word as written above its other forms.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources
from typing import Any, NamedTuple

SPEC_FILE = "data/search.json"


def _spec() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("build_notes").joinpath(SPEC_FILE).read_text("utf-8"))
    return data


SPEC = _spec()


def _class(ranges: Iterable[str]) -> str:
    """The code point ranges ("0300-036F") as the inside of a regular expression's class."""
    out = []
    for item in ranges:
        low, high = (int(x, 16) for x in item.split("-"))
        out.append(f"\\U{low:08x}-\\U{high:08x}")
    return "".join(out)


def _either(strings: Iterable[str]) -> str:
    return "|".join(re.escape(s) for s in sorted(strings, key=len, reverse=True))


_MARKS = re.compile(f"[{_class(SPEC['accent_marks'])}]+")
_CJK = _class(SPEC["cjk"])
_LETTER = f"[^\\W_{_CJK}]"  # a letter or digit of a script that writes spaces
_APOSTROPHE = f"[{''.join(map(re.escape, SPEC['apostrophes']))}]"
_JOINER = f"[{''.join(map(re.escape, SPEC['joiners']))}]"
_PREFIX = _either(SPEC["symbol_prefixes"])
_SUFFIX = _either(SPEC["symbol_suffixes"])
_PART = f"{_LETTER}+(?:{_APOSTROPHE}{_LETTER}+)*"
_TOKEN = re.compile(f"(?P<cjk>[{_CJK}]+)|(?P<word>(?:{_PREFIX})?{_PART}(?:{_JOINER}{_PART})*"
                    f"(?:{_SUFFIX})?)")
_PLAIN = re.compile(f"{_LETTER}+")
_APOSTROPHES = re.compile(_APOSTROPHE)
_JOINERS = re.compile(_JOINER)
ELISIONS = frozenset(e for language in SPEC["elisions"].values() for e in language)
FORM = str(SPEC["form_marker"])
_STEM = SPEC["stemming"]


class Word(NamedTuple):
    """A word of the folded text as written: where it starts, the terms it puts in a row (one,
    or its parts, or a CJK run's bigrams), and the terms it adds at its place (joined parts, a
    symbol name's letters)."""

    start: int
    terms: tuple[str, ...]
    extras: tuple[str, ...]


def fold(text: str) -> str:
    """`text` as the search compares it: NFKC, case folded, accents dropped."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if folded.isascii():
        return folded
    return unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", folded)))


def _elided(part: str) -> str:
    pieces = _APOSTROPHES.split(part)
    if len(pieces) > 1 and pieces[0] in ELISIONS:
        pieces = pieces[1:]
    return "".join(pieces)


def _word(start: int, raw: str) -> Word:
    prefix = next((p for p in SPEC["symbol_prefixes"] if raw.startswith(p)), "")
    suffix = next((s for s in SPEC["symbol_suffixes"] if raw.endswith(s)), "")
    core = raw[len(prefix):len(raw) - len(suffix)]
    parts = [_elided(p) for p in _JOINERS.split(core)]
    if len(parts) > 1:
        return Word(start, tuple(parts), ("".join(parts),))
    if prefix or suffix:
        return Word(start, (prefix + parts[0] + suffix,), (parts[0],))
    return Word(start, (parts[0],), ())


def scan(folded: str) -> list[Word]:
    """The words of folded text (`fold`), in order."""
    out = []
    for match in _TOKEN.finditer(folded):
        raw = match.group()
        if match.lastgroup == "cjk":
            grams = tuple(raw[i:i + 2] for i in range(len(raw) - 1)) or (raw,)
            out.append(Word(match.start(), grams, ()))
        elif _PLAIN.fullmatch(raw):
            out.append(Word(match.start(), (raw,), ()))
        else:
            out.append(_word(match.start(), raw))
    return out


def terms(text: str) -> list[str]:
    """The terms of `text` in a row, as a query's words and a phrase's positions."""
    return [term for word in scan(fold(text)) for term in word.terms]


def stem(word: str) -> str:
    """The English word form of `word` (data/search.json's "stemming"): "decorators" ->
    decorator, "policies" -> policy, "caching" -> cach; the word itself when it is short or
    not plain letters."""
    if len(word) < _STEM["min_length"] or not set(word) <= set(_STEM["letters"]):
        return word
    if not any(word.endswith(end) for end in _STEM["not_plural"]):
        for end, instead in _STEM["plurals"]:
            if word.endswith(end):
                if len(word) - len(end) + len(instead) >= 3:
                    word = word[:len(word) - len(end)] + instead
                break
    for end, shortest in _STEM["suffixes"]:
        rest = word[:len(word) - len(end)]
        if word.endswith(end) and len(rest) >= shortest and set(rest) & set(_STEM["vowels"]):
            word = rest
            if len(word) >= 2 and word[-1] == word[-2] and word[-1] in _STEM["undouble"]:
                word = word[:-1]
            break
    if len(word) >= _STEM["final_e_min"] and word.endswith("e"):
        word = word[:-1]
    return word


@functools.cache
def form(term: str) -> str | None:
    """The index's term for the other forms of `term` ("decorator~" for decorators), or None
    when the term is its own form (a query finds it as written)."""
    base = stem(term)
    return base + FORM if base != term else None


_RANKING = SPEC["ranking"]
PREFIX_MIN_LENGTH: int = _RANKING["prefix_min_length"]


def form_of(query: str) -> str:
    """The index's term that holds the other forms of a query word ("decorator~")."""
    return stem(query) + FORM


def match_share(query: str, query_form: str, term: str, prefixes: bool) -> float:
    """How a term of the index matches a query word (whose `form_of` is `query_form`): 0 not
    at all, else the share of its weight that counts: the word as written, another form of it,
    or (`prefixes`) a longer word it begins, as len(query) / len(term) of that.
    search-engine.js's matchShare."""
    if term == query:
        return float(_RANKING["exact"])
    if term in (query_form, query_form[:-len(FORM)]):
        return float(_RANKING["form"])
    if prefixes and term.startswith(query) and not term.endswith(FORM):
        return float(_RANKING["prefix"]) * len(query) / len(term)
    return 0.0
