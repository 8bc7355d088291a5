"""Loading talk files: bytes to records (the lines of each key and of the body), and hostile
files and colliding names: what is accepted, what is refused, and how it is said.

Issue 6: UTF-8 with a BOM and CRLF line ends are accepted; other encodings, empty files,
files over the size limit in schema.yml, symlinks that leave talks/, and YAML with anchors,
aliases or tags are refused with a clear message (and YAML never runs anything); titles that
differ only in case or punctuation are reported as likely duplicates; ids that collide with a
URL the site generates are refused. Each case checks the message a contributor reads
(`path:line: what is wrong; what to do`) and that nothing crashes on the way.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from build_notes.cli.main import main
from build_notes.content.load import load_tree
from build_notes.content.schema import load_schema
from build_notes.errors import TalkNotesError
from build_notes.pipeline import build, check
from tests.conftest import ROOT, BuildFailed, build_site
from tests.helpers import CONFERENCE, GOOD, THEMES, problems, talk, tree
from tests.hostile_support import make_project, parse_html

X = "talks/conf-2017/x.md"
LIMIT = load_schema().max_file_bytes


def only(found: list[str], prefix: str) -> list[str]:
    return [p for p in found if p.startswith(prefix)]


# --- Records: bytes to front matter, body and lines -----------------------------------------

def test_records_remember_key_lines_and_body_line(tmp_path: Path) -> None:
    root = tree(tmp_path, {"conf-2017/x.md": talk("title: T\n\nthemes:\n  - ceph\nrating: 3",
                                                  "Body line.\n")})
    record = next(r for r in load_tree(root) if r.id == "x")
    assert record.kind == "talk"
    assert record.conference_id == "conf-2017"
    assert {path: e.line for path, e in record.entries.items()} == {
        "title": 2, "themes": 4, "rating": 6}
    assert record.entries["themes"].item_lines == (5,)
    assert record.data == {"title": "T", "themes": ["ceph"], "rating": 3}
    body_lines = record.body.split("\n")
    assert body_lines[9 - record.body_line] == "Body line."  # line 9 of the file


def test_a_record_of_a_bom_and_crlf_file_is_that_of_a_plain_one(tmp_path: Path) -> None:
    raw = ("\ufeff" + GOOD).replace("\n", "\r\n").encode("utf-8")
    root = tree(tmp_path, {"conf-2017/x.md": raw})
    record = next(r for r in load_tree(root) if r.id == "x")
    assert record.problems == ()
    assert record.data == {"title": "A talk", "themes": ["ceph"]}
    assert "\r" not in record.body


def test_dates_stay_text_for_the_validator(tmp_path: Path) -> None:
    root = tree(tmp_path, {"conf-2017/x.md": talk("title: T\nthemes: [ceph]\ndate: 2017-13-01")})
    record = next(r for r in load_tree(root) if r.id == "x")
    assert record.data["date"] == "2017-13-01"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "talks/conf-2017/x.md:1: file is empty"),
        (b"title: x\n", "talks/conf-2017/x.md:1: no front matter"),
        (b"---\ntitle: x\nthemes: [ceph]\n", "talks/conf-2017/x.md:1: front matter is not closed"),
        (b"---\ntitle: x\nthemes: [ceph\n---\n", "talks/conf-2017/x.md:3: YAML syntax error"),
        (b"---\ntitle: x\nthemes: [ceph]\ntitle: y\n---\n",
         "talks/conf-2017/x.md:4: key 'title' is given twice (first at line 2); keep one"),
        (b"---\n---\nNotes.\n", "talks/conf-2017/x.md:1: missing required key 'title'"),
        (b"---\ntitle: x\nthemes:\n\t- ceph\n---\n",
         "talks/conf-2017/x.md:4: YAML syntax error: a tab indents this line; use spaces "
         "(YAML does not allow tabs there)"),
        (b"---\nrating: " + b"9" * 5000 + b"\n---\n", "talks/conf-2017/x.md:2: a number too long"),
        (b"\xff\xfe-\x00-\x00", "talks/conf-2017/x.md:1: not UTF-8"),
        (b"---\ntitle: a: b: c\n---\n", "talks/conf-2017/x.md:2: YAML syntax error"),
        (b"---\ntitle: x\nthemes: [ceph]\n---\n\ncaf\xe9\n", "talks/conf-2017/x.md:6: not UTF-8"),
        (b"---\ntitle: &t x\nthemes: [ceph]\n---\n", "talks/conf-2017/x.md:2: YAML anchors"),
        (b"---\ntitle: x\nthemes: *t\n---\n", "talks/conf-2017/x.md:3: YAML anchors"),
        (b"---\ntitle: !!python/object:os.system x\nthemes: [ceph]\n---\n",
         "talks/conf-2017/x.md:2: YAML tags (!!python/object:os.system) are not allowed"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, expected: str) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": content})
    assert any(p.startswith(expected) for p in found), found


def test_stray_files_are_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {"notes.md": GOOD, "conf-2017/photo.png": b"\x89PNG",
                                "conf-2017/sub/x.md": GOOD})
    assert any(p.startswith("talks/notes.md:0: talk files belong in a conference folder")
               for p in found), found
    assert any(p.startswith("talks/conf-2017/photo.png:0: not a talk") for p in found), found
    assert any(p.startswith("talks/conf-2017/sub/x.md:0: too deep") for p in found), found


def test_editor_and_hidden_files_are_passed_by(tmp_path: Path) -> None:
    """What vim, emacs and the system write beside a talk being edited is no talk: a serve
    running beside the editor must not fail on it. A file of another name still is refused."""
    editor = {"conf-2017/.x.md.swp": b"\x00", "conf-2017/x.md~": GOOD,
              "conf-2017/#x.md#": GOOD, "conf-2017/.#x.md": b"root@host.1234",
              "conf-2017/.DS_Store": b"\x00", "conf-2017/.obsidian/workspace.json": b"{}",
              "conf-2017/x.md.orig": GOOD,
              "conf-2017/.y.md": GOOD.replace("A talk", "Another talk")}
    found = problems(tmp_path, {"conf-2017/x.md": GOOD, **editor})
    assert len(found) == 2, found  # a stray file, and hidden notes that may be a talk:
    assert any(p.startswith("talks/conf-2017/x.md.orig:0: not a talk") for p in found), found
    assert any(p.startswith("talks/conf-2017/.y.md:1: file name '.y.md' is not a slug")
               for p in found), found


def test_missing_themes_file_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/_index.md": "---\nname: C\nstart: 2017-01-01\n"
                                "end: 2017-01-02\n---\n", "conf-2017/x.md": GOOD}, base=False)
    assert any(p.startswith("talks/themes.yml:1: missing") for p in found), found


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(TalkNotesError, match="no such folder"):
        load_tree(tmp_path / "nope")


# --- Encodings and line ends ------------------------------------------------------------------


def test_bom_crlf_and_cr_files_build_like_plain_ones(tmp_path: Path) -> None:
    """A BOM or Windows/old-Mac line ends change nothing the reader sees."""
    crlf = ("\ufeff" + talk("title: CRLF talk\nthemes: [ceph]", "## Part one\n\nSaid *this*.\n")
            ).replace("\n", "\r\n").encode("utf-8")
    cr = talk("title: CR talk\nthemes: [nfv]", "## Part two\n\nSaid that.\n").replace(
        "\n", "\r").encode("utf-8")
    project = make_project(tmp_path / "p", {
        "themes.yml": ("\ufeff" + THEMES).replace("\n", "\r\n").encode("utf-8"),
        "conf-2017/_index.md": ("\ufeff" + CONFERENCE).replace("\n", "\r\n").encode("utf-8"),
        "conf-2017/crlf.md": crlf,
        "conf-2017/cr.md": cr,
    })
    assert check(project / "talks", shown_as="talks").problems == []
    site = build_site(project, tmp_path / "site")
    for url, title, heading in [("talks/conf-2017/crlf", "CRLF talk", "Part one"),
                                ("talks/conf-2017/cr", "CR talk", "Part two")]:
        article = parse_html(site.html(url)).find("article")
        assert article.find("h1").text.removesuffix("¶").strip() == title
        assert article.find("h2").text.removesuffix("¶").strip() == heading
        assert "\ufeff" not in article.raw_text() and "\r" not in article.raw_text()
    assert parse_html(site.html("conferences/conf-2017")).find("h1").text.startswith(
        "Test Conf 2017")


ENCODED = {
    "UTF-16 with BOM": GOOD.encode("utf-16"),
    "UTF-16-LE without BOM": GOOD.encode("utf-16-le"),
    "UTF-16-BE without BOM": GOOD.encode("utf-16-be"),
    "UTF-32": GOOD.encode("utf-32"),
    "Latin-1": talk("title: Caf\u00e9 scale\nthemes: [ceph]").encode("latin-1"),
    "Windows-1252": talk("title: \u201cQuoted\u201d\nthemes: [ceph]").encode("cp1252"),
}


@pytest.mark.parametrize("data", ENCODED.values(), ids=ENCODED.keys())
def test_other_encodings_are_refused_as_not_utf8(tmp_path: Path, data: bytes) -> None:
    """The message must say what is wrong (the encoding), not that the front matter is gone."""
    found = problems(tmp_path, {"conf-2017/x.md": data})
    assert only(found, X) and all("UTF-8" in p for p in only(found, X)), found
    assert any(p.endswith("save the file as UTF-8") for p in found), found


def test_a_latin1_byte_is_reported_at_its_line(tmp_path: Path) -> None:
    data = talk("title: T\nthemes: [ceph]", "First.\n\nCaf\u00e9.\n").encode("latin-1")
    assert problems(tmp_path, {"conf-2017/x.md": data}) == [
        f"{X}:8: not UTF-8 (byte 0xe9); save the file as UTF-8"]


# --- Empty and oversized files ----------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"\n\n", b"  \t \n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n"],
                         ids=["zero bytes", "blank lines", "spaces", "BOM only", "BOM and CRLF"])
def test_empty_talk_files_are_refused(tmp_path: Path, data: bytes) -> None:
    assert only(problems(tmp_path, {"conf-2017/x.md": data}), X) == [
        f"{X}:1: file is empty; add front matter and notes, or delete it"]


@pytest.mark.parametrize("data", [b"---\n---\n", b"---\n---\nNotes.\n",
                                  b"---\n# title: T\n---\nNotes.\n", b"---\n~\n---\n"],
                         ids=["nothing", "notes only", "a comment", "null"])
def test_empty_front_matter_is_refused_not_skipped(tmp_path: Path, data: bytes) -> None:
    """A file whose front matter says nothing is an error, not a talk quietly left out."""
    found = problems(tmp_path, {"conf-2017/x.md": data})
    assert any(p.startswith(f"{X}:1: ") and "title" in p for p in found), found


def test_an_empty_themes_file_gets_advice_that_fits_it(tmp_path: Path) -> None:
    """themes.yml has no front matter or notes, and deleting it would break every talk."""
    (message,) = only(problems(tmp_path, {"themes.yml": b""}), "talks/themes.yml")
    assert message.startswith("talks/themes.yml:1: file is empty")
    assert "front matter" not in message and "delete it" not in message, message


def test_the_size_limit_is_the_documented_one() -> None:
    assert LIMIT == 262_144
    schema = (ROOT / "build_notes/data/schema.yml").read_text("utf-8")
    assert re.search(r"^max_file_bytes: 262144$", schema, re.MULTILINE)


def test_the_readme_documents_the_limits() -> None:
    """Issue 6's "done when": the README documents the file size limit and the allowed keys."""
    readme = (ROOT / "README.md").read_text("utf-8")
    assert re.search(r"262,?144|256 ?(KB|KiB|kB)", readme), "the size limit is not in README"
    missing = [k for k in load_schema().talk if f"`{k}`" not in readme]
    assert missing == [], f"keys not documented in README: {missing}"


