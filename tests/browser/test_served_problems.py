"""What a note-taker sees in Chromium beside `mkdocs serve`: a save shows on the open page by
itself (live reload), a bad save puts the problems in a banner over the page as it was built
and on the talk's own page, and the next good save clears both."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import MINI
from tests.mkdocs.test_serve import TALK, TALK_URL, mkdocs_serve

WIDTHS = (1280, 390)


def wait_for_text(page: Page, selector: str, text: str, *, present: bool = True) -> None:
    """Until `selector`'s text holds `text` (or no longer does), across live reloads."""
    page.wait_for_function(
        "([selector, text, present]) => { const node = document.querySelector(selector);"
        " return present ? !!node && node.innerText.includes(text)"
        " : !node || !node.innerText.includes(text); }",
        arg=[selector, text, present], timeout=60_000)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_save_shows_then_a_bad_one_shows_its_problems(browser: Browser, tmp_path: Path,
                                                        width: int) -> None:
    project = Path(shutil.copytree(MINI, tmp_path / "project"))
    talk = project / TALK
    good = talk.read_text("utf-8")
    with mkdocs_serve(project) as base:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(base + TALK_URL)
        home = context.new_page()
        home.goto(base)
        talk.write_text(good + "\nA sentence saved a moment ago.\n", "utf-8")
        wait_for_text(page, "article", "A sentence saved a moment ago.")

        talk.write_text(good + "\n!!! Opinion\n\n    My view.\n", "utf-8")
        # The talk's own page says what is wrong, in the banner and in its place.
        wait_for_text(page, ".tn-problems", "did you mean `!!! opinion`?")
        assert "has 1 problem" in page.inner_text("article")
        banner = page.locator(".tn-problems")
        box = banner.bounding_box()
        assert box is not None and box["y"] < 5 and box["width"] >= width - 20
        # Another page, as it was built, carries the banner over it.
        home.reload()
        wait_for_text(home, ".tn-problems", "1 problem in the talk files")
        assert "talks" in home.inner_text("article")

        talk.write_text(good, "utf-8")
        wait_for_text(page, "article", "has 1 problem", present=False)
        assert page.locator(".tn-problems").count() == 0
        home.reload()
        assert home.locator(".tn-problems").count() == 0
        context.close()
