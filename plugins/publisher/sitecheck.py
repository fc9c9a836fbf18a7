"""Checks a built site before it goes online: every page written, every
internal link and asset present, every feed readable by feed readers."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
from bs4 import BeautifulSoup

# (tag, attribute) pairs that point at another file of the site.
_LINKING = (
    ("a", "href"),
    ("link", "href"),
    ("img", "src"),
    ("script", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("iframe", "src"),
)


def page_links(html: str) -> Iterator[str]:
    """Every URL a page links to or loads, including each ``srcset`` candidate."""
    soup = BeautifulSoup(html, "html.parser")
    for tag_name, attribute in _LINKING:
        for tag in soup.find_all(tag_name):
            value = tag.get(attribute)
            if value:
                yield value.strip()
    for tag in soup.find_all(srcset=True):
        for candidate in tag["srcset"].split(","):
            if candidate.strip():
                yield candidate.split()[0]


def resolve(url: str, page: str, siteurl: str = "") -> str | None:
    """The site file (posix, relative to the site root) that ``url`` on ``page``
    points to, or None when the URL leaves the site."""
    if siteurl and (url == siteurl or url.startswith(siteurl.rstrip("/") + "/")):
        url = "/" + url[len(siteurl) :].lstrip("/")
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page  # a fragment or query on the same page
    if path.startswith("/"):
        target = posixpath.normpath(path.lstrip("/") or ".")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if path.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
    return target


def _exists(root: Path, target: str) -> bool:
    if target.startswith("../") or target == "..":
        return False
    candidate = root / target
    return candidate.is_file() or (candidate / "index.html").is_file()


def broken_links(root: Path, siteurl: str = "") -> list[str]:
    """One line per internal target that does not exist, with the first page using it."""
    missing: dict[str, tuple[str, int]] = {}
    for html_file in sorted(root.rglob("*.html")):
        page = html_file.relative_to(root).as_posix()
        for url in page_links(html_file.read_text(encoding="utf-8", errors="replace")):
            if url.startswith(("mailto:", "tel:", "data:", "javascript:")):
                continue
            target = resolve(url, page, siteurl)
            if target is None or _exists(root, target):
                continue
            first, count = missing.get(target, (f"{page} links to {url!r}", 0))
            missing[target] = (first, count + 1)
    return [
        f"{target}: missing; {first}" + (f" (and {count - 1} more links)" if count > 1 else "")
        for target, (first, count) in sorted(missing.items())
    ]


def feed_files(root: Path) -> Iterable[Path]:
    feeds = root / "feeds"
    return sorted(feeds.rglob("*.xml")) if feeds.is_dir() else []


def feed_problems(name: str, data: bytes) -> list[str]:
    """What keeps a feed from working in feed readers: it must parse, have a
    title, and every entry needs an id, a title, a link and a date (readers
    use the id to tell new entries from seen ones and the date to sort)."""
    parsed = feedparser.parse(data)
    if parsed.bozo:
        return [f"{name}: not a valid feed: {parsed.bozo_exception}"]
    problems = [] if parsed.feed.get("title") else [f"{name}: the feed has no title"]
    for number, entry in enumerate(parsed.entries, start=1):
        missing = [field for field in ("id", "title", "link") if not entry.get(field)]
        if not (entry.get("published_parsed") or entry.get("updated_parsed")):
            missing.append("date")
        if missing:
            label = entry.get("title") or entry.get("link") or f"entry {number}"
            problems.append(f"{name}: entry {label!r} has no {', '.join(missing)}")
    return problems


def broken_feeds(root: Path) -> list[str]:
    problems = []
    for feed in feed_files(root):
        problems += feed_problems(feed.relative_to(root).as_posix(), feed.read_bytes())
    return problems


def missing_pages(root: Path, expected: Iterable[str]) -> list[str]:
    return [f"{path}: an article or page was not written" for path in expected if not (root / path).is_file()]


def check_site(root: Path, expected: Iterable[str] = (), siteurl: str = "") -> list[str]:
    """Every problem that should keep this site from being published."""
    root = Path(root)
    if not (root / "index.html").is_file():
        return [f"{root}: no index.html; the build wrote no home page"]
    return missing_pages(root, expected) + broken_links(root, siteurl) + broken_feeds(root)
