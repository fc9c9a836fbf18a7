"""Fetching feeds from a real HTTP server on 127.0.0.1: good, malformed, slow, missing, cached, moved."""

from __future__ import annotations

import time

import pytest

from analytics import feeds
from analytics.fetch import FetchSettings, fetch_all
from tests.analytics.feedserver import DATA, FeedServer


@pytest.fixture
def server():
    with FeedServer(slow=3.0) as running:
        yield running


@pytest.fixture
def settings(tmp_path):
    return FetchSettings(timeout=0.5, retries=1, backoff=0.05, workers=4, cache_dir=tmp_path / "cache")


def test_each_source_is_loaded_or_skipped_with_its_reason(server, settings):
    names = ["wordpress.rss", "based.atom", "malformed.xml", "slow.xml", "missing.xml", "moved", "page.html"]
    sources = [f"{server.url}/{name}" for name in names]
    started = time.monotonic()
    load = feeds.load(sources, settings, progress=False)
    elapsed = time.monotonic() - started

    assert [f.source for f in load.feeds] == [sources[0], sources[1], sources[5]]
    reasons = {s.source.rsplit("/", 1)[1]: s.reason for s in load.skipped}
    assert reasons == {
        "malformed.xml": "malformed feed at line 3: mismatched tag",
        "slow.xml": "timed out after 2 tries",
        "missing.xml": "HTTP 404 Not Found",
        "page.html": "not an RSS or Atom feed",
    }
    # The redirect was followed: the moved feed is the WordPress one, from its new address.
    moved = load.feeds[2]
    assert moved.url == f"{server.url}/wordpress.rss"
    assert [e.title for e in moved.parsed.entries] == [e.title for e in load.feeds[0].parsed.entries]
    # Two tries of 0.5 s for the slow feed, fetched alongside the others: well under the 3 s it takes.
    assert elapsed < 2.5
    assert server.requests["/slow.xml"] == 2


def test_second_run_is_answered_from_the_cache_by_304(server, settings):
    sources = [f"{server.url}/wordpress.rss", f"{server.url}/based.atom"]
    first = fetch_all(sources, settings, progress=False)
    second = fetch_all(sources, settings, progress=False)
    assert [(r.status, r.from_cache) for r in first] == [(200, False), (200, False)]
    assert [(r.status, r.from_cache) for r in second] == [(304, True), (304, True)]
    assert [r.content for r in second] == [r.content for r in first]
    sent = [headers for path, headers in server.headers if path == "/wordpress.rss"]
    assert "if-none-match" not in sent[0] and sent[1]["if-none-match"] == '"v1"'
    sent = [headers for path, headers in server.headers if path == "/based.atom"]
    assert sent[1]["if-modified-since"] == "Thu, 23 Feb 2012 12:26:40 GMT"
    # The cache answers with what it kept: the entries are the same.
    assert feeds.from_fetched(second).feeds[0].parsed.entries == feeds.from_fetched(first).feeds[0].parsed.entries


def test_without_a_cache_every_run_fetches_in_full(server, settings):
    plain = FetchSettings(timeout=0.5, retries=0, cache_dir=None)
    fetch_all([f"{server.url}/wordpress.rss"], plain, progress=False)
    again = fetch_all([f"{server.url}/wordpress.rss"], plain, progress=False)
    assert again[0].status == 200 and not again[0].from_cache
    assert all("if-none-match" not in h for _, h in server.headers)


def test_a_server_error_is_retried(server, settings):
    [result] = fetch_all([f"{server.url}/flaky.xml"], settings, progress=False)
    assert result.ok and result.status == 200
    assert server.requests["/flaky.xml"] == 2


def test_a_redirect_loop_is_given_up(server, settings):
    [result] = fetch_all([f"{server.url}/loop"], settings, progress=False)
    assert not result.ok
    assert result.error == "too many redirects after 2 tries"
    assert server.requests["/loop"] == 6  # the first request and five redirects, tried once: no retry


def test_unreachable_server(settings):
    # A port nobody listens on: the connection is refused at once, tried twice.
    [result] = fetch_all(["http://127.0.0.1:9/feed.xml"], settings, progress=False)
    assert result.error.startswith("connection failed (ConnectError") and result.error.endswith("after 2 tries")


def test_local_files_and_bad_schemes(settings, tmp_path):
    results = fetch_all(
        [str(DATA / "wordpress.rss"), str(tmp_path / "nothing.xml"), "ftp://example.com/feed.xml"], settings
    )
    assert results[0].ok and results[0].content == (DATA / "wordpress.rss").read_bytes()
    assert results[1].error.startswith("cannot read the file: ")
    assert results[2].error == "only http(s) URLs and local files can be read"


def test_an_answer_larger_than_the_limit_is_refused(server, tmp_path):
    small = FetchSettings(timeout=1, retries=0, max_bytes=100, cache_dir=tmp_path)
    [result] = fetch_all([f"{server.url}/wordpress.rss"], small, progress=False)
    assert result.error == "larger than 100 bytes"
    assert not list(tmp_path.iterdir())


def test_progress_bar_only_when_asked_or_on_a_terminal(server, settings, capsys):
    fetch_all([f"{server.url}/wordpress.rss"], settings)  # stderr is captured: not a terminal
    assert capsys.readouterr().err == ""
    fetch_all([f"{server.url}/wordpress.rss"], settings, progress=True)
    assert "feeds: 100%" in capsys.readouterr().err


def test_fetching_is_concurrent(tmp_path):
    with FeedServer(slow=0.4) as slow_server:
        settings = FetchSettings(timeout=5, retries=0, workers=4, cache_dir=None)
        started = time.monotonic()
        results = fetch_all([f"{slow_server.url}/slow.xml"] * 4, settings, progress=False)
        elapsed = time.monotonic() - started
    assert all(r.ok for r in results)
    assert elapsed < 1.2  # four answers of 0.4 s each, at the same time
