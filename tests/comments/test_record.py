"""A comment feed is skipped only when what it is made from and the file written are both unchanged."""

from __future__ import annotations

import os

from plugins.comments.record import FeedRecord


def written(tmp_path, inputs: bytes = b"one") -> tuple[FeedRecord, str]:
    target = tmp_path / "out" / "feeds" / "comments" / "post.atom.xml"
    target.parent.mkdir(parents=True)
    target.write_text("<feed/>", encoding="utf-8")
    record = FeedRecord(tmp_path / "cache" / "feeds.pickle")
    record.wrote(str(target), inputs)
    record.save()
    return FeedRecord(tmp_path / "cache" / "feeds.pickle"), str(target)


def test_same_inputs_and_untouched_file_is_unchanged(tmp_path):
    record, target = written(tmp_path)
    assert record.unchanged(target, b"one")
    record.save()
    assert FeedRecord(tmp_path / "cache" / "feeds.pickle").unchanged(target, b"one")


def test_other_inputs_make_it_again(tmp_path):
    record, target = written(tmp_path)
    assert not record.unchanged(target, b"two")


def test_a_file_changed_or_removed_by_something_else_is_made_again(tmp_path):
    record, target = written(tmp_path)
    status = os.stat(target)
    with open(target, "w", encoding="utf-8") as file:
        file.write("<feed>edited</feed>")
    os.utime(target, ns=(status.st_atime_ns, status.st_mtime_ns + 1))
    assert not record.unchanged(target, b"one")
    os.unlink(target)
    assert not record.unchanged(target, b"one")


def test_a_record_not_saved_again_forgets_what_was_not_written(tmp_path):
    record, target = written(tmp_path)
    record.save()  # nothing looked at or written in this build
    assert not FeedRecord(tmp_path / "cache" / "feeds.pickle").unchanged(target, b"one")


def test_a_damaged_record_is_no_record(tmp_path):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "feeds.pickle").write_bytes(b"garbage")
    assert not FeedRecord(tmp_path / "cache" / "feeds.pickle").unchanged(str(tmp_path / "x"), b"one")
