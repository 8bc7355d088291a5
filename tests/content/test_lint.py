"""The opinion box and the other boxes never fail silently; template text is refused.

Each case is a note as a contributor writes it; the expected line is what `build-notes
validate` prints (the body starts at line 6 of the file). The first cases are the rows of
issue 14's table, in its order.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from build_notes.content.scaffold import TALK_BODY
from tests.conftest import BuildFailed, Site
from tests.helpers import problems, talk

X = "talks/conf-2017/x.md"
OK = "Notes.\n\n!!! opinion\n\n    My view.\n"

CASES = [
    # opinion text indented 0 or 2 spaces under `!!! opinion`
    ("Notes.\n\n!!! opinion\n\nMy view.\n",
     f"{X}:10: this text is not indented under the opinion box (line 8), so it is outside "
     "the box, which stays empty, and reads as the talk's own notes: indent it 4 spaces"),
    ("Notes.\n\n!!! opinion\n  My view.\n",
     f"{X}:9: this text is indented 2 spaces under the opinion box (line 8)"),
    # the whole box indented 4 spaces after a list
    ("- one\n- two\n\n    !!! opinion\n\n        My view.\n",
     f"{X}:9: the opinion box is inside a list item (line 7), because it is indented 4 "
     "spaces: start `!!! opinion` at the beginning of its line"),
    # `!!! opnion`
    ("!!! opnion\n\n    My view.\n",
     f"{X}:6: unknown box type 'opnion'; did you mean `!!! opinion`? As written it is a "
     "plain box titled 'Opnion'"),
    # `!!!opinion` or `!!! Opinion`
    ("!!!opinion\n\n    My view.\n",
     f"{X}:6: did you mean `!!! opinion`? Put a space after `!!!`: without it the box is "
     "titled 'Opinion'"),
    ("Notes.\n\n!!! Opinion\n\n    My view.\n",
     f"{X}:8: did you mean `!!! opinion`? Write the type in lowercase: `!!! Opinion` is "
     "styled as an opinion but titled 'Opinion'"),
    # an opinion box with nothing in it, or two in one talk
    ("Notes.\n\n!!! opinion\n",
     f"{X}:8: the opinion box is empty: write your view under `!!! opinion`, indented 4 "
     "spaces, or remove the line"),
    ("!!! opinion\n\n    One view.\n\nNotes.\n\n!!! opinion\n\n    Another.\n",
     f"{X}:12: a second opinion box (the first is at line 6): keep your view in one box"),
    # text after the box, indented like the box's content but outside it
    ("!!! opinion\n\n    One view.\n\nForgot to indent this.\n\n    And the rest.\n",
     f"{X}:12: this text is indented like the opinion box's (line 6) but is outside it: "
     "the box ends at line 10, which is not indented"),
    ("!!! opinion\n\n    One view.\nForgot to indent this.\n",
     f"{X}:9: this line follows the opinion box's text (line 8) without a blank line, but "
     "is not indented, so it is outside the box"),
    # the same mistakes in a collapsible box
    ("???+ opnion\n    My view.\n", f"{X}:6: unknown box type 'opnion'; did you mean "
     "`???+ opinion`?"),
    ("??? opinion\nMy view.\n", f"{X}:7: this text is not indented under the opinion box"),
    # `!!!` lines that open no box at all
    ("!!!  opinion\n\n    My view.\n", f"{X}:6: write one space between `!!!` and 'opinion': "
     "with more it is not a box but text"),
    ("!!! opinion: my view\n", f"{X}:6: after `!!! opinion` only more class words and a "
     "quoted title may follow"),
    ("Notes.\n\n  !!! note\n\n    Text.\n", f"{X}:8: `!!!` is indented 2 spaces, so the box "
     "is shown as text: start the line with `!!!`"),
    ("Notes.\n\n    !!! opinion\n\n        My view.\n", f"{X}:8: `!!!` is indented 4 spaces, "
     "so the box is shown as code"),
    # the scaffold's template text
    (TALK_BODY, f"{X}:6: replace the template text ('What the talk said: the facts …') with "
     "your own words"),
    (TALK_BODY, f"{X}:7: replace the template text ('Write a moment of the video like …')"),
    (TALK_BODY, f"{X}:12: replace the template text ('Your own view of the talk: your "
     "verdict …')"),
]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_each_mistake_is_reported_at_its_line(tmp_path: Path, body: str, expected: str) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk("title: A talk\nthemes: [ceph]", body)})
    assert any(p.startswith(expected) for p in found), found


@pytest.mark.parametrize(("box", "expected"), [
    ("!!! tldr", "warning: the box type 'tldr' is not styled by this site (it shows as a "
     "plain note); did you mean 'abstract'? styled types: opinion, note, abstract"),
    ("??? warnin", "warning: the box type 'warnin' is not styled by this site (it shows as a "
     "plain note); did you mean 'warning'?"),
])
def test_a_box_type_the_site_does_not_style_is_a_warning(tmp_path: Path, box: str,
                                                         expected: str) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk("title: A talk\nthemes: [ceph]",
                                                       f"{box}\n    Text.\n\n{OK}")})
    assert found == [f"{X}:6: {expected}" + found[0].split(expected, 1)[1]]


ACCEPTED = [
    OK,
    '??? opinion "My take"\n\n    View.\n\n    ```\n    code\n    ```\n\n    More view.\n',
    "- a\n\n    !!! note\n\n        Inside the bullet, as meant.\n\n" + OK,
    "!!! note inline end\n    Aside.\n\n!!! tip\n    Tip.\n\n" + OK,
    OK + "\n## Commands\n\n    ceph osd tree\n",  # an indented code block after a heading
    "```markdown\n!!! opnion\n!!!opinion\n    !!! Opinion\nWhat the talk said: the facts\n"
    "```\n\n~~~\n!!! opinion\n~~~\n\n" + OK,  # nothing inside fenced code is judged
    "\tMy code\n\n!!! opinion\n\tTabs count as 4 spaces.\n",
]


@pytest.mark.parametrize("body", ACCEPTED)
def test_well_formed_boxes_pass(tmp_path: Path, body: str) -> None:
    assert problems(tmp_path, {"conf-2017/x.md": talk("title: A talk\nthemes: [ceph]",
                                                      body)}) == []


def test_the_build_fails_with_the_same_message(
    mini_project: Path, build_project: Callable[..., Site],
) -> None:
    path = mini_project / "talks/kubecon-eu-2024/edge-kubernetes.md"
    path.write_text(path.read_text("utf-8") + "\n!!! Opinion\n\n    My view.\n", "utf-8")
    line = path.read_text("utf-8").split("\n").index("!!! Opinion") + 1
    with pytest.raises(BuildFailed) as failed:
        build_project(mini_project, strict=False)
    assert (f"talks/kubecon-eu-2024/edge-kubernetes.md:{line}: did you mean `!!! opinion`?"
            in failed.value.log)
