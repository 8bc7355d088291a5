"""The excerpt of a result, cut in Python (build_notes/search/first.py, for each word's first
results) as the page cuts it (search-engine.js, for every other result): both run the same
table, tests/data/excerpt_cases.json (tests/node/excerpt.test.mjs runs it in Node)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from build_notes.search.first import Page, Parts, excerpt_window
from build_notes.search.records import JS_SPACE

CASES: dict[str, Any] = json.loads(
    (Path(__file__).parents[1] / "data" / "excerpt_cases.json").read_text("utf-8"))


def parts(case: dict[str, Any], text: str = "") -> Parts:
    given = case["parts"]
    return Parts(JS_SPACE.split(text) if text else [], given["body"], given["end"],
                 given["opinion"] or 0, given["programme"] or 0)


@pytest.mark.parametrize("case", CASES["windows"], ids=lambda c: c["name"])
def test_the_window_of_an_excerpt(case: dict[str, Any]) -> None:
    assert excerpt_window(parts(case), case["hits"]) == (case["from"], case["to"], case["box"])


@pytest.mark.parametrize("case", CASES["texts"], ids=lambda c: c["name"])
def test_the_excerpt_of_a_text(case: dict[str, Any]) -> None:
    assert Page(parts(case, case["text"])).excerpt(case["query"]) == (case["from"],
                                                                       case["excerpt"])
