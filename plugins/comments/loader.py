"""Reading and rendering the comments folder for a build: each article's folder
from the cache when none of its files changed, the rest on every core.

A blog with a hundred thousand comments would otherwise spend most of every
build re-reading and re-rendering files nobody touched. The unit of work is
one article's folder (``<slug>/``): its cache entry is keyed by the names,
sizes and modification times of its files (or by their bytes, when Pelican's
``CHECK_MODIFIED_METHOD`` names a hash) and by everything rendering depends
on (the plugin's code, the renderer's and sanitiser's versions, the time zone,
the date format and the blog author's name). A folder with a problem is
never cached, so its problems are reported on every build until fixed.

Folders are checked against the cache and, when it does not have them,
read by worker processes when there are enough files to pay for starting
the workers; the workers send back plain rows, which cost far less to pass
between processes than objects, or only the key when the cache has the
folder.
"""

from __future__ import annotations

import gc
import hashlib
import operator
import os
import pickle
import weakref
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import tzinfo
from importlib import metadata
from pathlib import Path

from plugins.fast_build import forking
from plugins.fast_build.store import Packs

from .model import (
    ArticleFiles,
    Comment,
    Loaded,
    check_replies,
    known_articles,
    list_comment_files,
    open_folder,
    read_comment_files,
)
from .render import BodyRenderer

# Below this many comment files to read, starting workers costs more than it saves.
POOL_FROM = 2000
# Below this many files, a rebuild whose cache has every folder checks them in this process (see FolderReading).
CHECK_HERE_BELOW = 20_000
_FIELDS = tuple(f.name for f in fields(Comment))
_CACHE_VERSION = b"comments-cache-1"


@dataclass(frozen=True)
class Rendering:
    """Everything a rendered comment depends on besides its own file."""

    zone: tzinfo
    blog_author: str
    date_format: str


@dataclass(frozen=True)
class FolderResult:
    """One article folder read and rendered: comment rows (see :func:`to_row`), problems, broken ids,
    and the folder's cache key when it has one."""

    slug: str
    rows: list[tuple]
    problems: list
    broken: set
    key: bytes | None = None
    entry: tuple[bytes, bytes] | None = None  # (key, packed rows) to keep in the cache; None: not kept
    cached: bool = False  # taken from the cache, not read


def pack(rows: list[tuple]) -> bytes:
    """Rows as bytes: made once in a worker, they are both what it sends back and what it keeps."""
    return pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)


to_row = operator.attrgetter(*_FIELDS)  # a comment's fields as a tuple, in the order Comment takes them


def from_row(row: tuple) -> Comment:
    return Comment(*row)


def read_folder(
    article: ArticleFiles, rendering: Rendering, renderer: BodyRenderer, opened: list | None = None
) -> FolderResult:
    """Reads one article's comment files and renders the published ones; ``opened`` gets each file's
    status as it was opened (see :func:`.model.read_comment_files`).

    The Markdown body of a rendered comment is dropped: the build needs only
    what it became, and it is most of what a cached row would weigh. The
    replies are checked here (they refer to comments of the same folder
    only), so that a folder with a problem is never kept, and a folder the
    cache gives back needs no check.
    """
    loaded = read_comment_files([article], rendering.zone, rendering.blog_author, opened)
    problems = loaded.problems + check_replies(loaded.comments, loaded.broken)
    published = [c for c in loaded.comments if c.published]
    renderer.render(published, rendering.date_format, rendering.zone)
    for comment in published:
        comment.body = ""
    return FolderResult(article.slug, [to_row(c) for c in loaded.comments], problems, loaded.broken)


def code_token(rendering: Rendering) -> bytes:
    """A digest of what every cached folder depends on: a change here makes every entry stale."""
    hasher = hashlib.blake2b(_CACHE_VERSION, digest_size=16)
    here = Path(__file__).parent
    for name in ("model.py", "render.py", "loader.py"):
        hasher.update((here / name).read_bytes())
    for package in ("comrak", "nh3"):
        try:
            hasher.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            hasher.update(package.encode())
    hasher.update(repr((str(rendering.zone), rendering.blog_author, rendering.date_format)).encode())
    return hasher.digest()


