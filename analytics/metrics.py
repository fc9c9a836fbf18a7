"""What readers respond to, how well the author answers, and who keeps coming back.

Every metric is a pure function from the documented tables (``posts``,
``comments``, ``feed_entries``; see :mod:`analytics.columns`) to a table, so
the same numbers come out of the terminal, the CSV files, the HTML report and
the site's "Most discussed" list. The hot paths work on integer codes with
numpy and pandas group-bys: a million comments take seconds, not minutes.

Words used throughout:

- a *reader comment* is a comment (not a pingback or trackback) not written by
  the blog's author;
- an *author reply* is a comment by the author whose parent is a reader
  comment; the first one beneath a reader comment answers it;
- a *commenter* is a name, compared without regard to case or spacing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlencode

import numpy as np
import pandas as pd

from . import ranking
from .columns import (
    ASKS_QUESTION,
    AUTHOR,
    BLOG,
    BLOGFEST,
    CATEGORY,
    COMMENT,
    COMMENT_COUNT,
    COMMENT_ID,
    END,
    ENTRY_ID,
    EVENT,
    FEED,
    FEED_URL,
    IS_AUTHOR,
    KIND,
    LINK,
    LINKS,
    PARENT_ID,
    PERSON,
    PINGBACK,
    POST,
    POST_ID,
    PUBLISHED,
    ROLLCALL_URLS,
    START,
    STATUS,
    TAGS,
    TITLE,
    TRACKBACK,
    URL,
)

HOUR = np.timedelta64(3600, "s")
TOP_SHARE = 0.10  # participation inequality: the share of commenters counted as "the top"
_MAX_DEPTH = 10_000  # a reply chain longer than this is a cycle in the data, not a conversation


def _flag(values: pd.Series, value: str) -> np.ndarray:
    return values.eq(value).to_numpy(dtype=bool, na_value=False)


def is_reader_comment(comments: pd.DataFrame) -> np.ndarray:
    """Comments written by readers: not pingbacks or trackbacks, not by the author."""
    return _flag(comments[KIND], COMMENT) & ~comments[IS_AUTHOR].to_numpy(dtype=bool)


def is_linkback(comments: pd.DataFrame) -> np.ndarray:
    return _flag(comments[KIND], PINGBACK) | _flag(comments[KIND], TRACKBACK)


def codes_of(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (-1 where missing) and the distinct values: free for the categorical id columns."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(dtype=np.int64), values.cat.categories
    codes, uniques = pd.factorize(values)
    return codes.astype(np.int64), pd.Index(uniques)


def positions(index: pd.Index, values: pd.Series) -> np.ndarray:
    """For each value, its position in ``index`` (-1 when absent); each distinct value is looked up once."""
    codes, uniques = codes_of(values)
    lookup = np.append(index.get_indexer(uniques), -1)  # code -1 (missing) takes the last slot
    return lookup[codes]


def commenter_codes(comments: pd.DataFrame) -> tuple[np.ndarray, pd.Index]:
    """One integer per commenter, and the commenters' folded names (a missing name is "anonymous").

    Names are folded once per distinct spelling, not once per comment, which
    keeps this cheap on a million rows.
    """
    codes, spellings = codes_of(comments[AUTHOR])
    spellings = pd.Index(np.append(np.asarray(spellings, dtype=object), "Anonymous"))
    folded = spellings.str.casefold().str.split().str.join(" ")
    folded_codes, names = pd.factorize(folded)
    return folded_codes[codes].astype(np.int64), pd.Index(names)


def _post_codes(posts: pd.DataFrame, comments: pd.DataFrame) -> tuple[pd.Index, np.ndarray]:
    """The posts' ids, and for each comment the position of its post (-1 when unknown)."""
    ids = pd.Index(posts[POST_ID].drop_duplicates().astype(object))
    return ids, positions(ids, comments[POST_ID])


def _months(times: pd.Series) -> np.ndarray:
    """Months since year 0: consecutive integers, cheaper than periods."""
    return (times.dt.year * 12 + times.dt.month - 1).to_numpy(dtype=np.int64, na_value=-1)


def _month_label(month: np.ndarray | pd.Index) -> list[str]:
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in np.asarray(month)]


def _hours(delta: pd.Series | np.ndarray) -> np.ndarray:
    return np.asarray(delta, dtype="timedelta64[ns]") / HOUR


