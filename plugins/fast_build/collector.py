"""Keeps Python's cycle collector off what a build keeps to its end.

A build reads thousands of posts (and comments) into objects that all live
until the build ends; each full pass of the cycle collector walks every one
of them to free nothing. Frozen (``gc.freeze``), they are out of its reach.
They are handed back when the next build starts rather than when this one
ends: a build run from the command line then exits without the collector
walking them (a second with a hundred thousand comments), and a
long-running process (live reload, tests) keeps one build's worth frozen
at most.
"""

from __future__ import annotations

import gc


def release_frozen(pelican=None) -> None:
    """Receiver for ``initialized``: what the previous build froze goes back to the collector."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()


def freeze() -> None:
    """Everything alive now lives until the build ends (see above)."""
    gc.freeze()
