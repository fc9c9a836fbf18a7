"""RSS and Atom feeds as tables: other blogs' entries, posts, and comments.

feedparser does the XML; its own HTML sanitising and link resolving are
turned off because they are most of its cost and nothing here keeps the HTML.
What is kept is made safe here instead: titles become plain text (nh3 drops
every tag and the content of scripts), links are resolved against the entry's
base with :func:`urllib.parse.urljoin` and kept only when they are http(s).
The links of an entry are collected while nh3 parses its HTML (html5ever, a
real HTML parser), so the HTML is parsed once.
"""

from __future__ import annotations

import calendar
import functools
import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import feedparser
import nh3
import pandas as pd

from plugins.comments.model import is_blog_author

from . import columns as c
from .fetch import Fetched, FetchSettings, fetch_all
from .metrics import normalise_urls
from .prose import describe

_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
# feedparser marks these as "bozo" though the feed itself is fine.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Feed:
    """A fetched source that parsed as RSS or Atom."""

    source: str
    url: str  # after redirects: the base for relative links
    parsed: feedparser.FeedParserDict


@dataclass
class FeedLoad:
    feeds: list[Feed] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def parse(data: bytes, content_type: str = "application/xml") -> feedparser.FeedParserDict:
    """feedparser without its sanitiser and resolver; raises ValueError naming what is wrong.

    ``content_type`` is the HTTP header, whose charset feedparser weighs against the XML declaration.
    The source's URL is deliberately not given: feedparser would resolve every link against it, costing
    a quarter of its time; the few links kept are resolved here instead (:func:`safe_link`).
    """
    parsed = feedparser.parse(
        data,
        sanitize_html=False,
        resolve_relative_uris=False,
        response_headers={"content-type": content_type},
    )
    if not parsed.get("version"):
        raise ValueError("not an RSS or Atom feed")
    if parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), _HARMLESS):
        problem = parsed.get("bozo_exception")
        line = getattr(problem, "getLineNumber", lambda: None)()
        where = f" at line {line}" if line else ""
        raise ValueError(f"malformed feed{where}: {getattr(problem, 'getMessage', lambda: problem)()}")
    return parsed


def from_fetched(results: Sequence[Fetched]) -> FeedLoad:
    load = FeedLoad()
    for result in results:
        if not result.ok:
            load.skipped.append(Skipped(result.source, result.error or "no content"))
            continue
        try:
            parsed = parse(result.content or b"", result.content_type)
            load.feeds.append(Feed(result.source, result.url, parsed))
        except ValueError as error:
            load.skipped.append(Skipped(result.source, str(error)))
    return load


def load(sources: Sequence[str], settings: FetchSettings | None = None, progress: bool | None = None) -> FeedLoad:
    """Fetch and parse every source; the ones that fail are listed in ``skipped`` with their reason."""
    return from_fetched(fetch_all(sources, settings, progress))


def plain_text(value: str, kind: str = "text/plain") -> str:
    """Text for a title or a name: HTML is reduced to its words, scripts and styles dropped whole.

    Unescaping can reveal markup that was text a moment ago (``<noscript>`` content, double escaping), so the
    text is cleaned again until nothing changes: what is left holds no tag, only words.
    """
    if kind not in _HTML_TYPES and "<" not in value:
        return " ".join(value.split())
    for _ in range(4):
        cleaned = " ".join(html.unescape(nh3.clean(value, tags=set())).split())
        if cleaned == value:
            break
        value = cleaned
    return value


@functools.lru_cache(maxsize=100_000)
def safe_link(href: str | None, base: str) -> str | None:
    """``href`` resolved against ``base`` when it leads to an http(s) page, else None.

    Cached: the same links come back in entry after entry and feed after feed.
    """
    if not href:
        return None
    href = href.strip()
    head = href[:8].lower()
    if head.startswith(("http://", "https://")):
        # Most links are absolute already: the scheme is settled, a host must follow.
        rest = href[href.index("//") + 2 :]
        return href if rest and rest[0] not in "/?#\\" else None
    resolved = urljoin(base, href)
    parts = urlsplit(resolved)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return resolved


# FeedParserDict.get maps old key names on every call; the keys read here are stored under their own names,
# so the plain dict look-up gives the same value at a fraction of the cost (it adds up over thousands of entries).
_get = dict.get


