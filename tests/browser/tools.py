"""The outside programs the browser checks drive, and where they come from.

Chromium and Java are Debian packages (tests/system-packages.txt); axe-core
and the Nu Html Checker come from the npm registry, pinned here and installed
once into the git-ignored ``.cache/npm/`` folder, so that later runs work
offline and every machine checks with the same rules.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NPM_CACHE = ROOT / ".cache" / "npm"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The checkers' exact versions: a new rule in a checker is a deliberate upgrade, not a surprise in CI.
CHECKERS = {"axe-core": "4.14.1", "vnu-jar": "26.9.27"}


class ToolMissing(RuntimeError):
    """A program the checks need is not installed; the message says how to get it."""


def npm_install(packages: dict[str, str], folder: Path) -> Path:
    """Install ``packages`` (name -> exact version) into ``folder`` unless they are there; returns node_modules.

    Install scripts are not run: vnu-jar's would download a Java runtime from
    the internet, and Debian's Java is the one we use.
    """
    modules = folder / "node_modules"
    if all(_installed_version(modules / name) == version for name, version in packages.items()):
        return modules
    npm = shutil.which("npm")
    if npm is None:
        raise ToolMissing("npm not found: install the Debian package npm (`invoke test` does)")
    folder.mkdir(parents=True, exist_ok=True)
    specs = [f"{name}@{version}" for name, version in packages.items()]
    done = subprocess.run(
        [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--ignore-scripts", *specs],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise ToolMissing(f"npm install {' '.join(specs)} failed: {last}")
    return modules


def _installed_version(package: Path) -> str | None:
    try:
        return json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None


def checkers() -> Path:
    """node_modules holding axe-core and vnu-jar."""
    return npm_install(CHECKERS, NPM_CACHE / "checkers")


def axe_source(modules: Path) -> str:
    return (modules / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def vnu_command(modules: Path) -> list[str]:
    java = shutil.which("java")
    if java is None:
        raise ToolMissing("java not found: install the Debian package default-jre-headless (`invoke test` does)")
    return [java, "-jar", str(modules / "vnu-jar" / "build" / "dist" / "vnu.jar")]


def chromium() -> str:
    if not Path(CHROMIUM).is_file():
        raise ToolMissing(f"{CHROMIUM} not found: install the Debian package chromium (`invoke test` does)")
    return CHROMIUM