@dataclass(frozen=True)
class Threads:
    """Who answers whom: for each comment, its parent's position and its depth."""

    parent: np.ndarray  # position of the parent comment, -1 for a top-level one
    depth: np.ndarray  # 1 for a top-level comment, 2 for a reply to it, ...
    first_reply: np.ndarray  # time of the author's first reply beneath each comment (NaT when none)

    @classmethod
    def of(cls, comments: pd.DataFrame) -> Threads:
        """Parents are looked up within the same post: ids of comment files repeat across posts."""
        n = len(comments)
        post_codes, _ = codes_of(comments[POST_ID])
        own, own_values = codes_of(comments[COMMENT_ID])
        parent_code = positions(own_values, comments[PARENT_ID])
        width = len(own_values) + 1
        keys = np.where((post_codes >= 0) & (own >= 0), post_codes * width + own, -1)
        parent_keys = np.where((post_codes >= 0) & (parent_code >= 0), post_codes * width + parent_code, -2)
        # The row of each parent key, by sorting once: the first row wins when an id repeats within a post.
        if n:
            order = np.argsort(keys, kind="stable")
            sorted_keys = keys[order]
            found = np.minimum(np.searchsorted(sorted_keys, parent_keys), n - 1)
            parent = np.where(sorted_keys[found] == parent_keys, order[found], -1).astype(np.int64)
        else:
            parent = np.zeros(0, dtype=np.int64)
        parent[parent == np.arange(n)] = -1  # a comment cannot answer itself

        depth = np.ones(n, dtype=np.int64)
        current = parent.copy()
        for _ in range(min(n, _MAX_DEPTH)):
            above = current >= 0
            if not above.any():
                break
            depth += above
            current = np.where(above, parent[np.maximum(current, 0)], -1)

        replies = _flag(comments[KIND], COMMENT) & comments[IS_AUTHOR].to_numpy(dtype=bool) & (parent >= 0)
        first_reply = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
        if replies.any():
            times = pd.Series(_utc_naive(comments[PUBLISHED])[replies])
            earliest = times.groupby(parent[replies]).min()
            first_reply[earliest.index.to_numpy()] = earliest.to_numpy(dtype="datetime64[ns]")
        return cls(parent, depth, first_reply)


def _utc_naive(times: pd.Series) -> np.ndarray:
    return times.dt.tz_convert(None).to_numpy(dtype="datetime64[ns]")


def _per_post(post_index: np.ndarray, count: int, weights: np.ndarray | None = None) -> np.ndarray:
    known = post_index >= 0
    return np.bincount(post_index[known], weights=None if weights is None else weights[known], minlength=count)


def _group(post_index: np.ndarray, values: np.ndarray, count: int, how: str) -> np.ndarray:
    """``how`` ("min", "max", "median") of ``values`` per post position; NaN or NaT where a post has none."""
    missing = np.datetime64("NaT") if values.dtype.kind == "M" else np.nan
    out = np.full(count, missing, dtype=values.dtype if values.dtype.kind == "M" else float)
    known = post_index >= 0
    if values.dtype.kind == "f":
        known &= ~np.isnan(values)
    if known.any():
        reduced = pd.Series(values[known]).groupby(post_index[known]).agg(how)
        out[reduced.index.to_numpy()] = reduced.to_numpy()
    return out


def _without_tracking(query: str) -> str:
    """A query without campaign tags (``utm_*``): ``?p=12`` names a page, ``?utm_source=feed`` does not."""
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not k.lower().startswith("utm_")]
    return "?" + urlencode(kept) if kept else ""


