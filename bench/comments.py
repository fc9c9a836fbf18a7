"""What 100,000 comments on 1,000 posts add to a build, against the build of the posts alone.

    python bench/comments.py [--posts 1000] [--comments 100000] [--repeat 3] [--corpus DIR]

One corpus (bench/corpus.py), built in fresh Python processes with the
settings of pelicanconf.py, two ways:

(a) every plugin but the comments: the build of the Markdown articles alone,
    as the site would be built if it had no comments;
(b) every plugin: the same posts plus every comment read, checked,
    sanitised, threaded, rendered into the pages and written to the comment
    feeds.

Each way is timed twice, as an author meets it:

- first build: an empty output folder and an empty cache (a new checkout),
  folders no earlier build used (nothing is deleted until the run ends:
  see bench/build.py);
- rebuild: right after, the newest post's text edited (and, in (b), a new
  comment on it), built over the first build's output with its cache, as
  ``invoke build`` does while writing.

Times are wall-clock seconds, what the author waits; the CPU seconds of the
build and of the worker processes it started are printed beside them. Each
measure is the fastest of ``--repeat`` rounds (a shared machine only ever
adds time). Every corpus file is read once before timing, so that no build
pays for the first read from disk, and the site's modules are compiled to
bytecode first (see bench/build.py). The last line reads::

    comments=N first_build_added/without=X rebuild_added/without=Y

where each ratio is the time the comments add, (b) - (a), over (a): below 1
means the comments add less time than the build of the posts alone.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build import Folders, Measure, compile_site, edit_newest_post, fastest, run, site_command  # noqa: E402
from bench.corpus import generate  # noqa: E402
from plugins.publisher.build import load_settings  # noqa: E402


def warm(content: Path) -> int:
    """Reads every file of the corpus once, so that no build pays for the first read from disk."""
    count = 0
    for path in content.rglob("*"):
        if path.is_file():
            path.read_bytes()
            count += 1
    return count


def add_comment(content: Path, round_number: int) -> None:
    """A new reader's comment on the newest post, as arrives between two builds."""
    newest = max((content / "posts").glob("*.md"))
    folder = content / "comments" / newest.stem
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"bench-new-{round_number}.md").write_text(
        f"Author: New Reader\nDate: 2030-01-01 12:{round_number % 60:02d}\nStatus: approved\n\n"
        f"Comment number {round_number}, just in.\n",
        encoding="utf-8",
    )


def measure(
    content: Path, work: Path, folders: Folders, with_comments: bool, round_number: int
) -> tuple[Measure, Measure]:
    """A first build and a rebuild after one edit; returns both measures."""
    name = "with" if with_comments else "without"
    output, cache = folders.new(f"output-{name}"), folders.new(f"cache-{name}")
    plugins = [p for p in load_settings(ROOT / "pelicanconf.py")["PLUGINS"] if with_comments or p != "comments"]
    command = site_command(content, output, cache, plugins)
    first = run(command, work)
    edit_newest_post(content, round_number)
    if with_comments:
        add_comment(content, round_number)
    return first, run(command, work)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, help="where to keep the corpus (default: a temporary folder)")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="bench-comments-"))
    folders = Folders(scratch / "builds")
    compile_site()
    try:
        base = args.corpus or scratch
        content = base / f"content-{args.posts}-{args.comments}"
        if not (content / "posts").is_dir():
            started = time.perf_counter()
            generate(content, args.posts, args.comments)
            print(f"corpus: {args.posts} posts, {args.comments} comments in {time.perf_counter() - started:.1f} s")
        print(f"corpus: {content} ({warm(content)} files read once to warm the cache)", flush=True)

        firsts: dict[bool, list[Measure]] = {False: [], True: []}
        rebuilds: dict[bool, list[Measure]] = {False: [], True: []}
        for number in range(args.repeat):
            for with_comments in (False, True):
                first, rebuild = measure(content, scratch, folders, with_comments, number)
                firsts[with_comments].append(first)
                rebuilds[with_comments].append(rebuild)
                label = "with" if with_comments else "without"
                print(
                    f"round {number + 1}, {label:7} comments: first build {first.wall:6.2f} s "
                    f"({first.cpu:6.2f} s CPU), rebuild {rebuild.wall:6.2f} s ({rebuild.cpu:6.2f} s CPU)",
                    flush=True,
                )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print()
    print(f"posts: {args.posts}, comments: {args.comments}, fastest of {args.repeat} rounds")
    print(f"{'build':<44} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}")
    ratios = []
    for title, measures in (("first build", firsts), ("rebuild after one edit", rebuilds)):
        a, b = fastest(measures[False]), fastest(measures[True])
        print(f"{'(a) ' + title + ', posts alone':<44} {a.wall:8.2f} {a.cpu:8.2f} {a.peak_mb:8.0f}")
        print(f"{'(b) ' + title + ', with the comments':<44} {b.wall:8.2f} {b.cpu:8.2f} {b.peak_mb:8.0f}")
        added = b.wall - a.wall
        ratios.append(added / a.wall)
        verdict = "less" if added < a.wall else "MORE"
        print(
            f"    the comments add {added:.2f} s ({added / max(args.comments, 1) * 1e6:.1f} µs a comment), "
            f"{added / a.wall:.2f} times (a): {verdict} than the build of the posts alone"
        )
    print(f"comments={args.comments} first_build_added/without={ratios[0]:.2f} rebuild_added/without={ratios[1]:.2f}")


if __name__ == "__main__":
    main()
