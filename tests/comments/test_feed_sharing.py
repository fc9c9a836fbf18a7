"""Many comment feeds are written by two processes, with the same bytes as one process writes."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest
from pelican.plugins import signals

from bench.corpus import generate
from plugins.fast_build import forking
from plugins.publisher import build_site
from tests.conftest import ROOT

POSTS = 80  # more than the 64 feeds from which a second process writes half of them


@pytest.fixture
def generator(monkeypatch):
    """The module the build uses: Pelican loads the plugin as ``comments`` from PLUGIN_PATHS."""
    monkeypatch.syspath_prepend(str(ROOT / "plugins"))
    return importlib.import_module("comments.generator")


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("shared-feeds") / "content"
    generate(folder, posts=POSTS, comments=POSTS * 3)
    return folder


def feeds(output: Path) -> dict[str, bytes]:
    folder = output / "feeds" / "comments"
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.atom.xml"))}


def build(generator, content: Path, output: Path, **overrides) -> tuple[list[str], int]:
    """Builds with ``overrides``; returns the comment feeds announced to plugins and the processes forked."""
    announced: list[str] = []
    forks = []
    start = forking.start

    def counting_start(count: int):
        result = start(count)
        if result[2] is None:  # in the first process
            forks.append(count)
        return result

    def listener(path, **kwargs) -> None:
        if f"{os.sep}feeds{os.sep}comments{os.sep}" in str(path):
            announced.append(os.path.basename(path))

    signals.content_written.connect(listener)
    generator.forking.start = counting_start
    try:
        build_site(
            ROOT / "pelicanconf.py",
            output,
            PATH=str(content),
            CACHE_PATH=str(output.parent / f"{output.name}-cache"),
            FAST_BUILD=False,  # no page-writing helper: every fork counted is the comment feeds'
            **overrides,
        )
    finally:
        generator.forking.start = start
        signals.content_written.disconnect(listener)
    return announced, len(forks)


def test_two_processes_write_the_feeds_one_process_writes(generator, content, tmp_path):
    alone, forks_alone = build(generator, content, tmp_path / "alone", COMMENTS_WORKERS=1)
    shared, forks_shared = build(generator, content, tmp_path / "shared", COMMENTS_WORKERS=2)
    assert forks_alone == 0
    assert forks_shared == 1
    written = feeds(tmp_path / "shared")
    assert len(written) == POSTS
    assert written == feeds(tmp_path / "alone")
    assert sorted(shared) == sorted(alone) == sorted(written)  # every feed announced once, from this process


def test_the_feeds_of_a_second_process_that_fails_are_written_by_the_first(generator, content, tmp_path, monkeypatch):
    first = os.getpid()
    write = generator._write_if_changed

    def failing_elsewhere(target, feed) -> None:
        if os.getpid() != first:
            raise OSError("disk full")
        write(target, feed)

    monkeypatch.setattr(generator, "_write_if_changed", failing_elsewhere)
    announced, forks = build(generator, content, tmp_path / "shared", COMMENTS_WORKERS=2)
    assert forks == 1
    monkeypatch.setattr(generator, "_write_if_changed", write)
    build(generator, content, tmp_path / "alone", COMMENTS_WORKERS=1)
    assert len(feeds(tmp_path / "shared")) == POSTS
    assert feeds(tmp_path / "shared") == feeds(tmp_path / "alone")
    assert len(announced) == POSTS