def normalise_urls(urls: pd.Series) -> pd.Series:
    """URLs reduced to what identifies a page: host in lower case without ``www.`` or default port, the
    percent-decoded path without trailing slash, and the query without campaign tags; scheme and fragment
    dropped. Vectorised, and each distinct path or query is decoded once: feeds carry many links."""
    text = pd.Series(urls, dtype=object).fillna("").astype(str).str.strip()
    text = text.str.replace(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", regex=True).str.split("#", n=1).str[0]
    address = text.str.split("?", n=1)
    parts = address.str[0].str.split("/", n=1)
    host = parts.str[0].str.lower().str.replace(r"^[^@]*@", "", regex=True)
    host = host.str.replace(r"^www\.", "", regex=True).str.replace(r":(80|443)$", "", regex=True)
    paths = parts.str[1].astype(object).fillna("")
    queries = address.str[1].astype(object).fillna("")
    decoded = {p: unquote(p) for p in pd.unique(paths.to_numpy(dtype=object))}  # %C3%A9 and %c3%a9 are "é"
    cleaned = {q: _without_tracking(q) for q in pd.unique(queries.to_numpy(dtype=object))}
    return (host + "/" + paths.map(decoded)).str.rstrip("/") + queries.map(cleaned)


def normalise_url(url: str) -> str:
    return normalise_urls(pd.Series([url])).iat[0]


def feed_mentions(posts: pd.DataFrame, feed_entries: pd.DataFrame) -> pd.Series:
    """Per post, the feed entries of other blogs that link to it (entries on the post's own site do not count)."""
    ids = pd.Index(posts[POST_ID].drop_duplicates())
    counts = pd.Series(0, index=ids, dtype="int64", name="feed_mentions")
    if feed_entries.empty or posts.empty:
        return counts
    links = feed_entries[[FEED_URL, ENTRY_ID, LINK, LINKS]].explode(LINKS).dropna(subset=[LINKS])
    if links.empty:
        return counts
    links = links.assign(target=normalise_urls(links[LINKS]).to_numpy())
    post_urls = posts.drop_duplicates(POST_ID)[[POST_ID, URL]].dropna()
    post_urls = post_urls.assign(target=normalise_urls(post_urls[URL]).to_numpy())
    own_hosts = set(post_urls["target"].str.split("/", n=1).str[0])
    entry_hosts = normalise_urls(links[LINK]).str.split("/", n=1).str[0]
    links = links[~entry_hosts.isin(own_hosts).to_numpy()]
    found = links.merge(post_urls[[POST_ID, "target"]], on="target")
    found = found.drop_duplicates([POST_ID, FEED_URL, ENTRY_ID])
    counts.update(found.groupby(POST_ID).size())
    return counts.astype("int64")


def per_post(
    posts: pd.DataFrame,
    comments: pd.DataFrame,
    feed_entries: pd.DataFrame | None = None,
    threads: Threads | None = None,
) -> pd.DataFrame:
    """One row per post: how many readers answered it, how deep the talk went, how fast and how well the author
    answered, and how often other blogs pointed to it."""
    ids, post_index = _post_codes(posts, comments)
    count = len(ids)
    reader = is_reader_comment(comments)
    threads = threads or Threads.of(comments)
    published = _utc_naive(comments[PUBLISHED])
    post_published = pd.Series(_utc_naive(posts.drop_duplicates(POST_ID)[PUBLISHED]), index=ids)

    reader_index = np.where(reader, post_index, -1)
    reader_comments = _per_post(reader_index, count).astype(np.int64)

    people, _ = commenter_codes(comments)
    width = int(people.max()) + 1 if len(people) else 1
    pairs = pd.unique(reader_index[reader_index >= 0].astype(np.int64) * width + people[reader_index >= 0])
    unique_commenters = np.bincount(pairs // width, minlength=count)

    linkbacks = _per_post(np.where(is_linkback(comments), post_index, -1), count).astype(np.int64)
    mentioned = feed_mentions(posts, feed_entries) if feed_entries is not None else pd.Series(0, index=ids)

    talk = np.where(_flag(comments[KIND], COMMENT), post_index, -1)
    depth = np.nan_to_num(_group(talk, threads.depth.astype(float), count, "max"), nan=0.0).astype(np.int64)
    first_comment = _group(reader_index, published, count, "min")
    hours_to_first = _hours(first_comment - post_published.to_numpy())

    answered = reader & ~np.isnat(threads.first_reply)
    response = np.where(answered, _hours(threads.first_reply - published), np.nan)
    answered_count = _per_post(np.where(answered, post_index, -1), count)
    with np.errstate(invalid="ignore", divide="ignore"):
        reply_rate = np.where(reader_comments > 0, answered_count / np.maximum(reader_comments, 1), np.nan)

    table = pd.DataFrame(
        {
            POST_ID: ids,
            TITLE: posts.drop_duplicates(POST_ID)[TITLE].to_numpy(),
            PUBLISHED: posts.drop_duplicates(POST_ID)[PUBLISHED].reset_index(drop=True),
            "reader_comments": reader_comments,
            "unique_commenters": unique_commenters.astype(np.int64),
            "linkbacks": linkbacks,
            "feed_mentions": mentioned.reindex(ids).fillna(0).to_numpy(dtype=np.int64),
            "thread_depth": depth,
            "hours_to_first_comment": hours_to_first,
            "author_reply_rate": reply_rate,
            "median_response_hours": _group(post_index, response, count, "median"),
            "unanswered": (reader_comments - answered_count).astype(np.int64),
        }
    )
    table.insert(table.columns.get_loc("thread_depth"), "mentions", table["linkbacks"] + table["feed_mentions"])
    return table


def response_times(comments: pd.DataFrame, threads: Threads | None = None) -> pd.DataFrame:
    """Each answered reader comment with the hours until the author's first reply beneath it."""
    threads = threads or Threads.of(comments)
    answered = is_reader_comment(comments) & ~np.isnat(threads.first_reply)
    hours = _hours(threads.first_reply[answered] - _utc_naive(comments[PUBLISHED])[answered])
    chosen = comments.loc[answered, [POST_ID, COMMENT_ID, AUTHOR, PUBLISHED]].reset_index(drop=True)
    return chosen.assign(response_hours=hours)


def unanswered(
    posts: pd.DataFrame, comments: pd.DataFrame, now: pd.Timestamp, threads: Threads | None = None
) -> pd.DataFrame:
    """Reader comments with no author reply beneath them yet, oldest first: the blog's customer-service queue."""
    threads = threads or Threads.of(comments)
    waiting = np.flatnonzero(is_reader_comment(comments) & np.isnat(threads.first_reply))
    ids, post_index = _post_codes(posts, comments)
    post_codes, _ = codes_of(comments[POST_ID])
    comment_codes, _ = codes_of(comments[COMMENT_ID])
    published = _utc_naive(comments[PUBLISHED])
    waiting = waiting[np.lexsort((comment_codes[waiting], post_codes[waiting], published[waiting]))]
    known = posts.drop_duplicates(POST_ID).reset_index(drop=True)
    where = post_index[waiting]
    queue = comments[[PUBLISHED, AUTHOR, POST_ID, COMMENT_ID, STATUS]].iloc[waiting].reset_index(drop=True)
    queue.insert(1, "days_waiting", ((now - queue[PUBLISHED]) / pd.Timedelta(days=1)).astype(float))
    for column in (TITLE, URL):
        values = np.append(known[column].to_numpy(dtype=object), None)  # position -1 takes the None
        queue[column] = pd.array(values[where], dtype="string")
    return queue[[PUBLISHED, "days_waiting", AUTHOR, POST_ID, TITLE, COMMENT_ID, STATUS, URL]]


def _reader_counts(posts: pd.DataFrame, comments: pd.DataFrame) -> pd.Series:
    ids, post_index = _post_codes(posts, comments)
    counts = _per_post(np.where(is_reader_comment(comments), post_index, -1), len(ids))
    return pd.Series(counts.astype(np.int64), index=ids, name="comments")


def _per_group(memberships: pd.DataFrame, key: str, counts: pd.Series) -> pd.DataFrame:
    """Posts and reader comments per value of ``key`` (a tag, a category)."""
    total = counts.sum()
    rows = memberships.assign(comments=counts.reindex(memberships[POST_ID]).to_numpy())
    table = rows.groupby(key, sort=True, observed=True)["comments"].agg(
        posts="size", comments="sum", median_comments="median", mean_comments="mean"
    )
    table["comments"] = table["comments"].astype(np.int64)
    table["share_of_comments"] = table["comments"] / total if total else 0.0
    table = table.reset_index().sort_values(["comments", key], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)


def per_tag(posts: pd.DataFrame, comments: pd.DataFrame) -> pd.DataFrame:
    """Per tag: posts, reader comments, median and mean comments per post, and the tag's share of all comments.

    A post with several tags counts in each, so shares add up to more than 1 when posts carry several tags.
    """
    tagged = posts[[POST_ID, TAGS]].drop_duplicates(POST_ID).explode(TAGS).dropna(subset=[TAGS])
    tagged = tagged.rename(columns={TAGS: "tag"}).drop_duplicates()
    return _per_group(tagged, "tag", _reader_counts(posts, comments))


def per_category(posts: pd.DataFrame, comments: pd.DataFrame) -> pd.DataFrame:
    """Per category: posts, reader comments, median and mean comments per post, share of all comments."""
    filed = posts[[POST_ID, CATEGORY]].drop_duplicates(POST_ID).fillna({CATEGORY: "(none)"})
    return _per_group(filed, CATEGORY, _reader_counts(posts, comments))


def per_month(posts: pd.DataFrame, comments: pd.DataFrame) -> pd.DataFrame:
    """Per calendar month (UTC): posts published, reader comments, commenters active, commenters seen first."""
    reader = is_reader_comment(comments)
    people, _ = commenter_codes(comments)
    people = people[reader]
    months = _months(comments.loc[reader, PUBLISHED])
    post_months = _months(posts.drop_duplicates(POST_ID)[PUBLISHED])
    known = np.concatenate([months, post_months])
    known = known[known >= 0]
    if not len(known):
        return pd.DataFrame(
            {
                "month": pd.Series([], dtype="string"),
                **{
                    c: pd.Series([], dtype="int64")
                    for c in ("posts", "comments", "active_commenters", "new_commenters")
                },
            }
        )
    first_month = known.min()
    span = known.max() - first_month + 1

    def count(values: np.ndarray) -> np.ndarray:
        return np.bincount(values[values >= 0] - first_month, minlength=span).astype(np.int64)

    width = people.max() + 1 if len(people) else 1
    active = pd.unique(months.astype(np.int64) * width + people) // width if len(people) else months
    firsts = pd.Series(months).groupby(people).min().to_numpy() if len(people) else months
    return pd.DataFrame(
        {
            "month": pd.array(_month_label(np.arange(first_month, first_month + span)), dtype="string"),
            "posts": count(post_months),
            "comments": count(months),
            "active_commenters": count(active),
            "new_commenters": count(firsts),
        }
    )


def per_commenter(comments: pd.DataFrame) -> pd.DataFrame:
    """Per commenter: reader comments, posts commented on, first and last seen; most active first.

    A commenter *came back* when they commented on more than one post.
    """
    reader = is_reader_comment(comments)
    people, _ = commenter_codes(comments)
    rows = comments.loc[reader, [AUTHOR, POST_ID, PUBLISHED]].assign(person=people[reader])
    rows = rows.sort_values(PUBLISHED, kind="stable")
    table = rows.groupby("person", sort=False).agg(
        commenter=(AUTHOR, "first"),
        comments=(POST_ID, "size"),
        posts=(POST_ID, "nunique"),
        first_seen=(PUBLISHED, "min"),
        last_seen=(PUBLISHED, "max"),
    )
    table["came_back"] = table["posts"] > 1
    table = table.sort_values(["comments", "first_seen"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True).astype({"comments": "int64", "posts": "int64", "commenter": "string"})


def returning_share(comments: pd.DataFrame, commenters: pd.DataFrame | None = None) -> float:
    """The share of commenters who came back: commented on more than one post (NaN without commenters)."""
    table = per_commenter(comments) if commenters is None else commenters
    return float(table["came_back"].mean()) if len(table) else math.nan


def cohort_retention(comments: pd.DataFrame) -> pd.DataFrame:
    """For the commenters first seen in each month (a cohort): the share still commenting N months later."""
    reader = is_reader_comment(comments)
    people, _ = commenter_codes(comments)
    people = people[reader]
    months = _months(comments.loc[reader, PUBLISHED])
    columns = ["cohort", "months_since", "commenters", "active", "retention"]
    if not len(people):
        return pd.DataFrame({c: pd.Series([], dtype="string" if c == "cohort" else "int64") for c in columns})
    width = people.max() + 1
    pairs = pd.unique(months.astype(np.int64) * width + people)
    pair_month, pair_person = pairs // width, pairs % width
    first = pd.Series(pair_month).groupby(pair_person).min()
    cohort = first.reindex(pair_person).to_numpy()
    table = (
        pd.DataFrame({"cohort": cohort, "months_since": pair_month - cohort})
        .groupby(["cohort", "months_since"])
        .size()
        .rename("active")
        .reset_index()
    )
    sizes = first.value_counts()
    table["commenters"] = sizes.reindex(table["cohort"]).to_numpy(dtype=np.int64)
    table["retention"] = table["active"] / table["commenters"]
    table["cohort"] = pd.array(_month_label(table["cohort"].to_numpy()), dtype="string")
    return table[columns].astype({"months_since": "int64", "active": "int64"})


def participation_inequality(comments: pd.DataFrame, top: float = TOP_SHARE) -> float:
    """The share of reader comments written by the most active ``top`` share of commenters (rounded up)."""
    reader = is_reader_comment(comments)
    people, _ = commenter_codes(comments)
    counts = np.bincount(people[reader]) if reader.any() else np.array([], dtype=np.int64)
    counts = np.sort(counts[counts > 0])[::-1]
    if not len(counts):
        return math.nan
    leaders = math.ceil(top * len(counts))
    return float(counts[:leaders].sum() / counts.sum())


def conversation_rate(posts: pd.DataFrame, comments: pd.DataFrame) -> float:
    """Avinash Kaushik's conversation rate: reader comments per post."""
    posts_count = posts[POST_ID].nunique()
    return float(_reader_counts(posts, comments).sum() / posts_count) if posts_count else math.nan


def conversation_index(posts: pd.DataFrame, comments: pd.DataFrame) -> float:
    """Stowe Boyd's conversation index: posts divided by reader comments plus pingbacks and trackbacks.

    Below 1, readers write more than the author does.
    """
    ids, post_index = _post_codes(posts, comments)
    known = post_index >= 0
    talk = int((is_reader_comment(comments) & known).sum() + (is_linkback(comments) & known).sum())
    return len(ids) / talk if talk else math.nan


def calls_to_action(posts: pd.DataFrame, comments: pd.DataFrame) -> pd.DataFrame:
    """Reader comments on posts that end by asking readers a question against those that do not."""
    counts = _reader_counts(posts, comments)
    asks = posts.drop_duplicates(POST_ID).set_index(POST_ID)[ASKS_QUESTION].reindex(counts.index)
    frame = pd.DataFrame({"asks_question": asks.to_numpy(dtype=bool), "comments": counts.to_numpy()})
    table = frame.groupby("asks_question")["comments"].agg(
        posts="size", comments="sum", mean_comments="mean", median_comments="median"
    )
    table = table.reindex([True, False]).fillna({"posts": 0, "comments": 0})
    table = table.astype({"posts": "int64", "comments": "int64"}).reset_index()
    return table


def author_reply_rate(comments: pd.DataFrame, threads: Threads | None = None) -> float:
    """The share of reader comments that got an author reply beneath them."""
    threads = threads or Threads.of(comments)
    reader = is_reader_comment(comments)
    return float((~np.isnat(threads.first_reply[reader])).mean()) if reader.any() else math.nan


def most_discussed(counts: dict[str, int] | pd.Series, limit: int = 5) -> list[str]:
    """The ids with the most comments, most first (ties in id order); ids without comments never appear."""
    return ranking.most_discussed(dict(counts.items()), limit)


def summary(
    posts: pd.DataFrame,
    comments: pd.DataFrame,
    feed_entries: pd.DataFrame | None = None,
    *,
    threads: Threads | None = None,
    posts_table: pd.DataFrame | None = None,
    commenters: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The blog in a few numbers, one row per measure. Tables already computed may be passed in."""
    threads = threads or Threads.of(comments)
    table = per_post(posts, comments, feed_entries, threads) if posts_table is None else posts_table
    commenters = per_commenter(comments) if commenters is None else commenters
    answered = response_times(comments, threads)
    measures = [
        ("posts", len(table)),
        ("reader comments", int(table["reader_comments"].sum())),
        ("commenters", len(commenters)),
        ("conversation rate (reader comments per post)", conversation_rate(posts, comments)),
        ("conversation index (posts / (comments + linkbacks))", conversation_index(posts, comments)),
        ("mentions (pingbacks, trackbacks, feed links)", int(table["mentions"].sum())),
        ("author reply rate", author_reply_rate(comments, threads)),
        ("median author response (hours)", float(answered["response_hours"].median()) if len(answered) else math.nan),
        ("unanswered reader comments", int(table["unanswered"].sum())),
        ("commenters who came back", returning_share(comments, commenters)),
        (f"comments by the top {TOP_SHARE:.0%} of commenters", participation_inequality(comments)),
    ]
    return pd.DataFrame(measures, columns=["measure", "value"]).astype({"measure": "string", "value": "float64"})


BLOGFEST_SLACK = pd.Timedelta(days=1)  # bloggers in other time zones post a little before or after the day


def blogfest_entries(
    participants: pd.DataFrame,
    feed_entries: pd.DataFrame,
    unread: dict[str, str] | None = None,
    slack: pd.Timedelta = BLOGFEST_SLACK,
) -> pd.DataFrame:
    """Per participant with a feed: did they publish within the event's window (give or take ``slack``), which
    entry, does it link back to a roll-call, to how many other participants, and its comment count.

    When several entries fall in the window, the one that links back (then to most participants, then the
    earliest) is the participant's entry. ``unread`` maps the feeds that could not be read to the reason.
    """
    from plugins.rollcall.model import is_under, person_key, url_key

    unread = unread or {}
    rows = participants[participants[FEED].notna()].reset_index(drop=True)
    rows = rows.assign(row=np.arange(len(rows)))
    found = feed_entries.merge(rows, left_on=FEED_URL, right_on=FEED, suffixes=("_entry", ""))
    found = found[(found[PUBLISHED] >= found[START] - slack) & (found[PUBLISHED] < found[END] + slack)].reset_index(
        drop=True
    )
    # Who is who, per event: the addresses that stand for each person.
    addresses: dict[str, list[tuple[str, str]]] = {}
    for event, person, url, post in participants[[BLOGFEST, PERSON, URL, POST]].itertuples(index=False):
        for link in (url, post):
            if isinstance(link, str) and link:
                addresses.setdefault(event, []).append((person_key(person), url_key(link)))
    back, others = [], []
    for event, person, links, rollcall in found[[BLOGFEST, PERSON, LINKS, ROLLCALL_URLS]].itertuples(index=False):
        rollcall_keys = [url_key(u) for u in rollcall]
        back.append(any(is_under(link, rollcall_keys) for link in links))
        me = person_key(person)
        linked = {
            who for who, key in addresses.get(event, []) if who != me and any(is_under(link, [key]) for link in links)
        }
        others.append(len(linked))
    found = found.assign(links_to_rollcall=back, linked_participants=others)
    found = found.sort_values(
        ["row", "links_to_rollcall", "linked_participants", PUBLISHED], ascending=[True, False, False, True]
    ).drop_duplicates("row")
    table = rows.merge(
        found[["row", TITLE, LINK, PUBLISHED, COMMENT_COUNT, "links_to_rollcall", "linked_participants"]],
        on="row",
        how="left",
    )
    table["published_in_window"] = table[LINK].notna() | table[TITLE].notna()
    table["feed_read"] = ~table[FEED].isin(list(unread))
    table["feed_problem"] = table[FEED].map(unread).astype("string")
    table = table.rename(columns={TITLE: "entry_title", LINK: "entry_link", PUBLISHED: "entry_published"})
    table["links_to_rollcall"] = table["links_to_rollcall"].fillna(False).astype(bool)
    table["linked_participants"] = table["linked_participants"].fillna(0).astype("int64")
    return table[
        [
            BLOGFEST,
            PERSON,
            BLOG,
            FEED,
            "feed_read",
            "feed_problem",
            "published_in_window",
            "entry_title",
            "entry_link",
            "entry_published",
            "links_to_rollcall",
            "linked_participants",
            COMMENT_COUNT,
        ]
    ]


def blogfest_participation(participants: pd.DataFrame, entries: pd.DataFrame) -> pd.DataFrame:
    """Per event: blogs listed, blogs with a feed, feeds read, blogs that published in the window, entries that
    link back to a roll-call, and the participation rate (published / with a feed)."""
    listed = participants.groupby(BLOGFEST, sort=True).agg(
        event=(EVENT, "first"), start=(START, "first"), blogs=(PERSON, "size")
    )
    counted = entries.groupby(BLOGFEST).agg(
        with_feed=(FEED, "size"),
        feeds_read=("feed_read", "sum"),
        published=("published_in_window", "sum"),
        linked_back=("links_to_rollcall", "sum"),
    )
    table = listed.join(counted, how="left").fillna({"with_feed": 0, "feeds_read": 0, "published": 0, "linked_back": 0})
    table = table.astype({"with_feed": "int64", "feeds_read": "int64", "published": "int64", "linked_back": "int64"})
    with np.errstate(invalid="ignore", divide="ignore"):
        table["participation_rate"] = np.where(
            table["with_feed"] > 0, table["published"] / table["with_feed"].clip(lower=1), np.nan
        )
    return table.reset_index().sort_values([START, BLOGFEST], kind="stable").reset_index(drop=True)
