"""What the tag archives plugin adds to the build time of a large blog.

    python bench/tags.py --posts 1000 --runs 7

Builds the benchmark corpus (bench/corpus.py: tags drawn from a Zipf-like
vocabulary with the spelling variants migrated blogs carry, and ``CX``) with
the project's settings twice over: with the site's ``PLUGINS`` and with the
same list less ``tag_archives``. Each build runs in a fresh Python process
(Pelican keeps plugin signals connected for the life of a process), into an
empty folder; the two kinds alternate so that a busy machine slows both
alike. Prints every build's time, the medians, the median ratio of the
paired builds (the figure held against the target of 1.05) and the CPU time
spent in the plugin's own code, which does not depend on how busy the
machine is.
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
# point measures it), its CPU time (which other work on the machine disturbs
# less) and, with the plugin, the CPU time spent inside the plugin's own code.
_CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from plugins.publisher import build_site
plugins = json.loads(sys.argv[4])
own = [0.0]

def timed(function):
    def run(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            own[0] += time.process_time() - started
    return run

if "tag_archives" in plugins:
    # Pelican reuses an already loaded plugin module, so these wrappers are what it calls.
    from pelican.plugins._utils import load_legacy_plugin
    package = load_legacy_plugin("tag_archives", [sys.argv[1] + "/plugins"])
    package.canonicalise_tags = timed(package.canonicalise_tags)
    for name in ("generate_context", "generate_output"):
        setattr(package.TagArchivesGenerator, name, timed(getattr(package.TagArchivesGenerator, name)))
cpu = time.process_time()
result = build_site(sys.argv[1] + "/pelicanconf.py", sys.argv[2], PATH=sys.argv[3], PLUGINS=plugins)
print(json.dumps({"wall": result.seconds, "cpu": time.process_time() - cpu, "own": own[0]}))
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
    parser.add_argument("--runs", type=int, default=7, help="builds of each kind")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-tags-") as scratch:
        folder = Path(scratch)
        content = folder / "content"
        summary = generate(content, args.posts)
        print(f"corpus: {summary.posts} posts, {summary.words} words; plugins: {', '.join(WITH)}")
        runs: list[dict[str, dict[str, float]]] = []
        for run in range(args.runs):
            kinds = [("without", WITHOUT), ("with", WITH)]
            if run % 2:
                kinds.reverse()
            measured = {}
            for name, plugins in kinds:
                measured[name] = build_once(content, folder / f"out-{name}-{run}", plugins)
                print(
                    f"run {run + 1}: {name:>7} plugin  wall {measured[name]['wall']:6.2f} s"
                    f"  cpu {measured[name]['cpu']:6.2f} s",
                    flush=True,
                )
            runs.append(measured)
        tag_pages = sum(1 for _ in (folder / f"out-with-{args.runs - 1}" / "tag").glob("*/index.html"))
        print(f"tag pages and redirect stubs with the plugin: {tag_pages}")

        for clock in ("wall", "cpu"):
            without = statistics.median(r["without"][clock] for r in runs)
            with_plugin = statistics.median(r["with"][clock] for r in runs)
            paired = statistics.median(r["with"][clock] / r["without"][clock] for r in runs)
            verdict = "within" if paired <= TARGET else "OVER"
            print(
                f"{clock:>4}: median without {without:.2f} s, with {with_plugin:.2f} s; "
                f"median ratio of the paired runs {paired:.3f} ({(paired - 1) * 100:+.1f}%), "
                f"{verdict} the target of {TARGET:.2f}"
            )
        own = statistics.median(r["with"]["own"] for r in runs)
        share = statistics.median(r["with"]["own"] / r["with"]["cpu"] for r in runs)
        print(f" own: the plugin's code takes {own:.3f} s of CPU, {share * 100:.1f}% of a build")


if __name__ == "__main__":
    main()
