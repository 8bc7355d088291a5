"""The allowlist of safety.py: what notes may render to, judged on the tree a browser builds.

Every reproduction of issue 11 is a named test; the public XSS corpus (tests/data) must be
refused with `path:line:` or render to allowed HTML only; the fast path that skips rendering
must never pass a body the full check refuses.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from build_notes.cli.main import main
from build_notes.content.schema import load_schema
from build_notes.markdown.safety import (
    NOTE_CLASSES,
    PAGE_CLASSES,
    check_html,
    check_markdown,
    fast_path_safe,
    render_markdown,
)
from build_notes.pipeline import check
from build_notes.search.page_text import NameFinder, search_labels, talk_markup
from build_notes.site.group import group
from tests.conftest import ROOT, BuildFailed, Site, build_site
from tests.helpers import problems, talk, tree
from tests.hostile_support import make_project
from tests.xss_corpus import ISSUE, vectors

X = "talks/conf-2017/x.md"
FM = "title: T\nthemes: [ceph]"
BODY_LINE = 6  # the first line of the notes in talk(FM, body)


def assert_refused_at(tmp_path: Path, body: str, line: int, what: str) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(FM, body)})
    assert any(p.startswith(f"{X}:{line}: ") and what in p for p in found), found


# --- The reproductions of issue 11, by name ---------------------------------------------------

@pytest.mark.parametrize("body", [
    "<!--><img src=x onerror=alert(1)>-->",
    "<!---><img src=x onerror=alert(1)>-->",
    "Before.\n\nA sentence <!--><img src=x onerror=alert(1)>--> inline.",
    "<![CDATA[><img src=x onerror=alert(1)>]]>",
], ids=["comment", "comment-dash", "comment-inline", "cdata"])
def test_comment_and_cdata_breakouts_are_refused(tmp_path: Path, body: str) -> None:
    line = BODY_LINE + body.count("\n")
    assert_refused_at(tmp_path, body, line, "onerror= on <img> is not allowed in notes")


@pytest.mark.parametrize("element", ["noscript", "xmp", "textarea", "title", "noembed",
                                     "noframes"])
def test_raw_text_element_breakouts_are_refused(tmp_path: Path, element: str) -> None:
    body = f'<{element}><p title="</{element}><img src=x onerror=alert(1)>"></p></{element}>'
    assert_refused_at(tmp_path, body, BODY_LINE, f"<{element}> is not allowed in notes")


@pytest.mark.parametrize("element", ["noscript", "xmp", "textarea", "title", "noembed",
                                     "noframes"])
def test_raw_text_element_breakouts_in_an_overview_are_refused(tmp_path: Path,
                                                                element: str) -> None:
    body = f'<{element}><p title="</{element}><img src=x onerror=alert(1)>"></p></{element}>'
    index = "---\nname: C\nstart: 2017-05-08\nend: 2017-05-11\n---\n\nOverview.\n\n" + body
    found = problems(tmp_path, {"conf-2017/_index.md": index})
    assert any(p.startswith("talks/conf-2017/_index.md:9: ") and "not allowed" in p
               for p in found), found


@pytest.mark.parametrize("attribute", ['animate attributeName="href" values',
                                       'set attributeName="xlink:href" to'])
def test_svg_animation_of_a_link_is_refused(tmp_path: Path, attribute: str) -> None:
    body = (f'<svg><a><{attribute}="javascript:alert(1)"/><text x="20" y="20">click</text>'
            "</a></svg>")
    assert_refused_at(tmp_path, body, BODY_LINE, "<svg> (SVG) is not allowed in notes")


def test_a_tab_entity_in_a_javascript_link_is_refused_by_the_validator(tmp_path: Path) -> None:
    assert_refused_at(tmp_path, "Text.\n\n[here](jav&Tab;ascript:alert(1))", BODY_LINE + 2,
                      "a link to a 'javascript:' URL is not allowed in notes")


def test_the_search_markup_in_the_notes_is_refused(tmp_path: Path) -> None:
    """A note that wrote the search's own attributes would give its talk another title in
    the results, or a second text (search/records.py)."""
    assert_refused_at(tmp_path, '<span data-search-meta="title" data-value="Injected"></span>',
                      BODY_LINE, "data-search-meta= on <span> is not allowed in notes")


def test_a_remote_image_is_refused(tmp_path: Path) -> None:
    assert_refused_at(tmp_path, "![x](https://tracker.example/p.png)", BODY_LINE,
                      "an image from another site (or a data: URL) is not allowed")


def test_a_style_with_a_remote_url_is_refused(tmp_path: Path) -> None:
    body = 'Text\n{: style="background:url(https://tracker.example/p.png)"}'
    assert_refused_at(tmp_path, body, BODY_LINE + 1, "style= on <p> is not allowed in notes")


def test_an_unclosed_hidden_div_in_an_overview_is_refused(tmp_path: Path) -> None:
    index = "---\nname: C\nstart: 2017-05-08\nend: 2017-05-11\n---\n\nOverview.\n\n<div hidden>"
    found = problems(tmp_path, {"conf-2017/_index.md": index})
    assert "talks/conf-2017/_index.md:9: <div> is not closed; close it with </div>: an open " \
        "tag swallows or hides the rest of the page" in found, found


def test_search_labels_and_filter_values_are_text(tmp_path: Path) -> None:
    """The search page shows theme names from hidden elements and a result's speakers from an
    attribute; search.js reads both as text (textContent), so they must parse as text."""
    hostile = "Ceph <img src=x onerror=alert(1)>"
    root = tree(tmp_path, {"themes.yml": f'- id: ceph\n  name: "{hostile}"'
                         "\n  description: D.\n",
                         "conf-2017/x.md": talk(FM + f'\norganizations: ["{hostile}"]'
                                                   f'\nspeakers: ["{hostile}"]')})
    corpus = check(root).corpus
    groups = group(corpus)
    labels = LexborHTMLParser(search_labels(groups, load_schema().formats))
    assert labels.css("img") == []
    assert hostile in [node.text() for node in labels.css("li")]
    markup = LexborHTMLParser(talk_markup(corpus.talks[0], groups, load_schema().formats,
                                          NameFinder.of(corpus)))
    assert markup.css("img") == []
    assert hostile in markup.text()
    speakers = markup.css_first('[data-search-meta="speakers"]')
    assert speakers is not None and speakers.attributes["data-value"] == hostile


# --- Bounded time: refused before Markdown recurses or backtracks ------------------------------

@pytest.mark.parametrize("body", ["<" + "[" * 24000, "a " + "[" * 24000,
                                  "\n".join("    " * i + "- x" for i in range(250)),
                                  "<b>x</b>\n" + "\n".join(" " * i + "- x" for i in range(250)),
                                  "> " * 250 + "deep"],
                         ids=["lt-brackets", "a-brackets", "lists", "lists-with-html", "quotes"])
def test_nesting_too_deep_is_refused(tmp_path: Path, body: str) -> None:
    """Refused before rendering, at the line where the depth passes the limit; the time it
    takes is in benchmarks/safety.py (under a second, against minutes before)."""
    found = problems(tmp_path, {"conf-2017/x.md": talk(FM, body)})
    assert len(found) == 1 and "the notes are nested too deeply" in found[0], found
    line = int(found[0].split(":")[1])
    assert BODY_LINE <= line <= BODY_LINE + body.count("\n")


def test_too_many_html_tags_are_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(FM, "<b>x</b>" * 30000)})  # 240 KB
    assert any(p.startswith(f"{X}:5: the notes hold 60,000 HTML tags") for p in found), found


# --- The corpus -------------------------------------------------------------------------------

CORPUS = vectors()


def test_the_corpus_is_several_hundred_vectors_with_their_sources() -> None:
    assert len(CORPUS) >= 400
    assert {v.source.split(" (")[0] for v in CORPUS} >= {
        "OWASP XSS Filter Evasion Cheat Sheet", "PortSwigger XSS cheat sheet",
        "HTML5 Security Cheatsheet", ISSUE}


_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def _dangerous(html: str) -> list[str]:
    """An independent look at rendered HTML: handlers, script, frames, script URLs, styles."""
    found = []
    for node in LexborHTMLParser(f"<div>{html}</div>").root.traverse():
        if node.tag in ("script", "iframe", "object", "embed", "svg", "math", "style", "base"):
            found.append(node.tag)
        for name, value in node.attributes.items():
            # As a browser reads a URL: tabs and newlines go, then C0 and spaces at the ends.
            cleaned = re.sub(r"[\t\n\r]", "", value or "").strip(_C0_AND_SPACE).lower()
            if name.lower().startswith("on") or name.lower() in ("style", "srcset", "srcdoc") \
                    or cleaned.startswith(("javascript:", "vbscript:", "data:")):
                found.append(f"{name}={value}")
    return found


def test_every_vector_in_the_notes_is_refused_with_a_line_or_renders_harmless(
        tmp_path: Path) -> None:
    files = {f"conf-2017/v{i:03d}.md": talk(f"title: V{i}\nthemes: [ceph]",
                                            f"Intro line.\n\n{v.text}\n")
             for i, v in enumerate(CORPUS)}
    found = problems(tmp_path, files)
    by_file: dict[str, list[str]] = {}
    for p in found:
        by_file.setdefault(p.split(":", 1)[0], []).append(p)
    accepted = []
    for i, v in enumerate(CORPUS):
        path = f"talks/conf-2017/v{i:03d}.md"
        mine = by_file.get(path, [])
        if mine:
            assert all(re.match(rf"{re.escape(path)}:\d+: ", p) for p in mine), mine
            lines = {int(p.split(":")[1]) for p in mine}
            first, last = BODY_LINE + 2, BODY_LINE + 2 + v.text.count("\n")
            assert all(first <= n <= last for n in lines), (v, mine)
        else:
            html = render_markdown(f"Intro line.\n\n{v.text}\n")
            assert _dangerous(html) == [], (v, html)
            accepted.append(v)
    assert len(accepted) < len(CORPUS) // 4  # most are markup, refused


# --- The fast path proves what it skips ------------------------------------------------------

def test_the_fast_path_never_passes_a_vector_the_full_check_refuses() -> None:
    for v in CORPUS:
        body = f"Intro.\n\n{v.text}\n"
        if fast_path_safe(body):
            assert check_html(render_markdown(body)) == [], v


PIECES = ["text ", "`code <b>` ", "```\n<img src=x onerror=alert(1)>\n```\n", "\n", "\n\n",
          "[a](https://x.org) ", "[a](javascript:alert(1)) ", "[a](`javascript:x`) ",
          "[r]: javascript:x\n", "[r]\n", "![i](p.png) ", "<", "< 5 ms ", "<b>", "{: .x }",
          "{", "}", "!!! note\n    ", "!!! md-x\n", "- item\n", "    indented <b>\n", "&#106;",
          "`", "``", "[", "]", "(", ")", ":", "javascript:", "data:", "| a | b |\n|---|---|\n",
          "\\", "\t", "<!--", "-->", "# h\n", "__", "md-x ", "tn-y ", "```python\n", "~~~\n",
          "\u00a0", "\u3000", "\u2003", "\x0b", "\x0c", "\x1c", "\x01", " ", "!!! note annotate\n",
          "??? tip\n", "!!! mermaid\n", "```mermaid\n", "[a](\u00a0javascript:x) ",
          "//evil.example"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_the_fast_path_agrees_with_the_full_check(pieces: list[str]) -> None:
    body = "".join(pieces)
    if fast_path_safe(body):
        assert check_html(render_markdown(body)) == [], body


def test_prose_that_needs_no_rendering_takes_the_fast_path() -> None:
    """The common shapes of real notes: code with `<` and `{`, comparisons, links."""
    body = ("Latency stays < 5 ms and `a < b` holds; see [the docs](https://docs.ceph.com/x)"
            " and [above](#intro).\n\n```yaml\nosd: {memory_target: 4G}\n```\n\n"
            "!!! opinion\n    Good talk.\n")
    assert fast_path_safe(body)
    assert check_markdown(body) == []


# --- The build: the plugin judges MkDocs' own HTML ---------------------------------------------

# (A build whose mkdocs.yml adds an extension, and the plugin's last check of HTML that a hook
# makes: tests/markdown/test_markdown_extensions.py.)


# --- generate never writes over the sources ----------------------------------------------------

@pytest.mark.parametrize(("out", "says"), [
    (".", "contains the talks folder"), ("talks", "is the talks folder"),
    ("talks/new", "lies inside the talks folder"), ("docs", "is the docs folder"),
    ("docs/generated", "lies inside the docs folder"), ("..", "contains the talks folder"),
    ("mkdocs.yml", "is a file, not a folder"),
])
def test_generate_refuses_the_sources(tmp_path: Path, out: str, says: str,
                                      monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "project"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "file://" + str(ROOT), str(project)],
                   check=True)
    monkeypatch.chdir(project)
    assert main(["generate", out]) == 2
    err = capsys.readouterr().err
    assert says in err and "build-notes generate build/pages" in err and "Traceback" not in err
    status = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True,
                            check=True)
    assert status.stdout == ""


def test_generate_into_a_new_folder_of_the_project_works(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "file://" + str(ROOT), str(project)],
                   check=True)
    monkeypatch.chdir(project)
    assert main(["generate", "build/pages"]) == 0
    assert (project / "build/pages/explore.md").is_file()


def test_validate_runs_without_the_package_on_the_path() -> None:
    """The allowlist's parser is a real dependency: importable where build-notes is."""
    run = subprocess.run([sys.executable, "-c", "import selectolax.lexbor"], check=False)
    assert run.returncode == 0