def _html_of(entry: feedparser.FeedParserDict) -> tuple[str, str]:
    """The richest HTML of an entry and its base URL."""
    for detail in (*_get(entry, "content", ()), _get(entry, "summary_detail")):
        if detail and _get(detail, "value") and _get(detail, "type", "text/html") in _HTML_TYPES:
            return detail["value"], _get(detail, "base") or ""
    return "", ""


def outgoing_links(markup: str, base: str) -> list[str]:
    """Every http(s) link of ``markup``, resolved and without repeats, in order.

    nh3 parses the HTML and calls back for each ``href`` it keeps (relative ones
    and http(s) ones); they are then resolved and judged again by where they
    really lead.
    """
    if "href" not in markup.lower():
        return []
    found: list[str] = []

    def collect(tag: str, attribute: str, value: str) -> str | None:
        if tag == "a" and attribute == "href":
            found.append(value)
        return None

    nh3.clean(
        markup,
        tags={"a"},
        attributes={"a": {"href"}},
        link_rel=None,
        attribute_filter=collect,
        url_schemes={"http", "https"},
    )
    links = (safe_link(href, base) for href in found)
    return list(dict.fromkeys(link for link in links if link))


def _time(entry: feedparser.FeedParserDict) -> int | None:
    stamp = _get(entry, "published_parsed") or _get(entry, "updated_parsed") or _get(entry, "created_parsed")
    return calendar.timegm(stamp) if stamp else None


def _times(seconds: list[int | None]) -> pd.Series:
    return pd.to_datetime(pd.Series(seconds, dtype="float64"), unit="s", utc=True)


def _replies_feed(entry: feedparser.FeedParserDict, base: str) -> str | None:
    for link in _get(entry, "links", ()):
        if _get(link, "rel") == "replies" and "atom" in _get(link, "type", ""):
            return safe_link(_get(link, "href"), base)
    return safe_link(_get(entry, "wfw_commentrss"), base)