def _padded(size: int) -> bytes:
    head = talk("title: T\nthemes: [ceph]", "").encode("utf-8")
    return head + b"x" * (size - len(head) - 1) + b"\n"


def test_a_file_of_exactly_the_limit_is_accepted(tmp_path: Path) -> None:
    data = _padded(LIMIT)
    assert len(data) == LIMIT
    assert problems(tmp_path, {"conf-2017/x.md": data}) == []


@pytest.mark.parametrize("name", ["conf-2017/x.md", "conf-2017/_index.md", "themes.yml"])
def test_a_file_one_byte_over_the_limit_is_refused(tmp_path: Path, name: str) -> None:
    found = problems(tmp_path, {name: _padded(LIMIT + 1)})
    assert f"talks/{name}:1: file is {LIMIT + 1:,} bytes, over the limit of {LIMIT:,}; split " \
           "the notes or shorten them" in found, found


# --- Symbolic links ---------------------------------------------------------------------------


def test_a_file_link_leaving_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.md").write_text(GOOD, "utf-8")
    root = tree(tmp_path, {})
    os.symlink(tmp_path / "outside.md", root / "conf-2017" / "x.md")
    assert [str(p) for p in check(root, "talks").problems] == [
        f"{X}:0: is a symbolic link that leads outside the talks folder; copy the file in "
        "instead"]


