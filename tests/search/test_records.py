"""build_notes.search.records: what the search keeps of one finished talk page, read from its
HTML alone (the text as indexed, the anchors of its parts, what its result shows), and the
result files written from the records."""

from __future__ import annotations

import gzip
import json

import pytest

from build_notes import markup
from build_notes.search.facets import result_file
from build_notes.search.first import page_parts
from build_notes.search.page_text import META_ID, OPINION_ID, PROGRAMME_ID
from build_notes.search.records import PageRecord, RecordError, page_record


def page(body: str, around: str = "<nav>Site navigation</nav>") -> str:
    """A finished page as the theme writes one: the search body inside the article."""
    return (f"<!DOCTYPE html><html><head><title>T</title><script>var x = 1;</script></head>"
            f"<body>{around}<article class='md-content__inner'>"
            f"<div data-search-body>{body}</div></article>{around}</body></html>")


def test_the_text_is_the_body_as_sentences_and_nothing_around_it() -> None:
    record = page_record(page(
        '<h1 id="note-real-time">Real-time <code>C++</code> KVM'
        '<a class="headerlink" href="#note-real-time">¶</a></h1>'
        "<p>Latency   under\n10&nbsp;µs<em>!</em></p><ul><li>one</li><li>two?</li></ul>"
        "<p>He said “Zero-packet-loss.”</p><table><tr><td>a</td><td>b</td></tr></table>"
        "<pre><code>x = 1\ny = 2</code></pre><script>hidden()</script>"), "talks/c/t/")
    assert record.content == ("Real-time C++ KVM. Latency under 10 µs! one. two? He said "
                              "“Zero-packet-loss.” a. b. x = 1 y = 2.")
    assert "Site navigation" not in record.content and "¶" not in record.content
    assert record.anchors == [{"element": "h1", "id": "note-real-time", "location": 0,
                               "text": "Real-time C++ KVM"}]
    assert record.url == "talks/c/t/"


def test_the_sites_labels_and_other_talks_are_no_words_of_the_talk() -> None:
    record = page_record(page(
        "<h1>Title</h1>"
        f'<p class="{markup.META}"><span>Conference:</span> <a href="#">Summit</a></p>'
        '<div class="admonition opinion" id="opinion"><p class="admonition-title">'
        "Note-taker's opinion</p><p>Worth it.</p></div>"
        f'<details class="programme" id="{PROGRAMME_ID}"><summary>From the programme</summary>'
        "<p>Abstract words.</p></details>"
        f'<div class="{markup.RELATED}"><h2 id="related">Related talks</h2><p>Other</p></div>'
        f'<nav class="{markup.SEQUENCE}">Previous talk</nav>'), "t/")
    assert record.content == "Title. Worth it. Abstract words."
    assert [(a["element"], a["id"], a["location"]) for a in record.anchors] == [
        ("h1", "", 0), ("div", OPINION_ID, 1), ("details", PROGRAMME_ID, 3)]


def test_the_meta_and_the_metadata_block_are_read() -> None:
    record = page_record(page(
        "<h1>Ceph &amp; Co</h1><p>Notes here.</p>"
        f'<div class="{markup.SEARCH_META}" id="{META_ID}" hidden><p>ceph, rbd.</p>'
        '<span data-search-meta="title" data-value="Ceph &amp; Co"></span>'
        '<span data-search-meta="speakers" data-value="Ann O&#39;Neil, Bo"></span></div>'),
        "t/")
    assert record.meta == {"title": "Ceph & Co", "speakers": "Ann O'Neil, Bo"}
    assert record.content == "Ceph & Co. Notes here. ceph, rbd."
    parts = page_parts(record.content, record.anchors)
    assert (parts.body, parts.end) == (3, 5)


def test_words_of_inline_elements_join_as_a_browser_shows_them() -> None:
    record = page_record(page("<p>real<b>time</b> k<i>v</i>m, <span>apart</span></p>"), "t/")
    assert record.content == "realtime kvm, apart."


def test_a_deeply_nested_note_is_read_without_recursion() -> None:
    depth = 5000
    record = page_record(page("<div>" * depth + "deep" + "</div>" * depth), "t/")
    assert record.content == "deep."


def test_a_record_depends_on_its_page_alone() -> None:
    body = "<h1>Same</h1><p>Words.</p>"
    assert page_record(page(body, "<nav>One</nav>"), "t/") == \
        page_record(page(body, "<nav>Two</nav><footer>else</footer>"), "t/")


def test_a_page_without_the_search_body_is_an_error() -> None:
    with pytest.raises(RecordError, match=r"talks/c/t/: no \[data-search-body\] element"):
        page_record("<!DOCTYPE html><p>data-search-body</p>", "talks/c/t/")


def test_a_result_file_holds_what_a_result_shows() -> None:
    for i in range(3):
        record = PageRecord(f"talks/c/t{i}/", f"Title {i}. Notes {i}.", {"title": f"Title {i}"},
                            [{"element": "h1", "id": "x", "location": 0, "text": f"Title {i}"}])
        assert json.loads(gzip.decompress(result_file(record))) == [
            record.url, record.meta, 2, 4, 0, 0, record.content]
