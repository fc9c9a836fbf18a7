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
from typing import NamedTuple
from urllib.parse import urlparse
from xml.sax.saxutils import escape, quoteattr

from feedgenerator import Atom1Feed, RssFeed, SyndicationFeed, rfc3339_date
from feedgenerator.django.utils.encoding import iri_to_uri
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


# The control characters XML 1.0 cannot carry, as UTF-8 bytes (no byte of a longer character is below 128).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_ATOM = "http://www.w3.org/2005/Atom"
_HTML_TYPE = ' type="html"'


def _escape(text: str) -> str:
    """``xml.sax.saxutils.escape``, without its three passes over text that has nothing to escape
    (names, dates, addresses: most of what a feed holds)."""
    return escape(text) if "&" in text or "<" in text or ">" in text else text


# What makes quoteattr() do more than put double quotes around a value.
_ATTRIBUTE_SPECIAL = re.compile(r'[&<>"\n\r\t]')


def _quoteattr(value: str) -> str:
    """``xml.sax.saxutils.quoteattr``, a plain value (most addresses) quoted without its passes."""
    return quoteattr(value) if _ATTRIBUTE_SPECIAL.search(value) else f'"{value}"'


def _text(name: str, text: str, attributes: str = "") -> str:
    """An element with text, as feedgenerator's XML writer writes it (empty: closed short)."""
    return f"<{name}{attributes}>{_escape(text)}</{name}>" if text else f"<{name}{attributes}/>"


def _link(href: str, rel: str) -> str:
    return f'<link href={_quoteattr(href)} rel="{rel}"/>'


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


class FeedEntry(NamedTuple):
    """A comment in a feed (a tuple: a first build makes tens of thousands)."""

    comment: Comment
    article_title: str  # plain text
    permalink: str  # absolute URL of the comment on its article's page


def comment_feed(
    title: str, link: str, feed_url: str, entries: Iterable[FeedEntry], updated: datetime, language: str | None = None
) -> bytes:
    """An Atom feed of ``entries``, in the order given (newest first is the custom), as the file's bytes.

    Byte for byte what feedgenerator's ``Atom1Feed`` writes for these entries
    (``tests/comments/test_feeds.py`` holds it to that), without its XML event
    writer, which took most of the time of a thousand comment feeds. Like
    feedgenerator it refuses a control character XML cannot carry; unlike it,
    also in an attribute (a language setting), where feedgenerator would write
    a feed no reader can parse. The feed's date is its newest comment's; with
    no comments yet it is ``updated`` (the article's), not the time of the
    build, so that rebuilding an unchanged site writes identical files.
    """
    parts = []
    newest = None
    for entry in entries:
        comment = entry.comment
        date = comment.date
        if newest is None or date > newest:
            newest = date
        stamp = rfc3339_date(date)
        uri = _text("uri", iri_to_uri(comment.url)) if comment.url else ""
        parts.append(
            f"<entry>{_text('title', f'Comment on {entry.article_title} by {comment.author}')}"
            f"{_link(iri_to_uri(entry.permalink), 'alternate')}"
            f"<published>{stamp}</published><updated>{stamp}</updated>"
            f"<author>{_text('name', comment.author)}{uri}</author>{_text('id', tag_uri(entry.permalink, date))}"
            f"{_text('content', comment.html, _HTML_TYPE)}</entry>"
        )
    root = {"xmlns": _ATOM} if language is None else {"xml:lang": language, "xmlns": _ATOM}
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f"<feed{''.join(f' {name}={_quoteattr(value)}' for name, value in root.items())}>"
        f"{_text('title', title)}{_link(iri_to_uri(link), 'alternate')}"
        f"{_link(iri_to_uri(feed_url), 'self') if feed_url is not None else ''}"
        f"{_text('id', link)}<updated>{rfc3339_date(newest or updated)}</updated>"
    )
    document = (head + "".join(parts) + "</feed>").encode("utf-8")
    if len(document.translate(None, _CONTROL_BYTES)) != len(document):
        raise UnserializableContentError("Control characters are not supported in XML 1.0")
    return document
