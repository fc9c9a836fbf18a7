"""Stops a build whose content has mistakes, listing every one of them.

Pelican skips a post without a title, warns about a broken ``{filename}``
link and silently writes one of two pages with the same URL over the other;
this plugin turns each of those into an error naming the file, the line and
the fix, before anything is written.
"""

from pathlib import Path

from pelican import signals

from .checked import CheckedFiles
from .errors import ContentError, Problem
from .site import find_problems, known_keys

__all__ = ["ContentError", "Problem", "find_problems", "register"]


def check_content(generators) -> None:
    settings = generators[0].settings
    checked = None
    if settings.get("CONTENT_CHECK_CACHE", True):
        checked = CheckedFiles.for_site(settings, known_keys(settings), str(Path(settings["PATH"]).parent))
    problems = find_problems(generators, checked)
    if problems:
        raise ContentError(problems)


def register() -> None:
    signals.all_generators_finalized.connect(check_content)
