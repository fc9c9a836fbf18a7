"""What one build keeps for the next, in the cache folder (``FAST_BUILD_CACHE``)::

    reader-<content folder>/pack-*    rendered Markdown by digest of a file's bytes, a few packs
    site-<settings>/manifest.pickle   how each file the writer produced was made
    site-<settings>/files/<digest>    a hard link to (or copy of) each of those files, named
                                      by a digest of its path: one flat folder, since creating
                                      folders costs more than linking files
    output-<output folder>.pickle     the files the last build into that folder produced

Everything is checked before it is trusted: a kept file is reused only when
its size and modification time are still those recorded, so a file edited by
hand, a half-finished build or another build running at the same time cost a
render, never a wrong page. Files are replaced atomically, and only the most
recently used entries of each kind are kept.
"""

from __future__ import annotations

import errno
import logging
import os
import pickle
import shutil
import tempfile
import time
from contextlib import suppress
from pathlib import Path
from typing import NamedTuple

from .digest import digest_bytes

logger = logging.getLogger(__name__)

FORMAT = 2  # bump when what is stored changes meaning
_KEEP = {"reader-": 4, "site-": 4, "output-": 8}
_PACK = "pack-"  # a pack of cache entries (see Packs)
_ABSENT = object()


class Record(NamedTuple):
    """How one output file was made, and what it looked like on disk."""

    inputs: bytes  # digest of the template (or feed arguments) and the values of ``names``
    names: tuple[str, ...] | None  # context variables read; None: all of them
    contents: tuple[tuple[str, bytes], ...]  # (content key, state digest) of content objects read
    size: int = -1
    mtime_ns: int = -1


class OutputRecord(NamedTuple):
    """What the last build left in one output folder."""

    produced: frozenset[str]  # every file it wrote, kept or copied
    statics: dict[str, tuple[int, int, int, int]]  # static copies: source and copy size and mtime


def _name(value: str) -> str:
    return digest_bytes(os.fsencode(value)).hex()[:20]


def load_pickle(path: Path, expected_signature: bytes):
    """The payload pickled at ``path`` under ``expected_signature``, or None."""
    try:
        with open(path, "rb") as file:
            stored = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception as error:  # a damaged or foreign file is as good as none
        logger.debug("cache: ignoring %s (%s)", path, error)
        return None
    if not isinstance(stored, tuple) or len(stored) != 3 or stored[:2] != (FORMAT, expected_signature):
        return None
    return stored[2]


def save_pickle(path: Path, signature: bytes, payload) -> None:
    """``payload`` pickled at ``path`` under ``signature``, atomically (a reader sees the old file or the new
    one, never half of one); raises OSError when it cannot be written."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump((FORMAT, signature, payload), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def same_file(stat: os.stat_result, record: Record) -> bool:
    return stat.st_size == record.size and stat.st_mtime_ns == record.mtime_ns


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


class Cache:
    """The cache folder. Nothing here is needed for a correct build: all of it may be deleted."""

    def __init__(self, root: Path) -> None:
        self.root = root

    # Rendered Markdown ------------------------------------------------------

    def renderings(self, content_path: str, signature: bytes) -> Packs:
        """Rendered Markdown by digest of a source file's bytes."""
        return Packs(self.root / f"reader-{_name(content_path)}", signature)

    # Texts of dates and URL settings (see shortcuts.to_keep) -----------------

    def load_texts(self, signature: bytes) -> dict | None:
        return load_pickle(self.root / "texts.pickle", signature)

    def save_texts(self, signature: bytes, texts: dict) -> None:
        save_pickle(self.root / "texts.pickle", signature, texts)

    # The files one output folder received -----------------------------------

    def load_output(self, output_path: str) -> OutputRecord:
        found = load_pickle(self.root / f"output-{_name(output_path)}.pickle", b"")
        return found if isinstance(found, OutputRecord) else OutputRecord(frozenset(), {})

    def save_output(self, output_path: str, record: OutputRecord) -> None:
        save_pickle(self.root / f"output-{_name(output_path)}.pickle", b"", record)

    def site(self, settings_digest: bytes) -> SiteStore:
        return SiteStore(self.root / f"site-{settings_digest.hex()[:20]}")

    def collect_garbage(self) -> None:
        """Keep only the most recently used entries of each kind."""
        try:
            entries = list(os.scandir(self.root))
        except OSError:
            return
        for prefix, keep in _KEEP.items():
            mine = [entry for entry in entries if entry.name.startswith(prefix)]
            mine.sort(key=lambda entry: _used_at(entry), reverse=True)
            for entry in mine[keep:]:
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    with suppress(OSError):
                        os.unlink(entry.path)


def _used_at(entry: os.DirEntry) -> int:
    manifest = Path(entry.path) / "manifest.pickle"
    stat = _stat(manifest if entry.name.startswith("site-") else Path(entry.path))
    return stat.st_mtime_ns if stat else 0


