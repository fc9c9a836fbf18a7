"""What ``invoke check`` tells the author about merged tags.

A public function rather than shared state: the build entry point calls it
with Pelican's generators after the content is read, and it reads only the
attributes this plugin puts on the articles' tags (``spellings``, ``aliased``),
so it returns nothing when the plugin is not enabled.
"""

from __future__ import annotations

from collections.abc import Iterable

from .canonical import merge_lines
from .generator import ARTICLE_LISTS as _CONTENT_LISTS


def merge_notes(generators: Iterable) -> list[str]:
    """One line per tag whose spellings were merged, e.g.
    ``tags: merged 'customer service' (2 posts), 'customer-service' (1 post) into 'Customer Service'``."""
    tags = {}
    for generator in generators:
        for name in _CONTENT_LISTS:
            for content in getattr(generator, name, None) or ():
                for tag in getattr(content, "tags", None) or ():
                    if hasattr(tag, "spellings") and hasattr(tag, "aliased"):
                        tags.setdefault(id(tag), tag)
    return merge_lines(tags.values())
