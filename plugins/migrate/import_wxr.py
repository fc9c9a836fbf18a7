"""Imports a WordPress export into ``content/``: posts, pages, comments, redirects, attachments.

The whole export is read and checked before anything is written (a broken
file writes nothing); then every file is rendered and decided (new, unchanged,
edited by hand…) before the first one is written. Every record of the export
lands in exactly one row of the reconciliation table, as written or as
skipped with its reason.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from plugins.comments.model import KINDS, STATUSES

from .batch import Job, convert_all
from .convert import Links, Media, plain_text, split_more
from .media import fetch_all, local_name
from .redirects import MAP_FILE, RedirectMap, category_path
from .render import comment_document, commenter_url, date_text, document, one_line, tag_name
from .report import UNREADABLE, ImportReport
from .settings import ImportSettings
from .threads import Entry, settle
from .write import ContentWriter
from .wxr import Comment, Item, WxrExport, parse_wxr
from .xmlstream import display

ATTACHMENTS_FILE = "imports/wordpress-attachments.csv"
CONTENT_TYPES = {"post": "posts", "page": "pages"}
STATUS_LABELS = {
    "publish": "published",
    "draft": "draft",
    "pending": "pending review",
    "future": "scheduled",
    "private": "private",
    "trash": "trash",
    "auto-draft": "auto-draft",
}
IMPORTED_AS = {"publish": "published", "draft": "draft", "pending": "draft", "future": "draft"}
NOT_IMPORTED = {"private": "private", "trash": "in the trash", "auto-draft": "auto-draft, never saved"}
COMMENT_TYPES = KINDS  # what a comment file may hold: the comments plugin's own lists
COMMENT_STATUSES = STATUSES
_SAFE_SLUG = re.compile(r"[\w-]+")


@dataclass
class Planned:
    """A post or page that will be written, with where and as what."""

    item: Item
    slug: str
    status: str  # published | draft

    @property
    def folder(self) -> str:
        return CONTENT_TYPES[self.item.type]

    @property
    def relative(self) -> str:
        return f"{self.folder}/{self.slug}.md"

    @property
    def link(self) -> str:
        return f"{{filename}}/{self.relative}"


@dataclass
class _Run:
    """The state of one import, threaded through the steps below."""

    export: WxrExport
    settings: ImportSettings
    writer: ContentWriter
    report: ImportReport
    shown: str
    planned: dict[int, Planned] = field(default_factory=dict)
    written_items: set[int] = field(default_factory=set)  # post/page ids whose file is written this run
    skipped_items: dict[int, str] = field(default_factory=dict)  # id -> why
    notes: Counter[str] = field(default_factory=Counter)

    def problem(self, line: int, what: str, problems: list[str]) -> None:
        self.report.problems.append(f"{self.shown}:{line}: {what}: {'; '.join(problems)}")


def _label(item: Item) -> str:
    return f"{CONTENT_TYPES[item.type]}: {STATUS_LABELS.get(item.status, item.status)}"


def _describe(item: Item) -> str:
    title = one_line(plain_text(item.title))
    return f"{item.type} {item.id}" + (f" {title!r}" if title else "")


def _plan_items(run: _Run) -> None:
    """Decide which posts and pages are imported, under which slug and status."""
    # One namespace for posts and pages: a post's comments live in comments/<slug>/, and so would a page's.
    used: set[str] = set()
    seen: set[int] = set()
    by_id = {item.id: item for item in run.export.items}
    for item in run.export.items:
        if item.type not in CONTENT_TYPES:
            continue
        why = None
        if item.problems:
            run.problem(item.line, _describe(item), item.problems)
            why = UNREADABLE
        elif item.id in seen:
            why = "the same id as an earlier item"
        elif item.status not in IMPORTED_AS:
            why = NOT_IMPORTED.get(item.status, f"status {item.status!r}")
        elif item.date is None:
            run.problem(item.line, _describe(item), ["no date"])
            why = UNREADABLE
        seen.add(item.id)
        if why:
            run.skipped_items[item.id] = why
            run.report.tally.count(_label(item), why)
            continue
        status = IMPORTED_AS[item.status]
        if status == "published" and item.password:
            status = "draft"
            run.notes["password-protected posts imported as drafts, so that they stay private"] += 1
        if item.status in ("pending", "future"):
            run.notes[f"{STATUS_LABELS[item.status]} posts imported as drafts"] += 1
        slug = _slug(run, item, used, by_id)
        used.add(slug)
        run.planned[item.id] = Planned(item, slug, status)


def _slug(run: _Run, item: Item, used: set[str], by_id: dict[int, Item]) -> str:
    """WordPress's slug when it is usable; a unique one made from it or the title otherwise."""
    slug = item.slug if _SAFE_SLUG.fullmatch(item.slug or "") else run.settings.slugify(item.slug or item.title)
    slug = slug or f"{item.type}-{item.id}"
    if item.type == "page" and slug in run.settings.reserved:
        run.notes[f"pages renamed because the site uses their address: {slug} -> {slug}-page"] += 1
        slug = f"{slug}-page"
    if slug in used:
        parent = by_id.get(item.parent)
        candidates = ([f"{parent.slug}-{slug}"] if parent is not None and parent.slug else []) + [f"{slug}-{item.id}"]
        renamed = next((c for c in candidates if c not in used), f"{slug}-{item.id}-{item.type}")
        run.notes[f"slugs made unique: {slug} -> {renamed}"] += 1
        slug = renamed
    return slug


