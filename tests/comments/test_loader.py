"""The build's way of reading comments: the cache and the worker processes give exactly what a
plain read and render gives, and a changed file is never served from the cache."""

from __future__ import annotations

import os
import pickle
from datetime import UTC
from pathlib import Path

import pytest

from plugins.comments import loader
from plugins.comments.loader import FolderCache, LoadStats, Rendering, load_rendered, to_row
from plugins.comments.model import load_comments
from plugins.comments.render import BodyRenderer
from tests.comments.files import comment, write_comment

RENDERING = Rendering(UTC, "Morgan Hale", "%d %b %Y at %H:%M")
SLUGS = {"first", "second", "third"}


def corpus(content: Path) -> None:
    for number in range(12):
        slug = sorted(SLUGS)[number % 3]
        write_comment(
            content,
            slug,
            f"c{number}",
            comment(author=f"Reader {number}", date=f"2012-08-17 09:{number:02d}", body=f"Point *{number}* made."),
        )
    write_comment(content, "first", "held", comment(status="pending", body="Not yet."))
    write_comment(content, "second", "reply", comment(reply_to="c1", date="2012-08-18 10:00", body="Agreed."))


def expected(content: Path) -> list[tuple]:
    """A plain read, then rendering of the published comments, as the rows the loader gives."""
    loaded = load_comments(content / "comments", "content/comments", SLUGS, UTC, "Morgan Hale")
    published = [c for c in loaded.comments if c.published]
    BodyRenderer().render(published, RENDERING.date_format, RENDERING.zone)
    for c in published:
        c.body = ""
    return [to_row(c) for c in loaded.comments]


def load(content: Path, cache: FolderCache | None, workers: int = 1, method: str = "mtime", stats=None):
    return load_rendered(
        content / "comments", "content/comments", SLUGS, RENDERING, cache, workers, method, stats or LoadStats()
    )


@pytest.fixture
def content(tmp_path) -> Path:
    corpus(tmp_path / "content")
    return tmp_path / "content"


def test_first_and_second_load_give_what_a_plain_read_gives(content, tmp_path):
    cache = FolderCache(tmp_path / "cache")
    first, second = LoadStats(), LoadStats()
    assert [to_row(c) for c in load(content, cache, stats=first).comments] == expected(content)
    assert [to_row(c) for c in load(content, cache, stats=second).comments] == expected(content)
    assert (first.read, first.from_cache) == (3, 0)
    assert (second.read, second.from_cache) == (0, 3)


def test_worker_processes_give_the_same_comments(content, tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "POOL_FROM", 0)
    cache = FolderCache(tmp_path / "cache")
    assert [to_row(c) for c in load(content, cache, workers=2).comments] == expected(content)
    assert cache.slugs() == SLUGS  # what the workers read was kept
    assert [to_row(c) for c in load(content, cache).comments] == expected(content)
    stats = LoadStats()
    write_comment(content, "second", "c1", comment(author="Reader 1", body="Changed my mind."))
    again = load(content, FolderCache(tmp_path / "cache"), workers=2, stats=stats)  # the workers check the cache
    assert [to_row(c) for c in again.comments] == expected(content)
    assert (stats.read, stats.from_cache) == (1, 2)


def test_an_edited_file_is_read_again(content, tmp_path):
    cache = FolderCache(tmp_path / "cache")
    load(content, cache)
    write_comment(content, "second", "c1", comment(author="Reader 1", body="Changed my mind."))
    stats = LoadStats()
    loaded = load(content, cache, stats=stats)
    assert "Changed my mind." in next(c for c in loaded.comments if c.id == "c1").html
    assert (stats.read, stats.from_cache) == (1, 2)


def test_a_hash_notices_an_edit_that_keeps_size_and_time(content, tmp_path):
    cache = FolderCache(tmp_path / "cache")
    path = content / "comments" / "second" / "c1.md"
    load(content, cache, method="sha256")
    status = path.stat()
    path.write_bytes(path.read_bytes().replace(b"Point", b"Pinto"))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert "Pinto" in next(c for c in load(content, cache, method="sha256").comments if c.id == "c1").html


def test_a_new_and_a_deleted_comment_are_seen(content, tmp_path):
    cache = FolderCache(tmp_path / "cache")
    load(content, cache)
    (content / "comments" / "third" / "c2.md").unlink()
    write_comment(content, "third", "c99", comment(body="Late to the party."))
    ids = {c.id for c in load(content, cache).comments}
    assert "c2" not in ids and "c99" in ids


def test_problems_are_reported_every_time(content, tmp_path):
    cache = FolderCache(tmp_path / "cache")
    write_comment(content, "first", "bad", comment(date="someday"))
    for _ in range(2):
        loaded = load(content, cache)
        assert [p.field for p in loaded.problems] == ["Date"]
    assert "first" not in cache.slugs() and len(cache.slugs()) == 2  # the folder with the problem is not kept


