"""Renders the site's Markdown on every core before Pelican asks for it, and
remembers each result under a digest of the file's bytes.

Python-Markdown is most of a Pelican build, and Pelican reads one file after
another on one core. Here every Markdown file Pelican is going to read is
hashed first: files rendered by an earlier build (same bytes, same Markdown
configuration) come from the cache; the rest are handed to a pool of worker
processes in the order Pelican reads them, so that results are ready when
Pelican's reader asks. Keying on the bytes rather than on modification times
means a checkout, a copy or a clock change never serves a stale page.

A worker returns the HTML and the raw metadata values; the reader in the main
process turns them into Pelican's objects (dates, tags) exactly as Pelican's
own Markdown reader does.
"""

from __future__ import annotations

import gc
import importlib
import io
import logging
import sys
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from markdown import Markdown
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED
from pelican.utils import get_date

from . import forking
from .digest import digest_bytes, module_stamp

logger = logging.getLogger(__name__)

FORMATTED = "formatted"  # a field Pelican renders as Markdown (Summary)
FIRST = "first"  # a field that keeps its first value when repeated
LIST = "list"  # a repeated field kept as a list
ONE = "one"  # a plain single value

_POOL_THRESHOLD = 24  # fewer files than this are rendered in-process: starting workers costs more
_BATCHES_PER_WORKER = 8


class Field(NamedTuple):
    name: str
    kind: str
    value: object
    repeated: bool = False
    date: object = None  # Date and Modified, already parsed the way Pelican parses them (dateutil is slow)


class Rendered(NamedTuple):
    html: str
    fields: tuple[Field, ...]


class MarkdownRenderer:
    """Pelican's Markdown reading, minus the Pelican objects: HTML and raw fields.

    One Markdown instance is reused (``reset()`` between documents, as
    Python-Markdown documents), a second one without the ``meta``
    preprocessor renders the formatted fields, as Pelican does.
    """

    def __init__(self, markdown_settings: dict, formatted_fields: Iterable[str]) -> None:
        self._document = Markdown(**markdown_settings)
        self._fields = Markdown(**markdown_settings)
        if "meta" in self._fields.preprocessors:
            self._fields.preprocessors.deregister("meta")
        self._formatted = frozenset(formatted_fields)

    def render(self, data: bytes) -> Rendered:
        # Decoded as pelican_open() reads: UTF-8, an optional BOM, universal newlines.
        text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig").read()
        document = self._document
        document.reset()
        html = document.convert(text)
        fields = []
        for name, values in (getattr(document, "Meta", None) or {}).items():
            name = name.lower()
            if name in self._formatted:
                self._fields.reset()
                fields.append(Field(name, FORMATTED, self._fields.convert("\n".join(values))))
            elif not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True):
                fields.append(Field(name, FIRST, values[0], len(values) > 1, _parsed_date(name, values[0])))
            elif len(values) > 1:
                fields.append(Field(name, LIST, list(values)))
            else:
                fields.append(Field(name, ONE, values[0]))
        return Rendered(html, tuple(fields))


def _parsed_date(name: str, value: str):
    """What Pelican's metadata processor makes of a Date or Modified value, or None."""
    try:
        if name == "date":
            return get_date(value.replace("_", " "))
        if name == "modified":
            return get_date(value)
    except (ValueError, OverflowError):
        return None  # Pelican's reader reports it
    return None


# Worker processes: one renderer each, made from the configuration they were forked with.
_worker_renderer: MarkdownRenderer | None = None


def _start_worker(markdown_settings: dict, formatted_fields: tuple[str, ...]) -> None:
    global _worker_renderer
    # What the worker inherited is never garbage: the collector need not walk it (nor copy its pages).
    gc.freeze()
    _worker_renderer = MarkdownRenderer(markdown_settings, formatted_fields)


def _render_batch(batch: list[tuple[str, bytes]]) -> list[tuple[str, Rendered | None]]:
    results = []
    for path, data in batch:
        try:
            rendered = _worker_renderer.render(data)
        except Exception:  # the main process renders it again and reports the error as Pelican would
            rendered = None
        results.append((path, rendered))
    return results