def test_a_folder_link_leaving_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "_index.md").write_text(CONFERENCE, "utf-8")
    (outside / "x.md").write_text(GOOD, "utf-8")
    root = tree(tmp_path, {"themes.yml": THEMES}, base=False)
    os.symlink(outside, root / "linked-2017")
    result = check(root, "talks")
    assert [str(p) for p in result.problems] == [
        "talks/linked-2017:0: is a symbolic link that leads outside the talks folder; copy the "
        "folder in instead"]
    assert result.corpus.talks == ()


def test_a_link_inside_the_folder_is_read_like_a_file(tmp_path: Path) -> None:
    root = tree(tmp_path, {"conf-2017/a.md": GOOD})
    os.symlink(root / "conf-2017" / "a.md", root / "conf-2017" / "b.md")
    result = check(root, "talks")
    # The same file twice is the same title twice: reported, not built twice.
    assert [p.message.split(":")[0] for p in result.problems] == [
        "title is the same as in talks/conf-2017/a.md but for case or punctuation"]


def _broken_links(root: Path, kind: str) -> None:
    folder = root / "conf-2017"
    if kind == "dangling":
        os.symlink(folder / "missing.md", folder / "x.md")
    elif kind == "loop":
        os.symlink(folder / "y.md", folder / "x.md")
        os.symlink(folder / "x.md", folder / "y.md")
    elif kind == "folder named like a talk":
        (root / "other").mkdir()
        os.symlink(root / "other", folder / "x.md")


