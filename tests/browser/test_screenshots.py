"""Screenshots of one page of each kind at desktop and phone width, for review, and what
a reader sees on them checked in the page itself.

Written to test-artifacts/screenshots/ (git-ignored; the CI workflow uploads it) so a
reviewer can see the layout without building the site. A picture cannot judge itself, so
the test checks what it would show at a glance: nothing wider than the screen (no sideways
scrolling on a phone), the page's title on the first screen, and no text drawn outside the
content column; on a talk page, the meta line on the first screen and the opinion box set
apart by the colour the site gives opinions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, ServedSite, open_tab
from tests.talk_files import page_kinds, richest_talk

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

# Elements of the article whose right edge passes the viewport's (tables scroll in a wrapper).
OVERFLOWING = """() => [...document.querySelectorAll('article.md-content__inner *')]
  .filter(el => !el.closest('.md-typeset__scrollwrap, pre, code'))
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
             + ': ' + el.textContent.trim().slice(0, 40))"""


# The first opinion box of the page, as drawn: its left border (the mark that sets it apart)
# and the colour the site's stylesheet gives opinions in the current scheme.
OPINION_BOX = """() => {
  const box = document.querySelector('article .admonition.opinion, article details.opinion');
  if (!box) return null;
  const style = getComputedStyle(box);
  const probe = document.createElement('span');
  probe.style.color = 'var(--tn-opinion)';
  box.append(probe);
  const opinion = getComputedStyle(probe).color;
  probe.remove();
  return {border: style.borderLeftColor, width: parseFloat(style.borderLeftWidth),
          opinion, visible: box.getBoundingClientRect().width > 0};
}"""


def on_first_screen(page: Page, selector: str, height: int) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["height"] > 0 and 0 <= box["y"] < height


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("kind", sorted(page_kinds()))
def test_screenshot(browser: Browser, served_site: ServedSite, kind: str, size: str) -> None:
    viewport = DESKTOP if size == "desktop" else PHONE
    path = page_kinds()[kind]
    tab, context = open_tab(browser, served_site, viewport=viewport)
    try:
        page = tab.page
        tab.goto(path)
        tab.wait_for_search_ready()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"{kind}-{size}-{viewport['width']}.png"
        # material fades the tabs in after load; finish that instead of catching it midway
        page.screenshot(path=str(shot), full_page=True, animations="disabled")

        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= viewport["width"], (
            f"/{path} scrolls sideways at {viewport['width']}px: content is {scroll_width}px "
            "wide")
        assert on_first_screen(page, "article h1", viewport["height"]), path
        overflowing = page.evaluate(OVERFLOWING)
        assert not overflowing, f"/{path} at {viewport['width']}px: {overflowing[:5]}"
        if kind == "talk":
            assert on_first_screen(page, "article .tn-meta", viewport["height"]), path
            box = page.evaluate(OPINION_BOX)
            if "!!! opinion" in richest_talk().body:
                assert box is not None and box["visible"] and box["width"] >= 1, box
                assert box["border"] == box["opinion"], box
    finally:
        context.close()