class Packs:
    """Cache entries by key, kept in a few pack files that are read all at once.

    A file per entry would make a first build create a thousand small files;
    on a file system without a journal, creating files soon after others
    were deleted costs far more than the entries' content. Each build adds
    the entries it made as one new pack, and the packs
    are folded into one when they hold many stale entries or are many, so a
    one-post edit still writes one small pack, not the whole cache. Packs of
    other settings (another ``signature``) are dropped at the next folding,
    and anything else in the folder (such as an older cache's files) makes
    the next build fold and is deleted then.
    """

    def __init__(self, folder: Path, signature: bytes, *, max_packs: int = 8, stale_allowed: int = 32) -> None:
        self.folder = folder
        self.signature = signature
        self.max_packs = max_packs
        self.stale_allowed = stale_allowed
        self._loaded: dict | None = None
        self._packs: list[str] = []
        self._others: list[str] = []

    def entries(self) -> dict:
        """Every entry kept (read from the packs the first time it is asked for)."""
        if self._loaded is None:
            self._loaded = {}
            try:
                listed = sorted(os.listdir(self.folder))
            except OSError:
                listed = []
            names = [name for name in listed if name.startswith(_PACK)]
            self._others = [name for name in listed if not name.startswith((_PACK, ".tmp-"))]
            for name in names:  # oldest first: a newer entry for a key wins
                found = load_pickle(self.folder / name, self.signature)
                if isinstance(found, dict):
                    self._loaded.update(found)
                self._packs.append(name)
        return self._loaded

    def __contains__(self, key) -> bool:
        return key in self.entries()

    def get(self, key, default=None):
        return self.entries().get(key, default)

    def keep(self, live: dict) -> None:
        """Keep ``live``, every entry this build used: the new or changed ones as one pack, or all of
        them in a single pack (the old packs deleted) when the old packs are mostly stale or too many."""
        kept = self.entries()
        new = {key: value for key, value in live.items() if kept.get(key, _ABSENT) is not value}
        stale = sum(1 for key in kept if key not in live) + sum(1 for key in new if key in kept)
        fold = (
            stale > max(self.stale_allowed, len(live) // 4)
            or len(self._packs) + bool(new) > self.max_packs
            or bool(self._others)
        )
        if not new and not fold:
            with suppress(OSError):
                os.utime(self.folder)  # used now: the cache's clean-up keeps the recently used
            return
        try:
            pack = self.folder / f"{_PACK}{time.time_ns():020d}-{os.getpid()}"
            save_pickle(pack, self.signature, live if fold else new)
        except OSError as error:
            logger.debug("could not keep cache entries in %s (%s)", self.folder, error)
            return
        if fold:
            for name in self._packs + self._others:
                with suppress(OSError):
                    os.unlink(self.folder / name)
        self._loaded = None
        self._packs = []


class SiteStore:
    """The records and kept files of the builds made with one set of settings."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files = folder / "files"
        self._files_ready = False

    def load(self, signature: bytes) -> dict[str, Record]:
        return load_pickle(self.folder / "manifest.pickle", signature) or {}

    def save(self, signature: bytes, records: dict[str, Record]) -> None:
        save_pickle(self.folder / "manifest.pickle", signature, records)

    def clear(self) -> None:
        """Forget every record (the next build renders every page)."""
        with suppress(OSError):
            os.unlink(self.folder / "manifest.pickle")

    def put_back(self, target: str, rel: str, record: Record) -> bool:
        """Make ``target`` hold the recorded bytes of ``rel``: already there, or linked back from
        the kept copy. False when neither has them any more (the file must be rendered)."""
        stat = _stat(target)
        if stat is not None and same_file(stat, record):
            return True
        kept = self.kept(rel)
        kept_stat = _stat(kept)
        if kept_stat is None or not same_file(kept_stat, record):
            return False
        try:
            if stat is not None:
                os.unlink(target)
            else:
                os.makedirs(os.path.dirname(target), exist_ok=True)
            _link_or_copy(kept, Path(target))
        except OSError as error:
            logger.debug("fast build: could not put back %s (%s)", rel, error)
            return False
        return True

    def keep(self, target: Path, rel: str) -> os.stat_result | None:
        """Keep the file just written at ``target``; returns its stat."""
        stat = _stat(target)
        if stat is None:
            return None
        kept = self.kept(rel)
        kept_stat = _stat(kept)
        if kept_stat is not None and os.path.samestat(stat, kept_stat):
            return stat
        try:
            if kept_stat is not None:
                os.unlink(kept)
            elif not self._files_ready:
                self.files.mkdir(parents=True, exist_ok=True)
                self._files_ready = True
            _link_or_copy(target, kept)
        except OSError as error:
            logger.debug("fast build: could not keep %s (%s)", rel, error)
        return stat

    def forget(self, rels) -> None:
        """Drop the kept files of outputs the site no longer has."""
        for rel in rels:
            with suppress(OSError):
                os.unlink(self.kept(rel))

    def kept(self, rel: str) -> Path:
        """Where the kept copy of the output file ``rel`` is."""
        return self.files / _name(rel)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
            raise
        shutil.copy2(source, target)


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def remove_stale(output: Path, stale) -> int:
    """Delete files a previous build produced that this one did not; returns how many."""
    removed = 0
    for rel in sorted(stale):
        path = output / rel
        try:
            os.unlink(path)
        except OSError:
            continue
        removed += 1
        _remove_empty_parents(path.parent, output)
    return removed
