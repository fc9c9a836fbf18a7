"""Keeps the threads of the imported comments whole.

An export's threads can point where the site cannot follow: at a parent that
is spam or in the trash (not imported), in a loop (a damaged database), or at
a parent written later than its reply (clocks and time zones). The comments
plugin rightly refuses each of those, so before anything is written:

- a reply whose parent is not imported answers the nearest imported ancestor,
  or becomes a top-level comment;
- a loop is cut at its earliest comment, which becomes top-level;
- a reply dated before its parent takes its parent's date.

Each change is counted, so the import can report it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(slots=True)
class Entry:
    """A comment to be written: ``parent`` as exported, ``reply_to`` as it will be written."""

    id: str
    parent: str
    date: datetime
    reply_to: str = ""


def _comparable(a: datetime, b: datetime) -> bool:
    return (a.tzinfo is None) == (b.tzinfo is None)


def settle(entries: list[Entry], parent_of: Mapping[str, str]) -> Counter[str]:
    """Set every entry's ``reply_to`` (and fix its date); count the changes by kind.

    ``parent_of`` gives the exported parent of every comment of the post,
    imported or not, so a reply can climb past the ones that are not.
    """
    changes: Counter[str] = Counter()
    kept = {entry.id: entry for entry in entries}
    for entry in entries:
        parent, seen = entry.parent, {entry.id}
        while parent and parent not in kept and parent not in seen:
            seen.add(parent)
            parent = parent_of.get(parent, "")
        if parent in seen:
            parent = ""
        if parent != entry.parent:
            changes["re-attached"] += 1
        entry.reply_to = parent

    settled: set[str] = set()
    for entry in entries:
        path: list[Entry] = []
        on_path: set[str] = set()
        current: Entry | None = entry
        while current is not None and current.id not in settled and current.id not in on_path:
            path.append(current)
            on_path.add(current.id)
            current = kept.get(current.reply_to) if current.reply_to else None
        if current is not None and current.id in on_path:
            loop = path[path.index(current) :]
            earliest = min(loop, key=lambda e: (e.date.timestamp() if e.date.tzinfo else 0, e.id))
            earliest.reply_to = ""
            changes["loop cut"] += 1
        settled.update(on_path)

    depth: dict[str, int] = {}

    def depth_of(entry: Entry) -> int:
        chain: list[Entry] = []
        node = entry
        while node.id not in depth:
            if not node.reply_to:
                depth[node.id] = 0
                break
            chain.append(node)
            node = kept[node.reply_to]
        level = depth[node.id]
        for item in reversed(chain):
            level += 1
            depth[item.id] = level
        return depth[entry.id]

    for entry in sorted(entries, key=depth_of):
        if entry.reply_to:
            parent = kept[entry.reply_to]
            if _comparable(entry.date, parent.date) and entry.date < parent.date:
                entry.date = parent.date
                changes["dated as its parent"] += 1
    return changes
