"""Property-based tests of load -> validate -> render on anything a talk file can contain.

Talk files come from strangers, so these generate them with hypothesis: arbitrary front
matter (any Unicode, control characters, very long strings, YAML's special forms, Markdown
and HTML metacharacters, wrong types) and bodies, written to disk as real files. The
properties are those of issue 6:

- validation never raises, and decides every file: a valid talk or at least one error;
- every problem is one line naming the file and a line that exists in it;
- every valid talk renders, with its title passed through escape_md;
- on the HTML the site's Markdown makes of the pages, a front-matter value changes the text
  and nothing else: the pages built from hostile values have exactly the element structure
  of the pages built from plain placeholder words, and show each value where the placeholder
  was (a metamorphic check that needs no list of what an attack looks like);
- for a few examples, a real `mkdocs build` shows the title literally in <title>, the
  header and the search index, with no markup from it anywhere.

Every property also runs on HOSTILE_FILES, explicit examples of inputs that once broke
something (they run first, every time, whatever hypothesis draws). The example budgets are
fixed (`@settings(max_examples=...)`, no deadline); the first three properties share one
test, since each needs the same load and validation of the drawn file. The two costly
properties skip shrinking, so a failure there is reported as drawn; hypothesis' database
(.hypothesis/, git-ignored) replays failures on the next run.
"""

from __future__ import annotations

import html
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from build_notes.content.load import load_tree
from build_notes.content.model import Corpus, Problem
from build_notes.content.schema import load_schema
from build_notes.content.validate import validate
from build_notes.site.group import NAME_KINDS, group, name_slug
from build_notes.site.pages import render
from build_notes.site.pieces import RenderOptions
from build_notes.text import escape_md, find_control_char, invisible
from tests.conftest import build_site, write_tree
from tests.helpers import CONFERENCE, THEMES
from tests.hostile_support import (
    Node,
    html_title,
    injected_markup,
    make_project,
    parse_html,
    real_config,
    shown,
    site_markdown,
    strip_front_matter,
)

TALK = "conf-2017/x.md"
SHOWN_TALK = f"talks/{TALK}"
THEME_IDS = ["ceph", "nfv", "kubernetes", "edge"]

# --- Strategies -------------------------------------------------------------------------------

# Pieces that mean something to YAML, Markdown, HTML, Jinja or MkDocs' attribute lists.
FRAGMENTS = [
    "</title>", "<script>window.__pwned=1</script>", '<img data-pwn src=x onerror="pwn()">',
    "<b data-pwn>b</b>", "[a](javascript:pwn())", "*em*", "_u_", "**b**", "`c`", "| a | b |",
    "{{ 7*7 }}", "{% if x %}y{% endif %}", "{: .pwn onclick=pwn() }", "{#id}", "&amp;",
    "&lt;b&gt;", "&#60;", "\\", "\\*", "#", "# h", "- ", "1. ", "> ", "---", "...", ": d",
    "~~~", "```", "!!! note", "[^1]", "<!--", "-->", "%", "@", "&a", "*a", "!!str", "\t",
    "\n", "\r\n", "\u2028", "\x85", "\u00a0", "\u200b", "\ufeff", "\U0001f600", "ß", "İ",
    "\u0301", "\ud7ff", "\x00", "\x02wzxhzdk:0\x03", "\x1b[31m", "\x7f",
]
hostile_char = st.one_of(st.characters(codec="utf-8"), st.sampled_from("<>&\"'`*_[](){}#|\\!:~"))
hostile_text = st.lists(
    st.one_of(st.text(hostile_char, max_size=12), st.sampled_from(FRAGMENTS)), max_size=6,
).map("".join)
long_text = st.integers(1_000, 20_000).map(lambda n: ("Long " * n)[:n])
any_text = st.one_of(hostile_text, long_text)
# Text the validator accepts: the hostile text without the characters it calls control
# characters (its definition, which the refusal test below holds to "control" only), and not
# made only of invisible ones (refused as empty).
valid_text = hostile_text.map(
    lambda s: "".join(c for c in s if find_control_char(c) is None)).filter(
    lambda s: not invisible(s))

