"""axe-core on one page of each kind: no serious or critical accessibility violation.

axe (the npm package pinned in package.json) is injected into the real page in Chromium, so
it judges what readers get: material's theme, the generated pages and the site's CSS, with
computed colours for contrast. One page of each kind covers every template and generated
structure (counts grid, listings, meta list, opinion box, related talks). Both colour schemes
are checked, because the palette follows the reader's system setting.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pytest

from tests.browser.conftest import DESKTOP, ServedSite, open_tab
from tests.talk_files import sample_pages

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

BLOCKING = ("serious", "critical")


def describe(violation: dict[str, Any]) -> str:
    nodes = "\n".join(f"      {', '.join(n['target'])}: {n.get('failureSummary', '').strip()}"
                      .replace("\n", " ") for n in violation["nodes"])
    return (f"  {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"    {violation['helpUrl']}\n{nodes}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["home", "theme", "conference", "talk", "tag", "stats",
                                  "explore", "not-found", "search"])
def test_no_serious_accessibility_violations(browser: Browser, served_site: ServedSite,
                                             axe_script: Path, kind: str,
                                             scheme: Literal["light", "dark"]) -> None:
    # The search page with results and filters, and the header's results open over it.
    path = sample_pages()[kind] if kind != "search" else "search/?q=ceph"
    tab, context = open_tab(browser, served_site, viewport=DESKTOP, color_scheme=scheme)
    try:
        tab.goto(path)
        tab.wait_for_search_ready()
        if kind == "search":
            tab.page.wait_for_function("() => document.querySelector('[data-tn-search-page]')"
                                       ".getAttribute('data-tn-answered') === 'ceph'")
            tab.page.locator(".tn-hsearch__input").press_sequentially("kvm")
            tab.page.wait_for_function("() => document.querySelector('.tn-hsearch__input')"
                                       ".getAttribute('data-tn-answered') === 'kvm'")
        tab.page.add_script_tag(path=str(axe_script))
        result = tab.page.evaluate(
            "() => axe.run(document, { resultTypes: ['violations'] })")
    finally:
        context.close()
    assert result["passes"] is not None  # axe ran
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
    assert not blocking, (f"/{path} ({scheme}): {len(blocking)} serious or critical "
                          "violation(s):\n" + "\n".join(describe(v) for v in blocking))
