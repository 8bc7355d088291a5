"""`build-notes finish SITE_DIR` on a site Zensical built: what it refuses, and the edit links.

The parity with the plugin's build is tests/finish/test_zensical.py; here, the command's own
behaviour on the small fixture: a second run is refused (the pages are finished already), a
folder that is no built site is refused, a configuration it cannot read is named with its
line, and a talk page's edit button opens the talk's file, as the plugin's does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from build_notes.cli.main import main
from tests.conftest import MINI, Site
from tests.finish.test_zensical import zensical_build

TALK_PAGE = "talks/openstack-summit-boston-2017/real-time-kvm/index.html"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project, built by generate + Zensical + finish into zensical/site."""
    folder = Path(shutil.copytree(MINI, tmp_path_factory.mktemp("finish") / "project"))
    code, _ = zensical_build(folder, folder / "talks", folder / "docs")
    assert code == 0
    return folder


def _edit_link(site: Path) -> str | None:
    button = LexborHTMLParser((site / TALK_PAGE).read_text("utf-8")).css_first("a[rel=edit]")
    assert button is not None
    return button.attributes.get("href")


def test_finish_points_the_edit_button_at_the_talk_file_as_the_plugin_does(
        project: Path, mini_site: Site) -> None:
    assert _edit_link(project / "zensical/site") == _edit_link(mini_site.root)
    assert str(_edit_link(mini_site.root)).endswith("/talks/openstack-summit-boston-2017/"
                                                    "real-time-kvm.md")


def test_finish_refuses_a_second_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = project / "zensical/site"
    before = (site / TALK_PAGE).read_text("utf-8")
    capsys.readouterr()
    assert main(["finish", str(site), "--talks-dir", str(project / "talks"),
                 "-f", str(project / "zensical/mkdocs.yml")]) == 1
    err = capsys.readouterr().err
    assert "finished already" in err and "Traceback" not in err
    assert (site / TALK_PAGE).read_text("utf-8") == before


def test_finish_refuses_a_folder_that_is_no_built_site(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The Markdown generate wrote, not the site built from it.
    assert main(["finish", str(project / "zensical/docs"), "--talks-dir",
                 str(project / "talks"), "-f", str(project / "zensical/mkdocs.yml")]) == 1
    err = capsys.readouterr().err
    assert "no index.html" in err and "Traceback" not in err


def test_finish_names_the_line_of_a_configuration_it_cannot_read(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Notes\nnav: [\n", "utf-8")
    assert main(["finish", str(project / "zensical/site"), "-f", str(config)]) == 1
    err = capsys.readouterr().err
    assert f"{config}:3:" in err and "Traceback" not in err