def _count(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def entries(feed: Feed) -> pd.DataFrame:
    """The ``feed_entries`` table of one feed."""
    records: dict[str, list] = {name: [] for name in c.FEED_ENTRIES}
    base_of_feed = feed.url
    for entry in feed.parsed.entries:
        markup, base = _html_of(entry)
        link = safe_link(_get(entry, "link"), base_of_feed)
        records[c.FEED_URL].append(feed.source)
        records[c.ENTRY_ID].append(_get(entry, "id") or link or _get(entry, "title"))
        detail = _get(entry, "title_detail") or {}
        records[c.TITLE].append(plain_text(_get(entry, "title", ""), _get(detail, "type", "text/plain")))
        records[c.LINK].append(link)
        records[c.PUBLISHED].append(_time(entry))
        records[c.COMMENT_COUNT].append(_count(_get(entry, "slash_comments")))
        records[c.COMMENT_FEED].append(_replies_feed(entry, base or base_of_feed))
        records[c.LINKS].append(outgoing_links(markup, base or link or base_of_feed))
    records[c.PUBLISHED] = _times(records[c.PUBLISHED])
    records[c.COMMENT_COUNT] = pd.array(records[c.COMMENT_COUNT], dtype="Int64")
    return c.conform(pd.DataFrame(records), c.FEED_ENTRIES)


def feed_entries(load: FeedLoad) -> pd.DataFrame:
    """The ``feed_entries`` table of every feed loaded."""
    tables = [entries(feed) for feed in load.feeds]
    return c.conform(pd.concat(tables, ignore_index=True), c.FEED_ENTRIES) if tables else c.empty(c.FEED_ENTRIES)


def slug_of(url: str | None) -> str | None:
    """The last part of a post's path: the slug of WordPress and Pelican permalinks."""
    if not isinstance(url, str) or not url:
        return None
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if not segments:
        return None
    last = unquote(segments[-1])
    return last.rsplit(".", 1)[0] if last.endswith((".html", ".htm", ".php")) else last


def posts(feed: Feed) -> pd.DataFrame:
    """The ``posts`` table of a blog's feed: the first category is the post's category, all of them its tags."""
    rows = []
    for entry in feed.parsed.entries:
        link = safe_link(entry.get("link"), feed.url)
        markup, _ = _html_of(entry)
        words, asks = describe(markup)
        terms = [plain_text(t.get("term") or "") for t in entry.get("tags", ())]
        terms = list(dict.fromkeys(t for t in terms if t))
        detail = entry.get("title_detail") or {}
        rows.append(
            {
                c.POST_ID: slug_of(link) or entry.get("id"),
                c.TITLE: plain_text(entry.get("title", ""), detail.get("type", "text/plain")),
                c.URL: link,
                c.PUBLISHED: _time(entry),
                c.TAGS: terms,
                c.CATEGORY: terms[0] if terms else None,
                c.WORDS: words,
                c.ASKS_QUESTION: asks,
                c.SOURCE: feed.source,
            }
        )
    frame = pd.DataFrame(rows, columns=list(c.POSTS))
    frame[c.PUBLISHED] = _times(frame[c.PUBLISHED].tolist())
    return c.conform(frame, c.POSTS)


def comments(feed: Feed, known_posts: pd.DataFrame | None = None, author: str = "") -> pd.DataFrame:
    """The ``comments`` table of a comment feed (ours, or a WordPress ``/comments/feed/``).

    Each comment is mapped to its post by the Atom threading link (``thr:in-reply-to``) or, as WordPress
    does it, by the comment's own link without its ``#comment-N`` fragment; a reply to another comment of
    the same feed gets it as parent. A post's id comes from ``known_posts`` when the URL is one of theirs,
    else from the URL's last part.
    """
    by_url: dict[str, str] = {}
    if known_posts is not None and len(known_posts):
        urls = known_posts[[c.POST_ID, c.URL]].dropna()
        by_url = dict(zip(normalise_urls(urls[c.URL]), urls[c.POST_ID], strict=True))
    parsed = feed.parsed.entries
    ids = [entry.get("id") or entry.get("link") for entry in parsed]
    own_ids = set(ids)
    rows = []
    for entry, comment_id in zip(parsed, ids, strict=True):
        link = safe_link(entry.get("link"), feed.url)
        reply_to = entry.get("thr_in-reply-to") or {}
        parent = reply_to.get("ref") if reply_to.get("ref") in own_ids else None
        target = safe_link(reply_to.get("href"), feed.url) or link
        post_url = urldefrag(target)[0] if target else None
        name = plain_text(entry.get("author", "") or "") or "Anonymous"
        markup, _ = _html_of(entry)
        text = html.unescape(nh3.clean(markup, tags=set())) if markup else entry.get("summary", "")
        rows.append(
            {
                c.COMMENT_ID: comment_id,
                c.POST_ID: None,  # matched below, all URLs at once
                c.PARENT_ID: parent,
                c.AUTHOR: name,
                # A visitor's own address must be absolute: a relative one is junk, not a page of the feed's site.
                c.AUTHOR_URL: safe_link((entry.get("author_detail") or {}).get("href"), ""),
                c.IS_AUTHOR: is_blog_author(name, author),
                c.KIND: c.COMMENT,
                c.PUBLISHED: _time(entry),
                c.WORDS: len(text.split()),
                c.STATUS: c.APPROVED,
                c.SOURCE: feed.source,
                "_post_url": post_url,
            }
        )
    frame = pd.DataFrame(rows, columns=[*c.COMMENTS, "_post_url"])
    if by_url:
        keys = normalise_urls(frame["_post_url"])
        frame[c.POST_ID] = [by_url.get(k) if u else None for k, u in zip(keys, frame["_post_url"], strict=True)]
    unmatched = frame[c.POST_ID].isna()
    frame.loc[unmatched, c.POST_ID] = [slug_of(u) for u in frame.loc[unmatched, "_post_url"]]
    # A reply's post is its parent's post, whatever its own link says.
    parents = frame.set_index(c.COMMENT_ID)[c.POST_ID]
    has_parent = frame[c.PARENT_ID].notna()
    frame.loc[has_parent, c.POST_ID] = parents.reindex(frame.loc[has_parent, c.PARENT_ID]).to_numpy()
    frame[c.PUBLISHED] = _times(frame[c.PUBLISHED].tolist())
    return c.conform(frame, c.COMMENTS)
