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


def _display(path: Path, content_root: Path) -> str:
    """The path as the author knows it: relative to the project folder."""
    try:
        return str(path.relative_to(content_root.parent))
    except ValueError:
        return str(path)


def find_problems(generators: list) -> list[Problem]:
    """Every problem in the content Pelican was asked to read."""
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages = next(g for g in generators if isinstance(g, PagesGenerator))
    settings = articles.settings
    content_root = Path(settings["PATH"])
    known = KNOWN_KEYS | {k.lower() for k in settings.get("CONTENT_CHECK_EXTRA_KEYS", ())}

    sources: dict[str, tuple[str, Header]] = {}

    def source_of(path: Path) -> tuple[str, Header]:
        """The file's text and header, read once however many checks need them."""
        key = os.path.abspath(path)
        if key not in sources:
            text = path.read_text(encoding="utf-8")
            sources[key] = (text, read_header(text))
        return sources[key]

    read: dict[str, object] = {}
    written: list[Written] = []
    for generator, kind, lists in ((articles, "article", _ARTICLE_LISTS), (pages, "page", _PAGE_LISTS)):
        for name in lists:
            for content in getattr(generator, name, []):
                read[os.path.abspath(content.source_path)] = content
                source = Path(content.source_path)
                header = source_of(source)[1] if source.suffix.lstrip(".") in MARKDOWN_EXTENSIONS else None
                slug_field = header and (header.get("slug") or header.get("title"))
                written.append(
                    Written(
                        path=_display(source, content_root),
                        kind=kind,
                        slug=content.slug,
                        lang=content.lang,
                        save_as=content.save_as,
                        slug_line=slug_field.line if slug_field else None,
                    )
                )

    problems: list[Problem] = []
    for generator, kind, paths, excludes in (
        (articles, "article", settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]),
        (pages, "page", settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"]),
    ):
        for relative in generator.get_files(paths, exclude=excludes, extensions=MARKDOWN_EXTENSIONS):
            source = content_root / relative
            display = _display(source, content_root)
            text, header = source_of(source)
            content = read.get(os.path.abspath(source))
            found = check_metadata(display, header, kind, known, dates_read=content is not None)
            if content is not None:
                source_dir = Path(relative).parent.as_posix()
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