def folder_key(article: ArticleFiles, token: bytes, method: str = "mtime") -> bytes | None:
    """The cache key of one article folder, or None when a file vanished while it was listed."""
    try:
        if method == "mtime":
            folder = open_folder(article.folder)
            if folder is None:
                statuses = [os.stat(os.path.join(article.folder, name)) for name in article.names]
            else:
                try:
                    statuses = [os.stat(name, dir_fd=folder) for name in article.names]
                finally:
                    os.close(folder)
        else:
            parts = []
            for name in article.names:
                with open(os.path.join(article.folder, name), "rb") as file:
                    parts.append(f"{name}\0{hashlib.new(method, file.read()).hexdigest()}\0")
            return _digest(token, article.slug, parts)
    except OSError:
        return None
    return status_key(article, token, statuses)


def status_key(article: ArticleFiles, token: bytes, statuses: list[os.stat_result]) -> bytes:
    """:func:`folder_key` by modification time, from the status of each of the folder's files, in order."""
    parts = [
        f"{name}\0{status.st_size}:{status.st_mtime_ns}:{status.st_ino}\0"
        for name, status in zip(article.names, statuses, strict=True)
    ]
    return _digest(token, article.slug, parts)


def _digest(token: bytes, slug: str, parts: list[str]) -> bytes:
    hasher = hashlib.blake2b(token, digest_size=16)
    hasher.update(slug.encode("utf-8", "surrogatepass"))
    hasher.update("".join(parts).encode("utf-8", "surrogatepass"))
    return hasher.digest()


class FolderCache:
    """Each article folder's key and rows, by slug, in the cache's pack files (see ``Packs``).
    Anything unreadable is a miss."""

    def __init__(self, folder: Path) -> None:
        self.packs = Packs(folder, _CACHE_VERSION)

    def entry(self, slug: str) -> tuple[bytes, bytes] | None:
        return self.packs.get(slug)

    def slugs(self) -> set[str]:
        """The folders kept, as the cache folder has them now."""
        return set(Packs(self.packs.folder, _CACHE_VERSION).entries())

    def keep(self, entries: dict[str, tuple[bytes, bytes]]) -> None:
        """Keep ``entries``, the (key, packed rows) of every folder of this build that can be cached;
        the entries of folders that are gone or have problems are dropped in time."""
        self.packs.keep(entries)


class FolderReader:
    """A folder from the cache when its files are those it was kept for, else read, with what to keep.

    A worker process checks the cache as well as reading: the cache it
    inherited is the one this process has, and the check is one system call
    per file, which a large blog's rebuild otherwise spends on one core. The
    key of a folder read is worked out from the files as they are opened, so
    a file changed while it is read leaves an entry that the next build sees
    as stale.
    """

    def __init__(self, rendering: Rendering, cache: FolderCache | None, token: bytes | None, method: str) -> None:
        """``token``: see :func:`code_token`; None when nothing is cached."""
        self.rendering = rendering
        self.cache = cache
        self.token = token
        self.method = method
        self._renderer: BodyRenderer | None = None

    def remembers(self, article: ArticleFiles) -> bool:
        """Whether the cache has an entry for the folder (which may no longer match its files)."""
        return self.cache is not None and self.token is not None and self.cache.entry(article.slug) is not None

    def _kept(self, article: ArticleFiles) -> tuple[bytes | None, tuple | None]:
        """The folder's cache entry and its key now, worked out only when there is an entry to compare it with."""
        entry = self.cache.entry(article.slug) if self.cache is not None and self.token is not None else None
        if entry is None:
            return None, None
        return folder_key(article, self.token, self.method), entry

    def __call__(self, article: ArticleFiles) -> FolderResult:
        """The folder, from the cache or read, with the entry to keep in the cache when it can be kept."""
        found, key = self.from_cache(article)
        return found or self.read(article, key)

    def from_cache(self, article: ArticleFiles) -> tuple[FolderResult | None, bytes | None]:
        """The folder as the cache kept it, when its files are still those (else None), and its key now."""
        key, entry = self._kept(article)
        return _from_cache(article.slug, key, entry), key

    def read(self, article: ArticleFiles, key: bytes | None = None) -> FolderResult:
        """The folder read, with the entry to keep in the cache when it can be kept (packed once for both uses).
        ``key``: the folder's key, when :meth:`_kept` just worked it out from the files' bytes."""
        if self._renderer is None:
            self._renderer = BodyRenderer()
        # By modification time, the key comes from the files as they are opened for reading: no second
        # system call per file. By content, it is worked out before they are read.
        opened: list[os.stat_result] | None = [] if self.token is not None and self.method == "mtime" else None
        if opened is None and key is None and self.token is not None:
            key = folder_key(article, self.token, self.method)
        result = read_folder(article, self.rendering, self._renderer, opened)
        if opened is not None:
            key = status_key(article, self.token, opened) if len(opened) == len(article.names) else None
        if key is None or result.problems:
            return replace(result, key=key)
        return replace(result, key=key, entry=(key, pack(result.rows)))

    def packed(self, article: ArticleFiles) -> tuple:
        """What a worker sends back (see :meth:`unpack`): the key alone when the cache has the folder,
        else the folder read, with its rows as bytes (cheap to send between processes)."""
        key, entry = self._kept(article)
        if key is not None and _rows_key(entry) == key:
            return (article.slug, None, key)
        result = self.read(article, key)
        data = pack(result.rows) if result.entry is None else result.entry[1]
        return (result.slug, data, result.key, result.problems, result.broken, result.entry is not None)

    def unpack(self, sent: tuple, article: ArticleFiles) -> FolderResult:
        slug, data, key = sent[:3]
        if data is None:  # unchanged: this process has the same cache entry
            return _from_cache(slug, key, self.cache.entry(slug)) or self.read(article)
        problems, broken, kept = sent[3:]
        return FolderResult(slug, pickle.loads(data), problems, broken, key, (key, data) if kept else None)