YAML_SCALARS = [
    "~", "null", "yes", "No", "on", "OFF", ".nan", "-.inf", "0x1F", "0o17", "017", "1_000",
    "12:30:45", "2017-05-09", "2017-13-01", "1e3", "3.10", "'single'", '"double"', "''",
    '"\\x07"', '"\\u2028"', '"\\uD800"', "&anchor x", "*alias", "!!str x",
    "!!python/object:os.system x",
    "!!python/object/apply:os.system ['true']", "!local x", "[a, b]", "{a: 1}", "[", "{", "|",
    ">-", "'unterminated", "- a", "? k", "@x", "`x`", "%x", "a: b: c", "#", "<< ", "https://x",
    "javascript:alert(1)",
]
KEYS = [*load_schema().talk, "Title", "speaker", "<<", "? [a]", "-", "2017-05-09", "~"]
yaml_line = st.one_of(
    st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(KEYS),
              st.one_of(st.sampled_from(YAML_SCALARS), hostile_text)),
    st.sampled_from(["---", "...", "%YAML 1.1", "%TAG !e! tag:example.com,2000:", "  - x",
                     "\tindented: x", "- item", "? complex", ": value", "<<: {title: T}",
                     "a: &x [1]", "b: *x", "!!map {}"]),
    hostile_text,
)
raw_front_matter = st.lists(yaml_line, max_size=8).map("\n".join)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), any_text,
    st.sampled_from(["2017-05-09", "2017-05-08", "40m", "1h05m", "https://youtu.be/abc",
                     "javascript:alert(1)", "keynote", "ceph", "", " "]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=3)), max_leaves=8)


def _talk_dict(draw: st.DrawFn) -> dict[Any, Any]:
    """Front matter close to valid, so that valid talks are frequent, with any value anywhere."""
    meta: dict[Any, Any] = {}
    if draw(st.integers(0, 9)):
        meta["title"] = draw(st.one_of(any_text, values))
    if draw(st.integers(0, 9)):
        meta["themes"] = draw(st.one_of(
            st.lists(st.sampled_from([*THEME_IDS, "ml", "Ceph"]), min_size=1, max_size=3),
            values))
    for key in draw(st.lists(st.sampled_from(list(load_schema().talk)), max_size=4,
                             unique=True)):
        meta[key] = draw(st.one_of(values, st.lists(any_text, max_size=3)))
    for _ in range(draw(st.integers(0, 1))):
        meta[draw(st.one_of(hostile_text, st.integers(), st.booleans()))] = draw(values)
    return meta


def _valid_talk_dict(draw: st.DrawFn) -> dict[str, Any]:
    """Front matter that is valid but for the odd control character: hostile text everywhere."""
    text = st.one_of(valid_text, long_text, any_text)
    names = st.lists(text.filter(lambda s: not invisible(s)), max_size=3, unique_by=str.strip)
    meta: dict[str, Any] = {
        "title": draw(text.filter(lambda s: not invisible(s))),
        "themes": draw(st.lists(st.sampled_from(THEME_IDS), min_size=1, max_size=3,
                                unique=True)),
        "format": draw(st.sampled_from(list(load_schema().formats))),
        "speakers": draw(names), "organizations": draw(names), "tags": draw(names),
        "date": "2017-05-09", "duration": "40m", "rating": draw(st.integers(1, 5)),
        "video": draw(st.sampled_from(["https://youtu.be/abc", "https://vimeo.com/1",
                                       "https://example.org/v.mp4"])),
    }
    return {k: v for k, v in meta.items()
            if k in ("title", "themes") or (v != [] and draw(st.integers(0, 3)))}


BODY_PIECES = [
    "Notes.", "# Heading", "!!! opinion", "    Indented opinion.", "??? opinion", "```",
    "```python", "~~~", "<script>pwn()</script>", "`<script>`", "<img src=x onerror=pwn()>",
    "[x](javascript:pwn())", "| a | b |", "|---|---|", "[^1]: note", "At 1h02m05s.", "[12:05]",
    "{: .x }", "<div markdown>", "</div>", "---", "\x02wzxhzdk:0\x03", "<!--", "\\`",
]
bodies = st.lists(st.one_of(st.sampled_from(BODY_PIECES), hostile_text, long_text),
                  max_size=8).map("\n".join)


