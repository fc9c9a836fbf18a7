"""The cache's pack files: what is kept comes back, each build adds one pack at most, stale entries go."""

from __future__ import annotations

from pathlib import Path

from plugins.fast_build.store import Packs


def packs_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_what_is_kept_comes_back_in_a_new_store(tmp_path):
    Packs(tmp_path, b"one").keep({"a": 1, "b": (2, b"x")})
    again = Packs(tmp_path, b"one")
    assert again.entries() == {"a": 1, "b": (2, b"x")}
    assert "a" in again and again.get("b") == (2, b"x") and again.get("c") is None


def test_a_build_adds_one_pack_with_only_its_new_entries(tmp_path):
    Packs(tmp_path, b"one").keep({"a": 1, "b": 2})
    first = packs_in(tmp_path)
    store = Packs(tmp_path, b"one")
    store.keep({"a": 1, "b": 2})  # nothing new: nothing written
    assert packs_in(tmp_path) == first
    store = Packs(tmp_path, b"one")
    store.keep({"a": 1, "b": 3})  # one changed entry
    assert len(packs_in(tmp_path)) == 2
    assert Packs(tmp_path, b"one").entries() == {"a": 1, "b": 3}  # the newer pack wins


def test_stale_entries_are_dropped_when_they_are_many(tmp_path):
    Packs(tmp_path, b"one", stale_allowed=2).keep({key: key for key in range(10)})
    Packs(tmp_path, b"one", stale_allowed=2).keep({key: key for key in range(8)})  # two stale: kept as they are
    assert len(Packs(tmp_path, b"one").entries()) == 10
    Packs(tmp_path, b"one", stale_allowed=2).keep({key: key for key in range(7)})  # three: folded into one pack
    assert len(packs_in(tmp_path)) == 1
    assert Packs(tmp_path, b"one").entries() == {key: key for key in range(7)}


def test_packs_are_folded_when_there_are_too_many(tmp_path):
    for round_number in range(5):
        Packs(tmp_path, b"one", max_packs=3).keep({"a": round_number})
        assert len(packs_in(tmp_path)) <= 3
        assert Packs(tmp_path, b"one").get("a") == round_number


def test_damaged_and_foreign_packs_are_misses_and_go_at_the_next_folding(tmp_path):
    Packs(tmp_path, b"other settings").keep({"a": "theirs"})
    (tmp_path / "pack-0-damaged").write_bytes(b"not a pickle")
    store = Packs(tmp_path, b"one", max_packs=2)
    assert store.entries() == {}
    store.keep({"a": "mine"})  # three packs would be too many: folded
    assert len(packs_in(tmp_path)) == 1
    assert Packs(tmp_path, b"one").entries() == {"a": "mine"}


def test_a_folder_that_cannot_be_written_costs_only_the_cache(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("in the way")
    Packs(blocked / "packs", b"one").keep({"a": 1})  # no error
    assert Packs(blocked / "packs", b"one").entries() == {}


def test_files_of_an_older_cache_are_deleted_at_the_next_build(tmp_path):
    (tmp_path / "0f3a9c").write_bytes(b"a rendering kept the old way, one file per entry")
    Packs(tmp_path, b"one").keep({"a": 1})
    assert len(packs_in(tmp_path)) == 1 and packs_in(tmp_path)[0].startswith("pack-")
    assert Packs(tmp_path, b"one").entries() == {"a": 1}
