"""One fast build, from the first generator to the last file written.

The signal receivers in ``__init__`` call into the :class:`Build` of the
current run: it starts rendering Markdown ahead of Pelican, names every
content object Pelican creates, decides for each file the writer is asked to
produce whether the file from the previous build can stay, and at the end
keeps what the next build needs and removes what this one no longer produces.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import pickle
import signal
import sys
import time
import traceback
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pelican
from pelican.contents import Content, Static
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator
from pelican.plugins import signals
from pelican.utils import sanitised_join

from . import collector, forking, recording, shortcuts
from .digest import Digester, Unstable, combine, digest_bytes, module_stamp
from .prerender import Prerenderer, extension_versions
from .settings import FastBuildSettings
from .statics import StaticCopies
from .store import FORMAT, Cache, OutputRecord, Record, remove_stale

logger = logging.getLogger(__name__)

# Read by every page whatever its template says: Pelican resolves {filename}
# links and relative URLs from these through the shared context, in Python.
ALWAYS_READ = ("generated_content", "localsiteurl", "static_content")
# Path-to-content maps that Pelican fills in file-system order, which varies
# from one process to the next: their order means nothing.
UNORDERED = ("generated_content", "static_content")
# Attributes of content objects that are bookkeeping, not content.
NOT_STATE = frozenset({"_context", "settings", "_output_location_referenced"})
# Settings that say where the build goes, not what it contains.
NOT_CONTENT_SETTINGS = (
    "OUTPUT_PATH",
    "CACHE_PATH",
    "FAST_BUILD",
    "FAST_BUILD_WORKERS",
    "FAST_BUILD_CACHE",
    "FAST_BUILD_SHARE_FROM",
)
_MISSING = object()
_MISSING_DIGEST = digest_bytes(b"<missing>")
_PACKAGES = ("pelican", "jinja2", "markdown", "markupsafe", "feedgenerator")


class Reuse(str):
    """What a render returns instead of HTML when the previous file stays."""


REUSE = Reuse("")


class Pending(NamedTuple):
    rel: str
    record: Record | None  # None: the file is written but not reused next time
    reused: bool = False
    elsewhere: bool = False  # another process writes this file


_build: Build | None = None
# Settings objects of the Pelican instances with the plugin, each with its fast-build settings, read once.
_enabled: list[tuple[dict, FastBuildSettings]] = []


def enable(settings: dict) -> None:
    """Called when a Pelican instance with this plugin starts: a bad setting stops the build here."""
    config = FastBuildSettings.from_pelican(settings)
    _enabled[:] = [pair for pair in _enabled if pair[0] is not settings][-7:] + [(settings, config)]


def disable(settings: dict) -> None:
    _enabled[:] = [pair for pair in _enabled if pair[0] is not settings]


def config_for(settings: dict) -> FastBuildSettings | None:
    """The fast-build settings of the run with ``settings``, when it builds fast (the plugin on, ``FAST_BUILD``)."""
    for known, config in _enabled:
        if known is settings:
            return config if config.enabled else None
    return None


def current(settings: dict) -> Build | None:
    if _build is not None and _build.settings is settings:
        return _build
    return None


def prerenderer_for(settings: dict) -> Prerenderer | None:
    build = current(settings)
    return build.prerenderer if build is not None else None


def begin(generator: ArticlesGenerator) -> None:
    """A run starts: its articles generator was just created."""
    global _build
    if _build is not None:
        _build.abandon()
        _build = None
    config = config_for(generator.settings)
    if config is not None:
        _build = Build(config, generator)


def get() -> Build | None:
    return _build


def end() -> None:
    global _build
    if _build is not None:
        try:
            _build.finish()
        finally:
            _build = None


def _skip(writer) -> None:
    """A generator's output that a helper process leaves to the first one."""


def _files_digest(folders, suffix: str = "") -> bytes:
    parts = []
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if not name.endswith(suffix):
                    continue
                path = os.path.join(root, name)
                try:
                    with open(path, "rb") as file:
                        parts += [os.path.relpath(path, folder).encode(), digest_bytes(file.read())]
                except OSError:
                    continue
    return combine(parts)


