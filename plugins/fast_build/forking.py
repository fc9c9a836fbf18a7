"""Shares the writing of the site between processes.

Once Pelican has read everything, the build forks: every process then goes
through the writing of Pelican's articles and pages (each call to the writer,
each signal, in the same order) but renders only its share of the files,
every n-th call to the writer. Pages of a blog take about the same time to
render, so taking turns shares the work evenly. The helpers then send back
what they wrote and how (the records the next build needs) and leave; the
plugins' generators (which may write files without the writer), the static
files and the ``finalized`` signal stay with the process that started the
build.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
import traceback
from typing import NamedTuple


class Child(NamedTuple):
    pid: int
    fd: int


class Share:
    """Which of the writer's calls this process renders: every ``count``-th, starting at ``index``,
    while Pelican's own articles and pages are written (``shared``); the first process writes the rest."""

    def __init__(self, index: int = 0, count: int = 1) -> None:
        self.index = index
        self.count = count
        self.shared = False
        self._calls = 0

    def mine(self) -> bool:
        if not self.shared:
            return self.index == 0
        call = self._calls
        self._calls += 1
        if self.count == 2:
            # The first process still has the plugins' pages, the static files and the bookkeeping
            # to do once the articles are written: it takes two calls in five, the helper three.
            return (call % 5 in (0, 2)) == (self.index == 0)
        return call % self.count == self.index


def start(count: int) -> tuple[int, list[Child], int | None]:
    """Fork ``count - 1`` processes: returns this process's index, its children
    (in the first process) and the pipe to write its results to (in the others)."""
    sys.stdout.flush()
    sys.stderr.flush()
    children: list[Child] = []
    for index in range(1, count):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            for child in children:
                os.close(child.fd)
            return index, [], write
        os.close(write)
        children.append(Child(pid, read))
    return 0, children, None


class ErrorLog(logging.Handler):
    """Errors logged in a helper process, to be logged again by the first one."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def finish_child(fd: int, payload) -> None:
    """Send ``payload`` to the first process and end this one, running nothing else."""
    try:
        data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        data = pickle.dumps(("error", traceback.format_exc()))
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.close(fd)
    os._exit(0)


def collect(children: list[Child]) -> list:
    """What each child sent; a child that died without a word counts as an error."""
    results = []
    for child in children:
        chunks = []
        while True:
            chunk = os.read(child.fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        os.close(child.fd)
        os.waitpid(child.pid, 0)
        try:
            results.append(pickle.loads(b"".join(chunks)))
        except Exception:
            results.append(("error", "a process writing part of the site ended without a result"))
    return results
