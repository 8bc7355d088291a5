"""`build-notes import`, `status` and `publish`: programmes in, draft talk files out.

The fixtures under tests/fixtures/programmes are hand-written in the public shapes (see the
README there); every field the importer reads appears in one of them.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from build_notes.cli import main
from build_notes.importers.html_text import to_markdown
from build_notes.importers.read import read_programme
from build_notes.pipeline import check
from build_notes.programme import notes_written, programme_block, split_programme
from tests.conftest import FIXTURES, MINI, build_site
from tests.hostile_support import injected_markup, parse_html, site_markdown

PROGRAMMES = FIXTURES / "programmes"
XML = PROGRAMMES / "frab-schedule.xml"
JSON = PROGRAMMES / "schedule.json"
PYVIDEO = PROGRAMMES / "pyvideo-democon-2024"
KEYNOTE = "opening-keynote-why-storage-is-hard"
NIGHT = "uberraschung-night-session"
HACKATHON = "hands-on-hackathon"


@pytest.fixture
def talks(tmp_path: Path) -> Path:
    """A writable copy of the small fixture project's talks/."""
    return Path(shutil.copytree(MINI / "talks", tmp_path / "talks"))


def run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def import_(source: Path, talks: Path, *extra: str) -> int:
    return run("import", source, "--talks-dir", talks, "--default-theme", "edge",
               "--theme-map", "Storage=ceph", *extra)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


# --- Readers --------------------------------------------------------------------------------

def test_frab_xml_reads_conference_events_links_and_days() -> None:
    programme = read_programme(XML)
    assert (programme.name, programme.acronym, programme.location) == (
        "DemoCon 2024", "democon2024", "ULB Solbosch, Brussels")
    assert (programme.start, programme.end) == (datetime.date(2024, 2, 3),
                                                datetime.date(2024, 2, 4))
    assert programme.url == "https://democon.example.org/2024/"
    keynote, night, hackathon = programme.events
    assert keynote.place.endswith("/schedule/day[1]/room[1]/event[1]")
    assert (keynote.title, keynote.subtitle, keynote.track, keynote.type) == (
        "Opening keynote", "Why storage is hard", "Storage", "keynote")
    assert keynote.speakers == ("Zoë Ångström", "Jan Novák")
    assert keynote.duration == 50 * 60
    # A relative attachment is resolved against the schedule's base URL.
    assert [(link.kind, link.url) for link in keynote.links][-1] == (
        "attachment", "https://democon.example.org/attachments/keynote-slides.pdf")
    # Overnight: 23:30 for 1h30 stays on its schedule day; no track; multi-day duration.
    assert (night.date, night.duration, night.track) == (datetime.date(2024, 2, 3), 5400, "")
    assert (hackathon.date, hackathon.duration) == (datetime.date(2024, 2, 4), 26 * 3600)


def test_schedule_json_reads_public_name_or_name_and_the_schedule_day() -> None:
    programme = read_programme(JSON)
    assert programme.name == "Kubernetes Día 2024"
    edge, lightning = programme.events
    assert edge.place.endswith("/schedule/conference/days/0/rooms/Salle Bleue/0")
    assert edge.speakers == ("Søren Kierkegård", "Maria José Núñez")
    assert [link.url for link in edge.links] == [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://k3s.io/",
        "https://pretalx.example.org/media/kubecon-2024/slides.pdf"]
    # 00:30 on the 21st belongs to the schedule's first day; persons with only `name`.
    assert (lightning.date, lightning.speakers, lightning.track) == (
        datetime.date(2024, 3, 20), ("Chen Wei 陈伟",), "")


def test_pyvideo_folder_reads_videos_tags_and_dates() -> None:
    programme = read_programme(PYVIDEO)
    assert (programme.name, programme.start) == ("PyDemo 2024", None)
    typing, lightning = programme.events
    assert typing.tags == ("typing", "mypy")
    assert typing.date == datetime.date(2024, 5, 4)
    assert typing.duration == 1397
    assert typing.links[0].kind == "video"
    assert lightning.speakers == ()


