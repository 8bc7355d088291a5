"""Injection: front matter shows as text on every page, and never becomes markup or script.

Talk files arrive by pull request from strangers, so every value a file can set (title,
speakers, organisations, tags, the theme's name and description, the conference's name and
location, URLs) is filled with HTML, script and javascript: URLs, Markdown link, emphasis and
table syntax, Jinja-like `{{ }}`/`{% %}` and MkDocs attribute lists, and a real `mkdocs build`
with the repository's mkdocs.yml must show each value literally wherever it appears (content,
<title>, header, navigation, table of contents, search index) and contain no markup from it.

The note bodies are the author's Markdown and are rendered as Markdown, but the validator
must report raw scripts, on...= handlers and script URLs in them: every body vector below is
first shown to really produce script-capable HTML with the site's Markdown, so a vector the
validator lets through is a working injection, not a hypothetical one.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest
import yaml

from build_notes.pipeline import check
from tests.conftest import BuildFailed, Site, build_site
from tests.helpers import CONFERENCE, THEMES, problems, talk
from tests.hostile_support import (
    Node,
    html_title,
    injected_markup,
    make_project,
    parse_html,
    real_config,
    shown,
    site_markdown,
)

# One payload per field, each starting with a word of its own so a test can tell which
# field it sees. Each tries every trick: closing <title>, a script, an element with an event
# handler, a javascript: link as HTML and as Markdown, emphasis, a table row, Jinja and an
# attribute list (at the very end, where Python-Markdown would apply it to the heading).
TITLE = ('Talktitle </title><script>window.__pwned="title"</script>'
         '<img data-pwn src=x onerror="window.__pwned=\'title img\'"> '
         "[a link](javascript:alert('pwn')) *em* _under_ **strong** `code` | a | b | "
         "{{ 7*7 }} {% if true %}jinja{% endif %} &amp; &lt;b&gt; \\*not em\\* "
         '{: .pwn onclick="alert(\'pwn\')" }')
SPEAKER = ("Speakername <b data-pwn>bold</b>\n\n# Heading\n\n| a | b |\n|---|---|\n"
           "<script>window.__pwned='speaker'</script> {: .pwn }")
ORGANIZATION = ('Orgname </title><script>window.__pwned="org"</script> <i data-pwn>it</i> '
                "[x](javascript:alert('pwn')) {{ org }} {: .pwn onclick=alert(1) }")
TAG = "tagname <svg data-pwn onload=\"window.__pwned='tag'\"></svg> {% tag %} {: .pwn }"
THEME_NAME = ('Themename </title><script>window.__pwned="theme"</script> *x* | y | '
              "{% raw %} {: .pwn }")
THEME_DESCRIPTION = ("Themedesc <a data-pwn href=\"javascript:alert('pwn')\">x</a> "
                     "[y](javascript:alert('pwn')) {{ description }}")
CONFERENCE_NAME = ('Confname </title><script>window.__pwned="conference"</script> | x | '
                   "{{ 1+1 }} <u data-pwn>u</u>")
LOCATION = "Placename <i data-pwn>it</i> St. Louis, MO \\ back\\slash [x](javascript:pwn())"
# Accepted (they are http(s) URLs) but must stay inside one href, quotes and all.
VIDEO = 'https://www.youtube.com/watch?v=abc"onmouseover="alert(\'pwn\')'
SLIDES = "https://example.org/s.pdf?a=<b/data-pwn>)x\"y"

CONF = "hostile-conf-2017"
TALK_URL = f"talks/{CONF}/hostile/"
OTHER_URL = f"talks/{CONF}/ordinary/"


def front_matter_file(meta: Mapping[str, object], body: str) -> str:
    """A file whose front matter holds exactly these values (YAML quoting done by PyYAML)."""
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10**6)
    return f"---\n{dumped}---\n\n{body}"


def hostile_tree() -> dict[str, str | bytes]:
    themes = [*yaml.safe_load(THEMES),
              {"id": "hostile", "name": THEME_NAME, "description": THEME_DESCRIPTION}]
    conference = {"name": CONFERENCE_NAME, "location": LOCATION, "start": "2017-05-08",
                  "end": "2017-05-11", "url": "https://example.org/conf"}
    hostile = {"title": TITLE, "themes": ["hostile", "ceph"], "format": "panel",
               "speakers": [SPEAKER, "Plain Speaker"], "organizations": [ORGANIZATION],
               "tags": [TAG], "rating": 5, "video": VIDEO, "slides": SLIDES, "duration": "40m"}
    ordinary = {"title": "Ordinary talk", "themes": ["hostile"], "organizations": [ORGANIZATION],
                "tags": [TAG]}
    return {
        "themes.yml": yaml.safe_dump(themes, allow_unicode=True, sort_keys=False),
        f"{CONF}/_index.md": front_matter_file(conference, "The overview.\n"),
        f"{CONF}/hostile.md": front_matter_file(hostile, "Notes; the demo is at 1m05s.\n"),
        f"{CONF}/ordinary.md": front_matter_file(ordinary, "Ordinary notes.\n"),
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("injection")
    return build_site(make_project(root / "project", hostile_tree()), root / "site")


def page(site: Site, url: str) -> Node:
    return parse_html(site.html(url))


def content(site: Site, url: str) -> Node:
    """The page's content area (what the generated Markdown became)."""
    return page(site, url).find("article")


