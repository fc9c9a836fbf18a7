"""What the last build wrote, so that a comment feed whose inputs did not change is not made again.

Making a thousand comment feeds takes the better part of a second, most of
a rebuild after a one-line edit. Each feed's record is the digest of what it
is made from and the size and modification time of the file as written: a
feed is skipped only when both still hold, so a file changed or removed by
anything else is made again.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from plugins.fast_build.store import load_pickle, save_pickle

_VERSION = b"comment-feeds-1"


class FeedRecord:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._current: dict[str, tuple[bytes, int, int]] = {}
        previous = load_pickle(path, _VERSION)  # none, damaged or another version: every feed is made
        self._previous: dict[str, tuple[bytes, int, int]] = previous if isinstance(previous, dict) else {}

    def unchanged(self, target: str, inputs: bytes) -> bool:
        """Whether the file ``target`` still holds the feed made from ``inputs``; if so its record is
        kept for the next build. Files are known by their full path: a build into another folder
        (a publish's staging folder) has records of its own."""
        known = self._previous.get(target)
        if known is None or known[0] != inputs:
            return False
        try:
            status = os.stat(target)
        except OSError:
            return False
        if (status.st_size, status.st_mtime_ns) != known[1:]:
            return False
        self._current[target] = known
        return True

    def wrote(self, target: str, inputs: bytes) -> None:
        try:
            status = os.stat(target)
        except OSError:
            return
        self._current[target] = (inputs, status.st_size, status.st_mtime_ns)

    def save(self) -> None:
        with suppress(OSError):  # the next build makes every feed again
            save_pickle(self.path, _VERSION, self._current)
