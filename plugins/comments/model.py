"""Comment files: reading, checking and the :class:`Comment` they become.

One file per comment, ``<comments folder>/<article slug>/<comment id>.md``:
a header of ``Key: value`` lines, a blank line, then the Markdown body. No
Pelican imports here, so that reading and checking can be tested on their
own and stay cheap enough for a hundred thousand files.
"""

from __future__ import annotations

import codecs
import difflib
import functools
import os
import re
import sys
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from .errors import Problem

KINDS = ("comment", "pingback", "trackback")
STATUSES = ("approved", "pending")
ROLES = ("author",)
# Header keys, lower case, with the spelling used in messages.
KEYS = {
    "author": "Author",
    "date": "Date",
    "url": "Url",
    "reply-to": "Reply-To",
    "type": "Type",
    "status": "Status",
    "role": "Role",
}
# A comment id becomes an HTML id and a URL fragment (#comment-<id>): keep it plain.
COMMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
# The names of a folder of comment files and nothing else, each followed by "/" (which no file name holds).
_COMMENT_FILES = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9_-]*\.md/)*")
_URL_FORBIDDEN = re.compile(r'[\s\x00-\x1f\x7f"<>\\^`{|}]')
_KEY_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# A header of plain "Key: value" lines and the empty line after it.
_HEADER_BLOCK = re.compile(r"(?:[A-Za-z][A-Za-z0-9_-]*:[^\n]*\n)*\n")
# Characters XML 1.0 forbids (feeds would not parse) and that have no business in a comment.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# The same characters below 128, for ASCII text (deleted from its bytes, without the pattern).
_UNPRINTABLE_ASCII = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


_new_tuple = tuple.__new__  # a Field without NamedTuple's argument handling: there are several per comment


class Field(NamedTuple):
    """One ``Key: value`` line of a header (a tuple: there are several per comment, a hundred thousand comments)."""

    key: str  # as written
    name: str  # lower case
    value: str
    line: int  # 1-based


def read_header(text: str) -> tuple[list[Field], str, int]:
    """The ``Key: value`` lines at the top, the body after the first blank line, and the body's first line.

    Like the post headers (see ``plugins/content_check/header.py``), but lines
    end only at ``\\n`` (or ``\\r\\n``): a visitor's text may hold other
    characters that ``str.splitlines`` would take for line ends (U+2028, form
    feed), which must not start a new header field. Only the header is cut
    into lines; the body is taken whole.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    plain = _plain_header(text)
    if plain is not None:
        lines, end = plain
        fields = []
        for number, line in enumerate(lines, 1):
            key, _, value = line.partition(":")  # the pattern matched: a key, a colon, the value
            fields.append(_new_tuple(Field, (key, key.lower(), value.strip(" \t"), number)))
        return fields, text[end:], len(fields) + 2
    return _read_header_lines(text)


def _plain_header(text: str) -> tuple[list[str], int] | None:
    """The usual header: plain "Key: value" lines, then an empty line, all found by one pattern match.
    Its lines and where the body starts; None for a header written another way."""
    block = _HEADER_BLOCK.match(text)
    if block is None:
        return None
    end = block.end()
    lines = text[: end - 1].split("\n")
    lines.pop()  # what follows the last header line's end
    return lines, end


def _read_header_lines(text: str) -> tuple[list[Field], str, int]:
    """:func:`read_header` for any text, a line at a time."""
    fields: list[Field] = []
    start, number, size = 0, 1, len(text)
    while start < size:
        end = text.find("\n", start)
        if end < 0:
            end = size
        line = text[start:end]
        if not line.strip(" \t"):
            return fields, text[end + 1 :], number + 1
        key, colon, value = line.partition(":")
        if colon and _KEY_NAME.fullmatch(key):
            fields.append(Field(key, key.lower(), value.strip(" \t"), number))
        elif line[0] in " \t" and fields:
            last = fields[-1]
            fields[-1] = Field(last.key, last.name, (last.value + " " + line.strip(" \t")).strip(" \t"), last.line)
        else:
            return fields, text[start:], number
        start, number = end + 1, number + 1
    return fields, "", number


def file_text(data: bytes) -> str | None:
    """A comment file's bytes as :func:`printable` text, without a byte order mark; None if they are
    not UTF-8. ASCII bytes (most comments) are cleaned before they are decoded, which saves turning
    the text back into bytes to clean it."""
    if data.isascii():
        return data.translate(None, _UNPRINTABLE_ASCII).decode("ascii")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return printable(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def printable(text: str) -> str:
    """``text`` without control characters (other than tab and line ends), which feeds cannot carry."""
    if text.isascii():
        raw = text.encode("ascii")
        kept = raw.translate(None, _UNPRINTABLE_ASCII)
        return text if len(kept) == len(raw) else kept.decode("ascii")
    return _UNPRINTABLE.sub("", text) if _UNPRINTABLE.search(text) else text


@dataclass(slots=True, eq=False)
class Comment:
    """One comment, pingback or trackback, as read from its file.

    ``html``, ``text``, ``date_text`` and ``iso_date`` are filled in when a
    published comment is rendered; pending comments never get them.
    """

    id: str
    article: str  # the slug of the article it belongs to
    path: str  # as shown to the author in messages
    author: str
    date: datetime  # timezone-aware
    url: str  # http(s) or empty
    reply_to: str  # the id of the comment it answers, or empty
    kind: str  # comment | pingback | trackback
    status: str  # approved | pending
    is_author: bool  # written by the blog's author
    body: str  # Markdown
    date_line: int = 0
    reply_to_line: int = 0
    html: str = ""
    text: str = ""
    date_text: str = ""
    iso_date: str = ""

    @property
    def published(self) -> bool:
        return self.status == "approved"

    @property
    def is_mention(self) -> bool:
        """Pingbacks and trackbacks: other sites mentioning the article, shown apart."""
        return self.kind != "comment"


def parse_date(value: str, default_zone: tzinfo) -> datetime | None:
    """An ISO 8601 date and time; without a zone it is in ``default_zone``."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=default_zone)


