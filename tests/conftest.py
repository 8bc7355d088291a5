"""Shared fixtures: talk trees written into tmp_path, and real MkDocs builds of them."""

from __future__ import annotations

import atexit
import fcntl
import gzip
import html
import json
import logging
import os
import shutil
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

ROOT = Path(__file__).resolve().parent.parent

# In CI the property tests draw the same examples on every run, so a red build always means
# the change (a run once failed on an example new to it); locally they keep exploring.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}:
    settings.load_profile("ci")
FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"

# The memo of verdicts (build_notes/memo.py) of the trees the tests write goes to a folder of
# this session, for their subprocesses too, not to the user's ~/.cache.
if "BUILD_NOTES_CACHE_DIR" not in os.environ:
    os.environ["BUILD_NOTES_CACHE_DIR"] = tempfile.mkdtemp(prefix="build-notes-memo-")
    atexit.register(shutil.rmtree, os.environ["BUILD_NOTES_CACHE_DIR"], ignore_errors=True)


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write {relative path: text or bytes} under root; text is dedented."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), "utf-8")
    return root


@dataclass
class Site:
    """A built site: its folder, and readers for its pages and search index."""

    root: Path

    def html(self, url_path: str) -> str:
        return (self.root / url_path.strip("/") / "index.html").read_text("utf-8")

    def exists(self, url_path: str) -> bool:
        return (self.root / url_path.strip("/") / "index.html").is_file()

    def search_docs(self) -> list[dict[str, str]]:
        """The pages the search indexed, each as location, title and text (escaped: the tests
        read them as HTML)."""
        return [{"location": p["url"].lstrip("/"),
                 "title": html.escape(p["meta"].get("title", "")),
                 "text": html.escape(p["content"])} for p in self.search_records()]

    def search_records(self) -> list[dict[str, Any]]:
        """Every talk's result file (build_notes/search/facets.py), row by row: url, meta,
        content (its text as indexed), and body, end, opinion, programme (where its parts
        are)."""
        return self._result_files()

    def rows(self) -> dict[str, Any]:
        """The search's rows file (build_notes/search/facets.py): the facets it carries."""
        return self._search_file("facets/rows")

    def search_index(self) -> dict[str, Any]:
        """The search index's manifest (build_notes/search/index.py): "rows", "aliases"..."""
        return self._search_file("index/i")

    def _search_file(self, name: str) -> dict[str, Any]:
        """A file of the search (gzip-compressed JSON), by its name less its hash."""
        (path,) = (self.root / "search").glob(f"{name}.*.json.gz")
        data: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))
        return data

    def _result_files(self) -> list[dict[str, Any]]:
        """Each row's result file, row by row: [url, meta, body, end, opinion, programme,
        text], gzip-compressed JSON, named by its row."""
        pages = []
        for row in range(self.search_index()["rows"]):
            (path,) = (self.root / "search" / "pages").glob(f"{row}.*.json.gz")
            url, meta, body, end, opinion, programme, content = json.loads(
                gzip.decompress(path.read_bytes()))
            pages.append({"url": url, "meta": meta, "content": content, "body": body,
                          "end": end, "opinion": opinion, "programme": programme})
        return pages

    def search_facets(self) -> dict[str, dict[str, list[str]]]:
        """Each indexed page's filter values as the search page counts them, by page URL:
        the facet files (build_notes/search/facets.py) read row by row, and each row's
        result file read for its URL."""
        folder = self.root / "search" / "facets"
        # Each file is named by its content: "rows.<hash>.json.gz".
        columns = {p.name.split(".")[0]: json.loads(gzip.decompress(p.read_bytes()))
                   for p in folder.glob("*.json.gz")}
        rows = columns.pop("rows")
        columns.update({kind: c for kind, c in rows.items()
                        if isinstance(c, dict) and "values" in c})
        out: dict[str, dict[str, list[str]]] = {}
        for row, page in enumerate(self._result_files()):
            url = page["url"].lstrip("/")
            out[url] = {}
            for kind, column in columns.items():
                at = column["rows"][row]
                out[url][kind] = [column["values"][i]
                                  for i in ([at] if isinstance(at, int) else at)]
        return out

    def search_pages(self, word: str) -> set[str]:
        """Page URLs (without anchors) whose indexed title or text contains `word`."""
        word = word.casefold()
        return {d["location"].split("#")[0] for d in self.search_docs()
                if word in (d["title"] + " " + d["text"]).casefold()}


class BuildFailed(Exception):
    def __init__(self, message: str, log: str):
        super().__init__(message)
        self.log = log


def build_site(project: Path, site_dir: Path, *, strict: bool = True) -> Site:
    """Run the real `mkdocs build` of `project` (a folder with mkdocs.yml) into `site_dir`.

    Raises BuildFailed with the plugin's message and the log when the build fails; with
    strict=True any warning fails it, as `mkdocs build --strict` does.
    """
    records: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
        try:
            build(config)
        except (PluginError, Abort) as e:
            raise BuildFailed(str(e), "\n".join(records)) from e
        finally:
            config.plugins.on_shutdown()
    finally:
        logger.removeHandler(handler)
    return Site(site_dir)


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    """A writable copy of the small fixture project (mkdocs.yml, docs/, talks/)."""
    return Path(shutil.copytree(MINI, tmp_path / "project"))


@pytest.fixture
def build_project(tmp_path: Path) -> Callable[..., Site]:
    def run(project: Path, **kwargs: bool) -> Site:
        return build_site(project, tmp_path / "site", **kwargs)

    return run


def built_once(factory: pytest.TempPathFactory, name: str,
               make: Callable[[Path], Site]) -> Site:
    """The site `make` builds into a folder, built once per test run.

    Under pytest-xdist each worker is a session of its own, so a session fixture would build
    the site once per worker: the first worker to ask builds it into the run's shared
    temporary folder, under a lock, and the others read that build. The sites are only read.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make(factory.mktemp(name))
    shared = factory.getbasetemp().parent / f"shared-{name}"
    with open(f"{shared}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "built-site"
        if not done.is_file():
            shutil.rmtree(shared, ignore_errors=True)
            shared.mkdir()
            done.write_text(str(make(shared).root), "utf-8")
        return Site(Path(done.read_text("utf-8")))


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return built_once(tmp_path_factory, "mini", lambda folder: build_site(MINI, folder / "site"))


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The real site of this repository, built once per test run."""
    return built_once(tmp_path_factory, "real", lambda folder: build_site(ROOT, folder / "site"))


@pytest.fixture(scope="session")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A site of generated talks (tests/sites.py): more than 100 talks, many conferences."""
    from tests.sites import build_synthetic

    return built_once(tmp_path_factory, "synthetic", build_synthetic)


@pytest.fixture(scope="session")
def bare_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Generated talks whose notes name no organisations, give no rating and link no slides."""
    from tests.sites import BARE_KEYS, build_synthetic

    return built_once(tmp_path_factory, "bare",
                      lambda folder: build_synthetic(folder, without=BARE_KEYS))
