"""Old tag URLs that must keep working, and where each one goes.

A blog imported from WordPress has inbound links to ``tag/customer_service/``
and ``tag/cx/``; once those spellings are merged, the pages would vanish.
Each old slug gets a small HTML page that sends readers (and search engines,
through its canonical link) to the tag's page. A redirect never replaces a
real page: one derived from a merged spelling yields to it, one the author
asked for in ``TAG_REDIRECTS`` is reported as an error.

No Pelican imports: paths and the tag lookup are passed in.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from .errors import Problem, settings_problem


class Redirectable(Protocol):
    name: str
    slug: str
    old_slugs: tuple[str, ...]


T = TypeVar("T", bound=Redirectable)


@dataclass(frozen=True)
class Redirect(Generic[T]):
    slug: str  # the old slug
    save_as: str  # where the stub is written
    tag: T  # the tag it sends readers to
    requested: bool  # from TAG_REDIRECTS rather than from a merged spelling


@dataclass(frozen=True)
class Plan(Generic[T]):
    redirects: list[Redirect[T]]
    skipped: list[tuple[str, str]]  # (old path, what writes it) for merged spellings that yield to a real page
    problems: list[Problem]


def _is_slug(text: str) -> bool:
    return bool(text) and "/" not in text and "\\" not in text and text not in (".", "..")


def plan_redirects(
    tags: Iterable[T],
    requested: Mapping[str, str],
    find: Callable[[str], T | None],
    save_as: Callable[[str], str],
    taken: Mapping[str, str],
) -> Plan[T]:
    """The redirect stubs to write.

    ``requested`` is ``TAG_REDIRECTS`` (old slug -> any spelling of a tag),
    ``find`` looks a spelling up, ``save_as`` turns a slug into the file of its
    tag page, and ``taken`` maps every file the site writes anyway to what
    writes it.
    """
    problems: list[Problem] = []
    wanted: dict[str, Redirect[T]] = {}
    for old, name in sorted(requested.items()):
        tag = find(name)
        if not _is_slug(old):
            message = f"{old!r} is not a slug; write the last part of the old URL"
        elif tag is None:
            message = f"{old!r} leads to {name!r}, but no published post has that tag; fix the name or remove the line"
        elif old == tag.slug:
            message = f"{old!r} is the slug of {tag.name!r} itself; remove the line"
        elif normalised(save_as(old)) in taken:
            message = f"{old!r} would replace {save_as(old)}, {taken[normalised(save_as(old))]}; remove the line"
        else:
            wanted[old] = Redirect(old, save_as(old), tag, requested=True)
            continue
        problems.append(settings_problem("TAG_REDIRECTS", message))

    claims: dict[str, list[T]] = defaultdict(list)
    for tag in tags:
        for old in tag.old_slugs:
            if old not in wanted:
                claims[old].append(tag)

    skipped: list[tuple[str, str]] = []
    for old, claimants in sorted(claims.items()):
        path = normalised(save_as(old))
        if path in taken:
            skipped.append((save_as(old), taken[path]))
        elif len(claimants) > 1:
            names = " and ".join(repr(t.name) for t in sorted(claimants, key=lambda t: t.name))
            problems.append(
                settings_problem(
                    "TAG_REDIRECTS",
                    f"the old URL {save_as(old)} belonged to both {names}; "
                    f'choose one with TAG_REDIRECTS = {{"{old}": "<tag>"}}',
                )
            )
        else:
            wanted[old] = Redirect(old, save_as(old), claimants[0], requested=False)
    return Plan(sorted(wanted.values(), key=lambda r: r.slug), skipped, problems)


def normalised(path: str) -> str:
    """``tag/x/index.html`` whichever way it was spelt, to compare output files."""
    return posixpath.normpath(path.replace("\\", "/")).lstrip("/")