# (The site's classes and listing markup, held to a built site both ways:
# tests/site/test_site_markup.py.)


# --- The allowlist knows the theme (issue 26) ------------------------------------------------

FAKE_CONFIG = ('<details><summary>x</summary><div id="__config">{"base": '
               '"https://evil.example/x/", "features": ["content.tooltips"], "search": "x", '
               '"translations": {}, "version": {"provider": "mike"}}</div></details>')


def _one_talk_site(tmp_path: Path, body: str) -> Site:
    files = {"themes.yml": (ROOT / "talks/themes.yml").read_text("utf-8"),
             "conf-2017/_index.md": "---\nname: C\nstart: 2017-05-08\nend: 2017-05-11\n---\n",
             "conf-2017/x.md": talk("title: T\nthemes: [ceph]", body)}
    return build_site(make_project(tmp_path / "p", files), tmp_path / "site")


def test_a_note_cannot_stand_in_for_an_element_the_theme_reads_by_id(tmp_path: Path) -> None:
    """Material reads `#__config` with querySelector: the note's div comes first in the page,
    so on 1e78732 the theme took its made-up config. Its ids are namespaced now."""
    site = _one_talk_site(tmp_path, f"Intro.\n\n{FAKE_CONFIG}\n\nSee [the config](#__config).\n")
    tree = LexborHTMLParser(site.html("talks/conf-2017/x/"))
    configs = tree.css('[id="__config"]')
    assert [n.tag for n in configs] == ["script"]  # the theme's own, and only it
    assert tree.css_first('[id="note-__config"]') is not None
    assert tree.css_first('a[href="#note-__config"]') is not None  # the note's link still works


