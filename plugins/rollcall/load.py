"""Reads and validates the event files in ``content/blogfests/``.

PyYAML's ``safe_load`` gives values without the lines they stand on, so the
file is composed into PyYAML's node tree (safe tags only), which keeps a mark
on every node, and the values are read from the nodes: every problem names
the file, the line and the field. Text fields take the scalar as written, so
``name: No`` stays the text 'No' instead of becoming False.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem, RollcallError
from .model import KINDS, Event, Participant, url_key

EVENT_KEYS = (
    "name",
    "kind",
    "date",
    "start",
    "end",
    "organiser",
    "host",
    "theme",
    "description",
    "url",
    "series",
    "participants",
)
PARTICIPANT_KEYS = ("name", "blog", "url", "feed", "post", "title", "sort_as")
URL_FIELDS = ("url", "feed", "post")
EXTENSIONS = (".yml", ".yaml")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"


def event_files(folder: Path) -> list[Path]:
    """The event files in ``folder``, in a stable order; none when it does not exist."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in EXTENSIONS)


def load_events(folder: Path, display_root: Path) -> list[Event]:
    """Every event in ``folder``, or :class:`RollcallError` listing every problem in every file.

    Paths in messages are relative to ``display_root`` (the project folder).
    """
    events: list[Event] = []
    problems: list[Problem] = []
    for path in event_files(folder):
        try:
            display = path.relative_to(display_root).as_posix()
        except ValueError:
            display = str(path)
        event, found = read_event(path.read_bytes(), path.stem, display)
        problems += found
        if event is not None:
            events.append(event)
    if problems:
        raise RollcallError(problems)
    return events


