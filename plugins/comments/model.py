"""Comment files: reading, checking and the :class:`Comment` they become.

One file per comment, ``<comments folder>/<article slug>/<comment id>.md``:
a header of ``Key: value`` lines, a blank line, then the Markdown body. No
Pelican imports here, so that reading and checking can be tested on their
own and stay cheap enough for a hundred thousand files.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
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
_URL_FORBIDDEN = frozenset('"<>\\^`{|}')
_KEY = re.compile(r"(?P<key>[A-Za-z][A-Za-z0-9_-]*):[ \t]*(?P<value>.*)")
# Characters XML 1.0 forbids (feeds would not parse) and that have no business in a comment.
_UNPRINTABLE = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xFFFE, 0xFFFF])


@dataclass(frozen=True, slots=True)
class Field:
    key: str  # as written
    value: str
    line: int  # 1-based

    @property
    def name(self) -> str:
        return self.key.lower()


def read_header(text: str) -> tuple[list[Field], str, int]:
    """The ``Key: value`` lines at the top, the body after the first blank line, and the body's first line.

    Like the post headers (see ``plugins/content_check/header.py``), but lines
    end only at ``\\n`` (or ``\\r\\n``): a visitor's text may hold other
    characters that ``str.splitlines`` would take for line ends (U+2028, form
    feed), which must not start a new header field.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fields: list[Field] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip(" \t"):
            return fields, "\n".join(lines[number:]), number + 1
        match = _KEY.fullmatch(line)
        if match:
            fields.append(Field(match["key"], match["value"].strip(" \t"), number))
        elif line[:1] in (" ", "\t") and fields:
            last = fields[-1]
            fields[-1] = Field(last.key, (last.value + " " + line.strip(" \t")).strip(" \t"), last.line)
        else:
            return fields, "\n".join(lines[number - 1 :]), number
    return fields, "", len(lines) + 1


def printable(text: str) -> str:
    """``text`` without control characters (other than tab and line ends), which feeds cannot carry."""
    return text.translate(_UNPRINTABLE)


@dataclass(slots=True, eq=False)
class Comment:
    """One comment, pingback or trackback, as read from its file.

    ``html``, ``text`` and ``date_text`` are filled in when a published
    comment is rendered; pending comments never get them.
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


def url_problem(value: str) -> str | None:
    """Why ``value`` cannot be a commenter's link, or None when it is a plain http(s) address."""
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 or c in _URL_FORBIDDEN for c in value):
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


def same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def parse_comment(
    text: str, path: str, article: str, comment_id: str, zone: tzinfo, blog_author: str = ""
) -> tuple[Comment | None, list[Problem]]:
    """The comment in ``text`` and every problem with it (the comment is None when there are any)."""
    fields, body, body_line = read_header(printable(text))
    problems: list[Problem] = []

    def problem(line: int | None, key: str, message: str) -> None:
        problems.append(Problem(path, line, key, message))

    values = {}
    for item in fields:
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
    name = " ".join(author.value.split())
    return (
        Comment(
            id=comment_id,
            article=article,
            path=path,
            author=name,
            date=date,
            url=url,
            reply_to=reply_to,
            kind=kind,
            status=status,
            is_author=role == "author" or bool(blog_author and same_name(name, blog_author)),
            body=body,
            date_line=date_field.line,
            reply_to_line=reply.line if reply else 0,
        ),
        [],
    )


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


def load_comments(folder: Path, display: str, slugs: Collection[str], zone: tzinfo, blog_author: str = "") -> Loaded:
    """Every comment under ``folder`` (``<slug>/<id>.md``), and every problem found reading them.

    ``display`` is how ``folder`` is named in messages; ``slugs`` are the
    articles comments may belong to. Files that are not comments are
    problems too: nothing in the folder is skipped without a word.
    """
    loaded = Loaded()
    if not folder.is_dir():
        return loaded
    problems = loaded.problems
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        where = f"{display}/{entry.name}"
        if not entry.is_dir():
            problems.append(
                Problem(where, None, "file", f"comment files go in {display}/<article-slug>/<comment-id>.md; move it")
            )
            continue
        if entry.name not in slugs:
            close = difflib.get_close_matches(entry.name, list(slugs), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "rename the folder to the Slug of the post"
            problems.append(Problem(where + "/", None, "folder", f"no article has the slug {entry.name!r}; {hint}"))
            continue
        _load_article(Path(entry.path), where, entry.name, zone, blog_author, loaded)
    return loaded


def _load_article(folder: Path, display: str, slug: str, zone: tzinfo, blog_author: str, loaded: Loaded) -> None:
    problems = loaded.problems
    for entry in os.scandir(folder):
        name = entry.name
        if name.startswith("."):
            continue
        where = f"{display}/{name}"
        if not name.endswith(".md") or not entry.is_file():
            problems.append(Problem(where, None, "file", "not a comment file; comments are <comment-id>.md files"))
            continue
        comment_id = name[:-3]
        if not COMMENT_ID.fullmatch(comment_id):
            problems.append(
                Problem(where, None, "file", "name the file with letters, digits, '-' and '_' only (it is the id)")
            )
            continue
        try:
            with open(entry.path, encoding="utf-8-sig") as handle:
                text = handle.read()
        except UnicodeDecodeError:
            problems.append(Problem(where, None, "file", "is not UTF-8 text; save it as UTF-8"))
            loaded.broken.add((slug, comment_id))
            continue
        comment, found = parse_comment(text, where, slug, comment_id, zone, blog_author)
        if comment is None:
            problems += found
            loaded.broken.add((slug, comment_id))
        else:
            loaded.comments.append(comment)


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
