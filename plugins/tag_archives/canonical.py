"""One tag per idea: which spellings are the same tag, what it is called, and its slug.

Blogs migrated over the years carry ``Customer Service``, ``customer-service``
and ``customer_service`` side by side. Pelican merges only the spellings that
happen to slugify alike, shows whichever spelling it met first, and writes
two genuinely different tags (``C++`` and ``C#``) to one page. Here the
spellings are grouped by a key that ignores case, accents, spacing, hyphens
and underscores (and follows ``TAG_ALIASES``), each group gets one display
name and one slug, and slugs shared by two groups are reported, never merged.

No Pelican imports: the slug function is passed in, so the rules are tested
on plain strings.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from .errors import Problem, settings_problem

# Spaces, hyphens (ASCII and Unicode) and underscores all separate words the same way.
_SEPARATORS = re.compile(r"[\s_\-\u2010\u2011]+")
_POSTS_SHOWN = 3


@functools.lru_cache(maxsize=4096)
def tag_key(name: str) -> str:
    """The identity of a tag: ``Cústomer_Service`` and ``customer  service`` share it. Remembered:
    a blog's few dozen tags are looked up once per post that lists them, twice a build."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SEPARATORS.sub(" ", bare.casefold()).strip()


def tidy(spelling: str) -> str:
    """A spelling as it is shown: surrounding and doubled spaces removed."""
    return " ".join(spelling.split())


def _plural(count: int, word: str = "post") -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class PostTags:
    """The tags one content file lists, as written."""

    path: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Spelling:
    text: str
    posts: int  # how many posts use this spelling


@dataclass(frozen=True)
class TagGroup:
    """Every spelling of one tag, and what the site calls it."""

    key: str
    name: str
    slug: str
    spellings: tuple[Spelling, ...]  # most used first
    posts: tuple[str, ...]  # paths of the posts using any spelling, sorted
    aliased: tuple[str, ...] = ()  # spellings merged in through TAG_ALIASES
    old_slugs: tuple[str, ...] = ()  # slugs the spellings had on their own, other than ``slug``


@dataclass(frozen=True)
class Aliases:
    """``TAG_ALIASES`` resolved: every alias key leads straight to its final tag key."""

    targets: Mapping[str, str] = field(default_factory=dict)  # key of an alias -> key of the tag it means
    names: Mapping[str, str] = field(default_factory=dict)  # key of a tag -> the display name the settings give it

    def resolve(self, name: str) -> str:
        key = tag_key(name)
        return self.targets.get(key, key)


def read_aliases(aliases: Mapping[str, str]) -> tuple[Aliases, list[Problem]]:
    """Resolve chains (``A`` -> ``B`` -> ``C``) and report loops and contradictions."""
    problems: list[Problem] = []
    direct: dict[str, str] = {}  # alias key -> target spelling
    sources: dict[str, str] = {}  # alias key -> the alias as written
    for source, target in sorted(aliases.items()):
        key, target_key = tag_key(source), tag_key(target)
        if not key or not target_key:
            problems.append(settings_problem("TAG_ALIASES", f"{source!r}: {target!r}: both sides must name a tag"))
            continue
        if key in direct and tag_key(direct[key]) != target_key:
            problems.append(
                settings_problem(
                    "TAG_ALIASES",
                    f"{source!r} is given two meanings, {direct[key]!r} and {target!r}; keep one",
                )
            )
            continue
        direct[key] = tidy(target)
        sources[key] = source

    targets: dict[str, str] = {}
    names: dict[str, str] = {}
    named_by: dict[str, str] = {}
    loops: set[frozenset[str]] = set()
    for key in direct:
        seen = [key]
        spelling = direct[key]
        final = tag_key(spelling)
        # Follow A -> B -> C; a self-alias such as {"customer service": "Customer Service"} ends the chain.
        while final != seen[-1] and final in direct and final not in seen:
            seen.append(final)
            spelling = direct[final]
            final = tag_key(spelling)
        if final != seen[-1] and final in seen:
            if frozenset(seen) not in loops:
                loops.add(frozenset(seen))
                loop = " -> ".join(repr(direct[k]) for k in seen)
                problems.append(settings_problem("TAG_ALIASES", f"aliases go round in a circle ({loop}); break it"))
            continue
        if final in names and names[final] != spelling:
            problems.append(
                settings_problem(
                    "TAG_ALIASES",
                    f"{sources[named_by[final]]!r} and {sources[key]!r} lead to one tag spelt two ways, "
                    f"{names[final]!r} and {spelling!r}; spell it one way",
                )
            )
            continue
        if key != final:
            targets[key] = final
        names[final] = spelling
        named_by[final] = key
    return Aliases(targets, names), problems


def _display_order(spelling: Spelling) -> tuple:
    """Most posts first; on a tie, words over slug-like joins, accents kept, then a fixed order."""
    joins = spelling.text.count("-") + spelling.text.count("_")
    accented = sum(1 for char in spelling.text if ord(char) > 127)
    return (-spelling.posts, joins, -accented, spelling.text)


