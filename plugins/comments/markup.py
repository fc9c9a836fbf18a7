"""The threaded comment list as HTML, written out here rather than by a template loop.

A post's page shows every comment on it, and a blog with a hundred thousand
comments spent a fifth of its build walking them through the theme's Jinja
loop (a dozen attribute lookups and filter calls per comment, each a Python
call). The markup is fixed, so it is formatted here in one pass, a quarter of
the cost, and only for the pages a build writes. Theme authors who want
other markup can still loop over ``article.comments`` themselves.

Every value a visitor wrote is escaped as Jinja's ``|e`` escapes it; the
body (``comment.html``) has already been through the sanitiser.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import escape as _markupsafe_escape

from .render import VISITOR_LINK_REL
from .thread import Node


def escape(text: str) -> str:
    """Jinja's ``|e``, as plain text: most names and dates have nothing to escape, and making the
    ``Markup`` object that markupsafe returns costs more than looking."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return str(_markupsafe_escape(text))
    return text


def thread_html(nodes: Iterable[Node]) -> str:
    """``nodes`` and their replies as nested ``<ol class="comment-list depth-N">`` lists, each comment
    an ``<li id="comment-<id>">`` (no recursion, whatever the depth of a thread)."""
    parts: list[str] = ['<ol class="comment-list depth-1">']
    # What is left to write: iterators over the nodes of each open list, innermost last.
    open_lists = [iter(nodes)]
    while open_lists:
        node = next(open_lists[-1], None)
        if node is None:
            open_lists.pop()
            parts.append("</ol></li>" if open_lists else "</ol>")
            continue
        parts.append(_comment(node))
        if node.replies:
            parts.append(f'<ol class="comment-list depth-{len(open_lists) + 1}">')
            open_lists.append(iter(node.replies))
        else:
            parts.append("</li>")
    return "".join(parts)


def _comment(node: Node) -> str:
    """One comment's ``<li>`` and everything in it but its replies (the ``</li>`` is the caller's)."""
    c = node.comment
    anchor = f"comment-{escape(c.id)}"
    author = escape(c.author)
    name = f'<a class="url" href="{escape(c.url)}" rel="{VISITOR_LINK_REL}">{author}</a>' if c.url else author
    classes = "comment by-author" if c.is_author else "comment"
    badge = ' <span class="author-badge">Author</span>' if c.is_author else ""
    answers = ""
    if node.flattened:
        classes += " flattened"
        parent = node.parent
        answers = (
            f' · <span class="in-reply-to">in reply to <a href="#comment-{escape(parent.id)}">'
            f"{escape(parent.author)}</a></span>"
        )
    return (
        f'<li class="{classes}" id="{anchor}">\n'
        f'<article class="comment-body" aria-label="Comment by {author}">\n'
        f'<p class="comment-meta"><span class="comment-author">{name}</span>{badge} · '
        f'<a class="comment-permalink" href="#{anchor}"><time datetime="{c.iso_date}">{escape(c.date_text)}</time></a>'
        f"{answers}</p>\n"
        f'<div class="comment-content">{c.html}</div>\n'
        "</article>"
    )


class ThreadMarkup:
    """``article.comments_html``: the thread's HTML, made each time a page shows it (most pages of a
    rebuild are not rendered again, and a hundred thousand comments' HTML is not kept in memory).

    It knows the digest of what it is made from, like :class:`.thread.Shown`.
    """

    __slots__ = ("nodes", "digest")

    def __init__(self, nodes: list[Node], digest: bytes = b"") -> None:
        self.nodes = nodes
        self.digest = digest

    def __html__(self) -> str:
        return thread_html(self.nodes) if self.nodes else ""

    __str__ = __html__

    def __bool__(self) -> bool:
        return bool(self.nodes)

    def __build_digest__(self) -> bytes:
        return self.digest
