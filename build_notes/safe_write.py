"""Writing a file into a folder a command owns: never through a link, never outside it.

Every command that writes (generate, import, publish, new, new-conference, new-theme) names
the folder it owns (talks/, or generate's OUT_DIR) and a relative path of plain names below
it. Each folder on the way is opened with O_NOFOLLOW relative to the one before (openat), so
a symbolic link committed anywhere below the root (`build/pages/talks -> ../../talks`, or a
link planted where a temporary file will go) is refused instead of written through, even if
it appears between a check and the write. A new file is created with O_EXCL; a file that is
replaced is written to a fresh temporary file beside it and renamed over it, so it is never
left half written and the rename replaces the entry itself, not what a link points to.

POSIX only (dir_fd and O_NOFOLLOW): elsewhere the writing commands refuse, with the reason.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

from build_notes.errors import TalkNotesError
from build_notes.text import printable

# getattr: on Windows these flags do not exist; `validate`, which imports the CLI, still runs
# there, and the writing commands say why they cannot (_folder).
_NOFOLLOW, _CLOEXEC = getattr(os, "O_NOFOLLOW", 0), getattr(os, "O_CLOEXEC", 0)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | _CLOEXEC
_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
# A FIFO planted where a file is read must not hang the command before fstat sees it.
_READ_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | _CLOEXEC


class UnsafePathError(TalkNotesError):
    """A path a command would write through or read is a link, or leaves its folder: exit 1."""


def plain_parts(relative: str) -> list[str]:
    """The names of a relative path, each a plain name (not empty, `.`, `..` or absolute);
    UnsafePathError otherwise, as such a path could lead out of the owned folder."""
    parts = relative.split("/")
    if relative.startswith("/") or any(p in ("", ".", "..") or "\0" in p for p in parts):
        raise UnsafePathError(f"{printable(relative)}: not a path inside the folder; give a "
                              "path of plain names below it, without '..'")
    return parts


def _shown(root: Path, parts: list[str]) -> str:
    return printable((root.joinpath(*parts)).as_posix())


def _refusal(root: Path, parts: list[str], dir_fd: int, *, folder: bool = False,
             ) -> UnsafePathError:
    """Why the last of `parts` cannot be walked into (a `folder`) or written: a link, or
    another kind of file."""
    try:
        mode = os.stat(parts[-1], dir_fd=dir_fd, follow_symlinks=False).st_mode
    except OSError:
        mode = 0
    shown = _shown(root, parts)
    if stat.S_ISLNK(mode):
        return UnsafePathError(f"{shown}: is a symbolic link; build-notes never writes through "
                               "a link (it could lead anywhere): remove the link and run again")
    wanted = "folder" if folder else "regular file"
    return UnsafePathError(f"{shown}: is not a {wanted}; remove it or give another path")


def refuse_links_to(root: Path) -> None:
    """Refuse a root reached through a link inside the working directory (the repository):
    a committed `talks -> elsewhere` or `build -> ..` must not send the writes out of it. A
    root given outside it is the user's own choice, but for its last name."""
    absolute, cwd = Path(os.path.abspath(root)), Path(os.getcwd())
    inside = absolute.is_relative_to(cwd)
    base, names = (cwd, absolute.relative_to(cwd).parts) if inside else \
        (absolute.parent, (absolute.name,))
    for depth in range(len(names)):
        step = base.joinpath(*names[:depth + 1])
        if step.is_symlink():
            shown = printable(step.relative_to(cwd).as_posix() if inside else str(step))
            raise UnsafePathError(f"{shown}: is a symbolic link; build-notes never writes "
                                  "through a link (it could lead anywhere): remove it, or "
                                  "give the folder itself")