def org_url(site: Site) -> str:
    (url,) = [p.parent.relative_to(site.root).as_posix() + "/"
              for p in (site.root / "organizations").glob("*/index.html")]
    return url


# --- The pipeline accepts the tree (else the rest proves nothing) --------------------------


def test_the_hostile_tree_is_valid_content(tmp_path: Path) -> None:
    """Every payload is acceptable content: the site must show it, not refuse it."""
    root = make_project(tmp_path / "p", hostile_tree()) / "talks"
    result = check(root, shown_as="talks")
    assert result.problems == []
    assert {t.title for t in result.corpus.talks} == {TITLE.strip(), "Ordinary talk"}


# --- No page holds markup from front matter -------------------------------------------------


def test_no_page_contains_markup_from_front_matter(site: Site) -> None:
    pages = sorted(site.root.rglob("*.html"))
    assert len(pages) > 10
    found = {}
    for path in pages:
        raw = path.read_text("utf-8")
        bad = injected_markup(parse_html(raw))
        if "<script>window.__pwned" in raw:
            bad.append("a <script> from front matter in the source")
        if bad:
            found[path.relative_to(site.root).as_posix()] = bad
    assert found == {}


@pytest.mark.parametrize(
    ("url", "value"),
    [
        (TALK_URL, TITLE),
        ("themes/hostile/", THEME_NAME),
        (f"conferences/{CONF}/", CONFERENCE_NAME),
        ("org", ORGANIZATION),
    ],
    ids=["talk", "theme", "conference", "organization"],
)
def test_the_html_title_shows_the_value_literally(site: Site, url: str, value: str) -> None:
    """<title> is read by the browser as raw text up to '</title': nothing may end it early."""
    url = org_url(site) if url == "org" else url
    raw = site.html(url)
    site_name = real_config()["site_name"]
    assert html_title(raw) == f"{shown(value)} - {site_name}"
    assert raw.lower().count("</title") == 1, "front matter closed the <title> element"


@pytest.mark.parametrize(
    ("url", "value"),
    [(TALK_URL, TITLE), ("themes/hostile/", THEME_NAME), (f"conferences/{CONF}/", CONFERENCE_NAME),
     ("org", ORGANIZATION)],
    ids=["talk", "theme", "conference", "organization"],
)
def test_the_header_and_heading_show_the_value_literally(site: Site, url: str,
                                                         value: str) -> None:
    url = org_url(site) if url == "org" else url
    doc = page(site, url)
    topic = [n for n in doc.find_all("div", "md-header__topic")
             if n.attrs.get("data-md-component") == "header-topic"]
    assert [n.text for n in topic] == [shown(value)]
    h1 = doc.find("article").find("h1")
    assert h1.text.removesuffix("¶").strip() == shown(value)


def test_the_navigation_is_only_the_configured_pages(site: Site) -> None:
    """Front matter adds no entry to the navigation (material renders it into every page)."""
    expected = [next(iter(item)) for item in real_config()["nav"]]
    for url in (TALK_URL, "themes/hostile/", f"conferences/{CONF}/", org_url(site), ""):
        nav = page(site, url).find("nav", "md-nav--primary")
        # The current page's own headings may be listed under it; they are not entries.
        titles = [a.text for a in nav.find_all("a")
                  if a.text and not a.attrs.get("href", "").startswith("#")]
        assert titles == expected, url


def test_the_table_of_contents_shows_names_as_text(site: Site) -> None:
    toc = page(site, "themes/hostile/").find("nav", "md-nav--secondary")
    assert shown(CONFERENCE_NAME) in [a.text for a in toc.find_all("a")]
    toc = page(site, "organizations/").find("nav", "md-nav--secondary")
    assert shown(ORGANIZATION) in [a.text for a in toc.find_all("a")]


# --- Each value appears as text on every page that shows it --------------------------------

