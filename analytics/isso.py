"""Comments from an Isso comment server's SQLite database, read by the live-comments plugin's own reader.

The reader keeps the accepted comments (Isso's mode 1) with their threads'
paths; here each thread is matched to a post by that path, else to the post
named by its last part, and the rows become the ``comments`` table.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from plugins.comments.model import is_blog_author
from plugins.live_comments.source import read_database
from plugins.migrate.render import commenter_url

from . import columns as c
from .feeds import slug_of
from .metrics import normalise_urls


def _paths(urls: pd.Series) -> pd.Series:
    """The path part of each page address, as :func:`normalise_urls` compares them (host left out)."""
    return normalise_urls(urls).str.split("/", n=1).str[1].fillna("")


def comments_from_isso(path: str | os.PathLike, posts: pd.DataFrame | None = None, author: str = "") -> pd.DataFrame:
    """The ``comments`` table of an Isso database; threads are matched to ``posts`` by URL path, else by slug."""
    found = read_database(Path(path))
    by_path: dict[str, str] = {}
    if posts is not None and len(posts):
        known = posts[[c.POST_ID, c.URL]].dropna()
        by_path = dict(zip(_paths(known[c.URL]), known[c.POST_ID].astype(str), strict=True))
    uris = sorted({comment.uri for comment in found})
    pages = [f"http://x/{uri.lstrip('/')}" for uri in uris]  # Isso names a thread by its path alone
    thread_paths = dict(zip(uris, _paths(pd.Series(pages, dtype=object)), strict=True))
    post_of = {uri: by_path.get(thread_paths[uri]) or slug_of(page) for uri, page in zip(uris, pages, strict=True)}

    def website(value: str) -> str | None:
        # Isso keeps what the reader typed: "jane.example" is a web site, "javascript:..." is nothing good.
        return commenter_url(value if urlsplit(value).scheme else f"http://{value}") or None if value else None

    frame = pd.DataFrame(
        {
            c.COMMENT_ID: [str(x.id) for x in found],
            c.POST_ID: [post_of[x.uri] for x in found],
            c.PARENT_ID: [str(x.parent) if x.parent else None for x in found],
            c.AUTHOR: [x.author or "Anonymous" for x in found],
            c.AUTHOR_URL: [website(x.website) for x in found],
            c.IS_AUTHOR: [is_blog_author(x.author, author) for x in found],
            c.KIND: c.COMMENT,
            c.PUBLISHED: pd.to_datetime([x.created for x in found], unit="s", utc=True),
            c.WORDS: [len(x.text.split()) for x in found],
            c.STATUS: c.APPROVED,
            c.SOURCE: f"isso:{Path(path).name}",
        },
        columns=list(c.COMMENTS),
    )
    return c.conform(frame, c.COMMENTS)
