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
    if isinstance(feed, bytes):  # a comment feed, made as the file's bytes
        return feed
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


def feedgenerator_comment_feed(title, link, feed_url, entries, updated, language=None) -> bytes:
    """The comment feed as feedgenerator's Atom1Feed writes it: the reference for the quick writer."""
    from feedgenerator import get_tag_uri

    class Reference(Atom1Feed):
        def latest_post_date(self):
            return max((item["pubdate"] for item in self.items), default=updated)

    feed = Reference(title=title, link=link, description="", feed_url=feed_url, language=language)
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
    return written(feed)


def awkward_entries(page: str = "https://blog.example/p/") -> list[FeedEntry]:
    import json
    from pathlib import Path

    from plugins.comments.model import printable

    vectors = json.loads((Path(__file__).parent / "data" / "xss_vectors.json").read_text(encoding="utf-8"))
    # As the comment files are read: without the control characters XML cannot carry.
    texts = [printable(v["body"]) for v in vectors] + ["", "a & b < c > d \" ' é 😀", "]]>", "\u2028\x85\t"]
    entries = []
    for number, text in enumerate(texts):
        comment = make(f"c{number}", minute=(number * 37) % 600)  # not in date order
        comment.author = f"Reader {text[:20]}"
        comment.url = ["https://a.example/?q=1&r='2'", "", "https://bücher.example/ß?x=ä"][number % 3]
        comment.html = text
        entries.append(FeedEntry(comment, f'Post <{number}> & "more"', f"{page}#comment-c{number}"))
    return entries


@pytest.mark.parametrize("language", [None, "en", 'x"y'])
@pytest.mark.parametrize("link", ["https://blog.example/p/", "https://blög.example/p q/", "http://127.0.0.1:8000/a&b/"])
def test_comment_feeds_are_written_byte_for_byte_as_feedgenerator_writes_them(language, link):
    """The quick writer against feedgenerator's own, on awkward text, addresses and languages."""
    entries = awkward_entries(link)
    arguments = ("Blog & <Comments>", link, f"{link}feed.atom.xml", entries, datetime(2011, 1, 1, tzinfo=UTC), language)
    ours = written(comment_feed(*arguments))
    assert ours == feedgenerator_comment_feed(*arguments)
    assert len(feedparser.parse(ours).entries) == len(entries) > 100
    empty = (*arguments[:3], [], *arguments[4:])
    assert written(comment_feed(*empty)) == feedgenerator_comment_feed(*empty)
    without_self = (arguments[0], arguments[1], None, *arguments[3:])
    assert written(comment_feed(*without_self)) == feedgenerator_comment_feed(*without_self)


def test_a_control_character_is_refused_as_feedgenerator_refuses_it():
    entries = awkward_entries()[:1]
    entries[0].comment.html = "a control \x01 character"
    arguments = ("t", "https://b.example/", "https://b.example/f", entries, datetime(2011, 1, 1, tzinfo=UTC))
    for make_feed in (comment_feed, feedgenerator_comment_feed):
        with pytest.raises(ValueError, match="Control characters"):
            make_feed(*arguments)


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