@contextlib.contextmanager
def _folder(root: Path, parts: list[str], create: bool) -> Iterator[int]:
    """The open folder `root/parts...`, each step opened without following a link; missing
    folders are made when `create`."""
    if not _NOFOLLOW or os.open not in os.supports_dir_fd:
        raise TalkNotesError("this command writes files only where it can open them without "
                             "following links (Linux, macOS, WSL); run it there")
    refuse_links_to(root)
    try:
        fd = os.open(root, _DIR_FLAGS & ~_NOFOLLOW)
    except FileNotFoundError:
        if not create:
            raise
        os.makedirs(root, exist_ok=True)
        fd = os.open(root, _DIR_FLAGS & ~_NOFOLLOW)
    try:
        for depth, name in enumerate(parts):
            try:
                next_fd = os.open(name, _DIR_FLAGS, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise
                os.mkdir(name, dir_fd=fd)
                next_fd = os.open(name, _DIR_FLAGS, dir_fd=fd)
            except OSError as e:
                if e.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise _refusal(root, parts[:depth + 1], fd, folder=True) from None
                raise
            os.close(fd)
            fd = next_fd
        yield fd
    finally:
        os.close(fd)


def _regular_or_missing(root: Path, parts: list[str], dir_fd: int) -> os.stat_result | None:
    try:
        info = os.stat(parts[-1], dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        raise _refusal(root, parts, dir_fd)
    return info


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_file(root: Path, relative: str, data: str | bytes, *, replace: bool = False,
               make_folders: bool = False) -> Path:
    """Write `data` (text as UTF-8) to `root/relative` and return that path.

    A new file only (FileExistsError when one is there), or with `replace` a regular file
    replaced whole (or made). `make_folders`: make the missing folders below `root` (and root).
    UnsafePathError for a link or anything but a folder on the way, or a link or anything
    but a regular file at the end.
    """
    parts = plain_parts(relative)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with _folder(root, parts[:-1], make_folders) as dir_fd:
        name = parts[-1]
        if not replace:
            try:
                fd = os.open(name, _NEW_FILE_FLAGS, 0o666, dir_fd=dir_fd)
            except FileExistsError:
                _regular_or_missing(root, parts, dir_fd)  # a link is refused as one
                raise FileExistsError(errno.EEXIST, "already exists; edit it, or choose "
                                      "another name", _shown(root, parts)) from None
            try:
                _write_all(fd, raw)
            except BaseException:
                os.unlink(name, dir_fd=dir_fd)
                raise
            finally:
                os.close(fd)
            return root.joinpath(*parts)
        existing = _regular_or_missing(root, parts, dir_fd)
        # A fresh name each time, made with O_EXCL: a link planted at a guessable temporary
        # name cannot be written through.
        temporary = f".{name}.{secrets.token_hex(8)}.tmp"
        fd = os.open(temporary, _NEW_FILE_FLAGS, 0o666, dir_fd=dir_fd)
        try:
            try:
                if existing is not None:
                    os.fchmod(fd, stat.S_IMODE(existing.st_mode))
                _write_all(fd, raw)
            finally:
                os.close(fd)
            os.rename(temporary, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary, dir_fd=dir_fd)
            raise
        return root.joinpath(*parts)


def read_file(root: Path, relative: str, max_bytes: int) -> bytes:
    """The bytes of the regular file `root/relative`, read without following a link on the
    way (UnsafePathError), for a command that reads a file in order to rewrite it. A file
    over `max_bytes` is refused (TalkNotesError) rather than read; FileNotFoundError when
    it or a folder on the way is missing."""
    parts = plain_parts(relative)
    with _folder(root, parts[:-1], create=False) as dir_fd:
        try:
            fd = os.open(parts[-1], _READ_FLAGS, dir_fd=dir_fd)
        except OSError as e:
            if e.errno == errno.ELOOP:
                raise _refusal(root, parts, dir_fd) from None
            raise
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise _refusal(root, parts, dir_fd)
            if info.st_size > max_bytes:
                raise TalkNotesError(f"{_shown(root, parts)}: file is {info.st_size:,} bytes, "
                                     f"over the limit of {max_bytes:,}; split the notes or "
                                     "shorten them")
            return file.read(max_bytes + 1)


def check_target(root: Path, relative: str, *, replace: bool = False) -> None:
    """Refuse now what `write_file` would refuse (a link or another kind of file on the way
    or at the end; FileExistsError for a file that would be new), writing nothing: a command
    that writes several files checks them all before the first, so a refusal leaves none
    written."""
    parts = plain_parts(relative)
    try:
        with _folder(root, parts[:-1], create=False) as dir_fd:
            existing = _regular_or_missing(root, parts, dir_fd)
    except FileNotFoundError:
        return  # a folder still to be made: nothing below it can be a link yet
    if existing is not None and not replace:
        raise FileExistsError(errno.EEXIST, "already exists; edit it, or choose another name",
                              _shown(root, parts))
