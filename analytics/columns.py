"""The three tables every loader returns and every metric reads.

Column names live here as constants so that a loader and a metric can never
disagree on a spelling, and :func:`conform` gives each loader's output the
exact columns and dtypes, so metrics never guess (times are tz-aware UTC).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

# posts
POST_ID = "post_id"
TITLE = "title"
URL = "url"
PUBLISHED = "published"
TAGS = "tags"
CATEGORY = "category"
WORDS = "words"
ASKS_QUESTION = "asks_question"
SOURCE = "source"

# comments (also PUBLISHED, POST_ID, WORDS, SOURCE)
COMMENT_ID = "comment_id"
PARENT_ID = "parent_id"
AUTHOR = "author"
AUTHOR_URL = "author_url"
IS_AUTHOR = "is_author"
KIND = "kind"
STATUS = "status"

# feed_entries (also TITLE, PUBLISHED)
FEED_URL = "feed_url"
ENTRY_ID = "entry_id"
LINK = "link"
COMMENT_COUNT = "comment_count"
COMMENT_FEED = "comment_feed"
LINKS = "links"

# participants: one row per blog in a blogfest or carnival, from the roll-call files (also URL)
BLOGFEST = "blogfest"
EVENT = "event"
START = "start"
END = "end"
PERSON = "person"
BLOG = "blog"
FEED = "feed"
POST = "post"
ROLLCALL_URLS = "rollcall_urls"

# Values of KIND and STATUS.
COMMENT = "comment"
PINGBACK = "pingback"
TRACKBACK = "trackback"
KINDS = (COMMENT, PINGBACK, TRACKBACK)
APPROVED = "approved"
PENDING = "pending"
STATUSES = (APPROVED, PENDING)

TEXT = "string"
ID = "category"  # ids and other values that repeat: integer codes make group-bys and look-ups cheap
TIME = "datetime64[ns, UTC]"
LIST = "object"

POSTS: dict[str, str] = {
    POST_ID: TEXT,
    TITLE: TEXT,
    URL: TEXT,
    PUBLISHED: TIME,
    TAGS: LIST,
    CATEGORY: TEXT,
    WORDS: "int64",
    ASKS_QUESTION: "bool",
    SOURCE: TEXT,
}
COMMENTS: dict[str, str] = {
    COMMENT_ID: ID,
    POST_ID: ID,
    PARENT_ID: ID,
    AUTHOR: ID,
    AUTHOR_URL: TEXT,
    IS_AUTHOR: "bool",
    KIND: ID,
    PUBLISHED: TIME,
    WORDS: "int64",
    STATUS: ID,
    SOURCE: ID,
}
FEED_ENTRIES: dict[str, str] = {
    FEED_URL: TEXT,
    ENTRY_ID: TEXT,
    TITLE: TEXT,
    LINK: TEXT,
    PUBLISHED: TIME,
    COMMENT_COUNT: "Int64",
    COMMENT_FEED: TEXT,
    LINKS: LIST,
}
PARTICIPANTS: dict[str, str] = {
    BLOGFEST: TEXT,
    EVENT: TEXT,
    START: TIME,  # the first day, 00:00 UTC
    END: TIME,  # the day after the last day, 00:00 UTC
    PERSON: TEXT,
    BLOG: TEXT,
    URL: TEXT,
    FEED: TEXT,
    POST: TEXT,
    ROLLCALL_URLS: LIST,  # the roll-call pages: the event page, the posts taking part, the organiser's
}


def _as_time(values: pd.Series) -> pd.Series:
    """UTC timestamps from datetimes or ISO strings; naive values are taken as UTC."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC").astype(TIME)
    parsed = pd.to_datetime(values, utc=True, format="mixed") if len(values) else values.astype("datetime64[ns]")
    if not isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize("UTC")
    return parsed.astype(TIME)


def _as_lists(values: pd.Series) -> pd.Series:
    lists = [list(v) if isinstance(v, Iterable) and not isinstance(v, str) else [] for v in values]
    return pd.Series(lists, index=values.index, dtype=LIST)


def conform(frame: pd.DataFrame | Iterable[Mapping], schema: Mapping[str, str]) -> pd.DataFrame:
    """``frame`` (or records) with exactly the columns of ``schema``, in order and with its dtypes.

    Missing columns raise KeyError: a loader that forgets one is a bug, not bad input.
    """
    if not isinstance(frame, pd.DataFrame):
        frame = pd.DataFrame.from_records(list(frame), columns=list(schema))
    frame = frame.reset_index(drop=True)
    missing = [name for name in schema if name not in frame.columns]
    if missing:
        raise KeyError(f"missing columns: {', '.join(missing)}")
    out = {}
    for name, dtype in schema.items():
        column = frame[name]
        if dtype == TIME:
            out[name] = _as_time(column)
        elif dtype == LIST:
            out[name] = _as_lists(column)
        elif dtype == ID:
            out[name] = column if isinstance(column.dtype, pd.CategoricalDtype) else column.astype(TEXT).astype(ID)
        elif dtype in ("int64", "bool"):
            out[name] = column.fillna(0 if dtype == "int64" else False).astype(dtype)
        else:
            out[name] = column.astype(dtype)
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


def empty(schema: Mapping[str, str]) -> pd.DataFrame:
    return conform(pd.DataFrame({name: [] for name in schema}), schema)
