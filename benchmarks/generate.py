"""Synthetic but realistic talk trees for the scale benchmark (`benchmarks/run.py`).

Why synthetic: the real content is 61 talks; the site must stay pleasant at PyVideo's size
(about 21,500 talks), so the benchmark needs trees of 100 to 20,000 talks that look like real
notes to every stage — YAML front matter with all the keys, prose that a search index has to
digest (a large vocabulary with a Zipf-like word frequency, not one repeated sentence),
timestamps, and the markup of technical notes (code spans and fences holding `<` and `{`,
tables, admonitions and opinion boxes, links, lists, some long notes; `markup_profile`
measures it, and `run.py` prints it beside the seed's), themes and organisations that are
shared unevenly so that theme and organisation listings paginate.

Everything comes from one seeded `random.Random`, so a given (N, seed) always gives the same
tree, byte for byte: figures from two runs differ by the code, not by the content. No word
list is downloaded: the vocabulary is built from syllables.

    python benchmarks/generate.py OUT_DIR --talks 1000 [--seed 1]

writes OUT_DIR/themes.yml and OUT_DIR/<conference-id>/{_index.md,<talk-id>.md}; the result
validates cleanly with `build-notes validate OUT_DIR`.
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import itertools
import math
import random
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TALKS_PER_CONFERENCE = 50
DEFAULT_ORGANIZATIONS = 400  # "a few hundred distinct", used with a Zipf-like skew

# (id, name, description): about as many themes as a real multi-conference site has.
THEMES: tuple[tuple[str, str, str], ...] = (
    ("cloud", "Cloud platforms", "Public and private clouds, their APIs and their economics."),
    ("kubernetes", "Kubernetes and containers",
     "Running containers in production, schedulers, operators and service meshes."),
    ("storage", "Storage", "Block, file and object storage, from disks to distributed systems."),
    ("networking", "Networking", "Software-defined networking, fast packet paths and protocols."),
    ("security", "Security", "Threat models, supply chains, sandboxing and incident response."),
    ("observability", "Observability", "Metrics, logs, traces and the people who read them."),
    ("databases", "Databases", "Relational, key-value and time-series stores and their engines."),
    ("machine-learning", "Machine learning",
     "Training and serving models, data pipelines and accelerators."),
    ("edge", "Edge computing", "Computing close to users and devices, across many sites."),
    ("performance", "Performance", "Profiling, benchmarking and making things faster."),
    ("languages", "Languages and runtimes",
     "Compilers, interpreters, type systems and garbage collectors."),
    ("devops", "DevOps and delivery", "Continuous integration, deployment and release practice."),
    ("community", "Community and open source",
     "Governance, maintainers, funding and the people behind projects."),
    ("hardware", "Hardware", "CPUs, NICs, FPGAs, ARM servers and what software makes of them."),
    ("web", "Web", "Browsers, frameworks, APIs and the front end."),
)

FORMATS: tuple[tuple[str, int], ...] = (
    ("talk", 70), ("keynote", 5), ("panel", 5), ("demo", 5), ("lightning", 5),
    ("workshop", 3), ("case-study", 4), ("project-update", 3),
)

# Function words keep the prose shaped like English (and give the search index stop words).
FUNCTION_WORDS = (
    "the", "the", "the", "of", "of", "and", "and", "to", "to", "a", "a", "in", "in", "is",
    "is", "for", "on", "with", "that", "as", "it", "we", "this", "they", "are", "was", "be",
    "by", "at", "from", "or", "not", "but", "their", "can", "more", "than", "when", "how",
    "which", "all", "about", "into", "our", "its", "also", "has", "have", "one", "two", "most",
    "new", "first", "how", "why", "then", "very",
)

CITIES = (
    "Amsterdam, Netherlands", "Austin, TX, USA", "Barcelona, Spain", "Berlin, Germany",
    "Boston, MA, USA", "Brussels, Belgium", "Buenos Aires, Argentina", "Chicago, IL, USA",
    "Copenhagen, Denmark", "Denver, CO, USA", "Dublin, Ireland", "Edinburgh, UK",
    "Helsinki, Finland", "Hong Kong", "Lisbon, Portugal", "London, UK", "Lyon, France",
    "Madrid, Spain", "Melbourne, Australia", "Montréal, Canada", "Munich, Germany",
    "Nairobi, Kenya", "Osaka, Japan", "Paris, France", "Prague, Czechia",
    "San Diego, CA, USA", "San Francisco, CA, USA", "São Paulo, Brazil", "Seattle, WA, USA",
    "Seoul, South Korea", "Shanghai, China", "Singapore", "Stockholm, Sweden",
    "Sydney, Australia", "Tokyo, Japan", "Toronto, Canada", "Valencia, Spain",
    "Vancouver, Canada", "Vienna, Austria", "Zürich, Switzerland",
)
SERIES_KINDS = ("Summit", "Conf", "Days", "Con", "Forum", "Europe", "North America",
                "World", "Camp", "Symposium")
ORG_SUFFIXES = ("Inc.", "Labs", "Systems", "Networks", "University", "GmbH", "Ltd",
                "Foundation", "Cloud", "Technologies", "Software", "Research", "Data", "AG",
                "Corporation", "Institute", "Group", "SA", "Computing", "Studio")
# A few real-world spellings that exercise slugs: accents, and a name with no ASCII letters.
SPECIAL_ORGS = ("Société Numérique", "Universität Südstadt", "Ålesund Datateknikk",
                "株式会社クラウド", "Fundação Código Aberto")
REAL_TAGS = ("ceph", "dpdk", "kvm", "raft", "grpc", "kafka", "postgres", "rust", "python",
             "golang", "ebpf", "wasm", "prometheus", "opentelemetry", "terraform", "envoy",
             "istio", "linux", "arm64", "risc-v", "sr-iov", "rdma", "nvme", "zfs", "btrfs",
             "spark", "pytorch", "onnx", "redis", "sqlite")

_ONSETS = ("b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v",
           "w", "z", "br", "cr", "dr", "fl", "gr", "pl", "pr", "st", "tr", "ch", "sh", "th",
           "qu", "sp", "kl", "gl", "")
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "io", "ou", "y")
_CODAS = ("", "", "", "n", "r", "s", "l", "t", "m", "x", "nd", "st", "ck", "ng", "rt")

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


class Zipf:
    """Draws items with probability proportional to 1/(rank+q)**s: few common, many rare.

    Real vocabularies, tag usage and organisation sizes all look like this, and it is what
    makes some theme and organisation listings long enough to paginate.
    """

    def __init__(self, items: Sequence[str], s: float = 1.0, q: float = 0.0):
        self.items = list(items)
        total = 0.0
        self.cumulative: list[float] = []
        for rank in range(1, len(self.items) + 1):
            total += 1.0 / (rank + q) ** s
            self.cumulative.append(total)
        self.total = total

    def draw(self, rng: random.Random) -> str:
        return self.items[bisect.bisect_left(self.cumulative, rng.random() * self.total)]

    def sample(self, rng: random.Random, k: int) -> list[str]:
        """k distinct items (fewer if the pool is smaller)."""
        chosen: list[str] = []
        for _ in range(k * 8):
            if len(chosen) == k:
                break
            item = self.draw(rng)
            if item not in chosen:
                chosen.append(item)
        return chosen


_THEME_POOL = Zipf([t[0] for t in THEMES], 0.8)


def build_vocabulary(seed: int, size: int = 20_000) -> list[str]:
    """`size` distinct pronounceable words, shortest-first-ish so common words are short."""
    rng = random.Random(f"vocabulary-{seed}")
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < size:
        syllables = rng.choices((1, 2, 3, 4), weights=(3, 6, 4, 1))[0]
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                       for _ in range(syllables))
        if 2 <= len(word) <= 14 and word not in seen and word not in FUNCTION_WORDS:
            seen.add(word)
            words.append(word)
    # Short words are common in real text: rank by length, keeping the draw order within.
    words.sort(key=len)
    return words


@dataclass
class Vocabulary:
    """Every pool the generator draws from, built once per seed, independent of N."""

    words: Zipf
    tags: Zipf
    organizations: Zipf
    first_names: list[str]
    last_names: list[str]

    @classmethod
    def build(cls, seed: int, organizations: int = DEFAULT_ORGANIZATIONS) -> Vocabulary:
        rng = random.Random(f"pools-{seed}")
        words = build_vocabulary(seed)
        tag_pool = list(REAL_TAGS)
        for word in rng.sample(words[2000:], 600):
            tag_pool.append(word if rng.random() < 0.7 else f"{word}-{rng.choice(words[:3000])}")
        tag_pool = list(dict.fromkeys(_slug(t) for t in tag_pool))
        orgs: list[str] = []
        org_words = rng.sample(words[500:8000], organizations * 2)
        for i in range(organizations - len(SPECIAL_ORGS)):
            base = org_words[i].capitalize()
            if rng.random() < 0.3:
                base += " " + org_words[organizations + i].capitalize()
            orgs.append(f"{base} {rng.choice(ORG_SUFFIXES)}")
        orgs = list(dict.fromkeys(orgs))
        # Spread the special spellings through the ranks rather than all at the head.
        for i, name in enumerate(SPECIAL_ORGS):
            orgs.insert(min(len(orgs), 7 + 37 * i), name)
        names = rng.sample(words[100:12000], 3000)
        return cls(words=Zipf(words, 1.1, q=40), tags=Zipf(tag_pool, 0.9),
                   organizations=Zipf(orgs, 0.9),
                   first_names=[n.capitalize() for n in names[:1000]],
                   last_names=[n.capitalize() for n in names[1000:]])


@dataclass
class ConferenceSpec:
    id: str
    name: str
    start: datetime.date
    end: datetime.date
    talks: int


@dataclass
class GeneratedTree:
    """What was written, for the benchmark's report and its search queries."""

    root: Path
    talks: int
    conferences: int
    files: int
    bytes: int
    title_words: list[str] = field(default_factory=list)  # words seen in titles, in order