def test_the_table_of_contents_follows_the_namespaced_headings(tmp_path: Path) -> None:
    site = _one_talk_site(tmp_path, "Intro.\n\n## Architecture\n\nText.\n\n### Détails\n\nMore.\n")
    tree = LexborHTMLParser(site.html("talks/conf-2017/x/"))
    ids = {n.attributes.get("id") for n in tree.css("article [id]")}
    toc = [n.attributes.get("href") or "" for n in tree.css("nav.md-nav--secondary a[href^='#']")]
    assert toc and all(href[1:] in ids for href in toc), (toc, ids)
    assert "#note-architecture" in toc


@pytest.mark.parametrize(("body", "line"), [
    ('<pre class="mermaid">graph TD; A--&gt;B</pre>', 0),
    ('<div class="annotate" markdown>\n\nText (1)\n\n</div>', 0),
    ("Text.\n{: .tabbed-set }", 1),
    ('<span class="md-annotation">x</span>', 0),
    ('<p class="note annotate">x</p>', 0),
])
def test_classes_the_theme_acts_on_are_refused(tmp_path: Path, body: str, line: int) -> None:
    assert_refused_at(tmp_path, f"Intro.\n\n{body}\n", BODY_LINE + 2 + line, "class '")


def test_the_classes_notes_may_use_are_inert_and_none_is_selected_by_our_scripts() -> None:
    script_text = "".join(path.read_text("utf-8")
                          for path in (ROOT / "build_notes/assets").glob("*.js"))
    selectors = re.findall(r"(?:querySelector(?:All)?|closest|matches)\(\s*[\"']([^\"']+)",
                           script_text)
    selected = {word for selector in selectors for word in re.findall(r"\.([\w-]+)", selector)}
    assert "tn-explore" in selected  # the scan finds what the scripts select
    assert selected & (NOTE_CLASSES | PAGE_CLASSES) == set()
    assert {"mermaid", "annotate", "tabbed-set", "md-typeset"} & NOTE_CLASSES == set()


