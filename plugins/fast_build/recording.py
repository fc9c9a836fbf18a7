"""Records what one render reads: the template variables it looks up and the
content objects it touches.

A page is a function of what its render reads. If every variable it looked
up and every article, page or static file it touched is unchanged, rendering
it again gives the same bytes, so the previous file can be kept. Variables
are recorded by a Jinja context class; content objects by a
``__getattribute__`` installed on Pelican's ``Content`` class while a page is
being rendered (and removed right after, so the rest of the build runs at
full speed), so that reads from Python (feeds, filters, properties such as
``article.content`` resolving ``{filename}`` links) count as well.
"""

from __future__ import annotations

from collections.abc import Hashable
from contextlib import contextmanager
from dataclasses import dataclass, field

from jinja2.runtime import Context
from pelican.contents import Content
from pelican.utils import memoized

_active: list[Reads] = []


@dataclass(eq=False)
class Reads:
    """What one render read."""

    names: set[str] = field(default_factory=set)
    contents: dict[int, Content] = field(default_factory=dict)


class RecordingContext(Context):
    """A Jinja context that notes each variable name a template resolves."""

    def resolve_or_missing(self, key: str):
        for reads in _active:
            reads.names.add(key)
        return super().resolve_or_missing(key)


def _recording_getattribute(self, name, _get=object.__getattribute__):
    # A render nested in another (a filter rendering a template) reads for both.
    for reads in _active:
        reads.contents[id(self)] = self
    return _get(self, name)


# What each call of a memoized Pelican method read when it was computed, by (memo, arguments).
_memo_reads: dict[tuple[int, tuple], tuple[memoized, Reads]] = {}
_memoized_call = memoized.__call__


def _recording_memoized_call(self, *args):
    """Pelican's ``memoized``, minus a blind spot: a page that gets a value from the memo
    (``article.content``, ``article.summary``) also read what computing it read, such as
    the URLs of the pages its ``{filename}`` links point to."""
    if not _active or not isinstance(args, Hashable):
        return _memoized_call(self, *args)
    known = _memo_reads.get((id(self), args))
    if known is not None and args in self.cache:
        for reads in _active:
            reads.names.update(known[1].names)
            reads.contents.update(known[1].contents)
        return self.cache[args]
    with recording() as reads:
        value = self.func(*args)
    self.cache[args] = value
    _memo_reads[(id(self), args)] = (self, reads)
    return value


def _install() -> None:
    if "__getattribute__" not in vars(Content):
        Content.__getattribute__ = _recording_getattribute
        memoized.__call__ = _recording_memoized_call


def uninstall() -> None:
    """Stop noticing reads of content objects (installed only while a page is being rendered)."""
    if vars(Content).get("__getattribute__") is _recording_getattribute:
        del Content.__getattribute__
    memoized.__call__ = _memoized_call
    _active.clear()


def forget_memos() -> None:
    """At the end of a build: what its memo calls read belongs to its own objects."""
    _memo_reads.clear()


def prepare(environment) -> bool:
    """Make ``environment`` record variable names; False if it has a context class of its own."""
    if environment.context_class is RecordingContext:
        return True
    if environment.context_class is Context:
        environment.context_class = RecordingContext
        return True
    return False


@contextmanager
def recording():
    """Collect the reads made inside the ``with`` block (nested blocks add to their own)."""
    reads = Reads()
    _install()
    _active.append(reads)
    try:
        yield reads
    finally:
        for index in range(len(_active) - 1, -1, -1):
            if _active[index] is reads:
                del _active[index]
                break
        if not _active:
            uninstall()


@contextmanager
def paused():
    """Reads made by the build's own bookkeeping are not the page's."""
    saved = list(_active)
    _active.clear()
    try:
        yield
    finally:
        _active.extend(saved)
