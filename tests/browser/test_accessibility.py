"""axe-core on one page of each kind: no serious or critical accessibility violation.

axe (the npm package pinned in package.json) is injected into the real page in Chromium, so
it judges what readers get: material's theme, the generated pages and the site's CSS, with
computed colours for contrast. One page of each kind (tests/talk_files.py: page_kinds) covers
every template and generated structure (counts grid, listings, meta list, opinion box, related
talks). Each is checked at both widths, since the layout changes with the width, and in both
colour schemes, since the palette follows the reader's system setting: light at 1280 px and
dark at 390 px. The parts every page shares (header, tabs, navigation, footer) are checked in
the other two pairings too, on the home page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pytest

from tests.browser.conftest import DESKTOP, PHONE, ServedSite, open_tab
from tests.talk_files import page_kinds

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ViewportSize

pytestmark = pytest.mark.browser

BLOCKING = ("serious", "critical")
# Rules of lesser impact that the site still keeps to: a landmark named like another one, a
# table header cell with no text, a target under 24 px (WCAG 2.5.8, off in axe by default).
ALSO_BLOCKING = ("landmark-unique", "empty-table-header", "target-size")
AXE_RUN = """() => axe.run(document, { resultTypes: ['violations'],
                                   rules: { 'target-size': { enabled: true } } })"""


def describe(violation: dict[str, Any]) -> str:
    nodes = "\n".join(f"      {', '.join(n['target'])}: {n.get('failureSummary', '').strip()}"
                      .replace("\n", " ") for n in violation["nodes"])
    return (f"  {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"    {violation['helpUrl']}\n{nodes}")


def run_axe(browser: Browser, served: ServedSite, axe_script: Path, path: str,
            scheme: Literal["light", "dark"], viewport: ViewportSize) -> list[dict[str, Any]]:
    """The blocking violations axe finds on `path`: the search page with results and
    filters (and the header's results open over it), any other page as it loads."""
    tab, context = open_tab(browser, served, viewport=viewport, color_scheme=scheme)
    try:
        tab.goto(path)
        tab.wait_for_search_ready()
        if path.startswith("search/"):
            query = path.split("q=")[1]
            tab.page.wait_for_function("q => document.querySelector('[data-tn-search-page]')"
                                       ".getAttribute('data-tn-answered') === q", arg=query)
            toggle = tab.page.locator(".tn-search__toggle")
            if toggle.is_visible():
                toggle.click()
            tab.page.locator(".tn-hsearch__input").press_sequentially("kvm")
            tab.page.wait_for_function("() => document.querySelector('.tn-hsearch__input')"
                                       ".getAttribute('data-tn-answered') === 'kvm'")
        if path.startswith("explore/"):
            tab.page.wait_for_selector(".tn-explore--live")
        tab.page.add_script_tag(path=str(axe_script))
        result = tab.page.evaluate(AXE_RUN)
    finally:
        context.close()
    assert result["passes"] is not None  # axe ran
    return [v for v in result["violations"]
            if v["impact"] in BLOCKING or v["id"] in ALSO_BLOCKING]


# Every width with each scheme once: light at desktop width, dark at phone width.
PAIRINGS = pytest.mark.parametrize(("scheme", "viewport"), [("light", DESKTOP), ("dark", PHONE)],
                                   ids=["1280-light", "390-dark"])


def assert_no_violations(browser: Browser, served: ServedSite, axe_script: Path, path: str,
                         scheme: Literal["light", "dark"], viewport: ViewportSize) -> None:
    blocking = run_axe(browser, served, axe_script, path, scheme, viewport)
    assert not blocking, (f"/{path} ({scheme}, {viewport['width']} px): {len(blocking)} "
                          "violation(s):\n" + "\n".join(describe(v) for v in blocking))


@PAIRINGS
@pytest.mark.parametrize("kind", [*page_kinds(), "search"])
def test_no_accessibility_violations(browser: Browser, served_site: ServedSite,
                                     axe_script: Path, kind: str,
                                     scheme: Literal["light", "dark"],
                                     viewport: ViewportSize) -> None:
    path = page_kinds()[kind] if kind != "search" else "search/?q=ceph"
    assert_no_violations(browser, served_site, axe_script, path, scheme, viewport)


@pytest.mark.parametrize(("scheme", "viewport"), [("dark", DESKTOP), ("light", PHONE)],
                         ids=["1280-dark", "390-light"])
def test_the_parts_every_page_shares_in_the_other_pairings(
        browser: Browser, served_site: ServedSite, axe_script: Path,
        scheme: Literal["light", "dark"], viewport: ViewportSize) -> None:
    assert_no_violations(browser, served_site, axe_script, "", scheme, viewport)


@PAIRINGS
@pytest.mark.parametrize("path", ["explore/", "explore/?page=2", "stats/", "", "search/?q=the"])
def test_no_accessibility_violations_above_100_talks(
        browser: Browser, served_synthetic: ServedSite, axe_script: Path, path: str,
        scheme: Literal["light", "dark"], viewport: ViewportSize) -> None:
    """Explore's pages (shown only above 100 talks) and the pages that grow with a site."""
    assert_no_violations(browser, served_synthetic, axe_script, path, scheme, viewport)
