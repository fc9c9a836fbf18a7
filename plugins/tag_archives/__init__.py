"""Tag archives: one canonical tag per idea, "Tag Archives" pages, the tags
index and cloud, related tags, per-tag feeds and redirect stubs for old tag URLs.

README.md ("Tags") lists the settings and the template variables.
"""

from pelican import signals

from .errors import Problem, TagArchivesError
from .generator import TagArchivesGenerator, canonicalise_tags
from .report import merge_notes

__all__ = ["Problem", "TagArchivesError", "merge_notes", "register"]


def add_generator(pelican) -> type[TagArchivesGenerator]:
    return TagArchivesGenerator


def register() -> None:
    signals.article_generator_pretaxonomy.connect(canonicalise_tags)
    signals.get_generators.connect(add_generator)
