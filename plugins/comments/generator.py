"""The Pelican side of the comments: a generator that reads the comments once the
articles are known, hangs them on the articles, and writes the comment feeds.

It runs after the articles and pages generators and before anything is
written, so a comment error stops the build (and ``invoke check``) with
nothing half-written.
"""

from __future__ import annotations

import gc
import hashlib
import heapq
import logging
import os
import posixpath
import traceback
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, urljoin, urlsplit
from zoneinfo import ZoneInfo

from feedgenerator import iri_to_uri
from markupsafe import Markup
from pelican.plugins import signals
from pelican.utils import sanitised_join

from plugins.fast_build import collector, forking
from plugins.fast_build.settings import usable_cores

from .errors import CommentError, Problem
from .feeds import CommentLinks, FeedEntry, FeedLinks, comment_feed
from .loader import CommentLoad, FolderCache, Rendering, from_row
from .markup import ThreadMarkup
from .model import Comment
from .record import FeedRecord
from .render import schema_comments
from .settings import CommentsSettings
from .thread import Shown, build_thread, comments_digest

logger = logging.getLogger(__name__)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pauses Python's cycle collector while comments are read and threaded.

    A hundred thousand comments make millions of small objects, none of them
    in reference cycles; each of the collector's passes would walk the whole
    heap, by then holding every article Pelican has read, to find nothing.
    Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _by_date(comment: Comment) -> tuple:
    return (comment.date, comment.id)


@dataclass(frozen=True)
class Discussion:
    """How a reader joins the discussion: a form (``href`` is http(s)) or an email (``email`` is set)."""

    href: str
    email: str = ""

    def __build_digest__(self) -> bytes:
        """What a build that checks which pages changed compares (``plugins/fast_build``): both fields,
        without pickling the object for every article of every build."""
        return repr((self.href, self.email)).encode()


_ARTICLE_LISTS = ("articles", "drafts", "hidden_articles")
# From this many comment feeds to write, a second process writes half of them.
_SHARE_FEEDS_FROM = 64
# An imported blog has comments on its pages too (About, Contact).
_PAGE_LISTS = ("pages", "hidden_pages", "draft_pages")


def every(context: dict, lists: tuple[str, ...]) -> list:
    """Every content object in Pelican's ``lists``, in every status and language, each once."""
    seen: dict[int, object] = {}
    for name in lists:
        for content in context.get(name, ()):
            for item in (content, *getattr(content, "translations", ())):
                seen.setdefault(id(item), item)
    return list(seen.values())


def absolute_base(settings: dict) -> str:
    """The address feeds and structured data link to: SITEURL when it is absolute, else FEED_DOMAIN."""
    siteurl = settings.get("SITEURL") or ""
    base = siteurl if urlsplit(siteurl).scheme else (settings.get("FEED_DOMAIN") or siteurl)
    return base.rstrip("/")


def writer_link(context: dict, url: str) -> str:
    """The link Pelican's writer gives an article in a feed (see ``Writer._add_item_to_the_feed``)."""
    site = context.get("SITEURL", "")
    if context.get("RELATIVE_URLS"):
        link = posixpath.join(site, url)
    else:
        link = urljoin(site if site.endswith("/") else site + "/", str(url))
    if context.get("FEED_APPEND_REF"):
        link += "?ref=feed"
    return iri_to_uri(link)


def feed_base(settings: dict) -> str:
    """The address feeds are published under, as Pelican's writer links them."""
    return (settings.get("FEED_DOMAIN") or settings.get("SITEURL") or "").rstrip("/")


def feed_links(context: dict, articles: list) -> FeedLinks:
    """Feed entry link -> comment count and feeds, for ``articles`` (which carry their comments)."""
    base = absolute_base(context)
    feeds = feed_base(context)
    links = {}
    for article in articles:
        url = article.url  # computed by Pelican on each access: once here, not once per feed
        feed = f"{feeds}/{article.comments_feed}" if article.comments_feed else None
        links[writer_link(context, url)] = CommentLinks(article.comment_count, feed, f"{base}/{url}#comments")
    return FeedLinks(links)


# The key under which the generator leaves feed_links() in Pelican's context for the feed signal.
FEED_LINKS = "COMMENTS_FEED_LINKS"


