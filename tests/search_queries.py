"""The search-quality table: queries a reader would type, with the talks each must return.

The one source of truth for the search tests. Each query's expected talks are computed here
from the talk files alone (read by tests/talk_files.py, not by build_notes): every talk whose
title, notes or metadata (speakers, organisations, themes, tags, conference, format) has the
query, and no other. "Has the query" follows the search's documented rules (README, Search),
on the words of the search's one tokenizer (build_notes/search/tokens.py, whose own cases are
tests/data/tokenizer_cases.json): one word matches the same word, another English form of it
("decorators" matches "decorator") and, for a word of four letters or more or one that
matches nothing else, every word it begins ("Terraform" matches "Terraforming"); a hyphenated
word also matches joined ("realtime" matches "real-time"); several words are a phrase,
matched as consecutive words. Named cases also say which talk a reader means: it must come
first.

tests/browser/test_search.py runs every query in Chromium through the header's box and
through /search/?q= URLs; tests/search/test_site_index.py checks the records these come from.
`python -m tests.search_queries` prints the table as Markdown, with the expected counts.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import yaml

from build_notes.search.tokens import PREFIX_MIN_LENGTH, fold, scan, stem
from tests import talk_files
from tests.conftest import ROOT

CONFERENCE = "openstack-summit-boston-2017"


@dataclass(frozen=True)
class SearchCase:
    query: str  # exactly what the reader types
    talk_id: str  # the talk the first result must be, in CONFERENCE ("" when none is meant)
    kind: str  # technology, title word, organisation, speaker or opinion
    why: str  # where the query comes from in the notes, and what it competes with

    @property
    def url(self) -> str:
        return f"talks/{CONFERENCE}/{self.talk_id}/" if self.talk_id else ""

    @property
    def expected(self) -> frozenset[str]:
        return expected_talks(self.query)

    def __str__(self) -> str:
        return self.query


QUERIES: tuple[SearchCase, ...] = (
    SearchCase("cyclictest", "real-time-kvm-and-how-it-works", "technology",
               "latency benchmark named only in this talk's notes"),
    SearchCase("straw2", "advanced-tuning-and-operation-guide-for-ceph-block-storage", "technology",
               "CRUSH bucket type, in this talk's notes and tags; listing pages repeat the tag"),
    SearchCase("Optane", "optimizing-ceph-performance-with-intel-optane-and-3d-nand",
               "title word", "title word; four other talks only list Optane among related talks"),
    SearchCase("CockroachDB", "design-and-architecture-of-cockroachdb", "title word",
               "two talks have it in the title; this one is about it (tag, several mentions)"),
    SearchCase("OpenDaylight", "openstack-and-opendaylight", "title word",
               "title word; also named in the conference overview and another talk's notes"),
    SearchCase("Hypernetes", "openstack-kubernetes-hypercontainer-for-nfv", "technology",
               "in this talk's notes and tags; listing excerpts repeat it"),
    SearchCase("Snowden", "keynote-mark-collier-qa-with-edward-snowden", "speaker",
               "speaker and title word; the PCI DSS talk lists this keynote as related"),
    SearchCase("Harry Zhang", "openstack-kubernetes-hypercontainer-for-nfv", "speaker",
               "speaker in the meta list and the notes' first sentence"),
    SearchCase("Lenovo", "optimized-workload-placement-batch-scheduling", "organisation",
               "organisation in the meta list; competes with the Lenovo organisation page"),
    SearchCase("Mellanox", "accelerating-ceph-performance-with-high-speed-networks",
               "organisation",
               "organisation in the meta list; competes with the Mellanox organisation page"),
    SearchCase("Nutanix", "nutanix-openstack-on-nutanix-enterprise-cloud", "organisation",
               "organisation and title word; competes with the Nutanix organisation page"),
    SearchCase("CERN", "manila-on-cephfs-at-cern", "organisation",
               "organisation and title word; its organisation page and related lists repeat it"),
    SearchCase("Paddy Power", "lessons-learned-1000-deployments-a-day-paddy-power-betfair",
               "organisation", "two-word organisation in the title; a keynote names it too"),
    SearchCase("Cyborg", "openstack-acceleration-service-cyborg", "title word",
               "project name in the title; related-talk lists repeat the title elsewhere"),
    SearchCase("Ganesha", "cephfs-backed-nfs-share-service-for-multi-tenant-clouds",
               "technology", "NFS-Ganesha, in this talk's notes; listing excerpts repeat it"),
    SearchCase("PCI DSS", "security-hardening-pci-dss-compliance-within-keystone", "title word",
               "two-word standard in the title; the Snowden keynote lists it as related"),
    SearchCase("Terraform", "terraforming-openstack-landscape", "technology",
               "prefix of the title word 'Terraforming'; a related-talk list repeats the title"),
    SearchCase("BlueStore", "ceph-project-update", "technology",
               "in this talk's notes; the Ceph theme's description names it too"),
    SearchCase("Paxos is everything", "design-and-architecture-of-cockroachdb", "opinion",
               "phrase from the note-taker's opinion box of this talk"),
    SearchCase("I wonder the overhead", "keynote-taking-openstack-out-to-the-network-edges",
               "opinion", "phrase from the note-taker's opinion box of this talk"),
)

# Terms and phrases with no one talk in mind: the search must find exactly the talks that
# have them (technologies, hyphenated and dotted terms, metadata, phrases of the notes).
TERMS: tuple[SearchCase, ...] = tuple(SearchCase(q, "", kind, why) for q, kind, why in (
    ("kvm", "technology", "in titles, notes and tags; related-talk lists repeat those titles"),
    ("ceph", "technology", "a theme name, tags and notes; prefix of CephFS and Ceph-mgr"),
    ("dpdk", "technology", "notes and tags, also inside OVS-DPDK"),
    ("SR-IOV", "hyphenated", "hyphenated term in notes and a tag"),
    ("3d-nand", "hyphenated", "a tag and a title's words; '3d' alone would find more"),
    ("ConnectX-5", "hyphenated", "a product name with a hyphen and a digit"),
    ("numa", "technology", "an acronym in notes"),
    ("rdma", "technology", "notes and tags"),
    ("fpga", "technology", "notes and tags"),
    ("neutron", "technology", "an OpenStack project; Neutron's talk lists are related ones"),
    ("libvirt", "technology", "a tag and notes"),
    ("telco", "technology", "a tag and notes"),
    ("self-healing", "hyphenated", "a hyphenated adjective in notes"),
    ("multi-site", "hyphenated", "a hyphenated term in notes, tags and a theme description"),
    ("Intel", "organisation", "an organisation of several talks, and a word of notes"),
    ("keynote", "format", "the Keynote format and title words"),
    ("erasure coding", "phrase", "two-word phrase of notes and a tag"),
    ("edge computing", "phrase", "two-word phrase of notes, tags and a theme name"),
    ("red hat", "phrase", "an organisation of two words; 'redis' must not match"),
    ("real time kvm", "phrase", "written real-time KVM in most notes"),
    ("real-time kvm", "phrase", "the same phrase with the hyphen: the same talks"),
    ("Mark Collier", "speaker", "a speaker's full name; related lists repeat the keynote"),
))

QUERIES_ALL: tuple[SearchCase, ...] = QUERIES + TERMS

# Spellings that must find the same talks (the forgiving rules).
SAME_RESULTS: tuple[tuple[str, ...], ...] = (
    ("redhat", "red hat", "Red Hat"),
    ("real-time kvm", "real time kvm", "Real-Time KVM"),
    ("3d-nand", "3D NAND", "3dnand"),
    ("sr-iov", "SR IOV", "sriov"),
)

# A word a reader might try that no talk mentions: search must say so, not show near misses.
ABSENT_WORD = "blockchain"


# --- What a talk "has": its words, read from the file as a reader sees them -------------------

# A box's first line is the site's (the opinion's title) or the importer's (the programme
# block's), never searched; the words in the box are.
_BOX_LINE = re.compile(r"^\s*(?:!!!|\?\?\?\+?) (?:opinion|programme)\b.*$", re.MULTILINE)


def tokens(text: str) -> list[str]:
    """Words as the search compares them, in a row: case and accents folded, split at hyphens,
    dots and slashes, other punctuation dropped ("Note-taker's" -> note, takers)."""
    return [term for word in scan(fold(text)) for term in word.terms]


def joined_words(text: str) -> set[str]:
    """What words add at their place: hyphenated and dotted words joined ("real-time" ->
    realtime), a symbol name's letters ("C++" -> c), as the index has them."""
    return {term for word in scan(fold(text)) for term in word.extras}