@pytest.mark.parametrize("kind", ["dangling", "loop", "folder named like a talk"])
def test_broken_links_are_reported_not_raised(tmp_path: Path, kind: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """`build-notes validate` must name the file, not end in a traceback."""
    root = tree(tmp_path, {"conf-2017/a.md": GOOD})
    _broken_links(root, kind)
    code = main(["validate", str(root)])
    out = capsys.readouterr().out
    assert code == 1
    assert re.search(r"conf-2017/x\.md:\d+: ", out), out


# --- YAML: loaded safely, anchors, aliases and tags refused ------------------------------------


def test_python_tags_run_nothing_and_are_refused(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    payloads: dict[str, str | bytes] = {
        "conf-2017/a.md": talk(f"title: !!python/object/apply:os.system ['touch {marker}']\n"
                               "themes: [ceph]"),
        "conf-2017/b.md": talk("title: !!python/object/new:os.system\n"
                               f"  args: ['touch {marker}']\nthemes: [ceph]"),
        "conf-2017/c.md": talk(f"%TAG !py! tag:yaml.org,2002:python/object/apply:\n---\n"
                               f"title: !py!os.system ['touch {marker}']\nthemes: [ceph]"),
        "conf-2017/d.md": talk("title: !!python/name:os.system\nthemes: [ceph]"),
    }
    found = problems(tmp_path, payloads)
    assert not marker.exists(), "loading YAML ran a command"
    for name in payloads:
        assert only(found, f"talks/{name}:"), (name, found)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("conf-2017/x.md", talk("title: !!str 2017\nthemes: [ceph]"),
         f"{X}:2: YAML tags (!!str) are not allowed; write a plain value"),
        ("conf-2017/x.md", talk("title: !local x\nthemes: [ceph]"),
         f"{X}:2: YAML tags (!local) are not allowed"),
        ("conf-2017/x.md", talk("title: !!binary aGk=\nthemes: [ceph]"),
         f"{X}:2: YAML tags (!!binary) are not allowed"),
        ("conf-2017/x.md", talk("base: &b {themes: [ceph]}\ntitle: T\n<<: *b"),
         f"{X}:2: YAML anchors and aliases (&name, *name) are not allowed; write the value out"),
        ("conf-2017/_index.md", talk("name: &n C\nlocation: *n\nstart: 2017-05-08\n"
                                     "end: 2017-05-11"),
         "talks/conf-2017/_index.md:2: YAML anchors and aliases"),
        ("themes.yml", THEMES + "- &t\n  id: x\n  name: X\n  description: D.\n- *t\n",
         "talks/themes.yml:13: YAML anchors and aliases"),
        ("themes.yml", THEMES + "- !!map {id: x, name: X, description: D.}\n",
         "talks/themes.yml:13: YAML tags (!!map) are not allowed"),
    ],
)
def test_yaml_anchors_aliases_and_tags_are_refused_at_their_line(
        tmp_path: Path, name: str, content: str, expected: str) -> None:
    found = problems(tmp_path, {name: content})
    assert any(p.startswith(expected) for p in found), found


