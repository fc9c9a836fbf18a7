"""The one exception type of the analytics package."""

from __future__ import annotations


class AnalyticsError(Exception):
    """Input the analytics cannot read: a missing file, a bad export, a bad option.

    ``is_content_error`` tells the entry points to print the message (one line
    per problem, ``path:line: field: what to do``) instead of a traceback.
    """

    is_content_error = True

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))
