"""Two versions of the site's code, built in turn on one corpus, so that both see the same load.

    git worktree add ../before <commit>
    python bench/compare.py ../before --posts 1000 --rounds 6

On a shared machine the time a build takes moves by 10 to 50% within
minutes, more than most changes to the code; builds of two versions run one
after the other, round after round, see the same load. Each round builds the
corpus (bench/corpus.py) from scratch with both versions, in an order that
alternates from round to round, into folders no earlier build used (see
bench/build.py); then it edits the newest post and rebuilds both over their
own first build. Each build is a process of its own, timed as in
bench/build.py. The output gives each pair's ratio (this checkout over the
other) and, for each version, the median and the fastest wall time and CPU
time; the last line reads::

    full_median_ratio=X edit_median_ratio=Y
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build import Folders, Measure, compile_site, edit_newest_post, run, site_command  # noqa: E402
from bench.corpus import generate  # noqa: E402

VERSIONS = ("this", "other")


def summary(measures: list[Measure]) -> str:
    walls, cpus = [m.wall for m in measures], [m.cpu for m in measures]
    return (
        f"wall median {statistics.median(walls):6.2f} s, fastest {min(walls):6.2f} s; "
        f"CPU median {statistics.median(cpus):6.2f} s, fastest {min(cpus):6.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="another checkout of this project")
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments-per-post", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    other = args.other.resolve()
    if not (other / "pelicanconf.py").is_file() or not (other / "plugins").is_dir():
        raise SystemExit(f"bench: {other} is not a checkout of this project (no pelicanconf.py and plugins/)")
    roots = {"this": ROOT, "other": other}
    for root in roots.values():
        compile_site(root)

    work = Path(tempfile.mkdtemp(prefix="bench-compare-"))
    folders = Folders(work / "builds")
    try:
        corpus = work / "corpus"
        generate(corpus, args.posts, args.posts * args.comments_per_post)
        full: dict[str, list[Measure]] = {name: [] for name in VERSIONS}
        edit: dict[str, list[Measure]] = {name: [] for name in VERSIONS}
        for number in range(args.rounds):
            order = VERSIONS if number % 2 == 0 else VERSIONS[::-1]
            built = {}
            for name in order:
                output, cache = folders.new("output"), folders.new("cache")
                full[name].append(run(site_command(corpus, output, cache, root=roots[name]), work))
                built[name] = (output, cache)
            edit_newest_post(corpus, number)
            for name in order:
                edit[name].append(run(site_command(corpus, *built[name], root=roots[name]), work))
            print(
                f"round {number + 1}: full {full['this'][-1].wall:6.2f} s against {full['other'][-1].wall:6.2f} s, "
                f"edit {edit['this'][-1].wall:6.2f} s against {edit['other'][-1].wall:6.2f} s",
                flush=True,
            )
    finally:
        folders.delete()
        shutil.rmtree(work, ignore_errors=True)

    ratios = {}
    for label, measured in (("full", full), ("edit", edit)):
        pairs = [mine.wall / theirs.wall for mine, theirs in zip(measured["this"], measured["other"], strict=True)]
        ratios[label] = statistics.median(pairs)
        print(f"{label} build, this checkout over {other}: " + " ".join(f"{ratio:.2f}" for ratio in pairs))
        for name in VERSIONS:
            print(f"  {name:5}  {summary(measured[name])}")
    print(f"full_median_ratio={ratios['full']:.2f} edit_median_ratio={ratios['edit']:.2f}")


if __name__ == "__main__":
    main()
