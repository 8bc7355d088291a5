"""The site's own markup (build_notes/markup.py) against a built site, both ways: every class
of ours on a built page is in the vocabulary, and everything the allowlist grants the site's
pages (classes, listing elements and their attributes) stands on some built page, so the
allowlist grants nothing the site does not write."""

from __future__ import annotations

from collections import defaultdict

from selectolax.lexbor import LexborHTMLParser

from build_notes import markup
from build_notes.markdown import safety
from tests.conftest import Site

PREFIX = "tn-"  # our classes' prefix (the theme's are md-*)


def _pages(site: Site) -> list[LexborHTMLParser]:
    return [LexborHTMLParser(path.read_text("utf-8")) for path in sorted(site.root.rglob("*.html"))]


def test_the_classes_on_built_pages_are_the_vocabulary_and_no_more(synthetic_site: Site) -> None:
    written = {word for page in _pages(synthetic_site) for node in page.css("[class]")
               for word in (node.attributes.get("class") or "").split()
               if word.startswith(PREFIX)}
    vocabulary = markup.SITE_CLASSES | markup.UNJUDGED_CLASSES
    assert sorted(written - vocabulary) == []  # a class the writers write outside markup.py
    assert sorted(vocabulary - written) == []  # a class granted that no page carries
    assert safety.SITE_CLASSES == markup.SITE_CLASSES  # what the allowlist grants listings


def test_every_listing_element_and_attribute_granted_stands_on_a_built_page(
        synthetic_site: Site) -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for page in _pages(synthetic_site):
        for article in page.css("article"):
            for node in article.traverse(include_text=False):
                if node.is_element_node and node.tag:
                    seen[node.tag].update(node.attributes)
    granted = {(tag, name) for tag, names in markup.LISTING_ELEMENTS.items()
               for name in (*names, "")}
    found = {(tag, name) for tag, names in seen.items() for name in (*names, "")}
    assert sorted(granted - found) == []
