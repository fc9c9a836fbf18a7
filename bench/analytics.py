"""Benchmarks of the engagement analytics, each against a baseline measured in the same run.

    python bench/analytics.py [--comments 1000000] [--posts 10000] [--feeds 100]

1. Metrics: every table of the report over a generated blog of N comments on M posts, in a child process
   whose peak memory (max RSS, interpreter and libraries included) is read back.
2. Feed loading: the loader against plain ``feedparser.parse`` with its defaults on the same 1,000-entry
   feed, after checking that both give the same entries and fields.
3. Fetching: feeds from a local server that adds network latency to every answer and sends full feeds at a
   limited rate, and the time a blog engine takes to build a full feed (a 304 skips it): concurrently against
   one after another, and a second run answered by 304s against the first.

The last line reads ``comments=N metrics_s=X peak_mb=Y feed_speedup=Z concurrent_speedup=A conditional_speedup=B``.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import random
import resource
import subprocess
import sys
import tempfile
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
# This script shares its name with the package it measures: the package must win the import.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

LATENCY = 0.050  # seconds added to every answer, as a network round trip would
RENDER = 0.150  # seconds a blog engine takes to build a full feed; a 304 skips it (WordPress answers before)
RATE = 1_000_000  # bytes per second at which a full feed is sent
AUTHOR = "Morgan Hale"


def best(run, repeat: int = 5, clock=time.perf_counter) -> float:
    """The fastest of ``repeat`` runs: the least disturbed by whatever else the machine does."""
    times = []
    for _ in range(repeat):
        gc.collect()
        started = clock()
        run()
        times.append(clock() - started)
    return min(times)


# 1. Metrics ------------------------------------------------------------------------------------------------


def blog_tables(posts_count: int, comments_count: int, seed: int = 0):
    """posts, comments and feed_entries shaped like a long-lived blog's: Zipf-like commenters and tags,
    threads a few replies deep, the author answering some comments, a few pingbacks and trackbacks."""
    import numpy as np
    import pandas as pd

    from analytics import columns as c
    from bench.corpus import CATEGORIES, TAGS

    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2008-01-01 09:00", tz="UTC")
    published = start + pd.to_timedelta(np.sort(rng.integers(0, 5 * 365 * 86400, posts_count)), unit="s")
    post_ids = np.array([f"post-{n:05d}" for n in range(posts_count)], dtype=object)
    weights = 1 / np.arange(1, len(TAGS) + 1)
    tag_sets = [list(dict.fromkeys(rng.choice(TAGS, size=rng.integers(1, 5), p=weights / weights.sum())))
                for _ in range(posts_count)]  # fmt: skip
    posts = c.conform(
        pd.DataFrame(
            {
                c.POST_ID: post_ids,
                c.TITLE: [f"Post {n}" for n in range(posts_count)],
                c.URL: [
                    f"https://serviceculture.example/{p:%Y/%m/%d}/{i}/"
                    for p, i in zip(published, post_ids, strict=True)
                ],
                c.PUBLISHED: published,
                c.TAGS: tag_sets,
                c.CATEGORY: rng.choice(CATEGORIES, posts_count),
                c.WORDS: rng.integers(300, 1500, posts_count),
                c.ASKS_QUESTION: rng.random(posts_count) < 0.4,
                c.SOURCE: "bench",
            }
        ),
        c.POSTS,
    )
    # Comments per post: a heavy tail, as some posts draw far more talk than others.
    share = rng.pareto(1.5, posts_count) + 0.05
    per_post = rng.multinomial(comments_count, share / share.sum())
    post_index = np.repeat(np.arange(posts_count), per_post)
    first = np.repeat(np.cumsum(per_post) - per_post, per_post)
    order = np.arange(comments_count) - first  # position within the post's comments
    gaps = rng.exponential(6 * 3600, comments_count)
    running = np.cumsum(gaps)
    offsets = running - (running - gaps)[first]  # time since the post, growing within each post
    times = published.tz_convert(None).to_numpy(dtype="datetime64[ns]")[post_index] + (offsets * 1e9).astype(
        "timedelta64[ns]"
    )
    is_reply = (order > 0) & (rng.random(comments_count) < 0.35)
    back = np.minimum(rng.integers(1, 6, comments_count), np.maximum(order, 1))
    parent = np.where(is_reply, order - back, -1)
    readers = np.minimum(rng.zipf(1.6, comments_count), 200_000)
    by_author = is_reply & (rng.random(comments_count) < 0.4)
    kind = np.where(rng.random(comments_count) < 0.03, "pingback", "comment")
    kind = np.where((kind == "comment") & (rng.random(comments_count) < 0.01), "trackback", kind)
    by_author &= kind == "comment"
    reader_names = np.array([f"Reader {n}" for n in range(readers.max() + 1)], dtype=object)
    authors = np.where(by_author, AUTHOR, reader_names[readers])
    comment_names = np.array([f"c{n:05d}" for n in range(max(per_post.max(), 1))], dtype=object)
    comments = c.conform(
        pd.DataFrame(
            {
                c.COMMENT_ID: comment_names[order],
                c.POST_ID: post_ids[post_index],
                c.PARENT_ID: np.where(parent >= 0, comment_names[np.maximum(parent, 0)], None),
                c.AUTHOR: authors,
                c.AUTHOR_URL: None,
                c.IS_AUTHOR: by_author,
                c.KIND: kind,
                c.PUBLISHED: pd.DatetimeIndex(times).tz_localize("UTC"),
                c.WORDS: rng.integers(5, 300, comments_count),
                c.STATUS: "approved",
                c.SOURCE: "bench",
            }
        ),
        c.COMMENTS,
    )
    linked = rng.integers(0, posts_count, (2000, 3))
    entries = c.conform(
        pd.DataFrame(
            {
                c.FEED_URL: [f"https://blog{n % 50}.example/feed/" for n in range(2000)],
                c.ENTRY_ID: [f"e{n}" for n in range(2000)],
                c.TITLE: "entry",
                c.LINK: [f"https://blog{n % 50}.example/{n}/" for n in range(2000)],
                c.PUBLISHED: start,
                c.COMMENT_COUNT: None,
                c.COMMENT_FEED: None,
                c.LINKS: [[posts[c.URL].iat[i] for i in row] for row in linked],
            }
        ),
        c.FEED_ENTRIES,
    )
    return posts, comments, entries


def metrics_child(posts_count: int, comments_count: int) -> None:
    """Runs in its own process so that its peak memory is its own."""
    import pandas as pd

    from analytics import report

    posts, comments, entries = blog_tables(posts_count, comments_count)
    built = None

    def run() -> None:
        nonlocal built
        built = report.build(posts, comments, entries, now=pd.Timestamp("2014-01-01", tz="UTC"))

    seconds = best(run, repeat=3)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total = int(built.tables["per_post"]["reader_comments"].sum())
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "comments": len(comments), "reader_comments": total,
                      "tables": len(built.tables)}))  # fmt: skip


def bench_metrics(posts_count: int, comments_count: int) -> dict:
    child = subprocess.run(
        [sys.executable, __file__, "--metrics-child", "--posts", str(posts_count), "--comments", str(comments_count)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(child.stdout.strip().splitlines()[-1])


# 2. Feed loading -------------------------------------------------------------------------------------------


def make_feed(entries: int, seed: int = 1, site: str = "https://crossroads.example") -> bytes:
    """A WordPress-style RSS feed with full content: Markdown from the corpus rendered to HTML."""
    import markdown

    from bench.corpus import post_body

    rng = random.Random(seed)
    items = []
    for n in range(entries):
        body = markdown.markdown(post_body(rng))
        ours = f"https://serviceculture.example/2012/{n % 12 + 1:02d}/x/"
        extra = f'<p>See <a href="/about/">about</a> and <a href="{ours}">x</a>.</p>'
        items.append(
            f"<item><title>Post {n} &amp; friends</title><link>{site}/2011/10/{n:04d}/</link>"
            f'<guid isPermaLink="false">{site}/?p={n}</guid>'
            f"<pubDate>{formatdate(1300000000 + n * 3600, usegmt=True)}</pubDate>"
            f"<dc:creator>Ada Brook</dc:creator><category>Customer Service</category><category>culture</category>"
            f"<comments>{site}/2011/10/{n:04d}/#comments</comments>"
            f"<wfw:commentRss>{site}/2011/10/{n:04d}/feed/</wfw:commentRss><slash:comments>{n % 17}</slash:comments>"
            f"<description><![CDATA[{body[:300]}]]></description>"
            f"<content:encoded><![CDATA[{body}{extra}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">'
        f"<channel><title>Crossroads</title><link>{site}/</link><description>A blog</description>"
        f"{''.join(items)}</channel></rss>"
    ).encode()


def same_entries_and_fields(data: bytes, url: str) -> list[str]:
    """Differences between the loader's table and what plain feedparser gives for the same fields."""
    import feedparser
    from bs4 import BeautifulSoup

    from analytics import feeds

    plain = feedparser.parse(data, response_headers={"content-location": url})
    [loaded] = feeds.from_fetched([feeds.Fetched(url, url, data)]).feeds
    table = feeds.entries(loaded)
    problems = []
    if len(table) != len(plain.entries):
        return [f"{len(table)} entries against {len(plain.entries)}"]
    for row, entry in zip(table.itertuples(index=False), plain.entries, strict=True):
        hrefs = [a.get("href", "") for a in BeautifulSoup(entry.content[0].value, "html.parser").find_all("a")]
        expected = list(dict.fromkeys(h for h in hrefs if urlsplit(h).scheme in ("http", "https")))
        pairs = {
            "entry_id": (row.entry_id, entry.id),
            "title": (row.title, entry.title),
            "link": (row.link, entry.link),
            "published": (row.published.timestamp(), time.mktime(entry.published_parsed) - time.timezone),
            "comment_count": (row.comment_count, int(entry.slash_comments)),
            "comment_feed": (row.comment_feed, entry.wfw_commentrss),
            "links": (row.links, expected),
        }
        problems += [f"{row.entry_id} {name}: {ours!r} != {theirs!r}" for name, (ours, theirs) in pairs.items()
                     if ours != theirs]  # fmt: skip
    return problems


