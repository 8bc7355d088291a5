"""The real content: the OpenStack Summit Boston 2017 notes, as talk files and as a site.

The checks of what the seed notes say apply to the seed conference only: a contributor who
adds a talk as the README shows (with `video:`) keeps every test green.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from build_notes.model import Talk
from build_notes.pipeline import check
from tests.conftest import ROOT, Site, write_tree

CONFERENCE = "openstack-summit-boston-2017"
TITLES = (Path(__file__).parent / "data" / "boston-2017-titles.txt").read_text("utf-8")


def seed_talks(talks_dir: Path = ROOT / "talks") -> list[Talk]:
    return [t for t in check(talks_dir).corpus.talks if t.conference_id == CONFERENCE]


def test_the_talk_files_validate_cleanly() -> None:
    result = check(ROOT / "talks")
    assert [str(p) for p in result.problems] == []


def check_the_seed_titles(talks_dir: Path = ROOT / "talks") -> None:
    expected = TITLES.strip().split("\n")
    assert len(expected) == 61 == len(set(expected))
    assert expected[0] == "Keynote: Superuser Announcement"
    assert expected[-1] == "Talk From The Trenches- Will Containers Save Us?"
    assert sorted(t.title for t in seed_talks(talks_dir)) == sorted(expected)


def check_no_invented_links(talks_dir: Path = ROOT / "talks") -> None:
    """The seed notes name no video, slides or URL: none was in the original notes."""
    talks = seed_talks(talks_dir)
    assert talks
    for talk in talks:
        assert talk.video is None and talk.slides is None, talk.key
        assert "http" not in talk.body, talk.key


def test_all_61_titles_of_the_notes_are_there() -> None:
    check_the_seed_titles()


def test_no_invented_links() -> None:
    check_no_invented_links()


def test_a_talk_added_as_the_readme_shows_keeps_the_content_tests_green(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Adding a talk"):]
    example = section[section.index("```markdown\n") + 12:section.index("\n```\n")] + "\n"
    assert "video: https://" in example
    talks = Path(shutil.copytree(ROOT / "talks", tmp_path / "talks"))
    write_tree(talks, {
        "test-summit-2017/_index.md": "---\nname: Test Summit 2017\nstart: 2017-05-08\n"
                                      "end: 2017-05-11\n---\n",
        "test-summit-2017/real-time-kvm-and-how-it-works.md": example,
    })
    result = check(talks)
    assert [str(p) for p in result.problems] == []
    assert len(result.corpus.talks) == 62
    check_the_seed_titles(talks)
    check_no_invented_links(talks)


def test_every_title_has_a_page_with_that_title(real_site: Site) -> None:
    for talk in check(ROOT / "talks").corpus.talks:
        html = real_site.html(f"talks/{talk.conference_id}/{talk.id}/")
        h1 = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", html, re.S)
        assert h1, talk.id
        text = re.sub(r"<[^>]+>", "", h1.group(1)).replace("&amp;", "&").replace("&lt;", "<")
        assert text.strip() == talk.title.strip()


CEPH_TALKS = [
    "ceph-project-update",
    "discover-all-flash-ceph-for-high-performance-storage-pool",
    "unlocking-the-performance-secrets-of-ceph-object-storage",
    "ceph-performance-in-an-arm-base-microserver-cluster",
    "cephfs-backed-nfs-share-service-for-multi-tenant-clouds",
    "accelerating-ceph-performance-with-high-speed-networks",
    "ceph-snapshots-for-fun-and-profit",
    "turned-up-to-11-low-latency-ceph-block-storage",
    "optimizing-ceph-performance-with-intel-optane-and-3d-nand",
    "advanced-tuning-and-operation-guide-for-ceph-block-storage",
    "manila-on-cephfs-at-cern",
    "red-hat-deterministic-storage-performance-the-aws-way",
]


def test_the_ceph_theme_page_lists_the_ceph_talks(real_site: Site) -> None:
    html = real_site.html("themes/ceph/")
    for talk_id in CEPH_TALKS:
        assert f'href="../../talks/{CONFERENCE}/{talk_id}/"' in html, talk_id


@pytest.mark.parametrize(
    ("word", "talk_id"),
    [
        ("cyclictest", "real-time-kvm-and-how-it-works"),
        ("straw2", "advanced-tuning-and-operation-guide-for-ceph-block-storage"),
        ("Optane", "optimizing-ceph-performance-with-intel-optane-and-3d-nand"),
        ("CockroachDB", "keynote-interop-challenge"),
        ("OpenDaylight", "openstack-and-opendaylight"),
        ("Hypernetes", "openstack-kubernetes-hypercontainer-for-nfv"),
        ("Snowden", "keynote-mark-collier-qa-with-edward-snowden"),
    ],
)
def test_search_finds_words_of_the_notes_in_the_right_talk(real_site: Site, word: str,
                                                           talk_id: str) -> None:
    assert f"talks/{CONFERENCE}/{talk_id}/" in real_site.search_pages(word)


def test_the_opinions_are_in_opinion_boxes(real_site: Site) -> None:
    for talk_id, words in [
        ("keynote-taking-openstack-out-to-the-network-edges", "Good talk, very interesting."),
        ("keynote-interop-challenge", "Previously we see Ceph, now we see CockroachDB."),
        ("ceph-performance-in-an-arm-base-microserver-cluster", "I think the advantage is"),
    ]:
        html = real_site.html(f"talks/{CONFERENCE}/{talk_id}/")
        box = html[html.index('<div class="admonition opinion"'):]
        assert words in box[:box.index("</div>")], talk_id


def test_the_conference_overview_and_dates(real_site: Site) -> None:
    html = real_site.html(f"conferences/{CONFERENCE}/")
    assert "8–11 May 2017" in html
    assert "Large amount of videos about running Openstack with Kubernetes" in html