def _files_under(top: str) -> Iterator[os.DirEntry]:
    """Every file under ``top``, as ``os.walk`` finds them: a link to a folder is neither followed nor
    listed, an unreadable folder is skipped."""
    folders = [top]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    try:
                        is_folder = entry.is_dir()
                    except OSError:
                        is_folder = False
                    if not is_folder:
                        yield entry
                    elif not entry.is_symlink():
                        folders.append(entry.path)
        except OSError:
            continue


def _plugin_code_digest(settings: dict) -> bytes:
    """The source of the enabled plugins (every file of each plugin's folder under PLUGIN_PATHS)."""
    parts = []
    for folder in settings.get("PLUGIN_PATHS", ()):
        for name in sorted(settings.get("PLUGINS", ())):
            name = getattr(name, "__name__", name)
            package, module = os.path.join(folder, name), os.path.join(folder, f"{name}.py")
            if os.path.isdir(package):
                parts.append(_files_digest([package], suffix=".py"))
            elif os.path.isfile(module):
                with open(module, "rb") as file:
                    parts.append(digest_bytes(file.read()))
    return combine(parts)


def _versions() -> bytes:
    """The installed code that turns content into pages (see :func:`.digest.module_stamp`)."""
    found = [sys.version.encode(), str(FORMAT).encode()]
    for name in _PACKAGES:
        module = sys.modules.get(name) or importlib.import_module(name)
        found.append(f"{name}={module_stamp(module)}".encode())
    return combine(found)


