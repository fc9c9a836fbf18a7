"""Gathers the three tables from every source the author named, then narrows them to what was asked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from plugins.tag_archives.canonical import tag_key

from . import blogfests, feeds
from . import columns as c
from .comment_files import comments_from_files
from .content import blogfest_posts, load_settings, page_slugs, posts_from_content, read_articles
from .errors import AnalyticsError
from .exports import from_disqus, from_wxr
from .fetch import FetchSettings, is_url
from .isso import comments_from_isso


@dataclass(frozen=True)
class Sources:
    """What to read; every default in one place."""

    settings_file: Path = Path("publishconf.py")
    content: Path | None = None  # None: the settings' PATH
    author: str | None = None  # None: the settings' AUTHOR
    isso: Path | None = None
    wxr: Path | None = None  # a WordPress export: its published posts and their comments
    disqus: Path | None = None  # a Disqus export: comments, matched to the posts by URL
    feeds_file: Path | None = None  # other blogs' feeds, one URL or path a line
    post_feeds: tuple[str, ...] = ()  # feeds whose entries are posts to analyse
    comment_feeds: tuple[str, ...] = ()
    blogfests: bool = True  # read the roll-call files and the participants' feeds
    fetch: FetchSettings = FetchSettings()
    progress: bool | None = None


@dataclass
class Tables:
    posts: pd.DataFrame
    comments: pd.DataFrame
    feed_entries: pd.DataFrame
    author: str
    participants: pd.DataFrame = field(default_factory=lambda: c.empty(c.PARTICIPANTS))
    participant_entries: pd.DataFrame = field(default_factory=lambda: c.empty(c.FEED_ENTRIES))
    skipped: list[feeds.Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_feed_list(path: Path) -> list[str]:
    """One URL or local path per line; blank lines and lines starting with # are left out."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise AnalyticsError(f"{path}: cannot read the feed list ({error.strerror}); pass an existing file") from None
    except UnicodeDecodeError:
        raise AnalyticsError(f"{path}: not a text file; list one feed URL or path per line") from None
    entries = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if " " in text:
            raise AnalyticsError(f"{path}:{number}: feed: {text!r} is not one URL or path; put one feed per line")
        if not is_url(text) and not Path(text).is_absolute():
            text = str((path.parent / text).resolve()) if (path.parent / text).exists() else text
        entries.append(text)
    return entries


def _concat(tables: list[pd.DataFrame], schema: dict[str, str]) -> pd.DataFrame:
    tables = [t for t in tables if len(t)]
    return c.conform(pd.concat(tables, ignore_index=True), schema) if tables else c.empty(schema)


def gather(sources: Sources) -> Tables:
    settings = load_settings(sources.settings_file, sources.content)
    author = sources.author if sources.author is not None else str(settings.get("AUTHOR") or "")
    articles = read_articles(settings)
    posts = [posts_from_content(settings, articles)]
    # Comments on pages, drafts and hidden posts are read (so that a bad file is reported as the build reports
    # it) and left out: only posts count.
    from_files = comments_from_files(settings, {a.slug for a in articles} | page_slugs(settings), author)
    comments: list[pd.DataFrame] = [from_files[from_files[c.POST_ID].isin(posts[0][c.POST_ID]).to_numpy(dtype=bool)]]
    skipped: list[feeds.Skipped] = []
    participants = c.empty(c.PARTICIPANTS)
    if sources.blogfests:
        found = blogfests.events(settings, Path.cwd())
        participants = blogfests.participants(found, settings, blogfest_posts(articles, settings))
    participant_feeds = participants[c.FEED].dropna().tolist()

    listed = read_feed_list(sources.feeds_file) if sources.feeds_file else []
    wanted = list(dict.fromkeys([*sources.post_feeds, *sources.comment_feeds, *listed, *participant_feeds]))
    loaded = feeds.load(wanted, sources.fetch, sources.progress) if wanted else feeds.FeedLoad()
    skipped += loaded.skipped
    by_source = {feed.source: feed for feed in loaded.feeds}
    for source in sources.post_feeds:
        if source in by_source:
            posts.append(feeds.posts(by_source[source]))
    if sources.wxr:
        exported_posts, exported_comments = from_wxr(sources.wxr, author)
        posts.append(exported_posts)
        comments.append(exported_comments)
    notes: list[str] = []
    all_posts = _dated(_concat(posts, c.POSTS), "post", notes)
    all_posts = all_posts.drop_duplicates(c.POST_ID, keep="first").reset_index(drop=True)
    for source in sources.comment_feeds:
        if source in by_source:
            comments.append(feeds.comments(by_source[source], all_posts, author))
    if sources.isso:
        comments.append(comments_from_isso(sources.isso, all_posts, author))
    if sources.disqus:
        comments.append(from_disqus(sources.disqus, all_posts, author))
    entries = feeds.feed_entries(feeds.FeedLoad([by_source[s] for s in listed if s in by_source]))
    taking_part = feeds.feed_entries(feeds.FeedLoad([by_source[s] for s in participant_feeds if s in by_source]))
    every_comment = _dated(_concat(comments, c.COMMENTS), "comment", notes)
    return Tables(all_posts, every_comment, entries, author, participants, taking_part, skipped, notes)


