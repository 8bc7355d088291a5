"""Related talks: what two talks share (tags, speakers, organisations, themes) and how alike
their notes read (TF-IDF), with the reasons a reader is shown.

Linear in the number of talks: every signal is an inverted index (feature -> talks), and a
feature shared by more than _POSTING_CAP talks is skipped (it says little about two talks,
and walking its list for every talk would make the cost quadratic). A talk's notes keep
only their _TERMS_PER_TALK most telling words, and a talk walks at most _WORD_VISITS word
postings, so the work per talk is bounded, and about the same whatever the size of the site.
No pair of talks is compared unless they share something.
"""

from __future__ import annotations

import functools
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from build_notes.content.model import Talk, Theme
from build_notes.text import slugify

RELATED_LIMIT = 5
_POSTING_CAP = 100
_TERMS_PER_TALK = 16
# A word's posting list keeps the talks that weigh it most: walking it stays bounded.
_WORD_POSTINGS = 24
# And a talk walks at most this many word postings, its heaviest words first. Lists fill up
# as a site grows (a talk walks 34 postings at 1,000 talks, 283 at 20,000, on the
# benchmark's notes): without a budget the work per talk would grow with the site. 64 is
# about twice what a talk walks at 1,000 talks (34 on average), so a 5,000-talk site already
# walks as much per talk as a 20,000-talk one; at the seed it changes one talk's fifth pick.
_WORD_VISITS = 64
# Points for what two talks share. A tag or a speaker is the most specific signal; the
# notes' similarity (cosine of TF-IDF vectors, 0..1) counts as up to TEXT_WEIGHT points.
WEIGHTS = {"tags": 3.0, "speakers": 3.0, "organizations": 2.0, "themes": 2.0}
TEXT_WEIGHT = 8.0
# Words shown as a reason: the shared words that weigh most, at most this many.
_SHOWN_WORDS = 3
_TITLE_COUNT = 3

_WORD = re.compile(r"[a-z][a-z0-9]*(?:[-+][a-z0-9]+)*\+*")
_LINK_TARGET = re.compile(r"\]\([^)]*\)|https?://\S+")
# A box's first line (`??? programme "From the programme"`, `!!! opinion`) is the site's and
# the importer's syntax, the same on every talk that has one: no word of the talk's.
_BOX_LINE = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+\S.*$", re.M)
# Words too common to tell two talks apart, judged from document frequency: in more than
# this share of the site's talks (most talks share them), or of one conference's talks (its
# platform's text under every talk: "recorded", the event's name), once there are enough
# talks for a share to mean something.
_COMMON_SHARE = 0.5
_BOILERPLATE_SHARE = 0.8
_MIN_TALKS = 5
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
    """Word counts of a talk's title and notes (code included: names in code say what a talk
    is about), lowercase, without stop words, link targets or words under three letters. A
    title word counts as _TITLE_COUNT mentions: a title names the subject that short notes
    may mention only once. Shared between calls: read it, do not change it."""
    return _note_terms(talk.title, talk.body)


# `mkdocs serve` groups the talks again on every save: a talk's words are counted once.
@functools.lru_cache(maxsize=1 << 15)
def _note_terms(title: str, body: str) -> Counter[str]:
    counts = Counter(_words(title) * _TITLE_COUNT)
    counts.update(_words(_BOX_LINE.sub(" ", body)))
    return counts


def _common_words(talks: Sequence[Talk], counts: Sequence[Counter[str]],
                  df: Counter[str]) -> dict[str, set[str]]:
    """{conference id: the words too common to weigh in its talks}: those in more than
    _COMMON_SHARE of all talks, and those in more than _BOILERPLATE_SHARE of the
    conference's own."""
    n = len(talks)
    common = {w for w, k in df.items() if k > _COMMON_SHARE * n} if n >= _MIN_TALKS else set()
    by_conference: dict[str, list[Counter[str]]] = defaultdict(list)
    for talk, c in zip(talks, counts, strict=True):
        by_conference[talk.conference_id].append(c)
    out = {}
    for conference, members in by_conference.items():
        words = set(common)
        if len(members) >= _MIN_TALKS:
            local: Counter[str] = Counter()
            for c in members:
                local.update(c.keys())
            words |= {w for w, k in local.items() if k > _BOILERPLATE_SHARE * len(members)}
        out[conference] = words
    return out


def _text_vectors(talks: Sequence[Talk]) -> list[dict[str, float]]:
    """Each talk's notes as a unit TF-IDF vector of its _TERMS_PER_TALK heaviest words.

    Words in more than _POSTING_CAP talks are dropped before choosing: a word that common
    cannot set two talks apart, and keeping it would make its posting list long; so are the
    words most talks, or most of one conference's talks, share (_common_words).
    """
    counts = [note_terms(t) for t in talks]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(talks)
    common = _common_words(talks, counts, df)
    vectors = []
    for talk, c in zip(talks, counts, strict=True):
        skip = common[talk.conference_id]
        weights = {w: (1 + math.log(k)) * math.log(n / df[w]) for w, k in c.items()
                   if 1 < df[w] <= _POSTING_CAP  # in one talk only: shared with none
                   and w not in skip}
        top = heapq.nlargest(_TERMS_PER_TALK, weights.items(), key=lambda kv: (kv[1], kv[0]))
        norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
        vectors.append({w: v / norm for w, v in top if v > 0})
    return vectors


