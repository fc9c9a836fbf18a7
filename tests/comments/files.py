"""Writes comment files for tests, in the format of content/comments/."""

from __future__ import annotations

from pathlib import Path


def comment(
    author: str = "Jane Reader",
    date: str = "2012-08-17 09:12",
    body: str = "A comment.",
    url: str | None = None,
    reply_to: str | None = None,
    kind: str | None = "comment",
    status: str | None = "approved",
    role: str | None = None,
    extra: str = "",
) -> str:
    lines = [f"Author: {author}", f"Date: {date}"]
    if url is not None:
        lines.append(f"Url: {url}")
    if reply_to is not None:
        lines.append(f"Reply-To: {reply_to}")
    if kind is not None:
        lines.append(f"Type: {kind}")
    if status is not None:
        lines.append(f"Status: {status}")
    if role is not None:
        lines.append(f"Role: {role}")
    return "\n".join(lines) + "\n" + extra + "\n" + body + "\n"


def write_comment(content: Path, slug: str, comment_id: str, text: str) -> Path:
    path = content / "comments" / slug / f"{comment_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
