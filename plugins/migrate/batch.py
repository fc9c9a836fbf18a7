"""Converts the many texts of an import at once, on every core.

HTML to Markdown is most of an import's work (a parse, wpautop and markdownify
per post and per comment), and every text converts on its own, so a large
import hands its texts to a pool of worker processes. The workers are forked
after ``gc.freeze()``, so the export already in memory is shared with them
instead of copied; texts without markup (most comments) take the fast path
in this process meanwhile. Small imports, and systems without ``fork``, convert
in this process alone.
"""

from __future__ import annotations

import gc
import multiprocessing
from dataclasses import dataclass

from plugins.fast_build.settings import usable_cores

from .convert import NO_LINKS, Links, html_to_markdown, html_to_summary

PARALLEL_FROM = 400  # texts needing a tree below which a pool costs more than it saves
MAX_WORKERS = 4
CHUNK = 32


@dataclass(frozen=True, slots=True)
class Job:
    """One text to convert: ``kind`` is post (a post or page body), summary, comment or disqus."""

    kind: str
    text: str
    post_id: int = 0

    @property
    def needs_tree(self) -> bool:
        return "<" in self.text or "&" in self.text or "[" in self.text or "://" in self.text


_links: Links = NO_LINKS  # set before the workers are forked, so they inherit it


def convert(job: Job) -> str:
    if job.kind == "post":
        return html_to_markdown(job.text, _links, post_id=job.post_id)
    if job.kind == "summary":
        return html_to_summary(job.text, _links, job.post_id)
    if job.kind == "comment":
        return html_to_markdown(job.text, _links, shortcodes=False)
    if job.kind == "disqus":
        # Disqus keeps HTML; old exports keep plain text with line breaks, which get paragraphs.
        return html_to_markdown(job.text, _links, paragraphs="<p" not in job.text.lower(), shortcodes=False)
    raise ValueError(f"unknown kind of text {job.kind!r}")


def workers() -> int:
    return min(usable_cores(), MAX_WORKERS)


def convert_all(jobs: list[Job], links: Links = NO_LINKS) -> list[str]:
    """The Markdown of every job, in order."""
    global _links
    _links = links
    heavy = [index for index, job in enumerate(jobs) if job.needs_tree]
    count = workers()
    if count < 2 or len(heavy) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return [convert(job) for job in jobs]
    results: list[str | None] = [None] * len(jobs)
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            pending = pool.map_async(convert, [jobs[index] for index in heavy], chunksize=CHUNK)
            for index, job in enumerate(jobs):
                if not job.needs_tree:
                    results[index] = convert(job)
            for index, text in zip(heavy, pending.get(), strict=True):
                results[index] = text
    finally:
        gc.unfreeze()
    return results  # type: ignore[return-value]
