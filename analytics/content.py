"""The blog's own posts, read the way the build reads them.

Pelican's readers and the project's settings give the same titles, slugs,
dates, tags and URLs as the site, and the same HTML, from which the words and
the closing question are measured. Only published posts count: drafts and
hidden posts have no readers.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pandas as pd
from pelican.contents import Article, Page
from pelican.readers import Readers
from pelican.settings import read_settings
from pelican.urlwrappers import Tag

from plugins.tag_archives.canonical import PostTags, canonicalise
from plugins.tag_archives.errors import TagArchivesError
from plugins.tag_archives.settings import TagArchivesSettings

from . import columns as c
from .errors import AnalyticsError
from .prose import describe


def load_settings(settings_file: str | os.PathLike, content: str | os.PathLike | None = None) -> dict:
    path = Path(settings_file)
    if not path.is_file():
        raise AnalyticsError(
            f"{path}: settings file not found; run the command from the project folder or pass --settings"
        )
    if content is not None and not Path(content).is_dir():
        raise AnalyticsError(f"{content}: content folder not found; pass --content DIR")
    override = {"PATH": os.path.abspath(content)} if content is not None else None
    settings = read_settings(str(path), override=override)
    if not Path(settings["PATH"]).is_dir():
        raise AnalyticsError(f"{settings['PATH']}: content folder not found; pass --content DIR")
    return settings


def _files(root: Path, folders: list[str], excludes: list[str], extensions: set[str]) -> list[Path]:
    """Files under ``folders`` of ``root`` with a reader, skipping ``excludes`` as Pelican does."""
    found = []
    skipped = {(root / e).resolve() for e in excludes}
    for folder in folders:
        base = root / folder
        for dirpath, dirnames, filenames in os.walk(base):
            here = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if (here / d).resolve() not in skipped and not d.startswith("."))
            for name in sorted(filenames):
                if name.rsplit(".", 1)[-1] in extensions and not name.startswith("."):
                    found.append(here / name)
    return found


def canonical_tags(tag_lists: list[list[str]], settings: dict) -> list[list[str]]:
    """One name per tag, as the site's tag archives name it: spellings that differ only in case, accents,
    spacing, hyphens or underscores, and those ``TAG_ALIASES`` joins, become the tag's one name."""
    options = TagArchivesSettings.from_pelican(settings)
    posts = [PostTags(str(n), tuple(tags)) for n, tags in enumerate(tag_lists)]
    found, problems = canonicalise(posts, lambda name: Tag(name, settings).slug, options.aliases, options.slugs)
    if problems:
        raise TagArchivesError(problems)
    return [list(dict.fromkeys(group.name for t in tags if (group := found.group_of(t)))) for tags in tag_lists]


def _read(settings: dict, folders: str, excludes: str, kind: type, context: dict) -> list:
    root = Path(settings["PATH"])
    readers = Readers(settings)
    found = []
    for path in _files(root, settings[folders], settings[excludes], set(readers.extensions)):
        try:
            content = readers.read_file(
                base_path=str(root), path=str(path.relative_to(root)), content_class=kind, context=context
            )
        except Exception as error:  # a reader's own error, worded by Pelican
            raise AnalyticsError(
                f"{path}: {type(error).__name__}: {error}; fix the file or run 'invoke check'"
            ) from None
        context["generated_content"][content.get_relative_source_path()] = content
        found.append(content)
    return found


def read_articles(settings: dict) -> list[Article]:
    """Every article of the content folder named by ``settings["PATH"]`` (drafts too), read by Pelican's readers."""
    context: dict = {"generated_content": {}, "static_content": {}, "localsiteurl": settings.get("SITEURL", "")}
    return _read(settings, "ARTICLE_PATHS", "ARTICLE_EXCLUDES", Article, context)


def page_slugs(settings: dict) -> set[str]:
    """The slugs of the pages, which may carry comments of their own (an imported About page keeps its talk)."""
    context: dict = {"generated_content": {}, "static_content": {}, "localsiteurl": settings.get("SITEURL", "")}
    return {page.slug for page in _read(settings, "PAGE_PATHS", "PAGE_EXCLUDES", Page, context)}


def is_published(article: Article) -> bool:
    return getattr(article, "status", "published") == "published"


def public_url(article: Article, settings: dict) -> str:
    siteurl = settings.get("SITEURL", "").rstrip("/")
    return f"{siteurl}/{article.url}" if siteurl else article.url


def posts_from_content(settings: dict, articles: list[Article] | None = None) -> pd.DataFrame:
    """The ``posts`` table of the published articles: drafts and hidden posts have no readers."""
    articles = [a for a in (read_articles(settings) if articles is None else articles) if is_published(a)]
    rows = []
    pelican_log = logging.getLogger("pelican")
    level = pelican_log.level
    # Links to pages and images are left unresolved: the build checks them, words do not need them.
    pelican_log.setLevel(logging.ERROR)
    try:
        for article in articles:
            words, asks = describe(article.content)
            rows.append(
                {
                    c.POST_ID: article.slug,
                    c.TITLE: article.title,
                    c.URL: public_url(article, settings),
                    c.PUBLISHED: pd.Timestamp(article.date),
                    c.TAGS: [str(t) for t in getattr(article, "tags", [])],
                    c.CATEGORY: str(article.category) if getattr(article, "category", None) else None,
                    c.WORDS: words,
                    c.ASKS_QUESTION: asks,
                    c.SOURCE: "content",
                }
            )
    finally:
        pelican_log.setLevel(level)
    frame = pd.DataFrame(rows, columns=list(c.POSTS))
    frame[c.TAGS] = canonical_tags(frame[c.TAGS].tolist(), settings)
    frame[c.PUBLISHED] = [_utc(t, settings) for t in frame[c.PUBLISHED]]
    return c.conform(frame, c.POSTS).sort_values(c.PUBLISHED, kind="stable").reset_index(drop=True)


def blogfest_posts(articles: list[Article], settings: dict) -> dict[str, list[str]]:
    """The public URLs of the posts that take part in each blogfest (``Blogfest: <slug>``): its roll-calls."""
    found: dict[str, list[str]] = {}
    for article in filter(is_published, articles):
        slug = article.metadata.get("blogfest")
        if slug:
            found.setdefault(str(slug).strip(), []).append(public_url(article, settings))
    return found


def _utc(stamp: pd.Timestamp, settings: dict) -> pd.Timestamp:
    """Pelican gives naive dates in the site's TIMEZONE."""
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(settings.get("TIMEZONE") or "UTC")
    return stamp.tz_convert("UTC")