def _hosts(export: WxrExport) -> tuple[str, frozenset[str]]:
    site = export.site
    urls = [site.base_blog_url, site.base_site_url, site.link]
    hosts = {urlsplit(url).netloc.lower().removeprefix("www.") for url in urls if url}
    return (site.base_blog_url or site.link or site.base_site_url).rstrip("/"), frozenset(h for h in hosts if h)


def _download(run: _Run, download: bool, site: str) -> dict[int, str]:
    """Fetch attachments when asked; the local ``images/…`` path of each attachment now present."""
    content = run.settings.content
    local: dict[int, str] = {}
    wanted: list[tuple[Item, str, str]] = []
    tally = run.report.tally
    for item in run.export.attachments:
        url = item.attachment_url or item.guid
        if url.startswith("/"):
            url = site + url
        if item.problems or not url:
            if item.problems:
                run.problem(item.line, _describe(item), item.problems)
            tally.count("attachments", UNREADABLE if item.problems else "no file address")
            continue
        relative = local_name(url, item.id)
        if (content / relative).is_file() and not run.writer.force:
            local[item.id] = relative
            tally.count("attachments", "already downloaded" if download else "already in content/images")
        elif download:
            wanted.append((item, url, relative))
        else:
            tally.count("attachments", "not downloaded (--download-media fetches them)")
    results = fetch_all([(url, content / relative) for _, url, relative in wanted])
    for (item, _, relative), result in zip(wanted, results, strict=True):
        if result.error is None:
            local[item.id] = relative
            tally.count("attachments")
        else:
            tally.count("attachments", "unreachable")
            run.report.notes.append(f"attachment {item.id} not downloaded: {result.url}: {result.error}")
    return local


def _links(run: _Run, local_media: dict[int, str], site: str, hosts: frozenset[str]) -> Links:
    probe = Links(site=site, hosts=hosts)
    targets: dict[str, str] = {}
    ids: dict[int, str] = {}
    for planned in run.planned.values():
        if planned.status != "published":
            continue
        ids[planned.item.id] = planned.link
        for url in (planned.item.link, planned.item.guid):
            if url and probe.on_site(url) and not urlsplit(url).query:
                targets.setdefault(probe.key(url), planned.link)
    media: dict[str, str] = {}
    attachments: dict[int, Media] = {}
    for item in run.export.attachments:
        url = item.attachment_url or item.guid
        if not url:
            continue
        shown = url
        if item.id in local_media:
            shown = "{static}/" + local_media[item.id]
            media[probe.media_key(url)] = shown
            if item.link and probe.on_site(item.link):
                targets.setdefault(probe.key(item.link), shown)
        attachments[item.id] = Media(shown, plain_text(item.title), item.parent, item.menu_order)
    return Links(site=site, hosts=hosts, targets=targets, ids=ids, media=media, attachments=attachments)


def _post_jobs(planned: Planned) -> tuple[Job, Job]:
    """The body and the summary to convert: the excerpt, or else the teaser before ``<!--more-->``."""
    item = planned.item
    teaser, full = split_more(item.content)
    summary = item.excerpt if item.excerpt.strip() else (teaser or "")
    return Job("post", full, item.id), Job("summary", summary, item.id)


