"""Build speed against vanilla Pelican on the same posts, full and after one edit.

    python bench/build.py                 # 200, 1000 and 5000 posts
    python bench/build.py --posts 1000    # one size

For each size, in one run and on one generated corpus (bench/corpus.py):

(a) vanilla Pelican 4.12: its default theme, default settings, no plugins,
    on a copy of the corpus's posts/ and pages/ only;
(b) this site, full build: pelicanconf.py with every plugin, into an empty
    folder with an empty cache (the first build on a new machine);
(c) this site after editing one post (the newest: its page and the feeds
    change), built over (b)'s output with (b)'s cache, as ``invoke build``
    does during writing.

Also shown: (b') a build into an empty folder with (b)'s cache kept, as after
``rm -rf output``. Every build writes into folders no earlier build used, and
nothing is deleted until the run ends: on some file systems (ext4 without a
journal) creating files within minutes of deleting thousands of others costs
a disk read per freed inode, which would charge each build for the clean-up
of the one before; a first build on a new machine pays nothing of the kind.
For the same reason the disk's pending writes are flushed before each build
(``os.sync()``, outside the timing), so that no build shares the cores with
the writing-back of what the previous one wrote.
The site's own modules (``plugins/``, the settings) are compiled to bytecode
before the first build, as Python does on a checkout's first run (pip does it
for installed packages such as Pelican when it installs them); with
``PYTHONDONTWRITEBYTECODE`` set, each build would otherwise compile them again.
Each build runs in its own process; wall time is measured
around it, CPU time and peak memory come from the kernel's accounting of that
process and the worker processes it waited for (``wait4``). Peak memory is the
largest resident size of any one of those processes. ``--repeat N`` runs each
build N times and keeps the fastest, which filters out noise from other work
on the machine. The last line reads::

    posts=N full/vanilla=X incremental/vanilla=Y peak_mb=Z
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import generate  # noqa: E402

SIZES = (200, 1000, 5000)
VANILLA_SETTINGS = """\
AUTHOR = "Morgan Hale"
SITENAME = "Benchmark"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
"""
_SITE = """\
import sys
sys.path.insert(0, {root!r})
from plugins.publisher import build_site
build_site({settings!r}, {output!r}, PATH={content!r}, CACHE_PATH={cache!r}{plugins})
"""


def site_command(
    content: Path, output: Path, cache: Path, plugins: list[str] | None = None, root: Path = ROOT
) -> list[str]:
    """A fresh Python process that builds ``content`` with the settings and code of the checkout at
    ``root`` (this one by default), and ``plugins``, when given."""
    code = _SITE.format(
        root=str(root),
        settings=str(root / "pelicanconf.py"),
        output=str(output),
        content=str(content),
        cache=str(cache),
        plugins="" if plugins is None else f", PLUGINS={plugins!r}",
    )
    return [sys.executable, "-c", code]


@dataclass(frozen=True)
class Measure:
    wall: float
    cpu: float
    peak_mb: float


def run(command: list[str], cwd: Path) -> Measure:
    """Run ``command`` and measure it with the kernel's accounting of it and its waited-for children.

    What earlier builds wrote is flushed to disk first: otherwise the kernel writes it back while this
    build runs, on the same two cores, and a build pays for the one before it (the more a build
    writes, the more the next one pays)."""
    if hasattr(os, "sync"):
        os.sync()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{errors.decode(errors='replace')}")
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


class Folders:
    """New output and cache folders for every build under ``root``, deleted together at the end (see above)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._count = 0

    def new(self, name: str) -> Path:
        self._count += 1
        return self.root / f"{name}-{self._count}"

    def delete(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def compile_site(root: Path = ROOT) -> None:
    """Bytecode for the site's modules, where Python keeps it (see above)."""
    compileall.compile_dir(root / "plugins", quiet=1)
    for name in ("pelicanconf.py", "publishconf.py"):
        compileall.compile_file(root / name, quiet=1)


def fastest(measures: list[Measure]) -> Measure:
    return Measure(min(m.wall for m in measures), min(m.cpu for m in measures), max(m.peak_mb for m in measures))


def edit_newest_post(content: Path, round_number: int) -> None:
    """Change the text of the newest post, as an author fixing a sentence does."""
    newest = max((content / "posts").glob("*.md"))
    text = newest.read_text(encoding="utf-8")
    newest.write_text(text + f"\nAn added sentence, edit number {round_number}.\n", encoding="utf-8")


def bench_size(posts: int, comments_per_post: int, repeat: int, work: Path, folders: Folders) -> dict[str, Measure]:
    folder = work / f"posts-{posts}"
    shutil.rmtree(folder, ignore_errors=True)
    corpus = folder / "corpus"
    generate(corpus, posts, posts * comments_per_post)

    vanilla = folder / "vanilla"
    for name in ("posts", "pages"):
        shutil.copytree(corpus / name, vanilla / "content" / name)
    (vanilla / "pelicanconf.py").write_text(VANILLA_SETTINGS, encoding="utf-8")

    def vanilla_command(output: Path) -> list[str]:
        return [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(output), "-q"]

    def ours(output: Path, cache: Path) -> list[str]:
        return site_command(corpus, output, cache)

    results: dict[str, list[Measure]] = {"vanilla": [], "full": [], "incremental": [], "empty folder": []}
    for round_number in range(repeat):
        results["vanilla"].append(run(vanilla_command(folders.new("vanilla-output")), vanilla))

        output, cache = folders.new("output"), folders.new("cache")
        results["full"].append(run(ours(output, cache), folder))

        edit_newest_post(corpus, round_number)
        results["incremental"].append(run(ours(output, cache), folder))

        results["empty folder"].append(run(ours(folders.new("output"), cache), folder))
    return {name: fastest(measures) for name, measures in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, action="append", help="corpus size (repeatable); default 200, 1000, 5000")
    parser.add_argument("--comments-per-post", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=1, help="builds per measure; the fastest is kept")
    parser.add_argument("--work", type=Path, help="folder for corpora and outputs (default: a temporary one)")
    args = parser.parse_args()
    sizes = args.posts or list(SIZES)

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-build-"))
    folders = Folders(work / "builds")
    folders.delete()  # left by an earlier run in the same --work folder
    compile_site()
    labels = {
        "vanilla": "(a) vanilla Pelican 4.12",
        "full": "(b) this site, full build",
        "incremental": "(c) this site, one post edited",
        "empty folder": "(b') empty folder, cache kept",
    }
    summaries = []
    try:
        print(f"{'posts':>6}  {'build':<32} {'wall s':>7} {'cpu s':>7} {'peak MB':>8} {'/vanilla':>9}", flush=True)
        for posts in sizes:
            measured = bench_size(posts, args.comments_per_post, args.repeat, work, folders)
            base = measured["vanilla"].wall
            for name, label in labels.items():
                m = measured[name]
                print(f"{posts:>6}  {label:<32} {m.wall:>7.2f} {m.cpu:>7.2f} {m.peak_mb:>8.0f} {m.wall / base:>9.2f}")
            peak = max(measured[name].peak_mb for name in ("full", "incremental", "empty folder"))
            summaries.append(
                f"posts={posts} full/vanilla={measured['full'].wall / base:.2f} "
                f"incremental/vanilla={measured['incremental'].wall / base:.2f} peak_mb={peak:.0f}"
            )
    finally:
        folders.delete()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    for line in summaries:
        print(line)


if __name__ == "__main__":
    main()