class _Writer:
    def __init__(self, vocab: Vocabulary, rng: random.Random):
        self.vocab = vocab
        self.rng = rng

    def word(self) -> str:
        if self.rng.random() < 0.38:
            return self.rng.choice(FUNCTION_WORDS)
        if self.rng.random() < 0.03:
            return self.vocab.tags.draw(self.rng)
        return self.vocab.words.draw(self.rng)

    def sentence(self, extra: str = "") -> str:
        rng = self.rng
        words = [self.word() for _ in range(rng.randint(6, 22))]
        if rng.random() < 0.08:
            words.insert(rng.randrange(len(words)), f"{rng.randint(2, 99)}%")
        if rng.random() < 0.018:
            words.insert(rng.randrange(len(words)), self.code_span())
        if rng.random() < 0.02:
            words.insert(rng.randrange(len(words)), self.link())
        if rng.random() < 0.004:  # comparisons and placeholders in prose
            words.insert(rng.randrange(len(words)), rng.choice(
                (f"< {rng.randint(2, 50)} ms", f"{{{self.vocab.words.draw(rng)}}}", "->")))
        if rng.random() < 0.02:
            words.insert(rng.randrange(len(words)), f"**{self.vocab.words.draw(rng)}**")
        if extra:
            words += extra.split()
        text = " ".join(words)
        return text[0].upper() + text[1:] + rng.choice(".......?!")

    def paragraph(self, sentences: int, timestamp: str = "") -> str:
        parts = [self.sentence() for _ in range(sentences)]
        if timestamp:
            parts.insert(self.rng.randrange(len(parts) + 1),
                         self.sentence(f"at {timestamp}"))
        # Wrap at about 95 columns, as hand-written notes are.
        lines, line = [], ""
        for w in " ".join(parts).split(" "):
            if line and len(line) + 1 + len(w) > 95:
                lines.append(line)
                line = w
            else:
                line = f"{line} {w}" if line else w
        lines.append(line)
        return "\n".join(lines)

    def title(self) -> str:
        rng = self.rng
        n = rng.randint(3, 9)
        words = []
        for i in range(n):
            if rng.random() < 0.25 and 0 < i < n - 1:
                words.append(rng.choice(("and", "of", "for", "with", "in", "at", "on")))
            elif rng.random() < 0.2:
                words.append(self.vocab.tags.draw(rng))
            else:
                words.append(self.vocab.words.draw(rng).capitalize())
        title = " ".join(words)
        if rng.random() < 0.1:
            title += ": " + self.vocab.words.draw(rng).capitalize() + " " + rng.choice(
                ("in Production", "at Scale", "Deep Dive", "Lessons Learned", "Year One"))
        return title

    def person(self) -> str:
        return f"{self.rng.choice(self.vocab.first_names)} {self.rng.choice(self.vocab.last_names)}"

    # --- The markup of technical notes: what makes a note take the renderer's slow paths --

    def code_span(self) -> str:
        """Inline code as notes quote it: commands, types and literals, often with < or {."""
        rng, w = self.rng, self.vocab.words.draw
        return "`" + rng.choice((
            f"{w(rng)} --{w(rng)}={rng.randint(1, 512)}",
            f"map<string, {w(rng)}>",
            f"if {w(rng)} < {rng.randint(2, 99)} {{",
            f'{{"{w(rng)}": {rng.randint(0, 9)}}}',
            f"{w(rng)}_{w(rng)}()",
            f"<{w(rng)}>",
        )) + "`"

    def fence(self) -> list[str]:
        rng, w = self.rng, self.vocab.words.draw
        language, lines = rng.choice((
            ("yaml", [f"{w(rng)}:", f"  {w(rng)}: {rng.randint(1, 64)}",
                      f"  {w(rng)}: [{w(rng)}, {w(rng)}]"]),
            ("python", [f"def {w(rng)}({w(rng)}: dict[str, int]) -> bool:",
                        f"    return {{k: v for k, v in {w(rng)}.items() if v < "
                        f"{rng.randint(2, 99)}}}"]),
            ("sh", [f"$ {self.vocab.tags.draw(rng)} --{w(rng)} {rng.randint(1, 64)} "
                    f"< {w(rng)}.txt > {w(rng)}.log"]),
            ("go", [f"func {w(rng).capitalize()}(ctx context.Context) error {{",
                    f"\tif n := len({w(rng)}); n < {rng.randint(2, 9)} {{ return nil }}",
                    "\treturn nil", "}"]),
        ))
        return ["```" + language, *lines, "```"]

    def table(self) -> list[str]:
        rng, w = self.rng, self.vocab.words.draw
        rows = [f"| {w(rng)} | {rng.randint(1, 999)} ms | {rng.choice(('yes', 'no', '< 1%'))} |"
                for _ in range(rng.randint(2, 5))]
        return ["| setup | latency | cached |", "| --- | --: | --- |", *rows]

    def admonition(self) -> list[str]:
        kind = self.rng.choice(("note", "tip", "warning", "info"))
        return [f"!!! {kind}", "", *("    " + line for line in
                                     self.paragraph(self.rng.randint(1, 2)).split("\n"))]

    def list_block(self) -> list[str]:
        marker = self.rng.choice(("-", "-", "*", "1."))
        return [f"{marker} {self.sentence()}" for _ in range(self.rng.randint(2, 6))]

    def link(self) -> str:
        w = self.vocab.words.draw(self.rng)
        return f"[{w}](https://{w}.example.org/docs/{self.vocab.words.draw(self.rng)})"


