"""Streams the records of a large XML export, each with the line it starts on.

WordPress and Disqus exports run to hundreds of megabytes, so they are read
in chunks with the standard library's expat parser and handed over one
record (an ``<item>``, a ``<post>``…) at a time; a record is dropped from the
tree as soon as it has been handed over, so memory holds the records the
caller keeps, not the document. Expat gives the line of every record, which
``xml.etree.ElementTree.iterparse`` does not.

Exports come from outside and are untrusted. Like defusedxml, the reader
refuses document type declarations, entity declarations (the "billion laughs"
expansion) and external entities; no real export contains them.

Every XML problem becomes a :class:`MigrateError` naming the file and line:
a truncated file, a character XML does not allow, bytes that are not UTF-8.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from .errors import MigrateError

CHUNK = 1 << 20
LINE = " line"  # attribute holding the line of a record's child element
_TRUNCATED = {
    expat.errors.codes[message]
    for message in (
        expat.errors.XML_ERROR_NO_ELEMENTS,
        expat.errors.XML_ERROR_UNCLOSED_TOKEN,
        expat.errors.XML_ERROR_UNCLOSED_CDATA_SECTION,
        expat.errors.XML_ERROR_PARTIAL_CHAR,
    )
}
_INVALID_TOKEN = expat.errors.codes[expat.errors.XML_ERROR_INVALID_TOKEN]
_BAD_CHARACTERS = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r") | {"\ufffe", "\uffff"}


class _Refused(Exception):
    """A construct exports never contain; raised from inside expat's callbacks."""

    def __init__(self, line: int, what: str):
        self.line = line
        self.what = what


def display(path: Path) -> str:
    """The path relative to the working folder when it is inside it, else as it is."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def read_records(
    path: Path,
    depth: int,
    rename: Callable[[str], str],
    on_root: Callable[[str, int], None],
) -> Iterator[tuple[Element, int]]:
    """Yield ``(element, line)`` for every element ``depth`` levels down (the root is level 1).

    Each child of a record has its own line in the attribute :data:`LINE`.

    ``rename`` turns expat's ``"namespace-uri local-name"`` into the name the
    caller matches on (``"wp:post_id"``). ``on_root`` sees the root element's
    name and line first and raises when the document is not the export
    expected, before the rest of the file is read.
    """
    path = Path(path)
    shown = display(path)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise MigrateError(f"{shown}: file not found; give the path of the export file") from None
    except OSError as error:
        raise MigrateError(f"{shown}: cannot read the file: {error.strerror}") from None

    with handle:
        if os.fstat(handle.fileno()).st_size == 0:
            raise MigrateError(f"{shown}:1: XML: the file is empty; export it again")
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.buffer_size = CHUNK
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        builder = TreeBuilder()
        stack: list[Element] = []
        starts: list[int] = []
        ready: list[tuple[Element, int]] = []
        names: dict[str, str] = {}

        def name_of(raw: str) -> str:
            known = names.get(raw)
            if known is None:
                known = names[raw] = rename(raw)
            return known

        def start(raw: str, attributes: dict[str, str]) -> None:
            if attributes and any(" " in key for key in attributes):
                attributes = {name_of(key): value for key, value in attributes.items()}
            if len(stack) == depth:
                # A record's children carry their own line, under a name no XML attribute can have.
                attributes[LINE] = str(parser.CurrentLineNumber)
            element = builder.start(name_of(raw), attributes)
            if not stack:
                on_root(element.tag, parser.CurrentLineNumber)
            stack.append(element)
            starts.append(parser.CurrentLineNumber)

        def end(raw: str) -> None:
            element = builder.end(name_of(raw))
            stack.pop()
            line = starts.pop()
            if len(stack) == depth - 1:
                ready.append((element, line))
                if stack:
                    stack[-1].remove(element)

        def refuse(what: str) -> Callable[..., None]:
            def handler(*_args) -> None:
                raise _Refused(parser.CurrentLineNumber, what)

            return handler

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = builder.data
        parser.StartDoctypeDeclHandler = refuse("a document type declaration (DOCTYPE)")
        parser.EntityDeclHandler = refuse("an entity declaration")
        parser.ExternalEntityRefHandler = refuse("an external entity")

        final = False
        try:
            while not final:
                chunk = handle.read(CHUNK)
                final = not chunk
                parser.Parse(chunk, final)
                yield from ready
                ready.clear()
        except expat.ExpatError as error:
            raise MigrateError(_explain(path, shown, error, final)) from None
        except _Refused as refused:
            raise MigrateError(
                f"{shown}:{refused.line}: XML: the file contains {refused.what}, which exports never do; "
                "refusing to read it (export it again from the original site)"
            ) from None


def _explain(path: Path, shown: str, error: expat.ExpatError, final: bool) -> str:
    line = error.lineno
    if final and error.code in _TRUNCATED:
        return (
            f"{shown}:{line}: XML: the file ends before the export does (it is truncated); download or export it again"
        )
    if error.code == _INVALID_TOKEN:
        culprit = _bad_character(path, line)
        if culprit:
            return f"{shown}:{line}: XML: {culprit}; remove it (or export again) and import again"
    message = expat.errors.messages[error.code]
    return f"{shown}:{line}: XML: {message} at column {error.offset + 1}; this is not a well-formed export file"


def _bad_character(path: Path, line: int) -> str | None:
    """What on ``line`` makes it invalid XML: bytes that are not UTF-8 or a forbidden character."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number < line:
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                return f"bytes that are not UTF-8 (0x{raw[error.start]:02x}) at column {error.start + 1}"
            for column, character in enumerate(text, start=1):
                if character in _BAD_CHARACTERS:
                    return f"the character U+{ord(character):04X}, which XML does not allow, at column {column}"
            return None
    return None
