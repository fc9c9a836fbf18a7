"""The one exception type of this package, and the problem it carries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a blogfest file or a post naming one, worded so the author can fix it."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}"


class RollcallError(Exception):
    """Raised with every problem found, before the site is written.

    ``is_content_error`` tells the build entry point to print the message
    (one line per problem) instead of a traceback.
    """

    is_content_error = True

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))
