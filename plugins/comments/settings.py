"""The comments plugin's settings, read once, with every default in one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlsplit

from .errors import CommentError, Problem

SETTINGS_FILE = "settings"  # shown where a problem names a setting rather than a file


@dataclass(frozen=True)
class CommentsSettings:
    """``COMMENTS_*`` settings (plus the few Pelican settings the plugin reads)."""

    path: str = "comments"  # COMMENTS_PATH: the folder under PATH holding <slug>/<id>.md
    max_depth: int = 5  # COMMENTS_MAX_DEPTH: nesting levels shown; deeper replies sit at the last level
    submit_url: str = ""  # COMMENTS_SUBMIT_URL: a form for new comments; may hold {slug} and {url}
    email: str = ""  # COMMENTS_EMAIL: where readers send comments when there is no form
    feed_atom: str | None = "feeds/comments.atom.xml"  # COMMENTS_FEED_ATOM: recent comments, site-wide
    article_feed_atom: str | None = "feeds/comments/{slug}.atom.xml"  # COMMENTS_ARTICLE_FEED_ATOM
    feed_max_items: int | None = None  # COMMENTS_FEED_MAX_ITEMS: entries per comment feed; FEED_MAX_ITEMS when unset
    date_format: str = "%-d %b %Y at %H:%M"  # COMMENTS_DATE_FORMAT: how a comment's date is shown
    cache: bool = True  # COMMENTS_CACHE: keep rendered comments under CACHE_PATH/comments for the next build
    workers: int | None = None  # COMMENTS_WORKERS: processes reading comments and writing feeds (default: all cores)
    author: str = ""  # AUTHOR: comments under this name are the blog author's replies
    timezone: str = "UTC"  # TIMEZONE: for dates written without a zone, and for display

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> CommentsSettings:
        """Reads and checks the settings; a wrong value is a :class:`CommentError` naming the setting."""
        values: dict[str, Any] = {}
        for field in fields(cls):
            if field.name in ("author", "timezone"):
                key = field.name.upper()
            else:
                key = f"COMMENTS_{field.name.upper()}"
            if key in settings:
                values[field.name] = settings[key]
        if "feed_max_items" not in values:
            values["feed_max_items"] = settings.get("FEED_MAX_ITEMS")
        values["author"] = values.get("author") or ""
        values["timezone"] = values.get("timezone") or "UTC"
        problems = _check(values)
        if problems:
            raise CommentError(problems)
        return cls(**values)


def _check(values: dict[str, Any]) -> list[Problem]:
    problems = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(SETTINGS_FILE, None, key, message))

    depth = values.get("max_depth", 5)
    if not isinstance(depth, int) or isinstance(depth, bool) or depth < 1:
        bad("COMMENTS_MAX_DEPTH", f"{depth!r} is not a whole number of 1 or more; use for example 5")
    workers = values.get("workers")
    if workers is not None and (not isinstance(workers, int) or isinstance(workers, bool) or workers < 1):
        bad("COMMENTS_WORKERS", f"{workers!r} is not a number of processes; use a whole number, 1 or more, or None")
    items = values.get("feed_max_items")
    if items is not None and (not isinstance(items, int) or isinstance(items, bool) or items < 1):
        bad("COMMENTS_FEED_MAX_ITEMS", f"{items!r} is not a whole number of 1 or more; use for example 20, or None")
    submit = values.get("submit_url", "")
    if submit:
        parts = urlsplit(str(submit))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            bad("COMMENTS_SUBMIT_URL", f"{submit!r} is not an http(s) address; write the full https:// address")
    email = values.get("email", "")
    if email and (not isinstance(email, str) or email.count("@") != 1 or any(c in email for c in " <>\"'?&:/")):
        bad("COMMENTS_EMAIL", f"{email!r} is not an email address; write it as name@example.com")
    for key, name in (("feed_atom", "COMMENTS_FEED_ATOM"), ("article_feed_atom", "COMMENTS_ARTICLE_FEED_ATOM")):
        value = values.get(key)
        if value is not None and not isinstance(value, str):
            bad(name, f"{value!r} is not a path; write a path such as 'feeds/comments.atom.xml', or None")
    article_feed = values.get("article_feed_atom")
    if isinstance(article_feed, str) and article_feed and "{slug}" not in article_feed:
        bad("COMMENTS_ARTICLE_FEED_ATOM", "needs '{slug}' so that each article gets its own feed")
    return problems
