"""Related talks: what two talks share (tags, speakers, organisations, themes) and how alike
their notes read (TF-IDF), with the reasons a reader is shown.

Linear in the number of talks: every signal is an inverted index (feature -> talks), and a
feature shared by more than _POSTING_CAP talks is skipped (it says little about two talks,
and walking its list for every talk would make the cost quadratic). A talk's notes keep
only their _TERMS_PER_TALK most telling words, so the work per talk is bounded whatever the
size of the site. No pair of talks is compared unless they share something.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from build_notes.model import Talk, Theme
from build_notes.text import prose_lines, slugify

RELATED_LIMIT = 5
_POSTING_CAP = 100
_TERMS_PER_TALK = 30
# Points for what two talks share. A tag or a speaker is the most specific signal; the
# notes' similarity (cosine of TF-IDF vectors, 0..1) counts as up to TEXT_WEIGHT points.
WEIGHTS = {"tags": 3.0, "speakers": 3.0, "organizations": 2.0, "themes": 2.0}
TEXT_WEIGHT = 8.0
# Words shown as a reason: the shared words that weigh most, at most this many.
_SHOWN_WORDS = 3
_TITLE_COUNT = 3

_WORD = re.compile(r"[a-z][a-z0-9]*(?:[-+][a-z0-9]+)*\+*")
_LINK_TARGET = re.compile(r"\]\([^)]*\)|https?://\S+")
# Words that say nothing about a talk's subject: rare in a corpus, they would still score.
_STOP_WORDS = frozenset(
    word for line in resources.files("build_notes").joinpath("data/stopwords.txt")
    .read_text("utf-8").splitlines() if not line.startswith("#") for word in line.split())


@dataclass(frozen=True)
class Related:
    """A related talk and why: what the two share, and words both notes weigh high."""

    talk: Talk
    shared: tuple[str, ...]  # tags, speakers, organisations, theme names, as written
    words: tuple[str, ...]  # up to _SHOWN_WORDS words the notes have in common


def _words(text: str) -> list[str]:
    text = _LINK_TARGET.sub(" ", text.lower())
    return [w for w in _WORD.findall(text) if len(w) > 2 and w not in _STOP_WORDS]


def note_terms(talk: Talk) -> Counter[str]:
    """Word counts of a talk's title and notes (outside code fences), lowercase, without stop
    words, link targets or words under three letters. A title word counts as _TITLE_COUNT
    mentions: a title names the subject that short notes may mention only once."""
    counts = Counter(_words(talk.title) * _TITLE_COUNT)
    lines = talk.body.split("\n")
    for index, _ in prose_lines(talk.body):
        counts.update(_words(lines[index]))
    return counts


def _text_vectors(talks: Sequence[Talk]) -> list[dict[str, float]]:
    """Each talk's notes as a unit TF-IDF vector of its _TERMS_PER_TALK heaviest words.

    Words in more than _POSTING_CAP talks are dropped before choosing: a word that common
    cannot set two talks apart, and keeping it would make its posting list long.
    """
    counts = [note_terms(t) for t in talks]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(talks)
    vectors = []
    for c in counts:
        weights = {w: (1 + math.log(k)) * math.log(n / df[w]) for w, k in c.items()
                   if 1 < df[w] <= _POSTING_CAP}  # in one talk only: shared with none
        top = heapq.nlargest(_TERMS_PER_TALK, weights.items(), key=lambda kv: (kv[1], kv[0]))
        norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
        vectors.append({w: v / norm for w, v in top if v > 0})
    return vectors


def _features(talk: Talk, themes: dict[str, Theme]) -> dict[tuple[str, str], str]:
    """{(kind, normalised value): value as shown} of what a talk can share with another."""
    out: dict[tuple[str, str], str] = {}
    for kind in ("tags", "speakers", "organizations"):
        for name in getattr(talk, kind):
            out.setdefault((kind, slugify(name) or name.casefold()), name)
    for theme in talk.themes:
        out[("themes", theme)] = themes[theme].name
    return out


def related_talks(talks: Sequence[Talk], by_conference: dict[str, list[Talk]],
                  themes: dict[str, Theme]) -> dict[str, tuple[Related, ...]]:
    """Up to RELATED_LIMIT related talks per talk, best first, each with its reasons.

    Candidates come from the posting lists of the talk's tags, speakers, organisations,
    themes and note words (each list of at most _POSTING_CAP talks), and from the talk's own
    conference. Ties go by title, then by key: deterministic.
    """
    features = [_features(t, themes) for t in talks]
    vectors = _text_vectors(talks)
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, mine in enumerate(features):
        for feature in mine:
            postings[feature].append(i)
        for word in vectors[i]:
            postings[("words", word)].append(i)
    index = {t.key: i for i, t in enumerate(talks)}
    # A big theme's list is over the cap; the talk's own conference still offers candidates.
    neighbours = {c: [index[t.key] for t in members[:_POSTING_CAP]]
                  for c, members in by_conference.items()}
    order = [(t.title.casefold(), t.key) for t in talks]

    related: dict[str, tuple[Related, ...]] = {}
    for i, talk in enumerate(talks):
        candidates: set[int] = set(neighbours[talk.conference_id])
        for feature in [*features[i], *(("words", w) for w in vectors[i])]:
            posting = postings[feature]
            if len(posting) <= _POSTING_CAP:
                candidates.update(posting)
        candidates.discard(i)
        ranked = []
        for j in candidates:
            shared = [k for k in features[i] if k in features[j]]
            score = sum(WEIGHTS[kind] for kind, _ in shared)
            common = [(vectors[i][w] * vectors[j][w], w) for w in vectors[i] if w in vectors[j]]
            score += TEXT_WEIGHT * sum(x for x, _ in common)
            if score > 0:
                ranked.append((-score, order[j], j, shared, common))
        best = heapq.nsmallest(RELATED_LIMIT, ranked, key=lambda r: (r[0], r[1]))
        related[talk.key] = tuple(
            Related(talks[j], tuple(features[i][k] for k in shared),
                    tuple(w for _, w in sorted(common, reverse=True)[:_SHOWN_WORDS]))
            for _, _, j, shared, common in best)
    return related
