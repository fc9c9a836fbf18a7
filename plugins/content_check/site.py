"""Runs the checks over what Pelican read: the thin layer between the pure
checks and Pelican's generators."""

from __future__ import annotations

import os
from pathlib import Path

from pelican.generators import ArticlesGenerator, PagesGenerator

from .checked import CheckedFiles, Found
from .checks import KNOWN_KEYS, Written, check_clashes, check_links, check_metadata
from .errors import Problem
from .header import Header, read_header

_ARTICLE_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations")
_PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages", "draft_translations")
MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")


def _display(path: str, project: str) -> str:
    """The path as the author knows it: relative to the project folder (the content folder's parent)."""
    prefix = project if project.endswith(os.sep) else project + os.sep
    return path[len(prefix) :] if path.startswith(prefix) else path


def _is_markdown(path: str) -> bool:
    return os.path.splitext(path)[1].lstrip(".") in MARKDOWN_EXTENSIONS


def find_problems(generators: list, checked: CheckedFiles | None = None) -> list[Problem]:
    """Every problem in the content Pelican was asked to read.

    Paths are handled as strings: this runs on every build, over every file.
    ``checked``: what earlier builds found in files that have not changed.
    """
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages = next(g for g in generators if isinstance(g, PagesGenerator))
    settings = articles.settings
    content_root = Path(settings["PATH"])
    project = str(content_root.parent)
    known = known_keys(settings)

    sources: dict[str, tuple[str, Header]] = {}

    def source_of(key: str) -> tuple[str, Header]:
        """The file's text and header (``key``: its absolute path), read once however many checks need them."""
        found = sources.get(key)
        if found is None:
            with open(key, encoding="utf-8") as file:
                text = file.read()
            found = sources[key] = (text, read_header(text))
        return found

    read: dict[str, object] = {}
    contents: list[tuple[object, str, str]] = []  # (content, kind, absolute source path)
    for generator, kind, lists in ((articles, "article", _ARTICLE_LISTS), (pages, "page", _PAGE_LISTS)):
        for name in lists:
            for content in getattr(generator, name, []):
                key = os.path.abspath(content.source_path)
                read[key] = content
                contents.append((content, kind, key))

    problems: list[Problem] = []
    slug_lines: dict[str, int | None] = {}
    root = str(content_root)
    for generator, kind, paths, excludes in (
        (articles, "article", settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]),
        (pages, "page", settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"]),
    ):
        for relative in generator.get_files(paths, exclude=excludes, extensions=MARKDOWN_EXTENSIONS):
            source = os.path.join(root, relative)
            key = os.path.abspath(source)
            content = read.get(key)
            html = (content._content or "") if content is not None else ""
            remembered = checked.key(key, kind, html) if checked is not None and content is not None else None
            if remembered is not None and (known_answer := checked.get(remembered, content_root)) is not None:
                slug_lines[key] = known_answer.slug_line
                continue
            display = _display(source, project)
            text, header = source_of(key)
            found = check_metadata(display, header, kind, known, dates_read=content is not None)
            needed: list[str] = []
            if content is not None:
                source_dir = os.path.dirname(relative).replace(os.sep, "/") or "."
                found += check_links(display, text, html, content_root, source_dir, needed)
            elif not found:
                found.append(Problem(display, None, "file", "Pelican could not read this file; see its message above"))
            slug_lines[key] = _slug_line(header)
            if remembered is not None and not found:
                checked.keep(remembered, Found(slug_lines[key], tuple(needed)))
            problems += found

    written: list[Written] = []
    for content, kind, key in contents:
        source = content.source_path
        if key in slug_lines:
            slug_line = slug_lines[key]
        else:
            slug_line = _slug_line(source_of(key)[1]) if _is_markdown(source) else None
        written.append(
            Written(
                path=_display(source, project),
                kind=kind,
                slug=content.slug,
                lang=content.lang,
                save_as=content.save_as,
                slug_line=slug_line,
            )
        )

    reserved = {}
    for name in settings.get("DIRECT_TEMPLATES", ()):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            reserved[save_as] = f"the {name} page"
    problems += check_clashes(written, reserved)
    if checked is not None and not problems:
        checked.save()
    return problems


def known_keys(settings: dict) -> frozenset[str]:
    """The metadata keys the typo check accepts: Pelican's and the plugins', and the site's own."""
    return KNOWN_KEYS | {k.lower() for k in settings.get("CONTENT_CHECK_EXTRA_KEYS", ())}


def _slug_line(header: Header) -> int | None:
    """The line that gives the file its slug (Slug, else Title), for the clash check's messages."""
    field = header.get("slug") or header.get("title")
    return field.line if field else None