def _posts_phrase(posts: tuple[str, ...]) -> str:
    shown = ", ".join(posts[:_POSTS_SHOWN])
    more = len(posts) - _POSTS_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


@dataclass
class Canonical:
    """The groups, and how to find the group of any spelling."""

    groups: dict[str, TagGroup]  # by key
    aliases: Aliases

    def group_of(self, spelling: str) -> TagGroup | None:
        return self.groups.get(self.aliases.resolve(tidy(spelling)))


def canonicalise(
    posts: Iterable[PostTags],
    slugify: Callable[[str], str],
    aliases: Mapping[str, str] | None = None,
    slugs: Mapping[str, str] | None = None,
) -> tuple[Canonical, list[Problem]]:
    """Group every spelling used by ``posts`` into tags and give each a name and a unique slug.

    ``slugify`` turns a name into a slug the way the site does. ``slugs`` is
    ``TAG_SLUGS`` (any spelling of a tag -> its slug). Problems: contradictory
    settings, a tag with no usable slug, two tags with one slug.
    """
    resolved, problems = read_aliases(aliases or {})

    users: dict[str, set[str]] = defaultdict(set)  # spelling -> posts
    for post in posts:
        for raw in post.tags:
            spelling = tidy(raw)
            if spelling:
                users[spelling].add(post.path)

    members: dict[str, list[str]] = defaultdict(list)
    for spelling in users:
        members[resolved.resolve(spelling)].append(spelling)

    chosen_slugs: dict[str, str] = {}
    for name, slug in sorted((slugs or {}).items()):
        key = resolved.resolve(name)
        if not slug or slugify(slug) != slug:
            suggestion = slugify(slug) or slugify(name) or "its-slug"
            problems.append(
                settings_problem("TAG_SLUGS", f"{slug!r} for {name!r} is not a slug; write it as {suggestion!r}")
            )
        elif key in chosen_slugs and chosen_slugs[key] != slug:
            problems.append(
                settings_problem(
                    "TAG_SLUGS", f"{name!r} is given two slugs, {chosen_slugs[key]!r} and {slug!r}; keep one"
                )
            )
        else:
            chosen_slugs[key] = slug

    groups: dict[str, TagGroup] = {}
    for key, spellings in members.items():
        counted = sorted((Spelling(s, len(users[s])) for s in spellings), key=_display_order)
        name = resolved.names.get(key, counted[0].text)
        slug = chosen_slugs.get(key) or slugify(name)
        aliased = tuple(s.text for s in counted if tag_key(s.text) != key)
        old = {slugify(s.text) for s in counted} | {slugify(name)}
        groups[key] = TagGroup(
            key=key,
            name=name,
            slug=slug,
            spellings=tuple(counted),
            posts=tuple(sorted(set().union(*(users[s] for s in spellings)))),
            aliased=aliased,
            old_slugs=tuple(sorted(s for s in old if s and s != slug)),
        )

    by_slug: dict[str, list[TagGroup]] = defaultdict(list)
    for group in groups.values():
        if not group.slug:
            problems.append(
                Problem(
                    group.posts[0],
                    None,
                    "Tags",
                    f"tag {group.name!r} has no letters or digits to make its URL from; "
                    f'rename it, or give it a slug in TAG_SLUGS, e.g. TAG_SLUGS = {{"{group.name}": "its-slug"}}',
                )
            )
            continue
        by_slug[group.slug].append(group)
    for slug, clashing in sorted(by_slug.items()):
        if len(clashing) < 2:
            continue
        clashing.sort(key=lambda g: (g.key, g.name))
        described = [f"{g.name!r} (used by {_posts_phrase(g.posts)})" for g in clashing]
        described = ", ".join(described[:-1]) + " and " + described[-1]
        problems.append(
            Problem(
                clashing[1].posts[0],
                None,
                "Tags",
                f"tags {described} would share the slug {slug!r} and one page; "
                f'give one of them its own slug in TAG_SLUGS, e.g. TAG_SLUGS = {{"{clashing[1].name}": "its-slug"}}',
            )
        )
    return Canonical(groups, resolved), problems


class Merged(Protocol):
    name: str
    spellings: tuple[Spelling, ...]
    aliased: tuple[str, ...]


def merge_lines(groups: Iterable[Merged]) -> list[str]:
    """One line per tag that merged spellings, so the author can tidy the content.

    Takes a :class:`TagGroup` or anything with the same three attributes (the
    build's ``Tag`` objects carry them).
    """
    lines = []
    for group in sorted(groups, key=lambda g: (tag_key(g.name), g.name)):
        merged = [s for s in group.spellings if s.text != group.name]
        if not merged:
            continue
        parts = ", ".join(
            f"{s.text!r} ({_plural(s.posts)}{', by TAG_ALIASES' if s.text in group.aliased else ''})" for s in merged
        )
        lines.append(f"tags: merged {parts} into {group.name!r}")
    return lines
