"""Remembers some of Pelican's computations for the length of a build.

Every article's ``url`` and ``save_as`` are worked out again each time they
are read, and they are read half a dozen times per article per build (by
Pelican, the content checks, the roll-call and tag plugins, the publisher).
Four functions whose result depends on their arguments alone are memoised,
keyed on exactly those inputs, while a fast build runs, and put back as they
were after it: a content object's path relative to the content folder (from
its source path and ``PATH``), Pelican's ``strftime`` (from the date, its time
zone, the format and the locale), the expansion of a URL setting such as
``{date:%Y}/{slug}/`` (from the setting and the values it names, when it
names each value whole), and ``slugify`` (from the text and its options:
every post brings its own tag objects, each slugified again, though a blog
has a few dozen tags).

Pelican's own content cache, which this build does not use (it is off by
default), still asks each file's modification time four times per build: when
nothing is cached under a file's name, or nothing is to be kept, the answer
does not depend on it, and it is not asked.

The texts of dates and of URL settings are also kept for the next build
(:func:`to_keep`, read back by :func:`install`): their keys are made of
text, numbers and the locale's name, and a thousand posts ask for four
thousand of them on every build, each a regular-expression pass through
Pelican's ``strftime``. The cache they are kept in is signed with the
Python and Pelican versions, which make them.

Once the pages are being written, content objects do not change (the build
checks it when it ends, see ``Build._stable``), so from then on each
article's and page's ``url`` and ``save_as`` are worked out once, on first
use: templates read them tens of thousands of times in a large build.
Static files are left out: an ``{attach}`` link may still move one.
"""

from __future__ import annotations

import datetime
import functools
import locale
import string

import pelican.contents
import pelican.urlwrappers
import pelican.utils
from pelican.cache import FileStampDataCacher
from pelican.contents import Content, Static
from pelican.utils import path_to_url

_original_relative = Content.get_relative_source_path
_original_strftime = pelican.utils.strftime
_original_url_setting = Content.get_url_setting
_original_expand = Content._expand_settings
_url_format = Content.__dict__["url_format"]
_original_slugify = pelican.utils.slugify
_original_cached_data = FileStampDataCacher.get_cached_data
_original_cache_data = FileStampDataCacher.cache_data
_SLUGIFY_USERS = (pelican.urlwrappers, pelican.contents)  # the modules that call it by the name they imported
_MISSING = object()
_relative: dict[tuple[str, str], str | None] = {}
_formatted: dict[tuple, str] = {}
_date_parts: dict[int, tuple[datetime.datetime, str]] = {}
_expanded: dict[tuple, str] = {}
# What the previous build worked out (see to_keep): looked up when this build has not got it yet.
_earlier_formatted: dict[tuple, str] = {}
_earlier_expanded: dict[tuple, str] = {}
_addresses: dict[tuple[int, str], tuple[Content, str]] = {}
_slugs: dict[tuple, str] = {}


def _relative_source_path(self, source_path=None):
    if source_path:
        return _original_relative(self, source_path)
    own = self.source_path
    if own is None:
        return None
    key = (own, self.settings["PATH"])
    found = _relative.get(key)
    if found is None:
        found = _relative[key] = _original_relative(self)
    return found


def _date_key(date) -> tuple:
    """What a date's text depends on, whatever the format: equal dates with the same offset, zone name
    and summer-time flag show the same wall-clock time and zone (the locale's %c may show the zone, from
    the flag), in the locale of the moment. Not the tzinfo object: some cannot be hashed. All text, so
    that the next build can look it up (see :func:`to_keep`).

    A build asks for the key of each post's date a dozen times: all but the locale is worked out once
    per date object (dates do not change; the entry keeps the object, so its id names no other)."""
    known = _date_parts.get(id(date))
    if known is not None and known[0] is date:
        parts = known[1]
    else:
        kind = type(date)
        zone = (date.utcoffset(), date.tzname(), date.dst())
        parts = repr((kind.__module__, kind.__qualname__, date.isoformat(), date.fold, *zone))
        _date_parts[id(date)] = (date, parts)
    return (parts, locale.setlocale(locale.LC_TIME))


def _strftime(date, date_format):
    if not isinstance(date, datetime.datetime):  # a day without a time (a template may pass one)
        return _original_strftime(date, date_format)
    key = (_date_key(date), date_format)
    found = _recall(_formatted, _earlier_formatted, key)
    if found is None:
        found = _formatted[key] = _original_strftime(date, date_format)
    return found


def _recall(memo: dict, earlier: dict, key) -> str | None:
    """The text this build has for ``key``, or else the one the previous build kept (then this build's
    too, so that it is kept again); None when neither has it."""
    found = memo.get(key)
    if found is None:
        found = earlier.get(key)
        if found is not None:
            memo[key] = found
    return found


def _slugify(value, regex_subs=(), preserve_case=False, use_unicode=False):
    """Pelican's ``slugify``, remembered for plain text (it reads the two flags for their truth only)."""
    if type(value) is not str:
        return _original_slugify(value, regex_subs, preserve_case, use_unicode)
    subs = tuple(regex_subs)  # read once, whatever kind of iterable it is
    try:
        key = (value, tuple((src, dst) for src, dst in subs), bool(preserve_case), bool(use_unicode))
        found = _slugs.get(key)
    except (TypeError, ValueError):  # substitutions that are not pairs of hashable values
        return _original_slugify(value, subs, preserve_case, use_unicode)
    if found is None:
        found = _slugs[key] = _original_slugify(value, subs, preserve_case, use_unicode)
    return found


