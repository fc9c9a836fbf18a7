"""Downloads an export's attachments into ``content/images/``.

Every request has a timeout and a bounded retry; only http(s) is fetched
(redirects to other schemes are refused); files larger than a limit are
abandoned; each file is written to a temporary name and renamed, so an
interrupted download leaves nothing behind. A file that cannot be fetched is
reported and skipped: the post keeps its link to the old address.
"""

from __future__ import annotations

import os
import posixpath
import re
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urlsplit

TIMEOUT = 15.0
ATTEMPTS = 2
WORKERS = 8
MAX_BYTES = 100 * 1024 * 1024
_UNSAFE_NAME = re.compile(r"[^\w.\-]+")


@dataclass(frozen=True)
class Fetched:
    """The outcome of one download: ``error`` is None when the file is now at ``path``."""

    url: str
    path: Path
    error: str | None


def local_name(url: str, attachment_id: int) -> str:
    """Where an attachment goes under ``content/``: ``images/uploads/2012/08/pic.jpg``.

    WordPress keeps uploads under ``wp-content/uploads/<year>/<month>/``; that
    part of the path is kept, so that two files with the same name from
    different months stay apart. Anything else goes to ``images/uploads/<id>-<name>``.
    """
    path = unquote(urlsplit(url).path)
    marker = "/wp-content/uploads/"
    if marker in path:
        rest = path.split(marker, 1)[1]
    else:
        rest = f"{attachment_id}-{posixpath.basename(path) or 'file'}"
    parts = [_UNSAFE_NAME.sub("-", part).strip(".-") for part in rest.split("/")]
    parts = [part for part in parts if part and part not in (".", "..")]
    return posixpath.join("images", "uploads", *parts) if parts else f"images/uploads/{attachment_id}"


def _opener() -> urllib.request.OpenerDirector:
    """An opener that speaks http(s) only, redirects included."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(url: str, path: Path, timeout: float = TIMEOUT, attempts: int = ATTEMPTS) -> Fetched:
    """Download ``url`` to ``path`` (atomically); the error, if any, in a few words."""
    if urlsplit(url).scheme not in ("http", "https"):
        return Fetched(url, path, "not an http(s) address")
    opener = _opener()
    request = urllib.request.Request(url, headers={"User-Agent": "blog-import (media download)"})
    error = "not tried"
    for attempt in range(attempts):
        if attempt:
            time.sleep(0.5 * attempt)
        try:
            with opener.open(request, timeout=timeout) as response:
                _save(response, path)
            return Fetched(url, path, None)
        except HTTPError as failure:
            error = f"HTTP {failure.code} {failure.reason}"
            if failure.code < 500:
                break
        except _TooLarge:
            error = f"larger than {MAX_BYTES // (1024 * 1024)} MB"
            break
        except (URLError, HTTPException, OSError) as failure:
            reason = getattr(failure, "reason", None) or failure
            error = str(reason) or type(failure).__name__
    return Fetched(url, path, error)


class _TooLarge(Exception):
    pass


def _save(response, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        size = 0
        with os.fdopen(handle, "wb") as out:
            while chunk := response.read(1 << 16):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise _TooLarge
                out.write(chunk)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def fetch_all(downloads: list[tuple[str, Path]], workers: int = WORKERS, timeout: float = TIMEOUT) -> list[Fetched]:
    """Download each ``(url, path)`` a few at a time; results in the order given."""
    if not downloads:
        return []
    with ThreadPoolExecutor(max_workers=min(workers, len(downloads))) as pool:
        return list(pool.map(lambda pair: fetch(pair[0], pair[1], timeout), downloads))
