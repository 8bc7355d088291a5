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
from collections.abc import Mapping, Sequence
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


_Postings = dict[tuple[str, str], list[int]]
_WordPostings = dict[str, list[tuple[float, int]]]


class RelatedIndex:
    """What the related talks are worked out from, kept so that when one talk's notes change
    (`mkdocs serve`, a save) only the talks that change can be placed again (`revise`), with
    the result a fresh `RelatedIndex` of the same talks gives.

    Scores add up while walking posting lists: the talk's tags, speakers and organisations
    (lists of at most _POSTING_CAP talks) and its words (the _WORD_POSTINGS talks that weigh
    each word most, at most _WORD_VISITS postings in all). Shared themes then count for every
    talk found so, and for the first _POSTING_CAP talks of the same conference (a theme's own
    list is often too long to walk). Reasons are worked out for the talks shown only. Ties go
    by title, then by key.
    """

    def __init__(self, talks: Sequence[Talk], by_conference: Mapping[str, Sequence[Talk]],
                 themes: dict[str, Theme]):
        self.talks = list(talks)
        self.themes = themes
        self.index = {t.key: i for i, t in enumerate(self.talks)}
        self.features = [_features(t) for t in self.talks]
        self.counts = [note_terms(t) for t in self.talks]
        self.df: Counter[str] = Counter()
        for c in self.counts:
            self.df.update(c.keys())
        # Each conference's own document frequencies, for its boilerplate (_common_words).
        self.local_df: dict[str, Counter[str]] = defaultdict(Counter)
        self.members: Counter[str] = Counter()
        for talk, c in zip(self.talks, self.counts, strict=True):
            self.local_df[talk.conference_id].update(c.keys())
            self.members[talk.conference_id] += 1
        self.common = {conference: self._common_words(conference) for conference in self.members}
        self.vectors = [self._vector(i) for i in range(len(self.talks))]
        # A talk's themes as bits of an int: counting shared themes is an AND and a bit count.
        bit = {theme: 1 << b
               for b, theme in enumerate(sorted({x for t in self.talks for x in t.themes}))}
        self.masks = [sum(bit[x] for x in set(t.themes)) for t in self.talks]
        self.postings: _Postings = defaultdict(list)
        for i, named in enumerate(self.features):
            for feature in named:
                self.postings[feature].append(i)
        for members in self.postings.values():
            if len(members) > _POSTING_CAP:
                members.clear()  # shared by too many talks to say two of them are related
        # Every talk's weight of each word of its vector, uncapped; the walked lists are capped.
        self.word_talks: dict[str, dict[int, float]] = defaultdict(dict)
        for i, vector in enumerate(self.vectors):
            for word, weight in vector.items():
                self.word_talks[word][i] = weight
        self.word_postings: _WordPostings = {w: self._word_posting(w) for w in self.word_talks}
        self.neighbours = {c: [self.index[t.key] for t in members[:_POSTING_CAP]]
                           for c, members in by_conference.items()}
        # The tie-break order (title, then key) as one int per talk: its place in that order.
        self.by_place = sorted(range(len(self.talks)),
                               key=lambda j: (self.talks[j].title.casefold(), self.talks[j].key))
        self.place = [0] * len(self.talks)
        for at, j in enumerate(self.by_place):
            self.place[j] = at
        self.related = {t.key: self._related(i) for i, t in enumerate(self.talks)}
        # Which talks list each talk as related (whose reasons show its words).
        self.listed_by: dict[int, set[int]] = defaultdict(set)
        for i, t in enumerate(self.talks):
            for r in self.related[t.key]:
                self.listed_by[self.index[r.talk.key]].add(i)

    def _common_words(self, conference: str) -> set[str]:
        """The words too common to weigh in a conference's talks: those in more than
        _COMMON_SHARE of all talks, and those in more than _BOILERPLATE_SHARE of the
        conference's own."""
        n, members = len(self.talks), self.members[conference]
        words = {w for w, k in self.df.items() if k > _COMMON_SHARE * n} \
            if n >= _MIN_TALKS else set()
        if members >= _MIN_TALKS:
            words |= {w for w, k in self.local_df[conference].items()
                      if k > _BOILERPLATE_SHARE * members}
        return words

    def _vector(self, i: int) -> dict[str, float]:
        """A talk's notes as a unit TF-IDF vector of its _TERMS_PER_TALK heaviest words,
        heaviest first.

        Words in more than _POSTING_CAP talks are dropped before choosing: a word that common
        cannot set two talks apart, and keeping it would make its posting list long; so are
        the words most talks, or most of one conference's talks, share (_common_words).
        """
        n, df = len(self.talks), self.df
        skip = self.common[self.talks[i].conference_id]
        weights = {w: (1 + math.log(k)) * math.log(n / df[w]) for w, k in self.counts[i].items()
                   if 1 < df[w] <= _POSTING_CAP  # in one talk only: shared with none
                   and w not in skip}
        top = heapq.nlargest(_TERMS_PER_TALK, weights.items(), key=lambda kv: (kv[1], kv[0]))
        norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
        return {w: v / norm for w, v in top if v > 0}

    def _word_posting(self, word: str) -> list[tuple[float, int]]:
        """The (weight, talk) a talk walks for `word`: its heaviest _WORD_POSTINGS."""
        weighted = [(weight, i) for i, weight in sorted(self.word_talks[word].items())]
        if len(weighted) > _WORD_POSTINGS:
            return heapq.nlargest(_WORD_POSTINGS, weighted)
        return weighted

    def _related(self, i: int) -> tuple[Related, ...]:
        talk, vectors, masks = self.talks[i], self.vectors, self.masks
        scores = _scores(self.features[i], vectors[i], self.postings, self.word_postings)
        for j in self.neighbours[talk.conference_id]:
            scores[j] += 0.0  # a candidate through its conference: themes decide
        scores.pop(i, None)
        mine = masks[i]
        theme_weight = WEIGHTS["themes"]
        ranked = []
        for j, score in scores.items():
            score += theme_weight * (mine & masks[j]).bit_count()
            if score > 0:
                ranked.append((-score, self.place[j]))
        return tuple(
            _why(talk, self.talks[j], self.features[i], self.features[j], vectors[i],
                 vectors[j], self.themes)
            for j in (self.by_place[at] for _, at in heapq.nsmallest(RELATED_LIMIT, ranked)))

    def revise(self, talk: Talk) -> set[str] | None:
        """Take `talk`'s new notes (everything else about it unchanged), place again the talks
        whose related talks that can change, and return the keys of those whose list changed;
        or None when a word became too common to count, or stopped being so (this index is
        then spent: make a fresh one).

        A talk's vector changes with its own words, or when a word it has enters or leaves
        the words that count (a df within 2.._POSTING_CAP). A talk's list can change when its
        vector does, when a word list it walks does, or when a talk it lists has new words
        (its reasons show them)."""
        i = self.index[talk.key]
        self.talks[i] = talk
        words = self._count_again(i, note_terms(talk))
        if words is None:
            return None
        moved, touched = self._vectors_again(i, words)
        again = set(moved)
        for w in self._walked_again(touched):
            again.update(self.word_talks.get(w, ()))
        for j in moved:
            again.update(self.listed_by[j])
        return self._lists_again(again)

    def _count_again(self, i: int, new: Counter[str]) -> dict[str, int] | None:
        """{word: its df before} of the words talk `i` gained or lost, the counts updated;
        None when that changed which words are too common to count."""
        old, conference = self.counts[i], self.talks[i].conference_id
        local = self.local_df[conference]
        changed = {w: (self.df[w], local[w]) for w in old.keys() ^ new.keys()}
        self.counts[i] = new
        for w in changed:
            step = 1 if w in new else -1
            for counter in (self.df, local):
                counter[w] += step
                if not counter[w]:
                    del counter[w]
        n, members = len(self.talks), self.members[conference]
        for w, (df, local_df) in changed.items():
            if n >= _MIN_TALKS and (df > _COMMON_SHARE * n) != (self.df[w] > _COMMON_SHARE * n):
                return None
            if members >= _MIN_TALKS and (local_df > _BOILERPLATE_SHARE * members) != (
                    local[w] > _BOILERPLATE_SHARE * members):
                return None
        return {w: df for w, (df, _) in changed.items()}

    def _vectors_again(self, i: int, words: dict[str, int]) -> tuple[set[int], set[str]]:
        """(the talks whose vector changed, the words of their vectors before and after)."""
        counting = {w for w, df in words.items()
                    if 1 < df <= _POSTING_CAP or 1 < self.df[w] <= _POSTING_CAP}
        suspects = {i} | ({j for j, c in enumerate(self.counts)
                           if not counting.isdisjoint(c.keys())} if counting else set())
        moved: set[int] = set()
        touched: set[str] = set()
        for j in suspects:
            vector = self._vector(j)
            if list(vector.items()) == list(self.vectors[j].items()):
                continue
            moved.add(j)
            for w in self.vectors[j]:
                del self.word_talks[w][j]
            for w, weight in vector.items():
                self.word_talks[w][j] = weight
            touched.update(self.vectors[j], vector)
            self.vectors[j] = vector
        return moved, touched

    def _walked_again(self, touched: set[str]) -> set[str]:
        """The words among `touched` whose walked list changed, their lists made again."""
        walked = set()
        for w in touched:
            if not self.word_talks.get(w):
                self.word_talks.pop(w, None)
                self.word_postings.pop(w, None)
                walked.add(w)
            elif (posting := self._word_posting(w)) != self.word_postings.get(w):
                self.word_postings[w] = posting
                walked.add(w)
        return walked

    def _lists_again(self, talks: set[int]) -> set[str]:
        """Work out the related talks of `talks` again; the keys of those that show others."""
        changed = set()
        for k in talks:
            key = self.talks[k].key
            old_list, new_list = self.related[key], self._related(k)
            self.related[key] = new_list
            for r in old_list:
                self.listed_by[self.index[r.talk.key]].discard(k)
            for r in new_list:
                self.listed_by[self.index[r.talk.key]].add(k)
            if _shown(old_list) != _shown(new_list):
                changed.add(key)
        return changed


def _shown(related: tuple[Related, ...]) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """What a talk page shows of its related talks (not the talks' notes)."""
    return [(r.talk.key, r.shared, r.words) for r in related]


def related_talks(talks: Sequence[Talk], by_conference: Mapping[str, Sequence[Talk]],
                  themes: dict[str, Theme]) -> dict[str, tuple[Related, ...]]:
    """Up to RELATED_LIMIT related talks per talk, best first, each with its reasons."""
    return RelatedIndex(talks, by_conference, themes).related


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