def test_a_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]"
              for i in range(8)]
    start = time.perf_counter()
    found = problems(tmp_path, {"conf-2017/x.md": talk("\n".join(lines))})
    assert time.perf_counter() - start < 5
    assert any("anchors and aliases" in p for p in found), found


def test_duplicate_keys_are_reported_not_silently_dropped(tmp_path: Path) -> None:
    """PyYAML keeps the last of two equal keys; the first value would vanish unannounced."""
    found = problems(tmp_path, {"conf-2017/x.md": talk(
        "title: The real title\nthemes: [ceph]\ntitle: Another title")})
    assert any(p.startswith(f"{X}:4: ") and "title" in p for p in found), found


# --- Likely duplicates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Ceph at Scale", "ceph at scale"),
        ("Ceph, at Scale!", "Ceph at Scale"),
        ("Ceph at  Scale", "Ceph at Scale"),
        ("Ceph — at scale", "Ceph: at scale?"),
        ("Die Straße", "DIE STRASSE"),
        ("“Quoted” title", '"Quoted" title'),
    ],
)
def test_titles_differing_only_in_case_or_punctuation_are_reported(
        tmp_path: Path, first: str, second: str) -> None:
    found = problems(tmp_path, {
        "conf-2017/a.md": talk(f"title: '{first}'\nthemes: [ceph]"),
        "conf-2017/b.md": talk(f"title: '{second}'\nthemes: [ceph]")})
    assert found == ["talks/conf-2017/b.md:2: title is the same as in talks/conf-2017/a.md but "
                     "for case or punctuation: a duplicate? merge the notes into one file or "
                     "make the titles distinct"]


