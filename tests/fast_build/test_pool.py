"""The worker pool the build's Markdown and comment workers run in: results, replaced workers, and no busy loop."""

import multiprocessing
import multiprocessing.pool
import os
import time

import pytest

from plugins.fast_build.forking import WorkerPool, pool


def _square(number: int) -> int:
    return number * number


def _large(number: int) -> bytes:
    return bytes([number % 256]) * 200_000  # larger than a pipe holds: results wait to be read


def test_the_pool_gives_every_result_in_order():
    workers = pool(2, None, ())
    try:
        assert list(workers.imap(_square, range(50), chunksize=3)) == [n * n for n in range(50)]
    finally:
        workers.terminate()
        workers.join()


def _end_worker(_number: int) -> None:
    os._exit(0)


def test_a_worker_that_ends_is_replaced():
    workers = pool(2, None, ())
    try:
        before = {worker.pid for worker in workers._pool}
        workers.apply_async(_end_worker, (0,))  # its result never comes: the worker is gone
        deadline = time.monotonic() + 30
        while {worker.pid for worker in workers._pool} >= before and time.monotonic() < deadline:
            time.sleep(0.05)
        after = {worker.pid for worker in workers._pool}
        assert len(after) == 2 and after != before
        assert workers.apply_async(_square, (7,)).get(timeout=30) == 49
    finally:
        workers.terminate()
        workers.join()


@pytest.fixture
def wakeups(monkeypatch):
    """Counts the rounds of the pool's worker-keeping thread."""
    counted = {"rounds": 0}
    maintain = multiprocessing.pool.Pool._maintain_pool

    def counting(*args, **kwargs):
        counted["rounds"] += 1
        return maintain(*args, **kwargs)

    monkeypatch.setattr(multiprocessing.pool.Pool, "_maintain_pool", staticmethod(counting))
    return counted


def _rounds_while_results_wait(make_pool, wakeups) -> int:
    workers = make_pool()
    try:
        pending = workers.map_async(_large, range(40), chunksize=1)
        time.sleep(0.3)  # results pile up in the pipe, unread by the result thread for now
        before = wakeups["rounds"]
        time.sleep(0.5)
        rounds = wakeups["rounds"] - before
        assert len(pending.get(timeout=60)) == 40
        return rounds
    finally:
        workers.terminate()
        workers.join()


def test_waiting_results_do_not_keep_the_pool_thread_busy(wakeups, monkeypatch):
    # The result thread is held up, so the results stay in the pipe the standard pool's thread waits on.
    handle_results = multiprocessing.pool.Pool._handle_results

    def slow_results(*args, **kwargs):
        time.sleep(1.5)
        return handle_results(*args, **kwargs)

    monkeypatch.setattr(multiprocessing.pool.Pool, "_handle_results", staticmethod(slow_results))
    context = multiprocessing.get_context("fork")
    standard = _rounds_while_results_wait(lambda: context.Pool(2), wakeups)
    ours = _rounds_while_results_wait(lambda: WorkerPool(2, context=context), wakeups)
    assert standard > 50  # the standard pool goes round while results wait
    assert ours <= 2