def _from_cache(slug: str, key: bytes | None, entry) -> FolderResult | None:
    """The folder as the cache kept it, when it was kept under ``key``."""
    rows = _rows(entry, key)
    return None if rows is None else FolderResult(slug, rows, [], set(), key, entry, cached=True)


def _rows_key(entry) -> bytes | None:
    """The key a cache entry was kept under (None for anything that is not an entry)."""
    return entry[0] if isinstance(entry, tuple) and len(entry) == 2 else None


def _rows(entry, key: bytes | None) -> list[tuple] | None:
    """The rows of a cache entry, when it was kept under ``key``."""
    if key is None or _rows_key(entry) != key:
        return None
    try:
        return pickle.loads(entry[1])
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        return None


# The reader of a worker process, set up when the worker starts.
_worker: FolderReader | None = None


def _start_worker(reader: FolderReader) -> None:
    global _worker
    _worker = reader
    # What the worker inherited is never garbage: the collector need not walk it (nor copy its pages).
    gc.freeze()


def _read_in_worker(article: ArticleFiles) -> tuple:
    return _worker.packed(article)


class FolderReading:
    """Folders being checked against the cache and read: on ``workers`` processes, started at once,
    when there are enough files (and the platform can fork); in this process, as asked for, otherwise.

    When the cache has every folder and the files are not too many to check here (a rebuild), they
    are checked in this process when asked for, which costs less than starting workers; the folders
    that changed are then read by workers only if they hold enough files.
    """

    def __init__(self, articles: list[ArticleFiles], reader: FolderReader, workers: int) -> None:
        self._articles = articles
        self._reader = reader
        self._workers = workers
        self._pool = None
        self._results = None
        files = sum(len(article.names) for article in articles)
        self._check_here = False
        if workers < 2 or files < POOL_FROM:
            return
        if files < CHECK_HERE_BELOW and all(reader.remembers(article) for article in articles):
            self._check_here = True
            return
        self._start(articles)

    def _start(self, articles: list[ArticleFiles]) -> bool:
        self._pool = forking.pool(self._workers, _start_worker, (self._reader,))
        if self._pool is None:  # no fork on this platform
            return False
        chunk = max(1, len(articles) // (self._workers * 8))
        self._results = self._pool.imap(_read_in_worker, articles, chunksize=chunk)
        # Stopped with the build, even one that fails before asking for the results: the pool itself
        # lives on while its result thread still holds unfinished work, so it cannot be left to the collector.
        weakref.finalize(self, self._pool.terminate)
        return True

    def results(self) -> Iterable[FolderResult]:
        """Every folder read and rendered, in the order given."""
        if self._check_here:
            yield from self._checked_here()
            return
        if self._pool is None:
            for article in self._articles:
                yield self._reader(article)
            return
        try:
            for sent, article in zip(self._results, self._articles, strict=True):
                yield self._reader.unpack(sent, article)
        finally:
            self.close()

    def _checked_here(self) -> Iterable[FolderResult]:
        """Every folder checked against the cache here; those that changed read by workers when they hold
        enough files, else here."""
        found = [self._reader.from_cache(article) for article in self._articles]
        changed = [article for article, (result, _key) in zip(self._articles, found, strict=True) if result is None]
        pooled = bool(changed) and sum(len(a.names) for a in changed) >= POOL_FROM and self._start(changed)
        try:
            for article, (result, key) in zip(self._articles, found, strict=True):
                if result is not None:
                    yield result
                elif pooled:
                    yield self._reader.unpack(next(self._results), article)
                else:
                    yield self._reader.read(article, key)
        finally:
            self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


@dataclass
class LoadStats:
    """What one load did, for the build log and the benchmarks."""

    folders: int = 0
    from_cache: int = 0

    @property
    def read(self) -> int:
        return self.folders - self.from_cache


class CommentLoad:
    """The comments of a build, read from the start of the build and handed over once the articles
    are known.

    Started before Pelican reads the posts, the workers read comments while
    the posts are read; every folder is read, and :meth:`folders` then hands
    over those of the posts and pages, reporting the others in
    :attr:`problems`.
    """

    def __init__(
        self,
        folder: Path,
        display: str,
        rendering: Rendering,
        cache: FolderCache | None = None,
        workers: int = 1,
        method: str = "mtime",
    ) -> None:
        self.cache = cache
        self.listed, self.problems = list_comment_files(folder, display)
        token = code_token(rendering) if cache is not None else None
        if cache is not None:
            cache.packs.entries()  # read now, so that worker processes inherit it
        self.stats = LoadStats(folders=len(self.listed))
        self._reading = FolderReading(self.listed, FolderReader(rendering, cache, token, method), workers)

    def folders(self, slugs: Collection[str]) -> Iterator[FolderResult]:
        """The folder of each post or page named in ``slugs``, as soon as it is read (the comments
        of the first ones can be threaded while the last are still being read); then the cache keeps
        what it may. :attr:`problems` has the listing's problems and a problem for each folder that
        names no post or page."""
        listed, unknown = known_articles(self.listed, slugs)
        self.problems = self.problems + unknown
        known = {article.slug for article in listed}
        entries: dict[str, tuple[bytes, bytes]] = {}
        for result in self._reading.results():
            self.stats.from_cache += result.cached
            if result.slug not in known:
                continue
            if result.entry is not None:
                entries[result.slug] = result.entry
            yield result
        if self.cache is not None:
            self.cache.keep(entries)

    def finish(self, slugs: Collection[str]) -> Loaded:
        """Every comment of the articles named ``slugs``, published ones rendered, and every problem."""
        results = {result.slug: result for result in self.folders(slugs)}
        loaded = Loaded(problems=list(self.problems))
        for article in self.listed:
            result = results.get(article.slug)
            if result is None:
                continue
            loaded.comments += map(from_row, result.rows)
            loaded.problems += result.problems
            loaded.broken |= result.broken
        return loaded


def load_rendered(
    folder: Path,
    display: str,
    slugs: Collection[str],
    rendering: Rendering,
    cache: FolderCache | None = None,
    workers: int = 1,
    method: str = "mtime",
    stats: LoadStats | None = None,
) -> Loaded:
    """Every comment under ``folder``, published ones rendered, and every problem found.

    Same comments, in the same order, as :func:`.model.load_comments` followed
    by rendering, whichever of cache, workers or this process produced them.
    """
    load = CommentLoad(folder, display, rendering, cache, workers, method)
    loaded = load.finish(slugs)
    if stats is not None:
        stats.folders, stats.from_cache = load.stats.folders, load.stats.from_cache
    return loaded
