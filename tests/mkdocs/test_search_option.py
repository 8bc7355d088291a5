"""The plugin's `search` option, and `pagefind`, its old name, which a user's mkdocs.yml may
still hold: both make the search (the page, the box, the index from the talk pages' records),
the old one with a deprecation that names the new one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from build_notes.finish import read_settings
from tests.conftest import Site, build_site

OPTION = "  - talk-notes:\n      search: true\n"


def with_option(project: Path, option: str) -> Path:
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert OPTION in text
    config.write_text(text.replace(OPTION, f"  - talk-notes:\n      {option}\n"), "utf-8")
    return config


def test_the_old_name_still_makes_the_search(
        mini_project: Path, build_project: Callable[..., Site], tmp_path: Path) -> None:
    expected = build_site(mini_project, tmp_path / "with-search")
    with_option(mini_project, "pagefind: true")
    site = build_project(mini_project, strict=False)
    assert site.search_records() == expected.search_records() != []
    assert site.exists("search")
    assert "tn-hsearch" in site.html("")


def test_the_old_name_is_a_deprecation_that_names_the_new_one(
        mini_project: Path, build_project: Callable[..., Site],
        caplog: pytest.LogCaptureFixture) -> None:
    with_option(mini_project, "pagefind: true")
    with pytest.raises(Abort, match="configuration warnings in 'strict' mode"):
        build_project(mini_project)  # strict: the deprecation is a warning
    assert "'pagefind' has been deprecated" in caplog.text
    assert "Use 'search' instead" in caplog.text


def test_without_the_option_there_is_no_search(
        mini_project: Path, build_project: Callable[..., Site]) -> None:
    with_option(mini_project, "search: false")
    site = build_project(mini_project)
    assert not (site.root / "search" / "manifest.json").exists()
    assert "tn-hsearch" not in site.html("")


@pytest.mark.parametrize(("option", "search"), [("search: true", True),
                                                ("pagefind: true", True),
                                                ("search: false", False),
                                                ("talks_dir: talks", False)])
def test_build_notes_finish_reads_either_name(mini_project: Path, option: str,
                                              search: bool) -> None:
    assert read_settings(with_option(mini_project, option)).search is search
