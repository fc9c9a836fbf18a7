"""The one exception type of the publisher."""

from __future__ import annotations


class PublishError(Exception):
    """A build, check or publish that failed for a reason the author can fix.

    The message is one line per problem; ``is_content_error`` asks the entry
    point to print it without a traceback.
    """

    is_content_error = True

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))