def test_every_further_duplicate_is_reported_and_none_is_built(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {f"conf-2017/{n}.md": talk(f"title: '{t}'\nthemes: [ceph]")
             for n, t in [("a", "Ceph at scale"), ("b", "CEPH AT SCALE"), ("c", "ceph-at-scale")]}
    result = build(tree(tmp_path, files), shown_as="talks")
    assert [(p.path, p.line) for p in result.errors] == [
        ("talks/conf-2017/b.md", 2), ("talks/conf-2017/c.md", 2)]
    assert result.pages is None


def test_the_same_title_in_two_conferences_is_fine(tmp_path: Path) -> None:
    other = CONFERENCE.replace("Test Conf 2017", "Other 2018").replace("2017", "2018")
    assert problems(tmp_path, {"conf-2017/a.md": GOOD, "other-2018/_index.md": other,
                               "other-2018/b.md": GOOD}) == []


# --- Ids that collide with generated URLs -----------------------------------------------------

GENERATED = ["themes", "conferences", "organizations", "talks", "search", "assets"]


@pytest.mark.parametrize("reserved", GENERATED)
def test_a_theme_id_colliding_with_a_generated_url_is_refused(tmp_path: Path,
                                                              reserved: str) -> None:
    found = problems(tmp_path, {"themes.yml": THEMES + f"- id: {reserved}\n  name: N\n"
                                "  description: D.\n"})
    assert f"talks/themes.yml:13: theme id '{reserved}' is reserved for a page of the site; " \
           "choose another" in found, found


@pytest.mark.parametrize("reserved", GENERATED)
def test_a_conference_id_colliding_with_a_generated_url_is_refused(tmp_path: Path,
                                                                   reserved: str) -> None:
    found = problems(tmp_path, {f"{reserved}/_index.md": CONFERENCE, f"{reserved}/x.md": GOOD})
    assert f"talks/{reserved}/_index.md:1: conference id '{reserved}' is reserved for a page " \
           "of the site; rename the folder" in found, found


def test_a_theme_id_index_would_replace_the_themes_index(tmp_path: Path) -> None:
    """themes/index.md is the list of themes: a theme with id 'index' must not overwrite it."""
    root = tree(tmp_path, {"themes.yml": THEMES + "- id: index\n  name: Index theme\n"
                           "  description: D.\n", "conf-2017/x.md": GOOD})
    result = build(root, shown_as="talks")
    if result.pages is not None:  # accepted: then both pages must exist, each its own
        assert result.pages["themes/index.md"].count("](") >= 5, "the themes index was replaced"
        assert any("Index theme" in text for uri, text in result.pages.items()
                   if uri != "themes/index.md"), "the 'index' theme has no page"
    else:
        assert any("index" in p.message for p in result.errors), result.errors


def test_a_conference_id_index_would_replace_the_conferences_index(tmp_path: Path) -> None:
    index = CONFERENCE.replace("Test Conf 2017", "Index Conf")
    root = tree(tmp_path, {"index/_index.md": index, "index/x.md": GOOD})
    result = build(root, shown_as="talks")
    if result.pages is not None:
        assert "Test Conf 2017" in result.pages["conferences/index.md"], (
            "the conferences index was replaced")
    else:
        assert any(p.path == "talks/index/_index.md" for p in result.errors), result.errors


def test_an_organisation_named_index_keeps_the_organisations_index(tmp_path: Path) -> None:
    """Organisation pages are named after the organisation: 'Index' must get a page of its own."""
    project = make_project(tmp_path / "p", {
        "themes.yml": THEMES, "conf-2017/_index.md": CONFERENCE,
        "conf-2017/x.md": talk("title: T\nthemes: [ceph]\norganizations: [Index, Intel]")})
    site = build_site(project, tmp_path / "site")
    listing = parse_html(site.html("organizations")).find("article")
    assert {a.text for a in listing.find_all("h2")} >= {"Index¶", "Intel¶"}, listing.text
    assert "Talks given by Intel" not in listing.text


@pytest.mark.parametrize("field", ["organizations", "tags", "speakers"])
def test_very_long_names_build(tmp_path: Path, field: str) -> None:
    """A 300-character organisation becomes a 300-character file name: over the OS limit."""
    name = "The " + "Very " * 60 + "Long Name"
    project = make_project(tmp_path / "p", {
        "themes.yml": THEMES, "conf-2017/_index.md": CONFERENCE,
        "conf-2017/x.md": talk(f"title: T\nthemes: [ceph]\n{field}: [{name}]")})
    try:
        site = build_site(project, tmp_path / "site")
    except BuildFailed as e:  # refusing is fine, if it says which file and line
        assert "talks/conf-2017/x.md:4:" in str(e), str(e)
    else:
        assert name in parse_html(site.html("talks/conf-2017/x")).find("article").text


def test_a_very_long_theme_id_builds_or_is_refused(tmp_path: Path) -> None:
    theme_id = "-".join(["long"] * 60)
    project = make_project(tmp_path / "p", {
        "themes.yml": THEMES + f"- id: {theme_id}\n  name: Long\n  description: D.\n",
        "conf-2017/_index.md": CONFERENCE,
        "conf-2017/x.md": talk(f"title: T\nthemes: [{theme_id}]")})
    try:
        site = build_site(project, tmp_path / "site")
    except BuildFailed as e:
        assert "talks/themes.yml:13:" in e.log, e.log
    else:
        assert site.exists(f"themes/{theme_id}")
