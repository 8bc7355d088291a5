"""Related talks on the real notes: the top related talks of five seed talks, as a reader would
pick them, with the reasons the page shows.

Each expectation below is written from reading the talks, not from running the code: two talks
on the same narrow subject (real-time KVM, CephFS with Manila, CockroachDB) must find each other
first, and a Ceph talk's related talks must be Ceph talks. When a change to the scoring moves
one of these, read the talks again before changing the expectation.
"""

from __future__ import annotations

import functools

from build_notes.pipeline import check
from build_notes.site.group import Groups, group
from build_notes.site.related import Related
from tests.conftest import ROOT

BOSTON = "openstack-summit-boston-2017"


@functools.cache
def seed_groups() -> Groups:
    return group(check(ROOT / "talks").corpus)


def related(talk_id: str) -> tuple[Related, ...]:
    return seed_groups().related[f"{BOSTON}/{talk_id}"]


def ids(talk_id: str, n: int) -> list[str]:
    return [r.talk.id for r in related(talk_id)[:n]]


def test_the_two_real_time_kvm_talks_relate_to_each_other_first() -> None:
    # Both are about real-time KVM for NFV (tag real-time-kvm, themes NFV and compute).
    first = related("real-time-kvm-and-how-it-works")[0]
    assert first.talk.id == "real-time-kvm-with-dpdk-howto-and-results"
    assert "real-time-kvm" in first.shared and "kvm" in first.words
    assert ids("real-time-kvm-with-dpdk-howto-and-results", 1) == [
        "real-time-kvm-and-how-it-works"]
    # Then what a reader of a DPDK-in-VMs talk wants next: DPDK troubleshooting (tag dpdk).
    assert ids("real-time-kvm-with-dpdk-howto-and-results", 2)[1] == (
        "experience-with-dpdk-troubleshooting")


def test_a_ceph_talks_related_talks_are_ceph_talks() -> None:
    # The snapshot talk's notes are one line: its theme and the word "ceph" must carry it.
    for talk_id in ("ceph-snapshots-for-fun-and-profit",
                    "turned-up-to-11-low-latency-ceph-block-storage"):
        assert related(talk_id), talk_id
        for r in related(talk_id):
            assert "ceph" in r.talk.themes, f"{talk_id}: {r.talk.id} is not a Ceph talk"


def test_manila_on_cephfs_finds_the_other_manila_cephfs_talk() -> None:
    # CERN's Manila on CephFS and the CephFS-backed NFS share service share tags manila and
    # cephfs, both themes, and words; the Ceph project update (cephfs) comes next.
    first = related("manila-on-cephfs-at-cern")[0]
    assert first.talk.id == "cephfs-backed-nfs-share-service-for-multi-tenant-clouds"
    assert {"manila", "cephfs"} <= set(first.shared)
    assert ids("manila-on-cephfs-at-cern", 2)[1] == "ceph-project-update"


def test_cockroachdb_design_relates_to_the_cockroachdb_keynotes() -> None:
    assert set(ids("design-and-architecture-of-cockroachdb", 2)) == {
        "keynote-kubernetes-and-cockroachdb", "keynote-interop-challenge"}
    for r in related("design-and-architecture-of-cockroachdb")[:2]:
        assert "cockroachdb" in r.shared


def test_hypercontainer_relates_to_container_talks_not_ceph() -> None:
    # The example: its first related talk was a Ceph RDMA talk, linked by nothing.
    for r in related("openstack-kubernetes-hypercontainer-for-nfv")[:3]:
        assert "kubernetes" in r.talk.themes, r.talk.id
        assert "ceph" not in r.talk.themes, r.talk.id


def test_every_reason_is_true_of_both_talks() -> None:
    g = seed_groups()
    names = {t.id: t.name for t in g.themes.values()}
    for key, entries in g.related.items():
        talk = next(t for t in g.talks_by_conference[key.split("/")[0]] if t.key == key)
        for r in entries:
            assert r.talk.key != key
            for reason in r.shared:
                mine = {*talk.tags, *talk.speakers, *talk.organizations,
                        *(names[t] for t in talk.themes)}
                theirs = {*r.talk.tags, *r.talk.speakers, *r.talk.organizations,
                          *(names[t] for t in r.talk.themes)}
                assert reason in mine and reason.casefold() in {x.casefold() for x in theirs}
            for word in r.words:
                assert word in (talk.title + talk.body).lower()
                assert word in (r.talk.title + r.talk.body).lower()
