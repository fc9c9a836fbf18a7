"""Turns an article's comments into the threaded tree readers see.

Linear in the number of comments: one pass files each comment under its
parent, one walk with an explicit stack (no recursion, whatever the depth of
a thread) lays the tree out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from .model import Comment


class Shown(list):
    """A list an article shows (its thread, its mentions, its structured data) that knows the digest of
    everything it was made from.

    A build that checks which pages changed (``plugins/fast_build``) asks for
    ``__build_digest__`` instead of walking the list: with a hundred thousand
    comments, walking them costs more than rendering the pages.
    """

    __slots__ = ("digest",)

    def __init__(self, items: Iterable = (), digest: bytes = b"") -> None:
        super().__init__(items)
        self.digest = digest

    def __build_digest__(self) -> bytes:
        return self.digest


def comments_digest(comments: Iterable[Comment], *context: object, files: bytes | None = None) -> bytes:
    """A digest of every field of ``comments`` that a page shows, and of ``context`` (what else the
    lists made from them depend on: the depth cap, the article's address).

    ``files``, when known, is the digest of the comment files and of how they
    are rendered (the loader's cache key): it stands for the comments, which
    then need not be walked.
    """
    hasher = hashlib.blake2b(repr(context).encode("utf-8", "surrogatepass"), digest_size=16)
    if files is not None:
        hasher.update(b"files:" + files)
        return hasher.digest()
    for c in comments:
        shown = (c.id, c.author, c.url, c.reply_to, c.kind, c.status, c.is_author, c.html, c.text)
        hasher.update(repr((*shown, c.date_text, c.iso_date)).encode("utf-8", "surrogatepass"))
    return hasher.digest()


class Node:
    """A comment in place: its replies, and the depth at which it is shown (1 = top level).

    Replies deeper than the maximum depth are shown at that depth, right after
    the comment they answer; ``flattened`` marks them so the theme can say
    whom they answer (``parent``), since indentation no longer does.

    A plain class with slots: a blog has one per comment, and a dataclass's
    generated ``__init__`` (with a factory for ``replies``) took twice as long.
    """

    __slots__ = ("comment", "depth", "parent", "flattened", "replies")

    def __init__(self, comment: Comment, depth: int, parent: Comment | None = None, flattened: bool = False) -> None:
        self.comment = comment
        self.depth = depth
        self.parent = parent
        self.flattened = flattened
        self.replies: list[Node] = []

    def __repr__(self) -> str:
        return f"Node({self.comment.id!r}, depth={self.depth}, flattened={self.flattened}, replies={len(self.replies)})"


def build_thread(comments: Sequence[Comment], max_depth: int) -> list[Node]:
    """The top-level nodes, oldest first, each with its replies (oldest first) below it.

    ``comments`` must be sorted oldest first. A comment whose parent is not
    among them (it was not published) is shown at the top level rather
    than lost; the checks in :mod:`.model` stop a build before that happens.
    """
    ids = {c.id for c in comments}
    children: dict[str, list[Comment]] = {}
    roots: list[Comment] = []
    for comment in comments:
        parent = comment.reply_to
        if parent and parent in ids and parent != comment.id:
            siblings = children.get(parent)
            if siblings is None:
                children[parent] = [comment]
            else:
                siblings.append(comment)
        else:
            roots.append(comment)

    top: list[Node] = []
    # (comment, its real depth, its parent, the list it goes into)
    stack: list[tuple[Comment, int, Comment | None, list[Node]]] = [(c, 1, None, top) for c in reversed(roots)]
    while stack:
        comment, depth, parent, siblings = stack.pop()
        node = Node(comment, depth if depth < max_depth else max_depth, parent, depth > max_depth)
        siblings.append(node)
        replies = children.get(comment.id)
        if replies:
            # At the cap, replies join this node's own list, right after it (the stack is last in, first out).
            target = node.replies if depth < max_depth else siblings
            for reply in reversed(replies):
                stack.append((reply, depth + 1, comment, target))
    return top


def walk(nodes: Iterable[Node]) -> Iterable[Node]:
    """Every node of a tree in reading order, without recursion."""
    stack = list(reversed(list(nodes)))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.replies))
