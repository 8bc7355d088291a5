"""Finding one's way, as a reader at 1280 and 390 px: where am I (active tab, breadcrumb,
previous/next), every name a door (tag chips, speakers, count cards, stats bars), an honest
conference page, dates told straight, pages readable on a phone, and the lost states (an empty
Explore result, the 404 page).

Expected values come from the talk files (tests/talk_files.py), never from build_notes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import pytest

from tests import talk_files
from tests.browser.conftest import DESKTOP, PHONE, ServedSite, Tab, open_tab
from tests.talk_files import sample_pages

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

# The section (tab) each generated page kind belongs to, and its breadcrumb under "Home".
PLACES = {
    "talk": ("Conferences", ["Home", "Conferences", "<conference>"]),
    "theme": ("Themes", ["Home", "Themes"]),
    "conference": ("Conferences", ["Home", "Conferences"]),
    "tag": ("Tags", ["Home", "Tags"]),
    "organization": ("Organizations", ["Home", "Organizations"]),
    "speaker": ("Speakers", ["Home", "Speakers"]),
}
SIZES = {"desktop": DESKTOP, "phone": PHONE}

BREADCRUMB = """() => [...document.querySelectorAll('.md-path .md-path__link')]
  .map(a => a.textContent.trim())"""
# The tab, or at phone width (tabs hidden) the drawer's entry, marked as the current section.
ACTIVE_SECTION = """(phone) => {
  const el = phone
    ? document.querySelector('.md-nav--primary > .md-nav__list > .md-nav__item--active > a, '
        + '.md-nav--primary > .md-nav__list > .md-nav__item--active > label')
    : document.querySelector('.md-tabs__item--active .md-tabs__link');
  return el ? el.textContent.trim() : null;
}"""


@pytest.fixture(params=sorted(SIZES))
def sized_tab(request: pytest.FixtureRequest, browser: Browser,
              served_site: ServedSite) -> Iterator[Tab]:
    tab, context = open_tab(browser, served_site, viewport=SIZES[request.param])
    yield tab
    context.close()


def is_phone(tab: Tab) -> bool:
    size = tab.page.viewport_size
    return size is not None and size["width"] < 500


def conference_name(conference_id: str) -> str:
    path = talk_files.TALKS_DIR / conference_id / "_index.md"
    meta, _ = talk_files.split_front_matter(path.read_text("utf-8"))
    return str(meta["name"])


@pytest.mark.parametrize("kind", sorted(PLACES))
def test_active_tab_and_breadcrumb_on_every_generated_page_kind(sized_tab: Tab,
                                                                kind: str) -> None:
    pages = sample_pages()
    if kind not in pages:
        pytest.skip(f"the talk files have no {kind}")
    tab = sized_tab
    tab.goto(pages[kind])
    section, crumbs = PLACES[kind]
    assert tab.page.evaluate(ACTIVE_SECTION, is_phone(tab)) == section
    if kind == "talk":
        crumbs = [*crumbs[:-1], conference_name(pages[kind].split("/")[1])]
    assert tab.page.evaluate(BREADCRUMB) == crumbs
    assert tab.page.locator(".md-path").is_visible()
    # Each step of the breadcrumb is a working link to the page it names.
    last = tab.page.locator(".md-path .md-path__link").last
    with tab.page.expect_navigation():  # else the old page's h1 may still be read
        last.click()
    heading = tab.page.locator("article h1").first.inner_text().removesuffix("¶").strip()
    assert heading.startswith(crumbs[-1])  # "Tags (page 1 of 2)" on a paginated index


def test_a_talk_has_previous_and_next_within_its_conference(tab: Tab) -> None:
    talk = talk_files.richest_talk()
    same = [t for t in talk_files.talk_files() if t.conference_id == talk.conference_id]
    tab.goto(talk.url)
    sequence = tab.page.locator(".tn-sequence")
    m = re.search(r"(\d+) of (\d+) in", sequence.inner_text())
    assert m and int(m.group(2)) == len(same)
    position = int(m.group(1))
    nxt = sequence.get_by_role("link", name=re.compile(".")).filter(
        has_not_text=conference_name(talk.conference_id)).last
    nxt.click()
    m2 = re.search(r"(\d+) of", tab.page.locator(".tn-sequence").inner_text())
    assert m2 and int(m2.group(1)) in (position - 1, position + 1)


def test_every_tag_chip_and_speaker_is_a_working_link(tab: Tab) -> None:
    with_speakers = [t for t in talk_files.talk_files() if t.meta.get("speakers")]
    for talk in [talk_files.richest_talk(), *with_speakers[:1]]:
        tab.goto(talk.url)
        meta = tab.page.locator(".tn-meta")
        names = [str(x) for x in talk.meta.get("tags") or []]
        chips = meta.locator("a.tn-tag")
        assert chips.all_inner_texts() == names
        speakers = [str(s) for s in talk.meta.get("speakers") or []]
        for name in [*names, *speakers]:
            href = meta.get_by_role("link", name=name, exact=True).first.get_attribute("href")
            assert href
            response = tab.page.request.get(urljoin(tab.page.url, href))
            assert response.ok, f"{talk.url}: {name} -> {href}"
            assert name in response.text()
        if names:
            chips.first.click()
            heading = tab.page.locator("article h1").first.inner_text().removesuffix("¶")
            assert heading.strip() == names[0]
            assert talk.title in tab.page.locator("article").inner_text()


def test_the_conference_page_counts_agree_with_the_theme_pages(tab: Tab) -> None:
    conference = talk_files.conference_ids()[0]
    files = [t for t in talk_files.talk_files() if t.conference_id == conference]
    expected = Counter(theme for t in files for theme in t.themes)
    names = {t["id"]: t["name"] for t in talk_files.themes()}
    tab.goto(f"conferences/{conference}/")
    # The line of themes says each one's count; the rows (each talk once) name their themes.
    counted = tab.page.evaluate("""() => Object.fromEntries(
      [...document.querySelectorAll('article p > a[href*="themes/"]')].map(a => [
        a.textContent.trim(), Number(/^\\s*\\((\\d+)\\)/.exec(a.nextSibling.textContent)[1])]))""")
    assert counted == {names[t]: n for t, n in expected.items()}
    rows = tab.page.evaluate("""() => [...document.querySelectorAll('article li')]
      .filter(li => li.querySelector(':scope > a[href*="talks/"], :scope > p > a[href*="talks/"]'))
      .map(li => [...li.querySelectorAll('.tn-details a[href*="themes/"]')]
                  .map(a => a.textContent.trim()))""")
    assert len(rows) == len(files)
    assert Counter(name for row in rows for name in row) == {names[t]: n
                                                            for t, n in expected.items()}
    for theme_id, n in expected.items():
        tab.goto(f"themes/{theme_id}/")
        on_theme = tab.page.evaluate("""(conference) => new Set(
          [...document.querySelectorAll('article li a[href*="talks/' + conference + '/"]')]
            .map(a => a.getAttribute('href'))).size""", conference)
        assert on_theme == n, theme_id


def test_home_cards_and_stats_bars_are_links(tab: Tab) -> None:
    tab.goto("")
    cards = tab.page.locator("a.tn-count")
    assert cards.count() >= 4
    for i in range(cards.count()):
        href = cards.nth(i).get_attribute("href")
        assert href and tab.page.request.get(urljoin(tab.page.url, href)).ok
    cards.first.click()
    assert tab.page.url.endswith("/explore/")

    tab.goto("stats/")
    rows = tab.page.locator("#stats-themes a.tn-bar-row")
    assert rows.count() == len(talk_files.themes())
    label = rows.first.locator(".tn-bar-label").inner_text()
    rows.first.click()
    assert tab.page.locator("article h1").first.inner_text().removesuffix("¶").strip() == label
    tab.goto("stats/")
    tab.page.locator("#stats-formats a.tn-bar-row").first.click()
    tab.page.wait_for_url("**/explore/?format=*")
    tab.page.wait_for_function("() => document.querySelector('.tn-count-shown')?.textContent")
    fmt = tab.page.url.rsplit("=", 1)[1]
    files = talk_files.talk_files()
    assert tab.page.locator(".tn-explore tbody tr").count() == sum(
        1 for t in files if t.meta.get("format", "talk") == fmt)


def test_highest_rated_lists_only_four_and_five_stars(tab: Tab) -> None:
    tab.goto("")
    top = tab.page.locator("h2#highest-rated-talks + p + ul .tn-rating")
    labels = [top.nth(i).get_attribute("aria-label") or "" for i in range(top.count())]
    rated = [t for t in talk_files.talk_files() if int(t.meta.get("rating") or 0) >= 4]
    assert len(labels) == min(len(rated), 10)
    assert all(re.fullmatch(r"Rated [45] out of 5", label) for label in labels)


def test_dates_are_told_straight(tab: Tab) -> None:
    undated = next(t for t in talk_files.talk_files() if "date" not in t.meta)
    tab.goto(undated.url)
    date = tab.page.locator(".tn-meta li", has_text="Date:").inner_text()
    assert "date not recorded" in date and "conference:" in date
    tab.goto("explore/")
    tab.page.get_by_role("button", name="Date").click()
    muted = tab.page.locator(".tn-explore tbody tr td:nth-child(3) .tn-muted")
    assert muted.count() == sum(1 for t in talk_files.talk_files() if "date" not in t.meta)
    assert "(conference)" in muted.first.inner_text()


def test_a_timestamp_without_video_is_plain_text(tab: Tab) -> None:
    talk = next(t for t in talk_files.talk_files()
                if "video" not in t.meta and re.search(r"\b\d+m\d+s\b", t.body))
    tab.goto(talk.url)
    style = tab.page.locator("span.tn-timestamp").first.evaluate(
        """el => { const s = getComputedStyle(el);
                   return [s.textDecorationLine, s.borderBottomStyle, s.cursor]; }""")
    assert style == ["none", "none", "auto"]


def test_phone_stats_labels_and_explore_title_column(browser: Browser,
                                                     served_site: ServedSite) -> None:
    tab, context = open_tab(browser, served_site, viewport=PHONE)
    try:
        tab.goto("stats/")
        sizes = tab.page.evaluate("""() => [...document.querySelectorAll(
          '.tn-bar-label, .tn-bar-value')].map(el => parseFloat(getComputedStyle(el).fontSize))""")
        assert sizes and min(sizes) >= 12
        # Every label is whole and on screen (wrapped, not cut off).
        cut = tab.page.evaluate("""() => [...document.querySelectorAll('.tn-bar-label')]
          .filter(el => el.scrollWidth > el.clientWidth + 1
                        || el.getBoundingClientRect().right > innerWidth)
          .map(el => el.textContent)""")
        assert cut == []

        tab.goto("explore/")
        width = tab.page.evaluate("""() => document.querySelector(
          '.tn-explore tbody td:first-child').getBoundingClientRect().width""")
        assert width >= 160
        assert tab.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        tab.goto("themes/")
        assert tab.page.locator("article table").count() == 0
        assert tab.page.locator("article ul > li").count() == len(talk_files.themes())
    finally:
        context.close()


def test_explore_text_filter_narrows_keeps_the_url_and_resets(sized_tab: Tab) -> None:
    tab = sized_tab
    files = talk_files.talk_files()
    word = "ceph"
    expected = {t.title for t in files
                if word in " ".join([t.title, *t.organizations,
                                     *map(str, t.meta.get("tags") or []),
                                     *map(str, t.meta.get("speakers") or [])]).lower()}
    tab.goto("explore/")
    tab.page.fill("#tn-explore-words", word)
    titles = tab.page.evaluate("""() => [...document.querySelectorAll('.tn-explore tbody tr')]
      .map(r => r.cells[0].textContent.trim())""")
    assert set(titles) == expected and 0 < len(expected) < len(files)
    assert "words=ceph" in tab.page.url
    tab.page.goto(tab.page.url)  # the shared link keeps it
    assert tab.page.input_value("#tn-explore-words") == word
    assert tab.page.locator(".tn-explore tbody tr").count() == len(expected)

    tab.page.fill("#tn-explore-words", "zzzz-no-such-word")
    empty = tab.page.locator(".tn-empty")
    assert empty.is_visible() and "No talk matches" in empty.inner_text()
    empty.get_by_role("link", name="reset all filters").click()
    assert tab.page.locator(".tn-explore tbody tr").count() == len(files)
    assert "?" not in tab.page.url
    assert tab.page.input_value("#tn-explore-words") == ""


def test_the_404_page_links_home_to_the_themes_and_to_search(sized_tab: Tab) -> None:
    tab = sized_tab
    tab.goto("404.html")
    article = tab.page.locator("article")
    box = article.locator("form[role=search] input[type=search]")
    box.fill("ceph")
    box.press("Enter")
    tab.page.wait_for_url(re.compile(r"(terms|q)=ceph"))
    tab.goto("404.html")
    theme_links = article.locator(".tn-notfound-themes a")
    assert theme_links.all_inner_texts() == [t["name"] for t in talk_files.themes()]
    for i in range(theme_links.count()):
        href = theme_links.nth(i).get_attribute("href") or ""
        assert tab.page.request.get(tab.served.url(href)).ok, href
    article.get_by_role("link", name="home page").click()
    assert tab.page.url == tab.served.url("")
    assert tab.watch.problems == []