def _post_text(run: _Run, planned: Planned, body: str, summary: str) -> str:
    item = planned.item
    title = plain_text(item.title)
    if not title:
        title = "Untitled"
        run.notes["posts without a title given the title 'Untitled'"] += 1
    author = run.export.authors.get(item.creator)
    fields = [("Title", title), ("Date", date_text(item.date))]
    if item.modified is not None and (item.date.tzinfo is None) == (item.modified.tzinfo is None):
        if item.modified > item.date:
            fields.append(("Modified", date_text(item.modified)))
    if item.type == "post":
        categories = _unique(tag_name(plain_text(t.name)) for t in item.categories)
        tags = _unique([tag_name(plain_text(t.name)) for t in item.tags] + categories[1:])
        fields += [("Category", categories[0] if categories else ""), ("Tags", ", ".join(tags))]
    fields += [
        ("Slug", planned.slug),
        ("Author", plain_text(author.display_name if author else item.creator)),
        ("Summary", summary),
        ("Status", planned.status),
    ]
    return document(fields, body)


def _unique(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _code_version() -> str:
    """A fingerprint of the code that turns exports into files: a new version makes every file anew."""
    digest = hashlib.sha256(importlib.metadata.version("markdownify").encode())
    for module in ("convert", "batch", "render", "threads", "import_wxr"):
        digest.update(Path(__file__).with_name(f"{module}.py").read_bytes())
    return digest.hexdigest()


def fingerprint(*parts) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _context(run: _Run, links: Links) -> str:
    """What every file depends on beyond its own record: the code, and where links now point."""
    return fingerprint(
        _code_version(),
        links.site,
        sorted(links.hosts),
        sorted(links.targets.items()),
        sorted(links.ids.items()),
        sorted(links.media.items()),
        sorted((key, repr(value)) for key, value in links.attachments.items()),
        sorted((author.login, author.id, author.display_name) for author in run.export.authors.values()),
    )


def _post_source(planned: Planned, context: str) -> str:
    item = planned.item
    terms = [(term.taxonomy, term.name) for term in item.terms]
    return fingerprint(
        context,
        item.type,
        item.id,
        item.title,
        item.content,
        item.excerpt,
        item.date,
        item.modified,
        item.creator,
        planned.slug,
        planned.status,
        terms,
    )


def _comments_source(item: Item, slug: str, context: str) -> str:
    """One fingerprint for all comments of an item: a thread is settled as a whole."""
    comments = [
        (c.id, c.author, c.author_url, c.date, c.content, c.status, c.type, c.parent, c.user_id, c.problems)
        for c in item.comments
    ]
    return fingerprint(context, slug, comments)


def _write_items(run: _Run, planned: list[Planned], converted: list[str], sources: dict[int, str]) -> None:
    """Stage posts and pages; ``converted`` holds body and summary of each, in order."""
    for number, each in enumerate(planned):
        body, summary = converted[2 * number], converted[2 * number + 1]
        why = run.writer.stage(each.relative, _post_text(run, each, body, summary), sources[each.item.id])
        if why is None:
            run.written_items.add(each.item.id)
        run.report.tally.count(_label(each.item), why)


def _comment_label(comment: Comment) -> str:
    return f"comments: {comment.type}, {comment.status}"


def _comment_skip(run: _Run, comment: Comment, item: Item, seen: set[int]) -> str | None:
    if comment.problems:
        run.problem(comment.line, f"comment {comment.id} on {_describe(item)}", comment.problems)
        return UNREADABLE
    if comment.id in seen:
        return "the same id as an earlier comment"
    if comment.date is None:
        run.problem(comment.line, f"comment {comment.id} on {_describe(item)}", ["no date"])
        return UNREADABLE
    if comment.status == "spam":
        return "spam"
    if comment.status == "trash":
        return "in the trash"
    if comment.status not in COMMENT_STATUSES:
        return f"status {comment.status!r}"
    if comment.type not in COMMENT_TYPES:
        return f"type {comment.type!r}"
    if item.type not in CONTENT_TYPES:
        return f"on an {item.type}" if item.type[:1] in "aeiou" else f"on a {item.type}"
    if item.id not in run.planned:
        return f"on a skipped {item.type} ({run.skipped_items.get(item.id, 'not imported')})"
    return None


def _comment_candidates(run: _Run) -> list[tuple[Item, Comment]]:
    """The comments that may be written (their bodies decide); every other one counted as skipped."""
    seen: set[int] = set()
    candidates = []
    for item in run.export.items:
        for comment in item.comments:
            why = _comment_skip(run, comment, item, seen)
            seen.add(comment.id)
            if why is None:
                candidates.append((item, comment))
            else:
                run.report.tally.count(_comment_label(comment), why)
    return candidates


def _unwritable(comment: Comment, body: str) -> str | None:
    """Why the comments plugin would refuse this comment, or None."""
    if comment.type == "comment" and not body:
        return "empty"
    if comment.type != "comment" and not commenter_url(comment.author_url):
        return f"a {comment.type} without the address of the page that links here"
    return None


def _write_comments(
    run: _Run, candidates: list[tuple[Item, Comment]], bodies: list[str], sources: dict[int, str]
) -> None:
    author_ids = {author.id for author in run.export.authors.values() if author.id}
    tally = run.report.tally
    by_item: dict[int, list[tuple[Comment, str]]] = {}
    for (item, comment), body in zip(candidates, bodies, strict=True):
        why = _unwritable(comment, body)
        if why is None:
            by_item.setdefault(item.id, []).append((comment, body))
        else:
            tally.count(_comment_label(comment), why)
    items = {item.id: item for item, _ in candidates}
    for item_id, kept in by_item.items():
        planned = run.planned[item_id]
        entries = []
        for comment, _ in kept:
            parent = f"wp-{comment.parent}" if comment.parent else ""
            if parent and comment.type != "comment":
                parent = ""  # a pingback answers no one; the comments plugin refuses a Reply-To on one
                run.notes["pingbacks and trackbacks shown apart instead of as replies"] += 1
            entries.append(Entry(f"wp-{comment.id}", parent, comment.date))
        parent_of = {f"wp-{c.id}": (f"wp-{c.parent}" if c.parent else "") for c in items[item_id].comments}
        for change, count in settle(entries, parent_of).items():
            run.notes[f"comments {change}"] += count
        for (comment, body), entry in zip(kept, entries, strict=True):
            url = commenter_url(comment.author_url)
            if comment.author_url.strip() and not url:
                run.notes["commenter links left out because they were not http(s) addresses"] += 1
            text = comment_document(
                author=plain_text(comment.author) or "Anonymous",
                date=entry.date,
                url=url,
                reply_to=entry.reply_to,
                kind=comment.type,
                status=comment.status,
                body=body,
                role="author" if comment.user_id and comment.user_id in author_ids else "",
            )
            relative = _comment_path(planned.slug, comment)
            tally.count(_comment_label(comment), run.writer.stage(relative, text, sources[item_id]))
            _remember_disqus(run, comment, relative)


def _comment_path(slug: str, comment: Comment) -> str:
    """Where a WordPress comment's file goes: its id is ``wp-<WordPress id>``."""
    return f"comments/{slug}/wp-{comment.id}.md"


def _remember_disqus(run: _Run, comment: Comment, path: str) -> None:
    """A comment Disqus also holds (``dsq_post_id``) is known by that id, so a Disqus import skips it."""
    disqus_id = comment.meta.get("dsq_post_id", "").strip()
    if disqus_id:
        run.writer.aliases[f"disqus:{disqus_id}"] = path


def _unless_fresh_posts(run: _Run, context: str) -> tuple[list[Planned], dict[int, str]]:
    """The posts and pages to make; those already made from the same source are counted unchanged."""
    todo, sources = [], {}
    for planned in run.planned.values():
        sources[planned.item.id] = source = _post_source(planned, context)
        if run.writer.is_fresh(planned.relative, source):
            run.report.tally.count(_label(planned.item), run.writer.keep(planned.relative))
        else:
            todo.append(planned)
    return todo, sources


def _unless_fresh_comments(
    run: _Run, candidates: list[tuple[Item, Comment]], context: str
) -> tuple[list[tuple[Item, Comment]], dict[int, str]]:
    """The comments to make, item by item: when all of an item's are fresh, none is made again."""
    by_item: dict[int, list[tuple[Item, Comment]]] = {}
    for item, comment in candidates:
        by_item.setdefault(item.id, []).append((item, comment))
    todo, sources = [], {}
    for item_id, pairs in by_item.items():
        item = pairs[0][0]
        slug = run.planned[item_id].slug
        sources[item_id] = source = _comments_source(item, slug, context)
        paths = [_comment_path(slug, comment) for _, comment in pairs]
        if all(run.writer.is_fresh(path, source) for path in paths):
            for (_, comment), path in zip(pairs, paths, strict=True):
                run.report.tally.count(_comment_label(comment), run.writer.keep(path))
                _remember_disqus(run, comment, path)
        else:
            todo += pairs
    return todo, sources


def _terms(run: _Run, redirects: RedirectMap) -> None:
    """Count every tag and category once, and redirect the archive pages of those in use."""
    export = run.export
    found: dict[tuple[str, str], str] = {}  # (taxonomy, slug or name) -> name
    parents: dict[str, str] = {}
    for term in export.terms:
        found.setdefault((term.taxonomy, term.slug or term.name), term.name)
        if term.taxonomy == "category":
            parents[term.slug] = term.parent
    carried: dict[tuple[str, str], list[int]] = {}
    primary: set[str] = set()
    for item in export.items:
        if item.type not in CONTENT_TYPES:
            continue
        categories = item.categories
        if categories and item.id in run.planned:
            primary.add(categories[0].slug or categories[0].name)
        for term in item.terms:
            key = (term.taxonomy, term.slug or term.name)
            found.setdefault(key, term.name)
            carried.setdefault(key, []).append(item.id)
    labels = {"category": "categories", "post_tag": "tags"}
    for (taxonomy, slug), name in found.items():
        label = labels.get(taxonomy, "other terms")
        if label == "other terms":
            run.report.tally.count(label, f"taxonomy {taxonomy!r}")
            continue
        ids = carried.get((taxonomy, slug), [])
        if any(i in run.written_items for i in ids):
            why = None
        elif any(i in run.planned for i in ids):
            why = "its posts were not rewritten"
        elif ids:
            why = "only on skipped posts"
        else:
            why = "on no post"
        run.report.tally.count(label, why)
        published = [i for i in ids if i in run.planned and run.planned[i].status == "published"]
        if not published:
            continue
        shown = tag_name(plain_text(name))
        if taxonomy == "post_tag":
            redirects.add_term("tag", slug, f"{{tag}}{shown}")
        else:
            kind = "category" if slug in primary else "tag"
            redirects.add_term("category", category_path(slug, parents), f"{{{kind}}}{shown}")


def _attachments_csv(run: _Run, local: dict[int, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "title", "url", "post", "file"])
    for item in run.export.attachments:
        parent = run.planned.get(item.parent)
        writer.writerow(
            [
                item.id,
                one_line(plain_text(item.title)),
                item.attachment_url or item.guid,
                parent.relative if parent else "",
                local.get(item.id, ""),
            ]
        )
    return out.getvalue()


def import_wordpress(
    export_path: str | Path,
    settings: ImportSettings,
    *,
    force: bool = False,
    download_media: bool = False,
) -> ImportReport:
    """Import the WXR file at ``export_path`` into ``settings.content``; the report of what happened.

    Raises :class:`~.errors.MigrateError` before writing anything when the
    file is not a readable WordPress export.
    """
    export = parse_wxr(export_path)
    writer = ContentWriter.open(settings.content, force)
    shown = display(Path(export_path))
    report = ImportReport(shown, display(settings.content))
    run = _Run(export, settings, writer, report, shown)
    for label in ("posts", "pages"):
        for status in STATUS_LABELS.values():
            report.tally.row(f"{label}: {status}")
    for kind in COMMENT_TYPES:
        for status in (*COMMENT_STATUSES, "spam", "trash"):
            report.tally.row(f"comments: {kind}, {status}")

    _plan_items(run)
    site, hosts = _hosts(export)
    local_media = _download(run, download_media, site)
    links = _links(run, local_media, site, hosts)
    context = _context(run, links)
    posts, post_sources = _unless_fresh_posts(run, context)
    candidates, comment_sources = _unless_fresh_comments(run, _comment_candidates(run), context)
    jobs = [job for planned in posts for job in _post_jobs(planned)]
    converted = convert_all(jobs + [Job("comment", comment.content) for _, comment in candidates], links)
    _write_items(run, posts, converted[: len(jobs)], post_sources)
    _write_comments(run, candidates, converted[len(jobs) :], comment_sources)

    redirects = RedirectMap(prefix=urlsplit(site).path.rstrip("/"))
    for planned in run.planned.values():
        if planned.status == "published":
            item = planned.item
            redirects.add_item(item.id, item.type, [item.link, item.guid], hosts, planned.link)
    _terms(run, redirects)
    for item in export.items:
        if item.type not in (*CONTENT_TYPES, "attachment"):
            report.tally.count("other items", f"type {item.type!r}")
    writer.stage(MAP_FILE, redirects.csv_text())
    if export.attachments:
        writer.stage(ATTACHMENTS_FILE, _attachments_csv(run, local_media))

    writer.commit()
    report.files = writer.counts()
    report.notes = [f"{note}: {count}" for note, count in sorted(run.notes.items())] + report.notes
    report.notes.append(f"redirects: {len(redirects.rows)} old addresses in content/{MAP_FILE}")
    report.tally.rows = {label: row for label, row in report.tally.rows.items() if row.found}
    return report