def test_programme_html_keeps_paragraphs_lists_emphasis_and_web_links_only() -> None:
    md = to_markdown('<p>A <em>b</em> <a href="https://e.org/x">c</a></p><script>alert(1)'
                     '</script><ul><li><a href="javascript:alert(2)">d</a></li>'
                     '<li><img src=x onerror=alert(3)>e</li></ul>')
    assert md == "A *b* [c](https://e.org/x)\n\nalert\\(1\\)\n\n- d\n- e"
    # Text that merely mentions a tag stays text, escaped.
    assert to_markdown("Use <details> and [x](y)") == \
        "Use &lt;details&gt; and &#91;x&#93;\\(y\\)"


# Each tries to create markup marked `pwn` (see tests/hostile_support.py), or to run `pwn()`.
HOSTILE_HTML = [
    "<script>pwn()</script><p>x</p>", "<p>x<img src=x onerror=pwn()></p>",
    '<a href="javascript:pwn()">x</a>', '<p><a href=" jav&#x61;script:pwn()">x</a></p>',
    "<svg><script>pwn()</script></svg><p>x</p>", '<iframe src="data:text/html,pwn"></iframe>',
    '<p onclick="pwn()">x</p>', '<a href="https://e.org/" onclick="pwn()">x</a>',
    '<p><a href="https://e.org/&quot;onmouseover=&quot;pwn()">x</a></p>',
    '<p><a href="https://e.org/)](javascript:pwn())">[y](javascript:pwn())</a></p>',
    "<p>&lt;script&gt;pwn()&lt;/script&gt;</p>", '<p>x{: onclick="pwn()" data-pwn=1 }</p>',
    '<noscript><p title="</noscript><img src=x onerror=pwn()>"></noscript>',
    "<template><script>pwn()</script></template><p>x</p>", "<p>!!! danger\n    pwn</p>",
    '<ul><li><p class="pwn">??? x</p></li></ul>', "<p>    <b data-pwn>indented</b></p>",
    '<p>[x]: javascript:pwn()</p><p>[x]</p>', "<p>``` html\n<script>pwn()</script></p>",
    '<math><mi xlink:href="javascript:pwn()">x</mi></math>',
]
ALLOWED_TAGS = {"details", "summary", "p", "ul", "ol", "li", "em", "strong", "a", "br", "code"}


@pytest.mark.parametrize("source", HOSTILE_HTML)
def test_programme_html_becomes_markdown_that_renders_only_allowed_markup(source: str) -> None:
    md = site_markdown()
    rendered = md.convert(programme_block(to_markdown(source)))
    document = parse_html(rendered, fragment=True)
    assert injected_markup(document) == []
    tags = {node.tag for node in document.iter()} - {"#document"}
    assert tags <= ALLOWED_TAGS, (tags - ALLOWED_TAGS, rendered)
    assert all(node.attrs["href"].startswith(("https://", "http://"))
               for node in document.iter() if "href" in node.attrs)


# --- Import ---------------------------------------------------------------------------------

