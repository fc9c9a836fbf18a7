"""What the tag archives plugin adds to the build time of a large blog.

    python bench/tags.py --posts 1000 --runs 5

Builds the benchmark corpus (bench/corpus.py: tags drawn from a Zipf-like
vocabulary with the spelling variants migrated blogs carry, and ``CX``) with
the project's settings twice over: with the site's ``PLUGINS`` and with the
same list less ``tag_archives``. Each build runs in a fresh Python process (Pelican keeps plugin
signals connected for the life of a process), into an empty folder; the two
kinds alternate so that a busy machine slows both alike. Prints every
build's time, the medians and their ratio against the target of 1.05.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import generate  # noqa: E402
from pelicanconf import PLUGINS  # noqa: E402

TARGET = 1.05
# The site as configured, and the same site without the plugin.
WITH = list(PLUGINS) if "tag_archives" in PLUGINS else [*PLUGINS, "tag_archives"]
WITHOUT = [name for name in WITH if name != "tag_archives"]

# Runs in the child process: one build; its wall-clock time (as the build entry
# point measures it) and its CPU time, which other work on the machine disturbs less.
_CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from plugins.publisher import build_site
cpu = time.process_time()
result = build_site(sys.argv[1] + "/pelicanconf.py", sys.argv[2], PATH=sys.argv[3], PLUGINS=json.loads(sys.argv[4]))
print(json.dumps({"wall": result.seconds, "cpu": time.process_time() - cpu}))
"""


def build_once(content: Path, output: Path, plugins: list[str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(ROOT), str(output), str(content), json.dumps(plugins)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"build failed ({plugins}):\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5, help="builds of each kind")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-tags-") as scratch:
        folder = Path(scratch)
        content = folder / "content"
        summary = generate(content, args.posts)
        print(f"corpus: {summary.posts} posts, {summary.words} words; plugins: {', '.join(WITH)}")
        times: dict[tuple[str, str], list[float]] = {}
        for run in range(args.runs):
            kinds = [("without", WITHOUT), ("with", WITH)]
            if run % 2:
                kinds.reverse()
            for name, plugins in kinds:
                measured = build_once(content, folder / f"out-{name}-{run}", plugins)
                for clock, seconds in measured.items():
                    times.setdefault((name, clock), []).append(seconds)
                print(
                    f"run {run + 1}: {name:>7} plugin  wall {measured['wall']:6.2f} s  cpu {measured['cpu']:6.2f} s",
                    flush=True,
                )
        tag_pages = sum(1 for _ in (folder / f"out-with-{args.runs - 1}" / "tag").glob("*/index.html"))
        print(f"tag pages and redirect stubs with the plugin: {tag_pages}")
        for clock in ("wall", "cpu"):
            without = statistics.median(times[("without", clock)])
            with_plugin = statistics.median(times[("with", clock)])
            ratio = with_plugin / without
            verdict = "within" if ratio <= TARGET else "OVER"
            print(
                f"{clock:>4}: median without {without:.2f} s, with {with_plugin:.2f} s, "
                f"ratio {ratio:.3f} ({(ratio - 1) * 100:+.1f}%), {verdict} the target of {TARGET:.2f}"
            )


if __name__ == "__main__":
    main()
