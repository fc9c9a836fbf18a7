"""Every metric on the small blog of conftest.py, whose values were worked out by hand.

The blog: p1 (tags service, culture; asks a question) has reader comments by Ada (answered by the author
after 3 h), Ben (a reply to the author, answered after 1 h) and " ada " (the same Ada, unanswered) and a
pingback; p2 (tag service) has Ben (unanswered; Ada replied, not the author), Chloe (answered after 24 h),
Ada, and a trackback; p3 (tag culture; asks a question) has nothing. Another blog's feed links to p1 in two
entries and to p2 in one; our own feed's link to p1 does not count.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analytics import metrics
from tests.analytics.conftest import make_comments, make_posts


def test_per_post(posts, comments, feed_entries):
    table = metrics.per_post(posts, comments, feed_entries).set_index("post_id")
    assert table.loc["p1"].to_dict() | {"published": None} == {
        "title": "Title of p1",
        "published": None,
        "reader_comments": 3,
        "unique_commenters": 2,
        "linkbacks": 1,
        "feed_mentions": 2,
        "mentions": 3,
        "thread_depth": 4,
        "hours_to_first_comment": 2.0,
        "author_reply_rate": pytest.approx(2 / 3),
        "median_response_hours": 2.0,
        "unanswered": 1,
    }
    assert table.loc[
        "p2", ["reader_comments", "unique_commenters", "linkbacks", "feed_mentions", "mentions"]
    ].tolist() == [3, 3, 1, 1, 2]
    assert table.loc[
        "p2", ["thread_depth", "hours_to_first_comment", "median_response_hours", "unanswered"]
    ].tolist() == [2, 6.0, 24.0, 2]
    assert table.loc["p2", "author_reply_rate"] == pytest.approx(1 / 3)
    p3 = table.loc["p3"]
    assert (p3["reader_comments"], p3["unique_commenters"], p3["mentions"], p3["thread_depth"], p3["unanswered"]) == (
        0,
        0,
        0,
        0,
        0,
    )
    assert math.isnan(p3["hours_to_first_comment"]) and math.isnan(p3["author_reply_rate"])
    assert math.isnan(p3["median_response_hours"])


def test_per_post_without_feeds_counts_only_linkbacks(posts, comments):
    table = metrics.per_post(posts, comments).set_index("post_id")
    assert table["mentions"].tolist() == [1, 1, 0]
    assert table["feed_mentions"].tolist() == [0, 0, 0]


def test_reply_ids_are_looked_up_within_their_post(posts):
    # "c1" exists on both posts; the author's reply to p2's c1 must not answer p1's c1.
    comments = make_comments(
        [
            ("p1", "c1", None, "Ada", "comment", "2012-01-10 10:00"),
            ("p2", "c1", None, "Ben", "comment", "2012-02-06 10:00"),
            ("p2", "r", "c1", "Morgan Hale", "comment", "2012-02-06 12:00"),
        ]
    )
    table = metrics.per_post(posts, comments).set_index("post_id")
    assert table["unanswered"].tolist() == [1, 0, 0]
    assert table.loc["p2", "median_response_hours"] == 2.0


def test_a_reply_cycle_in_the_data_does_not_hang(posts):
    comments = make_comments(
        [
            ("p1", "a", "b", "Ada", "comment", "2012-01-10 10:00"),
            ("p1", "b", "a", "Ben", "comment", "2012-01-10 11:00"),
        ]
    )
    assert metrics.per_post(posts, comments).set_index("post_id").loc["p1", "reader_comments"] == 2


def test_response_times(comments):
    table = metrics.response_times(comments)
    assert list(zip(table["post_id"], table["comment_id"], table["response_hours"], strict=True)) == [
        ("p1", "c1", 3.0),
        ("p1", "c3", 1.0),
        ("p2", "c2", 24.0),
    ]


def test_unanswered_is_oldest_first(posts, comments):
    table = metrics.unanswered(posts, comments, now=pd.Timestamp("2012-03-10", tz="UTC"))
    assert list(zip(table["post_id"], table["comment_id"], strict=True)) == [("p1", "c4"), ("p2", "c1"), ("p2", "c5")]
    assert table["days_waiting"].tolist() == pytest.approx([57 + 14 / 24, 33.25, 4.5])
    assert table["title"].tolist() == ["Title of p1", "Title of p2", "Title of p2"]


def test_per_tag(posts, comments):
    table = metrics.per_tag(posts, comments)
    assert table.to_dict("records") == [
        {
            "tag": "service",
            "posts": 2,
            "comments": 6,
            "median_comments": 3.0,
            "mean_comments": 3.0,
            "share_of_comments": 1.0,
        },
        {
            "tag": "culture",
            "posts": 2,
            "comments": 3,
            "median_comments": 1.5,
            "mean_comments": 1.5,
            "share_of_comments": 0.5,
        },
    ]


def test_per_category(posts, comments):
    table = metrics.per_category(posts, comments)
    assert table.to_dict("records") == [
        {
            "category": "Customer Experience",
            "posts": 1,
            "comments": 3,
            "median_comments": 3.0,
            "mean_comments": 3.0,
            "share_of_comments": 0.5,
        },
        {
            "category": "Customer Service",
            "posts": 2,
            "comments": 3,
            "median_comments": 1.5,
            "mean_comments": 1.5,
            "share_of_comments": 0.5,
        },
    ]


def test_per_month(posts, comments):
    table = metrics.per_month(posts, comments)
    assert table.to_dict("records") == [
        {"month": "2012-01", "posts": 1, "comments": 3, "active_commenters": 2, "new_commenters": 2},
        {"month": "2012-02", "posts": 2, "comments": 1, "active_commenters": 1, "new_commenters": 0},
        {"month": "2012-03", "posts": 0, "comments": 2, "active_commenters": 2, "new_commenters": 1},
    ]


def test_per_commenter_folds_case_and_spacing(comments):
    table = metrics.per_commenter(comments)
    assert table[["commenter", "comments", "posts", "came_back"]].to_dict("records") == [
        {"commenter": "Ada", "comments": 3, "posts": 2, "came_back": True},
        {"commenter": "Ben", "comments": 2, "posts": 2, "came_back": True},
        {"commenter": "Chloe", "comments": 1, "posts": 1, "came_back": False},
    ]
    assert table["first_seen"].tolist() == [
        pd.Timestamp(t, tz="UTC") for t in ("2012-01-10 11:00", "2012-01-11 09:00", "2012-03-01 10:00")
    ]
    assert table["last_seen"].tolist() == [
        pd.Timestamp(t, tz="UTC") for t in ("2012-03-05 12:00", "2012-02-05 18:00", "2012-03-01 10:00")
    ]


def test_returning_share(comments):
    assert metrics.returning_share(comments) == pytest.approx(2 / 3)


def test_cohort_retention(comments):
    table = metrics.cohort_retention(comments)
    assert table.to_dict("records") == [
        {"cohort": "2012-01", "months_since": 0, "commenters": 2, "active": 2, "retention": 1.0},
        {"cohort": "2012-01", "months_since": 1, "commenters": 2, "active": 1, "retention": 0.5},
        {"cohort": "2012-01", "months_since": 2, "commenters": 2, "active": 1, "retention": 0.5},
        {"cohort": "2012-03", "months_since": 0, "commenters": 1, "active": 1, "retention": 1.0},
    ]


def test_participation_inequality(comments):
    # Three commenters: the top 10% rounds up to one person, Ada, with 3 of the 6 reader comments.
    assert metrics.participation_inequality(comments) == 0.5
    assert metrics.participation_inequality(comments, top=0.5) == pytest.approx(5 / 6)


def test_conversation_rate_and_index(posts, comments):
    assert metrics.conversation_rate(posts, comments) == 2.0
    assert metrics.conversation_index(posts, comments) == 3 / 8


def test_calls_to_action(posts, comments):
    assert metrics.calls_to_action(posts, comments).to_dict("records") == [
        {"asks_question": True, "posts": 2, "comments": 3, "mean_comments": 1.5, "median_comments": 1.5},
        {"asks_question": False, "posts": 1, "comments": 3, "mean_comments": 3.0, "median_comments": 3.0},
    ]


def test_author_reply_rate(comments):
    assert metrics.author_reply_rate(comments) == 0.5


def test_summary(posts, comments, feed_entries):
    values = dict(metrics.summary(posts, comments, feed_entries).itertuples(index=False))
    assert values == {
        "posts": 3,
        "reader comments": 6,
        "commenters": 3,
        "conversation rate (reader comments per post)": 2.0,
        "conversation index (posts / (comments + linkbacks))": 0.375,
        "mentions (pingbacks, trackbacks, feed links)": 5,
        "author reply rate": 0.5,
        "median author response (hours)": 3.0,
        "unanswered reader comments": 3,
        "commenters who came back": pytest.approx(2 / 3),
        "comments by the top 10% of commenters": 0.5,
    }


def test_most_discussed():
    counts = {"b": 3, "a": 3, "c": 5, "d": 0, "e": 1}
    assert metrics.most_discussed(counts, limit=3) == ["c", "a", "b"]
    assert metrics.most_discussed({"d": 0}) == []


def test_metrics_on_empty_tables():
    posts = make_posts([])
    comments = make_comments([])
    assert metrics.per_post(posts, comments).empty
    assert metrics.per_month(posts, comments).empty
    assert metrics.per_commenter(comments).empty
    assert metrics.cohort_retention(comments).empty
    assert math.isnan(metrics.participation_inequality(comments))
    assert math.isnan(metrics.conversation_index(posts, comments))
    assert len(metrics.summary(posts, comments)) == 11


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("https://www.Blog.example/2012/01/10/p1/", "blog.example/2012/01/10/p1"),
        ("http://blog.example/2012/01/10/p1?utm_source=feed#c", "blog.example/2012/01/10/p1"),
        ("https://blog.example/?p=12&utm_medium=rss", "blog.example?p=12"),
        ("https://blog.example:443/caf%C3%A9/", "blog.example/café"),
    ],
)
def test_normalise_url(url, normal):
    assert metrics.normalise_url(url) == normal
