"""Laying comments out as threads."""

from plugins.comments.thread import build_thread, walk
from tests.comments.test_model import make


def shape(nodes):
    """[(id, depth, flattened, [replies...])] for comparing trees."""
    return [(n.comment.id, n.depth, n.flattened, shape(n.replies)) for n in nodes]


def test_replies_sit_under_their_parents_oldest_first():
    comments = [
        make("a", 0),
        make("b", 1),
        make("a1", 2, reply_to="a"),
        make("b1", 3, reply_to="b"),
        make("a2", 4, reply_to="a"),
        make("a1x", 5, reply_to="a1"),
    ]
    assert shape(build_thread(comments, 5)) == [
        ("a", 1, False, [("a1", 2, False, [("a1x", 3, False, [])]), ("a2", 2, False, [])]),
        ("b", 1, False, [("b1", 2, False, [])]),
    ]


def test_replies_deeper_than_the_cap_are_shown_at_the_cap_in_reading_order():
    # a <- b <- c <- d <- e, and c <- c2 (later); cap 3.
    comments = [
        make("a", 0),
        make("b", 1, reply_to="a"),
        make("c", 2, reply_to="b"),
        make("d", 3, reply_to="c"),
        make("e", 4, reply_to="d"),
        make("c2", 5, reply_to="c"),
        make("b2", 6, reply_to="b"),
    ]
    tree = build_thread(comments, 3)
    assert shape(tree) == [
        (
            "a",
            1,
            False,
            [
                (
                    "b",
                    2,
                    False,
                    [
                        ("c", 3, False, []),
                        ("d", 3, True, []),
                        ("e", 3, True, []),
                        ("c2", 3, True, []),
                        ("b2", 3, False, []),
                    ],
                )
            ],
        )
    ]
    by_id = {n.comment.id: n for n in walk(tree)}
    assert by_id["e"].parent.id == "d" and by_id["c2"].parent.id == "c" and by_id["b2"].parent.id == "b"


def test_a_cap_of_one_keeps_every_comment_at_the_top_level():
    comments = [make("a", 0), make("b", 1, reply_to="a"), make("c", 2, reply_to="b"), make("d", 3)]
    tree = build_thread(comments, 1)
    assert [(n.comment.id, n.depth, n.flattened) for n in tree] == [
        ("a", 1, False),
        ("b", 1, True),
        ("c", 1, True),
        ("d", 1, False),
    ]


def test_nothing_is_lost_in_a_very_deep_thread():
    size = 20_000
    comments = [make("c0", 0)] + [make(f"c{n}", n, reply_to=f"c{n - 1}") for n in range(1, size)]
    tree = build_thread(comments, 5)
    nodes = list(walk(tree))
    assert [n.comment.id for n in nodes] == [c.id for c in comments]
    assert max(n.depth for n in nodes) == 5
    assert sum(n.flattened for n in nodes) == size - 5


def test_a_reply_whose_parent_is_not_shown_goes_to_the_top_level():
    tree = build_thread([make("b", 5, reply_to="gone")], 5)
    assert shape(tree) == [("b", 1, False, [])]
