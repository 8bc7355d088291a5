"""The real content: the OpenStack Summit Boston 2017 notes, as talk files and as a site.

The checks of what the seed notes say apply to the seed conference only: a contributor who
adds a talk as the README shows (with `video:`), or imports programmes as hundreds of drafts
and publishes another conference, keeps every test green; the last test builds such a copy
and runs every check of this file on it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from build_notes.cli.main import main
from build_notes.content.model import Talk
from build_notes.pipeline import check
from tests.conftest import FIXTURES, ROOT, Site, build_site, write_tree
from tests.talk_files import conference_ids, every_talk_file, talk_files

CONFERENCE = "openstack-summit-boston-2017"
TITLES = (Path(__file__).parents[1] / "data" / "boston-2017-titles.txt").read_text("utf-8")


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
    assert len(result.corpus.talks) == len(talk_files(talks)) == len(talk_files()) + 1
    check_the_seed_titles(talks)
    check_no_invented_links(talks)


def check_every_title_has_a_page_with_that_title(site: Site, talks_dir: Path) -> None:
    for talk in talk_files(talks_dir):
        html = site.html(talk.url)
        h1 = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", html, re.S)
        assert h1, talk.url
        text = re.sub(r"<[^>]+>", "", h1.group(1)).replace("&amp;", "&").replace("&lt;", "<")
        assert text.strip() == talk.title.strip()


def test_every_title_has_a_page_with_that_title(real_site: Site) -> None:
    check_every_title_has_a_page_with_that_title(real_site, ROOT / "talks")


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


def check_the_ceph_theme_page_lists_the_ceph_talks(site: Site) -> None:
    html = site.html("themes/ceph/")
    for talk_id in CEPH_TALKS:
        assert f'href="../../talks/{CONFERENCE}/{talk_id}/"' in html, talk_id


def test_the_ceph_theme_page_lists_the_ceph_talks(real_site: Site) -> None:
    check_the_ceph_theme_page_lists_the_ceph_talks(real_site)


SEARCHED = [
    ("cyclictest", "real-time-kvm-and-how-it-works"),
    ("straw2", "advanced-tuning-and-operation-guide-for-ceph-block-storage"),
    ("Optane", "optimizing-ceph-performance-with-intel-optane-and-3d-nand"),
    ("CockroachDB", "keynote-interop-challenge"),
    ("OpenDaylight", "openstack-and-opendaylight"),
    ("Hypernetes", "openstack-kubernetes-hypercontainer-for-nfv"),
    ("Snowden", "keynote-mark-collier-qa-with-edward-snowden"),
]


@pytest.mark.parametrize(("word", "talk_id"), SEARCHED)
def test_search_finds_words_of_the_notes_in_the_right_talk(real_site: Site, word: str,
                                                           talk_id: str) -> None:
    assert f"talks/{CONFERENCE}/{talk_id}/" in real_site.search_pages(word)


def check_the_opinions_are_in_opinion_boxes(site: Site) -> None:
    for talk_id, words in [
        ("keynote-taking-openstack-out-to-the-network-edges", "Good talk, very interesting."),
        ("keynote-interop-challenge", "Previously we see Ceph, now we see CockroachDB."),
        ("ceph-performance-in-an-arm-base-microserver-cluster", "I think the advantage is"),
    ]:
        html = site.html(f"talks/{CONFERENCE}/{talk_id}/")
        box = html[html.index('<div class="admonition opinion"'):]
        assert words in box[:box.index("</div>")], talk_id


def test_the_opinions_are_in_opinion_boxes(real_site: Site) -> None:
    check_the_opinions_are_in_opinion_boxes(real_site)


def check_the_conference_overview_and_dates(site: Site) -> None:
    html = site.html(f"conferences/{CONFERENCE}/")
    assert "8–11 May 2017" in html
    assert "Large amount of videos about running Openstack with Kubernetes" in html


def test_the_conference_overview_and_dates(real_site: Site) -> None:
    check_the_conference_overview_and_dates(real_site)


def test_the_content_checks_hold_with_imported_drafts_and_another_conference(
        tmp_path: Path) -> None:
    """What a repository looks like after a few imports: the seed, three conferences of
    drafts from programmes (one with a talk written and published), and a conference written
    by hand. Every check above passes on it, and only published talks have a page."""
    project = tmp_path / "project"
    for name in ("docs", "talks"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project)
    talks = project / "talks"
    programmes = FIXTURES / "programmes"
    for source in ("frab-schedule.xml", "schedule.json", "pyvideo-democon-2024"):
        assert main(["import", str(programmes / source), "--talks-dir", str(talks),
                     "--conference", f"import-{source.split('.')[0]}",
                     "--default-theme", "edge"]) == 0
    written = next(t for t in every_talk_file(talks) if t.conference_id == "import-schedule")
    path = talks / written.conference_id / f"{written.id}.md"
    path.write_text(path.read_text("utf-8").replace(
        "!!! opinion\n", "Notes of the talk, with C++ and .NET.\n\n!!! opinion\n\n    Good.\n"),
        "utf-8")
    assert main(["publish", f"{written.conference_id}/{written.id}", "--talks-dir",
                 str(talks)]) == 0
    write_tree(talks, {
        "hand-conf-2025/_index.md": "---\nname: Hand Conf 2025\nstart: 2025-06-10\n"
                                    "end: 2025-06-11\n---\n",
        **{f"hand-conf-2025/talk-{n}.md": f"---\ntitle: C# talk {n}\nthemes: [ceph]\n"
           f"date: 2025-06-1{n % 2}\n---\n\nNotes on C# {n}.\n\n!!! opinion\n\n    Fine.\n"
           for n in range(1, 4)},
    })
    drafts = [t for t in every_talk_file(talks) if t not in talk_files(talks)]
    assert len(drafts) >= 6 and len(conference_ids(talks)) == len(conference_ids()) + 2

    result = check(talks)
    assert [str(p) for p in result.problems] == []
    assert len(result.corpus.talks) == len(talk_files(talks)) == len(talk_files()) + 4
    check_the_seed_titles(talks)
    check_no_invented_links(talks)

    site = build_site(project, tmp_path / "site")
    check_every_title_has_a_page_with_that_title(site, talks)
    check_the_ceph_theme_page_lists_the_ceph_talks(site)
    for word, talk_id in SEARCHED:
        assert f"talks/{CONFERENCE}/{talk_id}/" in site.search_pages(word), word
    check_the_opinions_are_in_opinion_boxes(site)
    check_the_conference_overview_and_dates(site)
    pages = {p.parent.relative_to(site.root).as_posix() + "/"
             for p in (site.root / "talks").glob("*/*/index.html")}
    assert pages == {t.url for t in talk_files(talks)}
    assert not any(site.exists(t.url) for t in drafts)
