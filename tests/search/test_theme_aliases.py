"""A theme's aliases (themes.yml `aliases:`): checked by the validator as schema.yml says, and
given to the search as the names they stand for (build_notes/search/page_text.py)."""

from __future__ import annotations

from pathlib import Path

from build_notes.pipeline import check
from build_notes.search.page_text import alias_names
from tests.helpers import THEMES, problems, tree

ALIASED = THEMES + "- id: cloud-native\n  name: Cloud native\n  description: D.\n" \
    "  aliases: [k8s, CNCF Projects]\n"


def test_aliases_are_the_names_they_stand_for_as_the_search_has_them(tmp_path: Path) -> None:
    corpus = check(tree(tmp_path, {"themes.yml": ALIASED})).corpus
    assert alias_names(corpus.themes) == {"k8s": "Cloud native", "cncf projects": "Cloud native"}


def test_a_theme_without_aliases_has_none(tmp_path: Path) -> None:
    corpus = check(tree(tmp_path, {})).corpus
    assert alias_names(corpus.themes) == {}


def test_aliases_must_be_a_list_of_text(tmp_path: Path) -> None:
    bad = THEMES + "- id: cloud-native\n  name: Cloud native\n  description: D.\n  aliases: k8s\n"
    found = problems(tmp_path, {"themes.yml": bad})
    assert any(p.startswith("talks/themes.yml:16: ") and "aliases" in p for p in found), found


def test_an_alias_that_names_another_theme_is_refused_at_its_line(tmp_path: Path) -> None:
    """`ceph` as an alias of another theme would send a reader looking for Ceph elsewhere;
    another theme's name counts too, whatever its case."""
    clash = THEMES + ("- id: cloud-native\n  name: Cloud native\n  description: D.\n"
                      "  aliases: [k8s, Ceph]\n")
    found = problems(tmp_path, {"themes.yml": clash})
    assert [p for p in found if "alias" in p] == [
        "talks/themes.yml:16: alias 'Ceph' of theme 'cloud-native' already names theme "
        "'ceph'; an alias is another name of its own theme only: remove it"], found
