"""Crawls a served site from its home page the way a reader and a search
engine would: over HTTP, following every internal link, asset, feed,
``robots.txt`` and sitemap, and checking that each one answers and that
every ``#fragment`` names an element on its page.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit
from xml.etree import ElementTree

import feedparser
from bs4 import BeautifulSoup

from plugins.publisher.sitecheck import feed_problems, page_links

_FEED_TYPES = ["application/atom+xml", "application/rss+xml"]
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass
class CrawlResult:
    pages: list[str] = field(default_factory=list)  # HTML pages reached
    feeds: dict[str, bytes] = field(default_factory=dict)  # feed URL -> body
    problems: list[str] = field(default_factory=list)


def _fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


class _Crawler:
    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.result = CrawlResult()
        self.queue: deque[tuple[str, str]] = deque()
        self.seen: set[str] = set()
        self.feed_urls: set[str] = set()
        self.ids: dict[str, set[str]] = {}
        self.fragments: list[tuple[str, str, str]] = []  # (page, fragment, linked from)

    def internal(self, url: str) -> bool:
        return url == self.base or url.startswith(self.base + "/")

    def add(self, url: str, referrer: str) -> None:
        url, fragment = urldefrag(url)
        if not self.internal(url):
            return
        if fragment:
            self.fragments.append((url, fragment, referrer))
        if url not in self.seen:
            self.seen.add(url)
            self.queue.append((url, referrer))

    def run(self, start: str) -> CrawlResult:
        self.add(self.base + start, "the start")
        self.add(self.base + "/robots.txt", "the start")
        while self.queue:
            url, referrer = self.queue.popleft()
            status, kind, body = _fetch(url)
            if status != 200:
                self.result.problems.append(f"{url}: HTTP {status} (linked from {referrer})")
                continue
            path = urlsplit(url).path
            if kind == "text/html":
                self.read_page(url, body)
            elif url in self.feed_urls or kind in _FEED_TYPES or path.endswith((".atom.xml", ".rss.xml")):
                self.read_feed(url, body)
            elif path == "/robots.txt":
                for line in body.decode("utf-8", "replace").splitlines():
                    if line.lower().startswith("sitemap:"):
                        self.add(line.split(":", 1)[1].strip(), url)
            elif path.endswith("sitemap.xml"):
                self.read_sitemap(url, body)
        for page, fragment, referrer in self.fragments:
            if page in self.ids and fragment not in self.ids[page] and fragment != "top":
                self.result.problems.append(f"{page}#{fragment}: no element has that id (linked from {referrer})")
        return self.result

    def read_page(self, url: str, body: bytes) -> None:
        self.result.pages.append(url)
        html = body.decode("utf-8", "replace")
        soup = BeautifulSoup(html, "html.parser")
        self.ids[url] = {tag["id"] for tag in soup.find_all(id=True)} | {
            tag["name"] for tag in soup.find_all("a", attrs={"name": True})
        }
        for link in soup.find_all("link", href=True, type=_FEED_TYPES):
            self.feed_urls.add(urldefrag(urljoin(url, link["href"]))[0])
        for link in page_links(html):
            if not link.startswith(("mailto:", "tel:", "data:", "javascript:")):
                self.add(urljoin(url, link), url)

    def read_feed(self, url: str, body: bytes) -> None:
        self.result.feeds[url] = body
        self.result.problems += feed_problems(url, body)
        for entry in feedparser.parse(body).entries:
            if entry.get("link"):
                self.add(urljoin(url, entry["link"]), url)

    def read_sitemap(self, url: str, body: bytes) -> None:
        try:
            locations = ElementTree.fromstring(body).iter(f"{_SITEMAP_NS}loc")
        except ElementTree.ParseError as error:
            self.result.problems.append(f"{url}: the sitemap does not parse: {error}")
            return
        for location in locations:
            if not self.internal((location.text or "").strip()):
                self.result.problems.append(f"{url}: lists {location.text!r}, which is not on this site")
            self.add((location.text or "").strip(), url)


def crawl(base: str, start: str = "/") -> CrawlResult:
    """Everything reachable from ``base + start``; problems name the URL and the page linking to it."""
    return _Crawler(base).run(start)
