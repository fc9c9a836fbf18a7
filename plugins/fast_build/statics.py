"""Copies static files (images, the theme's CSS) only when they changed.

Pelican copies every static file on every build, so a blog with a large
image folder spends its incremental builds copying, and every copy gets a
new modification time. While the static generator writes, Pelican's
file-copying function is replaced by one that skips a copy when neither the
source nor the copy changed since the last build: both sizes and
modification times are as recorded then.
"""

from __future__ import annotations

import os
from contextlib import contextmanager

import pelican.utils

Stamp = tuple[int, int, int, int]  # source size and mtime, copy size and mtime


def _stamp(source: str, copy: str) -> Stamp | None:
    try:
        a, b = os.stat(source), os.stat(copy)
    except OSError:
        return None
    return (a.st_size, a.st_mtime_ns, b.st_size, b.st_mtime_ns)


class StaticCopies:
    """The copies made (or kept) by one build, and the stamps of the previous one."""

    def __init__(self, output: str, previous: dict[str, Stamp]) -> None:
        self._output = os.path.abspath(output)
        self._previous = previous
        self._copies: dict[str, str] = {}  # output path relative to the output folder -> source

    def _rel(self, destination: str) -> str | None:
        path = os.path.abspath(destination)
        if not path.startswith(self._output + os.sep):
            return None
        return os.path.relpath(path, self._output).replace(os.sep, "/")

    @contextmanager
    def active(self):
        """Route Pelican's file copies through :meth:`copy_file` inside the ``with`` block."""
        original = pelican.utils.copy_file

        def copy_file(source: str, destination: str) -> None:
            rel = self._rel(destination)
            if rel is not None:
                self._copies[rel] = source
                previous = self._previous.get(rel)
                if previous is not None and _stamp(source, destination) == previous:
                    return
            original(source, destination)

        pelican.utils.copy_file = copy_file
        try:
            yield
        finally:
            pelican.utils.copy_file = original

    def produced(self) -> set[str]:
        return set(self._copies)

    def stamps(self) -> dict[str, Stamp]:
        found = {}
        for rel, source in self._copies.items():
            stamp = _stamp(source, os.path.join(self._output, rel))
            if stamp is not None:
                found[rel] = stamp
        return found
