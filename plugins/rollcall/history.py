"""Several editions of one blogfest: who returned, who joined, who left.

Editions are the event files that share a ``series:``. A person counts as
returning when their name (compared without case or accents) or one of
their blog addresses was in the edition before, so a blogger who changed
the spelling of their name but kept their blog is still recognised.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Entry, Event, roll_call


@dataclass(frozen=True)
class Edition:
    event: Event
    people: int
    previous: Event | None
    returned: tuple[str, ...]  # names, in roll-call order
    joined: tuple[str, ...]
    left: tuple[str, ...]  # in the previous edition, not in this one


def _matches(entry: Entry, others: Iterable[Entry]) -> bool:
    return any(entry.key == other.key or entry.url_keys & other.url_keys for other in others)


def compare(current: tuple[Entry, ...], previous: tuple[Entry, ...]) -> tuple[list[str], list[str], list[str]]:
    """(returned, joined, left) names between two roll-calls."""
    returned = [e.name for e in current if _matches(e, previous)]
    joined = [e.name for e in current if not _matches(e, previous)]
    left = [p.name for p in previous if not _matches(p, current)]
    return returned, joined, left


def editions(events: Iterable[Event]) -> dict[str, tuple[Edition, ...]]:
    """Each series with two or more editions, oldest edition first."""
    by_series: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.series:
            by_series[event.series].append(event)
    history: dict[str, tuple[Edition, ...]] = {}
    for series, members in sorted(by_series.items()):
        if len(members) < 2:
            continue
        members.sort(key=lambda e: (e.start, e.end, e.slug))
        found = []
        previous_event, previous_entries = None, ()
        for event in members:
            entries = roll_call(event)
            returned, joined, left = compare(entries, previous_entries)
            found.append(Edition(event, len(entries), previous_event, tuple(returned), tuple(joined), tuple(left)))
            previous_event, previous_entries = event, entries
        history[series] = tuple(found)
    return history
