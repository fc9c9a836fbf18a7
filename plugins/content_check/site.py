"""Runs the checks over what Pelican read: the thin layer between the pure
checks and Pelican's generators."""

from __future__ import annotations

import os
from pathlib import Path

from pelican.generators import ArticlesGenerator, PagesGenerator

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


def find_problems(generators: list) -> list[Problem]:
    """Every problem in the content Pelican was asked to read.

    Paths are handled as strings: this runs on every build, over every file.
    """
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages = next(g for g in generators if isinstance(g, PagesGenerator))
    settings = articles.settings
    content_root = Path(settings["PATH"])
    project = str(content_root.parent)
    known = KNOWN_KEYS | {k.lower() for k in settings.get("CONTENT_CHECK_EXTRA_KEYS", ())}

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
    written: list[Written] = []
    for generator, kind, lists in ((articles, "article", _ARTICLE_LISTS), (pages, "page", _PAGE_LISTS)):
        for name in lists:
            for content in getattr(generator, name, []):
                source = content.source_path
                key = os.path.abspath(source)
                read[key] = content
                header = source_of(key)[1] if _is_markdown(source) else None
                slug_field = header and (header.get("slug") or header.get("title"))
                written.append(
                    Written(
                        path=_display(source, project),
                        kind=kind,
                        slug=content.slug,
                        lang=content.lang,
                        save_as=content.save_as,
                        slug_line=slug_field.line if slug_field else None,
                    )
                )

    problems: list[Problem] = []
    root = str(content_root)
    for generator, kind, paths, excludes in (
        (articles, "article", settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]),
        (pages, "page", settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"]),
    ):
        for relative in generator.get_files(paths, exclude=excludes, extensions=MARKDOWN_EXTENSIONS):
            source = os.path.join(root, relative)
            display = _display(source, project)
            key = os.path.abspath(source)
            text, header = source_of(key)
            content = read.get(key)
            found = check_metadata(display, header, kind, known, dates_read=content is not None)
            if content is not None:
                source_dir = os.path.dirname(relative).replace(os.sep, "/") or "."
                found += check_links(display, text, content._content or "", content_root, source_dir)
            elif not found:
                found.append(Problem(display, None, "file", "Pelican could not read this file; see its message above"))
            problems += found

    reserved = {}
    for name in settings.get("DIRECT_TEMPLATES", ()):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            reserved[save_as] = f"the {name} page"
    problems += check_clashes(written, reserved)
    return problems
