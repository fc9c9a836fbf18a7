"""Reading Isso: its database and its HTTP API, and what goes wrong with each."""

from __future__ import annotations

import sqlite3

import pytest

from plugins.live_comments.errors import LiveCommentsError
from plugins.live_comments.server import free_port
from plugins.live_comments.source import fetch_server, read_database


def test_unknown_schema_version(tmp_path):
    db = tmp_path / "comments.db"
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA user_version = 9")
    with pytest.raises(LiveCommentsError) as caught:
        read_database(db)
    assert str(caught.value) == (
        f"{db}: schema version: 9 is not one this sync reads (5); "
        "open the database once with Isso 0.13 or 0.14, which migrates it on start"
    )


def test_not_a_database(tmp_path):
    db = tmp_path / "comments.db"
    db.write_text("not sqlite at all, just some text that is long enough to have a header" * 10)
    with pytest.raises(LiveCommentsError, match=r"comments.db: database: not an Isso database"):
        read_database(db)


def test_missing_database(tmp_path):
    with pytest.raises(LiveCommentsError, match=r"nope.db: database: not found; pass the file named by ISSO_DB"):
        read_database(tmp_path / "nope.db")


def test_unreachable_server():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(LiveCommentsError) as caught:
        fetch_server(url)
    message = str(caught.value)
    assert message.startswith(f"{url}/latest?limit=1000000: server: cannot read comments (")
    assert message.endswith("start Isso or check ISSO_URL / --server") and "\n" not in message


def test_not_an_http_address():
    with pytest.raises(LiveCommentsError, match="ftp://x: server: not an http"):
        fetch_server("ftp://x")


def test_database_and_api_agree_and_hold_only_accepted_comments(start_isso):
    isso = start_isso()
    first = isso.post(
        "/2012/08/16/hello/", "Accepted, *with* Markdown.", author="Ann <b>&</b> Co", website="ann.example"
    )
    pending = isso.post("/2012/08/16/hello/", "Still waiting.", author="Bob")
    reply = isso.post("/2012/08/16/hello/", "A reply, accepted.", author="Cy", parent=first)
    deleted = isso.post("/2012/08/16/hello/", "Deleted by the author.", author="Dee")
    isso.moderate(first)
    isso.moderate(reply)
    isso.moderate(deleted)
    isso.moderate(deleted, "delete")
    assert isso.modes() == {first: 1, pending: 2, reply: 1}
    from_api = fetch_server(isso.url)
    from_db = read_database(isso.db)
    assert from_api == from_db
    assert [(c.id, c.parent, c.author, c.website, c.text) for c in from_db] == [
        (first, None, "Ann <b>&</b> Co", "http://ann.example", "Accepted, *with* Markdown."),
        (reply, first, "Cy", "", "A reply, accepted."),
    ]