@functools.lru_cache(maxsize=4096)  # regular commenters give the same address on every comment
def url_problem(value: str) -> str | None:
    """Why ``value`` cannot be a commenter's link, or None when it is a plain http(s) address."""
    if _URL_FORBIDDEN.search(value):
        return f"{value!r} contains spaces, quotes or control characters; write the address as a browser shows it"
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        host = None
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not host:
        return f"{value!r} is not an http(s) address; write a full https:// address or remove the line"
    return None


def is_blog_author(name: str, blog_author: str) -> bool:
    """Whether a comment signed ``name`` is the blog author's (``AUTHOR``): the same words, case and spacing
    aside. The comment files, the imports and the analytics all decide it this way."""
    return bool(blog_author.strip()) and _folded(name) == _folded(blog_author)


@functools.lru_cache(maxsize=4096)  # a blog's commenters are far fewer than its comments
def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def parse_comment(
    text: str, path: str, article: str, comment_id: str, zone: tzinfo, blog_author: str = ""
) -> tuple[Comment | None, list[Problem]]:
    """The comment in ``text`` and every problem with it (the comment is None when there are any)."""
    return _parse_printable(printable(text), path, article, comment_id, zone, blog_author)


def _parse_printable(
    text: str, path: str, article: str, comment_id: str, zone: tzinfo, blog_author: str
) -> tuple[Comment | None, list[Problem]]:
    """:func:`parse_comment` for text that is already :func:`printable`."""
    comment = _parse_plain(text, path, article, comment_id, zone, blog_author)
    if comment is not None:
        return comment, []
    return _parse_checked(text, path, article, comment_id, zone, blog_author)