def _dated(table: pd.DataFrame, what: str, notes: list[str]) -> pd.DataFrame:
    """``table`` without the rows that have no date (an export can hold some), each source's count noted."""
    undated = table[c.PUBLISHED].isna().to_numpy(dtype=bool)
    if undated.any():
        counts = table.loc[undated, c.SOURCE].astype(str).value_counts().sort_index()
        listed = ", ".join(f"{n} from {source}" for source, n in counts.items())
        count = int(undated.sum())
        left = (
            f"{count} {what} without a readable date is"
            if count == 1
            else f"{count} {what}s without a readable date are"
        )
        notes.append(f"{left} left out ({listed})")
    return table[~undated].reset_index(drop=True)


def _day(value: str | None, option: str, end: bool = False) -> pd.Timestamp | None:
    if not value:
        return None
    try:
        stamp = pd.Timestamp(value)
    except ValueError:
        raise AnalyticsError(f"{option}: cannot read the date {value!r}; write it as YYYY-MM-DD") from None
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    if end and stamp == stamp.normalize() and len(value) <= 10:
        stamp += pd.Timedelta(days=1)  # --until 2012-12-31 includes that whole day
    return stamp


def select(
    tables: Tables,
    since: str | None = None,
    until: str | None = None,
    tag: str | None = None,
    category: str | None = None,
) -> Tables:
    """The posts published in the range with the tag and category asked for, and the comments written in the
    range on those posts. Comments whose post is not among the posts read are set aside with a note."""
    start, end = _day(since, "--since"), _day(until, "--until", end=True)
    if start is not None and end is not None and start >= end:
        raise AnalyticsError(f"--since {since} is not before --until {until}; swap them")
    posts, comments = tables.posts, tables.comments
    notes = list(tables.notes)
    orphans = ~comments[c.POST_ID].isin(posts[c.POST_ID]).to_numpy(dtype=bool)
    if orphans.any():
        notes.append(
            f"{int(orphans.sum())} comments belong to posts that were not found and are left out "
            f"(sources: {', '.join(sorted(set(comments.loc[orphans, c.SOURCE].astype(str))))})"
        )
        comments = comments[~orphans]
    keep = pd.Series(True, index=posts.index)
    if start is not None:
        keep &= posts[c.PUBLISHED] >= start
    if end is not None:
        keep &= posts[c.PUBLISHED] < end
    if tag:
        wanted = tag_key(tag)  # compared as the tag archives compare spellings
        keep &= posts[c.TAGS].map(lambda tags: any(tag_key(t) == wanted for t in tags)).astype(bool)
    if category:
        keep &= posts[c.CATEGORY].fillna("").map(tag_key).eq(tag_key(category))
    posts = posts[keep.to_numpy(dtype=bool)].reset_index(drop=True)
    keep_comments = comments[c.POST_ID].isin(posts[c.POST_ID])
    if start is not None:
        keep_comments &= comments[c.PUBLISHED] >= start
    if end is not None:
        keep_comments &= comments[c.PUBLISHED] < end
    comments = comments[keep_comments.to_numpy(dtype=bool)].reset_index(drop=True)
    return Tables(
        posts,
        comments,
        tables.feed_entries,
        tables.author,
        tables.participants,
        tables.participant_entries,
        tables.skipped,
        notes,
    )
