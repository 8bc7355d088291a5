"""The search's files are named by their content, and one manifest names them: each family of
files (a name less its number: the result files, the index's term files...) by one hash of all
its files' contents (build_notes/search/facets.py). A browser may keep a file for ever, and a
page never reads files of two builds."""

from __future__ import annotations

import json
import re

from build_notes.search.facets import SEARCH_MANIFEST, content_named, family
from tests.conftest import Site


def test_each_family_of_files_is_named_by_its_contents_and_the_manifest_names_it() -> None:
    files = {"search/index/t0.json.gz": b"one", "search/index/t1.json.gz": b"two",
             "search/facets/rows.json.gz": b"three", "search/pages/10.json.gz": b"four"}
    named = content_named(files)
    hashes = json.loads(named.pop(SEARCH_MANIFEST))
    assert set(hashes) == {"index/t", "facets/rows", "pages/"}
    assert named == {
        f"search/index/t0.{hashes['index/t']}.json.gz": b"one",
        f"search/index/t1.{hashes['index/t']}.json.gz": b"two",
        f"search/facets/rows.{hashes['facets/rows']}.json.gz": b"three",
        f"search/pages/10.{hashes['pages/']}.json.gz": b"four"}
    assert all(re.fullmatch("[0-9a-f]{16}", h) for h in hashes.values())
    # One file changed: its family's name changes, no other family's.
    changed = json.loads(content_named({**files, "search/index/t1.json.gz": b"2"})
                         [SEARCH_MANIFEST])
    assert changed["index/t"] != hashes["index/t"]
    assert {k: v for k, v in changed.items() if k != "index/t"} == \
        {k: v for k, v in hashes.items() if k != "index/t"}
    # The same contents under other names are another family's contents.
    moved = json.loads(content_named({"search/index/t0.json.gz": b"two",
                                      "search/index/t1.json.gz": b"one"})[SEARCH_MANIFEST])
    assert moved["index/t"] != hashes["index/t"]


def test_a_built_site_has_the_files_its_manifest_names_and_no_others(real_site: Site) -> None:
    folder = real_site.root / "search"
    hashes = json.loads((folder / "manifest.json").read_text("utf-8"))
    written = {p.relative_to(folder).as_posix() for p in folder.rglob("*.json.gz")}
    for path in written:
        name = re.sub(r"\.[0-9a-f]{16}\.json\.gz$", ".json.gz", path)
        assert path == name.replace(".json.gz", f".{hashes[family(name)]}.json.gz"), path
    assert {family(re.sub(r"\.[0-9a-f]{16}", "", p)) for p in written} == set(hashes)
    assert {"facets/rows", "facets/speaker", "index/i", "index/t", "index/p", "index/f",
            "index/v", "pages/"} <= set(hashes)
    # A result file for each row of the index, named by its row.
    rows = real_site.search_index()["rows"]
    assert rows == len(real_site.search_records()) > 0
    assert {p for p in written if p.startswith("pages/")} == \
        {f"pages/{row}.{hashes['pages/']}.json.gz" for row in range(rows)}
