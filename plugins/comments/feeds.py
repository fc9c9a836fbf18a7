"""Comment feeds, and comment counts in the site's article feeds.

Feed readers (and the analytics) learn how many comments an entry has and
where its comment feed is from two small, long-standing extensions:
``slash:comments`` and ``wfw:commentRss``; RSS items also get the standard
``<comments>`` link to the discussion.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from feedgenerator import Atom1Feed, RssFeed, SyndicationFeed, get_tag_uri

from .model import Comment

SLASH = "http://purl.org/rss/1.0/modules/slash/"
WFW = "http://wellformedweb.org/CommentAPI/"
_NAMESPACES = {"xmlns:slash": SLASH, "xmlns:wfw": WFW}


@dataclass(frozen=True)
class CommentLinks:
    """What an article's feed entry says about its comments."""

    count: int
    feed: str | None  # absolute URL of the article's comment feed
    page: str  # absolute URL of the discussion on the article's page


class CommentCounts:
    """Mixed into a feedgenerator feed class: declares the namespaces and writes the elements."""

    def rss_attributes(self) -> dict:
        return {**super().rss_attributes(), **_NAMESPACES}

    def root_attributes(self) -> dict:
        attributes = super().root_attributes()
        return {**attributes, **_NAMESPACES} if isinstance(self, Atom1Feed) else attributes

    def add_item_elements(self, handler, item: dict) -> None:
        super().add_item_elements(handler, item)
        if item.get("slash_comments") is not None:
            handler.addQuickElement("slash:comments", str(item["slash_comments"]))
        if item.get("wfw_comment_rss"):
            handler.addQuickElement("wfw:commentRss", item["wfw_comment_rss"])


_WITH_COUNTS: dict[type, type] = {}


def add_comment_counts(feed: SyndicationFeed, links: Mapping[str, CommentLinks]) -> int:
    """Gives each entry whose link is in ``links`` its comment count and comment feed.

    The feed is already built when Pelican hands it over (``feed_generated``)
    and is written right after, so the elements go in through its class: the
    feed becomes an instance of a subclass of its own class with
    :class:`CommentCounts` mixed in. Returns how many entries were annotated.
    """
    annotated = 0
    for item in feed.items:
        found = links.get(item["link"])
        if found is None:
            continue
        item["slash_comments"] = found.count
        if found.feed:
            item["wfw_comment_rss"] = found.feed
        if isinstance(feed, RssFeed) and item.get("comments") is None:
            item["comments"] = found.page
        annotated += 1
    cls = type(feed)
    if annotated and not issubclass(cls, CommentCounts):
        if cls not in _WITH_COUNTS:
            _WITH_COUNTS[cls] = type(f"{cls.__name__}WithCommentCounts", (CommentCounts, cls), {})
        feed.__class__ = _WITH_COUNTS[cls]
    return annotated


class CommentFeed(Atom1Feed):
    """An Atom feed of comments. With no comments yet its date is the article's, not the time of
    the build, so that rebuilding an unchanged site writes identical files."""

    def __init__(self, *args, updated: datetime, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.updated = updated

    def latest_post_date(self) -> datetime:
        return max((item["pubdate"] for item in self.items if item["pubdate"]), default=self.updated)


@dataclass(frozen=True)
class FeedEntry:
    comment: Comment
    article_title: str  # plain text
    permalink: str  # absolute URL of the comment on its article's page


def comment_feed(
    title: str, link: str, feed_url: str, entries: Iterable[FeedEntry], updated: datetime, language: str | None = None
) -> CommentFeed:
    """An Atom feed of ``entries``, in the order given (newest first is the custom)."""
    feed = CommentFeed(title=title, link=link, description="", feed_url=feed_url, language=language, updated=updated)
    for entry in entries:
        comment = entry.comment
        feed.add_item(
            title=f"Comment on {entry.article_title} by {comment.author}",
            link=entry.permalink,
            description=None,
            content=comment.html,
            author_name=comment.author,
            author_link=comment.url or None,
            pubdate=comment.date,
            unique_id=get_tag_uri(entry.permalink, comment.date),
        )
    return feed