class CommentsGenerator:
    """Reads, checks and attaches the comments (``generate_context``), writes the comment feeds
    (``generate_output``)."""

    def __init__(self, context: dict, settings: dict, path: str, theme: str, output_path: str, **kwargs) -> None:
        self.context = context
        self.settings = settings
        self.path = Path(path)
        self.output_path = output_path
        self.options = CommentsSettings.from_pelican(settings)
        self.zone = ZoneInfo(self.options.timezone)
        self.by_slug: dict[str, list[Comment]] = {}  # each post's reader comments, oldest first
        # Comments are read from now on, while Pelican reads the posts; generate_context takes them.
        options = self.options
        folder = self.path / options.path
        self.load = CommentLoad(
            folder,
            self._display(folder),
            Rendering(self.zone, options.author, options.date_format),
            cache=FolderCache(self._cache_folder() / "folders") if options.cache else None,
            workers=options.workers or usable_cores(),
            method=self._modified_method(),
        )

    def _display(self, path: Path) -> str:
        """A path as the author knows it: from the project folder (the content folder's parent)."""
        try:
            return path.relative_to(self.path.parent).as_posix()
        except ValueError:
            return path.as_posix()

    def generate_context(self) -> None:
        options = self.options
        articles = every(self.context, _ARTICLE_LISTS)
        pages = every(self.context, _PAGE_LISTS)
        contents: dict[str, list[tuple[object, bool]]] = defaultdict(list)  # slug -> (article or page, with feed)
        for article in articles:
            contents[article.slug].append((article, True))
        for page in pages:
            contents[page.slug].append((page, False))
        slugs = set(contents)  # a copy: attached posts leave ``contents`` below
        with _no_cyclic_gc():
            # Each post's comments are checked, threaded and attached as soon as its folder is read,
            # while the workers read the others: only the last folder's work is left once they are done.
            problems = self._check_submit_url()
            by_slug: dict[str, list[Comment]] = {}
            for result in self.load.folders(slugs):
                comments = list(map(from_row, result.rows))
                problems += result.problems  # the replies' too (see loader.read_folder)
                if problems:
                    continue  # the build stops: no need to thread anything more
                published = sorted((c for c in comments if c.published), key=_by_date)
                for content, with_feed in contents.pop(result.slug, ()):
                    thread = self._attach(content, published, result.key, with_feed=with_feed)
                    if thread:
                        by_slug[result.slug] = thread
            stats = self.load.stats
            logger.debug("comments: %d posts with comments, %d from the cache", stats.folders, stats.from_cache)
            problems += self.load.problems
            if problems:
                raise CommentError(problems)
            for shown in contents.values():  # the posts and pages with no comment folder
                for content, with_feed in shown:
                    self._attach(content, [], None, with_feed=with_feed)
            self.by_slug = by_slug
            self.context["COMMENTS_FEED_ATOM"] = options.feed_atom or None
            self.context[FEED_LINKS] = feed_links(self.context, articles)
            if self.by_slug:
                # Comments, threads and structured data (millions of objects, for a hundred thousand comments)
                # live until the end of the build: freezing them now, while they are still the collector's
                # youngest, keeps each of its later passes from walking them again for nothing (seconds, in
                # all). They are handed back when the next build starts (see ``collector``).
                collector.freeze()

    def _cache_folder(self) -> Path:
        return Path(self.settings.get("CACHE_PATH") or "cache") / "comments"

    def _modified_method(self) -> str:
        """How a changed comment file is noticed, as Pelican's own cache does (``CHECK_MODIFIED_METHOD``)."""
        method = self.settings.get("CHECK_MODIFIED_METHOD") or "mtime"
        if method != "mtime" and method not in hashlib.algorithms_available:
            raise CommentError(
                [
                    Problem(
                        "settings",
                        None,
                        "CHECK_MODIFIED_METHOD",
                        f"{method!r} is neither 'mtime' nor a hash name; use 'mtime' or, for example, 'sha256'",
                    )
                ]
            )
        return method

    def _check_submit_url(self) -> list[Problem]:
        try:
            self.options.submit_url.format(slug="slug", url="url")
        except (KeyError, IndexError, ValueError):
            return [Problem("settings", None, "COMMENTS_SUBMIT_URL", "may only contain {slug} and {url}")]
        return []

    def _attach(self, article, comments: list[Comment], files: bytes | None, with_feed: bool = True) -> list[Comment]:
        """The attributes templates, feeds and other plugins read (see README: Comments); returns the
        reader comments among ``comments`` (the mentions apart), which the comment feeds list.

        ``files`` is the digest of the article's comment files, when the loader knows it.
        Pages get the same attributes but no comment feed of their own."""
        options = self.options
        thread = [c for c in comments if not c.is_mention]
        mentions = [c for c in comments if c.is_mention]
        url = f"{absolute_base(self.settings)}/{article.url}"
        digest = comments_digest(comments, options.max_depth, url, files=files)
        article.comments = Shown(build_thread(thread, options.max_depth), digest)
        article.comments_html = ThreadMarkup(article.comments, digest)
        article.mentions = Shown(mentions, digest)
        article.comment_count = len(thread)
        article.mention_count = len(mentions)
        article.comments_schema = Shown(schema_comments(thread, url), digest)
        article.comments_feed = (
            options.article_feed_atom.format(slug=article.slug)
            if with_feed and options.article_feed_atom and article.status == "published"
            else None
        )
        article.comments_join = self._discussion(article, url)
        return thread

    def _discussion(self, article, url: str) -> Discussion | None:
        options = self.options
        if options.submit_url:
            return Discussion(options.submit_url.format(slug=quote(article.slug), url=quote(url, safe="")))
        if options.email:
            subject = quote(f"Comment on {Markup(article.title).striptags()}", safe="")
            return Discussion(f"mailto:{options.email}?subject={subject}", options.email)
        return None

    def generate_output(self, writer) -> None:
        """Writes the comment feeds: one per published article and one of recent comments site-wide."""
        options = self.options
        limit = options.feed_max_items
        base = absolute_base(self.settings)
        feeds = feed_base(self.settings)
        sitename = Markup(self.settings.get("SITENAME", "")).striptags()
        language = self.settings.get("DEFAULT_LANG")
        # Published articles in the default language: a translation shares its original's slug, comments and feed.
        articles = list(self.context.get("articles", ()))

        record = FeedRecord(self._cache_folder() / "feeds.pickle") if options.cache else None
        everything: list[FeedEntry] = []
        jobs: list[_FeedJob] = []
        for article in articles:
            thread = self.by_slug.get(article.slug, ())
            newest = thread[: -limit - 1 : -1] if limit else thread[::-1]
            title = Markup(article.title).striptags()
            url = f"{base}/{article.url}"  # Pelican computes article.url on each access
            entries = [FeedEntry(c, title, f"{url}#comment-{c.id}") for c in newest]
            if options.feed_atom:
                everything += entries  # the site-wide feed needs no more than each article's newest
            if not article.comments_feed:
                continue
            feed_title = f"{sitename} - Comments on {title}"
            feed_url = f"{feeds}/{article.comments_feed}"
            updated = getattr(article, "modified", None) or article.date
            target = sanitised_join(self.output_path, article.comments_feed)
            inputs = hashlib.blake2b(
                repr((feed_title, url, feed_url, updated.isoformat(), language, limit)).encode(), digest_size=16
            )
            inputs.update(article.comments.digest)  # the article's comments, its address and the depth cap
            inputs = inputs.digest()
            if record is not None and record.unchanged(target, inputs):
                signals.content_written.send(target, context=self.context)
                continue
            jobs.append(_FeedJob(target, inputs, (feed_title, url, feed_url, entries, updated, language)))
        self._write_feeds(jobs, record)
        if options.feed_atom:
            recent = heapq.nlargest(limit or len(everything), everything, key=lambda e: (e.comment.date, e.permalink))
            updated = max((a.date for a in articles), default=None)
            if recent or updated:
                feed = comment_feed(
                    f"{sitename} - Comments",
                    f"{base}/",
                    f"{feeds}/{options.feed_atom}",
                    recent,
                    recent[0].comment.date if recent else updated,
                    language,
                )
                self._write(sanitised_join(self.output_path, options.feed_atom), feed)
        if record is not None:
            record.save()

    def _write_feeds(self, jobs: list[_FeedJob], record: FeedRecord | None) -> None:
        """Makes and writes the article feeds of ``jobs``: every other one in a second process when
        there are many (a first build of a commented blog has a feed per post, and by then the
        processes that wrote the pages are done), the rest here. Signals are sent from here only,
        for every feed, as the plugins listening to them run here."""
        workers = self.options.workers or usable_cores()
        share = jobs[1::2] if len(jobs) >= _SHARE_FEEDS_FROM and workers > 1 and hasattr(os, "fork") else []
        children = []
        if share:
            _index, children, pipe = forking.start(2)
            if pipe is not None:  # the second process: write its share, say how it went, and end
                try:
                    for job in share:
                        _write_if_changed(job.target, comment_feed(*job.feed))
                    payload = ("done",)
                except BaseException:
                    payload = ("error", traceback.format_exc())
                forking.finish_child(pipe, payload)
        try:
            for job in jobs[0::2] if children else jobs:
                self._write(job.target, comment_feed(*job.feed))
        finally:
            results = forking.collect(children)
        if results:
            result = results[0]
            if result[0] != "done":
                logger.debug("comment feeds: the second process failed, its feeds are written here:\n%s", result[1])
                for job in share:
                    _write_if_changed(job.target, comment_feed(*job.feed))
            for job in share:
                signals.content_written.send(job.target, context=self.context)
        if record is not None:
            for job in jobs:
                record.wrote(job.target, job.inputs)

    def _write(self, target: str, feed: bytes) -> None:
        """Writes the feed to ``target`` (see :func:`_write_if_changed`) and tells the plugins."""
        _write_if_changed(target, feed)
        # Written or not, the file is part of this build (a fast build removes files nobody announces).
        signals.content_written.send(target, context=self.context)


class _FeedJob(NamedTuple):
    """A comment feed to write: where, the digest of what it is made from, and comment_feed()'s arguments."""

    target: str
    inputs: bytes
    feed: tuple


def _write_if_changed(target: str, data: bytes) -> None:
    """Writes the feed to ``target`` unless the file already holds these bytes: an unchanged feed
    keeps its modification time (feed readers and uploads see nothing new), and the disk is spared."""
    try:
        with open(target, "rb") as existing:
            unchanged = existing.read() == data
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        unchanged = False
    if not unchanged:
        with open(target, "wb") as handle:
            handle.write(data)
