"""data/schema.yml is the one source of the fields: model, validator, JSON Schema, docs, page.

Adding an optional field must be one edit to schema.yml: the test below makes that edit in a
copy of the package and builds a real site that shows the field.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_notes.content.fields import FIELD_TYPES, markdown_table
from build_notes.content.model import Conference, Talk, Theme
from build_notes.content.schema import load_schema
from tests.conftest import MINI, ROOT

# What a model class holds besides the schema's fields: where the record came from, its notes.
NOT_FIELDS = {"id", "conference_id", "body", "body_line", "source", "overview", "overview_line",
              "extra"}
MARKED = re.compile(r"<!-- schema\.yml (\w+) keys: [^\n]*-->\n(.*?)<!-- end of \1 keys -->",
                    re.DOTALL)


@pytest.mark.parametrize("doc", ["README.md", "docs/contributing.md"])
def test_the_docs_key_tables_are_the_schema(doc: str) -> None:
    """Refresh a table with `build-notes schema KIND --markdown` when schema.yml changes."""
    tables = MARKED.findall((ROOT / doc).read_text("utf-8"))
    assert tables, f"{doc} has no marked table of keys"
    for kind, table in tables:
        assert table == markdown_table(kind), (
            f"{doc}: the {kind} keys differ from schema.yml; paste the output of "
            f"`build-notes schema {kind} --markdown` between the markers")


@pytest.mark.parametrize(("model", "kind"), [(Talk, "talk"), (Conference, "conference"),
                                             (Theme, "theme")])
def test_the_model_names_only_schema_fields_with_the_schema_defaults(model: type,
                                                                     kind: str) -> None:
    fields = load_schema().fields(kind)
    for declared in dataclasses.fields(model):
        if declared.name in NOT_FIELDS:
            continue
        assert declared.name in fields, f"{model.__name__}.{declared.name} is not in schema.yml"
        field = fields[declared.name]
        if field.default is not None:
            assert declared.default == field.default, declared.name


def test_every_field_type_has_a_row_of_the_table() -> None:
    schema = load_schema()
    used = {f.type for kind in ("talk", "conference", "theme")
            for f in schema.fields(kind).values()}
    assert used <= set(FIELD_TYPES)


NEW_CONFERENCE_FIELD = """
  venue:
    type: text
    doc: The building it took place in.
"""
NEW_FIELDS = """
  language:
    type: text
    label: Spoken in
    doc: The language the talk was given in.
  transcript:
    type: url
    doc: http(s) URL of a transcript.
"""


def test_an_optional_field_added_to_schema_yml_alone_shows_on_the_talk_page(
        tmp_path: Path) -> None:
    package = Path(shutil.copytree(ROOT / "build_notes", tmp_path / "code" / "build_notes"))
    schema_yml = package / "data" / "schema.yml"
    text = schema_yml.read_text("utf-8")
    # The one edit: two fields at the end of the talk section.
    text = text.replace("\nconference:\n", NEW_FIELDS + "\nconference:\n", 1)
    schema_yml.write_text(text.replace("\ntheme:\n", NEW_CONFERENCE_FIELD + "\ntheme:\n", 1),
                          "utf-8")
    project = Path(shutil.copytree(MINI, tmp_path / "project"))
    talk = project / "talks/openstack-summit-boston-2017/ceph-on-arm.md"
    talk.write_text(talk.read_text("utf-8").replace(
        "rating: 4\n", "rating: 4\nlanguage: German\n"
                       "transcript: https://example.org/ceph-on-arm.txt\n", 1), "utf-8")
    index = project / "talks/openstack-summit-boston-2017/_index.md"
    index.write_text(index.read_text("utf-8").replace("---\n", "---\nvenue: Hall B\n", 1),
                     "utf-8")
    env = {**os.environ, "PYTHONPATH": str(package.parent)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", *args], cwd=project, env=env,
                              capture_output=True, text=True, timeout=300, check=False)

    printed = run("build_notes", "schema", "talk").stdout
    assert '"language"' in printed and "The language the talk was given in." in printed

    # The validator judges the new field by its type, at its line.
    bad = project / "talks/openstack-summit-boston-2017/dpdk-and-ceph.md"
    original = bad.read_text("utf-8")
    bad.write_text(original.replace("---\n", "---\nlanguage: [a, b]\n", 1), "utf-8")
    refused = run("build_notes", "validate", "talks")
    assert refused.returncode == 1
    assert refused.stdout.strip() == ("talks/openstack-summit-boston-2017/dpdk-and-ceph.md:2: "
                                      "'language' must be text, not a list"), refused.stdout
    bad.write_text(original, "utf-8")

    built = run("mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site"))
    assert built.returncode == 0, built.stderr[-3000:]
    page = (tmp_path / "site/talks/openstack-summit-boston-2017/ceph-on-arm/index.html"
            ).read_text("utf-8")
    meta = page[page.index('class="tn-meta"'):]
    meta = meta[:meta.index("</div>")]
    assert re.search(r"<strong>Spoken in:</strong>\s*German", meta), meta
    assert re.search(r'<strong>Transcript:</strong>\s*<a href="https://example.org/'
                     r'ceph-on-arm.txt">', meta), meta
    conference = (tmp_path / "site/conferences/openstack-summit-boston-2017/index.html"
                  ).read_text("utf-8")
    assert re.search(r"<strong>Venue:</strong>\s*Hall B", conference)


def test_one_value_is_checked_by_its_field_alone() -> None:
    """What a prompt asking for one field at a time uses: the validator's rule, no other."""
    from build_notes.content.validate import check_value

    assert check_value("talk", "themes", ["ceph", "cepj"], ["ceph", "nfv"]) == [
        "unknown theme 'cepj'; did you mean 'ceph'? known: ceph, nfv (add new themes to "
        "themes.yml)"]
    assert check_value("talk", "rating", 4, []) == []
    assert check_value("conference", "start", "May 8", []) == [
        "'start' is 'May 8', not a date: write YYYY-MM-DD, e.g. 2017-05-08"]
