"""Comments from an Isso database made with Isso's own schema."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest

from analytics import columns as c
from analytics.isso import comments_from_isso
from plugins.live_comments.errors import LiveCommentsError
from tests.analytics.conftest import make_posts

# The tables as Isso creates them (isso/db/threads.py and isso/db/comments.py), at its schema version 5.
SCHEMA = """
PRAGMA user_version = 5;
CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256));
CREATE TABLE comments (
    tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER,
    created FLOAT NOT NULL, modified FLOAT, mode INTEGER, remote_addr VARCHAR,
    text VARCHAR, author VARCHAR, email VARCHAR, website VARCHAR,
    likes INTEGER DEFAULT 0, dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL,
    notification INTEGER DEFAULT 0);
"""


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "comments.db"
    with sqlite3.connect(path) as db:
        db.executescript(SCHEMA)
        db.executemany(
            "INSERT INTO threads VALUES (?, ?, ?)", [(1, "/2012/01/10/p1/", "P1"), (2, "/2012/02/05/p2/", "P2")]
        )
        rows = [
            (1, 1, None, 1326193200.0, 1, "Nice one, really.", "Ada", "ada.example"),
            (1, 2, 1, 1326204000.0, 1, "Thanks!", "Morgan Hale", "https://serviceculture.example/"),
            (1, 3, None, 1326300000.0, 4, "", None, None),  # deleted
            (1, 4, 3, 1326310000.0, 2, "Waiting for moderation here", "", None),  # not accepted yet: left out
            (1, 6, None, 1326320000.0, 1, "A &lt;b&gt; fan", "Ben &amp; Co", "javascript:alert(1)"),
            (2, 5, None, 1328464800.0, 1, "Hello", "Ben", None),
        ]
        db.executemany(
            "INSERT INTO comments (tid, id, parent, created, mode, text, author, website, voters) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, x'00')",
            rows,
        )
    return path


def test_comments_from_isso(database):
    posts = make_posts([("p1", "2012-01-10 09:00", [], "x", False)])
    table = comments_from_isso(database, posts, author="Morgan Hale")
    assert list(table.columns) == list(c.COMMENTS)
    assert table.drop(columns=["published"]).to_dict("records") == [
        {"comment_id": "1", "post_id": "p1", "parent_id": None, "author": "Ada", "author_url": "http://ada.example",
         "is_author": False, "kind": "comment", "words": 3, "status": "approved", "source": "isso:comments.db"},
        {"comment_id": "2", "post_id": "p1", "parent_id": "1", "author": "Morgan Hale",
         "author_url": "https://serviceculture.example/", "is_author": True, "kind": "comment", "words": 1,
         "status": "approved", "source": "isso:comments.db"},
        # Isso keeps names HTML-escaped: they come back as typed; a javascript: address is no address.
        {"comment_id": "6", "post_id": "p1", "parent_id": None, "author": "Ben & Co", "author_url": None,
         "is_author": False, "kind": "comment", "words": 3, "status": "approved", "source": "isso:comments.db"},
        # Not among the posts: the thread's last path part stands in.
        {"comment_id": "5", "post_id": "p2", "parent_id": None, "author": "Ben", "author_url": None,
         "is_author": False, "kind": "comment", "words": 1, "status": "approved", "source": "isso:comments.db"},
    ]  # fmt: skip
    assert table["published"].iloc[0] == pd.Timestamp("2012-01-10 11:00", tz="UTC")


def test_not_an_isso_database(tmp_path):
    with pytest.raises(LiveCommentsError, match=r"missing.db: database: not found; pass the file named by ISSO_DB"):
        comments_from_isso(tmp_path / "missing.db")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE something (x)")
    with pytest.raises(LiveCommentsError, match=r"other.db: schema version: 0 is not one this sync reads"):
        comments_from_isso(other)
    text = tmp_path / "text.db"
    text.write_text("hello")
    with pytest.raises(LiveCommentsError, match=r"text.db: database: not an Isso database"):
        comments_from_isso(text)