class Build:
    """The state of one run of Pelican with the fast build on."""

    def __init__(self, config: FastBuildSettings, generator: ArticlesGenerator) -> None:
        self.config = config
        self.settings = generator.settings
        self.context = generator.context
        self.output = Path(self.settings["OUTPUT_PATH"])
        self._prefix = str(self.output) + os.sep
        self.cache = Cache(config.cache)
        # What exists now (the settings, the modules) and, once it is read, the content live to
        # the end of the build: out of the cycle collector's way (see ``collector``).
        collector.freeze()
        self.versions = _versions()
        shortcuts.install(self.cache.load_texts(self.versions))
        self.started_ns = self._stamp()
        self.plugin_code = _plugin_code_digest(self.settings)

        # Content objects by key, and keys by object id.
        self._objects: dict[str, Content] = {}
        self._keys: dict[int, tuple[Content, str]] = {}
        self._counts: dict[str, int] = defaultdict(int)

        self.reader_signature = self._reader_signature()
        cached = self.cache.renderings(self.settings["PATH"], self.reader_signature)
        self._renderings = cached
        self.prerenderer = Prerenderer(
            self.settings["MARKDOWN"], self.settings["FORMATTED_FIELDS"], cached, config.workers
        )
        self.prerenderer.start(self._markdown_files(generator))

        # Writing.
        self.generators: list = []
        self.digester: Digester | None = None
        self.code: bytes | None = None
        self.store = None
        self.previous: dict[str, Record] = {}
        self.outputs: dict[str, Pending] = {}
        self._pending: Pending | None = None
        self._expected_feed: tuple | None = None
        self._outside_feed_watchers: bool | None = None
        self._call_elsewhere = False
        self._announced: set[str] = set()
        self.share = forking.Share()
        self._children: list[forking.Child] = []
        self._templates: dict[int, tuple[object, bytes]] = {}
        self._snapshot: dict = {}
        self._last: dict[str, tuple[object, bytes]] = {}
        self._labels: dict[str, bytes] = {}  # each name, length-prefixed: digests are all DIGEST_SIZE long
        self._interned: dict[tuple, tuple] = {}
        self.reused = 0
        self.rendered = 0

    # Reading --------------------------------------------------------------

    def _stamp(self) -> int:
        """The file system's clock now: files it stamps later were touched by this build."""
        try:
            self.cache.root.mkdir(parents=True, exist_ok=True)
            stamp = self.cache.root / "last-build"
            stamp.touch()  # sets the times of an existing file too
            return os.stat(stamp).st_ctime_ns
        except OSError:
            return time.time_ns() - 1_000_000_000

    def _reader_signature(self) -> bytes:
        digester = Digester(lambda content: None)
        try:
            markdown_settings = digester.digest(self.settings["MARKDOWN"])
        except Unstable:
            markdown_settings = digest_bytes(os.urandom(16))  # cannot tell: nothing cached is reused
        return combine(
            [
                self.versions,
                self.plugin_code,
                markdown_settings,
                repr(sorted(self.settings["FORMATTED_FIELDS"])).encode(),
                repr(extension_versions(self.settings["MARKDOWN"])).encode(),
            ]
        )

    def _markdown_files(self, generator: ArticlesGenerator) -> list[str]:
        """The Markdown files the articles and pages generators will read, in their order."""
        from .reader import FastMarkdownReader

        extensions = {
            ext for ext, reader in generator.readers.readers.items() if isinstance(reader, FastMarkdownReader)
        }
        paths = []
        settings = self.settings
        for folders, excludes in (
            (settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]),
            (settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"]),
        ):
            for relative in generator.get_files(folders, exclude=excludes):
                if os.path.splitext(relative)[1][1:] in extensions:
                    paths.append(os.path.abspath(os.path.join(generator.path, relative)))
        return paths

    def reading_done(self) -> None:
        """Articles and pages are read: stop the Markdown workers (again is harmless)."""
        self.prerenderer.close()

    def register(self, content: Content) -> None:
        """Give each content object a key that names the same object in the next build."""
        source = getattr(content, "relative_source_path", None) or getattr(content, "source_path", None)
        base = f"{type(content).__name__}:{source}"
        number = self._counts[base]
        self._counts[base] += 1
        key = base if number == 0 else f"{base}#{number}"
        self._objects[key] = content
        self._keys[id(content)] = (content, key)

    def key_of(self, content: Content) -> str | None:
        found = self._keys.get(id(content))
        return found[1] if found is not None and found[0] is content else None

    # Writing --------------------------------------------------------------

    def start_writing(self) -> None:
        generators = self.generators
        self.reading_done()
        settings = {k: v for k, v in self.settings.items() if k not in NOT_CONTENT_SETTINGS}
        self.digester = Digester(self.key_of, self.settings, NOT_STATE)
        theme = self._template_folders()
        try:
            settings_digest = Digester(lambda content: None).digest(settings)
        except Unstable as error:
            logger.debug("fast build: settings cannot be digested (%s); every page is rendered", error)
            settings_digest = None
        if settings_digest is not None:
            self.code = combine([settings_digest, self.versions, self.plugin_code, _files_digest(theme)])
            self.store = self.cache.site(settings_digest)
            self.previous = self.store.load(self.code)
        self._prime_attachments()
        shortcuts.settle()
        collector.freeze()
        self.output_record = self.cache.load_output(str(self.output))
        self.statics = StaticCopies(str(self.output), self.output_record.statics)
        for generator in generators:
            if isinstance(generator, StaticGenerator):
                generator.generate_output = self._copying_changed_only(generator.generate_output)
        self._share_writing(generators)

    def _share_writing(self, generators: list) -> None:
        """Fork helpers that render their share of the pages (see ``forking``)."""
        count = self.config.workers
        contents = len(self._objects)
        if count < 2 or contents < self.config.share_from or not hasattr(os, "fork"):
            return
        try:
            claims = forking.Claims()
            exchange = forking.Exchange(count, (1 << 20) + 200 * contents)
        except (OSError, ImportError, ValueError) as error:  # no shared memory or locks here: fixed turns
            logger.debug("fast build: processes take turns (%s)", error)
            claims = exchange = None
        index, self._children, pipe = forking.start(count)
        self.share = forking.Share(index, count, claims)
        helper = pipe is not None
        if helper:
            self._pipe = pipe
            self._error_log = forking.ErrorLog()
            logging.getLogger().addHandler(self._error_log)
        try:
            self._digest_shared_values(exchange)
        except BaseException:
            if helper:  # a helper never returns into its caller's code: it reports and ends
                forking.finish_child(pipe, ("error", traceback.format_exc(), self._error_log.records))
            raise
        for generator in generators:
            shared = isinstance(generator, (ArticlesGenerator, PagesGenerator))
            if helper and isinstance(generator, StaticGenerator):
                generator.generate_output = self._helper_done
            elif helper and not shared:
                generator.generate_output = _skip  # plugins' generators run in the first process only
            elif shared:
                generator.generate_output = self._sharing(generator.generate_output, helper)

    def _digest_shared_values(self, exchange: forking.Exchange | None) -> None:
        """Every process checks pages against the states of all the content objects and the digests
        of the context's values, the same in each, since it was forked with them: each works out
        its share, and they swap (a fifth of the writing time of a rebuild, once instead of twice)."""
        if exchange is None:
            return
        index, count = self.share.index, self.share.count
        states, values = [], []
        try:
            with recording.paused():
                for position, key in enumerate(sorted(self._objects)):
                    if position % count == index:
                        try:
                            states.append((key, self.digester.state(self._objects[key])))
                        except Unstable:
                            pass  # whatever reads it is rendered every time
                for position, name in enumerate(sorted(self.context)):
                    value = self.context[name]
                    if position % count == index and name not in UNORDERED:
                        try:
                            values.append((name, self._value_digest(name, value)))
                        except Unstable:
                            pass
            data = pickle.dumps((states, values), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # every process must reach the swap; the others then work it all out
            logger.debug("fast build: process %d could not digest its share (%s)", index, error)
            data = b""
        for other, received in enumerate(exchange.swap(index, data)):
            if other == index or not received:
                continue
            their_states, their_values = pickle.loads(received)
            for key, digest in their_states:
                content = self._objects.get(key)
                if content is not None:
                    self.digester.known_state(content, digest)
            for name, digest in their_values:
                value = self.context.get(name, _MISSING)
                if value is _MISSING or name in self._last:
                    continue
                self._last[name] = (value, digest)
                self._snapshot.setdefault(name, value)
                self.digester.known_digest(value, digest)

    def _sharing(self, generate_output, helper: bool):
        def wrapped(writer):
            self.share.shared = True
            try:
                return generate_output(writer)
            except BaseException:
                if helper:
                    forking.finish_child(self._pipe, ("error", traceback.format_exc(), self._error_log.records))
                raise
            finally:
                self.share.shared = False

        return wrapped

    def _helper_done(self, writer) -> None:
        """A helper has written its share: report to the first process and end."""
        try:
            stable = self._stable()
            logger.debug("fast build: helper %d used %.2f s of CPU", self.share.index, time.process_time())
            payload = ("done", self.outputs, self.rendered, self.reused, stable, self._error_log.records)
        except BaseException:
            payload = ("error", traceback.format_exc(), self._error_log.records)
        forking.finish_child(self._pipe, payload)

    def _gather_helpers(self) -> bool:
        """Wait for the helpers; returns whether their pages were stable. Raises if one failed."""
        stable = True
        failures = []
        for result in forking.collect(self._children):
            for name, level, message in result[-1] if len(result) > 2 else ():
                logging.getLogger(name).log(level, "%s", message)
            if result[0] != "done":
                failures.append(result[1])
                continue
            _, outputs, rendered, reused, helper_stable, _logs = result
            self.outputs.update(outputs)
            self.rendered += rendered
            self.reused += reused
            stable = stable and helper_stable
        self._children = []
        if failures:
            raise RuntimeError("writing part of the site failed:\n" + "\n".join(failures))
        return stable

    def _copying_changed_only(self, generate_output):
        def wrapped(writer):
            with self.statics.active():
                return generate_output(writer)

        return wrapped

    def _template_folders(self) -> list[str]:
        folders = []
        for generator in self.generators:
            for folder in getattr(generator, "_templates_path", ()):
                if folder not in folders:
                    folders.append(folder)
        folders.append(os.path.join(os.path.dirname(pelican.__file__), "themes", "simple", "templates"))
        return [folder for folder in folders if os.path.isdir(folder)]

    def _prime_attachments(self) -> None:
        """Resolve {attach} links now, as the first render would, so that a
        static file moves next to the page that attaches it even when that
        page's render is skipped."""
        for key in sorted(self._objects):
            content = self._objects[key]
            if isinstance(content, Static):
                continue
            raw = vars(content).get("_content") or ""
            if "attach" in raw and ("{attach}" in raw or "|attach|" in raw):
                with recording.recording():  # remembered with what it read, so that the page's render reuses it
                    content.get_content(content.get_siteurl())

    def _template_digest(self, template) -> bytes:
        known = self._templates.get(id(template))
        if known is not None and known[0] is template:
            return known[1]
        filename = getattr(template, "filename", None)
        if not filename:
            raise Unstable("a template without a file")
        with open(filename, "rb") as file:
            result = combine([str(getattr(template, "name", "")).encode(), digest_bytes(file.read())])
        self._templates[id(template)] = (template, result)
        return result

    def _value_digest(self, name: str, value) -> bytes:
        """The digest of the value a page saw under ``name``; the last one per name is remembered."""
        if value is _MISSING:
            return _MISSING_DIGEST
        known = self._last.get(name)
        if known is not None and known[0] is value:
            return known[1]
        if name not in self._snapshot and self.context.get(name, _MISSING) is value:
            self._snapshot[name] = value  # checked again at the end: it must not change while pages are written
        digested = value
        if name in UNORDERED and isinstance(value, dict):
            digested = sorted(value.items(), key=lambda item: item[0])
        result = self.digester.digest(digested)
        self._last[name] = (value, result)
        return result

    def _inputs(self, head: list[bytes], values: dict, names: tuple[str, ...] | None, fallback: dict) -> bytes:
        """One digest of the template and of the value of each name a page read (all names: None)."""
        if names is None:
            names = tuple(sorted(values))
        parts = [self.code, *head]
        labels = self._labels
        for name in names:
            value = values[name] if name in values else fallback.get(name, _MISSING)
            label = labels.get(name)
            if label is None:
                encoded = name.encode()
                label = labels[name] = len(encoded).to_bytes(4, "little") + encoded
            parts += [label, self._value_digest(name, value)]
        return digest_bytes(b"".join(parts))

    def _contents(self, reads: recording.Reads) -> tuple[tuple[str, bytes], ...]:
        found = []
        for content in reads.contents.values():
            key = self.key_of(content)
            if key is None:
                raise Unstable(f"content object created outside this build: {content!r}")
            found.append((key, self.digester.state(content)))
        return tuple(sorted(found))

    def _contents_unchanged(self, contents: tuple[tuple[str, bytes], ...]) -> bool:
        for key, state in contents:
            content = self._objects.get(key)
            if content is None or self.digester.state(content) != state:
                return False
        return True

    def _try_reuse(self, rel: str, head: list[bytes], values: dict, fallback: dict) -> bool:
        record = self.previous.get(rel)
        if record is None or self.store is None:
            return False
        with recording.paused():
            try:
                if self._inputs(head, values, record.names, fallback) != record.inputs:
                    return False
                if not self._contents_unchanged(record.contents):
                    return False
            except Unstable:
                return False
            if not self.store.put_back(self._prefix + rel, rel, record):
                return False
        self._pending = Pending(rel, record, reused=True)
        self.reused += 1
        return True

    def _record(self, head, values, names, fallback, reads) -> Record | None:
        if self.code is None:
            return None
        with recording.paused():
            try:
                return Record(self._inputs(head, values, names, fallback), names, self._contents(reads))
            except Unstable as error:
                logger.debug("fast build: %s is always rendered (%s)", values.get("output_file"), error)
                return None

    def render_page(self, template, localcontext: dict) -> str:
        """Render ``template`` for one output file, unless the previous file can stay."""
        rel = localcontext.get("output_file")
        if self._call_elsewhere:
            self._pending = Pending(self._rel(rel) if rel else "", None, elsewhere=True)
            return REUSE
        environment = getattr(template, "environment", None)
        names_recorded = environment is not None and recording.prepare(environment)
        fallback = getattr(template, "globals", None) or {}
        try:
            head = [b"page", self._template_digest(template)]
        except (Unstable, OSError):
            head = None
        if rel and head is not None and self._try_reuse(self._rel(rel), head, localcontext, fallback):
            return REUSE
        with recording.recording() as reads:
            html = template.render(localcontext)
        record = None
        if rel and head is not None:
            names = tuple(sorted(reads.names.union(ALWAYS_READ))) if names_recorded else None
            names = self._interned.setdefault(names, names) if names is not None else None
            record = self._record(head, localcontext, names, fallback, reads)
        self._pending = Pending(self._rel(rel) if rel else "", record)
        self.rendered += 1
        return html

    def _feeds_watched_from_outside(self) -> bool:
        """Whether code other than this site's plugins sees (or changes) each feed as it is made.

        A receiver from a plugin under PLUGIN_PATHS is taken to change the feed from the feed
        and the context only (as the comments plugin adds comment counts): its code is part of
        what the cache is checked against. Any other receiver makes every feed be made anew.
        """
        if self._outside_feed_watchers is None:
            roots = tuple(os.path.abspath(path) + os.sep for path in self.settings.get("PLUGIN_PATHS", ()))
            outside = False
            for watched in (signals.feed_generated, signals.feed_written):
                for receiver in watched.receivers_for(object()) if watched.receivers else ():
                    module = sys.modules.get(getattr(receiver, "__module__", "") or "")
                    filename = os.path.abspath(getattr(module, "__file__", "") or "")
                    outside = outside or not (roots and filename.startswith(roots))
            self._outside_feed_watchers = outside
        return self._outside_feed_watchers

    def feed_inputs(self, elements, path: str, url, feed_type: str, feed_title) -> list[bytes] | None:
        """What a feed is made from besides the context and its entries' content, or None."""
        if self._feeds_watched_from_outside():
            return None  # always make it
        try:
            with recording.paused():
                shown = list(elements[: self.settings["FEED_MAX_ITEMS"]])
                return [b"feed", self.digester.digest((path, url, feed_type, feed_title, shown))]
        except Unstable:
            return None

    def written_elsewhere(self) -> bool:
        """Whether another process renders the pages of the writer call that starts now."""
        self._call_elsewhere = not self.share.mine()
        return self._call_elsewhere

    def feed_elsewhere(self, rel: str) -> bool:
        """Whether another process makes this feed (when other code watches feeds, the first one makes all)."""
        if self._feeds_watched_from_outside():
            mine = self.share.index == 0  # and no process claims it: every process asks the same here
        else:
            mine = self.share.mine()
        if not mine:
            self._pending = Pending(rel, None, elsewhere=True)
        return not mine

    def try_reuse_feed(self, rel: str, head: list[bytes] | None, context: dict) -> bool:
        return head is not None and self._try_reuse(rel, head, context, {})

    def expect_feed(self, rel: str, head: list[bytes] | None, context: dict, reads: recording.Reads) -> None:
        """A feed is being made; its record is taken when Pelican opens its file, once its entries are read."""
        self._expected_feed = (rel, head, context, reads)

    def _rel(self, name: str) -> str:
        """A writer's output name as a path relative to the output folder, with forward slashes."""
        if os.sep == "/" and not name.startswith((".", "/")) and "/." not in name and "//" not in name:
            return name
        return self.output_rel(sanitised_join(str(self.output), name))

    def output_rel(self, path: str) -> str:
        """A path in the output folder (as the writer opens it) relative to the folder, with forward slashes:
        how every record of this build names its files."""
        if path.startswith(self._prefix):
            return path[len(self._prefix) :].replace(os.sep, "/")
        return os.path.relpath(path, self.output).replace(os.sep, "/")

    def take_pending(self, filename: str) -> Pending:
        """What the render just made is going to ``filename``."""
        pending, self._pending = self._pending, None
        rel = self.output_rel(filename)
        if self._expected_feed is not None:
            feed_rel, head, context, reads = self._expected_feed
            self._expected_feed = None
            if feed_rel == rel:
                record = self._record(head, context, None, {}, reads) if head is not None else None
                self.rendered += 1
                return Pending(rel, record)
        if pending is None or pending.rel != rel:
            return Pending(rel, None)
        return pending

    def announced(self, path) -> None:
        path = os.fspath(path)
        if path.startswith(self._prefix):  # a file outside the output folder is not this build's to keep
            self._announced.add(self.output_rel(path))

    def written(self, pending: Pending) -> None:
        if not pending.elsewhere:
            self.outputs[pending.rel] = pending

    # Finishing ------------------------------------------------------------

    def finish(self) -> None:
        texts = shortcuts.to_keep()
        shortcuts.uninstall()
        if texts is not None:
            try:
                self.cache.save_texts(self.versions, texts)
            except OSError as error:
                logger.debug("fast build: could not keep the texts of dates and addresses: %s", error)
        recording.uninstall()
        recording.forget_memos()
        self.reading_done()
        if self.digester is None:
            return  # stopped before writing (a check-only run)
        # While the helpers finish their share, what needs only this process's work: the files
        # this process wrote (before the cache links or unlinks anything: that changes the ctime of
        # files it shares; the helpers write only through the writer, so their files are in
        # their outputs), whether its pages were stable, and the rendered Markdown.
        produced = self._produced()
        stable = self._stable()
        self._renderings.keep(self.prerenderer.used)
        helpers_stable = self._gather_helpers()
        produced |= set(self.outputs)
        records = {}
        if self.store is not None and stable and helpers_stable:
            for rel, pending in self.outputs.items():
                if pending.record is None:
                    continue
                if pending.reused:
                    records[rel] = pending.record  # the very file that was recorded
                    continue
                stat = self.store.keep(self.output / rel, rel)
                if stat is not None:
                    records[rel] = pending.record._replace(size=stat.st_size, mtime_ns=stat.st_mtime_ns)
            self.store.forget(set(self.previous) - set(records))
            try:
                self.store.save(self.code, records)
            except OSError as error:
                logger.warning("fast build: could not save its records in %s: %s", self.store.folder, error)
        elif self.store is not None:
            self.store.clear()
        self._remove_stale(produced)
        self.cache.collect_garbage()  # last: the records just saved mark this build's entries as the newest
        logger.debug("fast build: the first process used %.2f s of CPU", time.process_time())
        logger.info(
            "fast build: %d files rendered, %d kept from the previous build, %d Markdown files rendered",
            self.rendered,
            self.reused,
            self.prerenderer.rendered,
        )

    def _stable(self) -> bool:
        """Whether the values the pages were checked against stayed put while the site was written."""
        changed = {id(value) for value in self.digester.changed(list(self._snapshot.values()))}
        for name, value in self._snapshot.items():
            if id(value) in changed:
                logger.warning(
                    "fast build: the context variable %r changed while the site was being written; "
                    "the next build renders every page",
                    name,
                )
                return False
        for key in self.digester.changed_states():
            logger.warning(
                "fast build: %s changed while the site was being written; the next build renders every page", key
            )
            return False
        return True

    def _produced(self) -> set[str]:
        """Every file in the output folder that this build wrote, kept or copied: those it knows of,
        and any other that something wrote during the build (its status changed since the build
        started); only the files the build does not know of are asked for their status."""
        produced = set(self.outputs) | self.statics.produced() | self._announced
        for generator in self.generators:
            for static in getattr(generator, "staticfiles", ()):
                with recording.paused():
                    produced.add(static.save_as.replace(os.sep, "/"))
        for entry in _files_under(str(self.output)):
            rel = self.output_rel(entry.path)
            if rel in produced:
                continue
            try:
                touched = entry.stat(follow_symlinks=False).st_ctime_ns >= self.started_ns
            except OSError:
                continue
            if touched:
                produced.add(rel)
        return produced

    def _remove_stale(self, produced: set[str]) -> None:
        output = str(self.output)
        try:
            removed = remove_stale(self.output, self.output_record.produced - produced)
            if removed:
                logger.info("fast build: removed %d files the site no longer has", removed)
            self.cache.save_output(output, OutputRecord(frozenset(produced), self.statics.stamps()))
        except OSError as error:
            logger.warning("fast build: could not tidy %s: %s", self.output, error)

    def abandon(self) -> None:
        """A run that ended early (an error): stop the workers, forget the write-phase state."""
        for child in self._children:
            with contextlib.suppress(OSError):
                os.kill(child.pid, signal.SIGKILL)
                os.close(child.fd)
                os.waitpid(child.pid, 0)
        self._children = []
        shortcuts.uninstall()
        recording.uninstall()
        recording.forget_memos()
        self.prerenderer.close()