def _parse_plain(text: str, path: str, article: str, comment_id: str, zone: tzinfo, blog_author: str) -> Comment | None:
    """The comment in a file with a plain ``Key: value`` header and nothing to report, read without the
    full check's bookkeeping; None for any other file, which :func:`_parse_checked` then reads.

    It returns a comment only where :func:`_parse_checked` returns the same
    one with no problem.
    """
    values = _header_values(text) if "\r" not in text else None
    if values is None:  # a header written another way, or none at all
        return None
    author, date_value, date_line, url, reply_to, reply_line, kind, status, role, end = values
    kind, status = kind.lower(), status.lower()
    role = role.lower() if role is not None else None  # None: no Role line
    body = text[end:].strip()
    if (
        not author
        or status not in STATUSES
        or kind not in KINDS
        or (role is not None and role not in ROLES)
        or (reply_to is not None and (not reply_to or kind != "comment"))
        or (not body and kind == "comment")
        or (url and url_problem(url))
        or (not url and kind != "comment")
    ):
        return None
    date = parse_date(date_value, zone) if date_value else None
    if date is None:
        return None
    return _comment(
        comment_id, article, path, blog_author, role or "", author, date, url, reply_to or "", kind, status, body,
        date_line, reply_line,
    )  # fmt: skip


def _header_values(text: str) -> tuple | None:
    """The values of a plain header: author, date and its line, url, reply-to (None when absent) and its
    line, type, status, role (None when absent), and where the body starts; None for any other header.

    A header in the order the format gives (Author, Date, Url, Reply-To, Type,
    Status, Role, the optional ones left out), as the importers write it, is
    read by one pattern match; any other plain header a line at a time.
    """
    canonical = _CANONICAL.match(text)
    if canonical is not None:
        author, date_value, url, reply_to, kind, status, role = canonical.groups()
        reply_line = 0 if reply_to is None else 3 + (url is not None)
        return author, date_value, 2, url or "", reply_to, reply_line, kind or "comment", status, role, canonical.end()
    plain = _plain_header(text)
    if plain is None or not plain[0]:
        return None
    lines, end = plain
    values = {}
    for number, line in enumerate(lines, 1):
        key, _, value = line.partition(":")
        values[key.lower()] = (value.strip(" \t"), number)
    if not values.keys() <= _KEY_NAMES:
        return None
    date_value, date_line = values.get("date", _NONE)
    reply_to, reply_line = values.get("reply-to", _ABSENT)
    return (
        values.get("author", _NONE)[0], date_value, date_line, values.get("url", _NONE)[0], reply_to, reply_line,
        values.get("type", _COMMENT)[0], values.get("status", _NONE)[0], values.get("role", _ABSENT)[0], end,
    )  # fmt: skip


_KEY_NAMES = KEYS.keys()
_NONE = ("", 0)
_ABSENT = (None, 0)
_COMMENT = ("comment", 0)
# A value as it stands after "Key: ": no space or tab around it (else the header is read a line at a time).
_VALUE = r"([^ \t\n](?:[^\n]*[^ \t\n])?)"
_CANONICAL = re.compile(
    f"Author: {_VALUE}\nDate: {_VALUE}\n(?:Url: {_VALUE}\n)?(?:Reply-To: {_VALUE}\n)?(?:Type: {_VALUE}\n)?"
    f"Status: {_VALUE}\n(?:Role: {_VALUE}\n)?\n"
)


def _comment(
    comment_id: str,
    article: str,
    path: str,
    blog_author: str,
    role: str,
    author: str,
    date: datetime,
    url: str,
    reply_to: str,
    kind: str,
    status: str,
    body: str,
    date_line: int,
    reply_to_line: int,
) -> Comment:
    """A checked comment from its header's values, the author's name with its spacing tidied. (Arguments
    by position, in the order of :class:`Comment`'s fields: called once per comment file.)

    The values that repeat (a regular commenter's name and address, the type
    and status) are one string each: a post's comments are packed for the
    build's own process, which then holds each once, not once per comment.
    """
    name = sys.intern(" ".join(author.split()))
    is_author = role == "author" or is_blog_author(name, blog_author)
    return Comment(
        comment_id, article, path, name, date, sys.intern(url), reply_to, sys.intern(kind), sys.intern(status),
        is_author, body, date_line, reply_to_line,
    )  # fmt: skip


