"""A tag's, category's or author's posts answer ``in`` as a list does, whatever is done to them."""

from __future__ import annotations

import copy
import pickle
from collections import defaultdict

import pytest

from plugins.fast_build.digest import Digester
from plugins.fast_build.members import Members, install


class Post:
    """Compared by identity, as Pelican's content objects are."""


class Same:
    """Compared by value."""

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return isinstance(other, Same) and other.value == self.value

    __hash__ = None


def answers(members: Members, probes) -> list[bool]:
    plain = list(members)
    found = [probe in members for probe in probes]
    assert found == [probe in plain for probe in probes]
    return found


def test_posts_are_found_by_identity():
    posts = [Post() for _ in range(5)]
    members = Members(posts[:3])
    assert answers(members, posts) == [True, True, True, False, False]


def test_values_compared_by_value_are_asked_the_way_a_list_is():
    posts = [Post(), Post()]
    members = Members([posts[0], Same(1), "text", 3])
    assert answers(members, [posts[0], posts[1], Same(1), Same(2), "text", 3, 3.0]) == [
        True, False, True, False, True, True, True,
    ]  # fmt: skip

    # A list holding a value that says it equals anything: the identity set would miss it.
    class Anything:
        def __eq__(self, other):
            return True

    assert answers(Members([Anything()]), [posts[1]]) == [True]
    assert answers(Members(posts), [Anything()]) == [True]  # and asked about such a value


@pytest.mark.parametrize(
    "change",
    [
        lambda m, p: m.append(p[3]),
        lambda m, p: m.extend([p[3]]),
        lambda m, p: m.insert(0, p[3]),
        lambda m, p: m.remove(p[0]),
        lambda m, p: m.pop(),
        lambda m, p: m.pop(0),
        lambda m, p: m.clear(),
        lambda m, p: m.__setitem__(1, p[3]),
        lambda m, p: m.__setitem__(slice(0, 2), [p[4]]),
        lambda m, p: m.__delitem__(0),
        lambda m, p: m.__iadd__([p[4]]),
        lambda m, p: m.__imul__(0),
    ],
)
def test_every_change_is_seen(change):
    posts = [Post() for _ in range(5)]
    members = Members(posts[:3])
    answers(members, posts)  # the set of identities is made
    change(members, posts)
    answers(members, posts)


def test_copies_and_pickles_are_plain_lists_of_the_same_items():
    posts = [Post() for _ in range(3)]
    members = Members(posts)
    answers(members, posts)
    for other in (copy.copy(members), pickle.loads(pickle.dumps(members)), copy.deepcopy(members)):
        assert type(other) is Members and len(other) == 3
    assert copy.copy(members) == members


def test_its_digest_is_that_of_its_items():
    """The set of identities is not part of it: pages are checked against the same digest in every
    process and every build."""
    first, second = Members(["a", "b"]), Members(["a", "b"])
    assert "a" in first  # the set of identities is made in one of them only
    assert Digester(lambda content: None).digest(first) == Digester(lambda content: None).digest(second)
    assert Digester(lambda content: None).digest(Members(["a", "c"])) != Digester(lambda content: None).digest(first)


def test_installed_where_pelican_files_the_posts():
    class Generator:
        pass

    generator = Generator()
    generator.tags, generator.categories, generator.authors = defaultdict(list), defaultdict(list), {}
    generator.categories["kept"].append("x")
    install(generator)
    assert generator.tags.default_factory is Members and type(generator.tags["new"]) is Members
    assert type(generator.categories["kept"]) is Members and generator.categories["kept"] == ["x"]
    assert generator.authors == {}  # not a list-making dict: left alone
