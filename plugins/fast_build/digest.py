"""Stable digests of the values a page is rendered from.

A page is reused only when every value it was rendered from has the same
digest as last time, so a digest must change whenever its value changes and
must not change from one process to the next when the value does not. Values
are pickled (fast, and it handles any plain object) with four adjustments:

- a content object (article, page, static file) is replaced by its key; what
  a page read of it is checked separately, through :meth:`Digester.state`;
- Pelican's settings dict, which hangs off every tag, category and paginator,
  is replaced by a token: the settings are digested once per build;
- functions are replaced by their name, bytecode, defaults and closure, so a
  callable in the context whose data changes changes the digest;
- sets are sorted, since their order changes from one process to the next;
- a value whose class has a ``__build_digest__`` method is digested as what
  that method returns: a plugin that hangs large derived data on articles
  (the comments plugin's threads) already knows a small stable digest of it,
  and walking it would cost more than rendering the page.

A value that cannot be pickled raises :class:`Unstable`: whatever needs it
is simply rendered every time.
"""

from __future__ import annotations

import copyreg
import datetime
import functools
import hashlib
import io
import itertools
import operator
import os
import pickle
import types
from collections.abc import Callable

from pelican.contents import Content
from pelican.paginator import Page
from pelican.urlwrappers import URLWrapper

DIGEST_SIZE = 16
_SCALARS = frozenset({str, int, float, bool, bytes, type(None)})
_URLWRAPPER_CACHE = frozenset({"_slug", "slug", "name", "_name"})
_URLWRAPPER_PLAIN = frozenset({"settings", "_name", "_slug", "_slug_from_name", "name", "slug"})
_ABSENT = object()
_BIG_LIST = 64  # lists at least this long are digested once per build and referred to by digest
_NO_LENGTH = itertools.repeat(-1)


class Unstable(Exception):
    """The value has no stable digest (it cannot be pickled)."""


def digest_bytes(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=DIGEST_SIZE).digest()


def combine(parts) -> bytes:
    """One digest for an ordered sequence of digests (or other bytes). Pickled, the list keeps
    each part's length, so no two sequences give the same stream; one C call instead of two
    hash updates per part."""
    return hashlib.blake2b(pickle.dumps(list(parts), protocol=5), digest_size=DIGEST_SIZE).digest()


def module_stamp(module: types.ModuleType) -> str:
    """What identifies an installed module's code: its version, and the size and time of its own file
    (a package's ``__init__.py``; the package's other modules are not looked at). An editable install
    that bumps no version still changes the stamp when that file changes. Cheaper than asking the
    package metadata."""
    version = getattr(module, "__dict__", {}).get("__version__")
    try:
        stat = os.stat(module.__file__)
    except (OSError, TypeError):
        return str(version)
    return f"{version}:{stat.st_size}:{stat.st_mtime_ns}"


def code_digest(code: types.CodeType) -> bytes:
    """Bytecode, names and constants of a function body, nested bodies included."""
    parts = [code.co_code, repr(code.co_names).encode(), repr(code.co_varnames).encode()]
    for const in code.co_consts:
        parts.append(code_digest(const) if isinstance(const, types.CodeType) else repr(const).encode())
    return combine(parts)


class _Pickler(pickle.Pickler):
    def __init__(self, buffer: io.BytesIO, digester: Digester, root) -> None:
        super().__init__(buffer, protocol=5)
        # No memo: equal values give equal bytes whatever their identity.
        self.fast = True
        self._digester = digester
        self._root = root

    def persistent_id(self, obj):
        if obj is self._root:
            return None  # the value being digested: pickle it, its parts by reference
        return self._digester._replace(obj)

    def reducer_override(self, obj):
        return self._digester._reduce(obj)


