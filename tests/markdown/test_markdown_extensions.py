"""The Markdown extensions: read from one place (build_notes/data/markdown_extensions.yml) by
`build-notes validate`, and a build whose mkdocs.yml renders notes otherwise stops, naming
the difference. Whatever still makes other HTML (a hook, another plugin), the plugin's last
check judges MkDocs' own HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_notes.pipeline import check
from tests.conftest import ROOT, BuildFailed, build_site
from tests.helpers import talk
from tests.hostile_support import make_project

BODY = "Intro.\n\nNice :smile: talk.\n"
FILES = {"themes.yml": (ROOT / "talks/themes.yml").read_text("utf-8"),
         "conf-2017/_index.md": "---\nname: C\nstart: 2017-05-08\nend: 2017-05-11\n---\n",
         "conf-2017/x.md": talk("title: T\nthemes: [ceph]", BODY)}


def _project(tmp_path: Path, old: str, new: str) -> Path:
    project = make_project(tmp_path / "p", FILES)
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert old in text
    config.write_text(text.replace(old, new), "utf-8")
    return project


@pytest.mark.parametrize(("old", "new", "says"), [
    # emoji would make `:smile:` an image from a CDN, which validate never sees.
    ("markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.emoji\n",
     "not in validate's list: pymdownx.emoji"),
    ("  - footnotes\n", "", "missing: footnotes"),
    ("      permalink: true\n", "      permalink: false\n",
     "toc configured toc: {permalink: false}, not toc: {permalink: true}"),
    ("  - def_list\n  - footnotes\n", "  - footnotes\n  - def_list\n", "in another order"),
], ids=["added", "removed", "configured", "reordered"])
def test_a_build_whose_extensions_differ_from_validates_stops_naming_the_difference(
        tmp_path: Path, old: str, new: str, says: str) -> None:
    project = _project(tmp_path, old, new)
    with pytest.raises(BuildFailed) as failure:
        build_site(project, tmp_path / "site")
    assert "mkdocs.yml's markdown_extensions render notes otherwise than build-notes " \
        f"validate does ({says}" in failure.value.log, failure.value.log
    assert "build_notes/data/markdown_extensions.yml" in failure.value.log
    assert not (tmp_path / "site" / "talks").exists()


def test_the_projects_own_extensions_build(tmp_path: Path) -> None:
    """The repository's mkdocs.yml agrees with validate's list: its build goes through."""
    project = make_project(tmp_path / "p", FILES)
    site = build_site(project, tmp_path / "site")
    assert "Nice :smile: talk." in site.html("talks/conf-2017/x/")


def test_html_made_outside_the_extensions_meets_the_plugins_last_check(tmp_path: Path) -> None:
    """A hook turns `:smile:` into an image from a CDN after validate's rendering: validate
    passes the note, the plugin's check of MkDocs' HTML refuses the page, at the notes' first
    line (the site's Markdown alone, which finds the line, does not make the image)."""
    project = _project(tmp_path, "markdown_extensions:\n", "hooks: [smile.py]\n"
                       "markdown_extensions:\n")
    (project / "smile.py").write_text(
        "def on_page_markdown(markdown, **kwargs):\n"
        "    return markdown.replace(':smile:', '![smile](https://cdn.example.org/s.png)')\n",
        "utf-8")
    assert check(project / "talks").errors == []
    with pytest.raises(BuildFailed) as failure:
        build_site(project, tmp_path / "site")
    assert "talks/conf-2017/x.md:5: an image from another site" in failure.value.log, \
        failure.value.log
    assert not (tmp_path / "site" / "talks").exists()
