"""The search's files are named by their content, and one manifest names them (a talk's result
file: the rows file it names; build_notes/search/facets.py): a browser may keep a file for
ever, and a page never reads files of two builds."""

from __future__ import annotations

import hashlib
import json

from build_notes.search.facets import SEARCH_MANIFEST, content_named
from tests.conftest import Site


def test_each_file_is_named_by_its_content_and_the_manifest_names_it() -> None:
    files = {"search/index/t0.json.gz": b"one", "search/facets/rows.json.gz": b"two"}
    named = content_named(files)
    names = json.loads(named.pop(SEARCH_MANIFEST))
    assert set(names) == {"index/t0.json.gz", "facets/rows.json.gz"}
    for name, path in names.items():
        content = named["search/" + path]
        assert content == files["search/" + name]
        digest = hashlib.sha256(content).hexdigest()
        stem = name.removesuffix(".json.gz")
        assert path.startswith(stem + ".") and path.endswith(".json.gz")
        assert digest.startswith(path.removeprefix(stem + ".").removesuffix(".json.gz"))
    changed = json.loads(content_named({**files, "search/index/t0.json.gz": b"three"})
                         [SEARCH_MANIFEST])
    assert changed["index/t0.json.gz"] != names["index/t0.json.gz"]
    assert changed["facets/rows.json.gz"] == names["facets/rows.json.gz"]


def test_a_built_site_has_the_files_its_manifest_names_and_no_others(real_site: Site) -> None:
    folder = real_site.root / "search"
    names = json.loads((folder / "manifest.json").read_text("utf-8"))
    written = {p.relative_to(folder).as_posix() for p in folder.rglob("*.json.gz")}
    # Each talk's result file is named by the rows file (itself named by the manifest).
    results = {f"pages/{name}.json.gz" for name in real_site.rows()["ids"].split()}
    assert written == set(names.values()) | results
    for path in results:
        digest = hashlib.sha256((folder / path).read_bytes()).hexdigest()
        assert digest.startswith(path.removeprefix("pages/").removesuffix(".json.gz"))
    assert {"facets/rows.json.gz", "index/t0.json.gz", "index/p0.json.gz",
            "index/v.json.gz"} <= set(names)
