"""The one exception type of the comments plugin, and the problem it carries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one comment file (or setting), worded so the author can fix it."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}"


class CommentError(Exception):
    """Raised with every problem found in the comments, so the author sees them all at once.

    ``is_content_error`` tells the build entry point to print the message (one
    line per problem) instead of a traceback.
    """

    is_content_error = True

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))