@functools.cache
def formats() -> dict[str, str]:
    schema = yaml.safe_load((ROOT / "build_notes/data/schema.yml").read_text("utf-8"))
    return {str(k): str(v) for k, v in schema["formats"].items()}


@functools.cache
def conference_name(conference_id: str) -> str:
    text = (talk_files.TALKS_DIR / conference_id / "_index.md").read_text("utf-8")
    return str(talk_files.split_front_matter(text)[0]["name"])


def searchable_text(talk: talk_files.TalkFile) -> str:
    """Title, notes and metadata values of a talk as the page shows them (link targets and
    HTML tags are not text; the boxes' titles are the site's, not the talk's)."""
    body = _BOX_LINE.sub("", talk.body)
    body = re.sub(r"\]\([^)]*\)", "] ", body)
    body = re.sub(r"<[^>]*>", " ", body)
    themes = {t["id"]: t for t in talk_files.themes()}
    meta = [*(talk.meta.get("speakers") or []), *talk.organizations,
            *(talk.meta.get("tags") or []), *(themes[t]["name"] for t in talk.themes),
            *(a for t in talk.themes for a in themes[t].get("aliases") or ()),
            conference_name(talk.conference_id), formats()[talk.meta.get("format", "talk")]]
    return "\n".join([talk.title, body, *(str(m) for m in meta)])


