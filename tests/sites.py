"""Sites other than the repository's own, built the way the repository's is: synthetic talks
written by benchmarks/generate.py (notes like real technical ones, many conferences, more
than Explore's first 100 rows), and the same talks with fields removed (a site whose notes
name no organisations, give no ratings and link no slides).

The project is the repository's own mkdocs.yml and docs/, pointed at the generated talks, so
the pages are those a reader of a real site gets.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from collections.abc import Callable, Collection
from pathlib import Path
from types import ModuleType

from tests.conftest import ROOT, Site, build_site

SYNTHETIC_TALKS = 130  # more than Explore's first 100 rows, so its pages show
SYNTHETIC_SEED = 5


def generator() -> ModuleType:
    """benchmarks/generate.py as a module (benchmarks/ is not a package)."""
    name = "bench_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def drop_keys(talks_dir: Path, keys: Collection[str]) -> None:
    """Remove the front-matter lines of `keys` from every talk file under `talks_dir`."""
    line = re.compile(rf"^(?:{'|'.join(map(re.escape, keys))}):.*\n", re.M)
    for path in talks_dir.glob("*/*.md"):
        if path.name == "_index.md":
            continue
        text = path.read_text("utf-8")
        end = text.index("\n---", 3)
        path.write_text(line.sub("", text[:end + 1]) + text[end + 1:], "utf-8")


def synthetic_project(folder: Path, talks: int = SYNTHETIC_TALKS, *, seed: int = SYNTHETIC_SEED,
                      without: Collection[str] = (),
                      edit: Callable[[Path], None] | None = None) -> Path:
    """A project of the repository's mkdocs.yml and docs/ with `talks` generated talks,
    without the front-matter keys `without`, then changed by `edit` (given the talks
    folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", folder / "docs", dirs_exist_ok=True)
    generator().generate(folder / "talks", talks, seed)
    if without:
        drop_keys(folder / "talks", without)
    if edit:
        edit(folder / "talks")
    return folder


def build_synthetic(folder: Path, talks: int = SYNTHETIC_TALKS, *,
                    without: Collection[str] = (),
                    edit: Callable[[Path], None] | None = None) -> Site:
    project = synthetic_project(folder / "project", talks, without=without, edit=edit)
    return build_site(project, folder / "site")


# What a site whose notes name no organisations, ratings or slides lacks.
BARE_KEYS = ("organizations", "rating", "slides")
