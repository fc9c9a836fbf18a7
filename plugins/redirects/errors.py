"""The one exception type of the redirects plugin, and the problem it carries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one line of a redirect map, worded so the author can fix it."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}"


class RedirectError(Exception):
    """Raised with every problem in the redirect maps; ``is_content_error`` asks for one line each."""

    is_content_error = True

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))