class Digester:
    """Digests values for one build.

    ``content_key`` names a content object (None when it is unknown, which
    makes the value unstable); ``settings`` is Pelican's settings dict.
    Digests of containers and of content objects' own state are kept for the
    whole build, together with the objects so that their ids are not reused:
    a value must not change while the build is writing (see :meth:`changed`).
    """

    def __init__(
        self,
        content_key: Callable[[Content], str | None],
        settings: dict | None = None,
        excluded_attributes: frozenset[str] = frozenset(),
    ) -> None:
        self._content_key = content_key
        self._settings = settings
        self._excluded = excluded_attributes
        self._memo: dict[int, tuple[object, bytes]] = {}
        self._states: dict[int, tuple[object, bytes, tuple]] = {}
        self._wrappers: dict[int, tuple[URLWrapper, bytes]] = {}

    def digest(self, value) -> bytes:
        """The digest of ``value``; raises :class:`Unstable`."""
        kind = type(value)
        if kind in _SCALARS:
            return digest_bytes(kind.__name__.encode() + b":" + repr(value).encode())
        if isinstance(value, Content):
            return digest_bytes(b"content:" + self._key(value).encode())
        own = getattr(kind, "__build_digest__", None)
        if own is not None:
            return digest_bytes(b"own:" + kind.__qualname__.encode() + b":" + own(value))
        known = self._memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if isinstance(value, URLWrapper):
            result = self._pickle(value, _GraphPickler)
        elif kind is Page:
            result = self._page(value)
        else:
            result = self._pickle(value)
        self._memo[id(value)] = (value, result)
        return result

    def changed(self, values) -> list:
        """Those of ``values`` whose digest is no longer the one remembered for them (parts included)."""
        remembered, self._memo = self._memo, {}
        self._wrappers = {}
        changed = []
        for value in values:
            known = remembered.get(id(value))
            if known is None or known[0] is not value:
                continue
            try:
                if self.digest(value) != known[1]:
                    changed.append(value)
            except Unstable:
                changed.append(value)
        return changed

    def state(self, content: Content) -> bytes:
        """The digest of a content object's own attributes (other content objects by key)."""
        known = self._states.get(id(content))
        if known is not None and known[0] is content:
            return known[1]
        result = self._state(content)
        self._states[id(content)] = (content, result, _outline(content))
        return result

    def known_state(self, content: Content, digest: bytes) -> None:
        """Take ``digest`` as ``content``'s state, worked out by another process forked with the same
        object (see ``session``); it is checked for changes at the end like any other."""
        if id(content) not in self._states:
            self._states[id(content)] = (content, digest, _outline(content))

    def known_digest(self, value, digest: bytes) -> None:
        """Take ``digest`` as ``value``'s, worked out by another process forked with the same value,
        remembered where :meth:`digest` would remember its own."""
        kind = type(value)
        if kind in _SCALARS or isinstance(value, Content) or getattr(kind, "__build_digest__", None) is not None:
            return
        if id(value) not in self._memo:
            self._memo[id(value)] = (value, digest)

    def changed_states(self):
        """Keys of the content objects that changed since their state was digested: an attribute
        set, replaced or removed, or a list, dict or text attribute that changed length."""
        excluded = self._excluded
        for content, _digest, outline in list(self._states.values()):
            now = _outline(content)
            if now != outline and _without(now, excluded) != _without(outline, excluded):
                yield self._content_key(content) or repr(content)

    def _state(self, content: Content) -> bytes:
        attributes = vars(content)
        parts = [type(content).__qualname__.encode()]
        for name in sorted(attributes):
            if name in self._excluded:
                continue
            value = attributes[name]
            if name == "metadata" and type(value) is dict:
                parts += [b"metadata", self._metadata(value, attributes)]
            else:
                parts += [name.encode(), self._quick(value)]
        return combine(parts)

    def _page(self, page: Page) -> bytes:
        """One page of a listing. Pelican makes three for every page it writes (the page, the one before
        and the one after), new on each build: its posts stand by their keys, as in a state, and its
        paginator, which the listing's pages share, by its digest, worked out once."""
        parts = [b"listing page"]
        for name, value in sorted(vars(page).items()):
            parts.append(name.encode())
            if value is self._settings:
                parts.append(b"settings")
            else:
                parts.append(self._quick(value))
        return combine(parts)

    def _metadata(self, metadata: dict, attributes: dict) -> bytes:
        """Pelican copies each metadata value to an attribute of the same name: a value that is
        still that very attribute's is digested there, and stands here by its name only."""
        parts = []
        for key, value in metadata.items():
            parts.append(self._quick(key))
            if key not in self._excluded and attributes.get(key, _ABSENT) is value:
                parts.append(b"=attribute")
            else:
                parts.append(self._quick(value))
        return b"dict" + combine(parts)

    def _quick(self, value) -> bytes:
        """Bytes that stand for the plain values content objects are made of, without pickling them
        (a string stands for itself: it is hashed once, with the other parts of the object)."""
        kind = type(value)
        if kind is str:
            return b"s" + value.encode("utf-8", "surrogatepass")  # hashed once, with the rest (see combine)
        if kind in _SCALARS:
            return kind.__name__.encode() + b":" + repr(value).encode()
        if kind is list or kind is tuple:
            return kind.__name__.encode() + combine([self._quick(item) for item in value])
        if kind is dict:
            return b"dict" + combine([part for item in value.items() for part in map(self._quick, item)])
        if isinstance(value, Content):
            return b"content:" + self._key(value).encode()
        if isinstance(value, URLWrapper):
            # A site's few dozen tags are shared by all its posts: each is digested once per build.
            known = self._wrappers.get(id(value))
            if known is not None and known[0] is value:
                return known[1]
            if vars(value).keys() <= _URLWRAPPER_PLAIN:
                result = f"{kind.__qualname__}:{value.name!r}:{value.slug!r}".encode()
            else:
                result = b"pickled" + self.digest(value)
            self._wrappers[id(value)] = (value, result)
            return result
        if isinstance(value, datetime.datetime):
            return f"{kind.__qualname__}:{value.isoformat()}:{value.fold}:{value.tzinfo!r}".encode()
        return b"pickled" + self.digest(value)

    def _key(self, content: Content) -> str:
        key = self._content_key(content)
        if key is None:
            raise Unstable(f"unknown content object {content!r}")
        return key

    def _pickle(self, value, pickler=None) -> bytes:
        buffer = io.BytesIO()
        try:
            (pickler or _Pickler)(buffer, self, value).dump(value)
        except Unstable:
            raise
        except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError) as error:
            raise Unstable(f"{type(value).__name__}: {error}") from None
        return digest_bytes(buffer.getvalue())

    def _replace(self, obj):
        """The persistent id standing for ``obj`` in the stream, or None to pickle it as it is."""
        kind = type(obj)
        if kind in _SCALARS or kind is tuple:
            return None
        if kind is list:
            return ("list", self.digest(obj)) if len(obj) >= _BIG_LIST else None
        if kind is dict:
            return ("settings",) if obj is self._settings else None
        if kind is set or kind is frozenset:
            return ("set", *sorted(self.digest(member) for member in obj))
        if isinstance(obj, Content):
            return ("content", self._key(obj))
        if isinstance(obj, URLWrapper):
            return ("urlwrapper", self.digest(obj))
        # Any other object: digested once per build (a paginator is shared by all the pages of a listing).
        return ("object", self.digest(obj))

    def _reduce(self, obj):
        if obj is _stand_in:
            return NotImplemented  # pickled by name
        if isinstance(obj, types.FunctionType):
            closure = tuple(cell.cell_contents for cell in obj.__closure__) if obj.__closure__ else ()
            return _stand_in, (
                "function",
                obj.__module__,
                obj.__qualname__,
                code_digest(obj.__code__),
                obj.__defaults__,
                tuple(sorted((obj.__kwdefaults__ or {}).items())),
                closure,
            )
        if isinstance(obj, types.MethodType):
            return _stand_in, ("method", obj.__func__, obj.__self__)
        if isinstance(obj, functools.partial):
            return _stand_in, ("partial", obj.func, obj.args, tuple(sorted(obj.keywords.items())))
        if isinstance(obj, (types.BuiltinFunctionType, types.ModuleType, type)):
            return _stand_in, ("named", getattr(obj, "__module__", None), getattr(obj, "__qualname__", obj.__name__))
        if isinstance(obj, URLWrapper):
            # The slug is worked out on first use and cached in the object: digest the value, not the cache.
            state = {k: v for k, v in vars(obj).items() if k not in _URLWRAPPER_CACHE and v is not self._settings}
            return _stand_in, ("urlwrapper", type(obj).__qualname__, obj.name, obj.slug), state
        if _reduces_by_default(type(obj)) and hasattr(obj, "__dict__"):
            return _stand_in, ("object", type(obj).__module__, type(obj).__qualname__), vars(obj)
        return NotImplemented


