"""What 100,000 comments on 1,000 posts add to a build, against the build of the posts alone.

    python bench/comments.py [--posts 1000] [--comments 100000] [--repeat 2] [--corpus DIR]

One corpus (bench/corpus.py), built in fresh Python processes, alternately:

(a) with every plugin of pelicanconf.py but the comments: the build of the
    Markdown articles alone, as the site would be built if it had no comments;
(b) with it: the same posts plus every comment read, checked, sanitised,
    threaded, rendered into the pages, and written to the comment feeds.

Times are CPU seconds (user and system) of the build process: a build runs
on one core, so on an idle machine that is the time an author waits, and
unlike wall-clock time it does not grow when other work shares the machine
(wall-clock times are printed beside them). Each build runs ``--repeat``
times and the fastest run counts. Before timing, every corpus file is read
once so that both builds find them in the page cache.

Two baselines are printed, both measured in build (a) of this same run:
the whole build, and the part of it Pelican spends reading the Markdown
articles (``ArticlesGenerator.generate_context``: parsing the headers and
converting each post with Python-Markdown), which is the stricter of the two.
The comment figures are split into what the comments generator itself takes
(reading to rendering, then the comment feeds) and the rest (the larger
article pages, structured data and feed annotations), which is the
difference of the totals minus the generator's share.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _timed(cls: type, method: str, key: str, times: dict[str, float]) -> None:
    """Wraps ``cls.method`` so that its CPU time adds up in ``times[key]``."""
    original = getattr(cls, method)

    def wrapper(self, *args, **kwargs):
        started = time.process_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            times[key] += time.process_time() - started

    setattr(cls, method, wrapper)


def _cpu() -> float:
    """CPU seconds (user and system) used so far by this process and the processes it waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def worker(content: Path, output: Path, cache: Path, with_comments: bool) -> dict[str, float]:
    """One build in this process; returns its timings in seconds."""
    from pelican.generators import ArticlesGenerator

    from plugins.publisher import build_site

    times: dict[str, float] = defaultdict(float)
    _timed(ArticlesGenerator, "generate_context", "articles_read", times)
    _timed(ArticlesGenerator, "generate_output", "articles_write", times)
    from plugins.publisher.build import load_settings

    # The project's own plugins, with or without the comments.
    plugins = [p for p in load_settings(ROOT / "pelicanconf.py")["PLUGINS"] if p != "comments"]
    if with_comments:
        # The same module Pelican loads from PLUGIN_PATHS (it reuses what sys.modules holds).
        sys.path.insert(0, str(ROOT / "plugins"))
        from comments.generator import CommentsGenerator

        _timed(CommentsGenerator, "generate_context", "comments_read", times)
        _timed(CommentsGenerator, "generate_output", "comments_feeds", times)
        plugins.append("comments")
    cpu, started = _cpu(), time.perf_counter()
    # A cache of its own for each build, emptied before it: every build is a first build.
    build_site(ROOT / "pelicanconf.py", output, PATH=str(content), PLUGINS=plugins, CACHE_PATH=str(cache))
    times["total"] = _cpu() - cpu
    times["wall"] = time.perf_counter() - started
    return dict(times)


def run_build(content: Path, output: Path, with_comments: bool) -> dict[str, float]:
    cache = output.with_name(output.name + "-cache")
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    command = [sys.executable, __file__, "--worker", "with" if with_comments else "without"]
    command += ["--content", str(content), "--output", str(output), "--cache", str(cache)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def warm(content: Path) -> int:
    """Reads every file of the corpus once, so that no build pays for the first read from disk."""
    count = 0
    for path in content.rglob("*"):
        if path.is_file():
            path.read_bytes()
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--corpus", type=Path, help="where to keep the corpus (default: a temporary folder)")
    parser.add_argument("--worker", choices=["with", "without"], help=argparse.SUPPRESS)
    parser.add_argument("--content", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.content, args.output, args.cache, args.worker == "with")))
        return

    from corpus import generate

    scratch = tempfile.TemporaryDirectory(prefix="bench-comments-")
    base = args.corpus or Path(scratch.name)
    content = base / f"content-{args.posts}-{args.comments}"
    if not (content / "posts").is_dir():
        started = time.perf_counter()
        generate(content, args.posts, args.comments)
        print(f"corpus: {args.posts} posts, {args.comments} comments in {time.perf_counter() - started:.1f} s")
    print(f"corpus: {content} ({warm(content)} files read once to warm the cache)")

    runs: dict[str, list[dict[str, float]]] = {"without": [], "with": []}
    for number in range(args.repeat):
        for name in ("without", "with"):
            timings = run_build(content, Path(scratch.name) / f"output-{name}", name == "with")
            runs[name].append(timings)
            print(f"run {number + 1}: {name:7} comments: {timings['total']:6.2f} s CPU ({timings['wall']:6.2f} s wall)")
    a = min(runs["without"], key=lambda t: t["total"])
    b = min(runs["with"], key=lambda t: t["total"])
    scratch.cleanup()

    added = b["total"] - a["total"]
    generator = b["comments_read"] + b["comments_feeds"]
    print()
    print(f"posts: {args.posts}, comments: {args.comments}, fastest of {args.repeat} runs each, CPU seconds")
    print(f"(a) build without comments (the Markdown articles alone): {a['total']:8.2f} s")
    print(f"    of which reading the Markdown articles:                {a['articles_read']:8.2f} s")
    print(f"(b) build with the comments:                              {b['total']:8.2f} s")
    print(f"    wall-clock seconds, (a) and (b):                       {a['wall']:8.2f} s {b['wall']:8.2f} s")
    print(f"    comments read, checked, sanitised, threaded:          {b['comments_read']:8.2f} s")
    print(f"    comment feeds written:                                {b['comments_feeds']:8.2f} s")
    print(f"    larger pages, structured data, feed counts (rest):    {added - generator:8.2f} s")
    print(f"time the comments add, (b) - (a):                         {added:8.2f} s")
    print(f"per comment:                                              {added / max(args.comments, 1) * 1e6:8.1f} µs")
    print(f"ratio added / build (a):                                  {added / a['total']:8.2f}")
    print(f"ratio added / reading the Markdown articles in (a):       {added / a['articles_read']:8.2f}")
    verdict = "less" if added < a["total"] else "MORE"
    print(f"The comments add {verdict} time than the build of the Markdown articles alone.")


if __name__ == "__main__":
    main()
