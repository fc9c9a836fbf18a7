"""Reads a WordPress export (WXR, the file Tools > Export writes) into plain dataclasses.

    export = parse_wxr("blog.WordPress.2012-08-16.xml")
    for post in export.posts: ...
    for comment in export.comments: ...   # every comment, with its post_id

The parser is pure and lenient: it keeps every item and comment as the export
has it (statuses, types, raw HTML), converts only what is unambiguous (ids,
GMT dates, percent-encoded slugs), and records what it could not read in the
record's ``problems`` instead of guessing. Deciding what to import is the
importer's job, so other readers of exports (the analytics) see the same data.

WXR versions 1.0 to 1.2 are read alike; namespaces are matched by their
stable part (``http://wordpress.org/export/…``). The file is streamed, so a
50,000-comment export costs the memory of its records, not of its XML tree.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote
from xml.etree.ElementTree import Element

from .errors import MigrateError
from .xmlstream import LINE, display, read_records

_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
_NO_DATE = ("", "0000-00-00 00:00:00")


@dataclass(frozen=True, slots=True)
class Author:
    """A WordPress user who wrote posts (``<wp:author>``)."""

    id: int | None
    login: str
    display_name: str
    email: str


@dataclass(frozen=True, slots=True)
class Term:
    """A category or tag defined at the top of the export.

    ``slug`` is WordPress's ``nicename``, percent-decoded (it is the last part
    of the old archive URL); ``parent`` is the parent category's slug or "".
    """

    taxonomy: str  # "category" or "post_tag" (other taxonomies: their own name)
    slug: str
    name: str
    parent: str = ""
    id: int | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class ItemTerm:
    """A category or tag as attached to one item (``<category domain=… nicename=…>``)."""

    taxonomy: str
    slug: str
    name: str


@dataclass(slots=True)
class Comment:
    """A comment, pingback or trackback on an item.

    ``status`` is approved, pending, spam or trash (WordPress's ``1``, ``0``,
    ``spam``, ``trash``/``post-trashed``); ``type`` is comment, pingback,
    trackback or whatever other type a plugin stored. ``date`` is the GMT
    date (timezone-aware) when the export has one, else the blog's local
    time (naive), else None. ``parent`` is 0 for a top-level comment.
    """

    id: int
    post_id: int
    author: str
    author_email: str
    author_url: str
    date: datetime | None
    content: str  # as stored: text with some HTML, paragraphs as blank lines
    status: str
    type: str
    parent: int
    user_id: int
    line: int
    meta: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # "field: what could not be read"


@dataclass(slots=True)
class Item:
    """One ``<item>``: a post, page, attachment, menu item, revision or custom type.

    ``date`` and ``modified`` are GMT (timezone-aware) when the export has a
    GMT date, else local (naive). ``slug`` is the percent-decoded
    ``post_name`` and may be empty (drafts often have none).
    """

    id: int
    type: str
    title: str
    link: str
    guid: str
    creator: str  # the author's login
    content: str  # HTML as stored (WordPress adds paragraphs on display)
    excerpt: str
    date: datetime | None
    modified: datetime | None
    slug: str
    status: str  # publish, draft, pending, future, private, trash, auto-draft, inherit…
    parent: int
    menu_order: int
    password: str
    attachment_url: str
    terms: list[ItemTerm]
    comments: list[Comment]
    line: int
    meta: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def categories(self) -> list[ItemTerm]:
        return [term for term in self.terms if term.taxonomy == "category"]

    @property
    def tags(self) -> list[ItemTerm]:
        return [term for term in self.terms if term.taxonomy == "post_tag"]


@dataclass(slots=True)
class Site:
    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""


@dataclass(slots=True)
class WxrExport:
    """Everything a WXR file holds, in export order."""

    path: Path
    site: Site
    authors: dict[str, Author]  # by login
    terms: list[Term]
    items: list[Item]

    @property
    def posts(self) -> list[Item]:
        return [item for item in self.items if item.type == "post"]

    @property
    def pages(self) -> list[Item]:
        return [item for item in self.items if item.type == "page"]

    @property
    def attachments(self) -> list[Item]:
        return [item for item in self.items if item.type == "attachment"]

    @property
    def categories(self) -> list[Term]:
        return [term for term in self.terms if term.taxonomy == "category"]

    @property
    def tags(self) -> list[Term]:
        return [term for term in self.terms if term.taxonomy == "post_tag"]

    @property
    def comments(self) -> list[Comment]:
        """Every comment of every item, each knowing its ``post_id``."""
        return [comment for item in self.items for comment in item.comments]


def _rename(raw: str) -> str:
    if " " not in raw:
        return raw
    uri, local = raw.split(" ", 1)
    if uri.startswith(("http://wordpress.org/export/", "https://wordpress.org/export/")):
        return f"{{excerpt}}{local}" if uri.rstrip("/").endswith("/excerpt") else f"{{wp}}{local}"
    return f"{{{_NAMESPACES.get(uri, uri)}}}{local}"


# Names are matched in Clark notation with short stand-ins for the namespaces: "{wp}post_id".
def _text(element: Element, name: str) -> str:
    return (element.findtext(name) or "").strip()


def _raw(element: Element, name: str) -> str:
    """Text kept exactly (content, excerpts and comments keep their line breaks)."""
    return element.findtext(name) or ""


def _number(element: Element, name: str, problems: list[str], default: int = 0) -> int:
    value = _text(element, name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        problems.append(f"{name.split('}')[-1]}: {value!r} is not a number")
        return default


def _date(value: str, label: str, problems: list[str], gmt: bool) -> datetime | None:
    value = value.strip()
    if value in _NO_DATE:
        return None
    try:
        parsed = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        problems.append(f"{label}: cannot read the date {value!r}")
        return None
    return parsed.replace(tzinfo=UTC) if gmt else parsed


def _best_date(element: Element, prefix: str, problems: list[str]) -> datetime | None:
    """The GMT date when there is one, else the local one: drafts have no GMT date."""
    gmt = _date(_text(element, f"{{wp}}{prefix}_gmt"), f"{prefix}_gmt", problems, gmt=True)
    if gmt is not None:
        return gmt
    return _date(_text(element, f"{{wp}}{prefix}"), prefix, problems, gmt=False)


def _meta(element: Element, tag: str) -> dict[str, str]:
    return {
        _text(meta, "{wp}meta_key"): _raw(meta, "{wp}meta_value")
        for meta in element.iterfind(tag)
        if _text(meta, "{wp}meta_key")
    }


def _comment_status(approved: str) -> str:
    return {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash", "post-trashed": "trash"}.get(
        approved, approved or "pending"
    )


def _comment(element: Element, post_id: int, line: int) -> Comment:
    problems: list[str] = []
    comment_id = _number(element, "{wp}comment_id", problems)
    if not _text(element, "{wp}comment_id"):
        problems.append("comment_id: missing")
    return Comment(
        id=comment_id,
        post_id=post_id,
        author=html.unescape(_text(element, "{wp}comment_author")),
        author_email=_text(element, "{wp}comment_author_email"),
        author_url=_text(element, "{wp}comment_author_url"),
        date=_best_date(element, "comment_date", problems),
        content=_raw(element, "{wp}comment_content"),
        status=_comment_status(_text(element, "{wp}comment_approved")),
        type=_text(element, "{wp}comment_type") or "comment",
        parent=_number(element, "{wp}comment_parent", problems),
        user_id=_number(element, "{wp}comment_user_id", problems),
        line=line,
        meta=_meta(element, "{wp}commentmeta"),
        problems=problems,
    )


def _item(element: Element, line: int) -> Item:
    problems: list[str] = []
    item_id = _number(element, "{wp}post_id", problems)
    if not _text(element, "{wp}post_id"):
        problems.append("post_id: missing")
    terms = [
        ItemTerm(
            taxonomy=term.get("domain", "category"),
            slug=unquote(term.get("nicename", "")),
            name=html.unescape((term.text or "").strip()),
        )
        for term in element.iterfind("category")
        if (term.text or "").strip()
    ]
    comments = [_comment(comment, item_id, int(comment.get(LINE, line))) for comment in element.iterfind("{wp}comment")]
    return Item(
        id=item_id,
        type=_text(element, "{wp}post_type") or "post",
        title=html.unescape(_text(element, "title")),
        link=_text(element, "link"),
        guid=_text(element, "guid"),
        creator=_text(element, "{dc}creator"),
        content=_raw(element, "{content}encoded"),
        excerpt=_raw(element, "{excerpt}encoded"),
        date=_best_date(element, "post_date", problems),
        modified=_best_date(element, "post_modified", problems),
        slug=unquote(_text(element, "{wp}post_name")),
        status=_text(element, "{wp}status") or "publish",
        parent=_number(element, "{wp}post_parent", problems),
        menu_order=_number(element, "{wp}menu_order", problems),
        password=_text(element, "{wp}post_password"),
        attachment_url=_text(element, "{wp}attachment_url"),
        terms=terms,
        comments=comments,
        line=line,
        meta=_meta(element, "{wp}postmeta"),
        problems=problems,
    )


def _term(element: Element) -> Term | None:
    tag = element.tag
    problems: list[str] = []
    term_id = _number(element, "{wp}term_id", problems, default=-1)
    term_id = None if term_id < 0 else term_id
    if tag == "{wp}category":
        return Term(
            "category",
            unquote(_text(element, "{wp}category_nicename")),
            html.unescape(_text(element, "{wp}cat_name")),
            unquote(_text(element, "{wp}category_parent")),
            term_id,
            _raw(element, "{wp}category_description"),
        )
    if tag == "{wp}tag":
        return Term(
            "post_tag",
            unquote(_text(element, "{wp}tag_slug")),
            html.unescape(_text(element, "{wp}tag_name")),
            "",
            term_id,
            _raw(element, "{wp}tag_description"),
        )
    if tag == "{wp}term":
        return Term(
            _text(element, "{wp}term_taxonomy"),
            unquote(_text(element, "{wp}term_slug")),
            html.unescape(_text(element, "{wp}term_name")),
            unquote(_text(element, "{wp}term_parent")),
            term_id,
            _raw(element, "{wp}term_description"),
        )
    return None


_SITE_FIELDS = {
    "title": "title",
    "link": "link",
    "description": "description",
    "language": "language",
    "{wp}base_site_url": "base_site_url",
    "{wp}base_blog_url": "base_blog_url",
    "{wp}wxr_version": "wxr_version",
}


def parse_wxr(path: str | Path) -> WxrExport:
    """Read the WXR file at ``path``.

    Raises :class:`MigrateError` (one line naming the file and line) when the
    file is not a WordPress export or is not well-formed XML, truncated or
    carrying characters XML forbids. Problems inside one item do not stop the
    parse; they are listed in that item's (or comment's) ``problems``.
    """
    path = Path(path)
    shown = display(path)

    def check_root(name: str, line: int) -> None:
        if name.rsplit("}", 1)[-1] == "disqus":
            raise MigrateError(f"{shown}:{line}: this is a Disqus export, not a WordPress one; use import-disqus")
        if name != "rss":
            raise MigrateError(
                f"{shown}:{line}: not a WordPress export: the document is <{name}>, not <rss>; "
                "in WordPress, use Tools > Export > All content"
            )

    site = Site()
    authors: dict[str, Author] = {}
    terms: list[Term] = []
    items: list[Item] = []
    for element, line in read_records(path, 3, _rename, check_root):
        tag = element.tag
        if tag == "item":
            if not site.wxr_version:
                raise MigrateError(
                    f"{shown}:{line}: not a WordPress export: an RSS feed without <wp:wxr_version>; "
                    "in WordPress, use Tools > Export > All content"
                )
            items.append(_item(element, line))
        elif tag in _SITE_FIELDS:
            setattr(site, _SITE_FIELDS[tag], (element.text or "").strip())
        elif tag == "{wp}author":
            problems: list[str] = []
            author_id = _number(element, "{wp}author_id", problems, default=-1)
            login = _text(element, "{wp}author_login")
            authors[login] = Author(
                None if author_id < 0 else author_id,
                login,
                html.unescape(_text(element, "{wp}author_display_name")) or login,
                _text(element, "{wp}author_email"),
            )
        else:
            term = _term(element)
            if term is not None:
                terms.append(term)
    if not site.wxr_version:
        raise MigrateError(
            f"{shown}:1: not a WordPress export: no <wp:wxr_version> in the channel; "
            "in WordPress, use Tools > Export > All content"
        )
    return WxrExport(path, site, authors, terms, items)
