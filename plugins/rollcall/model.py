"""Blogfests and carnivals as data, and the roll-call built from them.

No Pelican here: the loader (``load.py``) builds these objects from YAML, the
generator hands them to templates.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

KINDS = ("blogfest", "carnival")

# Words after a surname that are not the surname ("Martin Luther King Jr.").
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md", "m.d."})
# "Victoria Redshaw & Shelley Pond" sorts under the first person's surname.
_SEVERAL_PEOPLE = re.compile(r"\s+(?:&|and|\+)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Participant:
    """One row of an event file: one person (or team) with one blog, or one post of a carnival."""

    name: str
    line: int
    blog: str | None = None
    url: str | None = None
    feed: str | None = None
    post: str | None = None
    title: str | None = None  # the post's title
    sort_as: str | None = None

    @property
    def label(self) -> str:
        """What the blog is called in a table: its name, or the host of its address or post when it has none."""
        if self.blog:
            return self.blog
        address = self.url or self.post
        return (urlsplit(address).hostname or address) if address else ""


@dataclass(frozen=True)
class Event:
    """One edition of a blogfest or one blog carnival, as read from ``content/blogfests/<slug>.yml``."""

    slug: str
    source: str  # the file, as the author knows it
    name: str
    kind: str
    start: date
    end: date
    participants: tuple[Participant, ...]
    organiser: str | None = None
    host: str | None = None
    theme: str | None = None
    description: str | None = None
    url: str | None = None
    series: str | None = None

    @property
    def paragraphs(self) -> list[str]:
        """The description split at blank lines, for templates to wrap in <p>."""
        if not self.description:
            return []
        return [" ".join(p.split()) for p in re.split(r"\n\s*\n", self.description) if p.strip()]

    def period(self, date_format: str = "%-d %b %Y") -> str:
        """'25 Oct 2011', 'January 2012' for a whole month, or '16 Jan 2012 – 20 Jan 2012'."""
        if self.start == self.end:
            return self.start.strftime(date_format)
        last_day = calendar.monthrange(self.end.year, self.end.month)[1]
        same_month = (self.start.year, self.start.month) == (self.end.year, self.end.month)
        if same_month and self.start.day == 1 and self.end.day == last_day:
            return self.start.strftime("%B %Y")
        return f"{self.start.strftime(date_format)} – {self.end.strftime(date_format)}"


@dataclass(frozen=True)
class Entry:
    """One person in a roll-call, with each of their blogs (or, in a carnival, posts)."""

    name: str
    rows: tuple[Participant, ...]
    own: bool = False  # this site's own row

    @property
    def key(self) -> str:
        return person_key(self.name)

    @property
    def url_keys(self) -> frozenset[str]:
        return frozenset(url_key(row.url) for row in self.rows if row.url)


def fold(text: str) -> str:
    """Text for comparing and sorting: accents dropped, case folded, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def person_key(name: str) -> str:
    """Rows whose names give the same key are one person."""
    return fold(name)


def surname(name: str) -> str:
    """The last word of the (first) person's name, skipping 'Jr.' and the like."""
    first_person = _SEVERAL_PEOPLE.split(name.strip(), maxsplit=1)[0]
    words = first_person.replace(",", " ").split()
    while len(words) > 1 and words[-1].casefold() in _SUFFIXES:
        words.pop()
    return words[-1] if words else name


def url_key(url: str) -> str:
    """A blog's address as compared for duplicates and for 'this blog': scheme,
    'www.', letter case of the host, default port and trailing slash ignored."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port if parts.port not in (None, 80, 443) else None
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{f':{port}' if port else ''}{path}{query}"


def is_under(url: str, base_keys: Iterable[str]) -> bool:
    """Whether ``url`` is one of the addresses in ``base_keys`` or a page below one."""
    key = url_key(url)
    return any(key == base or key.startswith(base + "/") for base in base_keys if base)


def roll_call(event: Event, own_urls: Iterable[str] = ()) -> tuple[Entry, ...]:
    """The event's participants, one entry per person, sorted by surname and then name.

    A person's rows keep the order of the file. Ties are broken by blog name
    and URL, so the order never depends on the order of the file.
    """
    own_keys = [url_key(url) for url in own_urls]
    grouped: dict[str, list[Participant]] = {}
    for row in event.participants:
        grouped.setdefault(person_key(row.name), []).append(row)

    def sort_key(rows: list[Participant]) -> tuple[str, ...]:
        first = rows[0]
        sort_as = next((row.sort_as for row in rows if row.sort_as), None)
        return (fold(sort_as or surname(first.name)), fold(first.name), fold(first.label), first.url or "")

    entries = []
    for rows in sorted(grouped.values(), key=sort_key):
        own = any(is_under(link, own_keys) for row in rows for link in (row.url, row.post) if link)
        entries.append(Entry(rows[0].name, tuple(rows), own))
    return tuple(entries)
