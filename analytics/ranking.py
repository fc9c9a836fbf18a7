"""Rankings that the site's build shares with the analytics, in plain Python: a build should not
pay for importing pandas to sort a thousand numbers."""

from __future__ import annotations

from collections.abc import Mapping


def most_discussed(counts: Mapping[str, int], limit: int = 5) -> list[str]:
    """The ids with the most comments, most first (ties in id order); ids without comments never appear."""
    ranked = sorted(((-int(n), str(key)) for key, n in counts.items() if int(n) > 0))
    return [key for _, key in ranked[:limit]]
