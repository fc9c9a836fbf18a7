"""Writes imported files so that importing again is safe.

Every file an import writes is recorded with the SHA-256 of its text in
``content/imports/manifest.json`` (commit it with the content). On the next
import each file is one of:

- **new**: not there yet; written.
- **unchanged**: already holds exactly what the import would write; left alone.
- **updated**: still as the last import wrote it, but the export changed; rewritten.
- **edited**: changed since the import wrote it (someone edited it by hand); kept
  unless ``--force``.
- **foreign**: there, but never written by an import (a post of the same name);
  kept unless ``--force``.

Nothing is written until every file has been decided, and each file is
written to a temporary name beside it and renamed into place, so a reader
(or a crash) never sees half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .errors import MigrateError

MANIFEST = "imports/manifest.json"
WRITERS = 4
WRITES = ("new", "updated")
WHY_KEPT = {
    "unchanged": "unchanged since the last import",
    "edited": "edited since the last import (--force overwrites)",
    "foreign": "a file of that name exists that the import did not write (--force overwrites)",
}


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    The temporary name carries the process id, so two imports never share one.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@dataclass
class ContentWriter:
    """Decides, then writes, the files of one import under ``content``."""

    content: Path
    force: bool = False
    files: dict[str, str] = field(default_factory=dict)  # relative path -> sha256 of what the import wrote
    aliases: dict[str, str] = field(default_factory=dict)  # "disqus:<id>" -> relative path it was imported as
    sources: dict[str, str] = field(default_factory=dict)  # relative path -> fingerprint of what it was made from
    queued: dict[str, bytes] = field(default_factory=dict)
    outcomes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, content: Path, force: bool = False) -> ContentWriter:
        content = Path(content)
        manifest = content / MANIFEST
        files: dict[str, str] = {}
        aliases: dict[str, str] = {}
        sources: dict[str, str] = {}
        if manifest.is_file():
            try:
                data = json.loads(manifest.read_text(encoding="utf-8"))
                files = dict(data.get("files", {}))
                aliases = dict(data.get("aliases", {}))
                sources = dict(data.get("sources", {}))
            except (ValueError, AttributeError, TypeError):
                raise MigrateError(
                    f"{manifest}:1: manifest: not readable JSON; restore it from version control "
                    "(or delete it: every existing file will then be treated as edited by hand)"
                ) from None
        return cls(content, force, files, aliases, sources)

    def decide(self, relative: str, data: bytes) -> str:
        """new, updated, unchanged, edited or foreign (see the module's docstring)."""
        path = self.content / relative
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            return "new"
        except IsADirectoryError:
            return "foreign"
        if current == data:
            return "unchanged"
        recorded = self.files.get(relative)
        if recorded is not None and recorded == digest(current):
            return "updated"
        if self.force:
            return "updated"
        return "edited" if recorded is not None else "foreign"

    def stage(self, relative: str, text: str | bytes, source: str = "") -> str | None:
        """Decide what to do with one file; None when it will be written, else why it is not.

        ``source`` fingerprints what the text was made from (see :meth:`is_fresh`).
        """
        data = text.encode("utf-8") if isinstance(text, str) else text
        if relative in self.outcomes:
            raise MigrateError(f"{relative}: two items of the export would be written to this file")
        outcome = self.decide(relative, data)
        self.outcomes[relative] = outcome
        if outcome in WRITES or outcome == "unchanged":
            self.sources[relative] = source
        if outcome in WRITES:
            self.queued[relative] = data
            return None
        if outcome == "unchanged":
            self.files[relative] = digest(data)
        return WHY_KEPT[outcome]

    def is_fresh(self, relative: str, source: str) -> bool:
        """The file is what an import wrote from this very ``source``: no need to make it again.

        A re-import of an unchanged export skips the conversion of every such
        file; a file edited since, or made from other input, is never fresh.
        """
        if not source or self.sources.get(relative) != source or relative not in self.files:
            return False
        try:
            current = (self.content / relative).read_bytes()
        except OSError:
            return False
        return digest(current) == self.files[relative]

    def keep(self, relative: str) -> str:
        """Count a fresh file as unchanged; the reason it is not written."""
        if relative in self.outcomes:
            raise MigrateError(f"{relative}: two items of the export would be written to this file")
        self.outcomes[relative] = "unchanged"
        return WHY_KEPT["unchanged"]

    def commit(self) -> None:
        """Write every staged file, then the manifest.

        Creating tens of thousands of small files is system-call bound, so a
        few threads write them side by side (the calls release the GIL).
        """
        for folder in sorted({(self.content / relative).parent for relative in self.queued}):
            folder.mkdir(parents=True, exist_ok=True)

        def write(item: tuple[str, bytes]) -> str:
            relative, data = item
            write_atomically(self.content / relative, data)
            return relative

        try:
            with ThreadPoolExecutor(max_workers=WRITERS) as pool:
                for relative in pool.map(write, self.queued.items()):
                    self.files[relative] = digest(self.queued[relative])
        except OSError as error:
            raise MigrateError(f"{error.filename or self.content}: cannot write: {error.strerror}") from None
        finally:
            self.save()
        self.queued.clear()

    def save(self) -> None:
        if not self.files and not self.aliases and not (self.content / MANIFEST).exists():
            return
        manifest = {
            "version": 1,
            "files": dict(sorted(self.files.items())),
            "aliases": dict(sorted(self.aliases.items())),
            "sources": dict(sorted((k, v) for k, v in self.sources.items() if v and k in self.files)),
        }
        data = (json.dumps(manifest, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
        path = self.content / MANIFEST
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, data)

    def counts(self) -> dict[str, int]:
        counted = dict.fromkeys(("new", "updated", "unchanged", "edited", "foreign"), 0)
        for outcome in self.outcomes.values():
            counted[outcome] += 1
        return counted