def read_event(data: bytes, slug: str, display: str) -> tuple[Event | None, list[Problem]]:
    """The event in one file's bytes, and the problems found; the event is None when there is any."""
    reader = _Reader(display)
    if not SLUG.match(slug):
        reader.problem(
            None, "file name", f"{slug!r} cannot be a URL; rename the file to lower-case letters, digits and hyphens"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        reader.problem(line, "file", "is not UTF-8 text; save it as UTF-8")
        return None, reader.problems
    root = reader.compose(text)
    if root is None:
        return None, reader.problems
    event = reader.event(root, slug)
    return (event if not reader.problems else None), reader.problems


@dataclass
class _Reader:
    display: str
    problems: list[Problem] = field(default_factory=list)
    loader: yaml.SafeLoader | None = None

    def problem(self, line: int | None, where: str, message: str) -> None:
        self.problems.append(Problem(self.display, line, where, message))

    def compose(self, text: str) -> Node | None:
        self.loader = yaml.SafeLoader(text)
        try:
            root = self.loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            what = error.problem or "cannot be read"
            if error.context and error.context_mark:
                what += f" {error.context} that starts on line {error.context_mark.line + 1}"
            line = mark.line + 1 if mark else None
            self.problem(line, "YAML", f"{what}; fix the syntax (indentation, ':' and quotes)")
            return None
        except yaml.YAMLError as error:
            self.problem(None, "YAML", f"{str(error).splitlines()[0]}; fix the file")
            return None
        finally:
            self.loader.dispose()
        if root is None:
            self.problem(1, "file", "is empty; write the event's name, date and participants")
        return root

    # -- nodes --------------------------------------------------------------

    def mapping(self, node: Node, where: str, allowed: tuple[str, ...]) -> dict[str, tuple[ScalarNode, Node]] | None:
        """A mapping's keys and nodes; unknown and repeated keys are problems."""
        line = node.start_mark.line + 1
        if not isinstance(node, MappingNode):
            self.problem(line, where or "file", "must be a list of 'key: value' lines")
            return None
        explicit = {id(key) for key, _ in node.value}
        if any(key.tag == _MERGE for key, _ in node.value):
            # '<<: *anchor' copies the anchor's keys; keys written here override them.
            self.loader.flatten_mapping(node)
        found: dict[str, tuple[ScalarNode, Node]] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                self.problem(key_line, where, "a key must be a plain word such as 'name'")
                continue
            key = key_node.value
            label = f"{where}.{key}" if where else key
            if key not in allowed:
                close = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(allowed)}"
                self.problem(key_line, label, f"unknown key; {hint}")
                continue
            if key in found and not (id(key_node) in explicit and id(found[key][0]) in explicit):
                found[key] = (key_node, value_node)
                continue
            if key in found:
                first = found[key][0].start_mark.line + 1
                self.problem(key_line, label, f"appears twice (also on line {first}); keep one")
                continue
            found[key] = (key_node, value_node)
        return found

    def text(self, found: dict, key: str, where: str) -> str | None:
        """A text field as written, or None when it is missing or empty (``key:`` or ``key: ~``)."""
        if key not in found:
            return None
        key_node, node = found[key]
        if isinstance(node, ScalarNode):
            if node.tag == _NULL and node.style is None:
                return None
            return node.value.strip() or None
        self.problem(key_node.start_mark.line + 1, self.label(where, key), "must be text, not a list or mapping")
        return None

    @staticmethod
    def missing_or_empty(found: dict, key: str) -> bool:
        """True unless the field holds a list or mapping (a problem already reported)."""
        return key not in found or isinstance(found[key][1], ScalarNode)

    def line(self, found: dict, key: str, default: int) -> int:
        return found[key][0].start_mark.line + 1 if key in found else default

    @staticmethod
    def label(where: str, key: str) -> str:
        return f"{where}.{key}" if where else key

    def url(self, found: dict, key: str, where: str) -> str | None:
        value = self.text(found, key, where)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(c.isspace() for c in value):
            self.problem(
                self.line(found, key, 0),
                self.label(where, key),
                f"{value!r} is not an http(s) URL; write the full address, such as https://blog.example.com/",
            )
            return None
        return value

    def day(self, found: dict, key: str) -> date | None:
        value = self.text(found, key, "")
        if value is None:
            if key in found and isinstance(found[key][1], ScalarNode):
                self.problem(self.line(found, key, 0), key, "is empty; write the date as YYYY-MM-DD, e.g. 2011-10-25")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.problem(self.line(found, key, 0), key, f"cannot read the date {value!r}; write it as YYYY-MM-DD")
            return None

    # -- the event ------------------------------------------------------------

    def event(self, root: Node, slug: str) -> Event | None:
        found = self.mapping(root, "", EVENT_KEYS)
        if found is None:
            return None
        name = self.text(found, "name", "")
        if name is None and self.missing_or_empty(found, "name"):
            self.problem(self.line(found, "name", 1), "name", "missing; add a line such as 'name: Blogfest 2011'")
        kind = self.text(found, "kind", "") or "blogfest"
        if kind not in KINDS:
            self.problem(self.line(found, "kind", 1), "kind", f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
        start, end = self.period(found)
        series = self.text(found, "series", "")
        if series is not None and not SLUG.match(series):
            self.problem(
                self.line(found, "series", 1), "series", f"{series!r}: use lower-case letters, digits and hyphens"
            )
        participants = self.participants(found, kind)
        if self.problems:
            return None
        return Event(
            slug=slug,
            source=self.display,
            name=name,
            kind=kind,
            start=start,
            end=end,
            participants=participants,
            organiser=self.text(found, "organiser", ""),
            host=self.text(found, "host", ""),
            theme=self.text(found, "theme", ""),
            description=self.text(found, "description", ""),
            url=self.url(found, "url", ""),
            series=series,
        )

    def period(self, found: dict) -> tuple[date | None, date | None]:
        """``date:`` for a one-day event, or ``start:`` and ``end:``."""
        if "date" in found and ("start" in found or "end" in found):
            line = self.line(found, "start" if "start" in found else "end", 1)
            self.problem(line, "date", "give either 'date:' or 'start:' and 'end:', not both")
            return None, None
        if "date" in found:
            day = self.day(found, "date")
            return day, day
        if "start" not in found and "end" not in found:
            self.problem(1, "date", "missing; add 'date: YYYY-MM-DD', or 'start:' and 'end:' for several days")
            return None, None
        start, end = self.day(found, "start"), self.day(found, "end")
        for key in ("start", "end"):
            if key not in found:
                other = "end" if key == "start" else "start"
                self.problem(self.line(found, other, 1), key, f"missing; '{other}:' needs a '{key}:' too")
        if start and end and end < start:
            self.problem(self.line(found, "end", 1), "end", f"{end} is before the start, {start}; swap them")
        return start, end

    def participants(self, found: dict, kind: str) -> tuple[Participant, ...]:
        add = "add at least one under 'participants:' with its name, blog and url"
        if "participants" not in found:
            self.problem(1, "participants", f"missing: the event has no participants; {add}")
            return ()
        key_node, node = found["participants"]
        line = key_node.start_mark.line + 1
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            self.problem(line, "participants", f"the event has no participants; {add}")
            return ()
        if not isinstance(node, SequenceNode):
            self.problem(line, "participants", "must be a list, one '- name: …' item per participant")
            return ()
        if not node.value:
            self.problem(line, "participants", f"the event has no participants; {add}")
            return ()
        rows = []
        for number, item in enumerate(node.value, start=1):
            row = self.participant(item, f"participants[{number}]", kind)
            if row is not None:
                rows.append((f"participants[{number}]", row))
        self.duplicates(rows, "post", "each post once")
        if kind != "carnival":
            # A carnival may list two posts from one blog; a blogfest lists each blog once.
            self.duplicates(rows, "url", "list each blog once; a person with several blogs has one row per blog")
        return tuple(row for _, row in rows)

    def participant(self, node: Node, where: str, kind: str) -> Participant | None:
        found = self.mapping(node, where, PARTICIPANT_KEYS)
        if found is None:
            return None
        line = node.start_mark.line + 1
        name = self.text(found, "name", where)
        if name is None and self.missing_or_empty(found, "name"):
            self.problem(self.line(found, "name", line), f"{where}.name", "missing; every participant needs a name")
        links = {key: self.url(found, key, where) for key in URL_FIELDS}
        if kind == "carnival" and "post" not in found:
            self.problem(line, f"{where}.post", "missing; a carnival lists posts: add 'post: https://…' to each entry")
        values = {key: self.text(found, key, where) for key in ("blog", "title", "sort_as")}
        if name is None:
            return None
        return Participant(name=name, line=line, **links, **values)

    def duplicates(self, rows: list[tuple[str, Participant]], key: str, fix: str) -> None:
        seen: dict[str, tuple[str, Participant]] = {}
        for where, row in rows:
            value = getattr(row, key)
            if not value:
                continue
            same = url_key(value)
            if same in seen:
                first_where, first = seen[same]
                self.problem(
                    row.line,
                    f"{where}.{key}",
                    f"{value!r} is also listed by {first_where} (line {first.line}); {fix}",
                )
            else:
                seen[same] = (where, row)


def unknown_events(posts: Iterable[tuple[str, int | None, str]], slugs: Iterable[str]) -> list[Problem]:
    """A problem for each post (path, line, value of its ``Blogfest:``) that names no event."""
    known = sorted(slugs)
    problems = []
    for path, line, value in posts:
        if value in known:
            continue
        close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
        if close:
            hint = f"did you mean '{close[0]}'?"
        elif known:
            hint = f"the events are: {', '.join(known)}"
        else:
            hint = "add content/blogfests/<slug>.yml for it"
        problems.append(Problem(path, line, "Blogfest", f"no event {value!r} in the blogfests folder; {hint}"))
    return problems
