"""Puts the roll-call into a post's HTML.

The table itself comes from the theme's ``rollcall.html`` template, so a
theme can restyle it; this module only decides where it goes: in place of
each paragraph that holds nothing but the marker, or at the end.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape as html_escape
from typing import Any

from jinja2 import Environment

from .model import Entry, Event

TEMPLATE = "rollcall.html"


def render_table(env: Environment, event: Event, entries: tuple[Entry, ...], context: Mapping[str, Any]) -> str:
    """The roll-call table of ``event``, rendered with the theme's template."""
    return env.get_template(TEMPLATE).render({**context, "event": event, "entries": entries})


def insert_rollcall(html: str, table: str, marker: str) -> str:
    """``html`` with ``table`` in place of every marker paragraph, or appended when there is none.

    A marker paragraph holds nothing but the marker's text, as Python-Markdown
    writes it (``<p>[rollcall]</p>``, with attributes if the post gave it
    some); a code span showing the marker is not one. A pattern finds them:
    parsing the post with an HTML parser cost more than the rest of the
    plugin (its import alone a tenth of a second on every build), and the
    rest of the post stays byte for byte as it was written.
    """
    escaped = html_escape(marker, quote=False)
    if escaped in html:
        pattern = re.compile(r"<p(?:\s[^>]*)?>\s*" + re.escape(escaped) + r"\s*</p>")
        replaced, count = pattern.subn(lambda _: table, html)
        if count:
            return replaced
    return f"{html.rstrip()}\n{table}"
