"""Grouping: indexes by theme, conference and organisation, and related talks."""

from __future__ import annotations

import datetime
from pathlib import Path

from build_notes.content.model import Conference, Corpus, Talk, Theme
from build_notes.pipeline import check
from build_notes.site.group import group, name_slug
from tests.conftest import MINI


def mini_groups():  # type: ignore[no-untyped-def]
    return group(check(MINI / "talks").corpus)


def keys(talks: tuple[Talk, ...]) -> list[str]:
    return [t.key for t in talks]


def test_talks_by_theme_list_every_theme_newest_conference_first() -> None:
    g = mini_groups()
    assert list(g.themes) == ["ceph", "nfv", "kubernetes", "edge"]
    assert keys(g.talks_by_theme["ceph"]) == [
        "openstack-summit-boston-2017/dpdk-and-ceph",
        "openstack-summit-boston-2017/ceph-on-arm",
    ]
    # Within a conference, its schedule: dated talks by their date, then the undated ones.
    assert keys(g.talks_by_theme["nfv"]) == [
        "openstack-summit-boston-2017/real-time-kvm",
        "openstack-summit-boston-2017/dpdk-and-ceph",
    ]
    assert keys(g.talks_by_theme["edge"]) == ["kubecon-eu-2024/edge-kubernetes"]


def test_conferences_newest_first_with_their_talks() -> None:
    g = mini_groups()
    assert list(g.conferences) == ["kubecon-eu-2024", "openstack-summit-boston-2017"]
    assert len(g.talks_by_conference["openstack-summit-boston-2017"]) == 3


def test_organizations_merge_spellings_and_sort_by_name() -> None:
    g = mini_groups()
    assert [o.name for o in g.organizations.values()] == [
        "Ambedded", "Hyper", "Mellanox", "Red Hat"]
    assert keys(g.organizations["red-hat"].talks) == [
        "openstack-summit-boston-2017/real-time-kvm",
        "openstack-summit-boston-2017/dpdk-and-ceph",
    ]


def test_organization_slugs_for_names_without_ascii() -> None:
    assert name_slug("Red Hat", "org") == "red-hat"
    slug = name_slug("华云数据", "org")
    assert slug.startswith("org-") and slug == name_slug("华云数据", "org")


def test_speaker_and_tag_pages_merge_spellings_and_never_clash_with_index_pages() -> None:
    day = datetime.date(2020, 1, 1)
    corpus = Corpus(
        themes=(Theme("a", "A", "A"),),
        conferences=(Conference("c1", "C1", day, day),),
        talks=(
            Talk("c1", "x", "X", ("a",), speakers=("Ada Lovelace", "李雷"), tags=("page", "DPDK")),
            Talk("c1", "y", "Y", ("a",), speakers=("ada lovelace",), tags=("dpdk", "index")),
            Talk("c1", "z", "Z", ("a",), speakers=("Ada Lovelace",), tags=("dpdk",)),
        ),
    )
    g = group(corpus)
    assert g.speakers["ada-lovelace"].name == "Ada Lovelace"  # the spelling most talks use
    assert keys(g.speakers["ada-lovelace"].talks) == ["c1/x", "c1/y", "c1/z"]
    assert g.tags["dpdk"].name == "dpdk" and len(g.tags["dpdk"].talks) == 3
    chinese = g.slug("speakers", "李雷")
    assert chinese.startswith("speaker-") and chinese == name_slug("李雷", "speaker")
    # "page" and "index" would be the index's own pages (tags/page/2.md, tags/index.md).
    assert g.slug("tags", "page") not in ("page", "index")
    assert g.slug("tags", "index") not in ("page", "index")
    assert g.slug("tags", "page") != g.slug("tags", "index")


def _talk(key: str, themes: tuple[str, ...], tags: tuple[str, ...] = (),
          orgs: tuple[str, ...] = (), title: str = "") -> Talk:
    conference, talk_id = key.split("/")
    return Talk(conference_id=conference, id=talk_id, title=title or talk_id, themes=themes,
                tags=tags, organizations=orgs)


def test_related_talks_golden_ranking() -> None:
    day = datetime.date(2020, 1, 1)
    corpus = Corpus(
        themes=tuple(Theme(t, t, t) for t in ("a", "b", "c", "d")),
        conferences=(Conference("c1", "C1", day, day), Conference("c2", "C2", day, day)),
        talks=(
            _talk("c1/main", ("a",), ("dpdk", "rdma"), ("Intel",)),
            _talk("c2/two-tags", ("b",), ("dpdk", "rdma")),          # tags 3+3 = 6
            _talk("c2/tag-org", ("c",), ("DPDK",), ("intel",)),       # tag 3 + org 2 = 5
            _talk("c1/theme-org", ("a",), (), ("Intel",)),            # org 2 + theme 2 = 4
            _talk("c2/one-tag-b", ("b",), ("rdma",)),                 # 3, ties by title
            _talk("c2/one-tag-a", ("b",), ("rdma",)),                 # 3
            _talk("c1/same-theme", ("a",)),                           # theme 2
            _talk("c1/unrelated", ("d",)),                            # 0: never listed
        ),
    )
    related = group(corpus).related
    assert [(r.talk.key, r.shared) for r in related["c1/main"]] == [
        ("c2/two-tags", ("dpdk", "rdma")), ("c2/tag-org", ("dpdk", "Intel")),
        ("c1/theme-org", ("Intel", "a")), ("c2/one-tag-a", ("rdma",)),
        ("c2/one-tag-b", ("rdma",))]
    assert [r.talk.key for r in related["c1/unrelated"]] == []
    assert [r.talk.key for r in related["c1/same-theme"]] == ["c1/main", "c1/theme-org"]


def test_grouping_keeps_every_talk(tmp_path: Path) -> None:
    g = mini_groups()
    listed = {t.key for talks in g.talks_by_theme.values() for t in talks}
    assert listed == {t.key for talks in g.talks_by_conference.values() for t in talks}
    assert len(listed) == 4
