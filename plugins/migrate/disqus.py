"""Reads a Disqus export (Admin > Moderation > Export, an XML file) into plain dataclasses.

    export = parse_disqus("blog-2012-08-16T09-12-00.xml")
    for comment in export.comments: ...   # each knows its thread_id and parent_id
    export.threads[comment.thread_id].link

A Disqus export lists the forum's categories, then its threads (one per page
that had a comment box, with the page's URL and the identifier the site gave
it), then its posts (the comments), each pointing at its thread and, for a
reply, at its parent by ``dsq:id``. As with :mod:`.wxr`, everything is kept as
exported (deleted and spam included) and read problems are recorded on the
record, not guessed away.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import Element

from .errors import MigrateError
from .xmlstream import display, read_records

_NAMESPACES = {
    "http://disqus.com": "",
    "http://disqus.com/disqus-internals": "dsq",
    "http://www.w3.org/2001/XMLSchema-instance": "xsi",
}
_ID = "{dsq}id"


@dataclass(slots=True)
class Thread:
    """A page with a comment box: ``link`` is its URL, ``identifier`` what the site called it."""

    id: str  # dsq:id
    identifier: str
    link: str
    title: str
    created: datetime | None
    is_closed: bool
    is_deleted: bool
    line: int
    problems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Comment:
    """A Disqus post, that is a comment.

    ``message`` is HTML. ``is_approved`` is None when the export does not say
    (older exports), which Disqus means as approved.
    """

    id: str  # dsq:id
    thread_id: str
    parent_id: str  # "" for a top-level comment
    message: str
    created: datetime | None
    author_name: str
    author_username: str
    author_url: str
    is_anonymous: bool
    is_deleted: bool
    is_spam: bool
    is_approved: bool | None
    line: int
    problems: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        """spam, deleted, pending or approved: spam wins over deleted, as Disqus shows it."""
        if self.is_spam:
            return "spam"
        if self.is_deleted:
            return "deleted"
        if self.is_approved is False:
            return "pending"
        return "approved"


@dataclass(slots=True)
class DisqusExport:
    path: Path
    forum: str
    threads: dict[str, Thread]  # by dsq:id, in export order
    comments: list[Comment]


def _rename(raw: str) -> str:
    if " " not in raw:
        return raw
    uri, local = raw.split(" ", 1)
    prefix = _NAMESPACES.get(uri, uri)
    return f"{{{prefix}}}{local}" if prefix else local


def _text(element: Element, name: str) -> str:
    return (element.findtext(name) or "").strip()


def _flag(element: Element, name: str, problems: list[str]) -> bool | None:
    value = _text(element, name).lower()
    if not value:
        return None
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    problems.append(f"{name}: {value!r} is neither true nor false")
    return None


def _created(element: Element, problems: list[str]) -> datetime | None:
    value = _text(element, "createdAt")
    if not value:
        problems.append("createdAt: missing")
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        problems.append(f"createdAt: cannot read the date {value!r}")
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _reference(element: Element, name: str) -> str:
    child = element.find(name)
    return (child.get(_ID) or "").strip() if child is not None else ""


def _thread(element: Element, line: int) -> Thread:
    problems: list[str] = []
    thread_id = (element.get(_ID) or "").strip()
    if not thread_id:
        problems.append("dsq:id: missing")
    return Thread(
        id=thread_id,
        identifier=_text(element, "id"),
        link=_text(element, "link"),
        title=_text(element, "title"),
        created=_created(element, problems),
        is_closed=bool(_flag(element, "isClosed", problems)),
        is_deleted=bool(_flag(element, "isDeleted", problems)),
        line=line,
        problems=problems,
    )


def _comment(element: Element, line: int) -> Comment:
    problems: list[str] = []
    comment_id = (element.get(_ID) or "").strip()
    if not comment_id:
        problems.append("dsq:id: missing")
    thread_id = _reference(element, "thread")
    if not thread_id:
        problems.append("thread: missing")
    author = element.find("author")
    author_text = (lambda name: _text(author, name)) if author is not None else (lambda name: "")
    return Comment(
        id=comment_id,
        thread_id=thread_id,
        parent_id=_reference(element, "parent"),
        message=element.findtext("message") or "",
        created=_created(element, problems),
        author_name=author_text("name"),
        author_username=author_text("username"),
        author_url=author_text("link") or author_text("url"),
        is_anonymous=author_text("isAnonymous").lower() == "true",
        is_deleted=bool(_flag(element, "isDeleted", problems)),
        is_spam=bool(_flag(element, "isSpam", problems)),
        is_approved=_flag(element, "isApproved", problems),
        line=line,
        problems=problems,
    )


def parse_disqus(path: str | Path) -> DisqusExport:
    """Read the Disqus export at ``path``.

    Raises :class:`MigrateError` (one line naming the file and line) when the
    file is not a Disqus export or not well-formed XML. Problems inside one
    thread or comment are listed in its ``problems``.
    """
    path = Path(path)
    shown = display(path)

    def check_root(name: str, line: int) -> None:
        if name == "rss":
            raise MigrateError(
                f"{shown}:{line}: this looks like a WordPress export (RSS), not a Disqus one; use import-wordpress"
            )
        if name != "disqus":
            raise MigrateError(
                f"{shown}:{line}: not a Disqus export: the document is <{name}>, not <disqus>; "
                "export the comments from the Disqus admin (Moderation > Export)"
            )

    forum = ""
    threads: dict[str, Thread] = {}
    comments: list[Comment] = []
    for element, line in read_records(path, 2, _rename, check_root):
        if element.tag == "thread":
            thread = _thread(element, line)
            threads.setdefault(thread.id, thread)
            forum = forum or _text(element, "forum")
        elif element.tag == "post":
            comments.append(_comment(element, line))
        elif element.tag == "category":
            forum = forum or _text(element, "forum")
    return DisqusExport(path, forum, threads, comments)
