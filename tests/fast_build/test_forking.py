"""Writer calls shared between processes: each call goes to exactly one, the first to reach it."""

from __future__ import annotations

import importlib
import os
import shutil
import time
from pathlib import Path

from pelican.plugins import signals

from bench.corpus import generate
from plugins.fast_build import forking
from plugins.publisher import build_site
from tests.conftest import ROOT
from tests.fast_build.test_incremental import assert_same_site

CALLS = 300


def shared_calls(slow_helper: bool) -> tuple[list[int], list[int]]:
    """Two real processes go through the same calls; returns the calls each one took."""
    claims = forking.Claims()
    index, children, pipe = forking.start(2)
    share = forking.Share(index, 2, claims)
    share.shared = True
    taken = []
    for call in range(CALLS):
        if share.mine():
            taken.append(call)
            if pipe is not None and slow_helper:
                time.sleep(0.002)  # a helper that gets few turns on a busy machine
    if pipe is not None:
        forking.finish_child(pipe, taken)
    (helper,) = forking.collect(children)
    return taken, helper


def test_every_call_goes_to_exactly_one_process():
    first, helper = shared_calls(slow_helper=False)
    assert sorted(first + helper) == list(range(CALLS))
    assert not set(first) & set(helper)


def test_a_process_that_gets_fewer_turns_takes_fewer_calls():
    first, helper = shared_calls(slow_helper=True)
    assert sorted(first + helper) == list(range(CALLS))
    assert len(first) > CALLS // 2  # fixed turns would give each half


def test_without_claims_the_processes_take_turns():
    shares = [forking.Share(index, 3) for index in range(3)]
    for share in shares:
        share.shared = True
    taken = [[call for call in range(9) if share.mine()] for share in shares]
    assert taken == [[0, 3, 6], [1, 4, 7], [2, 5, 8]]
    outside = forking.Share(1, 3)
    assert not outside.mine()  # outside Pelican's articles and pages, the first process writes everything


def test_feeds_watched_from_outside_are_all_made_by_the_first_process(tmp_path):
    """A receiver from outside the site's plugins sees every feed: the first process makes them all,
    and the site is the one plain Pelican builds."""
    content = tmp_path / "content"
    generate(content, posts=30, comments=30)
    seen: list[str] = []

    def watcher(context, feed) -> None:
        seen.append(feed.feed["link"])

    def build(output: Path, **overrides) -> None:
        build_site(
            ROOT / "pelicanconf.py",
            output,
            PATH=str(content),
            CACHE_PATH=str(tmp_path / f"{output.name}-cache"),
            **overrides,
        )

    signals.feed_generated.connect(watcher)
    try:
        build(tmp_path / "shared", FAST_BUILD_WORKERS=2, FAST_BUILD_SHARE_FROM=0)
        watched = len(seen)
        seen.clear()
        build(tmp_path / "plain", FAST_BUILD=False)
    finally:
        signals.feed_generated.disconnect(watcher)
    assert watched == len(seen) > 0  # every feed made where this receiver runs
    assert_same_site(tmp_path / "shared", tmp_path / "plain")
    shutil.rmtree(tmp_path / "plain")


def swapped(data_of, timeout: float = 10.0, region: int = 1 << 16) -> list:
    """What each of two real processes got from the swap, for ``data_of(index)`` (None: never swaps)."""
    exchange = forking.Exchange(2, region, timeout=timeout)
    index, children, pipe = forking.start(2)
    data = data_of(index)
    got = exchange.swap(index, data) if data is not None else "left"
    if pipe is not None:
        forking.finish_child(pipe, got)
    (helper,) = forking.collect(children)
    return [got, helper]


def test_processes_swap_what_each_worked_out():
    first, helper = swapped(lambda index: f"from {index}".encode() * 100)
    assert first == helper == [b"from 0" * 100, b"from 1" * 100]


def test_bytes_that_do_not_fit_are_missing_for_everyone():
    first, helper = swapped(lambda index: b"x" * (100 if index == 0 else 5000), region=1024)
    assert first == helper == [b"x" * 100, None]


def test_a_process_that_never_swaps_leaves_the_others_to_do_without():
    first, helper = swapped(lambda index: b"mine" if index == 0 else None, timeout=0.5)
    assert first == [None, None]
    assert helper == "left"


def test_processes_that_share_the_checks_keep_every_page_one_process_keeps(tmp_path, monkeypatch):
    """The processes swap the digests of the content and the context (each works out its share):
    a page is kept only if what it read is unchanged, so a wrong swap would render pages again."""
    content = tmp_path / "content"
    generate(content, posts=30, comments=60)
    monkeypatch.syspath_prepend(str(ROOT / "plugins"))
    session = importlib.import_module("fast_build.session")  # as Pelican loads the plugin
    counts: list[tuple[int, int]] = []
    finish = session.Build.finish

    def counting_finish(build) -> None:
        finish(build)
        counts.append((build.rendered, build.reused))

    monkeypatch.setattr(session.Build, "finish", counting_finish)

    def second_build(workers: int) -> tuple[int, int]:
        settings = {
            "PATH": str(content),
            "CACHE_PATH": str(tmp_path / f"cache-{workers}"),
            "FAST_BUILD_SHARE_FROM": 0,
            "FAST_BUILD_WORKERS": workers,
        }
        for _ in range(2):
            build_site(ROOT / "pelicanconf.py", tmp_path / f"output-{workers}", **settings)
        return counts[-1]

    rendered, reused = second_build(1)
    assert reused > 100 and rendered < 5
    assert second_build(2) == (rendered, reused)


def test_a_process_that_fails_to_digest_its_share_leaves_the_others_to_do_it(tmp_path, monkeypatch):
    content = tmp_path / "content"
    generate(content, posts=30, comments=30)
    monkeypatch.syspath_prepend(str(ROOT / "plugins"))
    digest = importlib.import_module("fast_build.digest")  # as Pelican loads the plugin
    first, failed = os.getpid(), []
    state = digest.Digester.state

    def failing_once_elsewhere(digester, content):
        if os.getpid() != first and not failed:
            failed.append(True)
            raise RuntimeError("out of memory")
        return state(digester, content)

    monkeypatch.setattr(digest.Digester, "state", failing_once_elsewhere)
    settings = {"PATH": str(content), "FAST_BUILD_SHARE_FROM": 0}
    build_site(
        ROOT / "pelicanconf.py", tmp_path / "shared", CACHE_PATH=str(tmp_path / "c"), FAST_BUILD_WORKERS=2, **settings
    )
    build_site(
        ROOT / "pelicanconf.py", tmp_path / "plain", CACHE_PATH=str(tmp_path / "u"), FAST_BUILD=False, **settings
    )
    assert_same_site(tmp_path / "shared", tmp_path / "plain")
