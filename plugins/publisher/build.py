"""Runs Pelican in-process and reports content errors as lines, not tracebacks.

This is the one entry point that turns any plugin's error (an exception with
``is_content_error = True``) into the author's one-line messages, so every
command that builds (``build``, ``check``, ``publish``) behaves the same.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.settings import read_settings

from ..tag_archives import merge_notes
from .errors import PublishError

_ARTICLE_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles")
_PAGE_LISTS = ("pages", "translations", "hidden_pages", "draft_pages")


@dataclass
class BuildResult:
    output: Path
    settings: dict
    expected: list[str] = field(default_factory=list)  # files every article and page must produce
    notes: list[str] = field(default_factory=list)  # information for the author, such as merged tag spellings
    seconds: float = 0.0


class _StopBeforeWriting(Exception):
    """Ends a check-only run once the content is read and checked."""


class _ErrorLog(logging.Handler):
    """Collects what Pelican logs as errors: Pelican logs and carries on, we stop."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().splitlines()[0])


def load_settings(settings_file: str | os.PathLike, output: str | os.PathLike | None = None, **overrides) -> dict:
    path = Path(settings_file)
    if not path.is_file():
        raise PublishError(f"{path}: settings file not found; run the command from the project folder")
    settings = read_settings(str(path), override=overrides or None)
    if output is not None:
        settings["OUTPUT_PATH"] = os.path.abspath(output)
    return settings


def expected_outputs(generators: list) -> list[str]:
    """The files that the site's articles and pages must be written to."""
    expected = []
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            lists = _ARTICLE_LISTS
        elif isinstance(generator, PagesGenerator):
            lists = _PAGE_LISTS
        else:
            continue
        for name in lists:
            expected += [save_as for content in getattr(generator, name, []) if (save_as := content.save_as)]
    return sorted(set(expected))


def build_site(
    settings_file: str | os.PathLike,
    output: str | os.PathLike | None = None,
    *,
    check_only: bool = False,
    **overrides,
) -> BuildResult:
    """Build the site (or, with ``check_only``, read and check it without writing).

    Raises :class:`PublishError` listing every problem found.
    """
    started = time.perf_counter()
    scratch = tempfile.TemporaryDirectory(prefix="site-check-") if check_only else None
    settings = load_settings(settings_file, scratch.name if scratch else output, **overrides)
    result = BuildResult(Path(settings["OUTPUT_PATH"]), settings)

    def record(generators: list) -> None:
        result.expected = expected_outputs(generators)
        result.notes = merge_notes(generators)
        if check_only:
            raise _StopBeforeWriting

    errors = _ErrorLog()
    pelican_logger = logging.getLogger("pelican")
    pelican_logger.addHandler(errors)
    try:
        pelican = Pelican(settings)
        # Connected after Pelican registered the plugins, so it runs after
        # their receivers on the same signal: content checks come first.
        signals.all_generators_finalized.connect(record, weak=False)
        pelican.run()
    except _StopBeforeWriting:
        pass
    except Exception as error:
        if getattr(error, "is_content_error", False):
            raise PublishError(str(error).splitlines()) from None
        raise
    finally:
        signals.all_generators_finalized.disconnect(record)
        pelican_logger.removeHandler(errors)
        if scratch:
            scratch.cleanup()
    if errors.messages:
        raise PublishError([f"Pelican: {message}" for message in errors.messages])
    result.seconds = time.perf_counter() - started
    return result
