"""The package's one base exception, for problems a user can fix (bad paths, bad usage)."""

from __future__ import annotations


class TalkNotesError(Exception):
    """A mistake the user can fix; shown as its message, never as a traceback."""
