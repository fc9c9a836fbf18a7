"""A small blog whose every metric was worked out by hand (see test_metrics.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.columns import COMMENTS, FEED_ENTRIES, POSTS, conform

SITE = "https://blog.example"


def make_posts(rows: list[tuple]) -> pd.DataFrame:
    """rows: (post_id, published, tags, category, asks_question)."""
    return conform(
        [
            {
                "post_id": post_id,
                "title": f"Title of {post_id}",
                "url": f"{SITE}/{published[:10].replace('-', '/')}/{post_id}/",
                "published": published,
                "tags": tags,
                "category": category,
                "words": 100,
                "asks_question": asks,
                "source": "content",
            }
            for post_id, published, tags, category, asks in rows
        ],
        POSTS,
    )


def make_comments(rows: list[tuple], author: str = "Morgan Hale") -> pd.DataFrame:
    """rows: (post_id, comment_id, parent_id, author, kind, published)."""
    return conform(
        [
            {
                "comment_id": comment_id,
                "post_id": post_id,
                "parent_id": parent,
                "author": name,
                "author_url": None,
                "is_author": name == author,
                "kind": kind,
                "published": published,
                "words": 10,
                "status": "approved",
                "source": "test",
            }
            for post_id, comment_id, parent, name, kind, published in rows
        ],
        COMMENTS,
    )


@pytest.fixture
def posts() -> pd.DataFrame:
    return make_posts(
        [
            ("p1", "2012-01-10 09:00", ["service", "culture"], "Customer Service", True),
            ("p2", "2012-02-05 12:00+00:00", ["service"], "Customer Experience", False),
            ("p3", "2012-02-20 08:00", ["culture"], "Customer Service", True),
        ]
    )


@pytest.fixture
def comments() -> pd.DataFrame:
    return make_comments(
        [
            ("p1", "c1", None, "Ada", "comment", "2012-01-10 11:00"),
            ("p1", "c2", "c1", "Morgan Hale", "comment", "2012-01-10 14:00"),
            ("p1", "c3", "c2", "Ben", "comment", "2012-01-11 09:00"),
            ("p1", "c4", None, " ada ", "comment", "2012-01-12 10:00"),
            ("p1", "c5", None, "Another Blog", "pingback", "2012-01-13 10:00"),
            ("p1", "c6", "c3", "Morgan Hale", "comment", "2012-01-11 10:00"),
            ("p2", "c1", None, "Ben", "comment", "2012-02-05 18:00"),
            ("p2", "c2", None, "Chloe", "comment", "2012-03-01 10:00"),
            ("p2", "c3", "c2", "Morgan Hale", "comment", "2012-03-02 10:00"),
            ("p2", "c4", None, "Third Blog", "trackback", "2012-03-03 10:00"),
            ("p2", "c5", "c1", "Ada", "comment", "2012-03-05 12:00"),
        ]
    )


@pytest.fixture
def feed_entries() -> pd.DataFrame:
    def entry(feed: str, entry_id: str, link: str, links: list[str]) -> dict:
        return {
            "feed_url": feed,
            "entry_id": entry_id,
            "title": entry_id,
            "link": link,
            "published": "2012-03-01 00:00",
            "comment_count": None,
            "comment_feed": None,
            "links": links,
        }

    return conform(
        [
            entry(
                "https://other.example/feed/",
                "e1",
                "https://other.example/e1/",
                [
                    "http://www.blog.example/2012/01/10/p1",
                    f"{SITE}/2012/02/05/p2/",
                    f"{SITE}/2012/02/05/p2/#comments",
                ],
            ),
            entry("https://other.example/feed/", "e2", "https://other.example/e2/", [f"{SITE}/2012/01/10/p1/"]),
            entry(f"{SITE}/feeds/all.atom.xml", "own", f"{SITE}/2012/02/20/p3/", [f"{SITE}/2012/01/10/p1/"]),
        ],
        FEED_ENTRIES,
    )
