"""The text of the files an import writes: posts and pages with their metadata header, comments.

Header values are one line each (the header is ``Key: value`` lines up to
the first blank line), so every value is collapsed onto one line here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from plugins.comments.model import url_problem


def one_line(value: str) -> str:
    return " ".join(value.split())


def date_text(when: datetime) -> str:
    """``2012-08-16 09:00:00+00:00`` for a GMT date; without a zone when only local time is known."""
    return when.isoformat(sep=" ")


def commenter_url(url: str) -> str:
    """The commenter's link when the comments plugin takes it (a plain http(s) address); else left out."""
    url = url.strip()
    return "" if url_problem(url) else url


def tag_name(name: str) -> str:
    """A tag or category name that survives Pelican's list splitting (on commas, or semicolons when present)."""
    return one_line(name.replace(",", " ").replace(";", " "))


def document(fields: Iterable[tuple[str, str]], body: str) -> str:
    """A Markdown file: the header lines (empty values left out), a blank line, the body."""
    lines = [f"{key}: {one_line(value)}" for key, value in fields if one_line(value)]
    return "\n".join(lines) + "\n\n" + (body.strip() + "\n" if body.strip() else "")


def comment_document(
    author: str,
    date: datetime,
    url: str,
    reply_to: str,
    kind: str,
    status: str,
    body: str,
    role: str = "",
) -> str:
    """A comment file in the format the comments plugin reads."""
    fields = [
        ("Author", author),
        ("Date", date_text(date)),
        ("Url", url),
        ("Reply-To", reply_to),
        ("Type", kind),
        ("Status", status),
        ("Role", role),
    ]
    return document(fields, body)