class _GraphPickler(pickle.Pickler):
    """For tags, categories and authors, which plugins link to each other (a tag's related
    tags): the whole linked group in one stream, where the pickle memo stands for the links
    back, so that cycles end. Content objects are still replaced by their key."""

    def __init__(self, buffer: io.BytesIO, digester: Digester, root) -> None:
        super().__init__(buffer, protocol=5)
        self._digester = digester

    def persistent_id(self, obj):
        if isinstance(obj, Content):
            return ("content", self._digester._key(obj))
        if type(obj) is dict and obj is self._digester._settings:
            return ("settings",)
        if type(obj) is set or type(obj) is frozenset:
            return ("set", *sorted(self._digester.digest(member) for member in obj))
        return None

    def reducer_override(self, obj):
        return self._digester._reduce(obj)


def _outline(content: Content) -> tuple:
    """A cheap picture of an object's attributes: their names, identities and lengths (every list,
    dict and text; -1 for what has none). Taken for every post twice a build, so made in C."""
    attributes = vars(content)
    values = attributes.values()
    try:
        lengths = tuple(map(operator.length_hint, values, _NO_LENGTH))
    except Exception:  # a value whose length cannot be asked: each is asked alone
        lengths = tuple(map(_length, values))
    return tuple(attributes), tuple(map(id, values)), lengths


def _length(value) -> int:
    try:
        return operator.length_hint(value, -1)
    except Exception:
        return -2


def _without(outline: tuple, excluded: frozenset[str]) -> list:
    """An outline's attributes other than ``excluded`` (bookkeeping that may change while pages are written)."""
    names, ids, lengths = outline
    return [part for part in zip(names, ids, lengths, strict=True) if part[0] not in excluded]


def _stand_in(*parts):  # pragma: no cover - the stream is hashed, never loaded
    raise NotImplementedError


@functools.lru_cache(maxsize=512)
def _reduces_by_default(cls: type) -> bool:
    """True for classes pickled as ``class + __dict__`` (no reduce or getstate of their own)."""
    return (
        cls.__reduce_ex__ is object.__reduce_ex__
        and cls.__reduce__ is object.__reduce__
        and getattr(cls, "__getstate__", object.__getstate__) is object.__getstate__
        and cls not in copyreg.dispatch_table
    )
