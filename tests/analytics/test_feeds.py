"""Feeds as tables: the entries, posts and comments read from the files in data/feeds/."""

from __future__ import annotations

import html
import json
from urllib.parse import urlsplit

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from analytics import columns as c
from analytics import feeds
from analytics.fetch import Fetched
from tests.analytics.conftest import make_posts
from tests.analytics.feedserver import DATA
from tests.conftest import ROOT

# The project's shared list of hostile inputs. Characters XML cannot carry are dropped, as any feed writer must.
VECTORS = [
    "".join(ch for ch in vector["body"] if ch in "\t\n\r" or ord(ch) >= 0x20)
    for vector in json.loads((ROOT / "tests" / "comments" / "data" / "xss_vectors.json").read_text(encoding="utf-8"))
]


def feed(name: str, url: str | None = None) -> feeds.Feed:
    url = url or f"https://feeds.example/{name}"
    [loaded] = feeds.from_fetched([Fetched(url, url, (DATA / name).read_bytes())]).feeds
    return loaded


def test_entries_of_a_wordpress_feed():
    table = feeds.entries(feed("wordpress.rss"))
    assert list(table.columns) == list(c.FEED_ENTRIES)
    assert {k: str(v) for k, v in table.dtypes.items()} == {
        "feed_url": "string",
        "entry_id": "string",
        "title": "string",
        "link": "string",
        "published": "datetime64[ns, UTC]",
        "comment_count": "Int64",
        "comment_feed": "string",
        "links": "object",
    }
    first, second = table.to_dict("records")
    assert first == {
        "feed_url": "https://feeds.example/wordpress.rss",
        "entry_id": "https://crossroads.example/?p=101",
        "title": "Bathroom Blogfest: what the restroom tells & sells",
        "link": "https://crossroads.example/2011/10/25/bathroom-blogfest/",
        "published": pd.Timestamp("2011-10-25 08:30", tz="UTC"),
        "comment_count": 7,
        "comment_feed": "https://crossroads.example/2011/10/25/bathroom-blogfest/feed/",
        "links": [
            "https://serviceculture.example/2011/10/25/what-your-bathroom-says-about-your-brand/",
            "https://crossroads.example/about/",
            "https://cdn.crossroads.example/pic.png",
            "https://serviceculture.example/2011/10/25/what-your-bathroom-says-about-your-brand/#comments",
        ],
    }
    assert second["entry_id"] == "https://crossroads.example/2011/11/02/quiet/"
    assert second["comment_count"] is None and second["comment_feed"] is None and second["links"] == []


def test_entries_of_an_atom_feed_with_a_base():
    [entry] = feeds.entries(feed("based.atom")).to_dict("records")
    assert entry["title"] == "Culture eats strategy"  # HTML title: words only, the script dropped whole
    assert entry["link"] == "https://atomic.example/blog/2012/03/culture/"
    assert entry["published"] == pd.Timestamp("2012-03-01 08:15", tz="UTC")
    assert entry["comment_feed"] == "https://atomic.example/blog/2012/03/culture/comments.atom"
    assert entry["links"] == [
        "https://atomic.example/2011/other/",  # ../ from the base /blog/
        "http://www.serviceculture.example/2012/01/10/customer-service-is-marketing",
    ]


def test_posts_of_a_feed():
    table = feeds.posts(feed("wordpress.rss"))
    assert list(table.columns) == list(c.POSTS)
    rows = table[["post_id", "title", "url", "tags", "category", "words", "asks_question"]].to_dict("records")
    assert rows == [
        {
            "post_id": "bathroom-blogfest",
            "title": "Bathroom Blogfest: what the restroom tells & sells",
            "url": "https://crossroads.example/2011/10/25/bathroom-blogfest/",
            "tags": ["Customer Experience", "blogfest"],
            "category": "Customer Experience",
            "words": 20,
            "asks_question": True,
        },
        {
            "post_id": "quiet",
            "title": "A quiet post",
            "url": "https://crossroads.example/2011/11/02/quiet/",
            "tags": [],
            "category": None,
            "words": 8,
            "asks_question": True,  # "Tell me what you think."
        },
    ]


