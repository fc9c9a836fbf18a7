"""The fast build's settings, read once, with every default in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import FastBuildError


def usable_cores() -> int:
    """The cores this process may run on (the affinity mask, where the OS has one): the number of workers
    the build, the comments and the import start by default."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class FastBuildSettings:
    """``FAST_BUILD``: on by default; False builds exactly as plain Pelican does.
    ``FAST_BUILD_WORKERS``: processes that render Markdown (default: the usable cores; 1 renders in-process).
    ``FAST_BUILD_CACHE``: the folder for what one build keeps for the next (default: ``CACHE_PATH``/fast_build).
    ``FAST_BUILD_SHARE_FROM``: from this many articles, pages and static files on, the pages are
    written by all the workers, each call to the writer by the first free one (below it, forking costs
    more than it saves).
    """

    enabled: bool = True
    workers: int = 1
    cache: Path = Path("cache/fast_build")
    share_from: int = 200

    @classmethod
    def from_pelican(cls, settings: dict) -> FastBuildSettings:
        workers = settings.get("FAST_BUILD_WORKERS", None)
        if workers is None:
            workers = usable_cores()
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise FastBuildError(
                f"settings: FAST_BUILD_WORKERS: {workers!r} is not a number of processes; use a whole number, 1 or more"
            )
        share_from = settings.get("FAST_BUILD_SHARE_FROM", cls.share_from)
        if isinstance(share_from, bool) or not isinstance(share_from, int) or share_from < 0:
            raise FastBuildError(
                f"settings: FAST_BUILD_SHARE_FROM: {share_from!r} is not a count; use a whole number, 0 or more"
            )
        cache = settings.get("FAST_BUILD_CACHE") or os.path.join(settings.get("CACHE_PATH", "cache"), "fast_build")
        return cls(
            enabled=bool(settings.get("FAST_BUILD", cls.enabled)),
            workers=workers,
            cache=Path(cache),
            share_from=share_from,
        )
