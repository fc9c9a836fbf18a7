"""The one exception type of the migration package."""

from __future__ import annotations


class MigrateError(Exception):
    """An export that cannot be imported, or an import that cannot go ahead.

    The message is one line per problem (``path:line: field: what to do``);
    ``is_content_error`` asks the entry points to print it without a traceback.
    Raised before anything is written, so a failed import leaves ``content/``
    as it was.
    """

    is_content_error = True

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))
