"""Shares the writing of the site between processes.

Once Pelican has read everything, the build forks: every process then goes
through the writing of Pelican's articles and pages (each call to the writer,
each signal, in the same order) but renders only its share of the files: each
call to the writer goes to the first process that reaches it (:class:`Claims`).
Calls differ a lot in weight (one call writes the hundred pages of the index,
another one article), and a shared machine gives the processes unequal turns,
so fixed turns left one process idle for up to a second while the other
finished. The helpers then send back what they wrote and how (the records the
next build needs) and leave; the plugins' generators (which may write files
without the writer), the static files and the ``finalized`` signal stay with
the process that started the build.
"""

from __future__ import annotations

import logging
import mmap
import multiprocessing
import multiprocessing.pool
import os
import pickle
import sys
import threading
import traceback
from typing import NamedTuple


class Child(NamedTuple):
    pid: int
    fd: int


class Claims:
    """The writer's calls taken so far, in memory shared by the processes of one build.

    Every process makes the same calls in the same order, so a call is known by its number,
    and a process only ever asks for the next one it reaches: when it reaches call ``n`` and
    fewer than ``n + 1`` are taken, nobody has it yet and it is this process's; otherwise
    another process has passed it, and taken it.
    """

    def __init__(self) -> None:
        self._taken = mmap.mmap(-1, 8)  # anonymous and shared: forked processes see one counter
        self._lock = multiprocessing.get_context("fork").Lock()

    def claim(self, call: int) -> bool:
        with self._lock:
            if call < int.from_bytes(self._taken[:8], "little"):
                return False
            self._taken[:8] = (call + 1).to_bytes(8, "little")
            return True


class Exchange:
    """Lets processes forked from one another swap what each worked out for all of them.

    Made before the fork: a region of shared memory per process and a barrier. Each process
    puts its bytes in its region, waits until every process has, and reads the others'. A
    process that does not arrive within ``timeout`` seconds (it died) leaves the others to do
    without: :meth:`swap` then returns None for everyone's share, and each works it all out.
    """

    def __init__(self, count: int, region: int, timeout: float = 60.0) -> None:
        self._count = count
        self._region = region
        self._timeout = timeout
        self._memory = mmap.mmap(-1, count * region)
        self._barrier = multiprocessing.get_context("fork").Barrier(count)

    def swap(self, index: int, data: bytes) -> list[bytes | None]:
        """Every process's bytes, this one's included; None for bytes that did not fit or never came."""
        start = index * self._region
        fits = len(data) + 8 <= self._region
        self._memory[start : start + 8] = (len(data) if fits else -1).to_bytes(8, "little", signed=True)
        if fits:
            self._memory[start + 8 : start + 8 + len(data)] = data
        try:
            self._barrier.wait(self._timeout)
        except threading.BrokenBarrierError:
            return [None] * self._count
        found: list[bytes | None] = []
        for other in range(self._count):
            begin = other * self._region
            length = int.from_bytes(self._memory[begin : begin + 8], "little", signed=True)
            found.append(None if length < 0 else bytes(self._memory[begin + 8 : begin + 8 + length]))
        return found


class Share:
    """Which of the writer's calls this process renders while Pelican's own articles and pages
    are written (``shared``): those it claims first (see :class:`Claims`), or without claims
    every ``count``-th, starting at ``index``. The first process writes everything else."""

    def __init__(self, index: int = 0, count: int = 1, claims: Claims | None = None) -> None:
        self.index = index
        self.count = count
        self.shared = False
        self._claims = claims
        self._calls = 0

    def mine(self) -> bool:
        if not self.shared:
            return self.index == 0
        call = self._calls
        self._calls += 1
        if self._claims is not None:
            return self._claims.claim(call)
        return call % self.count == self.index


class WorkerPool(multiprocessing.pool.Pool):
    """``multiprocessing``'s pool, minus a busy loop: the thread that keeps its workers alive is woken
    when a worker ends or the pool changes, not whenever results are waiting to be read.

    The standard pool also wakes that thread on its result pipe, and the thread
    then goes round (a status call per worker, a wait that returns at once) for
    as long as the pipe holds unread results. With large results, such as the
    rendered comments of a hundred thousand files, that was a third of a second
    of CPU and a contender for the lock the build's own thread needs. Workers
    that end are still replaced (their sentinels are still waited on); this
    pool only ever runs without ``maxtasksperchild``, the one case that needs
    a wake-up per result.
    """

    def __init__(self, processes: int, initializer=None, initargs=(), context=None) -> None:
        super().__init__(processes, initializer, initargs, None, context)

    def _get_sentinels(self) -> list:
        return [self._change_notifier._reader]


def pool(workers: int, initializer, initargs: tuple) -> WorkerPool | None:
    """A :class:`WorkerPool` of forked processes; None where the platform cannot fork."""
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        return None
    return WorkerPool(workers, initializer, initargs, context)


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