# (value, the pages that must show it); "org" stands for the organisation's page.
SHOWN_ON = [
    ("title", TITLE, [TALK_URL, "themes/hostile/", "themes/ceph/", f"conferences/{CONF}/",
                      "org", "organizations/", "", OTHER_URL]),
    ("speaker", SPEAKER, [TALK_URL]),
    ("organization", ORGANIZATION, [TALK_URL, OTHER_URL, "org", "organizations/",
                                    "themes/hostile/", f"conferences/{CONF}/"]),
    ("tag", TAG, [TALK_URL, OTHER_URL]),
    ("theme name", THEME_NAME, [TALK_URL, "themes/hostile/", "themes/", "",
                                f"conferences/{CONF}/"]),
    ("theme description", THEME_DESCRIPTION, ["themes/hostile/", "themes/", ""]),
    ("conference name", CONFERENCE_NAME, [TALK_URL, f"conferences/{CONF}/", "conferences/",
                                          "", "themes/hostile/", "org", OTHER_URL]),
    ("location", LOCATION, [f"conferences/{CONF}/", "conferences/", ""]),
]


@pytest.mark.parametrize(("field", "value", "urls"), SHOWN_ON, ids=[s[0] for s in SHOWN_ON])
def test_each_value_shows_as_text_wherever_it_appears(site: Site, field: str, value: str,
                                                      urls: list[str]) -> None:
    missing = []
    for url in urls:
        url = org_url(site) if url == "org" else url
        if shown(value) not in content(site, url).text:
            missing.append(url or "(home)")
    assert missing == [], f"the {field} does not show literally on {missing}"


def test_links_from_front_matter_are_the_pages_and_urls_given(site: Site) -> None:
    """Every link in the talk's details goes to a generated page or to the given URL."""
    meta = content(site, TALK_URL).find("div", "tn-meta")
    hrefs = [a.attrs["href"] for a in meta.find_all("a")]
    assert all(h.startswith(("../../../", "https://")) for h in hrefs), hrefs
    external = {unquote(html.unescape(h)) for h in hrefs if h.startswith("https://")}
    assert external == {VIDEO, SLIDES}
    stamp = content(site, TALK_URL).find("a", "tn-timestamp")
    assert stamp.attrs["href"].startswith("https://www.youtube.com/watch?v=abc")
    assert set(stamp.attrs) == {"class", "href", "title"}


def test_the_conference_facts_show_as_text_with_a_working_link(site: Site) -> None:
    """The location shows as written, and the conference's URL is a link, not Markdown text."""
    facts = content(site, f"conferences/{CONF}/").find("p", "tn-facts")
    assert shown(LOCATION) in facts.text
    assert "[Conference site](" not in facts.text, f"Markdown shown as text: {facts.text!r}"
    assert [a.attrs.get("href") for a in facts.find_all("a")] == ["https://example.org/conf"]


def test_generated_xml_is_well_formed_and_holds_values_as_text(site: Site) -> None:
    """Feeds and sitemaps are read by other programs: front matter must stay text in them."""
    files = sorted(site.root.rglob("*.xml"))
    assert files
    for path in files:
        tree = ElementTree.parse(path)  # raises on a file the payloads made ill-formed
        for element in tree.iter():
            local = element.tag.rsplit("}", 1)[-1]
            assert local not in {"script", "img", "svg", "b", "i", "u", "a"}, (path, local)
            assert not [k for k in element.attrib if k.startswith("on")], (path, element.attrib)


# --- Search ------------------------------------------------------------------------------


def test_the_search_index_holds_text_not_markup(site: Site) -> None:
    """Search results show the index's titles and texts: they must be text, not markup.
    (The site's search indexes talk pages only; every indexed title is checked.)"""
    docs = site.search_docs()
    titles = {d["location"]: d["title"] for d in docs}
    assert shown(html.unescape(titles[TALK_URL])) == shown(TITLE)
    for d in docs:
        for key in ("title", "text"):
            assert injected_markup(parse_html(d[key], fragment=True)) == [], (d["location"], key)
    for url in titles:  # the index holds talk pages only
        elements = [n.tag for n in parse_html(titles[url], fragment=True).iter()][1:]
        assert elements == [], f"the search title of {url} holds markup: {titles[url]!r}"


def test_the_hostile_talk_is_found_by_its_words(site: Site) -> None:
    assert TALK_URL in site.search_pages("Talktitle")
    assert TALK_URL in site.search_pages("Speakername")


# --- URLs ----------------------------------------------------------------------------------

X = "talks/conf-2017/x.md"
NOT_HTTP = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "javascript://example.org/%0Aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org/x",
    "//example.org/x",
    "/relative/path",
    "example.org",
    "mailto:a@example.org",
    "http:example.org",
    "https:///path-only",
    "https://exa mple.org/",
    "https://example.org/\u00a0x",
    "http://[::1",
]


@pytest.mark.parametrize("url", NOT_HTTP)
@pytest.mark.parametrize("key", ["video", "slides"])
def test_talk_urls_other_than_http_are_refused(tmp_path: Path, key: str, url: str) -> None:
    meta = yaml.safe_dump({"title": "T", "themes": ["ceph"], key: url}, allow_unicode=True)
    found = problems(tmp_path, {"conf-2017/x.md": talk(meta)})
    assert any(p.startswith(f"{X}:") and f"'{key}' is " in p and "not an http(s) URL" in p
               for p in found), found


