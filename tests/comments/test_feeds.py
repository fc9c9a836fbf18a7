"""Comment counts in article feeds, and comment feeds, read back with feedparser."""

from datetime import UTC, datetime
from io import StringIO

import feedparser
import pytest
from feedgenerator import Atom1Feed, Rss201rev2Feed

from plugins.comments.feeds import CommentLinks, FeedEntry, add_comment_counts, comment_feed
from tests.comments.test_model import make


def article_feed(cls):
    feed = cls(title="Blog", link="https://blog.example/", description="d", feed_url="https://blog.example/feed")
    for slug in ("one", "two"):
        feed.add_item(
            title=slug,
            link=f"https://blog.example/{slug}/",
            description="s",
            pubdate=datetime(2012, 8, 16, tzinfo=UTC),
        )
    return feed


def written(feed) -> bytes:
    out = StringIO()
    feed.write(out, "utf-8")
    return out.getvalue().encode()


@pytest.mark.parametrize("cls", [Atom1Feed, Rss201rev2Feed])
def test_counts_and_comment_feeds_are_read_back_by_feedparser(cls):
    feed = article_feed(cls)
    links = {
        "https://blog.example/one/": CommentLinks(
            3, "https://blog.example/feeds/comments/one.atom.xml", "https://blog.example/one/#comments"
        )
    }
    assert add_comment_counts(feed, links) == 1
    parsed = feedparser.parse(written(feed))
    assert not parsed.bozo, parsed.get("bozo_exception")
    one, two = parsed.entries
    assert one.slash_comments == "3"
    assert one.wfw_commentrss == "https://blog.example/feeds/comments/one.atom.xml"
    assert "slash_comments" not in two and "wfw_commentrss" not in two
    if cls is Rss201rev2Feed:
        assert one.comments == "https://blog.example/one/#comments"


def test_a_feed_without_known_articles_is_left_as_it_was():
    feed = article_feed(Atom1Feed)
    before = written(feed)
    assert add_comment_counts(feed, {}) == 0
    assert type(feed) is Atom1Feed and written(feed) == before


def test_a_comment_feed_lists_its_entries_in_the_order_given():
    first, second = make("a", 0), make("b", 30, reply_to="a")
    for item in (first, second):
        item.html = f"<p>Body {item.id} &amp; more</p>"
    second.url = "https://b.example/"
    entries = [FeedEntry(c, "A post", f"https://blog.example/post/#comment-{c.id}") for c in (second, first)]
    feed = comment_feed(
        "Blog - Comments on A post",
        "https://blog.example/post/",
        "https://blog.example/feeds/comments/post.atom.xml",
        entries,
        datetime(2012, 8, 16, tzinfo=UTC),
    )
    parsed = feedparser.parse(written(feed))
    assert not parsed.bozo
    assert parsed.feed.title == "Blog - Comments on A post"
    assert [e.link for e in parsed.entries] == [
        "https://blog.example/post/#comment-b",
        "https://blog.example/post/#comment-a",
    ]
    assert parsed.entries[0].title == "Comment on A post by A"
    assert parsed.entries[0].author_detail.href == "https://b.example/"
    assert parsed.entries[0].content[0].value == "<p>Body b &amp; more</p>"
    assert tuple(parsed.feed.updated_parsed[:5]) == (2012, 8, 17, 9, 30)  # the newest comment


def test_an_empty_comment_feed_is_dated_like_its_article_so_rebuilds_are_identical():
    def make_feed():
        return comment_feed(
            "t", "https://blog.example/post/", "https://blog.example/f.xml", [], datetime(2012, 8, 16, 9, tzinfo=UTC)
        )

    assert written(make_feed()) == written(make_feed())
    assert tuple(feedparser.parse(written(make_feed())).feed.updated_parsed[:5]) == (2012, 8, 16, 9, 0)