def _parse_checked(
    text: str, path: str, article: str, comment_id: str, zone: tzinfo, blog_author: str
) -> tuple[Comment | None, list[Problem]]:
    """:func:`parse_comment` for any text, with every problem found."""
    header, body, body_line = read_header(text)
    problems: list[Problem] = []

    def problem(line: int | None, key: str, message: str) -> None:
        problems.append(Problem(path, line, key, message))

    values = {}
    for item in header:
        if item.name in KEYS:
            values[item.name] = item
            continue
        close = difflib.get_close_matches(item.name, KEYS, n=1, cutoff=0.6)
        hint = f"did you mean '{KEYS[close[0]]}'?" if close else "use " + ", ".join(KEYS.values())
        problem(item.line, item.key, f"unknown key; {hint}")

    author = values.get("author")
    if author is None or not author.value:
        problem(author.line if author else 1, "Author", "missing; add a line such as 'Author: Jane Reader'")

    date = None
    date_field = values.get("date")
    if date_field is None:
        problem(1, "Date", "missing; add a line such as 'Date: 2012-08-17 09:12:00+00:00'")
    else:
        date = parse_date(date_field.value, zone)
        if date is None:
            problem(
                date_field.line,
                date_field.key,
                f"cannot read the date {date_field.value!r}; write it as YYYY-MM-DD HH:MM "
                "(add +HH:MM for a zone other than the site's)",
            )

    kind = _choice(values.get("type"), KINDS, "comment", problem)
    status = _choice(values.get("status"), STATUSES, None, problem)
    if "status" not in values:
        problem(1, "Status", "missing; add 'Status: approved' to publish the comment or 'Status: pending' to hold it")
    role = _choice(values.get("role"), ROLES, "", problem)

    url_field = values.get("url")
    url = url_field.value if url_field else ""
    if url:
        reason = url_problem(url)
        if reason:
            problem(url_field.line, url_field.key, reason)
    elif kind in ("pingback", "trackback"):
        problem(url_field.line if url_field else 1, "Url", f"a {kind} needs the address of the page that links here")

    reply = values.get("reply-to")
    reply_to = reply.value if reply else ""
    if reply is not None and not reply_to:
        problem(reply.line, reply.key, "is empty; write the id of the comment this one answers, or remove the line")
    if reply_to and kind != "comment":
        problem(reply.line, reply.key, f"a {kind} cannot reply to a comment; remove the Reply-To line")

    body = body.strip()
    if not body and kind == "comment":
        problem(body_line, "body", "empty; write the comment below the header, after a blank line")

    if problems or date is None or status is None or author is None:
        return None, problems
    comment = _comment(
        comment_id, article, path, blog_author, role, author.value, date, url, reply_to, kind, status, body,
        date_field.line, reply.line if reply else 0,
    )  # fmt: skip
    return comment, []


def _choice(item: Field | None, allowed: tuple[str, ...], default: str | None, problem) -> str | None:
    if item is None:
        return default
    value = item.value.lower()
    if value not in allowed:
        problem(item.line, item.key, f"unknown {item.name} {item.value!r}; use one of {', '.join(allowed)}")
        return None
    return value