def bench_feed(entries: int = 1000) -> dict:
    import feedparser

    from analytics import feeds

    url = "https://crossroads.example/feed/"
    data = make_feed(entries)
    problems = same_entries_and_fields(data, url)
    if problems:
        raise SystemExit("the loader and feedparser disagree:\n" + "\n".join(problems[:10]))

    def ours() -> None:
        feeds.safe_link.cache_clear()  # a cold start, as for a feed never seen before
        [loaded] = feeds.from_fetched([feeds.Fetched(url, url, data)]).feeds
        feeds.entries(loaded)

    # Both sides run on one core in this process: their CPU time is the work done, whatever else the machine
    # runs meanwhile; the wall-clock times are printed beside it.
    baseline = best(lambda: feedparser.parse(data), clock=time.process_time)
    loader = best(ours, clock=time.process_time)
    baseline_wall, loader_wall = best(lambda: feedparser.parse(data)), best(ours)
    return {
        "bytes": len(data),
        "baseline_s": baseline,
        "loader_s": loader,
        "baseline_wall_s": baseline_wall,
        "loader_wall_s": loader_wall,
        "speedup": baseline / loader,
    }


# 3. Fetching -----------------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    """Every answer waits LATENCY; a full one also waits RENDER and is sent at RATE bytes/s. ETags per path."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        time.sleep(LATENCY)
        etag = f'"{self.path}-v1"'
        body, counts = self.server.body, self.server.counts
        if self.headers.get("If-None-Match") == etag:
            with counts.get_lock():
                counts[1] += 1
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        with counts.get_lock():
            counts[0] += 1
        time.sleep(RENDER)
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        chunk = 64 * 1024
        for start in range(0, len(body), chunk):
            piece = body[start : start + chunk]
            time.sleep(len(piece) / RATE)
            self.wfile.write(piece)


