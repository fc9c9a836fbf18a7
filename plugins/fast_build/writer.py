"""Pelican's writer, made to skip what did not change.

Pelican's ``Writer`` drives every page and feed the site has. This subclass
keeps all of that (pagination, relative URLs, the override rules, the
``content_written`` signal) and changes three things: a page's template is
rendered only when something it read last time changed (otherwise the
previous file stays, or is linked back from the cache); a rendered page is
written only when its bytes differ from the file already there, so that
unchanged files keep their modification times; and a file is replaced by
unlinking it first, never by writing into it, since it may share its bytes
with the cache.
"""

from __future__ import annotations

import functools
import io
import os

from pelican.plugins import signals
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer, logger

from . import recording, session


class _Template:
    """Stands in for a Jinja template: renders through the build, which may reuse the old file."""

    def __init__(self, template, build: session.Build) -> None:
        self._template = template
        self._build = build

    def render(self, localcontext: dict) -> str:
        return self._build.render_page(self._template, localcontext)


class _OutputFile(io.TextIOBase):
    """What Pelican writes a page or feed into: kept in memory, put on disk when closed.

    A text stream, so that feedgenerator's XML writer writes text into it.
    """

    def __init__(self, build: session.Build, path: str, pending: session.Pending) -> None:
        super().__init__()
        self._build = build
        self._path = path
        self._pending = pending
        self._chunks: list[str] = []
        self._failed = False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, session.Reuse):
            self._chunks.append(text)
        return len(text)

    def __exit__(self, kind, error, trace) -> None:
        self._failed = kind is not None
        self.close()

    def close(self) -> None:
        if self.closed:
            return
        super().close()
        if self._failed:
            return
        if not self._pending.reused and not self._pending.elsewhere:
            _write_if_changed(self._path, "".join(self._chunks))
        self._build.written(self._pending)


def _write_if_changed(path: str, text: str) -> None:
    """Writes ``text`` as Pelican does (UTF-8, the platform's line ends), unless the file holds it already.
    Where line ends are ``\n``, the bytes encoded for the comparison are the ones written: a text-mode
    file would encode the page a second time."""
    data = text.encode("utf-8") if os.linesep == "\n" else None  # None: line ends change as it is written
    try:
        with open(path, "rb") as file:
            if data is not None and file.read() == data:
                return
        os.unlink(path)
    except FileNotFoundError:
        pass
    if data is not None:
        with open(path, "wb") as file:
            file.write(data)
    else:
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)


class FastWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._build = session.current(self.settings)

    @functools.cached_property
    def _others_listen(self) -> bool:
        """Whether code other than this plugin listens to ``content_written`` (looked up once per build)."""
        return any(
            getattr(receiver, "__module__", "").split(".")[0] != __name__.split(".")[0]
            for receiver in signals.content_written.receivers_for(object())
        )

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        build = self._build
        if build is not None and name:
            if build.written_elsewhere() and not self._others_listen:
                return None  # another process renders every page of this call, and nobody else listens
            template = _Template(template, build)
        return super().write_file(
            name,
            template,
            context,
            relative_urls=relative_urls,
            paginated=paginated,
            template_name=template_name,
            override_output=override_output,
            url=url,
            **kwargs,
        )

    def write_feed(
        self,
        elements,
        context,
        path=None,
        url=None,
        feed_type="atom",
        override_output=False,
        feed_title=None,
    ):
        build = self._build
        if build is None or not path:
            return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)
        complete_path = sanitised_join(self.output_path, path)
        rel = build.output_rel(complete_path)
        if build.feed_elsewhere(rel):
            return self._keep(complete_path, override_output)
        head = build.feed_inputs(elements, path, url, feed_type, feed_title)
        if build.try_reuse_feed(rel, head, context):
            return self._keep(complete_path, override_output)
        with recording.recording() as reads:
            build.expect_feed(rel, head, context, reads)
            return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)

    def _keep(self, complete_path: str, override_output: bool) -> None:
        """The feed is made by another process, or the previous file stays: the build keeps the old file."""
        os.makedirs(os.path.dirname(complete_path), exist_ok=True)
        with self._open_w(complete_path, "utf-8", override_output) as file:
            file.write(session.REUSE)

    def _open_w(self, filename, encoding, override=False):
        """Pelican's rules for writing a file twice, with the file kept in memory until it is closed."""
        build = self._build
        if build is None:
            return super()._open_w(filename, encoding, override)
        pending = build.take_pending(filename)
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', filename)
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files:
            if override:
                logger.info('Overwriting "%s"', filename)
            else:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already '
                    "written to it previously (set `override=True` if intended)"
                )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _OutputFile(build, filename, pending)
