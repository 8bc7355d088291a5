"""In a real browser, front matter full of script runs none of it, on any page or in search.

The hostile tree of tests/site/test_front_matter_shows_as_text.py (script, event handlers,
javascript: links, </title> breakouts in every field a file can set) is built with the real
mkdocs.yml, served over HTTP (material's search runs in a web worker, which file:// URLs
cannot start) and opened in Debian's Chromium: every generated page, then the search box
with a word of the hostile title. Every payload either sets `window.__pwned` or calls
alert(); a dialog listener and the variable show whether any of them ran.

The browser is the session's Chromium of tests/browser/conftest.py (skipped locally without
one, failing in CI).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import serve
from tests.conftest import Site, build_site
from tests.hostile_support import make_project, real_config, shown
from tests.site.test_front_matter_shows_as_text import TALK_URL, TITLE, hostile_tree

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page

pytestmark = pytest.mark.browser

PROBE = "window.__pwned === undefined ? null : String(window.__pwned)"
# Elements or attributes only a payload can have put in the page.
INJECTED = "[data-pwn], .pwn, [onerror], [onload], [onclick], [onmouseover], a[href^='javascript']"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("browser-hostile")
    return build_site(make_project(root / "project", hostile_tree()), root / "site")


@pytest.fixture(scope="module")
def base_url(site: Site) -> Iterator[str]:
    with serve(site.root) as url:
        yield url


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[tuple[Page, list[str]]]:
    """A fresh page that records every dialog (alert, confirm, prompt) and dismisses it."""
    context = browser.new_context()
    own = base_url.rstrip("/")
    # Offline and private: nothing but the site itself is fetched.
    context.route(lambda url: not url.startswith(own), lambda route: route.abort())
    tab = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    yield tab, dialogs
    context.close()


def generated_pages(site: Site) -> list[str]:
    paths = sorted(p.parent.relative_to(site.root).as_posix()
                   for p in site.root.rglob("index.html"))
    return [("" if p == "." else p + "/") for p in paths]


def test_no_script_from_front_matter_runs_on_any_page(
        site: Site, base_url: str, page: tuple[Page, list[str]]) -> None:
    tab, dialogs = page
    ran = {}
    for path in generated_pages(site):
        tab.goto(base_url + path, wait_until="load")
        tab.wait_for_timeout(50)  # let onerror/onload handlers of broken images fire
        pwned = tab.evaluate(PROBE)
        injected = tab.eval_on_selector_all(INJECTED, "els => els.map(e => e.outerHTML)")
        if pwned or dialogs or injected:
            ran[path or "(home)"] = (pwned, list(dialogs), injected)
            dialogs.clear()
    assert ran == {}


def test_the_tab_and_the_heading_show_the_title_as_text(
        base_url: str, page: tuple[Page, list[str]]) -> None:
    tab, _ = page
    tab.goto(base_url + TALK_URL, wait_until="load")
    assert tab.title() == f"{shown(TITLE)} - {real_config()['site_name']}"
    heading = tab.inner_text("article h1")
    assert " ".join(heading.split()).removesuffix("¶").strip() == shown(TITLE)


def test_searching_for_the_title_runs_no_script(
        base_url: str, page: tuple[Page, list[str]]) -> None:
    """The header's box shows results from the index: titles must arrive there as text."""
    tab, dialogs = page
    tab.set_viewport_size({"width": 1280, "height": 800})  # the search box shows in the header
    tab.goto(base_url, wait_until="load")
    box = tab.locator(".tn-hsearch__input")
    for word in ("Talktitle", "Speakername", "Orgname", "Confname", "Themename"):
        box.focus()
        box.fill("")
        box.press_sequentially(word)
        tab.locator(".tn-hsearch .tn-result").first.wait_for(state="visible", timeout=10_000)
        tab.wait_for_timeout(100)  # let any handler of a rendered result fire
        assert tab.evaluate(PROBE) is None, word
        assert dialogs == [], word
        assert tab.eval_on_selector_all(INJECTED, "els => els.map(e => e.outerHTML)") == [], word
    box.fill("")
    box.press_sequentially("Talktitle")
    tab.wait_for_function("() => document.querySelector('.tn-hsearch__input')"
                          ".getAttribute('data-tn-answered') === 'Talktitle'")
    text = " ".join(tab.inner_text(".tn-hsearch__results").split())
    assert "</title><script>" in text, text[:500]