def test_a_damaged_entry_is_read_again(content, tmp_path):
    cache = FolderCache(tmp_path / "cache")
    load(content, cache)
    for entry in (tmp_path / "cache").iterdir():
        entry.write_bytes(b"not a pickle")
    assert [to_row(c) for c in load(content, cache).comments] == expected(content)
    for entry in (tmp_path / "cache").iterdir():
        entry.write_bytes(pickle.dumps("something else"))
    assert [to_row(c) for c in load(content, cache).comments] == expected(content)


def test_entries_of_removed_articles_are_removed_when_the_packs_are_folded(content, tmp_path):
    cache = FolderCache(tmp_path / "cache")
    cache.packs.stale_allowed = 0  # fold at the first stale entry
    load(content, cache)
    for path in (content / "comments" / "third").iterdir():
        path.unlink()
    (content / "comments" / "third").rmdir()
    cache = FolderCache(tmp_path / "cache")
    cache.packs.stale_allowed = 0
    load(content, cache)
    assert cache.slugs() == {"first", "second"}
    assert len(list((tmp_path / "cache").iterdir())) == 1


def test_another_date_format_is_another_cache(content, tmp_path):
    cache = FolderCache(tmp_path / "cache")
    load(content, cache)
    other = Rendering(UTC, "Morgan Hale", "%Y-%m-%d")
    stats = LoadStats()
    loaded = load_rendered(content / "comments", "content/comments", SLUGS, other, cache, 1, "mtime", stats)
    assert stats.read == 3
    assert {c.date_text for c in loaded.comments if c.published} == {"2012-08-17", "2012-08-18"}


@pytest.fixture
def pools_started(monkeypatch) -> list[int]:
    """Worker pools on the smallest of sites, and how many folders each was given."""
    monkeypatch.setattr(loader, "POOL_FROM", 0)
    started: list[int] = []
    original = loader.FolderReading._start

    def noting(self, articles):
        started.append(len(articles))
        return original(self, articles)

    monkeypatch.setattr(loader.FolderReading, "_start", noting)
    return started


def test_a_rebuild_checks_the_cache_here_and_reads_only_what_changed(content, tmp_path, pools_started):
    cache_folder = tmp_path / "cache"
    assert [to_row(c) for c in load(content, FolderCache(cache_folder), workers=2).comments] == expected(content)
    assert pools_started == [3]  # nothing cached: workers for every folder
    stats = LoadStats()
    again = load(content, FolderCache(cache_folder), workers=2, stats=stats)
    assert [to_row(c) for c in again.comments] == expected(content)
    assert pools_started == [3] and (stats.read, stats.from_cache) == (0, 3)  # all cached: no workers
    write_comment(content, "second", "c1", comment(author="Reader 1", body="Changed my mind."))
    stats = LoadStats()
    again = load(content, FolderCache(cache_folder), workers=2, stats=stats)
    assert [to_row(c) for c in again.comments] == expected(content)
    assert pools_started == [3, 1] and (stats.read, stats.from_cache) == (1, 2)  # workers for the changed one


def test_a_rebuild_with_every_folder_changed_still_reads_them_on_workers(content, tmp_path, pools_started):
    cache = FolderCache(tmp_path / "cache")
    load(content, cache)
    other = Rendering(UTC, "Morgan Hale", "%Y-%m-%d")  # another date format: every entry is stale
    loaded = load_rendered(content / "comments", "content/comments", SLUGS, other, FolderCache(tmp_path / "cache"), 2)
    assert pools_started == [3]
    assert {c.date_text for c in loaded.comments if c.published} == {"2012-08-17", "2012-08-18"}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_folder_whose_replies_are_wrong_is_never_kept_and_its_problem_comes_back(
    content, tmp_path, monkeypatch, workers
):
    monkeypatch.setattr(loader, "POOL_FROM", 0)
    write_comment(content, "third", "loop-a", comment(reply_to="loop-b", date="2012-08-18 10:00", body="A."))
    write_comment(content, "third", "loop-b", comment(reply_to="loop-a", date="2012-08-18 11:00", body="B."))
    counts = []
    for _ in range(2):
        stats = LoadStats()
        loaded = load(content, FolderCache(tmp_path / "cache"), workers=workers, stats=stats)
        assert [(p.path, p.field) for p in loaded.problems] == [("content/comments/third/loop-a.md", "Reply-To")]
        assert "replies go round in a circle" in loaded.problems[0].message
        counts.append((stats.read, stats.from_cache))
    assert counts == [(3, 0), (1, 2)]  # the second time, only the folder with the problem is read


def test_a_posts_repeated_values_are_held_once(tmp_path):
    for number in range(3):
        text = comment(author="Jane  Reader", url="https://jane.example/", date=f"2012-08-17 09:0{number}")
        write_comment(tmp_path / "content", "first", f"j{number}", text)
    loaded = load(tmp_path / "content", FolderCache(tmp_path / "cache"))  # through the packed rows
    first, *others = loaded.comments
    assert all(c.author is first.author and c.url is first.url and c.status is first.status for c in others)
    assert first.author == "Jane Reader"
