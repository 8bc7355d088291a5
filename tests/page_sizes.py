"""Sites for the tests of compact (build_notes/site/compact.py): the theme's own pages as
MkDocs and Material write them, before finish compacts them, beside the same pages compacted.

The project is the repository's mkdocs.yml and docs/ with generated talks (tests/sites.py)
and one talk of real-shaped input written here (names with symbols, several languages and
scripts, code whose white space is its meaning, inline elements a space apart). The plain
build is `build-notes generate` and MkDocs without plugins (the site's assets listed by
hand, as for Zensical): every page of every kind as the theme writes it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from build_notes.cli.main import main
from build_notes.site.compact import compact
from tests.conftest import Site, build_site, write_tree
from tests.finish.test_zensical import _ASSETS, _ConfigLoader
from tests.sites import synthetic_project

SHAPED_TALK = """\
---
title: "C++, C# and .NET: a façade über 日本語 — «on» <code> in titles"
themes: [languages]
speakers: [José Müller-Łukasz, 山田 太郎, "O'Brien & Sons"]
organizations: [.NET Foundation, "AT&T"]
tags: [c-plus-plus, dotnet]
---

Ein Absatz auf Deutsch mit *Betonung* und **Stärke**, `code` and <kbd>Ctrl</kbd> <kbd>C</kbd>
side by side; <b>bold</b> <i>italic</i> a space apart; 日本語の文 and עברית text.

```text

    two blank-led lines, then indented
	a tab	inside   and   runs of spaces

```

| Language | Where |
| --- | --- |
| C++ | native |
| C# | .NET |

!!! opinion

    Worth it: the   spaces   here   collapse, as a browser shows them.

    <pre>
    indented in raw HTML</pre>
"""


def shaped_project(folder: Path) -> Path:
    """The synthetic project (tests/sites.py) with SHAPED_TALK in one of its conferences."""
    project = synthetic_project(folder, 40)
    conference = sorted(p for p in (project / "talks").iterdir() if p.is_dir())[0]
    write_tree(conference, {"real-shaped-input.md": SHAPED_TALK})
    return project


def build_plain(project: Path, out: Path) -> Site:
    """`project`'s pages as the theme writes them: generate, then MkDocs without plugins."""
    plain = out / "plain"
    config = yaml.load((project / "mkdocs.yml").read_text("utf-8"), Loader=_ConfigLoader)
    config.update({"plugins": [], "docs_dir": "docs", **_ASSETS})
    write_tree(plain, {"mkdocs.yml": yaml.safe_dump(config, sort_keys=False,
                                                     allow_unicode=True)})
    assert main(["generate", str(plain / "docs"), "--talks-dir", str(project / "talks"),
                 "--docs-dir", str(project / "docs")]) == 0
    return build_site(plain, out / "site-plain", strict=False)


def compacted_copy(plain: Site, out: Path) -> Site:
    """The plain site with each of its pages compacted, as finish compacts them."""
    shutil.copytree(plain.root, out)
    for page in out.rglob("*.html"):
        page.write_text(compact(page.read_text("utf-8")), "utf-8")
    return Site(out)
