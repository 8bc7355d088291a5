"""Reading a programme's files: regular files only, of bounded size, never through a link
that leads out of the folder being imported.

A programme is someone else's data: a PyVideo `videos/a.json` may be a symbolic link to
`/dev/zero` (endless), a FIFO (a read that never ends) or a file elsewhere on the machine.
Each file is opened without blocking and without following a final symbolic link, then
judged by what the open file is (fstat), so nothing can swap it in between.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from build_notes.importers.programme_model import ProgrammeError

# The largest schedule published (a congress with 20 rooms, every abstract in two
# languages) is a few MB; 64 MB leaves room and still fits in memory.
MAX_SCHEDULE_BYTES = 64 * 2**20
# A PyVideo video file is a few KB; its description is the longest part.
MAX_VIDEO_FILE_BYTES = 2**20
# pyvideo/data's largest event folders hold a few hundred videos.
MAX_VIDEO_FILES = 20_000


def read_regular(path: Path, shown: str, limit: int) -> bytes:
    """The bytes of `path`, which must be a regular file (not a link) of at most `limit`."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | \
        getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise ProgrammeError([f"{shown}: is a symbolic link; give the file it points "
                                  "to instead"]) from None
        raise ProgrammeError([f"{shown}: cannot read it ({e.strerror or e})"]) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise ProgrammeError([f"{shown}: {what}; a programme is read from regular files "
                              "only"])
    with os.fdopen(fd, "rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise ProgrammeError([f"{shown}: larger than {limit // 2**20:,} MB; is it the "
                              "programme? Programmes are a few MB at most"])
    return data


def inside(path: Path, folder: Path, shown: str) -> Path:
    """`path` with its links resolved, refused when it leads outside `folder`."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise ProgrammeError([f"{shown}: a broken symbolic link (or a loop), or missing"]) \
            from None
    if not target.is_relative_to(folder.resolve()):
        raise ProgrammeError([f"{shown}: a symbolic link that leads outside the event folder; "
                              "copy the file in instead"])
    return target
