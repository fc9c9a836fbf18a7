"""Lighthouse scores for the home page, an article and a tag archive.

    python bench/lighthouse.py                 # mobile emulation, Lighthouse's default
    python bench/lighthouse.py --desktop

Builds the shipped site with the publishing settings (``SITEURL`` set to a
local server on 127.0.0.1), serves it, and runs Lighthouse from the npm
registry (installed once into ``.cache/npm/lighthouse``) against Debian's
Chromium. Prints each page's four scores and its main timings, the audits
that cost points, and exits with status 1 when a score misses its target:
100 for accessibility, best practices and SEO, at least 95 for performance.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plugins.publisher import build_site  # noqa: E402
from plugins.publisher.preview import SiteServer  # noqa: E402
from tests.browser import tools  # noqa: E402
from tests.browser.pages import PAGES  # noqa: E402

LIGHTHOUSE = {"lighthouse": "12.8.2"}  # the last major version that runs on Debian 12's Node.js 18
MEASURED = ("home", "article", "tag-archive")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
TIMINGS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "cumulative-layout-shift": "CLS"}


def run_lighthouse(modules: Path, url: str, desktop: bool, report: Path) -> dict:
    command = [
        "node",
        str(modules / "lighthouse" / "cli" / "index.js"),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags=--headless=new {' '.join(tools.CHROMIUM_ARGS)}",
    ]
    if desktop:
        command.append("--preset=desktop")
    environment = {**os.environ, "CHROME_PATH": tools.chromium()}
    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not report.is_file():
        raise SystemExit(f"lighthouse failed on {url}: {(done.stderr.strip().splitlines() or ['no output'])[-1]}")
    return json.loads(report.read_text(encoding="utf-8"))


def lost_points(result: dict, category: str) -> list[str]:
    """The weighted audits of a category that did not pass, for the reader to fix."""
    lines = []
    for ref in result["categories"][category]["auditRefs"]:
        audit = result["audits"][ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            lines.append(f"    {category}: {audit['id']} ({audit['title']}) {audit.get('displayValue', '')}".rstrip())
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desktop", action="store_true", help="desktop preset instead of mobile emulation")
    args = parser.parse_args()
    if shutil.which("node") is None:
        raise SystemExit("node not found: install the Debian package npm")
    modules = tools.npm_install(LIGHTHOUSE, tools.NPM_CACHE / "lighthouse")
    pages = [page for page in PAGES if page.name in MEASURED]
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as scratch:
        root = Path(scratch) / "output"
        with SiteServer(root) as server:
            build_site(ROOT / "publishconf.py", root, SITEURL=server.url, FEED_DOMAIN=server.url)
            mode = "desktop" if args.desktop else "mobile emulation, simulated slow 4G"
            print(f"Lighthouse {LIGHTHOUSE['lighthouse']} on {tools.CHROMIUM} ({mode}), site at {server.url}")
            print(
                f"{'page':<14}" + "".join(f"{c:>16}" for c in CATEGORIES) + "".join(f"{t:>8}" for t in TIMINGS.values())
            )
            missed = []
            for page in pages:
                result = run_lighthouse(modules, server.url + page.path, args.desktop, Path(scratch) / "report.json")
                scores = {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}
                timings = [result["audits"][audit]["displayValue"] for audit in TIMINGS]
                print(
                    f"{page.name:<14}"
                    + "".join(f"{scores[c]:>16}" for c in CATEGORIES)
                    + "".join(f"{t:>8}" for t in timings)
                )
                for category in CATEGORIES:
                    if scores[category] < TARGETS[category]:
                        missed.append(f"  {page.name}: {category} {scores[category]} < {TARGETS[category]}")
                        missed += lost_points(result, category)
    targets = ", ".join(f"{c} {'>=' if t < 100 else '='} {t}" for c, t in TARGETS.items())
    print(f"Targets ({targets}): " + ("all met" if not missed else "missed"))
    print("\n".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
