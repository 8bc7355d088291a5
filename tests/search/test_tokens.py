"""The search's one tokenizer (build_notes/search/tokens.py), against the table of cases that
tests/node/tokens.test.mjs runs through the page's engine (assets/search-engine.js): both
languages give the same words for the same text."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest

from build_notes.assets import ASSET_DIR, SEARCH_SPEC, assets
from build_notes.search.tokens import SPEC, fold, form, match_share, scan, stem, terms
from tests.conftest import ROOT

CASES: dict[str, Any] = json.loads((ROOT / "tests/data/tokenizer_cases.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES["words"], ids=lambda c: c["text"] or "(empty)")
def test_words(case: dict[str, Any]) -> None:
    words = scan(fold(case["text"]))
    assert [t for w in words for t in w.terms] == case["terms"]
    assert [t for w in words for t in w.extras] == case["extras"]
    assert terms(case["text"]) == case["terms"]


@pytest.mark.parametrize(("text", "folded"), CASES["folds"])
def test_folds(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(("word", "base"), CASES["stems"])
def test_stems(word: str, base: str) -> None:
    assert stem(word) == base
    assert form(word) == (None if base == word else base + SPEC["form_marker"])


def test_symbol_names_are_never_their_bare_letter() -> None:
    for name in ("C++", "C#", "F#", ".NET"):
        assert terms(name) == [name.casefold()]
        assert match_share(terms(name)[0], terms(name)[0] + "~", "c", prefixes=True) == 0


def test_the_word_as_written_ranks_above_its_forms_and_those_above_longer_words() -> None:
    exact = match_share("decorators", "decorator~", "decorators", prefixes=True)
    other = match_share("decorators", "decorator~", "decorator~", prefixes=True)
    longer = match_share("decorators", "decorator~", "decoratorsx", prefixes=True)
    assert exact > other > longer > 0
    assert match_share("gil", "gil~", "giles", prefixes=False) == 0


def test_the_page_reads_the_same_constants() -> None:
    """The build writes data/search.json as the module the page imports, and nothing else."""
    module = assets()[f"{ASSET_DIR}/{SEARCH_SPEC}"]
    body = module[module.index("export default ") + len("export default "):].rstrip().rstrip(";")
    assert json.loads(body) == SPEC


def test_the_engine_passes_the_same_cases_in_node() -> None:
    """The engine's unit tests (tests/node/), through the npm script the README's one test
    command reaches: `npm run test:node`."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is not installed: the engine's tests need Node.js "
                    "(apt-get install nodejs npm)")
    run = subprocess.run([npm, "run", "--silent", "test:node"], cwd=ROOT, capture_output=True,
                         text=True, check=False, timeout=300)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert "# fail 0" in run.stdout, run.stdout[-4000:]
