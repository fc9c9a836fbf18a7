"""Comments from an Isso comment server's SQLite database.

Isso keeps one row per thread (the page's path, ``uri``) and one per comment
with its parent, a Unix time and a mode: 1 published, 2 waiting for
moderation, 4 deleted (kept only to hold its replies). Deleted comments are
left out; their replies then start threads of their own.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from . import columns as c
from .errors import AnalyticsError
from .feeds import safe_link, slug_of
from .metrics import normalise_url

_QUERY = """
SELECT comments.id, comments.parent, comments.created, comments.mode, comments.author,
       comments.website, comments.text, threads.uri
FROM comments JOIN threads ON comments.tid = threads.id
WHERE comments.mode IN (1, 2)
ORDER BY comments.created, comments.id
"""


def comments_from_isso(path: str | os.PathLike, posts: pd.DataFrame | None = None, author: str = "") -> pd.DataFrame:
    """The ``comments`` table of an Isso database; threads are matched to ``posts`` by URL path, else by slug."""
    path = Path(path)
    if not path.is_file():
        raise AnalyticsError(f"{path}: Isso database not found; pass the file named by 'dbpath' in isso.cfg")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            cursor = connection.execute(_QUERY)
            rows = pd.DataFrame(cursor.fetchall(), columns=[d[0] for d in cursor.description])
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise AnalyticsError(
            f"{path}: not an Isso database ({error}); pass the file named by 'dbpath' in isso.cfg"
        ) from None
    by_path: dict[str, str] = {}
    if posts is not None and len(posts):
        known = posts[[c.POST_ID, c.URL]].dropna()
        by_path = {_path_of(u): p for p, u in zip(known[c.POST_ID], known[c.URL], strict=True)}
    uris = pd.unique(rows["uri"].to_numpy(dtype=object))
    post_of = {uri: by_path.get(_path_of(uri)) or slug_of("http://x" + "/" + str(uri).lstrip("/")) for uri in uris}
    names = rows["author"].fillna("").str.strip().replace("", "Anonymous")
    websites = pd.unique(rows["website"].dropna().to_numpy(dtype=object))
    # Isso keeps the address as typed: "ada.example" means a web site, "javascript:..." means nothing good.
    safe = {w: safe_link(w if urlsplit(w).scheme else f"http://{w}", "") for w in websites}
    frame = pd.DataFrame(
        {
            c.COMMENT_ID: rows["id"].astype(str),
            c.POST_ID: rows["uri"].map(post_of),
            c.PARENT_ID: rows["parent"].astype("Int64").astype("string"),
            c.AUTHOR: names,
            c.AUTHOR_URL: rows["website"].map(safe),
            c.IS_AUTHOR: names.str.casefold().eq(author.casefold().strip()) if author else False,
            c.KIND: c.COMMENT,
            c.PUBLISHED: pd.to_datetime(rows["created"], unit="s", utc=True),
            c.WORDS: rows["text"].fillna("").str.split().str.len(),
            c.STATUS: rows["mode"].map({1: c.APPROVED, 2: c.PENDING}),
            c.SOURCE: f"isso:{path.name}",
        }
    )
    return c.conform(frame, c.COMMENTS)


def _path_of(url: str) -> str:
    """A page's path without host or trailing slash: how Isso names a thread."""
    return normalise_url("http://x/" + url.lstrip("/") if "//" not in url else url).split("/", 1)[-1]
