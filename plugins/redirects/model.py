"""Redirect maps: reading and checking ``content/redirects/*.csv``. No Pelican imports.

A map is a CSV file with the columns ``old`` and ``new``:

    old,new
    /?p=12,{filename}/posts/hello.md
    /2012/08/hello-world/,{filename}/posts/hello.md
    /tag/customer-service/,{tag}Customer Service
    /category/news/,{category}News
    /old-contact/,/about/

``old`` is a path on the site, with a query string when the old address had
one (``/?p=12``). ``new`` is a content file (``{filename}``), the page of a
tag or category by its name (``{tag}``, ``{category}``), a path on the site,
or an absolute http(s) address. Targets are resolved when the site is built,
so a redirect follows its post when the post's slug or date changes.
"""

from __future__ import annotations

import csv
import io
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import Problem

KINDS = ("filename", "tag", "category")


@dataclass(frozen=True)
class Redirect:
    """One line of a map: ``old`` (a site path, maybe with a query) to a target of some ``kind``."""

    old: str
    kind: str  # filename | tag | category | path | url
    target: str
    source: str  # the map file, as shown to the author
    line: int

    @property
    def has_query(self) -> bool:
        return "?" in self.old

    @property
    def old_path(self) -> str:
        """The decoded path without the query: what a server maps to a file."""
        return unquote(urlsplit(self.old).path)


def parse_target(value: str) -> tuple[str, str] | None:
    """(kind, target) for a ``new`` cell, or None when it is none of the accepted forms."""
    for kind in KINDS:
        marker = f"{{{kind}}}"
        if value.startswith(marker):
            rest = value[len(marker) :].strip()
            return (kind, rest) if rest else None
    if value.startswith("/") and not value.startswith("//"):
        return "path", value
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc:
        return "url", value
    return None


def _old_problem(old: str) -> str | None:
    if not old.startswith("/") or old.startswith("//"):
        return f"{old!r} is not a path on the site; write it from the first slash, as in /2012/08/hello/ or /?p=12"
    if any(c.isspace() for c in old):
        return f"{old!r} contains spaces; write them as %20"
    path = unquote(urlsplit(old).path)
    if ".." in path.split("/") or "\\" in path or "\x00" in path:
        return f"{old!r} leaves the site's folder; remove this line"
    return None


def read_map(path: Path, shown: str) -> tuple[list[Redirect], list[Problem]]:
    """The redirects in one map file, and the problems of the lines that are not."""
    redirects: list[Redirect] = []
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem(shown, None, "file", "not UTF-8 text; save it as UTF-8")]
    reader = csv.reader(io.StringIO(text))
    header_seen = False
    for row in reader:
        line = reader.line_num
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            if [c.lower() for c in cells[:2]] == ["old", "new"]:
                continue
        if len(cells) < 2 or not cells[1]:
            problems.append(Problem(shown, line, "new", "missing; write the old path, a comma, then the target"))
            continue
        old, new = cells[0], cells[1]
        problem = _old_problem(old)
        if problem:
            problems.append(Problem(shown, line, "old", problem))
            continue
        target = parse_target(new)
        if target is None:
            problems.append(
                Problem(
                    shown,
                    line,
                    "new",
                    f"{new!r} is not a target; write {{filename}}/posts/<file>.md, {{tag}}<name>, "
                    "{category}<name>, a /path/ or an https:// address",
                )
            )
            continue
        redirects.append(Redirect(old, target[0], target[1], shown, line))
    return redirects, problems


def read_maps(folder: Path, shown_root: Path) -> tuple[list[Redirect], list[Problem]]:
    """Every redirect in ``folder/*.csv`` (sorted by file name), and every problem found.

    The same old URL may be listed twice only with the same target.
    """
    redirects: list[Redirect] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return redirects, problems
    for path in sorted(folder.glob("*.csv")):
        try:
            shown = str(path.relative_to(shown_root))
        except ValueError:
            shown = str(path)
        found, wrong = read_map(path, shown)
        redirects += found
        problems += wrong
    first: dict[str, Redirect] = {}
    unique: list[Redirect] = []
    for redirect in redirects:
        key = normalise(redirect.old)
        earlier = first.get(key)
        if earlier is None:
            first[key] = redirect
            unique.append(redirect)
        elif (earlier.kind, earlier.target) != (redirect.kind, redirect.target):
            problems.append(
                Problem(
                    redirect.source,
                    redirect.line,
                    "old",
                    f"{redirect.old!r} already redirects elsewhere ({earlier.source}:{earlier.line}); keep one line",
                )
            )
    return unique, problems


def normalise(url: str) -> str:
    """An old URL as compared: decoded path without trailing slash, plus the query."""
    parts = urlsplit(url)
    path = unquote(parts.path) or "/"
    path = posixpath.normpath(path).rstrip("/") or "/"
    return path + (f"?{parts.query}" if parts.query else "")
