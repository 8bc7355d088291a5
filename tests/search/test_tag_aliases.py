"""A tag's aliases (talks/tags.yml, optional: `Red Hat: [redhat]`): checked by the
validator, found by the search as the tag is, and named as the alias a result came through
(build_notes/content/validate.py, build_notes/search/page_text.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from build_notes.pipeline import check
from build_notes.search.page_text import alias_names
from tests.conftest import Site
from tests.helpers import problems as problems_of
from tests.helpers import talk, tree

TAGGED = {"conf-2017/a.md": talk("title: A talk\nthemes: [ceph]\ntags: [Red Hat, dpdk]"),
          "conf-2017/b.md": talk("title: Another\nthemes: [nfv]\ntags: [dpdk]")}


def test_aliases_are_the_tags_they_stand_for_as_the_search_has_them(tmp_path: Path) -> None:
    corpus = check(tree(tmp_path, {**TAGGED, "tags.yml": "red hat: [RedHat, RHEL]\n"})).corpus
    assert corpus.tag_aliases == (("Red Hat", ("RedHat", "RHEL")),)  # the talks' spelling
    assert alias_names(corpus.themes, corpus.tag_aliases) == {"redhat": "Red Hat",
                                                              "rhel": "Red Hat"}


def test_a_site_without_tags_yml_has_no_tag_aliases(tmp_path: Path) -> None:
    assert check(tree(tmp_path, TAGGED)).corpus.tag_aliases == ()


def test_what_tags_yml_may_not_say_is_refused_at_its_line(tmp_path: Path) -> None:
    text = ("Red Hat: [redhat]\n"  # line 1: good
            "Blue Hat: [bluehat]\n"  # no talk has it
            "dpdk: [Ceph]\n"  # a theme's name
            "rhel-tag: red hat\n")  # not a list (and no talk has it either)
    found = [p for p in problems_of(tmp_path, {**TAGGED, "tags.yml": text})
             if p.startswith("talks/tags.yml")]
    assert found == [
        "talks/tags.yml:2: no talk has the tag 'Blue Hat'; write it as the talks do, or "
        "remove it",
        "talks/tags.yml:3: alias 'Ceph' of tag 'dpdk' already names theme 'ceph'; an alias "
        "is another name of its own tag only: remove it",
        "talks/tags.yml:4: no talk has the tag 'rhel-tag'; write it as the talks do, or "
        "remove it"], found


def test_an_alias_that_is_another_tag_and_a_list_that_is_not_one(tmp_path: Path) -> None:
    text = "Red Hat: [dpdk]\ndpdk: data plane\n"
    found = [p for p in problems_of(tmp_path, {**TAGGED, "tags.yml": text})
             if p.startswith("talks/tags.yml")]
    assert found == [
        "talks/tags.yml:1: alias 'dpdk' of tag 'Red Hat' already names tag 'dpdk'; an alias "
        "is another name of its own tag only: remove it",
        "talks/tags.yml:2: the other names of tag 'dpdk' must be a list: "
        "'dpdk: [another name, ...]'"], found
    assert problems_of(tmp_path / "x", {**TAGGED, "tags.yml": "- Red Hat\n"})[-1] == (
        "talks/tags.yml:1: tags.yml must map each tag to its other names, one per line: "
        "'Red Hat: [redhat]'")


def test_the_search_finds_a_tags_talks_by_its_alias(
        mini_project: Path, build_project: Callable[..., Site]) -> None:
    tagged = mini_project / "talks/openstack-summit-boston-2017/dpdk-and-ceph.md"
    assert "infiniband" not in tagged.read_text("utf-8").casefold()
    (mini_project / "talks/tags.yml").write_text("rdma: [InfiniBand]\n", "utf-8")
    site = build_project(mini_project)
    found = {r["url"].strip("/") for r in site.search_records()
             if "infiniband" in r["content"].casefold()}
    assert found == {"talks/openstack-summit-boston-2017/dpdk-and-ceph"}
    assert site.search_index()["aliases"] == {"infiniband": "rdma"}
