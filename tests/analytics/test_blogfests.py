"""Blogfest participation on a hand-made event: who published in the window, linked back, linked others."""

from __future__ import annotations

import math

import pandas as pd

from analytics import columns as c
from analytics import metrics

ROLLCALL = ["https://serviceculture.example/blogfests/fest/", "https://serviceculture.example/2011/10/25/our-post/"]


def participants() -> pd.DataFrame:
    def row(person, blog, url, feed, event="fest", name="Fest 2011", start="2011-10-25", end="2011-10-26"):
        return {
            "blogfest": event, "event": name, "start": start, "end": end, "person": person, "blog": blog,
            "url": url, "feed": feed, "post": None, "rollcall_urls": ROLLCALL,
        }  # fmt: skip

    return c.conform(
        [
            row("Ada Brook", "Ada's", "https://ada.example/", "https://ada.example/feed/"),
            row("Ben Carter", "Ben's", "https://ben.example/blog/", "https://ben.example/feed/"),
            row("Chloe Diaz", "Chloe's", "https://chloe.example/", "https://chloe.example/feed/"),
            row("Dev Patel", "Dev's", "https://dev.example/", None),
            row("Ella Fox", "Ella's", "https://ella.example/", "https://ella.example/feed/"),
            row("Ada Brook", "Ada's", "https://ada.example/", None, "other", "Other 2012", "2012-01-01", "2012-02-01"),
        ],
        c.PARTICIPANTS,
    )


def entry(feed, entry_id, published, links, count=None):
    return {
        "feed_url": feed, "entry_id": entry_id, "title": f"Entry {entry_id}", "link": f"{feed}{entry_id}/",
        "published": published, "comment_count": count, "comment_feed": None, "links": links,
    }  # fmt: skip


def feed_entries() -> pd.DataFrame:
    return c.conform(
        [
            # Ada: two entries in the window; the one linking back wins over the earlier one.
            entry("https://ada.example/feed/", "early", "2011-10-25 01:00", []),
            entry(
                "https://ada.example/feed/",
                "fest",
                "2011-10-25 15:00",
                [
                    "http://www.serviceculture.example/blogfests/fest",
                    "https://ben.example/blog/2011/10/x/",
                    "https://chloe.example/",
                    "https://ada.example/self/",
                ],
                count=4,
            ),
            # Ben: a day late, within the slack; links to Ada only.
            entry("https://ben.example/feed/", "late", "2011-10-26 20:00", ["https://ada.example/"]),
            # Chloe: only a post a week before.
            entry("https://chloe.example/feed/", "before", "2011-10-18 10:00", ROLLCALL),
        ],  # fmt: skip
        c.FEED_ENTRIES,
    )


def test_blogfest_entries():
    table = metrics.blogfest_entries(participants(), feed_entries(), unread={"https://ella.example/feed/": "timed out"})
    assert table[["person", "feed_read", "published_in_window", "entry_title", "links_to_rollcall",
                  "linked_participants", "comment_count"]].to_dict("records") == [
        {"person": "Ada Brook", "feed_read": True, "published_in_window": True, "entry_title": "Entry fest",
         "links_to_rollcall": True, "linked_participants": 2, "comment_count": 4},
        {"person": "Ben Carter", "feed_read": True, "published_in_window": True, "entry_title": "Entry late",
         "links_to_rollcall": False, "linked_participants": 1, "comment_count": None},
        {"person": "Chloe Diaz", "feed_read": True, "published_in_window": False, "entry_title": None,
         "links_to_rollcall": False, "linked_participants": 0, "comment_count": None},
        {"person": "Ella Fox", "feed_read": False, "published_in_window": False, "entry_title": None,
         "links_to_rollcall": False, "linked_participants": 0, "comment_count": None},
    ]  # fmt: skip
    assert table["feed_problem"].tolist()[-1] == "timed out"
    assert table["entry_published"].iloc[0] == pd.Timestamp("2011-10-25 15:00", tz="UTC")


def test_blogfest_participation():
    entries = metrics.blogfest_entries(participants(), feed_entries(), unread={"https://ella.example/feed/": "x"})
    table = metrics.blogfest_participation(participants(), entries)
    rates = table.pop("participation_rate").tolist()
    assert rates[0] == 0.5 and math.isnan(rates[1])  # no feed, no rate
    assert table.drop(columns=["start"]).to_dict("records") == [
        {"blogfest": "fest", "event": "Fest 2011", "blogs": 5, "with_feed": 4, "feeds_read": 3, "published": 2,
         "linked_back": 1},
        {"blogfest": "other", "event": "Other 2012", "blogs": 1, "with_feed": 0, "feeds_read": 0, "published": 0,
         "linked_back": 0},
    ]  # fmt: skip
