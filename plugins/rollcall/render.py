"""Puts the roll-call into a post's HTML.

The table itself comes from the theme's ``rollcall.html`` template, so a
theme can restyle it; this module only decides where it goes: in place of
each paragraph that holds nothing but the marker, or at the end.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import Environment

from .model import Entry, Event

TEMPLATE = "rollcall.html"


def render_table(env: Environment, event: Event, entries: tuple[Entry, ...], context: Mapping[str, Any]) -> str:
    """The roll-call table of ``event``, rendered with the theme's template."""
    return env.get_template(TEMPLATE).render({**context, "event": event, "entries": entries})


def _is_marker(tag, marker: str) -> bool:
    """A paragraph whose only content is the marker text (not a code span showing it)."""
    from bs4 import NavigableString

    children = list(tag.children)
    return len(children) == 1 and isinstance(children[0], NavigableString) and children[0].strip() == marker


def insert_rollcall(html: str, table: str, marker: str) -> str:
    """``html`` with ``table`` in place of every marker paragraph, or appended when there is none."""
    from bs4 import BeautifulSoup  # only for the few posts of a blogfest: most builds never need it

    soup = BeautifulSoup(html, "html.parser")
    markers = [p for p in soup.find_all("p") if _is_marker(p, marker)]
    if not markers:
        return f"{html.rstrip()}\n{table}"
    for paragraph in markers:
        paragraph.replace_with(BeautifulSoup(table, "html.parser"))
    return str(soup)
