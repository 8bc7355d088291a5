"""The JSON Schema for editors agrees with the validator, field by field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from build_notes.cli.main import main
from build_notes.content.fields import json_schema
from build_notes.content.schema import load_schema
from build_notes.content.validate import check_values
from tests.conftest import ROOT

THEMES = ["ceph", "nfv"]

# Values of each field type that the validator accepts or refuses, edge cases included.
SAMPLES: dict[str, list[Any]] = {
    "text": ["T", " padded ", "A | B <script>", "", "   ", 2017, True, None, [], {"a": 1},
             "bell\x07", "line\u2028sep", "tab\tok", "日本語"],
    "text-list": [["a"], ["a", "b"], [], "a", ["a", "a"], ["a", 1], ["a", ""], [None], {"a": 1}],
    "theme-list": [["ceph"], ["ceph", "nfv"], [], ["ml"], "ceph", ["ceph", "ceph"]],
    "choice": ["talk", "panel", "Talk", "seminar", "", 1],
    "date": ["2017-05-08", "2017-13-01", "2017-02-30", "May 8", "17-5-8", 20170508, ""],
    "url": ["https://example.org", "http://example.org/a?b=c#d", "https://", "ftp://x.org",
            "javascript:alert(1)", "https://exa mple.org", "www.example.org", "", 1,
            "https://example.org:8080/x"],
    "integer": [1, 5, 0, 6, 4.5, "4", True, None],
    "duration": ["38m", "1h05m", "45m30s", "90s", "1h", "long", "", "0m", "38"],
    "boolean": [True, False, "true", "yes", 1, 0, None, ""],
}


def cases() -> list[tuple[str, str, Any]]:
    schema = load_schema()
    out = []
    for kind in ("talk", "conference"):
        for field in getattr(schema, kind).values():
            out += [(kind, field.name, value) for value in SAMPLES[field.type]]
    return out


def minimal(kind: str) -> dict[str, Any]:
    if kind == "talk":
        return {"title": "T", "themes": ["ceph"]}
    return {"name": "C", "start": "2017-05-08", "end": "2017-05-11"}


@pytest.mark.parametrize(("kind", "key", "value"), cases())
def test_schema_and_validator_agree(kind: str, key: str, value: Any) -> None:
    data = {**minimal(kind), key: value}
    validator_ok = check_values(kind, data, THEMES) == []
    checker = jsonschema.Draft7Validator(
        json_schema(kind, THEMES), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    schema_ok = checker.is_valid(data)
    assert validator_ok == schema_ok, (key, value, check_values(kind, data, THEMES))


@pytest.mark.parametrize("kind", ["talk", "conference"])
def test_unknown_and_missing_keys_agree(kind: str) -> None:
    schema = json_schema(kind, THEMES)
    for data in [{**minimal(kind), "speaker": ["x"]}, {}]:
        assert not jsonschema.Draft7Validator(schema).is_valid(data)
        assert check_values(kind, data, THEMES)


@pytest.mark.parametrize("kind", ["talk", "conference", "theme"])
def test_committed_schemas_are_current(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    """schemas/*.json are for editors and checkers, with this repository's theme ids."""
    assert main(["schema", kind, "--talks-dir", str(ROOT / "talks")]) == 0
    printed = json.loads(capsys.readouterr().out)
    committed = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text("utf-8"))
    assert printed == committed, (
        f"schemas/{kind}.schema.json is out of date (a theme or a field changed); refresh it: "
        f"build-notes schema {kind} --talks-dir talks > schemas/{kind}.schema.json")


def test_the_committed_talk_schema_knows_the_themes_and_the_date_form() -> None:
    schema = json.loads((ROOT / "schemas/talk.schema.json").read_text("utf-8"))
    themes = yaml.safe_load((ROOT / "talks/themes.yml").read_text("utf-8"))
    assert schema["properties"]["themes"]["items"]["enum"] == [t["id"] for t in themes]
    checker = jsonschema.Draft7Validator(schema)
    good = {"title": "T", "themes": [themes[0]["id"]], "date": "2017-05-09"}
    assert checker.is_valid(good)
    assert not checker.is_valid({**good, "themes": ["no-such-theme"]})
    assert not checker.is_valid({**good, "date": "May 9"})


def test_the_real_themes_file_matches_the_theme_schema() -> None:
    data = yaml.safe_load((ROOT / "talks/themes.yml").read_text("utf-8"))
    jsonschema.validate(data, json_schema("theme"))


def test_schema_with_talks_dir_limits_themes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "talk", "--talks-dir", str(ROOT / "talks")]) == 0
    themes = json.loads(capsys.readouterr().out)["properties"]["themes"]["items"]["enum"]
    assert "ceph" in themes and "nfv" in themes


def test_every_field_is_documented(tmp_path: Path) -> None:
    contributing = (ROOT / "docs/contributing.md").read_text("utf-8")
    for field in load_schema().talk.values():
        assert f"| `{field.name}` |" in contributing, field.name


def test_every_seed_front_matter_meets_the_committed_schemas() -> None:
    """What an editor or checker applies to the real files (dates read as text, as the
    loader and check-jsonschema both read them) accepts every talk of the repository."""
    from build_notes.content.load import load_tree

    schemas = {kind: jsonschema.Draft7Validator(json.loads(
        (ROOT / "schemas" / f"{kind}.schema.json").read_text("utf-8")),
        format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
        for kind in ("talk", "conference")}
    records = [r for r in load_tree(ROOT / "talks") if r.kind in schemas]
    assert len(records) > 60
    for record in records:
        errors = [e.message for e in schemas[record.kind].iter_errors(record.data)]
        assert errors == [], record.path


@pytest.mark.parametrize("argv", [["schema", "talk", "--talks-dir", "talks"],
                                  ["new", "--conference", "conf-2017", "--title", "T",
                                   "--theme", "ceph", "--talks-dir", "talks"]])
def test_schema_and_new_refuse_a_tree_with_problems(
        argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Without themes.yml, `schema` printed `"enum": []` and exited 0."""
    root = tmp_path / "talks"
    (root / "conf-2017").mkdir(parents=True)
    (root / "conf-2017/_index.md").write_text(
        "---\nname: C\nstart: 2017-05-08\nend: 2017-05-11\n---\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("talks/themes.yml:1: missing: create it with the list of themes "
                          "(- id: ceph / name: Ceph / description: ...)\n")
    assert "1 problem(s) in talks; fix them first (build-notes validate lists them)" in err
    assert not (root / "conf-2017/t.md").exists()
