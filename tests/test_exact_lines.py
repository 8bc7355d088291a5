"""Messages at the exact line (issue 11, item 7): where the mistake is, not where YAML gave up."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_notes.cli.main import main
from tests.helpers import problems, talk, tree


def test_an_unknown_theme_in_a_block_list_is_at_its_item(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(
        "title: T\nthemes:\n  - ceph\n  - ml\n  - nfv\n  - edgy\n  - cef")})
    assert found == [
        "talks/conf-2017/x.md:5: unknown theme 'ml'; known: ceph, edge, kubernetes, nfv "
        "(add new themes to themes.yml)",
        "talks/conf-2017/x.md:7: unknown theme 'edgy'; did you mean 'edge'? known: ceph, "
        "edge, kubernetes, nfv (add new themes to themes.yml)",
        # A short word, spelt as it sounds: difflib's ratio alone (0.57) would not suggest.
        "talks/conf-2017/x.md:8: unknown theme 'cef'; did you mean 'ceph'? known: ceph, "
        "edge, kubernetes, nfv (add new themes to themes.yml)",
    ]


def test_a_repeated_item_of_a_block_list_is_at_its_line(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(
        "title: T\nthemes: [ceph]\ntags:\n  - a\n  - b\n  - a")})
    assert found == ["talks/conf-2017/x.md:7: 'tags' lists 'a' twice; remove one"]


def test_an_unclosed_quote_is_at_the_line_where_it_opens(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(
        'title: "Real Time KVM\nthemes: [ceph]\nspeakers: [Jane Doe]\nrating: 4')})
    assert found == ["talks/conf-2017/x.md:2: a quote opened on this line is not closed; add "
                     "the closing quote at the end of the value"]


@pytest.mark.parametrize("notes", [
    "What the talk said.\n\n---\n\nMore notes after a rule.\n",
    "# A heading\n\n- a point: with a colon\n\n---\n\nAfter the rule.\n",
])
def test_a_missing_closing_dashes_line_is_named_as_such(tmp_path: Path, notes: str) -> None:
    """Without its closing '---', the front matter runs on to a '---' rule in the notes; the
    notes are then read as YAML. Say what is missing, where it belongs."""
    found = problems(tmp_path, {"conf-2017/x.md": "---\ntitle: T\nthemes: [ceph]\n\n" + notes})
    assert found == ["talks/conf-2017/x.md:4: front matter is not closed: add a line '---' "
                     "here, after the keys (a '---' rule further down was taken for its end, "
                     "so notes were read as keys)"]


def test_a_real_yaml_error_in_the_keys_is_still_a_yaml_error(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(
        "title: T\nthemes: [ceph\nrating: 4", "Notes.\n\n---\n\nMore.\n")})
    assert len(found) == 1 and found[0].startswith("talks/conf-2017/x.md:3: YAML syntax error")


def test_problems_on_one_line_come_in_the_order_written(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(
        "title: T\nthemes: [zzz, ceph, aaa, ceph]")})
    assert [p.split(": ", 1)[1][:25] for p in found] == [
        "unknown theme 'zzz'; know", "unknown theme 'aaa'; know", "'themes' lists 'ceph' twi"]
    assert all(p.startswith("talks/conf-2017/x.md:3: ") for p in found)


def test_a_file_name_problem_is_at_line_1_so_annotations_can_place_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path, {"conf-2017/Bad Name.md": talk("title: T\nthemes: [ceph]")})
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--format", "github", "talks"]) == 1
    assert capsys.readouterr().out == (
        "::error file=talks/conf-2017/Bad Name.md,line=1::file name 'Bad Name.md' is not a "
        "slug of at most 80 characters: rename it to 'bad-name.md' (lowercase letters, "
        "digits, single hyphens)\n")


def test_an_unclosed_bracket_before_the_notes_is_a_yaml_error(tmp_path: Path) -> None:
    """Found by Hypothesis: the check for an unclosed front matter parses the keys alone; a
    YAML error there must be reported, not raise."""
    found = problems(tmp_path, {"conf-2017/x.md": "---\ntitle: [\n...\n---\n"})
    assert len(found) == 1 and found[0].startswith("talks/conf-2017/x.md:"), found
