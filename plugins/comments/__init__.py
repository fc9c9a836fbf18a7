"""Static threaded comments: files under ``content/comments/<slug>/``, checked,
sanitised, threaded, rendered into the article pages and published as feeds.

What other parts read goes through the articles: ``comments`` (the thread),
``mentions``, ``comment_count``, ``mention_count``, ``comments_feed``,
``comments_schema`` and ``comments_join``.
"""

from pelican import signals

from plugins.fast_build.collector import release_frozen

from .errors import CommentError, Problem
from .feeds import add_comment_counts
from .generator import FEED_LINKS, CommentsGenerator

__all__ = ["CommentError", "CommentsGenerator", "Problem", "register", "release_frozen"]


def get_generators(pelican) -> type:
    return CommentsGenerator


def annotate_feed(context: dict, feed) -> None:
    """Adds ``slash:comments`` and ``wfw:commentRss`` to every article entry of the site's feeds."""
    links = context.get(FEED_LINKS)
    if links:
        add_comment_counts(feed, links)


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.feed_generated.connect(annotate_feed)
    signals.initialized.connect(release_frozen)