def test_wordpress_comment_feed_maps_comments_to_posts():
    posts = make_posts([("customer-service-is-marketing", "2012-01-10 09:00", [], "x", False)])
    posts["url"] = "https://serviceculture.example/2012/01/10/customer-service-is-marketing/"
    table = feeds.comments(feed("wordpress-comments.rss"), posts, author="morgan hale")
    assert list(table.columns) == list(c.COMMENTS)
    rows = table[["comment_id", "post_id", "parent_id", "author", "is_author", "kind", "words", "status"]]
    assert rows.to_dict("records") == [
        {
            "comment_id": "https://serviceculture.example/?p=12#comment-41",
            "post_id": "customer-service-is-marketing",
            "parent_id": None,
            "author": "Ada Brook",
            "is_author": False,
            "kind": "comment",
            "words": 6,
            "status": "approved",
        },
        {
            "comment_id": "https://serviceculture.example/?p=12#comment-42",
            "post_id": "customer-service-is-marketing",
            "parent_id": None,
            "author": "Morgan Hale",
            "is_author": True,
            "kind": "comment",
            "words": 3,
            "status": "approved",
        },
        # Not among the posts: the slug of its URL stands in.
        {
            "comment_id": "https://serviceculture.example/?p=3#comment-7",
            "post_id": "gone",
            "parent_id": None,
            "author": "Ben",
            "is_author": False,
            "kind": "comment",
            "words": 4,
            "status": "approved",
        },
    ]
    assert table["published"].tolist() == [
        pd.Timestamp("2012-01-10 11:00", tz="UTC"),
        pd.Timestamp("2012-01-10 13:30", tz="UTC"),
        pd.Timestamp("2009-05-01 10:00", tz="UTC"),
    ]


def test_threaded_atom_comment_feed_keeps_parents():
    table = feeds.comments(feed("threaded-comments.atom"), None, author="Morgan Hale")
    assert table[["comment_id", "post_id", "parent_id", "author_url", "is_author", "words"]].to_dict("records") == [
        {
            "comment_id": "urn:comment:customer-service-is-marketing:c1",
            "post_id": "customer-service-is-marketing",
            "parent_id": None,
            "author_url": "https://ada.example/",
            "is_author": False,
            "words": 3,
        },
        {
            "comment_id": "urn:comment:customer-service-is-marketing:c2",
            "post_id": "customer-service-is-marketing",
            "parent_id": "urn:comment:customer-service-is-marketing:c1",
            "author_url": None,
            "is_author": True,
            "words": 6,
        },
    ]


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("https://a.example/x", "https://a.example/x"),
        ("/x", "https://blog.example/x"),
        ("//cdn.example/x", "https://cdn.example/x"),
        ("javascript:alert(1)", None),
        (" JAVASCRIPT:alert(1)", None),
        ("jav\tascript:alert(1)", None),
        ("data:text/html,hi", None),
        ("mailto:a@b.example", None),
        ("https:///nohost", None),
        ("", None),
    ],
)
def test_safe_link(href, expected):
    assert feeds.safe_link(href, "https://blog.example/2012/") == expected


def xss_feed() -> bytes:
    """Every vector as an HTML title, a text title and entry content."""
    items = []
    for number, vector in enumerate(VECTORS):
        items.append(
            f"<entry><id>urn:x:{number}</id><updated>2012-01-01T00:00:00Z</updated>"
            f'<title type="html">{html.escape(vector)}</title>'
            f'<link href="{html.escape(vector)}"/>'
            f'<content type="html">{html.escape(vector)} {html.escape(vector.replace("xss", "again"))}</content>'
            f"<author><name>{html.escape(vector)}</name><uri>{html.escape(vector)}</uri></author></entry>"
            f"<entry><id>urn:y:{number}</id><updated>2012-01-01T00:00:00Z</updated>"
            f"<title>{html.escape(vector)}</title></entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Vectors</title><id>urn:v</id><updated>2012-01-01T00:00:00Z</updated>{''.join(items)}</feed>"
    ).encode()


def test_nothing_unsafe_gets_through_from_a_hostile_feed():
    url = "https://hostile.example/feed"
    [loaded] = feeds.from_fetched([Fetched(url, url, xss_feed())]).feeds
    assert len(loaded.parsed.entries) == 2 * len(VECTORS)
    table = feeds.entries(loaded)
    links = [link for row in table["links"] for link in row] + table["link"].dropna().tolist()
    # Whatever the vector, what is kept is an http(s) URL with a host: relative junk lands on the feed's site.
    assert links and all(urlsplit(link).scheme in ("http", "https") and urlsplit(link).hostname for link in links)
    assert "hostile.example" in {urlsplit(link).hostname for link in links}
    assert not any(link.lower().startswith(("javascript", "data", "vbscript")) for link in links)
    html_titles = table["title"].iloc[::2]
    # HTML titles become text: no tag is left to render (what looks like code is only words now).
    assert not [t for t in html_titles if BeautifulSoup(t, "html.parser").find(True)], html_titles.tolist()
    assert html_titles.iloc[0] == ""  # <script>alert('XSS')</script>: nothing left
    comments = feeds.comments(loaded, None, "")
    assert comments["author_url"].isna().all()
    assert not [a for a in comments["author"] if BeautifulSoup(a, "html.parser").find(True)]