class Prerenderer:
    """Hands out rendered Markdown by path: from the cache, the workers, or rendered on the spot."""

    def __init__(
        self,
        markdown_settings: dict,
        formatted_fields: Iterable[str],
        cached,
        workers: int,
    ) -> None:
        """``cached`` maps digests to renderings (``get`` and ``in``); what this build used, new renderings
        included, is ``used`` afterwards, for the caller to keep."""
        self._settings = markdown_settings
        self._formatted = tuple(formatted_fields)
        self._cached = cached
        self._workers = workers
        self._keys: dict[str, bytes] = {}
        self._used: dict[bytes, Rendered] = {}
        self._pool = None
        self._pending: Iterator | None = None
        self._local: MarkdownRenderer | None = None
        self._unsent: dict[str, bytes] = {}  # bytes read by start() of files no worker renders
        self.rendered = 0  # files rendered by this build (not from the cache)

    def start(self, paths: Iterable[str]) -> None:
        """Hash ``paths`` (absolute, in the order Pelican will read them) and start rendering the new ones."""
        missing: list[tuple[str, bytes]] = []
        for path in paths:
            try:
                with open(path, "rb") as file:
                    data = file.read()
            except OSError:
                continue  # Pelican reports it when it gets there
            key = digest_bytes(data)
            self._keys[path] = key
            if key not in self._cached:
                missing.append((path, data))
        if not (self._workers > 1 and len(missing) >= _POOL_THRESHOLD and self._start_pool(missing)):
            self._unsent = dict(missing)

    def _start_pool(self, missing: list[tuple[str, bytes]]) -> bool:
        workers = min(self._workers, len(missing))
        self._pool = forking.pool(workers, _start_worker, (self._settings, self._formatted))
        if self._pool is None:  # no fork on this platform: render in-process
            return False
        size = max(1, min(32, len(missing) // (workers * _BATCHES_PER_WORKER)))
        batches = [missing[start : start + size] for start in range(0, len(missing), size)]
        self._pending = self._pool.imap(_render_batch, batches)
        return True

    def take(self, path: str) -> Rendered | None:
        """The rendering of ``path``; None when it cannot be rendered (Pelican's reader then reports why)."""
        key = self._keys.get(path)
        if key is None:
            try:
                with open(path, "rb") as file:
                    data = file.read()
            except OSError:
                return None
            key = digest_bytes(data)
            self._keys[path] = key
        found = self._used.get(key) or self._cached.get(key)
        while found is None and self._pending is not None:
            try:
                batch = next(self._pending)
            except StopIteration:
                self._pending = None
                break
            for done_path, rendered in batch:
                if rendered is not None:
                    self._used[self._keys[done_path]] = rendered
                    self.rendered += 1
            found = self._used.get(key)
        if found is None:
            return self._render_here(path)
        self._used[key] = found
        return found

    def _render_here(self, path: str) -> Rendered | None:
        """Rendered in this process, from the bytes start() read or, failing those, from the file as it is
        now; kept under the digest of the bytes rendered, whatever the file held when it was hashed."""
        try:
            data = self._unsent.pop(path, None)
            if data is None:
                with open(path, "rb") as file:
                    data = file.read()
            if self._local is None:
                self._local = MarkdownRenderer(self._settings, self._formatted)
            rendered = self._local.render(data)
        except Exception:
            return None
        key = self._keys[path] = digest_bytes(data)
        self._used[key] = rendered
        self.rendered += 1
        return rendered

    @property
    def used(self) -> dict[bytes, Rendered]:
        """The renderings this build used, by digest."""
        return self._used

    def close(self) -> dict[bytes, Rendered]:
        """Stop the workers; returns the renderings this build used, by digest."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        self._pending = None
        return self._used


def extension_versions(markdown_settings: dict) -> tuple[tuple[str, str], ...]:
    """What identifies the code of the configured Markdown extensions outside Python-Markdown itself
    (see :func:`.digest.module_stamp`)."""
    found = []
    for extension in markdown_settings.get("extensions", ()):
        module_name = extension if isinstance(extension, str) else type(extension).__module__
        top = module_name.split(":")[0].split(".")[0]
        if top == "markdown":
            continue
        module = sys.modules.get(top)
        if module is None:
            try:
                module = importlib.import_module(top)
            except ImportError:
                continue  # Python-Markdown reports it when it loads the extension
        found.append((top, module_stamp(module)))
    return tuple(sorted(set(found)))
