"""The home page's facts and the way from a theme to a talk and back, as a reader clicks it.

Expected values come from the talk files read with PyYAML (tests/talk_files.py), never from
build_notes and never typed in, so a wrong count or a lost talk fails here.
"""

from __future__ import annotations

import re

import pytest

from tests import talk_files
from tests.browser.conftest import Tab

pytestmark = pytest.mark.browser

# The text of an element without material's permalink (the ¶ after each heading).
TEXT_WITHOUT_PERMALINK = """el => {
  const copy = el.cloneNode(true);
  copy.querySelectorAll('.headerlink').forEach(a => a.remove());
  return copy.textContent.replace(/\\s+/g, ' ').trim();
}"""

# Every distinct talk page a page's content links to, as site paths, in order of appearance.
TALK_LINKS = """() => [...new Set(
  [...document.querySelectorAll('article.md-content__inner a[href]')]
    .map(a => new URL(a.href).pathname.replace(/^\\//, ''))
    .filter(p => p.startsWith('talks/')))]"""


def counted(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def heading(tab: Tab) -> str:
    text: str = tab.page.locator("article h1").first.evaluate(TEXT_WITHOUT_PERMALINK)
    return text


def test_home_shows_the_counts(tab: Tab) -> None:
    talks = talk_files.talk_files()
    expected = [counted(len(talks), "talk", "talks"),
                counted(len(talk_files.conference_ids()), "conference", "conferences"),
                counted(len(talk_files.themes()), "theme", "themes"),
                counted(len(talk_files.organizations()), "organization", "organizations")]
    # Speakers and tags get a card when the notes name any.
    for key, one, many in (("speakers", "speaker", "speakers"), ("tags", "tag", "tags")):
        names = {str(n).casefold() for t in talks for n in t.meta.get(key) or []}
        if names:
            expected.append(counted(len(names), one, many))
    tab.goto("")
    counts = tab.page.locator(".tn-count")
    shown = [" ".join(t.split()) for t in counts.all_inner_texts()]
    assert shown == expected
    for i in range(counts.count()):
        assert counts.nth(i).is_visible()


def test_home_lists_every_theme_with_its_count(tab: Tab) -> None:
    tab.goto("")
    items = tab.page.locator("h2#themes + ul > li")
    shown = []
    for i in range(items.count()):
        item = items.nth(i)
        link = item.locator("a").first
        href = link.evaluate("a => new URL(a.href).pathname")
        m = re.match(r"\s*\((\d[\d,]*)\)", item.inner_text().split(link.inner_text(), 1)[1])
        assert m, f"no talk count after the theme name in {item.inner_text()!r}"
        shown.append((link.inner_text(), href, int(m.group(1).replace(",", ""))))
    expected = [(t["name"], f"/themes/{t['id']}/", len(talk_files.talks_of_theme(t["id"])))
                for t in talk_files.themes()]
    assert shown == expected


def test_from_a_theme_to_a_talk_and_back(tab: Tab) -> None:
    """Home -> theme (click) -> talk (click) -> Back -> theme; and the talk's theme link."""
    theme = max(talk_files.themes(), key=lambda t: len(talk_files.talks_of_theme(t["id"])))
    theme_path = f"themes/{theme['id']}/"
    page = tab.page
    tab.goto("")
    page.locator("h2#themes + ul").get_by_role("link", name=theme["name"], exact=True).click()
    page.wait_for_url(tab.served.url(theme_path))
    assert heading(tab) == theme["name"]

    listed = page.evaluate(TALK_LINKS)
    assert sorted(listed) == sorted(t.url for t in talk_files.talks_of_theme(theme["id"]))

    talk = talk_files.talk(listed[0])
    page.locator("article.md-content__inner").get_by_role(
        "link", name=talk.title, exact=True).first.click()
    page.wait_for_url(tab.served.url(talk.url))
    assert heading(tab) == talk.title
    assert page.title().startswith(talk.title)

    page.go_back()
    page.wait_for_url(tab.served.url(theme_path))
    assert heading(tab) == theme["name"]

    page.go_forward()
    page.wait_for_url(tab.served.url(talk.url))
    meta = page.locator(".tn-meta")
    meta.get_by_role("link", name=theme["name"], exact=True).click()
    page.wait_for_url(tab.served.url(theme_path))
    assert heading(tab) == theme["name"]
