"""No empty rooms: a tab, page, filter, column, option, chart or count appears only when some
published talk has what it lists.

Read from real builds: a site of generated talks whose notes name no organisations, give no
rating and link no slides (tests/sites.py), the same talks with those fields (the parts are
there), and a small tree with a theme that only drafts have.
"""

from __future__ import annotations

from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from build_notes.pipeline import build
from build_notes.site.pieces import RenderOptions
from tests.conftest import Site
from tests.helpers import talk, tree


def page(site: Site, path: str) -> LexborHTMLParser:
    return LexborHTMLParser(site.html(path))


def content(site: Site, path: str) -> LexborHTMLParser:
    node = page(site, path).css_first("article")
    assert node is not None, path
    return LexborHTMLParser(node.html or "")


def tab_links(site: Site) -> set[str]:
    """The targets of the header's tabs and the navigation's links, on the home page."""
    return {a.attributes.get("href") or "" for a in page(site, "").css(".md-tabs a, .md-nav a")}


def explore_columns(site: Site) -> list[str]:
    return [th.text(strip=True) for th in content(site, "explore/").css("thead th")]


def search_filters(site: Site) -> list[str]:
    node = page(site, "search/").css_first("[data-tn-search-page]")
    assert node is not None
    return (node.attributes.get("data-tn-search-page") or "").split()


def stats_text(site: Site) -> str:
    return content(site, "stats/").text(separator=" ")


def test_a_site_without_organisations_ratings_or_slides_has_no_room_for_them(
        bare_site: Site) -> None:
    assert not bare_site.exists("organizations/")
    assert not any("organizations" in href for href in tab_links(bare_site))
    home = content(bare_site, "").text(separator=" ")
    assert "organization" not in home.lower()
    assert "rated" not in home.lower()
    assert explore_columns(bare_site) == ["Title", "Conference", "Date", "Format", "Themes"]
    assert "organization and" not in content(bare_site, "explore/").text()
    assert search_filters(bare_site) == ["theme", "conference", "format", "speaker", "tag"]
    stats = stats_text(bare_site)
    assert "organization" not in stats.lower()
    assert "With slides" not in stats and "With a rating" not in stats
    headings = [h.text(strip=True) for h in content(bare_site, "stats/").css("h2")]
    assert headings and all(h.startswith("Talks per") for h in headings)
    for h2 in content(bare_site, "stats/").css("h2"):
        following = h2.next
        while following is not None and following.tag == "-text":
            following = following.next
        assert following is not None and following.tag == "figure", h2.text()


def test_the_same_rooms_show_when_talks_have_the_data(synthetic_site: Site) -> None:
    assert synthetic_site.exists("organizations/")
    assert any("organizations/" in href for href in tab_links(synthetic_site))
    assert explore_columns(synthetic_site) == ["Title", "Conference", "Date", "Format",
                                               "Themes", "Organizations", "Rating"]
    assert search_filters(synthetic_site) == ["theme", "conference", "format", "organization",
                                              "speaker", "tag", "rating"]
    stats = stats_text(synthetic_site)
    assert "Talks per organization" in stats and "With a rating" in stats


def test_no_table_header_cell_is_empty(synthetic_site: Site, bare_site: Site) -> None:
    for site in (synthetic_site, bare_site):
        for path in ("stats/", "explore/", "conferences/"):
            cells = content(site, path).css("th")
            assert all(th.text(strip=True) for th in cells), path


def test_a_theme_only_drafts_have_is_not_listed_as_empty(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        "conf-2017/a.md": talk("title: A\nthemes: [ceph]"),
        "conf-2017/b.md": talk("title: B\nthemes: [nfv]\ndraft: true"),
    })
    pages = build(root, RenderOptions()).pages
    assert pages is not None
    home, stats = pages["index.md"], pages["stats.md"]
    assert "[Ceph]" in home and "[NFV]" not in home and "(0)" not in home
    assert ">NFV<" not in stats and ">Ceph<" in stats
    assert "1 theme." in stats
    assert not any(uri.startswith("organizations/") for uri in pages)
