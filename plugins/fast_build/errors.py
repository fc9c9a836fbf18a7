"""The one exception type of this package."""

from __future__ import annotations


class FastBuildError(Exception):
    """A fast-build setting the build cannot use; one line per problem.

    ``is_content_error`` tells the build entry point to print the message
    instead of a traceback.
    """

    is_content_error = True
