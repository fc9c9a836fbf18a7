"""The one exception type of this package, and the problem it carries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the tags, worded so the author can fix it.

    ``path`` is a content file as the author knows it (``content/posts/a.md``)
    or ``settings`` for a mistake in ``pelicanconf.py``/``publishconf.py``.
    """

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}"


class TagArchivesError(Exception):
    """Raised with every tag problem found, so the author sees them all at once.

    ``is_content_error`` tells the build entry point to print the message
    (one line per problem) instead of a traceback.
    """

    is_content_error = True

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


def settings_problem(setting: str, message: str) -> Problem:
    """A mistake in a setting: settings files are Python, so no line is given."""
    return Problem("settings", None, setting, message)