def _serve(body: bytes, counts, ready) -> None:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.body, httpd.counts = body, counts
    ready.put(httpd.server_address[1])
    httpd.serve_forever()


class SlowFeeds:
    """Serves /feed/N.xml from its own process, as a remote server would: it takes no CPU from the client."""

    def __init__(self, body: bytes):
        self.counts = multiprocessing.Array("i", 2)  # full answers, 304 answers
        ready = multiprocessing.Queue()
        self.process = multiprocessing.Process(target=_serve, args=(body, self.counts, ready), daemon=True)
        self.process.start()
        self.port = ready.get(timeout=30)

    def answered(self) -> tuple[int, int]:
        return self.counts[0], self.counts[1]

    def urls(self, count: int) -> list[str]:
        return [f"http://127.0.0.1:{self.port}/feed/{n}.xml" for n in range(count)]

    def close(self) -> None:
        self.process.terminate()
        self.process.join(timeout=10)


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def bench_fetching(count: int) -> dict:
    from analytics.fetch import FetchSettings, fetch_all

    body = make_feed(30, seed=2)
    server = SlowFeeds(body)
    urls = server.urls(count)
    try:
        workers = FetchSettings().workers
        sequential = timed(lambda: fetch_all(urls, FetchSettings(workers=1, cache_dir=None), progress=False))
        uncached = FetchSettings(cache_dir=None)
        concurrent = min(timed(lambda: fetch_all(urls, uncached, progress=False)) for _ in range(3))
        # The best of three first runs (each into an empty cache) against the best of three second runs:
        # a shared machine slows any single run now and then.
        firsts, seconds = [], []
        for _ in range(3):
            with tempfile.TemporaryDirectory() as cache:
                cached = FetchSettings(cache_dir=Path(cache))
                firsts.append(timed(lambda: fetch_all(urls, cached, progress=False)))  # noqa: B023
                before = server.answered()
                results: list = []
                seconds.append(timed(lambda: results.extend(fetch_all(urls, cached, progress=False))))  # noqa: B023
                full, not_modified = (now - then for now, then in zip(server.answered(), before, strict=True))
            if (full, not_modified) != (0, count) or not all(r.ok and r.from_cache for r in results):
                raise SystemExit(f"the second run was not answered by 304s: {full} full answers, {not_modified} 304s")
        first, second = min(firsts), min(seconds)
    finally:
        server.close()
    return {
        "feeds": count,
        "feed_bytes": len(body),
        "workers": workers,
        "sequential_s": sequential,
        "concurrent_s": concurrent,
        "first_s": first,
        "second_s": second,
        "concurrent_speedup": sequential / concurrent,
        "conditional_speedup": first / second,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument("--feed-entries", type=int, default=1000)
    parser.add_argument("--metrics-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.metrics_child:
        metrics_child(args.posts, args.comments)
        return

    m = bench_metrics(args.posts, args.comments)
    print(f"metrics: {m['comments']:,} comments ({m['reader_comments']:,} by readers) on {args.posts:,} posts, "
          f"{m['tables']} tables in {m['seconds']:.2f} s (best of 3), peak memory {m['peak_mb']:.0f} MB "
          f"(targets: under 5 s and 2,048 MB)")  # fmt: skip
    f = bench_feed(args.feed_entries)
    print(f"feed loading: {args.feed_entries:,} entries ({f['bytes'] / 1e6:.1f} MB), same entries and fields "
          f"(checked), "
          f"best of 5 CPU time: feedparser.parse with its defaults {f['baseline_s']:.3f} s, the loader "
          f"{f['loader_s']:.3f} s: {f['speedup']:.1f}x (target: 3x); wall clock {f['baseline_wall_s']:.3f} s "
          f"against {f['loader_wall_s']:.3f} s")  # fmt: skip
    n = bench_fetching(args.feeds)
    print(
        f"fetching: {n['feeds']} feeds of {n['feed_bytes'] / 1e3:.0f} KB from a local server adding "
        f"{LATENCY * 1000:.0f} ms latency to every answer, {RENDER * 1000:.0f} ms to build a full feed "
        f"(skipped for a 304) and sending full feeds at {RATE / 1e6:.0f} MB/s"
    )
    print(f"  one after another {n['sequential_s']:.2f} s, {n['workers']} at a time {n['concurrent_s']:.2f} s "
          f"(best of 3): {n['concurrent_speedup']:.1f}x (target: 4x)")  # fmt: skip
    print(f"  first run {n['first_s']:.2f} s, second run answered by 304s {n['second_s']:.2f} s (best of 3 each): "
          f"{n['conditional_speedup']:.1f}x (target: 5x)")  # fmt: skip
    print(
        f"comments={m['comments']} metrics_s={m['seconds']:.2f} peak_mb={m['peak_mb']:.0f} "
        f"feed_speedup={f['speedup']:.1f} concurrent_speedup={n['concurrent_speedup']:.1f} "
        f"conditional_speedup={n['conditional_speedup']:.1f}"
    )


if __name__ == "__main__":
    main()
