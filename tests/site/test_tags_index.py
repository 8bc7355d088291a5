"""/tags/ is a compact index: every tag once, with its number of talks, under its first
letter, and a bar of letters whose links land on those headings."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from tests.conftest import Site


def test_the_tags_index_lists_every_tag_once_with_its_count(synthetic_site: Site) -> None:
    site = synthetic_site
    tag_pages = {p.parent.name for p in site.root.glob("tags/*/index.html")} - {"page"}
    assert len(tag_pages) > 100
    index_paths = ["tags/"] + [f"tags/page/{p.parent.name}/"
                               for p in site.root.glob("tags/page/*/index.html")]
    listed: dict[str, int] = {}
    ids: dict[str, set[str]] = {}
    for path in index_paths:
        tree = LexborHTMLParser(site.html(path))
        ids[path] = {n.attributes["id"] or "" for n in tree.css("[id]")}
        for li in tree.css(".tn-index li"):
            a = li.css_first("a")
            assert a is not None
            slug = urlsplit(urljoin("/" + path, a.attributes["href"] or "")).path.split("/")[2]
            assert slug not in listed, f"{slug} listed twice"
            m = re.search(r"\((\d+)\)$", li.text(strip=True))
            assert m, li.text()
            listed[slug] = int(m.group(1))
    assert set(listed) == tag_pages
    for slug in list(listed)[:: max(1, len(listed) // 20)]:  # a sample of the tag pages
        text = LexborHTMLParser(site.html(f"tags/{slug}/")).body
        assert text is not None
        n = re.search(r"(\d+) talks?\.", text.text())
        assert n and int(n.group(1)) == listed[slug], slug
    # The letter bar's links land on a heading of an index page; headings are few.
    tree = LexborHTMLParser(site.html("tags/"))
    letters = tree.css(".tn-letters a")
    assert letters
    for a in letters:
        target = urlsplit(urljoin("/tags/", a.attributes["href"] or ""))
        page = target.path.lstrip("/")
        assert target.fragment in ids[page], a.attributes["href"]
    assert len(tree.css("article h2")) <= 27