@st.composite
def talk_files(draw: st.DrawFn) -> bytes:
    """The bytes of one talk file: YAML from a dict, raw YAML-ish text, or any bytes."""
    kind = draw(st.sampled_from(["valid", "valid", "dict", "raw", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=400))
    if kind in ("valid", "dict"):
        meta = _valid_talk_dict(draw) if kind == "valid" else _talk_dict(draw)
        front = dump(meta, allow_unicode=draw(st.booleans()),
                     width=draw(st.sampled_from([80, 10**6])))
    else:
        front = draw(raw_front_matter) + "\n"
    text = f"---\n{front}---\n{draw(bodies)}"
    if draw(st.booleans()):
        text = text.replace("\n", draw(st.sampled_from(["\r\n", "\r"])))
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if draw(st.booleans()) else data


# --- Helpers ----------------------------------------------------------------------------------


def dump(data: object, width: int = 10**6, allow_unicode: bool = True) -> str:
    """YAML for `data` with libyaml's emitter when present (the pure-Python one is slow)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=allow_unicode, sort_keys=False,
                     width=width)


def base_tree(root: Path) -> Path:
    return write_tree(root / "talks", {"themes.yml": THEMES, "conf-2017/_index.md": CONFERENCE})


def line_count(data: bytes) -> int:
    """Lines an editor may show: LF, CRLF and CR ends, and the breaks YAML also counts."""
    text = data.decode("utf-8", "replace")
    return len(re.split(r"\r\n|[\n\r\x85\u2028\u2029]", text))


def assert_well_formed(problem: Problem, data: bytes) -> None:
    text = str(problem)
    assert problem.path == SHOWN_TALK, text
    assert 0 <= problem.line <= line_count(data), f"line {problem.line} is not in the file: {text}"
    assert problem.message.strip(), text
    # A message quotes what it needs, not a whole 20,000-character value.
    assert len(problem.message) <= 1_000, f"a {len(problem.message):,}-character message"
    assert "Traceback" not in text
    # One problem, one line: a value quoted in a message must not start a line of its own
    # (it could forge another file's problem) nor carry terminal escapes.
    assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]", text), repr(text)


# --- Load and validate: never raise, decide every file ---------------------------------------

# Files every property below must also hold for, whatever hypothesis draws.
HOSTILE_FILES = [
    b"",
    b"\xef\xbb\xbf",
    b"\xff\xfe-\x00-\x00-\x00\n\x00",
    "---\ntitle: caf\u00e9\nthemes: [ceph]\n---\n".encode("latin-1"),
    b"---\ntitle: " + b"[" * 5000 + b"]" * 5000 + b"\nthemes: [ceph]\n---\n",
    b"---\ntitle: &a [*a]\nthemes: [ceph]\n---\n",
    b"---\ntitle: !!python/object/apply:os.system ['true']\nthemes: [ceph]\n---\n",
    b"---\n<<: {title: T, themes: [ceph]}\n---\n",
    b"---\n? [a, b]\n: c\ntitle: T\nthemes: [ceph]\n---\n",
    b"---\ntitle: T\nthemes: [ceph]\n---\n" + b"x" * 262_200,
    b"---\ntitle: T\nthemes: [ceph]\n---\nNotes with control characters: \x00\x01\x1b.\n",
    b'---\n"a\\nb": 1\ntitle: T\nthemes: [ceph]\n---\n',
    b'---\ntitle: T\nthemes: [ceph]\ndate: "2017\\ntalks/other.md:1: forged"\n---\n',
    b"---\n---\nNotes whose front matter is empty.\n",
    b"---\n# title: commented out\n---\nNotes.\n",
    b"---\ntitle: a\xc2\x92b\nthemes: [ceph]\n---\n",
    b"---\ntitle: T\nthemes: [ceph]\ndate: " + b"9" * 20_000 + b"\n---\n",
]


def hostile_examples(test: Callable[..., None]) -> Callable[..., None]:
    for data in reversed(HOSTILE_FILES):
        test = example(data=data)(test)
    return test


def load_one(tmp_path_factory: pytest.TempPathFactory,
             data: bytes) -> tuple[Corpus, list[Problem]]:
    root = base_tree(tmp_path_factory.mktemp("v"))
    (root / TALK).write_bytes(data)
    return validate(load_tree(root, "talks"))


BUDGET = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@BUDGET
@given(data=talk_files())
@hostile_examples
def test_each_file_is_decided_in_well_formed_lines_and_a_valid_talk_renders_escaped(
        tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    """Each file is a valid talk or has an error: never both, never neither, never a crash;
    every problem is one line naming a line of the file; a valid talk renders, its title
    escaped, and every feed parses. One test for the three, since each needs the same load
    and validation of the same drawn file."""
    corpus, problems = load_one(tmp_path_factory, data)
    errors = [p for p in problems if p.severity == "error"]
    talks = [t for t in corpus.talks if t.source == SHOWN_TALK]
    assert bool(talks) != bool(errors), (talks, errors)
    assert {p.path for p in problems} <= {SHOWN_TALK}, problems
    for problem in problems:
        assert_well_formed(problem, data)
    if not corpus.talks:
        return
    (talk,) = corpus.talks
    pages = render(corpus, group(corpus))
    assert f"\n# {escape_md(talk.title)}\n" in pages[f"talks/{TALK}"]
    for uri, text in pages.items():
        if uri.endswith(".xml"):
            ElementTree.fromstring(text)  # a feed that readers refuse loses every talk


# --- Valid values are accepted ----------------------------------------------------------------


def _refusals(tmp: Path, meta: dict[str, Any]) -> list[str]:
    root = base_tree(tmp)
    front = dump(meta)
    (root / TALK).write_text(f"---\n{front}---\n\nNotes.\n", "utf-8")
    _, problems = validate(load_tree(root, "talks"))
    return [p.message for p in problems]


ACCEPTABLE_REFUSAL = re.compile(r"is empty|contains the control character|lists .*? twice",
                                re.DOTALL)


@settings(max_examples=150, deadline=None)
@given(title=any_text, speakers=st.lists(hostile_text, max_size=3),
       organizations=st.lists(hostile_text, max_size=3), tags=st.lists(hostile_text, max_size=3))
def test_text_is_refused_only_when_empty_or_holding_control_characters(
        tmp_path_factory: pytest.TempPathFactory, title: str, speakers: list[str],
        organizations: list[str], tags: list[str]) -> None:
    """Any other text is a fine title or name: the site must show it, not refuse it."""
    meta = {"title": title, "themes": ["ceph"], "speakers": speakers,
            "organizations": organizations, "tags": tags}
    refusals = _refusals(tmp_path_factory.mktemp("t"), {k: v for k, v in meta.items()
                                                         if v or k == "title"})
    assert [m for m in refusals if not ACCEPTABLE_REFUSAL.search(m)] == []


# --- Rendered HTML: values change the text, never the structure -------------------------------


FIELDS = ["title", "speaker", "organization", "tag", "theme name", "theme description",
          "conference name", "location"]


def _placeholder(i: int) -> str:
    return f"Placeholder{chr(ord('a') + i)}word"


def _corpus_pages(tmp: Path, values: dict[str, str]) -> dict[str, str]:
    themes = yaml.safe_load(THEMES)
    themes[0]["name"], themes[0]["description"] = values["theme name"], values["theme description"]
    conference = {"name": values["conference name"], "location": values["location"],
                  "start": "2017-05-08", "end": "2017-05-11"}
    meta = {"title": values["title"], "themes": ["ceph", "nfv"], "speakers": [values["speaker"]],
            "organizations": [values["organization"]], "tags": [values["tag"]], "rating": 4}

    root = write_tree(tmp / "talks", {
        "themes.yml": dump(themes),
        "conf-2017/_index.md": f"---\n{dump(conference)}---\n\nOverview.\n",
        TALK: f"---\n{dump(meta)}---\n\nNotes at 1m05s.\n",
    })
    corpus, problems = validate(load_tree(root, "talks"))
    assert problems == [], problems
    pages = render(corpus, group(corpus), RenderOptions(home_intro="# Home\n\nIntro."))
    # The pages of the organisation, speaker and tag are named after them: file both
    # versions under one name.
    renamed = {}
    for uri, text in pages.items():
        if not uri.endswith(".md"):
            continue
        for kind, field in (("organizations", "organization"), ("speakers", "speaker"),
                            ("tags", "tag")):
            slug = name_slug(values[field].strip(), NAME_KINDS[kind])
            uri = re.sub(rf"^{kind}/{re.escape(slug)}(?=\.md$|/)", f"{kind}/NAME", uri)
        renamed[uri] = text
    return renamed


def _structure(doc: Node) -> list[tuple[str, tuple[str, ...], str]]:
    return [(n.tag, tuple(sorted(n.attrs)), n.attrs.get("class", "")) for n in doc.iter()]


def _texts(node: Node, in_svg: bool = False) -> Iterator[tuple[str, bool]]:
    for child in node.children:
        if isinstance(child, str):
            yield child, in_svg
        else:
            yield from _texts(child, in_svg or child.tag == "svg")


def _html_pages(pages: dict[str, str], to_html: Callable[[str], str]) -> dict[str, Node]:
    return {uri: parse_html(to_html(strip_front_matter(text))) for uri, text in pages.items()}


# The two costly properties do not shrink a failure (that alone can take minutes); the
# first failing example is reported as drawn, and hypothesis' database replays it.
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)


@settings(max_examples=40, deadline=None, phases=NO_SHRINK,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({f: valid_text for f in FIELDS}))
@example(dict(zip(FIELDS, [
    "</title><script>pwn()</script> {: .pwn onclick=pwn() }", "a\n\n# h\n\n| x |\n|---|",
    "<b data-pwn>b</b> [x](javascript:pwn())", "{{ 7*7 }} {% raw %}", "*x* _y_ `z` | t |",
    "~~~ python", "1986. A year", "&lt;i&gt; &amp; \\ back\\slash"], strict=True)))
@example({**dict.fromkeys(FIELDS, "Plain"), "theme description": ": a definition list"})
@example({**dict.fromkeys(FIELDS, "Plain"), "location": ": Boston"})
# Found by a run in a fresh clone: `[x\]: y` starts a reference definition in a list item.
@example({**dict.fromkeys(FIELDS, "Plain"), "title": "&amp;J]: d"})
def test_values_change_the_text_of_pages_never_their_structure(
        tmp_path_factory: pytest.TempPathFactory, hostile: dict[str, str]) -> None:
    plain = {f: _placeholder(i) for i, f in enumerate(FIELDS)}
    md = site_markdown()

    def to_html(source: str) -> str:
        md.reset()
        return md.convert(source)

    expected = _html_pages(_corpus_pages(tmp_path_factory.mktemp("plain"), plain), to_html)
    actual = _html_pages(_corpus_pages(tmp_path_factory.mktemp("hostile"), hostile), to_html)
    assert sorted(actual) == sorted(expected)
    for uri, doc in expected.items():
        assert injected_markup(actual[uri]) == [], uri
        assert _structure(actual[uri]) == _structure(doc), (
            f"{uri}: a front-matter value changed the page's elements")
        for (plain_text, in_svg), (text, _) in zip(_texts(doc), _texts(actual[uri]),
                                                   strict=True):
            if in_svg or "Placeholder" not in plain_text:
                continue
            want = plain_text
            for field, word in plain.items():
                want = want.replace(word, shown(hostile[field].strip()))
            assert " ".join(text.split()) == " ".join(want.split()), uri


# --- A few real builds ----------------------------------------------------------------------


@settings(max_examples=4, deadline=None, phases=NO_SHRINK,
          suppress_health_check=[HealthCheck.too_slow])
@given(title=valid_text, organization=valid_text, theme_name=valid_text)
@example(title="a &lt;b&gt; </title><script>window.__pwned=1</script>",
         organization="Org <i data-pwn>x</i>", theme_name="Theme {: .pwn }")
@example(title="\ufeff/-->", organization="*\u00b8", theme_name="---{\\:&]{r{-->\ud7ff")
def test_real_builds_show_the_title_literally(title: str, organization: str,
                                              theme_name: str) -> None:
    themes = yaml.safe_load(THEMES)
    themes[0]["name"] = theme_name
    meta = {"title": title, "themes": ["ceph"], "organizations": [organization]}

    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp) / "p", {
            "themes.yml": dump(themes), "conf-2017/_index.md": CONFERENCE,
            TALK: f"---\n{dump(meta)}---\n\nNotes.\n"})
        site = build_site(project, Path(tmp) / "site", strict=False)
        raw = site.html("talks/conf-2017/x")
        doc = parse_html(raw)
        assert html_title(raw) == f"{shown(title.strip())} - {real_config()['site_name']}"
        (topic,) = [n for n in doc.find_all("div", "md-header__topic")
                    if n.attrs.get("data-md-component") == "header-topic"]
        assert topic.text == shown(title.strip())
        assert doc.find("article").find("h1").text.removesuffix("¶").strip() == shown(
            title.strip())
        (entry,) = [d for d in site.search_docs() if d["location"] == "talks/conf-2017/x/"]
        assert shown(html.unescape(entry["title"])) == shown(title.strip())
        for path in site.root.rglob("*.html"):
            assert injected_markup(parse_html(path.read_text("utf-8"))) == [], path
