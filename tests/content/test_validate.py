"""Validation: every rule, fed bad input, reports the exact line and a fix."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from build_notes.content.load import load_tree
from build_notes.content.validate import validate
from tests.helpers import CONFERENCE, GOOD, THEMES, problems, talk, tree

X = "talks/conf-2017/x.md"


def test_a_clean_tree_has_no_problems_and_yields_the_talks(tmp_path: Path) -> None:
    root = tree(tmp_path, {"conf-2017/x.md": talk(
        "title: A talk\nthemes: [ceph, nfv]\nformat: panel\nspeakers: [Ada]\n"
        "organizations: [Intel]\ntags: [dpdk]\ndate: 2017-05-09\nvideo: https://youtu.be/x\n"
        "slides: http://example.org/s.pdf\nrating: 5\nduration: 38m")})
    corpus, found = validate(load_tree(root))
    assert found == []
    (t,) = corpus.talks
    assert (t.key, t.title, t.themes, t.format, t.speakers, t.organizations, t.tags) == (
        "conf-2017/x", "A talk", ("ceph", "nfv"), "panel", ("Ada",), ("Intel",), ("dpdk",))
    assert (t.date, t.video, t.slides, t.rating, t.duration) == (
        datetime.date(2017, 5, 9), "https://youtu.be/x", "http://example.org/s.pdf", 5, 2280)
    assert corpus.conferences[0].name == "Test Conf 2017"
    assert [th.id for th in corpus.themes] == ["ceph", "nfv", "kubernetes", "edge"]


def test_format_defaults_to_talk(tmp_path: Path) -> None:
    corpus, _ = validate(load_tree(tree(tmp_path, {"conf-2017/x.md": GOOD})))
    assert corpus.talks[0].format == "talk"


# (front matter of talks/conf-2017/x.md, the expected start of one problem line)
RULES = [
    ("themes: [ceph]", f"{X}:1: missing required key 'title'"),
    ("title: T", f"{X}:1: missing required key 'themes'"),
    ("title:\nthemes: [ceph]", f"{X}:2: 'title' is empty"),
    ("title: '  '\nthemes: [ceph]", f"{X}:2: 'title' is empty"),
    ("title: 2017\nthemes: [ceph]", f"{X}:2: 'title' is read as a number; put it in quotes"),
    ("title: yes\nthemes: [ceph]", f"{X}:2: 'title' is read as true/false"),
    ("title: [a, b]\nthemes: [ceph]", f"{X}:2: 'title' must be text, not a list"),
    ("title: T\nthemes: []", f"{X}:3: 'themes' is empty"),
    ("title: T\nthemes: ceph", f"{X}:3: 'themes' must be a list: themes: [ceph]"),
    ("title: T\nthemes: [ceph, ml]",
     f"{X}:3: unknown theme 'ml'; known: ceph, edge, kubernetes, nfv"),
    ("title: T\nthemes: [cepf]", f"{X}:3: unknown theme 'cepf'; did you mean 'ceph'?"),
    ("title: T\nthemes: [ceph, ceph]", f"{X}:3: 'themes' lists 'ceph' twice"),
    ("title: T\nthemes: [ceph]\nspeaker: [Ada]",
     f"{X}:4: unknown key 'speaker'; did you mean 'speakers'?"),
    ("title: T\nthemes: [ceph]\nvenue: x", f"{X}:4: unknown key 'venue'; allowed keys: title,"),
    ("title: T\nthemes: [ceph]\nspeakers: Ada", f"{X}:4: 'speakers' must be a list"),
    ("title: T\nthemes: [ceph]\ntags: {a: 1}", f"{X}:4: 'tags' must be a list of text"),
    ("title: T\nthemes: [ceph]\nformat: Keynote",
     f"{X}:4: unknown format 'Keynote'; did you mean 'keynote'?"),
    ("title: T\nthemes: [ceph]\nformat: seminar", f"{X}:4: unknown format 'seminar'; use one of"),
    ("title: T\nthemes: [ceph]\ndate: May 8", f"{X}:4: 'date' is 'May 8', not a date"),
    ("title: T\nthemes: [ceph]\ndate: 2017-13-01", f"{X}:4: 'date' is '2017-13-01', not a date"),
    ("title: T\nthemes: [ceph]\ndate: 2017-06-01",
     f"{X}:4: 'date' 2017-06-01 is outside Test Conf 2017 (2017-05-08 to 2017-05-11)"),
    ("title: T\nthemes: [ceph]\nvideo: javascript:alert(1)",
     f"{X}:4: 'video' is 'javascript:alert(1)', not an http(s) URL"),
    ("title: T\nthemes: [ceph]\nslides: ftp://example.org/x",
     f"{X}:4: 'slides' is 'ftp://example.org/x', not an http(s) URL"),
    ("title: T\nthemes: [ceph]\nvideo: https://",
     f"{X}:4: 'video' is 'https://', not an http(s) URL"),
    ("title: T\nthemes: [ceph]\nrating: 6", f"{X}:4: 'rating' must be a whole number from 1 to 5"),
    ("title: T\nthemes: [ceph]\nrating: 0", f"{X}:4: 'rating' must be a whole number from 1 to 5"),
    ("title: T\nthemes: [ceph]\nrating: '4'",
     f"{X}:4: 'rating' must be a whole number from 1 to 5, not '4'"),
    ("title: T\nthemes: [ceph]\nrating: 4.5", f"{X}:4: 'rating' must be a whole number"),
    ("title: T\nthemes: [ceph]\nduration: long", f"{X}:4: 'duration' is 'long', not a duration"),
    ("title: \"T\\x07\"\nthemes: [ceph]", f"{X}:2: 'title' contains the control character U+0007"),
    ("- title\n- themes", f"{X}:1: front matter must be 'key: value' lines"),
]


@pytest.mark.parametrize(("front_matter", "expected"), RULES)
def test_each_rule_names_the_line(tmp_path: Path, front_matter: str, expected: str) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(front_matter)})
    assert any(p.startswith(expected) for p in found), found


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Notes.\n\n<script>alert(1)</script>\n", f"{X}:8: <script> is not allowed in notes"),
        ('Notes.\n<img src=x onerror="alert(1)">\n',
         f"{X}:7: the event handler onerror= on <img> is not allowed"),
        ("[click](javascript:alert(1))\n",
         f"{X}:6: a link to a 'javascript:' URL is not allowed in notes"),
    ],
)
def test_unsafe_html_in_the_notes_is_reported(tmp_path: Path, body: str, expected: str) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk("title: T\nthemes: [ceph]", body)})
    assert any(p.startswith(expected) for p in found), found


def test_unsafe_html_inside_code_is_fine(tmp_path: Path) -> None:
    body = "Example: `<script>`\n\n```html\n<script>alert(1)</script>\n```\n"
    assert problems(tmp_path, {"conf-2017/x.md": talk("title: T\nthemes: [ceph]", body)}) == []


def test_timestamps_past_the_duration(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(
        "title: T\nthemes: [ceph]\nduration: 10m", "Fine at 9m59s.\nToo late at 10m01s.\n")})
    assert found == [f"{X}:8: timestamp 10m01s is past the video's duration (10:00); fix the "
                     "timestamp or the duration"]


def test_timestamps_on_an_unknown_video_host_are_a_note(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(
        "title: T\nthemes: [ceph]\nvideo: https://example.org/watch/v", "See 1m02s.\n")})
    assert found == [f"{X}:7: note: timestamp 1m02s cannot link into the video: start "
                     "times link into YouTube, Vimeo, media.ccc.de, PeerTube, archive.org and "
                     "video files; it shows as plain text"]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"conf-2017/My Talk.md": GOOD},
         "talks/conf-2017/My Talk.md:1: file name 'My Talk.md' is not a slug of at most 80 "
         "characters: rename it to 'my-talk.md'"),
        ({"Conf_2017/_index.md": CONFERENCE, "Conf_2017/x.md": GOOD},
         "talks/Conf_2017/_index.md:1: folder name 'Conf_2017' is not a slug of at most 80 "
         "characters: rename the folder to 'conf-2017'"),
        ({"other-2018/x.md": GOOD},
         "talks/other-2018/_index.md:0: missing: every conference folder needs an _index.md"),
        ({"themes/_index.md": CONFERENCE, "themes/x.md": GOOD},
         "talks/themes/_index.md:1: conference id 'themes' is reserved"),
        ({"conf-2017/_index.md": "---\nname: C\nstart: 2017-05-11\nend: 2017-05-08\n---\n"},
         "talks/conf-2017/_index.md:4: 'end' (2017-05-08) is before 'start' (2017-05-11)"),
        ({"conf-2017/_index.md": "---\nname: C\nstart: 2017-05-11\n---\n"},
         "talks/conf-2017/_index.md:1: missing required key 'end'"),
        ({"conf-2017/_index.md": "---\nname: C\nstart: 2017-05-08\nend: 2017-05-09\n"
          "url: www.example.org\n---\n"},
         "talks/conf-2017/_index.md:5: 'url' is 'www.example.org', not an http(s) URL"),
        ({"themes.yml": THEMES + "- id: Bad Id\n  name: B\n  description: D.\n"},
         "talks/themes.yml:13: 'id' is 'Bad Id', not a slug"),
        ({"themes.yml": THEMES + "- id: ceph\n  name: B\n  description: D.\n"},
         "talks/themes.yml:13: theme id 'ceph' is already used at line 1"),
        ({"themes.yml": THEMES + "- id: search\n  name: S\n  description: D.\n"},
         "talks/themes.yml:13: theme id 'search' is reserved"),
        ({"themes.yml": THEMES + "- id: x\n  name: X\n"},
         "talks/themes.yml:13: missing required key 'description'"),
        ({"themes.yml": "ceph: Ceph\n"}, "talks/themes.yml:1: themes.yml must be a list"),
        ({"conf-2017/a.md": talk("title: Ceph, at Scale!\nthemes: [ceph]"),
          "conf-2017/b.md": talk("title: ceph at scale\nthemes: [ceph]")},
         "talks/conf-2017/b.md:2: title is the same as in talks/conf-2017/a.md but for case or "
         "punctuation"),
    ],
)
def test_tree_rules(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    found = problems(tmp_path, files)
    assert any(p.startswith(expected) for p in found), found


def test_the_same_talk_id_in_two_conferences_is_fine(tmp_path: Path) -> None:
    other = CONFERENCE.replace("Test Conf 2017", "Other 2018").replace("2017", "2018")
    assert problems(tmp_path, {"conf-2017/x.md": GOOD, "other-2018/_index.md": other,
                               "other-2018/x.md": GOOD}) == []


def test_every_problem_is_reported_in_one_run(tmp_path: Path) -> None:
    found = problems(tmp_path, {
        "conf-2017/a.md": talk("title: T\nthemes: [ml]\nrating: 9"),
        "conf-2017/b.md": talk("themes: [ceph]\nspeaker: [x]"),
        "conf-2017/c.md": b"\xff\xfe",
        "stray.txt": "x",
    })
    assert [p.split(": ")[0] for p in found] == [
        "talks/conf-2017/a.md:3", "talks/conf-2017/a.md:4", "talks/conf-2017/b.md:1",
        "talks/conf-2017/b.md:3", "talks/conf-2017/c.md:1", "talks/stray.txt:0"]


def test_talks_with_errors_are_left_out_of_the_corpus(tmp_path: Path) -> None:
    corpus, found = validate(load_tree(tree(tmp_path, {
        "conf-2017/good.md": GOOD, "conf-2017/bad.md": talk("title: B\nthemes: [ml]")})))
    assert [t.id for t in corpus.talks] == ["good"]
    assert len(found) == 1


def test_an_event_handler_in_an_attribute_list_is_reported(tmp_path: Path) -> None:
    body = 'See [x](https://example.org){ onclick="alert(1)" }.\n'
    found = problems(tmp_path, {"conf-2017/x.md": talk("title: T\nthemes: [ceph]", body)})
    assert any(p.startswith(f"{X}:6: the event handler onclick= on <a> is not allowed in notes")
               for p in found), found


# --- Invisible and huge values (issue 11) ---------------------------------------------------------


@pytest.mark.parametrize("title", ["\u200b\u200b", "\u2800", "\u3164", "\u200e\u202e ",
                                   "\u0301\u0301"])
def test_a_title_of_only_invisible_characters_is_refused(tmp_path: Path, title: str) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(f'title: "{title}"\nthemes: [ceph]')})
    assert f"{X}:2: 'title' is empty: give it a value or remove the line" in found, found


def test_an_organisation_of_only_invisible_characters_is_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(
        'title: T\nthemes: [ceph]\norganizations: ["\u200b"]')})
    assert any(p.startswith(f"{X}:4: 'organizations' is empty") for p in found), found


def test_duplicate_titles_ignore_zero_width_and_format_characters(tmp_path: Path) -> None:
    found = problems(tmp_path, {
        "conf-2017/a.md": talk("title: Ceph at scale\nthemes: [ceph]"),
        "conf-2017/b.md": talk('title: "Ceph\u200b at\u2060 sca\u200dle"\nthemes: [ceph]')})
    assert any(p.startswith("talks/conf-2017/b.md:2: title is the same as in "
                            "talks/conf-2017/a.md") for p in found), found


def test_a_duplicate_of_an_invalid_talks_title_is_reported_on_the_first_run(
        tmp_path: Path) -> None:
    found = problems(tmp_path, {
        "conf-2017/a.md": talk("title: Ceph at scale\nthemes: [unknown-theme]"),
        "conf-2017/b.md": talk("title: Ceph at Scale!\nthemes: [ceph]")})
    assert any(p.startswith("talks/conf-2017/a.md:3: unknown theme") for p in found), found
    assert any(p.startswith("talks/conf-2017/b.md:2: title is the same as in "
                            "talks/conf-2017/a.md") for p in found), found


def test_a_5000_digit_duration_is_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, {"conf-2017/x.md": talk(
        f"title: T\nthemes: [ceph]\nduration: {'9' * 5000}m")})
    assert any(p.startswith(f"{X}:4: 'duration' is") and "not a duration" in p
               for p in found), found
