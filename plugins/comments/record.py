"""What the last build wrote, so that a comment feed whose inputs did not change is not made again.

Making a thousand comment feeds takes the better part of a second, most of
a rebuild after a one-line edit. Each feed's record is the digest of what it
is made from and the size and modification time of the file as written: a
feed is skipped only when both still hold, so a file changed or removed by
anything else is made again.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

_VERSION = "comment-feeds-1"


class FeedRecord:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._previous: dict[str, tuple[bytes, int, int]] = {}
        self._current: dict[str, tuple[bytes, int, int]] = {}
        try:
            with open(path, "rb") as file:
                version, previous = pickle.load(file)
            if version == _VERSION and isinstance(previous, dict):
                self._previous = previous
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            pass  # no record: every feed is made

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
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_suffix(f".{os.getpid()}.partial")
            partial.write_bytes(pickle.dumps((_VERSION, self._current), protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(partial, self.path)
        except OSError:
            pass  # the next build makes every feed again
