"""Posts and comments from a WordPress export (WXR) or a Disqus export, read by the migration's own parsers.

The analytics and ``invoke import-wordpress``/``import-disqus`` then read an
export the same way and report the same errors. Only what readers saw or were
waiting to see counts: spam, trash and deleted comments are left out, pending
ones are kept as pending; only published posts count.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from plugins.comments.model import is_blog_author
from plugins.migrate.convert import plain_text
from plugins.migrate.disqus import parse_disqus
from plugins.migrate.render import commenter_url
from plugins.migrate.wxr import parse_wxr

from . import columns as c
from .feeds import slug_of
from .metrics import normalise_urls
from .prose import describe


def _utc(stamp: datetime | None) -> datetime | None:
    """WXR gives GMT dates when it has them and the blog's local time otherwise, taken as UTC then."""
    if stamp is None:
        return None
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def from_wxr(path: str | Path, author: str = "") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``posts`` and ``comments`` tables of a WordPress export.

    A comment is the author's when WordPress recorded it as written by one of the blog's users (as the importer
    marks it ``Role: author``) or when it carries the author's name.
    """
    export = parse_wxr(path)
    source = f"wxr:{Path(path).name}"
    users = {user.id for user in export.authors.values() if user.id}
    posts, comments = [], []
    for item in export.posts:
        if item.status != "publish":
            continue
        post_id = item.slug or str(item.id)
        words, asks = describe(item.content)
        posts.append({
            c.POST_ID: post_id, c.TITLE: plain_text(item.title), c.URL: commenter_url(item.link) or None,
            c.PUBLISHED: _utc(item.date), c.TAGS: [plain_text(t.name) for t in item.tags],
            c.CATEGORY: plain_text(item.categories[0].name) if item.categories else None,
            c.WORDS: words, c.ASKS_QUESTION: asks, c.SOURCE: source,
        })  # fmt: skip
        for comment in item.comments:
            if comment.status not in c.STATUSES:
                continue
            name = plain_text(comment.author) or "Anonymous"
            comments.append({
                c.COMMENT_ID: str(comment.id), c.POST_ID: post_id,
                c.PARENT_ID: str(comment.parent) if comment.parent else None,
                c.AUTHOR: name, c.AUTHOR_URL: commenter_url(comment.author_url) or None,
                c.IS_AUTHOR: bool(comment.user_id and comment.user_id in users) or is_blog_author(name, author),
                c.KIND: comment.type if comment.type in c.KINDS else c.COMMENT,
                c.PUBLISHED: _utc(comment.date), c.WORDS: describe(comment.content)[0], c.STATUS: comment.status,
                c.SOURCE: source,
            })  # fmt: skip
    return (
        c.conform(pd.DataFrame(posts, columns=list(c.POSTS)), c.POSTS),
        c.conform(pd.DataFrame(comments, columns=list(c.COMMENTS)), c.COMMENTS),
    )


def from_disqus(path: str | Path, posts: pd.DataFrame, author: str = "") -> pd.DataFrame:
    """The ``comments`` table of a Disqus export. Each thread's page is matched to ``posts`` by its URL (scheme,
    ``www.``, query and trailing slash aside), else it stands for the post named by its URL's last part."""
    export = parse_disqus(path)
    source = f"disqus:{Path(path).name}"
    known = posts[[c.POST_ID, c.URL]].dropna()
    by_url = dict(zip(normalise_urls(known[c.URL]), known[c.POST_ID].astype(str), strict=True))
    links = {thread_id: thread.link for thread_id, thread in export.threads.items()}
    targets = dict(zip(links, normalise_urls(pd.Series(list(links.values()), dtype=object)), strict=True))
    rows = []
    for comment in export.comments:
        if comment.status not in c.STATUSES:
            continue
        thread = comment.thread_id
        name = plain_text(comment.author_name or comment.author_username) or "Anonymous"
        rows.append({
            c.COMMENT_ID: comment.id, c.POST_ID: by_url.get(targets.get(thread, "")) or slug_of(links.get(thread)),
            c.PARENT_ID: comment.parent_id or None, c.AUTHOR: name,
            c.AUTHOR_URL: commenter_url(comment.author_url) or None, c.IS_AUTHOR: is_blog_author(name, author),
            c.KIND: c.COMMENT, c.PUBLISHED: _utc(comment.created), c.WORDS: describe(comment.message)[0],
            c.STATUS: comment.status, c.SOURCE: source,
        })  # fmt: skip
    return c.conform(pd.DataFrame(rows, columns=list(c.COMMENTS)), c.COMMENTS)
