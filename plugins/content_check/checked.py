"""What the checks found in each file, kept for the next build.

Every build checks every post, and a post that has not changed since the
last build gives the same answer: it is remembered under the file's status
(its size and modification time, or a digest of its bytes when
``CHECK_MODIFIED_METHOD`` asks for one, as Pelican's own cache does), a
digest of the HTML it was rendered to, and its kind. Only files without a
problem are remembered (a build with problems stops, and the author fixes
them), together with the line of their Slug or Title (for the clash check's
messages) and the local files their links and images need, which are looked
for again on each build. What the answer depends on besides (the checks'
code, the known metadata keys, the folders) signs the whole record: when it
changes, nothing remembered is used. Safe to delete.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import NamedTuple

_CODE = Path(__file__).resolve().parent


class Found(NamedTuple):
    slug_line: int | None
    needed: tuple[str, ...]  # files the links need, relative to the content folder


class CheckedFiles:
    def __init__(self, record: Path, signature: bytes, method: str = "mtime") -> None:
        from plugins.fast_build.store import load_pickle

        self._record = record
        self._signature = signature
        self._method = method
        earlier = load_pickle(record, signature)
        self._earlier: dict[tuple, Found] = earlier if isinstance(earlier, dict) else {}
        self._now: dict[tuple, Found] = {}

    @classmethod
    def for_site(cls, settings: dict, known: frozenset[str], project: str) -> CheckedFiles:
        parts = [repr((sorted(known), project, str(settings["PATH"]))).encode()]
        for path in sorted(_CODE.glob("*.py")):
            parts.append(path.read_bytes())
        signature = hashlib.blake2b(b"\0".join(parts), digest_size=16).digest()
        record = Path(settings.get("CACHE_PATH") or "cache") / "content_check" / "files.pickle"
        return cls(record, signature, settings.get("CHECK_MODIFIED_METHOD") or "mtime")

    def key(self, path: str, kind: str, html: str) -> tuple | None:
        """What the answer for the file at ``path`` depends on; None when the file cannot be read."""
        try:
            if self._method == "mtime":
                status = os.stat(path)
                stamp: object = (status.st_size, status.st_mtime_ns)
            else:
                with open(path, "rb") as file:
                    stamp = hashlib.blake2b(file.read(), digest_size=16).digest()
        except OSError:
            return None
        html_digest = hashlib.blake2b(html.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        return (path, kind, stamp, html_digest)

    def get(self, key: tuple, content_root: Path) -> Found | None:
        """The remembered answer (no problem), when every file its links need is still there."""
        found = self._now.get(key) or self._earlier.get(key)
        if found is None or not all((content_root / relative).is_file() for relative in found.needed):
            return None
        self._now[key] = found
        return found

    def keep(self, key: tuple, found: Found) -> None:
        self._now[key] = found

    def save(self) -> None:
        """Keep what this build used, when it differs from what it was given."""
        if self._now.keys() == self._earlier.keys():
            return
        from plugins.fast_build.store import save_pickle

        try:
            save_pickle(self._record, self._signature, self._now)
        except OSError:
            pass  # nothing is lost: the next build checks every file again
