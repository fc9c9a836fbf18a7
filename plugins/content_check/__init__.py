"""Stops a build whose content has mistakes, listing every one of them.

Pelican skips a post without a title, warns about a broken ``{filename}``
link and silently writes one of two pages with the same URL over the other;
this plugin turns each of those into an error naming the file, the line and
the fix, before anything is written.
"""

from pelican import signals

from .errors import ContentError, Problem
from .site import find_problems

__all__ = ["ContentError", "Problem", "find_problems", "register"]


def check_content(generators) -> None:
    problems = find_problems(generators)
    if problems:
        raise ContentError(problems)


def register() -> None:
    signals.all_generators_finalized.connect(check_content)