def test_an_unknown_box_word_is_dropped_from_the_published_box(tmp_path: Path) -> None:
    site = _one_talk_site(tmp_path, "Intro.\n\n!!! note annotate \"Title\"\n\n    Text (1)\n")
    box = LexborHTMLParser(site.html("talks/conf-2017/x/")).css_first("div.admonition")
    assert box is not None and box.attributes.get("class") == "admonition note"


def test_a_title_that_a_tooltip_could_read_as_html_is_refused(tmp_path: Path) -> None:
    assert_refused_at(tmp_path, 'Intro.\n\n<abbr title="<img src=x onerror=alert(1)>">x</abbr>\n',
                      BODY_LINE + 2, "title= on <abbr> may not hold '<'")


@pytest.mark.parametrize("space", ["\u00a0", "\u2003", "\u3000", "\x0b", "\x0c", "\x1c", "\t",
                                   "\n", " \u00a0 "])
def test_a_script_link_behind_any_white_space_is_refused_by_validate_and_generate(
        tmp_path: Path, space: str, monkeypatch: pytest.MonkeyPatch) -> None:
    body = f"Intro.\n\n[slides]({space}javascript:alert(1))\n"
    assert not fast_path_safe(body)
    found = problems(tmp_path, {"conf-2017/x.md": talk(FM, body)})
    assert any(p.startswith(f"{X}:") for p in found), found
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "out", "--talks-dir", "talks", "--docs-dir", ""]) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("src", ["&#1;//evil.example/b.png", "\x1f//evil.example/b.png",
                                 "&#x1f;/\\evil.example/b.png", " \t//evil.example/b.png"])