def test_import_writes_drafts_that_validate_and_stay_unpublished(
        talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = check(talks).corpus
    assert import_(XML, talks) == 0
    out = capsys.readouterr().out
    assert f"added        {talks.as_posix()}/democon2024/{KEYNOTE}.md" in out
    assert "unknown event types, imported as format 'talk': 'Meeting' (1)" in out
    assert "given theme 'edge': '(no track)' (1), 'Networking' (1)" in out

    result = check(talks)
    assert result.problems == []
    assert result.corpus.talks == before.talks
    assert run("validate", talks) == 0
    assert "OK: 4 talks (and 3 drafts) in 2 conferences" in capsys.readouterr().err
    assert sorted(t.id for t in result.corpus.drafts) == [HACKATHON, KEYNOTE, NIGHT]
    assert "democon2024" not in {c.id for c in result.corpus.conferences}
    assert [c.id for c in result.corpus.unpublished_conferences] == ["democon2024"]
    keynote = next(t for t in result.corpus.drafts if t.id == KEYNOTE)
    assert (keynote.title, keynote.themes, keynote.format, keynote.speakers) == (
        "Opening keynote: Why storage is hard", ("ceph",), "keynote",
        ("Zoë Ångström", "Jan Novák"))
    assert (keynote.date, keynote.duration) == (datetime.date(2024, 2, 3), 3000)
    assert keynote.video == "https://video.fosdem.org/2024/janson/keynote.webm"
    assert keynote.slides == "https://democon.example.org/attachments/keynote-slides.pdf"
    _, block, rest = split_programme(keynote.body)
    assert block is not None and block.startswith('??? programme "From the programme"')
    assert "<" not in block and "javascript" not in block and "onclick" not in block
    assert "[systems](https://ceph.io/)" in block and "- erasure coding" in block
    assert rest.strip() == "!!! opinion" and not notes_written(keynote.body)
    index = (talks / "democon2024/_index.md").read_text("utf-8")
    assert "location: ULB Solbosch, Brussels\nstart: 2024-02-03\nend: 2024-02-04\n" in index


@pytest.mark.parametrize("source", [JSON, PYVIDEO], ids=["schedule-json", "pyvideo"])
def test_every_format_imports_into_valid_drafts(talks: Path, source: Path) -> None:
    assert import_(source, talks) == 0
    result = check(talks)
    assert result.problems == []
    assert len(result.corpus.drafts) == 2


def test_dry_run_writes_nothing_and_says_what_it_would(
        talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(talks)
    assert import_(JSON, talks, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "would add" in out and "Dry run, nothing written: 3 added" in out
    assert snapshot(talks) == before


XML_TEXT = XML.read_text("utf-8")


@pytest.mark.parametrize(("source", "expected"), [
    (XML_TEXT.replace("</schedule>", ""),
     "frab-schedule.xml:90:1: not well-formed XML (no element found)"),
    ('{"schedule": {"conference": ', "schedule.json:1:29: not valid JSON (Expecting value)"),
    ('{"talks": []}', "unknown layout (top level: talks)"),
    ("<programme/>", "/programme: unknown layout"),
    ("talk title, speaker\n", "unknown layout: neither XML nor JSON"),
    ("<schedule><conference><title>C</title></conference></schedule>",
     "frab-schedule.xml: no events in the programme"),
    (XML_TEXT.replace("<title>Hands-on hackathon</title>", "<title> </title>"),
     "/schedule/day[2]/room[1]/event[1]/title: missing title"),
    (XML_TEXT.replace("</event>\n      <event", "</event>\n" + XML_TEXT.split(
        "      <event", 1)[1].split("</event>", 1)[0].join(["      <event", "</event>\n"])
        + "      <event", 1),
     "/schedule/day[1]/room[1]/event[2]: duplicate slug 'democon2024-101-keynote', also at "),
    (XML_TEXT.replace("Überraschung: night session", "Opening keynote")
     .replace("<subtitle></subtitle>\n        <track></track>",
              "<subtitle>Why storage is hard</subtitle>\n        <track></track>"),
     "/schedule/day[1]/room[1]/event[2]/title: 'Opening keynote: Why storage is hard' is the "
     "same title as the event at "),
    (XML_TEXT.replace("Hands-on hackathon", "Hands-on &lt;b&gt;hackathon&lt;/b&gt;"),
     "/schedule/day[2]/room[1]/event[1]/title: 'Hands-on <b>hackathon</b>' holds HTML"),
    (JSON.read_text("utf-8").replace("after midnight", "after\\u001bmidnight"),
     "/schedule/conference/days/0/rooms/Salle Bleue/1/title: 'Lightning talks after\\x1bmidnight' "
     "contains the control character U+001B"),
    (XML_TEXT.replace('date="2024-02-04"', 'date="2024-03-04"'),
     "/schedule/day[2]/room[1]/event[1]/date: 2024-03-04 is outside the conference "
     "(2024-02-03 to 2024-02-04)"),
    (XML_TEXT.replace("<description></description>",
                      "<description>" + "Long words. " * 12_000 + "</description>", 1),
     "/schedule/day[1]/room[1]/event[2]: the abstract and description take 156,096 bytes"),
    (XML_TEXT.replace("Europe/Brussels", "Europe/Atlantis"),
     "/schedule/conference/time_zone_name: unknown time zone 'Europe/Atlantis'"),
    (XML_TEXT.replace("<duration>00:50</duration>", "<duration>fifty</duration>"),
     "/schedule/day[1]/room[1]/event[1]/duration: duration 'fifty' is not hh:mm"),
    ('<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
     "<schedule>&b;</schedule>", "the XML declares a DTD or entities"),
], ids=["xml-syntax", "json-syntax", "json-layout", "xml-layout", "not-a-schedule",
        "no-events", "missing-title", "duplicate-slug", "duplicate-title", "html-title",
        "control-title", "outside-dates", "too-long", "time-zone", "duration", "entity-bomb"])
def test_bad_programme_names_the_place_exits_1_and_writes_nothing(
        talks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str,
        expected: str) -> None:
    name = "schedule.json" if source.startswith("{") else "frab-schedule.xml"
    path = tmp_path / name
    path.write_text(source, "utf-8")
    before = snapshot(talks)
    assert import_(path, talks) == 1
    err = capsys.readouterr().err
    assert expected in err, err
    assert "Nothing was written." in err and "Traceback" not in err
    assert snapshot(talks) == before


def test_a_title_repeated_on_other_days_becomes_one_talk_per_day(
        talks: Path, tmp_path: Path) -> None:
    path = tmp_path / "schedule.xml"
    path.write_text(XML_TEXT.replace("Hands-on hackathon", "Überraschung")
                    .replace("Überraschung: night session", "Überraschung"), "utf-8")
    assert import_(path, talks) == 0
    titles = {t.id: t.title for t in check(talks).corpus.drafts}
    assert titles["uberraschung-2024-02-03"] == "Überraschung (2024-02-03)"
    assert titles["uberraschung-2024-02-04"] == "Überraschung (2024-02-04)"


def test_titles_without_ascii_letters_or_alike_in_their_first_words_get_distinct_files(
        talks: Path, tmp_path: Path) -> None:
    long = "A very long title about storage systems that goes on and on about "
    path = tmp_path / "schedule.xml"
    path.write_text(XML_TEXT.replace("Überraschung: night session", "Ночная сессия")
                    .replace("Opening keynote", long + "keynotes")
                    .replace("Hands-on hackathon", long + "hackathons"), "utf-8")
    assert import_(path, talks) == 0
    titles = {t.title: t.id for t in check(talks).corpus.drafts}
    assert titles["Ночная сессия"] == "democon2024-102-night"
    assert titles[long + "hackathons"] == \
        "a-very-long-title-about-storage-systems-that-goes-on-2"


def test_tracks_without_a_theme_are_refused_with_the_list(
        talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("import", XML, "--talks-dir", talks, "--theme-map", "storage=ceph") == 1
    err = capsys.readouterr().err
    assert "no theme for 2 event(s), by track: '(no track)' (1), 'Networking' (1)" in err
    assert run("import", XML, "--talks-dir", talks, "--default-theme", "ml") == 1
    assert "unknown theme 'ml' in --theme-map/--default-theme" in capsys.readouterr().err


# --- Re-import, status, publish -----------------------------------------------------------

def test_reimport_updates_untouched_drafts_and_never_touches_written_notes(
        talks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert import_(XML, talks) == 0
    folder = talks / "democon2024"
    keynote = folder / f"{KEYNOTE}.md"
    written = keynote.read_text("utf-8").replace("!!! opinion\n", "BlueStore won.\n\n"
                                                 "!!! opinion\n\n    Worth it.\n")
    keynote.write_text(written, "utf-8")
    changed = tmp_path / "changed.xml"
    changed.write_text(
        XML_TEXT.replace("<duration>00:50</duration>", "<duration>00:55</duration>")
        .replace("<duration>01:30</duration>", "<duration>01:45</duration>")
        .replace("Hands-on hackathon", "A new talk"), "utf-8")
    capsys.readouterr()
    assert import_(changed, talks) == 0
    out = capsys.readouterr().out
    assert keynote.read_text("utf-8") == written
    assert f"skipped      {talks.as_posix()}/democon2024/{KEYNOTE}.md: notes written; the " \
        "programme now differs: duration '50m' -> '55m'" in out
    assert f"updated      {talks.as_posix()}/democon2024/{NIGHT}.md: duration '1h30m' -> " \
        "'1h45m'" in out
    assert "duration: 1h45m\n" in (folder / f"{NIGHT}.md").read_text("utf-8")
    assert f"added        {talks.as_posix()}/democon2024/a-new-talk.md" in out
    assert f"kept         {talks.as_posix()}/democon2024/{HACKATHON}.md: no longer in the " \
        "programme (delete it if the talk was cancelled)" in out
    assert (folder / f"{HACKATHON}.md").is_file()
    assert "1 added, 1 updated, 1 skipped, 1 unchanged, 1 no longer in the programme." in out
    assert "_index.md kept as it is; the programme says" not in out
    # The same programme again changes nothing.
    assert import_(changed, talks) == 0
    assert "0 added, 0 updated, 1 skipped, 3 unchanged" in capsys.readouterr().out


def test_publish_needs_notes_and_status_lists_drafts(
        talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert import_(XML, talks) == 0
    capsys.readouterr()
    assert run("publish", f"democon2024/{KEYNOTE}", "--talks-dir", talks) == 1
    assert "no notes yet; write them" in capsys.readouterr().err
    keynote = talks / "democon2024" / f"{KEYNOTE}.md"
    # Notes before the opinion box, left empty: publish says so and changes nothing.
    keynote.write_text(keynote.read_text("utf-8").replace("!!! opinion\n", "The notes.\n\n"
                                                          "!!! opinion\n"), "utf-8")
    before = keynote.read_bytes()
    assert run("publish", f"democon2024/{KEYNOTE}", f"democon2024/{NIGHT}",
               "--talks-dir", talks) == 1
    err = capsys.readouterr().err
    assert "the opinion box is empty" in err and "Nothing was published" in err
    assert keynote.read_bytes() == before
    keynote.write_text(keynote.read_text("utf-8") + "\n    Worth it.\n", "utf-8")
    assert run("status", talks) == 0
    out = capsys.readouterr().out
    assert "democon2024 (DemoCon 2024, 2024-02-03 to 2024-02-04): 0 talks published, 3 drafts " \
        "(1 with notes, ready to publish)" in out
    assert f"  ready     2024-02-03  {talks.as_posix()}/democon2024/{KEYNOTE}.md  Opening " \
        "keynote: Why storage is hard\n" in out
    before = keynote.read_bytes()
    assert run("publish", f"democon2024/{KEYNOTE}", "--talks-dir", talks) == 0
    assert keynote.read_bytes() == before.replace(b"draft: true\n", b"")
    assert run("publish", f"democon2024/{KEYNOTE}", "--talks-dir", talks) == 1
    assert "not a draft, already published" in capsys.readouterr().err
    corpus = check(talks).corpus
    assert KEYNOTE in {t.id for t in corpus.talks}
    assert "democon2024" in {c.id for c in corpus.conferences}


def test_an_imported_talk_without_notes_cannot_be_published_by_hand(talks: Path) -> None:
    assert import_(XML, talks) == 0
    night = talks / "democon2024" / f"{NIGHT}.md"
    night.write_text(night.read_text("utf-8").replace("draft: true\n", ""), "utf-8")
    errors = [str(p) for p in check(talks, shown_as="talks").errors]
    assert errors == [f"talks/democon2024/{NIGHT}.md:9: no notes yet (only the programme "
                      "block or an empty opinion box): write your notes before publishing, "
                      "or set 'draft: true' until then"]
    night.write_text(night.read_text("utf-8").replace("title:", "draft: maybe\ntitle:"),
                     "utf-8")
    assert "'draft' must be true or false, not 'maybe'" in str(check(talks).errors[0])


# --- End to end -----------------------------------------------------------------------------

def test_import_build_write_publish_reimport_build(tmp_path: Path) -> None:
    project = Path(shutil.copytree(MINI, tmp_path / "project"))
    talks = project / "talks"
    assert import_(XML, talks) == 0
    site = build_site(project, tmp_path / "site1")
    assert not (site.root / "talks/democon2024").exists()
    assert "DemoCon" not in (site.root / "conferences/index.html").read_text("utf-8")
    assert not site.search_pages("Zoë")

    notes = {KEYNOTE: "The keynote said BlueStore won.\n\n!!! opinion\n\n    Sharp.\n",
             NIGHT: "Night owls only.\n"}
    for talk_id, text in notes.items():
        path = talks / "democon2024" / f"{talk_id}.md"
        path.write_text(path.read_text("utf-8").replace("!!! opinion\n", text), "utf-8")
        assert run("publish", f"democon2024/{talk_id}", "--talks-dir", talks) == 0
    written = {t: (talks / "democon2024" / f"{t}.md").read_text("utf-8") for t in notes}

    changed = tmp_path / "changed.xml"
    changed.write_text(XML_TEXT.replace("<duration>00:50</duration>",
                                        "<duration>00:55</duration>")
                       .replace("Hands-on hackathon", "A new talk"), "utf-8")
    assert import_(changed, talks) == 0
    assert {t: (talks / "democon2024" / f"{t}.md").read_text("utf-8") for t in notes} == \
        written

    site = build_site(project, tmp_path / "site2")
    keynote = site.html(f"talks/democon2024/{KEYNOTE}/")
    assert "BlueStore" in keynote and "Sharp." in keynote
    assert 'class="programme"' in keynote and "From the programme" in keynote
    assert "<script" not in keynote.split("<article")[1].split("</article>")[0]
    assert site.exists(f"talks/democon2024/{NIGHT}/")
    assert not site.exists(f"talks/democon2024/{HACKATHON}/")
    assert not site.exists("talks/democon2024/a-new-talk/")
    assert f"talks/democon2024/{NIGHT}/" in site.search_pages("Night owls")
    assert not site.search_pages("hackathon")
    every_page = "".join(p.read_text("utf-8") for p in site.root.rglob("*")
                         if p.suffix in (".html", ".xml", ".json", ".js"))
    assert "Hands-on hackathon" not in every_page and "A new talk" not in every_page
    assert "Night owls only" in (site.root / "feed.xml").read_text("utf-8")
    drafts = {t.id for t in check(talks).corpus.drafts}
    assert drafts == {HACKATHON, "a-new-talk"}


def test_a_conference_of_drafts_takes_hand_written_talks(
        talks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert import_(JSON, talks) == 0
    assert run("new", "--conference", "kubecon-2024", "--title", "Hallway track",
               "--theme", "edge", "--talks-dir", talks) == 0
    hallway = talks / "kubecon-2024" / "hallway-track.md"  # its notes, for the template's
    front_matter = hallway.read_text("utf-8").split("\n---\n")[0]
    hallway.write_text(front_matter + "\n---\n\nWhat was said in the hallway.\n", "utf-8")
    corpus = check(talks).corpus
    assert "kubecon-2024" in {c.id for c in corpus.conferences}
    assert [t.id for t in corpus.talks if t.conference_id == "kubecon-2024"] == [
        "hallway-track"]


def test_an_existing_conference_is_kept_and_its_published_talks_never_touched(
        talks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Importing into a conference that already has hand-written talks: the same title is
    not imported again, and _index.md keeps its own dates (the programme's are noted)."""
    existing = talks / "kubecon-eu-2024"
    edge_title = "Kubernetes at the Edge"  # the title of kubecon-eu-2024/edge-kubernetes.md
    path = tmp_path / "schedule.json"
    path.write_text(JSON.read_text("utf-8").replace("Edge clusters at 1,000 sites", edge_title)
                    .replace('"subtitle": "What broke first"', '"subtitle": ""'), "utf-8")
    before = snapshot(existing)
    assert run("import", path, "--talks-dir", talks, "--conference", "kubecon-eu-2024",
               "--default-theme", "edge") == 0
    out = capsys.readouterr().out
    assert "_index.md kept as it is; the programme says: name " in out
    folder = f"{talks.as_posix()}/kubecon-eu-2024"
    assert f"skipped      {folder}/kubernetes-at-the-edge.md: the same title is in " \
        f"{folder}/edge-kubernetes.md, kept as it is" in out
    after = snapshot(existing)
    assert {k: v for k, v in after.items() if k in before} == before
    assert sorted(set(after) - set(before)) == ["lightning-talks-after-midnight.md"]
