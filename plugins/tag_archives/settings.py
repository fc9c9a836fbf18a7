"""The plugin's settings, read once, with every default in one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .errors import Problem, TagArchivesError, settings_problem

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class TagArchivesSettings:
    """What the author can set in ``pelicanconf.py``; the README lists each one."""

    aliases: Mapping[str, str] = field(default_factory=lambda: _EMPTY)  # TAG_ALIASES: spelling -> the tag it means
    slugs: Mapping[str, str] = field(default_factory=lambda: _EMPTY)  # TAG_SLUGS: tag -> its slug
    redirects: Mapping[str, str] = field(default_factory=lambda: _EMPTY)  # TAG_REDIRECTS: old slug -> tag
    cloud_steps: int = 4  # TAG_CLOUD_STEPS
    related_limit: int = 5  # TAG_RELATED_LIMIT
    full_text: bool = False  # TAG_ARCHIVE_FULL_TEXT
    descriptions_path: str = "tags"  # TAG_DESCRIPTIONS_PATH, inside PATH
    by_count_url: str = "tags/by-count/"  # TAGS_BY_COUNT_URL
    by_count_save_as: str = "tags/by-count/index.html"  # TAGS_BY_COUNT_SAVE_AS; "" leaves the page out

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> TagArchivesSettings:
        """Read and check the settings; a wrong type stops the build with the setting's name."""
        problems: list[Problem] = []

        def mapping(name: str, example: str) -> Mapping[str, str]:
            value = settings.get(name) or {}
            if not isinstance(value, Mapping) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            ):
                problems.append(settings_problem(name, f"must be a dict of strings, such as {example}"))
                return _EMPTY
            return MappingProxyType(dict(value))

        def positive(name: str, default: int) -> int:
            value = settings.get(name, default)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                problems.append(settings_problem(name, f"must be a whole number of at least 1, not {value!r}"))
                return default
            return value

        def text(name: str, default: str, empty: bool = False) -> str:
            value = settings.get(name, default)
            if not isinstance(value, str) or not (value or empty):
                wanted = "a string" if empty else "a non-empty string"
                problems.append(settings_problem(name, f"must be {wanted}, not {value!r}"))
                return default
            return value

        defaults = cls()
        result = cls(
            aliases=mapping("TAG_ALIASES", '{"CX": "customer experience"}'),
            slugs=mapping("TAG_SLUGS", '{"C#": "c-sharp"}'),
            redirects=mapping("TAG_REDIRECTS", '{"customer-care": "customer service"}'),
            cloud_steps=positive("TAG_CLOUD_STEPS", defaults.cloud_steps),
            related_limit=positive("TAG_RELATED_LIMIT", defaults.related_limit),
            full_text=bool(settings.get("TAG_ARCHIVE_FULL_TEXT", defaults.full_text)),
            descriptions_path=text("TAG_DESCRIPTIONS_PATH", defaults.descriptions_path),
            by_count_url=text("TAGS_BY_COUNT_URL", defaults.by_count_url, empty=True),
            by_count_save_as=text("TAGS_BY_COUNT_SAVE_AS", defaults.by_count_save_as, empty=True),
        )
        if problems:
            raise TagArchivesError(problems)
        return result