@functools.lru_cache(maxsize=1 << 16)  # a name recurs on many talks
def _normalised(name: str) -> str:
    return slugify(name) or name.casefold()


def _features(talk: Talk) -> dict[tuple[str, str], str]:
    """{(kind, normalised name): name as written} of the tags, speakers and organisations."""
    out: dict[tuple[str, str], str] = {}
    for kind in ("tags", "speakers", "organizations"):
        for name in getattr(talk, kind):
            out.setdefault((kind, _normalised(name)), name)
    return out


def related_talks(talks: Sequence[Talk], by_conference: dict[str, list[Talk]],
                  themes: dict[str, Theme]) -> dict[str, tuple[Related, ...]]:
    """Up to RELATED_LIMIT related talks per talk, best first, each with its reasons.

    Scores add up while walking posting lists: the talk's tags, speakers and organisations
    (lists of at most _POSTING_CAP talks) and its words (the _WORD_POSTINGS talks that weigh
    each word most, at most _WORD_VISITS postings in all). Shared themes then count for every
    talk found so, and for the first _POSTING_CAP talks of the same conference (a theme's own
    list is often too long to walk).
    Reasons are worked out for the talks shown only. Ties go by title, then by key.
    """
    features = [_features(t) for t in talks]
    vectors = _text_vectors(talks)
    # A talk's themes as bits of an int: counting shared themes is an AND and a bit count.
    bit = {theme: 1 << b for b, theme in enumerate(sorted({x for t in talks for x in t.themes}))}
    masks = [sum(bit[x] for x in set(t.themes)) for t in talks]
    postings, word_postings = _postings(features, vectors)
    index = {t.key: i for i, t in enumerate(talks)}
    neighbours = {c: [index[t.key] for t in members[:_POSTING_CAP]]
                  for c, members in by_conference.items()}
    # The tie-break order (title, then key) as one int per talk: its place in that order.
    by_place = sorted(range(len(talks)), key=lambda j: (talks[j].title.casefold(), talks[j].key))
    place = [0] * len(talks)
    for at, j in enumerate(by_place):
        place[j] = at
    theme_weight = WEIGHTS["themes"]

    related: dict[str, tuple[Related, ...]] = {}
    for i, talk in enumerate(talks):
        scores = _scores(features[i], vectors[i], postings, word_postings)
        for j in neighbours[talk.conference_id]:
            scores[j] += 0.0  # a candidate through its conference: themes decide
        scores.pop(i, None)
        mine = masks[i]
        ranked = []
        for j, score in scores.items():
            score += theme_weight * (mine & masks[j]).bit_count()
            if score > 0:
                ranked.append((-score, place[j]))
        related[talk.key] = tuple(
            _why(talk, talks[j], features[i], features[j], vectors[i], vectors[j], themes)
            for j in (by_place[at] for _, at in heapq.nsmallest(RELATED_LIMIT, ranked)))
    return related


_Postings = dict[tuple[str, str], list[int]]
_WordPostings = dict[str, list[tuple[float, int]]]


def _postings(features: list[dict[tuple[str, str], str]],
              vectors: list[dict[str, float]]) -> tuple[_Postings, _WordPostings]:
    """The talks (by index) of each tag, speaker and organisation, and the (weight, talk) of
    each word, capped: a feature of too many talks is dropped, a word keeps its heaviest."""
    postings: _Postings = defaultdict(list)
    word_postings: _WordPostings = defaultdict(list)
    for i, named in enumerate(features):
        for feature in named:
            postings[feature].append(i)
        for word, weight in vectors[i].items():
            word_postings[word].append((weight, i))
    for members in postings.values():
        if len(members) > _POSTING_CAP:
            members.clear()  # shared by too many talks to say two of them are related
    for word, weighted in word_postings.items():
        if len(weighted) > _WORD_POSTINGS:
            word_postings[word] = heapq.nlargest(_WORD_POSTINGS, weighted)
    return postings, word_postings


def _scores(features: dict[tuple[str, str], str], vector: dict[str, float],
            postings: _Postings, word_postings: _WordPostings) -> defaultdict[int, float]:
    """One talk's score with every talk that shares a feature or a word with it."""
    scores: defaultdict[int, float] = defaultdict(float)
    for feature in features:
        weight = WEIGHTS[feature[0]]
        for j in postings[feature]:
            scores[j] += weight
    budget = _WORD_VISITS
    for word, my_weight in vector.items():  # its heaviest words first
        walked = word_postings[word]
        if len(walked) > budget:
            walked = heapq.nlargest(budget, walked)
        budget -= len(walked)
        for their_weight, k in walked:
            scores[k] += TEXT_WEIGHT * my_weight * their_weight
        if not budget:
            break
    return scores


def _why(talk: Talk, other: Talk, mine: dict[tuple[str, str], str],
         theirs: dict[tuple[str, str], str], my_words: dict[str, float],
         their_words: dict[str, float], themes: dict[str, Theme]) -> Related:
    shared = [name for feature, name in mine.items() if feature in theirs]
    shared += [themes[t].name for t in talk.themes if t in other.themes]
    common = sorted(((v * their_words[w], w) for w, v in my_words.items() if w in their_words),
                    reverse=True)
    return Related(other, tuple(shared), tuple(w for _, w in common[:_SHOWN_WORDS]))
