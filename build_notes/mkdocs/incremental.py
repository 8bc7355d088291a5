"""`mkdocs serve` renders again only the pages a save changed.

MkDocs rebuilds the whole site on every save: at 1,000 talks that is some 3,300 pages, each
converted from Markdown and put through the theme, a minute of work for one changed
paragraph. While serving, the plugin remembers what it handed MkDocs last time (`Built`):
a key of each generated page's inputs, and a key of what every page depends on besides its
own content (`frame_key`: mkdocs.yml, the navigation, the hand-written and theme files). A
generated page whose key and frame are unchanged is *kept*: the HTML written by an earlier
build is put back in place and MkDocs is handed a `KeptFile`, which links resolve to like
any page but which is neither rendered nor copied.

MkDocs empties the site folder before each build. So the plugin moves the last build's files
aside just before (`stash`, in on_pre_build, into a hidden folder that MkDocs' clean skips)
and back just after (`restore`, in on_files); what MkDocs then renders overwrites its old
copy, and files of the last build that this one does not make are removed (`remove_stale`).
The result is byte for byte the site a clean build makes (tests/mkdocs/test_incremental.py).

What a key covers, so that a kept page is the page a clean build would write:
- its Markdown and whatever else the plugin puts in the page for it (`extra`: the talk's
  metadata as search words);
- the headings of its ancestors (a talk's conference page, the index above it): material's
  breadcrumb shows their titles.
Everything else a page shows comes from the frame: a change there renders every page.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from build_notes.memo import content_key
from build_notes.site.urls import parent_uri

# Hidden, so that MkDocs' clean_directory leaves it (it skips names starting with a dot).
STASH = ".talk-notes-last-build"
_HEADING = re.compile(r"^# (.+)$", re.MULTILINE)


@dataclass
class Built:
    """What the last served build wrote."""

    frame: str = ""
    keys: dict[str, str] = field(default_factory=dict)  # generated src_uri -> its key
    titles: dict[str, str | None] = field(default_factory=dict)  # src_uri -> page title
    dests: frozenset[str] = frozenset()  # every file MkDocs wrote or kept, by dest_uri
    problem_pages: frozenset[str] = frozenset()  # talk pages that show their file's problems


def digest(*parts: str | bytes) -> str:
    """A hash of `parts`, each kept apart from the next (memo.py's key, as text)."""
    return content_key(*parts).hex()


def heading(markdown: str) -> str:
    """The first level-1 heading of a generated page: what MkDocs takes as its title."""
    match = _HEADING.search(markdown)
    return match.group(1) if match else ""


def page_keys(pages: Mapping[str, str], extra: Mapping[str, str],
              only: Iterable[str] | None = None) -> dict[str, str]:
    """{src_uri: key} of the generated `pages` ({src_uri: Markdown}), or of those `only`,
    `extra` holding what else the plugin puts in a page."""
    headings: dict[str, str] = {}  # a conference page is the parent of each of its talks
    keys = {}
    for src_uri in pages if only is None else only:
        content = pages[src_uri]
        ancestors = []
        parent = parent_uri(src_uri)
        while parent is not None:
            if parent not in headings:
                headings[parent] = heading(pages.get(parent, ""))
            ancestors.append(headings[parent])
            parent = parent_uri(parent)
        keys[src_uri] = digest(content, extra.get(src_uri, ""), *ancestors)
    return keys


def config_bytes(config: MkDocsConfig) -> bytes:
    """The bytes of `mkdocs.yml` (none for a configuration made in code)."""
    path = config.config_file_path
    return Path(path).read_bytes() if path and os.path.isfile(path) else b""


def file_stamps(paths: Iterable[tuple[str, str | None]]) -> list[str]:
    """`src_uri mtime size` of each (src_uri, absolute source path or None) pair: a
    hand-written page or a theme file changed shows as a changed stamp."""
    stamps = []
    for src_uri, path in paths:
        try:
            info = os.stat(path) if path else None
        except OSError:
            info = None
        stamps.append(f"{src_uri} {info.st_mtime_ns} {info.st_size}" if info else src_uri)
    return stamps


def tree_stamps(folder: str | None) -> list[str]:
    """The stamps of every file under `folder` (a theme's custom_dir), if any."""
    if not folder or not os.path.isdir(folder):
        return []
    found = []
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            found.append((os.path.relpath(path, folder), path))
    return file_stamps(sorted(found))


def stash(site_dir: Path, *, keep: bool = True) -> None:
    """Move what the last build wrote into the hidden STASH folder of `site_dir` (with
    `keep` false, only remove what a failed build left there)."""
    aside = site_dir / STASH
    if aside.exists():
        shutil.rmtree(aside)
    if not keep:
        return
    aside.mkdir(parents=True)
    with os.scandir(site_dir) as entries:
        for entry in entries:
            if not entry.name.startswith("."):
                os.rename(entry.path, aside / entry.name)


def restore(site_dir: Path) -> None:
    """Put back what `stash` moved aside (MkDocs has emptied `site_dir` meanwhile)."""
    aside = site_dir / STASH
    if not aside.is_dir():
        return
    with os.scandir(aside) as entries:
        for entry in entries:
            target = site_dir / entry.name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
            os.rename(entry.path, target)
    aside.rmdir()


def remove_stale(site_dir: Path, stale: Iterable[str]) -> None:
    """Remove the files at `stale` (dest_uris) and the folders they leave empty."""
    for dest_uri in sorted(stale):
        path = site_dir / dest_uri
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        folder = path.parent
        while folder != site_dir and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