def _cached_data(self, filename, default=None):
    """Pelican's lookup, without the file's stamp when nothing is cached under its name (the stamp
    would be compared with None, which no stamp is: the answer is ``default``)."""
    if filename not in self._cache:
        return default
    return _original_cached_data(self, filename, default)


def _cache_data(self, filename, data):
    """Pelican's keeping, without the file's stamp when nothing is kept (the cache is off)."""
    if self._cache_data_policy:
        _original_cache_data(self, filename, data)


@functools.lru_cache(maxsize=64)
def _whole_fields(template: str) -> tuple[str, ...] | None:
    """The names a URL setting formats, when it formats each one whole (``{slug}``, ``{date:%Y}``):
    its text then depends on their values alone. None when it reads into one (``{date.year}``,
    ``{tags[0]}``), converts one (``{slug!r}``) or nests fields in a format spec."""
    names = []
    try:
        for _text, field, spec, conversion in string.Formatter().parse(template):
            if field is None:
                continue
            if not field.isidentifier() or conversion or (spec and "{" in spec):
                return None
            names.append(field)
    except ValueError:
        return None
    return tuple(dict.fromkeys(names))


def _value_key(value):
    """What formatting ``value`` depends on, or None when that is not known. A number by its type and
    its repr (0.0 and -0.0 are equal but print apart) and the numbers' locale (the ``n`` format)."""
    kind = type(value)
    if kind is str:
        return value
    if kind is int or kind is float or kind is bool:
        return (kind, repr(value), locale.setlocale(locale.LC_NUMERIC))
    if isinstance(value, datetime.datetime):
        return _date_key(value)
    return None


def _url_value(content, name: str):
    """One value of Pelican's ``url_format``, worked out alone: the whole mapping copies the metadata
    and slugifies the author and category names, several times the cost of a remembered address.
    The six names it sets itself are set as it sets them (Pelican 4.12); any other comes from the
    metadata. ``_MISSING`` when Pelican would not find it."""
    if name == "slug":
        return getattr(content, "slug", "")
    if name == "date":
        return content.date  # a post without a date is left to Pelican (see below)
    if name == "lang":
        return getattr(content, "lang", "en")
    if name == "author" or name == "category":
        return getattr(content, name).slug if hasattr(content, name) else ""
    metadata = content.metadata
    if name == "path":
        return path_to_url(metadata.get("path", content.get_relative_source_path()))
    return metadata.get(name, _MISSING)


def _expand_settings(self, key, klass=None):
    """Pelican's expansion of a URL setting, remembered by the setting and the values it formats."""
    if not klass:
        klass = self.__class__.__name__
    template = str(self.settings[f"{klass}_{key}".upper()])
    names = _whole_fields(template)
    if names is None or type(self).url_format is not _url_format or ("date" in names and not hasattr(self, "date")):
        # Pelican's own: the pattern reads more than whole values, or the values are not its usual
        # ones, or the date is the time of the call (a post without one), never the same twice.
        return _original_expand(self, key, klass)
    values = {name: _url_value(self, name) for name in names}
    parts = [template]
    for value in values.values():
        part = _value_key(value)
        if part is None:
            return _original_expand(self, key, klass)
        parts.append(part)
    memo_key = tuple(parts)
    found = _recall(_expanded, _earlier_expanded, memo_key)
    if found is None:
        found = _expanded[memo_key] = template.format(**values)
    return found


def _settled_url_setting(self, key):
    if isinstance(self, Static):
        return _original_url_setting(self, key)
    found = _addresses.get((id(self), key))
    if found is not None and found[0] is self:
        return found[1]
    value = _original_url_setting(self, key)
    _addresses[(id(self), key)] = (self, value)
    return value


def settle() -> None:
    """From now until :func:`uninstall`, content objects keep their addresses (pages are being written)."""
    Content.get_url_setting = _settled_url_setting


def install(earlier: dict | None = None) -> None:
    """``earlier``: what :func:`to_keep` gave at the end of the previous build, if anything."""
    earlier = earlier if isinstance(earlier, dict) else {}
    _earlier_formatted.clear()
    _earlier_formatted.update(earlier.get("formatted", {}))
    _earlier_expanded.clear()
    _earlier_expanded.update(earlier.get("expanded", {}))
    Content.get_relative_source_path = _relative_source_path
    Content._expand_settings = _expand_settings
    pelican.utils.strftime = _strftime
    for module in _SLUGIFY_USERS:
        module.slugify = _slugify
    FileStampDataCacher.get_cached_data = _cached_data
    FileStampDataCacher.cache_data = _cache_data


def uninstall() -> None:
    Content.get_relative_source_path = _original_relative
    pelican.utils.strftime = _original_strftime
    Content.get_url_setting = _original_url_setting
    Content._expand_settings = _original_expand
    for module in _SLUGIFY_USERS:
        module.slugify = _original_slugify
    FileStampDataCacher.get_cached_data = _original_cached_data
    FileStampDataCacher.cache_data = _original_cache_data
    _relative.clear()
    _formatted.clear()
    _date_parts.clear()
    _expanded.clear()
    _addresses.clear()
    _slugs.clear()
    _earlier_formatted.clear()
    _earlier_expanded.clear()


def to_keep() -> dict | None:
    """The texts of dates and URL settings this build used, for the next one (see :func:`install`);
    None when they are the ones the build was given, so that an edit writes nothing here."""
    if _formatted.keys() == _earlier_formatted.keys() and _expanded.keys() == _earlier_expanded.keys():
        return None
    return {"formatted": dict(_formatted), "expanded": dict(_expanded)}
