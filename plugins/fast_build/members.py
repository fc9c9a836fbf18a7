"""The posts of each tag, category and author, with a quick answer to "is this post among them?".

Pelican writes a tag's page with the blog's posts by date that belong to the
tag, ``[post for post in dates if post in posts_of_tag]``: for every tag,
category and author, a scan of its list for each post of the blog (a few
million comparisons at a thousand posts, in each process that writes
pages). Posts compare by identity, so the answer comes from a set of the
list's identities, made on the first question and dropped whenever the list
changes. Anything else, or a list holding anything compared by value, is
asked the way a list is.
"""

from __future__ import annotations

from collections import defaultdict


def _by_identity(value) -> bool:
    return type(value).__eq__ is object.__eq__


class Members(list):
    """A list whose ``in`` is a set lookup for objects compared by identity (see above)."""

    __slots__ = ("_ids",)

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self._ids: set[int] | None = None

    def __contains__(self, item) -> bool:
        if not _by_identity(item):
            return list.__contains__(self, item)
        ids = self._ids
        if ids is None:
            if not all(map(_by_identity, self)):
                return list.__contains__(self, item)
            ids = self._ids = set(map(id, self))
        return id(item) in ids

    def __reduce_ex__(self, protocol):
        return (Members, (list(self),))  # the items alone: the set of identities means nothing elsewhere

    def __copy__(self) -> Members:
        return Members(self)

    # Every change drops the set of identities.
    def _changed(method):  # noqa: N805 - a decorator used in the class body
        def changed(self, *args):
            self._ids = None
            return method(self, *args)

        changed.__name__ = method.__name__
        return changed

    append = _changed(list.append)
    extend = _changed(list.extend)
    insert = _changed(list.insert)
    remove = _changed(list.remove)
    pop = _changed(list.pop)
    clear = _changed(list.clear)
    __setitem__ = _changed(list.__setitem__)
    __delitem__ = _changed(list.__delitem__)
    __iadd__ = _changed(list.__iadd__)
    __imul__ = _changed(list.__imul__)
    del _changed


def install(generator) -> None:
    """Receiver for ``article_generator_pretaxonomy``: the lists Pelican is about to fill are Members."""
    for name in ("tags", "categories", "authors"):
        found = getattr(generator, name, None)
        if isinstance(found, defaultdict) and found.default_factory is list:
            setattr(generator, name, defaultdict(Members, {key: Members(value) for key, value in found.items()}))