def test_an_image_url_the_browser_reads_as_another_host_is_refused(tmp_path: Path,
                                                                    src: str) -> None:
    found = check_html(f'<img src="{src}" alt="">')
    assert any("image from another site" in str(f) for f in found), (src, found)


@pytest.mark.parametrize("body", ["<frameset onload=alert(1)>",
                                  '<caption draggable="true" ondrag="alert(1)">test</caption>'])
def test_validate_and_the_build_agree_and_the_page_ships_the_judged_tree(
        tmp_path: Path, body: str) -> None:
    """A browser drops these tags in a page's body; the validator judged them in a context
    where it did not (at the start of a document), and the build shipped the string."""
    found = problems(tmp_path / "v", {"conf-2017/x.md": talk(FM, f"Intro.\n\n{body}\n")})
    assert found == []
    site = _one_talk_site(tmp_path, f"Intro.\n\n{body}\n")
    page = site.html("talks/conf-2017/x/")
    # The string, not a parse of it: a reader that parses differently gets the string.
    assert "alert(1)" not in page and "Intro." in page


EXPLOSIVE = ["[](", "![](", "[a](<", "[]((", "[[]](", "a [b](c) "]


@pytest.mark.parametrize("unit", EXPLOSIVE)
def test_shapes_that_make_markdown_take_minutes_are_refused_at_their_line(
        tmp_path: Path, unit: str) -> None:
    body = "Intro.\n\n" + unit * 20000 + "\n"
    found = problems(tmp_path, {"conf-2017/x.md": talk(FM, body)})
    assert any(p.startswith(f"{X}:{BODY_LINE + 2}: ") and "too long to render" in p
               for p in found), found


