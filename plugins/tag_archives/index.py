"""The numbers behind the tags index, the cloud and the related tags.

Works on any hashable tag objects with a ``name`` (Pelican's ``Tag`` in the
build, plain strings' stand-ins in the tests); no Pelican imports.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Protocol, TypeVar

from .canonical import tag_key


class Named(Hashable, Protocol):
    name: str


T = TypeVar("T", bound=Named)


def name_order(tag: Named) -> tuple[str, str]:
    """Alphabetical as a reader expects: case and accents do not scatter the list."""
    return (tag_key(tag.name), tag.name)


def by_name(counts: Mapping[T, int]) -> list[T]:
    return sorted(counts, key=name_order)


def by_count(counts: Mapping[T, int]) -> list[T]:
    """Most posts first; tags with as many posts in alphabetical order."""
    return sorted(counts, key=lambda tag: (-counts[tag], *name_order(tag)))


def related_tags(posts: Iterable[Sequence[T]], limit: int = 5) -> dict[T, list[tuple[T, int]]]:
    """For each tag, the tags most often on the same posts, with how many posts they share.

    Ties go to the alphabetically first tag, so the list is the same on every build.
    """
    together: dict[T, Counter[T]] = defaultdict(Counter)
    for tags in posts:
        unique = list(dict.fromkeys(tags))
        for tag in unique:
            together[tag].update(other for other in unique if other != tag)
    return {
        tag: sorted(counter.items(), key=lambda item: (-item[1], *name_order(item[0])))[:limit]
        for tag, counter in together.items()
    }


def cloud_steps(counts: Mapping[T, int], steps: int) -> dict[T, int]:
    """A step from 1 to ``steps`` for each tag, on a logarithmic scale of its post count.

    The range from the smallest to the largest count is cut into ``steps``
    bands of equal width in log(count); a tag's step is its band. So with
    four steps and counts from 1 to 8, tags with 1, 2, 4 and 8 posts get
    steps 1, 2, 3 and 4. When every tag has as many posts, all get step 1.
    """
    if not counts:
        return {}
    low, high = math.log(min(counts.values())), math.log(max(counts.values()))
    if high == low:
        return dict.fromkeys(counts, 1)
    result = {}
    for tag, count in counts.items():
        share = (math.log(count) - low) / (high - low)
        # The tiny margin keeps a count exactly on a band's edge (2 of 1..8) from
        # falling into the band below through rounding.
        result[tag] = min(steps, 1 + math.floor(share * steps + 1e-9))
    return result
