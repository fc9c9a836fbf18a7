"""Reads the metadata header of a Markdown content file with line numbers.

Pelican's reader gives the values but not where they stand; error messages
need the line, so the header is scanned here the way Python-Markdown's
``meta`` extension reads it: ``Key: value`` lines from the top of the file,
indented lines continuing the previous value, up to the first blank line.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")
_HEAD = 2048  # characters: where a header is looked for first


@dataclass(frozen=True)
class Field:
    key: str  # as written by the author
    value: str
    line: int  # 1-based

    @property
    def name(self) -> str:
        """The key as Pelican sees it: lower case."""
        return self.key.lower()


@dataclass(frozen=True)
class Header:
    fields: tuple[Field, ...]
    body_start: int  # 1-based line where the body begins

    def get(self, name: str) -> Field | None:
        """The last field called ``name`` (case-insensitive), as Pelican keeps the last."""
        return self._by_name.get(name.lower())

    @functools.cached_property
    def _by_name(self) -> dict[str, Field]:
        return {field.name: field for field in self.fields}


def split_lines(text: str) -> list[str]:
    """Lines as Python-Markdown cuts them: at ``\\n``, ``\\r\\n`` and ``\\r`` only.

    ``str.splitlines`` also cuts at form feeds, U+2028 and other separators,
    which would put a field that Pelican reads whole on two lines here.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the line end of the last line starts no new line
    return lines


def read_header(text: str) -> Header:
    # The header is the first few lines: a long post's other lines need not be split to find where it
    # ends (every build reads every file's header). Only when it runs on past the first lines is the
    # whole text split.
    if len(text) > _HEAD:
        cut = max(text.rfind("\n", 0, _HEAD), text.rfind("\r", 0, _HEAD))
        if cut > 0:
            found = _header(split_lines(text[:cut]), whole=False)
            if found is not None:
                return found
    return _header(split_lines(text), whole=True)


def _header(lines: list[str], whole: bool) -> Header | None:
    """The header in ``lines`` (a file's first lines, each complete); None when they end inside
    it and ``whole`` says they are not all of the file's lines."""
    fields: list[Field] = []
    number = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            return Header(tuple(fields), number + 1)
        match = _KEY.match(line)
        if match:
            fields.append(Field(match["key"], match["value"].strip(), number))
            continue
        continuation = _CONTINUATION.match(line)
        if continuation and fields:
            last = fields[-1]
            value = f"{last.value} {continuation['value'].strip()}".strip()
            fields[-1] = Field(last.key, value, last.line)
            continue
        # Not metadata: the body starts here (a file without a header).
        return Header(tuple(fields), number)
    return Header(tuple(fields), number + 1) if whole else None


def header_line(path: str | os.PathLike, key: str) -> int | None:
    """The line of the ``key`` field in the header of the file at ``path``, for messages (Pelican
    keeps values, not lines); None when there is no such field or no readable file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    found = read_header(text).get(key)
    return found.line if found else None


def line_of(text: str, needle: str, start: int = 1) -> int | None:
    """The first line (1-based, from ``start``) containing ``needle``."""
    for number, line in enumerate(split_lines(text), start=1):
        if number >= start and needle in line:
            return number
    return None
