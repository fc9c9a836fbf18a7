"""The Pelican side: canonical tags on every article, then the tag data the theme shows.

Two steps, at the two moments Pelican allows:

1. ``canonicalise_tags`` runs on ``article_generator_pretaxonomy``, after the
   articles are read and before Pelican builds its tag index. It replaces each
   article's tags with one shared ``Tag`` object per canonical tag, so that the
   tag pages, the per-tag feeds, the tags index, the sitemap and every
   template see the same tag under the same name.
2. ``TagArchivesGenerator`` runs after the articles and pages generators: it
   adds counts, cloud steps, related tags and descriptions to those ``Tag``
   objects, plans the redirect stubs, and writes the tags index by count and
   the stubs.

Both steps raise :class:`TagArchivesError` before anything is written, so
``invoke check`` (which stops once every generator has read the content)
reports the same problems as a build.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import replace
from functools import cache, partial
from pathlib import Path

from pelican.generators import Generator
from pelican.readers import MarkdownReader
from pelican.urlwrappers import Tag

from plugins.content_check.header import header_line

from .canonical import PostTags, canonicalise, read_aliases, tag_key, tidy
from .errors import Problem, TagArchivesError
from .index import by_count, by_name, cloud_steps, related_tags
from .redirects import Plan, normalised, plan_redirects
from .render import REDIRECT_STUB
from .settings import TagArchivesSettings

ARTICLE_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts", "drafts_translations")
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")


def display_path(path: str | os.PathLike, content_root: Path) -> str:
    """The path as the author knows it: relative to the project folder.

    Plain string work (no ``resolve()``, no ``relpath`` for paths under the
    project): it runs for every post.
    """
    path = os.fspath(path)
    project = os.path.dirname(os.path.abspath(content_root)) + os.sep
    if path.startswith(project):
        return path[len(project) :].replace(os.sep, "/")
    relative = os.path.relpath(os.path.abspath(path), project)
    return relative.replace(os.sep, "/") if not relative.startswith("..") else path


def _tag_slugifier(settings: dict):
    """Slugs exactly as Pelican makes them for tags (TAG_REGEX_SUBSTITUTIONS and all)."""

    @cache
    def slugify(name: str) -> str:
        return Tag(name, settings).slug if name.strip() else ""

    return slugify


def canonicalise_tags(generator) -> None:
    """Give every article (published, hidden or draft) its canonical tags."""
    settings = generator.settings
    config = TagArchivesSettings.from_pelican(settings)
    root = Path(settings["PATH"])
    contents = [content for name in ARTICLE_LISTS for content in getattr(generator, name, [])]
    sources: dict[str, str] = {}
    posts = []
    for content in contents:
        shown = display_path(content.source_path, root)
        sources[shown] = content.source_path
        posts.append(PostTags(shown, tuple(tag.name for tag in getattr(content, "tags", None) or ())))

    canonical, problems = canonicalise(posts, _tag_slugifier(settings), config.aliases, config.slugs)
    if problems:
        raise TagArchivesError(
            [replace(p, line=header_line(sources[p.path], "tags")) if p.path in sources else p for p in problems]
        )

    shared: dict[str, Tag] = {}
    for key, group in canonical.groups.items():
        tag = Tag(group.name, settings)
        tag.slug = group.slug
        tag.spellings = group.spellings
        tag.aliased = group.aliased
        tag.old_slugs = group.old_slugs
        tag.count = 0
        tag.step = 0
        tag.related = []
        tag.description = ""
        tag.redirected_from = []
        shared[key] = tag

    for content in contents:
        if not getattr(content, "tags", None):
            continue
        tags = [shared[group.key] for t in content.tags if (group := canonical.group_of(t.name))]
        content.tags = list(dict.fromkeys(tags))
        if "tags" in content.metadata:
            content.metadata["tags"] = content.tags


class _Taken(dict):
    """Files already spoken for; a post or page is described only when asked, as it is rarely needed."""

    def __init__(self, taken: dict[str, str], owners: dict, root: Path) -> None:
        super().__init__(taken)
        self.owners = owners
        self.root = root

    def __contains__(self, path: object) -> bool:
        return super().__contains__(path) or path in self.owners

    def __missing__(self, path: str) -> str:
        return f"the page of {display_path(self.owners[path].source_path, self.root)}"


class TagArchivesGenerator(Generator):
    """Adds the tag data to the context; writes the tags index by count and the redirect stubs."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.config = TagArchivesSettings.from_pelican(self.settings)
        self.plan: Plan | None = None

    def generate_context(self) -> None:
        counts = {tag: len(articles) for tag, articles in self.context.get("tags", [])}
        steps = cloud_steps(counts, self.config.cloud_steps)
        related = related_tags(
            (article.tags for article in self.context.get("articles", []) if getattr(article, "tags", None)),
            self.config.related_limit,
        )
        for tag in counts:
            tag.count = counts[tag]
            tag.step = steps[tag]
            tag.related = related.get(tag, [])

        problems = self._read_descriptions()
        self.plan = self._plan_redirects(counts)
        problems += self.plan.problems
        if problems:
            raise TagArchivesError(problems)
        for redirect in self.plan.redirects:
            redirect.tag.redirected_from.append(self._old_tag(redirect.slug).url)

        self.context.update(
            tags_by_name=by_name(counts),
            tags_by_count=by_count(counts),
            tag_cloud_steps=self.config.cloud_steps,
            tag_archive_full_text=self.config.full_text,
            tags_by_count_url=self._by_count_url(),
        )

    def _by_count_url(self) -> str:
        """Empty when the site has no tags index to sort."""
        tags_index = "tags" in self.settings.get("DIRECT_TEMPLATES", ()) and self.settings.get("TAGS_SAVE_AS")
        if tags_index and self.config.by_count_save_as:
            return self.config.by_count_url
        return ""

    def _all_tags(self) -> list[Tag]:
        """Every canonical tag, drafts' included, each once."""
        found: dict[int, Tag] = {}
        for content in self.context.get("generated_content", {}).values():
            for tag in getattr(content, "tags", None) or ():
                found.setdefault(id(tag), tag)
        return list(found.values())

    def _read_descriptions(self) -> list[Problem]:
        """``content/tags/<slug>.md`` becomes ``tag.description``, rendered like a post."""
        root = Path(self.settings["PATH"])
        folder = root / self.config.descriptions_path
        if not folder.is_dir():
            return []
        tags = self._all_tags()
        by_slug = {tag.slug: tag for tag in tags}
        renamed = {old: tag for tag in tags for old in getattr(tag, "old_slugs", ())}
        reader = MarkdownReader(self.settings)
        problems = []
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in MARKDOWN_EXTENSIONS:
                continue
            tag = by_slug.get(path.stem)
            if tag is not None:
                tag.description = reader.read(str(path))[0]
                continue
            if path.stem in renamed:
                tag = renamed[path.stem]
                fix = f"{tag.name!r} now has the slug {tag.slug!r}; rename the file to {tag.slug}{path.suffix}"
            else:
                fix = "name the file after the slug of a tag (the last part of its tag/<slug>/ URL)"
            problems.append(
                Problem(display_path(path, root), None, "file", f"no tag has the slug {path.stem!r}; {fix}")
            )
        return problems

    def _taken(self) -> dict[str, str]:
        """Every file the site writes anyway, and what writes it."""
        root = Path(self.settings["PATH"])
        taken: dict[str, str] = {}
        owners = {}
        for content in self.context.get("generated_content", {}).values():
            save_as = getattr(content, "save_as", None)  # computed by Pelican on each access: once here
            if save_as:
                owners[normalised(save_as)] = content
        for kind, word in (("tags", "tag"), ("categories", "category"), ("authors", "author")):
            for term, _ in self.context.get(kind, []):
                if term.save_as:
                    taken[normalised(term.save_as)] = f"the page of {word} {term.name!r}"
        for name in self.settings.get("DIRECT_TEMPLATES", ()):
            save_as = self.settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
            if save_as:
                taken[normalised(save_as)] = f"the {name} page"
        for archives in self.context.get("period_archives", {}).values():
            for archive in archives:
                taken[normalised(archive["save_as"])] = "a period archive"
        if self._by_count_url():
            taken[normalised(self.config.by_count_save_as)] = "the tags index by count"
        return _Taken(taken, owners, root)

    def _plan_redirects(self, listed: Collection[Tag]) -> Plan:
        aliases, _ = read_aliases(self.config.aliases)
        by_key = {tag_key(tag.name): tag for tag in listed}

        def find(name: str) -> Tag | None:
            return by_key.get(aliases.resolve(tidy(name)))

        def save_as(slug: str) -> str:
            return self._old_tag(slug).save_as

        return plan_redirects(listed, self.config.redirects, find, save_as, self._taken())

    def _old_tag(self, slug: str) -> Tag:
        """A stand-in for the tag that had ``slug``, to place its stub as TAG_URL/TAG_SAVE_AS say."""
        old = Tag(slug, self.settings)
        old.slug = slug
        return old

    def generate_output(self, writer) -> None:
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        if self._by_count_url():
            write(
                self.config.by_count_save_as,
                self.get_template("tags"),
                self.context,
                template_name="tags",
                page_name=os.path.splitext(self.config.by_count_save_as)[0],
                url=self.config.by_count_url,
                tag_index_order="count",
            )
        for redirect in self.plan.redirects if self.plan else ():
            write(redirect.save_as, REDIRECT_STUB, self.context, tag=redirect.tag, url=redirect.save_as)
