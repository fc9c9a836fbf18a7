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


def test_comment_entries_are_written_byte_for_byte_as_feedgenerator_writes_them():
    """The quick writer of comment entries against feedgenerator's own, on awkward text."""
    import json
    from pathlib import Path

    from feedgenerator import Atom1Feed

    from plugins.comments.feeds import CommentFeed
    from plugins.comments.model import printable

    vectors = json.loads((Path(__file__).parent / "data" / "xss_vectors.json").read_text(encoding="utf-8"))
    # As the comment files are read: without the control characters XML cannot carry.
    texts = [printable(v["body"]) for v in vectors] + ["", "a & b < c > d \" ' é 😀", "]]>", "\u2028\x85\t"]
    entries = []
    for number, text in enumerate(texts):
        comment = make(f"c{number}", minute=number)
        comment.author = f"Reader {text[:20]}"
        comment.url = "https://a.example/?q=1&r='2'" if number % 3 == 0 else ""
        comment.html = text
        entries.append(FeedEntry(comment, f'Post <{number}> & "more"', f"https://blog.example/p/#comment-c{number}"))

    class Reference(CommentFeed):
        write_items = Atom1Feed.write_items  # feedgenerator's own writer

    ours = comment_feed(
        "Blog - Comments", "https://blog.example/p/", "https://blog.example/f", entries, entries[0].comment.date
    )
    reference = comment_feed(
        "Blog - Comments", "https://blog.example/p/", "https://blog.example/f", entries, entries[0].comment.date
    )
    reference.__class__ = Reference
    assert len(ours.items) > 100
    assert written(ours) == written(reference)
    assert len(feedparser.parse(written(ours)).entries) == len(entries)
    entries[0].comment.html = "a control \x01 character"
    bad = comment_feed("t", "https://b.example/", "https://b.example/f", entries[:1], ours.updated)
    for cls in (CommentFeed, Reference):
        bad.__class__ = cls
        with pytest.raises(ValueError, match="Control characters"):
            written(bad)


def test_an_entry_with_more_than_a_comment_has_is_written_by_feedgenerator():
    from plugins.comments.feeds import CommentFeed

    feed = CommentFeed(title="t", link="https://b.example/", description="", updated=datetime(2012, 1, 1, tzinfo=UTC))
    feed.add_item(
        title="x",
        link="https://b.example/x",
        description=None,
        categories=["kept"],
        pubdate=datetime(2012, 1, 1, tzinfo=UTC),
    )
    assert b'<category term="kept"/>' in written(feed)


@pytest.mark.parametrize(
    "permalink",
    [
        "https://blog.example/2012/08/16/post/#comment-c1",
        "https://blog.example:8080/p/#comment-wp-1042",
        "http://127.0.0.1:8000/2012/08/16/post/#comment-x",
        "https://blog.example/#comment-a",
        "https://blog.example/p/",
        "/relative/page/#comment-b",
    ],
)
def test_comment_ids_are_feedgenerators_tag_uris(permalink):
    from feedgenerator import get_tag_uri

    from plugins.comments.feeds import tag_uri

    date = datetime(2012, 8, 16, 9, 30, tzinfo=UTC)
    assert tag_uri(permalink, date) == get_tag_uri(permalink, date)
