"""``python -m analytics report`` and ``python -m analytics unanswered``."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from . import metrics, report
from .errors import AnalyticsError
from .fetch import FetchSettings
from .sources import Sources, Tables, gather, select


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    read = common.add_argument_group("what to read")
    read.add_argument(
        "--settings",
        type=Path,
        default=Path("publishconf.py"),
        help="Pelican settings of the site (default: publishconf.py, for the public URLs)",
    )
    read.add_argument("--content", type=Path, help="another content folder (default: the settings' PATH)")
    read.add_argument("--author", help="the blog author's name, whose comments are replies (default: AUTHOR)")
    read.add_argument("--isso", type=Path, metavar="FILE", help="an Isso comment server's SQLite database")
    read.add_argument("--wxr", type=Path, metavar="FILE", help="a WordPress export: its published posts and comments")
    read.add_argument("--disqus", type=Path, metavar="FILE", help="a Disqus export: comments, matched to posts by URL")
    read.add_argument(
        "--feeds",
        type=Path,
        metavar="FILE",
        help="other blogs' feeds, one URL or local path per line, searched for links to the posts",
    )
    read.add_argument(
        "--posts-feed",
        action="append",
        default=[],
        metavar="URL",
        help="a blog's feed whose entries are analysed as posts (repeatable)",
    )
    read.add_argument(
        "--comment-feed",
        action="append",
        default=[],
        metavar="URL",
        help="a comment feed, ours (feeds/comments.atom.xml) or WordPress's /comments/feed/ (repeatable)",
    )
    read.add_argument(
        "--no-blogfests", action="store_true", help="leave out the blogfests and their participants' feeds"
    )
    narrow = common.add_argument_group("what to count")
    narrow.add_argument("--since", metavar="YYYY-MM-DD", help="posts and comments from this day on")
    narrow.add_argument("--until", metavar="YYYY-MM-DD", help="posts and comments up to this day, included")
    narrow.add_argument("--tag", help="only posts with this tag")
    narrow.add_argument("--category", help="only posts in this category")
    fetching = common.add_argument_group("fetching feeds")
    defaults = FetchSettings()
    fetching.add_argument(
        "--cache",
        type=Path,
        default=defaults.cache_dir,
        help=f"where fetched feeds are kept for conditional GET (default: {defaults.cache_dir})",
    )
    fetching.add_argument("--no-cache", action="store_true", help="fetch every feed in full")
    fetching.add_argument(
        "--timeout",
        type=float,
        default=defaults.timeout,
        help=f"seconds to wait for a server (default: {defaults.timeout:g})",
    )
    fetching.add_argument(
        "--retries",
        type=int,
        default=defaults.retries,
        help=f"further tries after a timeout or a server error (default: {defaults.retries})",
    )
    fetching.add_argument(
        "--workers",
        type=int,
        default=defaults.workers,
        help=f"feeds fetched at the same time (default: {defaults.workers})",
    )
    fetching.add_argument("--no-progress", action="store_true", help="no progress bar, even on a terminal")

    parser = argparse.ArgumentParser(
        prog="python -m analytics",
        description="What engages your readers: comments, replies, tags, commenters and blogfests.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    make = commands.add_parser("report", parents=[common], help="print the key tables and write reports/")
    make.add_argument("--out", type=Path, default=Path("reports"), help="the folder for CSV, JSON and HTML (reports)")
    make.add_argument("--rows", type=int, default=10, help="rows per table in the terminal (default: 10)")
    commands.add_parser(
        "unanswered", parents=[common], help="reader comments still waiting for an answer, oldest first"
    )
    return parser


def _tables(args: argparse.Namespace) -> Tables:
    if args.timeout <= 0 or args.retries < 0 or args.workers < 1:
        raise AnalyticsError("--timeout must be above 0, --retries at least 0 and --workers at least 1")
    fetch = FetchSettings(
        timeout=args.timeout,
        retries=args.retries,
        workers=args.workers,
        cache_dir=None if args.no_cache else args.cache,
    )
    sources = Sources(
        settings_file=args.settings,
        content=args.content,
        author=args.author,
        isso=args.isso,
        wxr=args.wxr,
        disqus=args.disqus,
        feeds_file=args.feeds,
        post_feeds=tuple(args.posts_feed),
        comment_feeds=tuple(args.comment_feed),
        blogfests=not args.no_blogfests,
        fetch=fetch,
        progress=False if args.no_progress else None,
    )
    tables = gather(sources)
    for skipped in tables.skipped:
        print(f"skipped {skipped}", file=sys.stderr)
    return select(tables, args.since, args.until, args.tag, args.category)


def _skipped_table(tables: Tables) -> pd.DataFrame:
    return pd.DataFrame(
        {"source": [s.source for s in tables.skipped], "reason": [s.reason for s in tables.skipped]}, dtype="string"
    )


def run_report(args: argparse.Namespace) -> int:
    tables = _tables(args)
    extra = {"skipped": _skipped_table(tables)} if tables.skipped else {}
    if len(tables.participants):
        unread = {s.source: s.reason for s in tables.skipped}
        entries = metrics.blogfest_entries(tables.participants, tables.participant_entries, unread)
        extra["blogfests"] = entries
        extra["blogfest_participation"] = metrics.blogfest_participation(tables.participants, entries)
    built = report.build(tables.posts, tables.comments, tables.feed_entries, extra=extra, notes=tables.notes)
    print(report.terminal(built, rows=args.rows))
    written = report.write(built, args.out)
    html = next(p for p in written if p.name == "engagement.html")
    print(f"\nWrote {len(written) - 1} table files and {html}")
    return 0


def run_unanswered(args: argparse.Namespace) -> int:
    tables = _tables(args)
    queue = metrics.unanswered(tables.posts, tables.comments, pd.Timestamp(datetime.now(UTC)))
    print(report.unanswered_text(queue))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return {"report": run_report, "unanswered": run_unanswered}[args.command](args)
    except Exception as error:
        if not getattr(error, "is_content_error", False):
            raise
        for line in str(error).splitlines():
            print(f"error: {line}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the previous report is unchanged", file=sys.stderr)
        return 130
