"""What an import needs to know about the site, read once from its Pelican settings."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import MigrateError

# First path segments the site writes itself: a page may not take them.
_ALWAYS_RESERVED = frozenset({"feeds", "drafts", "theme", "images", "static", "index.html", "404.html"})
_URL_SETTINGS = ("TAG_URL", "CATEGORY_URL", "AUTHOR_URL", "DRAFT_URL", "YEAR_ARCHIVE_URL")


@dataclass(frozen=True)
class ImportSettings:
    """Where imported files go and how the site names and places content."""

    content: Path
    article_url: str = "{date:%Y}/{date:%m}/{date:%d}/{slug}/"
    page_url: str = "{slug}/"
    reserved: frozenset[str] = _ALWAYS_RESERVED | {"archives", "tags", "categories", "authors", "tag", "category"}
    slug_substitutions: tuple[tuple[str, str], ...] = (
        (r"[^\w\s-]", ""),
        (r"(?u)\A\s*", ""),
        (r"(?u)\s*\Z", ""),
        (r"[-\s]+", "-"),
    )
    slugify_unicode: bool = False
    author: str = ""

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any], content: Path | None = None) -> ImportSettings:
        reserved = set(_ALWAYS_RESERVED)
        for name in settings.get("DIRECT_TEMPLATES", ()):
            save_as = settings.get(f"{name.upper()}_SAVE_AS") or ""
            reserved.add(save_as.split("/", 1)[0])
        for key in _URL_SETTINGS:
            url = settings.get(key) or ""
            first = url.split("/", 1)[0]
            if first and "{" not in first:
                reserved.add(first)
        reserved.discard("")
        return cls(
            content=Path(content or settings.get("PATH") or "content").resolve(),
            article_url=settings.get("ARTICLE_URL", cls.article_url),
            page_url=settings.get("PAGE_URL", cls.page_url),
            reserved=frozenset(reserved),
            slug_substitutions=tuple(tuple(pair) for pair in settings.get("SLUG_REGEX_SUBSTITUTIONS", ()))
            or cls.slug_substitutions,
            slugify_unicode=bool(settings.get("SLUGIFY_USE_UNICODE", False)),
            author=str(settings.get("AUTHOR") or ""),
        )

    @classmethod
    def load(cls, settings_file: str | os.PathLike | None, content: str | os.PathLike | None = None) -> ImportSettings:
        """The settings of the project whose ``pelicanconf.py`` is ``settings_file``.

        Without a settings file, the project's defaults apply and ``content``
        (default ``./content``) is where files go.
        """
        content_path = Path(content) if content else None
        if settings_file is None:
            return cls(content=(content_path or Path("content")).resolve())
        path = Path(settings_file)
        if not path.is_file():
            raise MigrateError(f"{path}: settings file not found; run the command from the project folder")
        from pelican.settings import read_settings

        return cls.from_pelican(read_settings(str(path)), content_path)

    def slugify(self, text: str) -> str:
        from pelican.utils import slugify

        return slugify(text, regex_subs=self.slug_substitutions, use_unicode=self.slugify_unicode)
