"""Static threaded comments: files under ``content/comments/<slug>/``, checked,
sanitised, threaded, rendered into the article pages and published as feeds.

What other parts read goes through the articles: ``comments`` (the thread),
``mentions``, ``comment_count``, ``mention_count``, ``comments_feed``,
``comments_schema`` and ``comments_join``.
"""

import gc

from pelican import signals

from .errors import CommentError, Problem
from .feeds import add_comment_counts
from .generator import FEED_LINKS, CommentsGenerator

__all__ = ["CommentError", "CommentsGenerator", "Problem", "register"]


def get_generators(pelican) -> type:
    return CommentsGenerator


def annotate_feed(context: dict, feed) -> None:
    """Adds ``slash:comments`` and ``wfw:commentRss`` to every article entry of the site's feeds."""
    links = context.get(FEED_LINKS)
    if links:
        add_comment_counts(feed, links)


def release_frozen(pelican) -> None:
    """Hands back to the cycle collector what the comments generator froze in the previous build.

    Done when the next build starts rather than when this one ends: a build
    run from the command line then exits without the collector walking, to
    free them, the million objects a hundred thousand comments make (a
    second, on every build); a long-running process (live reload, tests)
    keeps one build's worth frozen at most: collected here, before this
    build freezes what it makes.
    """
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.feed_generated.connect(annotate_feed)
    signals.initialized.connect(release_frozen)