@dataclass
class Loaded:
    """What reading a comments folder gave: the good comments, the problems, and
    the ids of comment files too broken to read (so replies to them are not
    reported a second time)."""

    comments: list[Comment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    broken: set[tuple[str, str]] = field(default_factory=set)  # (article slug, comment id)


@dataclass(frozen=True)
class ArticleFiles:
    """The comment files of one article, as listed before they are read."""

    slug: str
    folder: str  # path of the article's comment folder
    display: str  # the folder as named in messages
    names: tuple[str, ...]  # file names, each ``<valid id>.md``


def list_comment_files(
    folder: Path, display: str, slugs: Collection[str] | None = None
) -> tuple[list[ArticleFiles], list[Problem]]:
    """The comment files under ``folder`` by article, and a problem for everything else found there.

    ``display`` is how ``folder`` is named in messages; ``slugs`` are the
    articles comments may belong to (None: list every folder, and check
    them later with :func:`known_articles`). Files that are not comments are
    problems: nothing in the folder is skipped without a word.
    """
    listed: list[ArticleFiles] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return listed, problems
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        where = f"{display}/{entry.name}"
        if not entry.is_dir():
            problems.append(
                Problem(where, None, "file", f"comment files go in {display}/<article-slug>/<comment-id>.md; move it")
            )
            continue
        with os.scandir(entry.path) as scan:
            files = list(scan)
        if all(file.is_file() for file in files) and _COMMENT_FILES.fullmatch("".join(f"{f.name}/" for f in files)):
            # The usual folder, all comment files: checked by one pattern match, not a name at a time.
            listed.append(ArticleFiles(entry.name, entry.path, where, tuple(sorted(file.name for file in files))))
            continue
        names = []
        for file in files:
            name = file.name
            if name.startswith("."):
                continue
            if not name.endswith(".md") or not file.is_file():
                problems.append(
                    Problem(f"{where}/{name}", None, "file", "not a comment file; comments are <comment-id>.md files")
                )
            elif not COMMENT_ID.fullmatch(name[:-3]):
                problems.append(
                    Problem(
                        f"{where}/{name}",
                        None,
                        "file",
                        "name the file with letters, digits, '-' and '_' only (it is the id)",
                    )
                )
            else:
                names.append(name)
        listed.append(ArticleFiles(entry.name, entry.path, where, tuple(sorted(names))))
    if slugs is None:
        return listed, problems
    listed, unknown = known_articles(listed, slugs)
    return listed, problems + unknown


def known_articles(listed: list[ArticleFiles], slugs: Collection[str]) -> tuple[list[ArticleFiles], list[Problem]]:
    """The folders named after a post or page, and a problem for each of the others."""
    known, problems = [], []
    for article in listed:
        if article.slug in slugs:
            known.append(article)
            continue
        close = difflib.get_close_matches(article.slug, list(slugs), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "rename the folder to the Slug of the post or page"
        problems.append(
            Problem(article.display + "/", None, "folder", f"no post or page has the slug {article.slug!r}; {hint}")
        )
    return known, problems


def read_comment_files(
    articles: Iterable[ArticleFiles], zone: tzinfo, blog_author: str = "", opened: list | None = None
) -> Loaded:
    """Reads and parses the listed files; ``opened``, when given, gets each file's status as it was
    opened, before it was read (what a cache key needs, without a second system call per file)."""
    loaded = Loaded()
    for article in articles:
        slug = article.slug
        folder = open_folder(article.folder)
        try:
            for name in article.names:
                comment_id = name[:-3]
                where = f"{article.display}/{name}"
                if folder is None:
                    data = _read_bytes(os.path.join(article.folder, name), None, opened)
                else:
                    data = _read_bytes(name, folder, opened)
                _parse_into(loaded, data, where, slug, comment_id, zone, blog_author)
        finally:
            if folder is not None:
                os.close(folder)
    return loaded


def _parse_into(
    loaded: Loaded, data: bytes, where: str, slug: str, comment_id: str, zone: tzinfo, blog_author: str
) -> None:
    text = file_text(data)
    if text is None:
        loaded.problems.append(Problem(where, None, "file", "is not UTF-8 text; save it as UTF-8"))
        loaded.broken.add((slug, comment_id))
        return
    comment, found = _parse_printable(text, where, slug, comment_id, zone, blog_author)
    if comment is None:
        loaded.problems += found
        loaded.broken.add((slug, comment_id))
    else:
        loaded.comments.append(comment)


def load_comments(folder: Path, display: str, slugs: Collection[str], zone: tzinfo, blog_author: str = "") -> Loaded:
    """Every comment under ``folder`` (``<slug>/<id>.md``), and every problem found listing and reading them."""
    listed, problems = list_comment_files(folder, display, slugs)
    loaded = read_comment_files(listed, zone, blog_author)
    loaded.problems[:0] = problems
    return loaded


def open_folder(path: str) -> int | None:
    """The folder opened for reading its files by name (the kernel then walks no path per file);
    None where the platform cannot, or the folder cannot be opened (each file's open then says why)."""
    if os.open not in os.supports_dir_fd:
        return None
    try:
        return os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None


def _read_bytes(path: str, folder: int | None = None, opened: list | None = None) -> bytes:
    """The whole file, in as few system calls as the OS allows (open, read, close): with a
    hundred thousand small files, the calls ``open().read()`` adds around them are most of the cost.
    ``path`` is relative to ``folder`` when it is given."""
    fd = os.open(path, os.O_RDONLY, dir_fd=folder)
    try:
        if opened is not None:
            opened.append(os.fstat(fd))
        chunks = [os.read(fd, _CHUNK)]
        while len(chunks[-1]) == _CHUNK:  # a regular file returns less only at its end
            chunks.append(os.read(fd, _CHUNK))
    finally:
        os.close(fd)
    return b"".join(chunks) if len(chunks) > 1 else chunks[0]


_CHUNK = 1 << 16


def check_replies(comments: Iterable[Comment], broken: Collection[tuple[str, str]] = ()) -> list[Problem]:
    """Every Reply-To names a comment of the same article, forms no cycle, and is not older than its parent.

    Linear in the number of comments: one pass to index them, one walk up
    the parent links that visits each comment once.
    """
    by_article: dict[str, dict[str, Comment]] = defaultdict(dict)
    for comment in comments:
        by_article[comment.article][comment.id] = comment
    problems: list[Problem] = []
    for by_id in by_article.values():
        in_cycle = set()
        for cycle in find_cycles({c.id: c.reply_to for c in by_id.values() if c.reply_to in by_id}):
            in_cycle.update(cycle)
            first = by_id[cycle[0]]
            chain = " → ".join([*cycle, cycle[0]])
            if len(cycle) == 1:
                message = "the comment replies to itself; write the id of the comment it answers, or remove the line"
            else:
                message = (
                    f"replies go round in a circle ({chain}); make one of them answer an earlier comment, "
                    "or remove its Reply-To"
                )
            problems.append(Problem(first.path, first.reply_to_line, "Reply-To", message))
        for comment in by_id.values():
            if not comment.reply_to or comment.id in in_cycle:
                continue
            parent = by_id.get(comment.reply_to)
            if parent is None and (comment.article, comment.reply_to) in broken:
                continue  # its own problems are reported
            if parent is None:
                problems.append(
                    Problem(
                        comment.path,
                        comment.reply_to_line,
                        "Reply-To",
                        f"no comment {comment.reply_to!r} on this article; write the id (file name without .md) "
                        "of a comment in the same folder",
                    )
                )
            elif parent.is_mention:
                problems.append(
                    Problem(
                        comment.path,
                        comment.reply_to_line,
                        "Reply-To",
                        f"{parent.id!r} is a {parent.kind}; replies can only answer comments",
                    )
                )
            elif comment.date < parent.date:
                problems.append(
                    Problem(
                        comment.path,
                        comment.date_line,
                        "Date",
                        f"{comment.date.isoformat()} is before {parent.date.isoformat()}, the date of the comment "
                        f"it replies to ({parent.id}); fix one of the dates",
                    )
                )
            elif comment.published and not parent.published:
                problems.append(
                    Problem(
                        comment.path,
                        comment.reply_to_line,
                        "Reply-To",
                        f"answers {parent.id!r}, which is pending; approve {parent.id} or set this reply to pending",
                    )
                )
    return problems


def find_cycles(parents: dict[str, str]) -> list[list[str]]:
    """The cycles in a child -> parent mapping, each listed once, starting from its smallest id.

    Each id is visited once: a walk up from an unvisited id stops at the
    first id already seen, so the whole search is linear.
    """
    done: set[str] = set()
    cycles = []
    for start in parents:
        if start in done:
            continue
        path: list[str] = []
        position: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in done and node not in position:
            position[node] = len(path)
            path.append(node)
            node = parents.get(node)
        if node is not None and node in position:
            cycle = path[position[node] :]
            smallest = cycle.index(min(cycle))
            cycles.append(cycle[smallest:] + cycle[:smallest])
        done.update(path)
    return cycles
