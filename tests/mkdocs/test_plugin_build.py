"""Integration: real MkDocs builds of fixture projects, read back as HTML and search index."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from build_notes.mkdocs.plugin import TalkNotesPlugin
from tests.conftest import ROOT, BuildFailed, Site, build_site
from tests.hostile_support import make_project

TALK = "talks/openstack-summit-boston-2017/real-time-kvm/"


def test_every_generated_page_is_built(mini_site: Site) -> None:
    for url in ["", "themes/", "themes/ceph/", "themes/nfv/", "themes/kubernetes/",
                "themes/edge/", "conferences/", "conferences/kubecon-eu-2024/",
                "conferences/openstack-summit-boston-2017/", "organizations/",
                "organizations/red-hat/", TALK, "talks/kubecon-eu-2024/edge-kubernetes/",
                "about/"]:
        assert mini_site.exists(url), url


def test_the_talk_page_has_its_meta_line_and_notes(mini_site: Site) -> None:
    html = mini_site.html(TALK)
    assert "<h1 id=\"note-real-time-kvm-and-how-it-works\">Real Time KVM and How It Works" in html
    meta = html[html.index('class="tn-meta"'):html.index("Cyclictest measures")]
    assert 'href="../../../conferences/openstack-summit-boston-2017/">OpenStack Summit' in meta
    assert "9 May 2017" in meta
    assert 'href="../../../themes/nfv/">NFV</a>' in meta
    assert 'href="../../../organizations/red-hat/">Red Hat</a>' in meta
    assert "cyclictest" in meta and "Rated 5 out of 5" in meta
    assert 'href="https://www.youtube.com/watch?v=abcdefghijk">watch</a> (40:00)' in meta
    # The note-taker's opinion renders in its own admonition, apart from the content.
    assert re.search(r'<div class="admonition opinion"[^>]*>\s*<p class="admonition-title">'
                     r"Note-taker's opinion</p>\s*<p>Interesting talk.</p>", html)
    # Timestamps link into the video.
    assert 'href="https://www.youtube.com/watch?v=abcdefghijk&amp;t=489s"' in html
    assert 'href="https://www.youtube.com/watch?v=abcdefghijk&amp;t=725s"' in html


def test_timestamps_without_a_video_stay_text(mini_site: Site) -> None:
    html = mini_site.html("talks/kubecon-eu-2024/edge-kubernetes/")
    assert '<span class="tn-timestamp" title="At 3:05 in the video">3m05s</span>' in html


def test_the_edit_link_opens_the_talk_source(mini_site: Site) -> None:
    html = mini_site.html(TALK)
    assert ('href="https://github.com/example/talk-notes/edit/main/talks/'
            'openstack-summit-boston-2017/real-time-kvm.md"') in html
    # Generated listing pages have no source to edit.
    assert "/edit/main/" not in mini_site.html("themes/ceph/")
    assert "edit/main/docs/about.md" in mini_site.html("about/")


def test_theme_page_lists_its_talks_by_conference(mini_site: Site) -> None:
    html = mini_site.html("themes/ceph/")
    assert html.count('href="../../talks/openstack-summit-boston-2017/') == 2
    assert "Ceph storage, from RADOS to the gateways." in html
    assert "People are trying to run Ceph on ARM microservers" in html  # the excerpt


def test_conference_page_has_overview_and_talks_by_theme(mini_site: Site) -> None:
    html = mini_site.html("conferences/openstack-summit-boston-2017/")
    assert "Networking is still hot" in html
    assert "Boston, MA, USA · 8–11 May 2017 · 3 talks" in html
    assert html.index('href="../../themes/ceph/">Ceph') < html.index('href="../../themes/nfv/">NFV')


def test_home_page_counts_and_lists(mini_site: Site) -> None:
    html = mini_site.html("")
    assert "A small site for the tests." in html
    cards = re.findall(
        r'<a class="tn-count" href="[^"]+"><strong>([\d,]+)</strong> (\w+)</a>', html)
    counts = {label: int(n) for n, label in cards}
    assert counts == {"talks": 4, "conferences": 2, "themes": 4, "organizations": 4,
                      "speakers": 3, "tags": 6}
    top = html[html.index("Highest-rated talks"):]
    assert top.index("Real Time KVM") < top.index("How Ceph Performs on ARM")


def test_navigation_lists_index_pages_not_talks(mini_site: Site) -> None:
    html = mini_site.html("")
    nav_links = re.findall(r'<a href="([^"]*)" class="md-nav__link', html)
    for url in ["conferences/", "themes/", "organizations/", "about/"]:
        assert url in nav_links
    assert not [u for u in nav_links if u.startswith("talks/")]
    assert re.search(r'<a href="talks/', html)  # the talks are linked from the content


@pytest.mark.parametrize(
    ("word", "url"),
    [
        ("cyclictest", TALK),  # a word of the notes
        ("Hopper", "talks/openstack-summit-boston-2017/dpdk-and-ceph/"),  # a speaker
        ("Ambedded", "talks/openstack-summit-boston-2017/ceph-on-arm/"),  # an organisation
        ("k3s", "talks/kubecon-eu-2024/edge-kubernetes/"),  # a tag
        ("chassis", "talks/openstack-summit-boston-2017/ceph-on-arm/"),  # the opinion
    ],
)
def test_search_index_holds_every_talk_word(mini_site: Site, word: str, url: str) -> None:
    assert url in mini_site.search_pages(word)


def test_search_index_has_every_talk_page(mini_site: Site) -> None:
    locations = {d["location"] for d in mini_site.search_docs()}
    for talk in ["ceph-on-arm", "real-time-kvm", "dpdk-and-ceph"]:
        assert f"talks/openstack-summit-boston-2017/{talk}/" in locations


@pytest.mark.parametrize("strict", [True, False])
def test_a_bad_talk_fails_the_build_with_path_and_line(
    mini_project: Path, build_project: Callable[..., Site], strict: bool
) -> None:
    bad = mini_project / "talks/openstack-summit-boston-2017/bad.md"
    bad.write_text("---\ntitle: Bad\nthemes: [ml]\nspeaker: [x]\n---\nNotes.\n")
    with pytest.raises(BuildFailed) as failure:
        build_project(mini_project, strict=strict)
    message = failure.value.log
    assert "talks/openstack-summit-boston-2017/bad.md:3: unknown theme 'ml'" in message
    assert "talks/openstack-summit-boston-2017/bad.md:4: unknown key 'speaker'; did you mean " \
           "'speakers'?" in message
    assert "Traceback" not in message
    assert not (mini_project.parent / "site" / "index.html").exists()


def test_warnings_fail_only_strict_builds(
    mini_project: Path, build_project: Callable[..., Site]
) -> None:
    talk = mini_project / "talks/kubecon-eu-2024/edge-kubernetes.md"
    # A timestamp into a video on a host that takes no start time is a note: no failure.
    talk.write_text(talk.read_text().replace("slides:", "video: https://example.org/watch/v\n"
                                             "slides:"))
    build_project(mini_project, strict=True)
    talk.write_text(talk.read_text() + "\n!!! custom\n\n    A box the site does not style.\n")
    with pytest.raises(BuildFailed) as failure:
        build_project(mini_project, strict=True)
    assert "edge-kubernetes.md:" in failure.value.log
    assert "warning: the box type 'custom' is not styled" in failure.value.log
    site = build_project(mini_project, strict=False)
    assert site.exists("talks/kubecon-eu-2024/edge-kubernetes/")


def test_nothing_is_written_into_docs(mini_project: Path,
                                      build_project: Callable[..., Site]) -> None:
    before = sorted(p.relative_to(mini_project) for p in (mini_project / "docs").rglob("*"))
    build_project(mini_project)
    after = sorted(p.relative_to(mini_project) for p in (mini_project / "docs").rglob("*"))
    assert before == after


def test_a_home_page_without_docs_index(mini_project: Path,
                                        build_project: Callable[..., Site]) -> None:
    (mini_project / "docs/index.md").unlink()
    site = build_project(mini_project)
    assert '<a class="tn-count" href="explore/"><strong>4</strong> talks</a>' in site.html("")


def test_serve_rebuilds_when_a_talk_changes(mini_project: Path) -> None:
    """`mkdocs serve` must rebuild when a talk changes: the plugin adds talks/ to the watch.
    A real LiveReloadServer runs; editing a talk file must make it call the builder."""
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    config = load_config(str(mini_project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    rebuilt = threading.Event()
    server = LiveReloadServer(builder=rebuilt.set, host="127.0.0.1", port=0,
                              root=str(mini_project))
    plugin = config.plugins["talk-notes"]
    assert isinstance(plugin, TalkNotesPlugin)
    plugin.on_serve(server, config=config, builder=rebuilt.set)
    serving = threading.Thread(target=server.serve, daemon=True)
    serving.start()
    talk = mini_project / "talks/openstack-summit-boston-2017/ceph-on-arm.md"
    try:
        for attempt in range(40):  # the watcher starts with the server: edit until it sees one
            talk.write_text(talk.read_text("utf-8") + f"\nEdit {attempt}.\n", "utf-8")
            if rebuilt.wait(0.5):
                break
    finally:
        server.shutdown()
        serving.join(10)
        config.plugins.on_shutdown()  # as `mkdocs serve` does: the plugin instance is kept
    assert rebuilt.is_set(), "editing a talk did not trigger a rebuild"


@pytest.mark.parametrize(("hand_written", "generated"), [
    ("themes/ceph.md", "themes/ceph.md"),
    ("explore/index.md", "explore.md"),  # another path, the same URL
    ("themes/ceph/index.html", "themes/ceph.md"),  # a static file at a page's URL
])
def test_a_hand_written_page_in_the_way_of_a_generated_one_is_refused(
    mini_project: Path, build_project: Callable[..., Site], hand_written: str, generated: str
) -> None:
    (mini_project / "docs" / hand_written).parent.mkdir(parents=True, exist_ok=True)
    (mini_project / "docs" / hand_written).write_text("# Mine\n")
    with pytest.raises(BuildFailed) as failure:
        build_project(mini_project)
    assert f"docs/{hand_written}: is published as " in failure.value.log
    assert f"where the talk-notes plugin writes its generated page {generated}; rename or " \
        "remove it" in failure.value.log


def test_a_theme_patch_whose_anchor_is_missing_fails_the_build(tmp_path: Path) -> None:
    """If a new Material moved the markup a patch looks for, the build stops and says which
    (it used to leave the page without the search box, silently)."""
    project = make_project(tmp_path / "p", {
        "themes.yml": (ROOT / "talks/themes.yml").read_text("utf-8"),
        "conf-2017/_index.md": "---\nname: C\nstart: 2017-05-08\nend: 2017-05-11\n---\n",
        "conf-2017/x.md": "---\ntitle: T\nthemes: [ceph]\n---\n\nNotes.\n"})
    overrides = project / "overrides" / "partials"
    overrides.mkdir(parents=True)
    (overrides / "header.html").write_text("<header class='md-header'>No nav here</header>\n",
                                           "utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n", 1), "utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(project, tmp_path / "site")
    assert "could not add the search box to the header" in str(failure.value) + \
        failure.value.log
