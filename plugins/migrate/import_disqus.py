"""Imports a Disqus export's comments into ``content/comments/``.

Disqus knows pages by their URL and by the identifier the site gave the
comment box; the site knows posts by file. Each thread is matched to a post
or page already in ``content/`` by, in order:

1. its identifier being the post's slug;
2. its identifier being WordPress's (``"12 https://…/?p=12"``, as the Disqus
   plugin for WordPress sets it), looked up in the redirect maps a WordPress
   import wrote;
3. its URL being an old address in the redirect maps, or the post's address
   on this site;
4. the last part of its URL being the slug of exactly one post.

Comments of a thread that matches nothing are skipped and the thread is
listed, so the author can fix the URL or import the posts first. Comments the
WordPress import already brought over (the Disqus plugin syncs them into
WordPress) are recognised by their Disqus id and not written twice.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from plugins.content_check.header import read_header
from plugins.redirects.model import normalise, read_maps

from .batch import Job, convert_all
from .convert import plain_text
from .disqus import Comment, DisqusExport, Thread, parse_disqus
from .render import comment_document, commenter_url
from .report import UNREADABLE, ImportReport
from .settings import ImportSettings
from .threads import Entry, settle
from .write import ContentWriter
from .xmlstream import display

STATUSES = ("approved", "pending", "spam", "deleted")
_WORDPRESS_IDENTIFIER = re.compile(r"(\d+)(?:\s+\S+)?")
SHOW_UNMATCHED = 20


@dataclass(frozen=True)
class Known:
    """A post or page in ``content/`` that comments can belong to."""

    relative: str  # posts/hello.md
    slug: str
    url: str  # its address on this site, normalised, or ""


def _url_of(pattern: str, slug: str, fields: dict) -> str:
    try:
        return normalise("/" + pattern.format(slug=slug, **fields))
    except (KeyError, IndexError, ValueError, AttributeError):
        return ""


def known_content(settings: ImportSettings) -> list[Known]:
    """Every post and page under ``content/`` with its slug and address, read from its header."""
    from pelican.utils import get_date

    known: list[Known] = []
    for folder, pattern in (("posts", settings.article_url), ("pages", settings.page_url)):
        root = settings.content / folder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*.md")):
            try:
                header = read_header(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
            slug_field, title = header.get("slug"), header.get("title")
            slug = slug_field.value if slug_field else settings.slugify(title.value if title else path.stem)
            fields: dict = {"lang": "en", "author": "", "category": ""}
            date = header.get("date")
            if date:
                try:
                    fields["date"] = get_date(date.value)
                except (ValueError, OverflowError):
                    pass
            relative = path.relative_to(settings.content).as_posix()
            known.append(Known(relative, slug, _url_of(pattern, slug, fields)))
    return known


class Matcher:
    """Finds the post or page a Disqus thread belongs to (see the module's docstring)."""

    def __init__(self, settings: ImportSettings, known: list[Known]):
        self.by_slug: dict[str, Known] = {}
        duplicate_slugs: set[str] = set()
        for item in known:
            if item.slug in self.by_slug:
                duplicate_slugs.add(item.slug)
            self.by_slug.setdefault(item.slug, item)
        self.unique_slugs = {slug: item for slug, item in self.by_slug.items() if slug not in duplicate_slugs}
        by_file = {item.relative: item for item in known}
        self.by_url: dict[str, Known] = {item.url: item for item in known if item.url}
        redirects, _ = read_maps(settings.content / "redirects", settings.content.parent)
        for redirect in redirects:
            if redirect.kind == "filename" and redirect.target.lstrip("/") in by_file:
                self.by_url.setdefault(normalise(redirect.old), by_file[redirect.target.lstrip("/")])

    def match(self, thread: Thread) -> tuple[Known, str] | None:
        identifier = thread.identifier.strip()
        if identifier in self.by_slug:
            return self.by_slug[identifier], "identifier"
        wordpress = _WORDPRESS_IDENTIFIER.fullmatch(identifier)
        if wordpress:
            found = self.by_url.get(normalise(f"/?p={wordpress.group(1)}"))
            if found:
                return found, "WordPress identifier"
        if thread.link:
            parts = urlsplit(thread.link)
            key = normalise(parts.path + (f"?{parts.query}" if parts.query else ""))
            for candidate in (key, normalise(parts.path)):
                if candidate in self.by_url:
                    return self.by_url[candidate], "URL"
            last = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
            if last in self.unique_slugs:
                return self.unique_slugs[last], "slug in the URL"
        return None


def _label(comment: Comment) -> str:
    return f"comments: comment, {comment.status}"


def import_disqus(export_path: str | Path, settings: ImportSettings, *, force: bool = False) -> ImportReport:
    """Import the Disqus export at ``export_path`` into ``settings.content``; the report of what happened."""
    export: DisqusExport = parse_disqus(export_path)
    shown = display(Path(export_path))
    writer = ContentWriter.open(settings.content, force)
    report = ImportReport(shown, display(settings.content))
    for status in STATUSES:
        report.tally.row(f"comments: comment, {status}")
    matcher = Matcher(settings, known_content(settings))
    matched: dict[str, Known] = {}
    how: Counter[str] = Counter()
    unmatched: list[Thread] = []
    for thread in export.threads.values():
        found = matcher.match(thread)
        if found:
            matched[thread.id] = found[0]
            how[found[1]] += 1
        else:
            unmatched.append(thread)

    # Grouped by post, not thread: Disqus may hold several threads (addresses) for one post.
    by_post: dict[str, list[tuple[Comment, str]]] = defaultdict(list)
    seen: set[str] = set()
    candidates: list[Comment] = []
    notes: Counter[str] = Counter()
    for comment in export.comments:
        why = None
        if comment.problems:
            report.problems.append(f"{shown}:{comment.line}: comment {comment.id}: {'; '.join(comment.problems)}")
            why = UNREADABLE
        elif comment.id in seen:
            why = "the same id as an earlier comment"
        elif comment.status in ("spam", "deleted"):
            why = comment.status
        elif comment.thread_id not in matched:
            why = "its thread matches no post" if comment.thread_id in export.threads else "its thread is missing"
        elif f"disqus:{comment.id}" in writer.aliases:
            why = "already imported from WordPress"
        seen.add(comment.id)
        if why:
            report.tally.count(_label(comment), why)
        else:
            candidates.append(comment)
    bodies = convert_all([Job("disqus", comment.message) for comment in candidates])
    for comment, body in zip(candidates, bodies, strict=True):
        if body:
            by_post[matched[comment.thread_id].relative].append((comment, body))
        else:
            report.tally.count(_label(comment), "empty")

    parent_of = {f"disqus-{c.id}": (f"disqus-{c.parent_id}" if c.parent_id else "") for c in export.comments}
    for comments in by_post.values():
        target = matched[comments[0][0].thread_id]
        entries = [
            Entry(f"disqus-{c.id}", f"disqus-{c.parent_id}" if c.parent_id else "", c.created) for c, _ in comments
        ]
        for change, count in settle(entries, parent_of).items():
            notes[f"comments {change}"] += count
        for (comment, body), entry in zip(comments, entries, strict=True):
            url = commenter_url(comment.author_url)
            text = comment_document(
                author=plain_text(comment.author_name or comment.author_username) or "Anonymous",
                date=entry.date,
                url=url,
                reply_to=entry.reply_to,
                kind="comment",
                status=comment.status,
                body=body,
            )
            relative = f"comments/{target.slug}/{entry.id}.md"
            report.tally.count(_label(comment), writer.stage(relative, text))

    writer.commit()
    report.files = writer.counts()
    report.notes = [f"{note}: {count}" for note, count in sorted(notes.items())]
    matched_text = ", ".join(f"{count} by {way}" for way, count in how.most_common())
    report.notes.append(
        f"threads: {len(export.threads)} found, {len(matched)} matched a post or page"
        + (f" ({matched_text})" if matched_text else "")
        + (f", {len(unmatched)} matched none" if unmatched else "")
    )
    per_thread = Counter(comment.thread_id for comment in export.comments)
    for thread in unmatched[:SHOW_UNMATCHED]:
        comments = per_thread[thread.id]
        report.notes.append(
            f"  {shown}:{thread.line}: thread {thread.link or thread.identifier or thread.id!r} "
            f"({comments} comments) matches no post; import the posts first or fix its URL"
        )
    if len(unmatched) > SHOW_UNMATCHED:
        report.notes.append(f"  … and {len(unmatched) - SHOW_UNMATCHED} more threads that match no post")
    report.tally.rows = {label: row for label, row in report.tally.rows.items() if row.found}
    return report
