"""Turns Isso's accepted comments into comment files under ``content/comments/``.

Each Isso comment becomes ``comments/<article slug>/isso-<id>.md``, the
format the comments plugin reads, so the next build bakes it into the page
and the feeds. A thread's ``uri`` is the article's path on the site (the
theme sets it with ``data-isso-id``), matched against the addresses of the
posts and pages in ``content/``.

A file that exists already is never written again: the id is Isso's and
never changes, and the author may have edited the file since. Files are
written all or none: each goes to a temporary name first, and only when
every one is there are they renamed into place.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from plugins.migrate.import_disqus import Known, known_content
from plugins.migrate.render import comment_document, commenter_url
from plugins.migrate.settings import ImportSettings
from plugins.redirects.model import normalise

from .errors import LiveCommentsError, Problem
from .source import IssoComment

PREFIX = "isso-"


@dataclass
class SyncReport:
    written: list[str] = field(default_factory=list)  # relative paths under content/
    already: int = 0  # synced before
    threads: int = 0
    per_article: Counter[str] = field(default_factory=Counter)

    def render(self) -> str:
        lines = [
            f"Isso: {len(self.written)} new comment file(s), "
            f"{self.already} already synced, from {self.threads} thread(s)"
        ]
        lines += [f"  {slug}: {count} new" for slug, count in sorted(self.per_article.items())]
        return "\n".join(lines)


def comment_id(isso_id: int) -> str:
    return f"{PREFIX}{isso_id}"


def thread_key(uri: str) -> str:
    """A thread's path as the site's addresses are compared: no host, no query, one trailing slash."""
    return normalise(unquote(urlsplit(uri).path or "/"))


def match_threads(comments: list[IssoComment], known: list[Known]) -> dict[str, Known]:
    """The post or page each thread belongs to; a thread that matches none is an error naming it."""
    by_url = {item.url: item for item in known if item.url}
    matched: dict[str, Known] = {}
    problems = []
    for uri in sorted({c.uri for c in comments}):
        found = by_url.get(thread_key(uri))
        if found is None:
            count = sum(1 for c in comments if c.uri == uri)
            problems.append(
                Problem(
                    f"isso thread {uri}",
                    None,
                    "uri",
                    f"matches no post or page in content/ ({count} accepted comment(s)); "
                    "restore the post, or move the thread in Isso's database to the post's address",
                )
            )
        else:
            matched[uri] = found
    if problems:
        raise LiveCommentsError(problems)
    return matched


def comment_text(comment: IssoComment, reply_to: str) -> str:
    website = comment.website
    if website and not urlsplit(website).scheme:
        website = "http://" + website  # Isso keeps what the reader typed: "jane.example" is a web site
    return comment_document(
        author=comment.author or "Anonymous",
        date=datetime.fromtimestamp(comment.created, UTC).replace(microsecond=0),
        url=commenter_url(website),
        reply_to=reply_to,
        kind="comment",
        status="approved",
        body=comment.text,
    )


def plan(
    comments: list[IssoComment], settings: ImportSettings, comments_path: str = "comments"
) -> tuple[dict[str, str], SyncReport]:
    """Relative path -> text of every file to write, and the report; nothing is written here."""
    content = settings.content
    matched = match_threads(comments, known_content(settings))
    report = SyncReport(threads=len(matched))
    slug_of = {c.id: matched[c.uri].slug for c in comments}
    # Synced before, under any article: a comment keeps its file even if its article's slug changed since.
    synced = {path.stem for path in (content / comments_path).glob(f"*/{PREFIX}*.md")}
    files: dict[str, str] = {}
    for comment in comments:
        slug = slug_of[comment.id]
        if comment_id(comment.id) in synced:
            report.already += 1
            continue
        relative = f"{comments_path}/{slug}/{comment_id(comment.id)}.md"
        reply_to = ""
        if comment.parent is not None:
            parent = comment_id(comment.parent)
            # A reply to a comment that was deleted (or never accepted) starts a thread of its own.
            if comment.parent in slug_of or parent in synced:
                reply_to = parent
        files[relative] = comment_text(comment, reply_to)
        report.written.append(relative)
        report.per_article[slug] += 1
    return files, report


def write_all(content: Path, files: dict[str, str]) -> None:
    """Write every file or none: temporary files first, then one rename each."""
    staged: list[tuple[Path, Path]] = []
    try:
        for relative, text in files.items():
            path = content / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            staged.append((temporary, path))
            temporary.write_text(text, encoding="utf-8")
    except OSError as error:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise LiveCommentsError(
            Problem(str(error.filename or content), None, "write", f"cannot write ({error.strerror}); nothing synced")
        ) from None
    for temporary, path in staged:
        os.replace(temporary, path)


def sync(comments: list[IssoComment], settings: ImportSettings, comments_path: str = "comments") -> SyncReport:
    files, report = plan(comments, settings, comments_path)
    write_all(settings.content, files)
    return report
