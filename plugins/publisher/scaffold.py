"""Scaffolds a new post with the metadata a post needs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pelican.utils import slugify

from .errors import PublishError


def post_text(title: str, now: datetime, tags: str = "", category: str = "") -> tuple[str, str]:
    """(slug, file text) for a new draft post."""
    title = " ".join(title.split())
    if not title:
        raise PublishError('the post needs a title: invoke new "Your title"')
    slug = slugify(title, regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")])
    tag_list = ", ".join(t.strip() for t in tags.split(",") if t.strip())
    lines = [
        f"Title: {title}",
        f"Date: {now:%Y-%m-%d %H:%M}",
        f"Category: {category or 'Customer Service'}",
        f"Tags: {tag_list}",
        f"Slug: {slug}",
        "Summary: ",
        "Status: draft",
        "",
        "Write your post here. Change Status to published when it is ready.",
        "",
    ]
    return slug, "\n".join(lines)


def new_post(content: Path, title: str, now: datetime, tags: str = "", category: str = "") -> Path:
    """Write ``content/posts/<slug>.md``; never overwrites an existing post."""
    slug, text = post_text(title, now, tags, category)
    path = Path(content) / "posts" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise PublishError(f"{path}: a post with this slug exists already; choose another title") from None
    return path
