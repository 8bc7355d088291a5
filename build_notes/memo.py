"""Results of per-file work kept between runs, keyed by the file's content.

Loading and judging a talk is a pure function of its bytes, its path, a little context (the
theme ids, its conference) and this package's code. `build-notes validate` and the plugin keep
each result under a key made of all of these, so a second run reads and hashes every file but
parses and renders only what changed: on 10,000 talks it costs about what reading the files
and parsing their front matter costs (benchmarks/run.py prints the ratio), where a cold run
renders every note with markup.

Why these choices:
- The key holds the file's bytes (a SHA-256), not its mtime: a checkout, a copy or a clock
  change cannot serve a stale verdict, and an edited file is judged again at once.
- Everything the code is made of goes into the fingerprint (every file of the package, its
  data files, the versions of the libraries that parse and render); another fingerprint
  empties the memo, so a change of a rule can never be hidden by an old verdict.
- The memo is a pickle in the user's cache folder ($BUILD_NOTES_CACHE_DIR, else
  $XDG_CACHE_HOME/build-notes, else ~/.cache/build-notes), one file per talks folder, never
  in the repository: a pull request could commit a file there, and unpickling runs code.
  `BUILD_NOTES_CACHE_DIR=` (empty) or `build-notes validate --no-cache` turns it off.
- Entries not asked for in a run are dropped when it is saved, so the file holds one tree's
  worth and a deleted talk leaves nothing behind; `validate` and the plugin's build keep a
  file each, so running one does not empty the other's.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

_T = TypeVar("_T")
_PACKAGE = Path(__file__).resolve().parent
# The libraries whose behaviour a verdict depends on: parsing, rendering, the HTML parser.
_LIBRARIES = ("pyyaml", "python-frontmatter", "markdown", "pymdown-extensions", "selectolax")
_FORMAT = 1  # bump when the file's layout changes


@functools.cache
def fingerprint() -> bytes:
    """This package's code and data and the libraries it judges with, as one digest."""
    h = hashlib.sha256(f"{_FORMAT} {sys.version}".encode())
    for lib in _LIBRARIES:
        try:
            h.update(f"{lib}={importlib.metadata.version(lib)};".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{lib}=none;".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
    return h.digest()


def content_key(*parts: bytes | str) -> bytes:
    """A key of several parts; no two lists of parts give the same key."""
    h = hashlib.sha256()
    for part in parts:
        # surrogatepass: a file name that is not UTF-8 reaches here as lone surrogates
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


def cache_dir() -> Path | None:
    """Where memos are kept, or None when they are turned off."""
    chosen = os.environ.get("BUILD_NOTES_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "build-notes"


class Memo:
    """The memo of one talks folder: `get` a result by key, computing it on a miss."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._old: dict[bytes, Any] = {}
        self._now: dict[bytes, Any] = {}
        self.hits = self.misses = 0
        if path is not None:
            self._old = _read(path)

    def get(self, memo_key: bytes, compute: Callable[[], _T]) -> _T:
        if memo_key in self._now:
            return self._now[memo_key]  # type: ignore[no-any-return]
        if memo_key in self._old:
            self.hits += 1
            value = self._now[memo_key] = self._old[memo_key]
            return value  # type: ignore[no-any-return]
        self.misses += 1
        value = self._now[memo_key] = compute()
        return value

    def save(self) -> None:
        """Keep what this run asked for; a memo that cannot be written is only slower."""
        if self.path is None or (not self.misses and len(self._now) == len(self._old)):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=self.path.parent, delete=False,
                                             suffix=".tmp") as out:
                pickle.dump((fingerprint(), self._now), out, pickle.HIGHEST_PROTOCOL)
            os.replace(out.name, self.path)
            _kept[self.path] = (self.path.stat().st_mtime_ns, self._now)
        except OSError:
            return


# The memos this process read or wrote, with their files' times: `mkdocs serve` builds again on
# every save, and at 20,000 talks unpickling the memo would take seconds each time.
_kept: dict[Path, tuple[int, dict[bytes, Any]]] = {}


def _read(path: Path) -> dict[bytes, Any]:
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = None
    if path in _kept and _kept[path][0] == stamp:
        return dict(_kept[path][1])
    try:
        with path.open("rb") as f:
            stored_fingerprint, entries = pickle.load(f)
    except FileNotFoundError:
        return {}
    except Exception:  # a torn or foreign file (any error unpickling it): start afresh
        return {}
    if stored_fingerprint != fingerprint() or not isinstance(entries, dict):
        return {}
    if stamp is not None:
        _kept[path] = (stamp, entries)
    return dict(entries)


def for_tree(talks_dir: Path, user: str) -> Memo:
    """The memo of the talks folder at `talks_dir` for one `user` ("validate", "build"): each
    keeps its own file, as their verdicts differ (a build leaves the rendering to MkDocs) and
    a save drops what its run did not ask for. A memo that keeps nothing when off."""
    where = cache_dir()
    if where is None:
        return Memo(None)
    folder = hashlib.sha256(str(talks_dir.resolve()).encode("utf-8", "surrogatepass"))
    return Memo(where / f"{folder.hexdigest()[:24]}-{user}.pickle")
