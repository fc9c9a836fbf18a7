"""Pure checks of content files: metadata, links, images and clashing URLs.

Each check returns a list of :class:`Problem`; nothing here touches Pelican's
signals or the file system except to ask whether a linked file exists.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pelican.utils import get_date

from .errors import Problem
from .header import Header, line_of

# Metadata Pelican and this project's plugins understand. Unknown keys are
# allowed (Pelican passes them to templates) unless they look like a typo.
KNOWN_KEYS = frozenset(
    {
        "title",
        "date",
        "modified",
        "tags",
        "category",
        "slug",
        "summary",
        "status",
        "author",
        "authors",
        "lang",
        "translation",
        "template",
        "save_as",
        "url",
        "blogfest",
        "description",
        "keywords",
        "image",
    }
)
STATUSES = {"article": {"published", "draft", "hidden"}, "page": {"published", "draft", "hidden"}}
LINK_PREFIXES = ("filename", "static", "attach")
_ATTRIBUTES = ("href", "src", "poster")


@dataclass(frozen=True)
class Written:
    """A content object Pelican will write, as far as clashes are concerned."""

    path: str  # as shown to the author
    kind: str  # "article" or "page"
    slug: str
    lang: str
    save_as: str
    slug_line: int | None


def check_metadata(
    path: str, header: Header, kind: str, known: frozenset[str] = KNOWN_KEYS, dates_read: bool = False
) -> list[Problem]:
    """Title and date present and valid, status known, no misspelt keys.

    ``dates_read``: Pelican read the file, so its Date and Modified parsed
    (it cannot read a file whose dates do not): they need not be parsed again.
    """
    problems: list[Problem] = []
    title = header.get("title")
    if title is None:
        problems.append(Problem(path, 1, "Title", "missing; add a line 'Title: Your title' at the top"))
    elif not title.value:
        problems.append(Problem(path, title.line, "Title", "is empty; write the post's title after 'Title:'"))

    date = header.get("date")
    if kind == "article" and date is None:
        problems.append(Problem(path, 1, "Date", "missing; add a line such as 'Date: 2012-08-16 09:00'"))
    for name in () if dates_read else ("date", "modified"):
        field = header.get(name)
        if field is None:
            continue
        try:
            get_date(field.value)
        except (ValueError, OverflowError):
            problems.append(
                Problem(
                    path, field.line, field.key, f"cannot read the date {field.value!r}; write it as YYYY-MM-DD HH:MM"
                )
            )

    status = header.get("status")
    if status is not None and status.value.lower() not in STATUSES[kind]:
        allowed = ", ".join(sorted(STATUSES[kind]))
        problems.append(
            Problem(path, status.line, status.key, f"unknown status {status.value!r}; use one of {allowed}")
        )

    for field in header.fields:
        if field.name in known:
            continue
        close = difflib.get_close_matches(field.name, known, n=1, cutoff=0.75)
        if close:
            problems.append(
                Problem(path, field.line, field.key, f"unknown metadata key; did you mean '{close[0].capitalize()}'?")
            )
    return problems


def link_targets(html: str) -> Iterable[tuple[str, str]]:
    """(tag name, target) for every link and embedded resource in ``html``."""
    from bs4 import BeautifulSoup  # imported when needed: most builds never parse a post here

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        for attribute in _ATTRIBUTES:
            value = tag.get(attribute)
            if value:
                yield tag.name, value.strip()


_MARKERS = [f"{left}{prefix}{right}" for prefix in LINK_PREFIXES for left, right in ("{}", "||")]
# An image tag, in any case: the only letters that HTML parsers lower-case to "img" (a case-blind
# pattern, several times slower, would also take the dotted İ and the like).
_IMAGE_TAG = re.compile("<[iI][mM][gG]")


def _may_have_local_links(html: str) -> bool:
    """A cheap test that skips parsing the many posts with no image and no {filename}-style link
    (every build runs it over every post)."""
    return _IMAGE_TAG.search(html) is not None or any(marker in html for marker in _MARKERS)


def _split_internal(target: str) -> tuple[str, str] | None:
    """('filename' | 'static' | 'attach' | 'path', path) for links Pelican or the
    site resolves, or None for external links and fragments."""
    for prefix in LINK_PREFIXES:
        for marker in (f"{{{prefix}}}", f"|{prefix}|"):
            if target.startswith(marker):
                return prefix, target[len(marker) :]
    if target.startswith(("#", "//", "mailto:", "tel:", "data:")) or ":" in target.split("/", 1)[0]:
        return None
    return "path", target


def check_links(
    path: str, source: str, html: str, content_root: Path, source_dir: str, needed: list[str] | None = None
) -> list[Problem]:
    """Every ``{filename}``/``{static}`` link and every local image resolves.

    ``source_dir`` is the file's folder relative to ``content_root`` (posix).
    Plain relative page links are not checked here: the published site's
    link check sees them once they are resolved. ``needed``, when given, gets
    every file the links need that exists (relative to ``content_root``): what
    to look for again when the same text is checked on a later build.
    """
    problems: list[Problem] = []
    if not _may_have_local_links(html):
        return problems
    for tag, target in link_targets(html):
        split = _split_internal(target)
        if split is None:
            continue
        prefix, target_path = split
        if prefix == "path" and tag != "img":
            continue
        clean = target_path.split("#", 1)[0].split("?", 1)[0]
        if not clean:
            continue
        if clean.startswith("/"):
            relative = clean.lstrip("/")
        else:
            relative = posixpath.normpath(posixpath.join(source_dir, clean))
        if (content_root / relative).is_file():
            if needed is not None:
                needed.append(relative)
            continue
        line = line_of(source, target_path) or line_of(source, clean)
        if tag == "img":
            message = f"image {target_path!r} not found; put it in content/images/ and write {{static}}/images/<name>"
            field = "image"
        else:
            message = f"links to {target!r}, but content/{relative} does not exist; fix the path"
            field = "link"
        problems.append(Problem(path, line, field, message))
    return problems


def check_clashes(written: list[Written], reserved: dict[str, str]) -> list[Problem]:
    """No two content objects share a slug (per kind and language) or an output file.

    ``reserved`` maps output files the site writes anyway (archives, tags index)
    to what writes them, so that a page cannot take their place.
    """
    problems: list[Problem] = []
    by_slug: dict[tuple[str, str, str], list[Written]] = defaultdict(list)
    by_file: dict[str, list[Written]] = defaultdict(list)
    for item in written:
        by_slug[(item.kind, item.lang, item.slug)].append(item)
        by_file[item.save_as].append(item)

    for (kind, _, slug), items in by_slug.items():
        if len(items) > 1:
            first, *others = sorted(items, key=lambda i: i.path)
            for other in others:
                problems.append(
                    Problem(
                        other.path,
                        other.slug_line,
                        "Slug",
                        f"{kind} slug {slug!r} is also used by {first.path}; give one of them its own 'Slug:'",
                    )
                )
    for save_as, items in by_file.items():
        paths = sorted({i.path for i in items})
        if len(paths) > 1 and len({(i.kind, i.lang, i.slug) for i in items}) > 1:
            for other in sorted(items, key=lambda i: i.path)[1:]:
                problems.append(
                    Problem(
                        other.path,
                        other.slug_line,
                        "URL",
                        f"writes {save_as}, as {paths[0]} does; change the Slug or Date of one of them",
                    )
                )
        if save_as in reserved:
            for item in items:
                problems.append(
                    Problem(
                        item.path,
                        item.slug_line,
                        "URL",
                        f"writes {save_as}, which the site uses for {reserved[save_as]}; choose another Slug",
                    )
                )
    return problems
