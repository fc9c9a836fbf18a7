"""Builds the site faster than plain Pelican, with the same bytes.

- Markdown is rendered on every core, ahead of Pelican's reader, and kept in
  a cache keyed by each file's bytes (``prerender``, ``reader``).
- Each page and feed remembers what its render read: the template variables
  and the articles, pages and static files it touched (``recording``). When
  none of that changed, the page is not rendered again: the previous file
  stays, or is linked back from the cache (``session``, ``writer``, ``store``).
- Files whose bytes did not change are not rewritten, so they keep their
  modification times; files a previous build produced and this one did not
  (a deleted post, a renamed tag) are removed from the output folder.

``FAST_BUILD = False`` in the settings builds exactly as plain Pelican does.
"""

from jinja2 import FileSystemBytecodeCache
from pelican import signals

from . import members, session
from .collector import release_frozen
from .errors import FastBuildError
from .settings import FastBuildSettings

__all__ = ["FastBuildError", "FastBuildSettings", "register"]


def on_initialized(pelican) -> None:
    if "fast_build" in pelican.settings.get("PLUGINS", ()):
        session.enable(pelican.settings)
    else:
        session.disable(pelican.settings)


def on_readers_init(readers) -> None:
    if session.config_for(readers.settings) is None:
        return
    from pelican.readers import MarkdownReader

    from .reader import FastMarkdownReader

    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class is MarkdownReader:
            readers.reader_classes[extension] = FastMarkdownReader


def on_generator_init(generator) -> None:
    """Keep compiled templates between builds: Jinja checks each one against its source when it
    loads it. Within a build a template does not change, so Jinja need not look at its file again
    each time a page asks for it (thousands of times in a build)."""
    config = session.config_for(generator.settings)
    if config is None:
        return
    environment = getattr(generator, "env", None)
    if environment is not None:
        environment.auto_reload = False
    if environment is not None and environment.bytecode_cache is None:
        folder = config.cache / "templates"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def on_article_generator_init(generator) -> None:
    session.begin(generator)


def on_article_generator_pretaxonomy(generator) -> None:
    if session.current(generator.settings) is not None:
        members.install(generator)


def on_page_generator_finalized(generator) -> None:
    build = session.current(generator.settings)
    if build is not None:
        build.reading_done()


def on_content_object_init(content) -> None:
    build = session.get()
    if build is not None:
        build.register(content)


def on_all_generators_finalized(generators) -> None:
    build = session.get()
    if build is not None:
        build.generators = list(generators)


def on_get_writer(pelican):
    build = session.current(pelican.settings)
    if build is None:
        return None
    from .writer import FastWriter

    build.start_writing()
    return FastWriter


def on_file_written(path, **kwargs) -> None:
    """A file the build produced, announced by Pelican's writer or by a plugin that writes its own."""
    build = session.get()
    if build is not None:
        build.announced(path)


def on_finalized(pelican) -> None:
    if session.current(pelican.settings) is not None:
        session.end()


def register() -> None:
    signals.initialized.connect(release_frozen)
    signals.initialized.connect(on_initialized)
    signals.readers_init.connect(on_readers_init)
    signals.generator_init.connect(on_generator_init)
    signals.article_generator_init.connect(on_article_generator_init)
    signals.article_generator_pretaxonomy.connect(on_article_generator_pretaxonomy)
    signals.page_generator_finalized.connect(on_page_generator_finalized)
    signals.content_object_init.connect(on_content_object_init)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.get_writer.connect(on_get_writer)
    signals.content_written.connect(on_file_written)
    signals.feed_written.connect(on_file_written)
    signals.finalized.connect(on_finalized)