@pytest.mark.parametrize("body", ["[a]:\n" * 20000, "# h\n" * 8000, "> a [b](c)\n" * 2000,
                                  ("*a* " * 4900 + "\n\n") * 12])
def test_long_blocks_are_refused(tmp_path: Path, body: str) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(FM, "Intro.\n\n" + body)})
    assert any(p.startswith(f"{X}:") and ("without a blank line" in p
                                          or "too long to render" in p) for p in found), found


def test_the_build_refuses_a_shape_that_explodes_before_rendering_it(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as failure:
        _one_talk_site(tmp_path, "Intro.\n\n" + "[](" * 20000 + "\n")
    assert f"{X}:{BODY_LINE + 2}: " in failure.value.log, failure.value.log[:2000]


def test_real_notes_are_not_refused_for_their_size() -> None:
    """A long note of ordinary shape (a link list, a table, paragraphs with links) passes."""
    links = "".join(f"- [Item {i}](https://example.org/{i}) and *more*\n" for i in range(120))
    table = "| a | b |\n|---|---|\n" + "".join(f"| [x](y{i}) | `c` |\n" for i in range(200))
    prose = ("A paragraph with [a link](https://x.org) and `code < 5`. " * 20 + "\n\n") * 60
    for body in (links, table, prose):
        assert check_markdown(body) == [], body[:80]


@pytest.mark.parametrize("key", ["tags", "speakers", "organizations"])
def test_front_matter_lists_have_a_limit(tmp_path: Path, key: str) -> None:
    items = ", ".join(f"x{i}" for i in range(30000))
    found = problems(tmp_path, {"conf-2017/x.md": talk(f"{FM}\n{key}: [{items}]")})
    assert any(f"'{key}' lists 30,000 items, more than 50" in p for p in found), found


def test_bidirectional_overrides_are_refused_in_titles_and_notes(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk("title: \"Sa\u202efe\"\nthemes: [ceph]",
                                                        "Intro \u2066x\u2069.\n")})
    assert any("U+202E" in p for p in found) and any("U+2066" in p for p in found), found


@pytest.mark.parametrize("talk_id", ["index", "search", "feed", "stats"])
def test_talk_ids_reserved_for_the_site_are_refused(tmp_path: Path, talk_id: str) -> None:
    found = problems(tmp_path, {f"conf-2017/{talk_id}.md": talk(FM)})
    assert any(f"talk id '{talk_id}'" in p and "reserved" in p for p in found), found


def test_the_build_refuses_exactly_the_vectors_the_validator_refuses(tmp_path: Path) -> None:
    """One verdict: every corpus vector the validator refuses, the build refuses, naming its
    file (the ones refused before rendering end the build early, so they are built apart)."""
    bodies = {f"conf-2017/v{i:03d}.md": f"Intro line.\n\n{v.text}\n"
              for i, v in enumerate(CORPUS)}
    files = {name: talk(f"title: {name[-7:-3]}\nthemes: [ceph]", body)
             for name, body in bodies.items()}
    refused = {p.split(":", 1)[0].removeprefix("talks/")
               for p in problems(tmp_path / "v", files)}
    early = {name for name in refused if check_markdown(bodies[name], render=False)}
    base = {"themes.yml": (ROOT / "talks/themes.yml").read_text("utf-8"),
            "conf-2017/_index.md": "---\nname: C\nstart: 2017-05-08\nend: 2017-05-11\n---\n"}
    for part, names in (("early", early), ("rendered", refused - early)):
        assert names, part
        project = make_project(tmp_path / part, {**base, **{n: files[n] for n in names}})
        with pytest.raises(BuildFailed) as failure:
            build_site(project, tmp_path / f"{part}-site")
        named = set(re.findall(r"talks/(conf-2017/v\d{3}\.md):\d+: ", failure.value.log))
        assert named == names, (part, sorted(names ^ named)[:10])
    accepted = {n: files[n] for n in set(files) - refused}
    site = build_site(make_project(tmp_path / "accepted", {**base, **accepted}),
                      tmp_path / "accepted-site")
    assert len(list((site.root / "talks/conf-2017").glob("*/index.html"))) == len(accepted)