@functools.cache
def _indexed() -> tuple[tuple[str, list[str], set[str]], ...]:
    out = []
    for talk in talk_files.talk_files():
        text = searchable_text(talk)
        words = tokens(text)
        out.append((talk.url, words, set(words) | joined_words(text)))
    return tuple(out)


def word_matches(query: str, word: str, prefixes: bool) -> bool:
    """Whether a word of a talk matches a query word: the same, another form of it, or
    (`prefixes`) a longer word it begins."""
    return word == query or stem(word) == stem(query) or (prefixes and word.startswith(query))


@functools.cache
def expected_talks(query: str) -> frozenset[str]:
    """URLs of the talks that have the query, by the rules in this module's docstring."""
    wanted = tokens(query)
    found = set()
    if len(wanted) == 1:
        prefixes = len(wanted[0]) >= PREFIX_MIN_LENGTH
        for at_all in ((prefixes,) if prefixes else (False, True)):
            found = {url for url, _, vocabulary in _indexed()
                     if any(word_matches(wanted[0], w, at_all) for w in vocabulary)}
            if found:
                break
        return frozenset(found)
    for url, words, _ in _indexed():
        if any(words[i:i + len(wanted)] == wanted for i in range(len(words))):
            found.add(url)
    return frozenset(found)


def markdown_table() -> str:
    """The queries as a Markdown table: `python -m tests.search_queries`."""
    rows = ["| # | Query | Talks | Must return first | Kind | Why |",
            "|---|---|---:|---|---|---|"]
    rows += [f"| {n} | `{c.query}` | {len(c.expected)} | {f'`{c.url}`' if c.url else ''} "
             f"| {c.kind} | {c.why} |" for n, c in enumerate(QUERIES_ALL, 1)]
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
