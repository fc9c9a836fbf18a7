"""Comment feeds, and comment counts in the site's article feeds.

Feed readers (and the analytics) learn how many comments an entry has and
where its comment feed is from two small, long-standing extensions:
``slash:comments`` and ``wfw:commentRss``; RSS items also get the standard
``<comments>`` link to the discussion.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlparse
from xml.sax.saxutils import escape, quoteattr

from feedgenerator import Atom1Feed, RssFeed, SyndicationFeed, rfc3339_date
from feedgenerator.django.utils.xmlutils import UnserializableContentError

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


class FeedLinks(dict):
    """Feed entry link -> :class:`CommentLinks`, for every post: what the feeds of a build look up.

    Pages and feeds that read it are checked against its digest (``plugins/fast_build``);
    pickling a thousand entries one by one for that costs more than making a feed, and
    the repr of the entries already says all they hold (text, numbers and None)."""

    def __build_digest__(self) -> bytes:
        return repr(list(self.items())).encode()


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


_CONTROL = re.compile(r"[\x00-\x08\x0B-\x0C\x0E-\x1F]")


_HTML_TYPE = ' type="html"'


def _text(name: str, text: str, attributes: str = "") -> str:
    """An element with text, as feedgenerator's XML writer writes it (empty: closed short)."""
    return f"<{name}{attributes}>{escape(text)}</{name}>" if text else f"<{name}{attributes}/>"


class CommentFeed(Atom1Feed):
    """An Atom feed of comments. With no comments yet its date is the article's, not the time of
    the build, so that rebuilding an unchanged site writes identical files.

    feedgenerator writes each element through an XML event writer, which takes
    most of the time of a thousand comment feeds; the entries, which hold only
    the elements :func:`comment_feed` gives them, are written here as text
    instead, byte for byte as feedgenerator would (``tests/comments/test_feeds.py``
    holds them to it). The feed's own elements are still feedgenerator's.
    """

    def __init__(self, *args, updated: datetime, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.updated = updated

    def latest_post_date(self) -> datetime:
        return max((item["pubdate"] for item in self.items if item["pubdate"]), default=self.updated)

    def write_items(self, handler) -> None:
        if not all(_plain(item) for item in self.items):
            super().write_items(handler)  # something only feedgenerator knows how to write
            return
        parts = []
        for item in self.items:
            stamp = rfc3339_date(item["pubdate"])
            uri = _text("uri", item["author_link"]) if item.get("author_link") is not None else ""
            content = _text("content", item["content"], _HTML_TYPE)
            parts.append(
                f'<entry>{_text("title", item["title"])}<link href={quoteattr(item["link"])} rel="alternate"/>'
                f"<published>{stamp}</published><updated>{stamp}</updated>"
                f"<author>{_text('name', item['author_name'])}{uri}</author>{_text('id', item['unique_id'])}"
                f"{content}</entry>"
            )
        text = "".join(parts)
        if _CONTROL.search(text):  # the markup around the values has none: a value has one
            raise UnserializableContentError("Control characters are not supported in XML 1.0")
        # Written as they are: the handler escapes nothing passed this way.
        handler.ignorableWhitespace(text)


# What comment_feed() puts in an entry (besides empty values): anything else goes to feedgenerator's writer.
_ENTRY_KEYS = frozenset({"title", "link", "pubdate", "author_name", "author_link", "unique_id", "content"})
_ALWAYS = _ENTRY_KEYS - {"author_link"}


def _plain(item: dict) -> bool:
    """An entry as :func:`comment_feed` makes them: only its elements, and every one it always has."""
    return (
        _ENTRY_KEYS.issuperset(key for key, value in item.items() if value)
        and all(item.get(key) is not None for key in _ALWAYS)
        and isinstance(item["pubdate"], datetime)
    )


@functools.lru_cache(maxsize=64)
def _address_parts(address: str) -> tuple[str | None, str]:
    parts = urlparse(address)
    return parts.hostname, parts.path


def tag_uri(permalink: str, date: datetime) -> str:
    """``feedgenerator.get_tag_uri(permalink, date)`` for a comment's permalink (``<page>#comment-<id>``),
    the page's address parsed once for all its comments."""
    page, _, fragment = permalink.partition("#")
    host, path = _address_parts(page)
    return f"tag:{host},{date.strftime('%Y-%m-%d')}:{path}{'/' + fragment if fragment else ''}"


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
            unique_id=tag_uri(entry.permalink, comment.date),
        )
    return feed