@pytest.mark.parametrize("url", NOT_HTTP[:6])
def test_conference_urls_other_than_http_are_refused(tmp_path: Path, url: str) -> None:
    meta = yaml.safe_dump({"name": "C", "start": "2017-05-08", "end": "2017-05-11", "url": url},
                          allow_unicode=True)
    found = problems(tmp_path, {"conf-2017/_index.md": talk(meta)})
    assert any(p.startswith("talks/conf-2017/_index.md:5: 'url' is ") for p in found), found


# --- Raw script in the notes -------------------------------------------------------------

# (body, what it is); each really yields script-capable HTML with the site's Markdown.
BODY_VECTORS = [
    ("<script>window.pwn=1</script>\n", "script element"),
    ('<img src=x onerror="pwn()">\n', "event handler"),
    ("[x](javascript:pwn())\n", "javascript: Markdown link"),
    ("<img src=x\nonerror=pwn()>\n", "event handler on the tag's second line"),
    ("<svg/onload=pwn()>\n", "event handler after a slash instead of a space"),
    ("[x][1]\n\n[1]: javascript:pwn()\n", "javascript: in a reference definition"),
    ("[x](<javascript:pwn()>)\n", "javascript: in an <angle-bracket> destination"),
    ('<a href="jav&#x61;script:pwn()">x</a>\n', "javascript: written with an entity"),
    # A literal tab becomes spaces in Python-Markdown (harmless); a tab entity is decoded by
    # the browser, which strips it from the URL.
    ('<a href="java&#9;script:pwn()">x</a>\n', "javascript: with a tab inside"),
    ('<form action="javascript:pwn()"><button>go</button></form>\n', "form action"),
    ('<iframe srcdoc="&lt;script&gt;parent.pwn()&lt;/script&gt;"></iframe>\n',
     "iframe srcdoc"),
    ("Text.\n\n```\n<script>pwn()</script>\n", "script after a fence that is never closed"),
    ("```\n<script>pwn()</script>\n````\n", "script in a fence SuperFences does not close"),
    ("``` `x`\n<script>pwn()</script>\n```\n", "script in a fence with a backtick info string"),
    ("a \\`<script>pwn()</script>\\` b\n", "script between escaped backticks"),
]


def script_capable(doc: Node) -> list[str]:
    """What in a piece of HTML can run script (a stricter cousin of injected_markup)."""
    found = []
    for node in doc.iter():
        if node.tag == "script":
            found.append("<script>")
        if node.tag == "iframe" and "srcdoc" in node.attrs:
            found.append("<iframe srcdoc>")
        for name, value in node.attrs.items():
            if name.startswith("on"):
                found.append(f"{name}=")
            cleaned = "".join(value.split()).lower()
            if name in ("href", "src", "action", "formaction") and cleaned.startswith(
                    ("javascript:", "vbscript:", "data:")):
                found.append(f"{name}={value}")
    return found


@pytest.mark.parametrize(("body", "what"), BODY_VECTORS, ids=[v[1] for v in BODY_VECTORS])
def test_each_body_vector_really_renders_as_script(body: str, what: str) -> None:
    """Guards the next test: a vector that renders harmlessly would prove nothing."""
    rendered = site_markdown().convert(body)
    assert script_capable(parse_html(rendered)), rendered


@pytest.mark.parametrize(("body", "what"), BODY_VECTORS, ids=[v[1] for v in BODY_VECTORS])
def test_raw_script_in_the_notes_is_reported(tmp_path: Path, body: str, what: str) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk("title: T\nthemes: [ceph]", body)})
    assert any(p.startswith(f"{X}:") and "not allowed in notes" in p for p in found), (
        f"{what} is not reported: {found}")


def test_raw_script_in_a_conference_overview_is_reported(tmp_path: Path) -> None:
    index = CONFERENCE.replace("Overview.", "Overview.\n\n<script>pwn()</script>")
    found = problems(tmp_path, {"conf-2017/_index.md": index})
    assert any(p.startswith("talks/conf-2017/_index.md:10: <script> is not allowed in notes")
               for p in found), found


def test_a_body_with_script_fails_the_build(tmp_path: Path) -> None:
    tree = hostile_tree()
    tree[f"{CONF}/ordinary.md"] = str(tree[f"{CONF}/ordinary.md"]) + "\n<svg/onload=pwn()>\n"
    project = make_project(tmp_path / "p", tree)
    with pytest.raises(BuildFailed) as failure:
        build_site(project, tmp_path / "site")
    assert "ordinary.md:13: <svg> (SVG) is not allowed in notes" in failure.value.log
    assert not (tmp_path / "site" / OTHER_URL / "index.html").exists()
