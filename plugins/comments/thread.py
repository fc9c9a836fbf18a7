"""Turns an article's comments into the threaded tree readers see.

Linear in the number of comments: one pass files each comment under its
parent, one walk with an explicit stack (no recursion, whatever the depth of
a thread) lays the tree out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .model import Comment


@dataclass(slots=True, eq=False)
class Node:
    """A comment in place: its replies, and the depth at which it is shown (1 = top level).

    Replies deeper than the maximum depth are shown at that depth, right after
    the comment they answer; ``flattened`` marks them so the theme can say
    whom they answer (``parent``), since indentation no longer does.
    """

    comment: Comment
    depth: int
    parent: Comment | None = None
    flattened: bool = False
    replies: list[Node] = field(default_factory=list)


def build_thread(comments: Sequence[Comment], max_depth: int) -> list[Node]:
    """The top-level nodes, oldest first, each with its replies (oldest first) below it.

    ``comments`` must be sorted oldest first. A comment whose parent is not
    among them (it was not published) is shown at the top level rather
    than lost; the checks in :mod:`.model` stop a build before that happens.
    """
    ids = {c.id for c in comments}
    children: dict[str, list[Comment]] = defaultdict(list)
    roots: list[Comment] = []
    for comment in comments:
        if comment.reply_to and comment.reply_to in ids and comment.reply_to != comment.id:
            children[comment.reply_to].append(comment)
        else:
            roots.append(comment)

    top: list[Node] = []
    # (comment, its real depth, its parent, the list it goes into)
    stack: list[tuple[Comment, int, Comment | None, list[Node]]] = [(c, 1, None, top) for c in reversed(roots)]
    while stack:
        comment, depth, parent, siblings = stack.pop()
        node = Node(comment, min(depth, max_depth), parent, depth > max_depth)
        siblings.append(node)
        # At the cap, replies join this node's own list, right after it (the stack is last in, first out).
        target = node.replies if depth < max_depth else siblings
        for reply in reversed(children.get(comment.id, ())):
            stack.append((reply, depth + 1, comment, target))
    return top


def walk(nodes: Iterable[Node]) -> Iterable[Node]:
    """Every node of a tree in reading order, without recursion."""
    stack = list(reversed(list(nodes)))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.replies))
