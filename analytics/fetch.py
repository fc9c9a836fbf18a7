"""Fetches feeds politely: timeouts, bounded retries, conditional GET, several at once.

feedparser can fetch URLs itself, but without a timeout or retries; here the
bytes are fetched with httpx and handed to feedparser afterwards. Each answer
is kept in an on-disk cache with its ``ETag`` and ``Last-Modified``, so the
next run asks "changed since?" and a ``304 Not Modified`` costs almost nothing.
A source that fails is reported with its reason; the others go on.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from tqdm import tqdm

_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class FetchSettings:
    """How feeds are fetched; every default in one place."""

    timeout: float = 10.0  # seconds to connect, and between bytes read
    retries: int = 2  # further tries after a timeout, a dropped connection or a 5xx answer
    backoff: float = 0.5  # seconds before the first retry, doubled for each next one
    workers: int = 8  # feeds fetched at the same time
    cache_dir: Path | None = Path("cache/feeds")  # None: no conditional GET
    max_bytes: int = 20_000_000  # a larger answer is refused
    user_agent: str = "serviceculture-analytics/0.1 (feed reader; +https://serviceculture.example/)"


@dataclass(frozen=True)
class Fetched:
    """What one source gave: its bytes, or the reason it gave none."""

    source: str  # as listed
    url: str  # after redirects; the path for a local file
    content: bytes | None
    status: int | None = None  # the HTTP status; 304 when the cached copy was still good
    from_cache: bool = False
    error: str | None = None
    content_type: str = "application/xml"

    @property
    def ok(self) -> bool:
        return self.content is not None


def is_url(source: str) -> bool:
    return urlsplit(source).scheme.lower() in ("http", "https")


class FeedCache:
    """One body file and one JSON file of validators per URL, written atomically."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _paths(self, url: str) -> tuple[Path, Path]:
        name = hashlib.sha256(url.encode("utf-8")).hexdigest()[:40]
        return self.folder / f"{name}.json", self.folder / f"{name}.body"

    def get(self, url: str) -> tuple[dict, bytes] | None:
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        return (meta, body) if meta.get("url") == url else None

    def put(self, url: str, response: httpx.Response, body: bytes) -> None:
        meta = {
            "url": url,
            "final_url": str(response.url),
            "etag": response.headers.get("etag"),
            "last_modified": response.headers.get("last-modified"),
            "content_type": response.headers.get("content-type"),
            "fetched": time.time(),
        }
        if not (meta["etag"] or meta["last_modified"]):
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        meta_path, body_path = self._paths(url)
        _write_atomically(body_path, body)
        _write_atomically(meta_path, json.dumps(meta).encode("utf-8"))


def _write_atomically(path: Path, data: bytes) -> None:
    handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise


def _read_local(source: str) -> Fetched:
    path = Path(source.removeprefix("file://"))
    try:
        return Fetched(source, str(path), path.read_bytes())
    except OSError as error:
        return Fetched(source, str(path), None, error=f"cannot read the file: {error.strerror or error}")


def _describe(error: Exception) -> str:
    if isinstance(error, httpx.TimeoutException):
        return "timed out"
    if isinstance(error, httpx.TooManyRedirects):
        return "too many redirects"
    if isinstance(error, httpx.HTTPError):
        return f"connection failed ({type(error).__name__}: {error})"
    return str(error)


def fetch_one(client: httpx.Client, source: str, settings: FetchSettings) -> Fetched:
    """The bytes of one URL or local file, retrying what may pass on a second try."""
    if not is_url(source):
        if urlsplit(source).scheme.lower() not in ("", "file") and not Path(source).exists():
            return Fetched(source, source, None, error="only http(s) URLs and local files can be read")
        return _read_local(source)
    cache = FeedCache(settings.cache_dir) if settings.cache_dir else None
    cached = cache.get(source) if cache else None
    headers = {}
    if cached:
        meta, _ = cached
        if meta.get("etag"):
            headers["If-None-Match"] = meta["etag"]
        if meta.get("last_modified"):
            headers["If-Modified-Since"] = meta["last_modified"]
    reason = "not fetched"
    for attempt in range(settings.retries + 1):
        if attempt:
            time.sleep(settings.backoff * 2 ** (attempt - 1))
        try:
            with client.stream("GET", source, headers=headers) as response:
                if response.status_code == 304 and cached:
                    meta, body = cached
                    kind = meta.get("content_type") or "application/xml"
                    return Fetched(source, meta.get("final_url", source), body, 304, True, content_type=kind)
                if response.status_code in _RETRY_STATUSES:
                    reason = f"HTTP {response.status_code}"
                    continue
                if response.status_code != 200:
                    return Fetched(source, str(response.url), None, response.status_code, error=_status(response))
                body = _read_limited(response, settings.max_bytes)
                if cache:
                    cache.put(source, response, body)
                kind = response.headers.get("content-type", "application/xml")
                return Fetched(source, str(response.url), body, 200, content_type=kind)
        except _TooLarge:
            return Fetched(source, source, None, error=f"larger than {settings.max_bytes} bytes")
        except httpx.HTTPError as error:
            reason = _describe(error)
            if isinstance(error, httpx.TooManyRedirects | httpx.UnsupportedProtocol | httpx.InvalidURL):
                break
    tries = settings.retries + 1
    return Fetched(source, source, None, error=f"{reason} after {tries} {'try' if tries == 1 else 'tries'}")


def _status(response: httpx.Response) -> str:
    return f"HTTP {response.status_code} {response.reason_phrase}".strip()


class _TooLarge(Exception):
    pass


def _read_limited(response: httpx.Response, limit: int) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def make_client(settings: FetchSettings) -> httpx.Client:
    return httpx.Client(
        timeout=httpx.Timeout(settings.timeout),
        follow_redirects=True,
        max_redirects=5,
        headers={"User-Agent": settings.user_agent, "Accept": "application/atom+xml, application/rss+xml, */*;q=0.5"},
        limits=httpx.Limits(max_connections=settings.workers, max_keepalive_connections=settings.workers),
    )


def fetch_all(
    sources: Sequence[str], settings: FetchSettings = FetchSettings(), progress: bool | None = None
) -> list[Fetched]:
    """Every source, fetched ``settings.workers`` at a time, in the order given.

    The progress bar shows only on a terminal (``progress=None``) so that logs and pipes stay clean.
    """
    settings = settings or FetchSettings()
    show = sys.stderr.isatty() if progress is None else progress
    results: list[Fetched | None] = [None] * len(sources)
    with make_client(settings) as client, ThreadPoolExecutor(max_workers=max(1, settings.workers)) as pool:
        futures = {pool.submit(fetch_one, client, source, settings): n for n, source in enumerate(sources)}
        with tqdm(total=len(sources), desc="feeds", unit="feed", disable=not show, file=sys.stderr) as bar:
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                bar.update()
    return [r for r in results if r is not None]
