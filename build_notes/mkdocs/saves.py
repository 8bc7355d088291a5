"""While serving, a save of a talk's notes renders only the pages that show them, without
a build of the site.

MkDocs answers every change with a build: it collects every file, makes the navigation and
hands every page to every plugin, which at 20,000 talks costs minutes even when the plugin
keeps all but a few pages (incremental.py). Most saves while writing change only a talk's
notes. For those the plugin renders, with the last build's configuration, files, navigation
and template environment, the pages site/revise.py says changed, writes them, and lets the
live reload show them; anything else (a new, moved or deleted file, a change to the front
matter beyond what only shows (revise.SHOWN_ONLY), to themes.yml, to docs/, to mkdocs.yml, a
file with a problem) gets the build it got before. On a new day the sitemap is written again.

tests/mkdocs/test_incremental.py compares the served site after such saves with a clean
build, byte for byte.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from watchdog.events import FileSystemEvent

from build_notes.content.load import is_editor_file
from build_notes.mkdocs.incremental import config_bytes, digest, file_stamps, tree_stamps


class Saves:
    """The paths the watcher saw change since the last build, from its thread to the
    builder's."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: set[str] = set()

    def add(self, event: FileSystemEvent) -> None:
        with self._lock:
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path:
                    self._paths.add(os.fsdecode(path))

    def take(self) -> set[str]:
        with self._lock:
            paths, self._paths = self._paths, set()
        return paths


def sources_stamp(config: MkDocsConfig) -> str:
    """A key of what else `mkdocs serve` watches: docs/, mkdocs.yml, the theme's custom_dir
    and the `watch` paths. A save that leaves it as it was changed only talk files."""
    watched: Iterable[str] = [config.docs_dir, config.theme.custom_dir or "",
                              *(str(p) for p in config.watch)]
    stamps = [f"{folder}\n" + "\n".join(tree_stamps(folder) if os.path.isdir(folder)
                                        else file_stamps([(folder, folder)]))
              for folder in watched if folder]
    return digest(config_bytes(config), *stamps)


def _parts(talks_dir: Path, path: str) -> tuple[str, ...] | None:
    """The parts of `path` under `talks_dir`, or None if it is not under it."""
    try:
        return Path(path).resolve().relative_to(talks_dir.resolve()).parts
    except ValueError:
        return None


def passed_by(talks_dir: Path, path: str) -> bool:
    """Whether the loader passes `path` by: an editor's working file, or a hidden one."""
    return any(is_editor_file(part) for part in _parts(talks_dir, path) or ())


def talk_key(talks_dir: Path, path: str) -> str | None:
    """`conference/talk` of a talk file's path under `talks_dir`, or None."""
    parts = _parts(talks_dir, path)
    if parts is None or len(parts) != 2 or not parts[1].endswith(".md") \
            or parts[1] == "_index.md":
        return None
    return f"{parts[0]}/{parts[1][:-3]}"
