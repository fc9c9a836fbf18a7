"""Accepted comments from Isso: from its SQLite database or from its HTTP API.

Isso keeps one row per thread (``uri``, the page's path) and one per comment
with its parent, a Unix time and a mode: 1 accepted, 2 waiting for
moderation, 4 deleted (kept only while it has replies). Only accepted
comments ever leave here. Isso stores the author's name and web site
HTML-escaped and the text as the reader typed it (Markdown).
"""

from __future__ import annotations

import html
import json
import sqlite3
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from .errors import LiveCommentsError, Problem

ACCEPTED = 1
# PRAGMA user_version of the databases this reader knows (Isso 0.13 and 0.14 write 5).
SCHEMA_VERSIONS = (5,)
TIMEOUT = 10
RETRIES = 2
LATEST_LIMIT = 1_000_000  # Isso's /latest needs a limit; this one means "all of them"


@dataclass(frozen=True)
class IssoComment:
    id: int
    uri: str
    parent: int | None
    created: float  # Unix time
    author: str
    website: str
    text: str  # Markdown, as typed


def _clean(value: str | None) -> str:
    return html.unescape(value or "").strip()


_QUERY = """
SELECT comments.id, threads.uri, comments.parent, comments.created, comments.author, comments.website, comments.text
FROM comments JOIN threads ON comments.tid = threads.id
WHERE comments.mode = ?
ORDER BY comments.created, comments.id
"""


def read_database(path: Path) -> list[IssoComment]:
    """The accepted comments in the Isso database at ``path``, oldest first."""
    path = Path(path)
    if not path.is_file():
        raise LiveCommentsError(Problem(str(path), None, "database", "not found; pass the file named by ISSO_DB"))
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version not in SCHEMA_VERSIONS:
                known = ", ".join(str(v) for v in SCHEMA_VERSIONS)
                raise LiveCommentsError(
                    Problem(
                        str(path),
                        None,
                        "schema version",
                        f"{version} is not one this sync reads ({known}); "
                        "open the database once with Isso 0.13 or 0.14, which migrates it on start",
                    )
                )
            rows = connection.execute(_QUERY, (ACCEPTED,)).fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise LiveCommentsError(
            Problem(str(path), None, "database", f"not an Isso database ({error}); pass the file named by ISSO_DB")
        ) from None
    return [
        IssoComment(int(i), str(uri), parent, float(created), _clean(author), _clean(website), text or "")
        for i, uri, parent, created, author, website, text in rows
    ]


def _get_json(url: str) -> object:
    last = ""
    for _attempt in range(RETRIES + 1):
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            if error.code == 404 and "/latest" in url:
                raise LiveCommentsError(
                    Problem(url, None, "latest", "the server lists no comments; set latest-enabled = true in isso.cfg")
                ) from None
            last = f"HTTP {error.code}"
            if error.code < 500:
                break
        except (urllib.error.URLError, OSError) as error:
            last = str(getattr(error, "reason", error))
        except ValueError:
            last = "the answer is not JSON"
            break
    raise LiveCommentsError(
        Problem(url, None, "server", f"cannot read comments ({last}); start Isso or check ISSO_URL / --server")
    )


def _flatten(items: list[dict], uri: str, found: list[IssoComment]) -> None:
    for item in items:
        if item.get("mode") != ACCEPTED:  # a deleted comment still shown because it has replies
            _flatten(item.get("replies") or [], uri, found)
            continue
        found.append(
            IssoComment(
                int(item["id"]),
                uri,
                item.get("parent"),
                float(item["created"]),
                _clean(item.get("author")),
                _clean(item.get("website")),
                item.get("text") or "",
            )
        )
        _flatten(item.get("replies") or [], uri, found)


def fetch_server(base: str) -> list[IssoComment]:
    """The accepted comments that the Isso server at ``base`` serves, oldest first.

    ``/latest`` names every thread with accepted comments; ``GET /?uri=``
    with ``plain=1`` then gives each thread's comments and replies with the
    text as typed (``/latest`` only has it rendered to HTML).
    """
    base = base.rstrip("/")
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LiveCommentsError(
            Problem(base, None, "server", "not an http(s) address; pass e.g. http://127.0.0.1:8080")
        )
    latest = _get_json(f"{base}/latest?limit={LATEST_LIMIT}")
    if not isinstance(latest, list):
        raise LiveCommentsError(Problem(base, None, "server", "the answer to /latest is not a list; is this Isso?"))
    found: list[IssoComment] = []
    for uri in sorted({str(item["uri"]) for item in latest}):
        thread = _get_json(f"{base}/?uri={quote(uri, safe='')}&plain=1")
        thread = thread if isinstance(thread, dict) else {}
        replies = thread.get("replies") or []
        _flatten(replies, uri, found)
    return sorted(found, key=lambda c: (c.created, c.id))
