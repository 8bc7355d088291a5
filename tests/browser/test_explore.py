"""The explore page as a reader uses it: filter, sort, share the URL, and without JavaScript.

Expected rows come from the talk files (tests/talk_files.py), not from build_notes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests import talk_files
from tests.browser.conftest import DESKTOP, ServedSite, Tab

pytestmark = pytest.mark.browser

VISIBLE_TITLES = """() => [...document.querySelectorAll('.tn-explore tbody tr')]
  .filter(row => !row.hidden).map(row => row.cells[0].textContent.trim())"""


def visible_titles(tab: Tab) -> list[str]:
    titles: list[str] = tab.page.evaluate(VISIBLE_TITLES)
    return titles


def test_filter_by_theme_and_organization_then_share_the_url(tab: Tab) -> None:
    files = talk_files.talk_files()
    tab.goto("explore/")
    assert len(visible_titles(tab)) == len(files)
    tab.page.select_option(".tn-filters select[name=theme]", "ceph")
    ceph = {t.title for t in files if "ceph" in t.themes}
    assert set(visible_titles(tab)) == ceph
    assert tab.page.locator(".tn-count-shown").inner_text() == f"{len(ceph)} of {len(files)} talks"
    assert "theme=ceph" in tab.page.url

    org = next(o for t in files if "ceph" in t.themes for o in t.organizations)
    org_slug = tab.page.eval_on_selector(
        ".tn-filters select[name=organization]",
        "(s, name) => [...s.options].find(o => o.textContent === name).value", org)
    tab.page.select_option(".tn-filters select[name=organization]", org_slug)
    both = {t.title for t in files if "ceph" in t.themes and org in t.organizations}
    assert set(visible_titles(tab)) == both and both

    shared = tab.page.url
    tab.page.goto(shared)  # a shared link opens the same filtered view
    assert set(visible_titles(tab)) == both
    assert tab.page.input_value(".tn-filters select[name=theme]") == "ceph"
    assert tab.watch.problems == []


def test_filter_by_format_and_conference(tab: Tab) -> None:
    files = talk_files.talk_files()
    tab.goto("explore/?format=Keynote")
    keynotes = {t.title for t in files if t.meta.get("format") == "keynote"}
    assert set(visible_titles(tab)) == keynotes and keynotes
    conference = files[0].conference_id
    tab.goto(f"explore/?conference={conference}")
    assert set(visible_titles(tab)) == {t.title for t in files if t.conference_id == conference}


def test_sort_by_title_and_by_rating(tab: Tab) -> None:
    files = talk_files.talk_files()
    tab.goto("explore/")
    tab.page.get_by_role("button", name="Title").click()
    titles = visible_titles(tab)
    assert titles == sorted(titles, key=str.lower)
    assert tab.page.get_attribute(".tn-explore th:first-child", "aria-sort") == "ascending"
    tab.page.get_by_role("button", name="Title").click()
    assert visible_titles(tab) == sorted(titles, key=str.lower, reverse=True)

    tab.page.get_by_role("button", name="Rating").click()
    tab.page.get_by_role("button", name="Rating").click()  # descending: best first
    assert "sort=rating&order=desc" in tab.page.url
    ratings = {t.title: int(t.meta.get("rating") or 0) for t in files}
    shown = [ratings[title] for title in visible_titles(tab)]
    assert shown == sorted(shown, reverse=True)
    assert shown[0] == max(ratings.values())


def test_without_javascript_the_full_table_shows(browser: Browser,
                                                 served_site: ServedSite) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(served_site.url("explore/?theme=ceph"))
        rows = page.locator(".tn-explore tbody tr")
        assert rows.count() == len(talk_files.talk_files())
        assert page.locator(".tn-filters").count() == 0
    finally:
        context.close()


def test_it_works_from_a_file_url(browser: Browser, served_site: ServedSite) -> None:
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        explore = Path(served_site.site.root, "explore", "index.html").resolve()
        page.goto(explore.as_uri())
        page.select_option(".tn-filters select[name=theme]", "nfv")
        shown = page.evaluate(VISIBLE_TITLES)
        assert set(shown) == {t.title for t in talk_files.talk_files() if "nfv" in t.themes}
        # material's own search needs its offline plugin to load from file://; not ours.
        assert [e for e in errors if "search_index" not in e] == []
    finally:
        context.close()
