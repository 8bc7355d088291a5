"""The search-quality table: 20 queries a reader would type, and the talk each must return first.

The one source of truth for the search tests: tests/test_search_index.py checks every row
against the built search index (the query is really in the expected talk's indexed page) and
tests/browser/test_search.py types each query into the site's search box in Chromium and
checks the first result is that talk. Queries are taken from the notes themselves: words
from the notes' text, title words, organisations and speakers from the meta list of a talk,
and phrases from the note-taker's opinion boxes. `python -m tests.search_queries` prints the
table as Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass

CONFERENCE = "openstack-summit-boston-2017"


@dataclass(frozen=True)
class SearchCase:
    query: str  # exactly what the reader types
    talk_id: str  # the talk the first result must be, in CONFERENCE
    kind: str  # technology, title word, organisation, speaker or opinion
    why: str  # where the query comes from in the notes, and what it competes with

    @property
    def url(self) -> str:
        return f"talks/{CONFERENCE}/{self.talk_id}/"

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

# A word a reader might try that no talk mentions: search must say so, not show near misses.
ABSENT_WORD = "blockchain"


def markdown_table() -> str:
    """QUERIES as a Markdown table, for a report or the docs: `python -m tests.search_queries`."""
    rows = ["| # | Query | Must return first | Kind | Why |", "|---|---|---|---|---|"]
    rows += [f"| {n} | `{c.query}` | `{c.url}` | {c.kind} | {c.why} |"
             for n, c in enumerate(QUERIES, 1)]
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