def _timestamp(seconds: int) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h{m:02d}m{s:02d}s" if h else f"{m}m{s:02d}s"


def _duration(seconds: int) -> str:
    h, rest = divmod(seconds, 3600)
    m = rest // 60
    return f"{h}h{m:02d}m" if h else f"{m}m"


def _yaml_text(text: str) -> str:
    """A YAML scalar for a generated text: quoted when YAML would read it otherwise."""
    if re.fullmatch(r"[A-Za-z][\w .,()&'-]*", text) and ": " not in text and not re.fullmatch(
            r"(?i)(yes|no|true|false|on|off|null|y|n)", text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _yaml_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(_yaml_text(i) for i in items) + "]"


def themes_yml() -> str:
    out = []
    for theme_id, name, description in THEMES:
        out += [f"- id: {theme_id}", f"  name: {name}", f"  description: {description}"]
    return "\n".join(out) + "\n"


def plan_conferences(n: int, rng: random.Random, vocab: Vocabulary) -> list[ConferenceSpec]:
    """N/50 conferences (at least one), each a named series in a year, N split evenly."""
    count = max(1, math.ceil(n / TALKS_PER_CONFERENCE))
    specs: list[ConferenceSpec] = []
    used: set[str] = set()
    series = [vocab.words.items[i].capitalize() for i in rng.sample(range(200, 5000),
                                                                     max(4, count // 6 + 1))]
    for i in range(count):
        while True:
            name = (f"{rng.choice(series)} {rng.choice(SERIES_KINDS)} "
                    f"{rng.randint(2008, 2025)}")
            cid = _slug(name)
            if cid not in used:
                used.add(cid)
                break
        year = int(name.rsplit(" ", 1)[1])
        start = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(360))
        end = start + datetime.timedelta(days=rng.choice((0, 1, 2, 2, 3, 4)))
        talks = n // count + (1 if i < n % count else 0)
        specs.append(ConferenceSpec(cid, name, start, end, talks))
    return specs


def conference_file(spec: ConferenceSpec, writer: _Writer) -> str:
    rng = writer.rng
    lines = ["---", f"name: {_yaml_text(spec.name)}", f"location: {_yaml_text(rng.choice(CITIES))}",
             f"start: {spec.start.isoformat()}", f"end: {spec.end.isoformat()}"]
    if rng.random() < 0.5:
        lines.append(f"url: https://{spec.id}.example.org/")
    lines += ["---", "", writer.paragraph(rng.randint(2, 5)), ""]
    if rng.random() < 0.5:
        lines += [writer.paragraph(rng.randint(1, 4)), ""]
    return "\n".join(lines)


def _video_id(rng: random.Random) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
    return "".join(rng.choice(alphabet) for _ in range(11))


def talk_file(spec: ConferenceSpec, title: str, writer: _Writer) -> str:
    fm, duration = _front_matter(spec, title, writer)
    return "\n".join(fm + _body(writer, duration))


def _front_matter(spec: ConferenceSpec, title: str,
                  writer: _Writer) -> tuple[list[str], int | None]:
    """A talk's front matter lines, and the video's length in seconds (or None)."""
    rng, vocab = writer.rng, writer.vocab
    # Theme popularity is skewed too: the first themes get most talks.
    themes = _THEME_POOL.sample(rng, rng.choices((1, 2, 3), weights=(55, 30, 15))[0])
    fm = ["---", f"title: {_yaml_text(title)}", f"themes: {_yaml_list(themes)}"]
    fmt = rng.choices([f for f, _ in FORMATS], weights=[w for _, w in FORMATS])[0]
    if fmt != "talk" or rng.random() < 0.5:
        fm.append(f"format: {fmt}")
    if rng.random() < 0.9:
        speakers = [writer.person() for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))]
        fm.append(f"speakers: {_yaml_list(speakers)}")
    if rng.random() < 0.8:
        orgs = vocab.organizations.sample(rng, rng.choice((1, 1, 1, 2)))
        fm.append(f"organizations: {_yaml_list(orgs)}")
    if rng.random() < 0.85:
        fm.append(f"tags: {_yaml_list(vocab.tags.sample(rng, rng.randint(1, 5)))}")
    if rng.random() < 0.8:
        day = spec.start + datetime.timedelta(days=rng.randint(0, (spec.end - spec.start).days))
        fm.append(f"date: {day.isoformat()}")
    media, duration = _media(spec, title, rng)
    fm += media
    if rng.random() < 0.4:
        fm.append(f"rating: {rng.choices((1, 2, 3, 4, 5), weights=(1, 3, 6, 6, 3))[0]}")
    fm += ["---", ""]
    return fm, duration


def _media(spec: ConferenceSpec, title: str,
           rng: random.Random) -> tuple[list[str], int | None]:
    """The duration, video and slides lines, and the video's length in seconds (or None)."""
    lines = []
    duration = rng.randint(8, 75) * 60 if rng.random() < 0.75 else None
    if duration:
        lines.append(f"duration: {_duration(duration)}")
    roll = rng.random()
    if roll < 0.7:
        lines.append(f"video: https://www.youtube.com/watch?v={_video_id(rng)}")
    elif roll < 0.8:
        lines.append(f"video: https://vimeo.com/{rng.randint(10**7, 10**9)}")
    if rng.random() < 0.3:
        lines.append(f"slides: https://slides.example.org/{spec.id}/{_slug(title)[:40]}.pdf")
    return lines, duration


def _body(writer: _Writer, duration: int | None) -> list[str]:
    """A talk's notes, as lines: paragraphs with timestamps within the video, some blocks,
    and an opinion box half the time."""
    rng = writer.rng
    limit = (duration or 30 * 60) - 1
    body: list[str] = []
    # Most notes are a few paragraphs; some are long (a workshop written up in full).
    paragraphs = rng.randint(15, 40) if rng.random() < 0.03 else \
        rng.choices((1, 2, 3, 4, 5), weights=(2, 4, 4, 2, 1))[0]
    for _ in range(paragraphs):
        stamp = _timestamp(rng.randint(30, limit)) if rng.random() < 0.35 else ""
        body += [writer.paragraph(rng.randint(2, 6), stamp), ""]
        for share, block in BLOCKS:
            if rng.random() < share:
                body += [*block(writer), ""]
    if rng.random() < 0.5:
        marker = "??? opinion" if rng.random() < 0.1 else "!!! opinion"
        opinion = writer.paragraph(rng.randint(1, 3)).split("\n")
        body += [marker, "", *("    " + line for line in opinion), ""]
    return body


def _heading(writer: _Writer) -> list[str]:
    words = writer.vocab.words
    return [f"## {words.draw(writer.rng).capitalize()} {words.draw(writer.rng)}"]


# (chance after each paragraph, block): with 2.4 paragraphs a note on average, about a
# quarter of the notes hold `<` or `{` (code spans, fences, comparisons), a third a list,
# one in ten a fence or another admonition, one in twenty a table; see markup_profile().
BLOCKS: tuple[tuple[float, Any], ...] = (
    (0.15, _Writer.list_block),
    (0.035, _Writer.fence),
    (0.02, _Writer.table),
    (0.04, _Writer.admonition),
    (0.04, _heading),
)

MARKUP_CHARS = frozenset("`*_[]()<>{}|#!~\\")
_PROFILE = {
    "< or {": re.compile(r"[<{]"),
    "code span": re.compile(r"`[^`\n]+`"),
    "fenced code": re.compile(r"^\s*```", re.M),
    "table": re.compile(r"^\|.*\|\s*$", re.M),
    "admonition (not opinion)": re.compile(r"^(!!!|\?\?\?) (?!opinion)", re.M),
    "opinion box": re.compile(r"^(!!!|\?\?\?) opinion", re.M),
    "link": re.compile(r"\]\("),
    "list": re.compile(r"^\s*([-*+]|\d+\.) ", re.M),
}


def markup_profile(bodies: Sequence[str]) -> dict[str, float]:
    """The share of notes holding each kind of markup, the share of markup characters in
    all notes, and the share of notes over 5 KB: to compare generated notes with real ones."""
    n = max(1, len(bodies))
    chars = sum(len(b) for b in bodies) or 1
    profile = {name: sum(bool(rx.search(b)) for b in bodies) / n for name, rx in _PROFILE.items()}
    profile["markup characters"] = sum(c in MARKUP_CHARS for b in bodies for c in b) / chars
    profile["notes over 5 KB"] = sum(len(b.encode()) > 5000 for b in bodies) / n
    return profile


def generate(root: Path, n: int, seed: int = 1, *,
             organizations: int = DEFAULT_ORGANIZATIONS, clean: bool = True) -> GeneratedTree:
    """Write a talk tree of `n` talks under `root` (emptied first when `clean`)."""
    if clean and root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    vocab = Vocabulary.build(seed, organizations)
    rng = random.Random(f"tree-{seed}-{n}")
    writer = _Writer(vocab, rng)
    total_bytes = 0
    files = 0

    def write(path: Path, text: str) -> None:
        nonlocal total_bytes, files
        data = text.encode("utf-8")
        path.write_bytes(data)
        total_bytes += len(data)
        files += 1

    write(root / "themes.yml", themes_yml())
    specs = plan_conferences(n, rng, vocab)
    title_words: list[str] = []
    for spec in specs:
        folder = root / spec.id
        folder.mkdir()
        write(folder / "_index.md", conference_file(spec, writer))
        seen_ids: set[str] = set()
        seen_titles: set[str] = set()
        for _ in range(spec.talks):
            for attempt in itertools.count():
                title = writer.title()
                norm = "".join(ch for ch in title.casefold() if ch.isalnum())
                talk_id = _slug(title)[:60].strip("-") or f"talk-{attempt}"
                if norm not in seen_titles and talk_id not in seen_ids:
                    break
            seen_titles.add(norm)
            seen_ids.add(talk_id)
            title_words += [w for w in title.split() if w.isalpha() and len(w) > 3]
            write(folder / f"{talk_id}.md", talk_file(spec, title, writer))
    return GeneratedTree(root=root, talks=n, conferences=len(specs), files=files,
                         bytes=total_bytes, title_words=title_words)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="the talks folder to write (emptied first)")
    parser.add_argument("--talks", type=int, default=1000, help="number of talks (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--organizations", type=int, default=DEFAULT_ORGANIZATIONS,
                        help=f"organisation pool size (default {DEFAULT_ORGANIZATIONS})")
    args = parser.parse_args(argv)
    tree = generate(args.out_dir, args.talks, args.seed, organizations=args.organizations)
    print(f"Wrote {tree.talks:,} talks in {tree.conferences:,} conferences "
          f"({tree.files:,} files, {tree.bytes / 1e6:.1f} MB) to {tree.root}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
