"""A "Most discussed" list on the home page and on each tag page, from the comment counts at build time.

The counts are the comments plugin's (``article.comment_count``); the ranking
is the engagement analytics' own (:func:`analytics.ranking.most_discussed`),
so the site and the report name the same posts. Templates get
``most_discussed`` (site-wide) and ``most_discussed_by_tag`` (by tag slug),
lists of articles, most discussed first; posts without comments never appear.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator

from analytics.ranking import most_discussed


@dataclass(frozen=True)
class MostDiscussedSettings:
    count: int = 5  # MOST_DISCUSSED_COUNT: posts in each list; 0 leaves the lists out

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> MostDiscussedSettings:
        return cls(count=max(0, int(settings.get("MOST_DISCUSSED_COUNT", cls.count))))


def ranked(articles: list, count: int) -> list:
    """The ``count`` articles with the most comments, most first (ties by slug)."""
    by_slug = {article.slug: article for article in articles}
    counts = {slug: int(getattr(article, "comment_count", 0) or 0) for slug, article in by_slug.items()}
    return [by_slug[slug] for slug in most_discussed(counts, count)]


def attach(generators: list) -> None:
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        options = MostDiscussedSettings.from_pelican(generator.settings)
        if not options.count or not any(hasattr(a, "comment_count") for a in generator.articles):
            continue
        generator.context["most_discussed"] = ranked(generator.articles, options.count)
        generator.context["most_discussed_by_tag"] = {
            tag.slug: ranked(articles, options.count) for tag, articles in generator.tags.items()
        }


def register() -> None:
    signals.all_generators_finalized.connect(attach)
