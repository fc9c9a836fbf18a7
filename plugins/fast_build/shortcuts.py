"""Remembers some of Pelican's computations for the length of a build.

Every article's ``url`` and ``save_as`` are worked out again each time they
are read, and they are read half a dozen times per article per build (by
Pelican, the content checks, the roll-call and tag plugins, the publisher).
Most of that time goes into two functions whose result depends on their
arguments alone: a content object's path relative to the content folder (from
its source path and ``PATH``), and Pelican's ``strftime`` (from the date, its
time zone, the format and the locale). Both are memoised, keyed on exactly
those inputs, while a fast build runs, and put back as they were after it.

Once the pages are being written, content objects do not change (the build
checks it when it ends, see ``Build._stable``), so from then on each
article's and page's ``url`` and ``save_as`` are worked out once, on first
use: templates read them tens of thousands of times in a large build.
Static files are left out: an ``{attach}`` link may still move one.
"""

from __future__ import annotations

import locale

import pelican.utils
from pelican.contents import Content, Static

_original_relative = Content.get_relative_source_path
_original_strftime = pelican.utils.strftime
_original_url_setting = Content.get_url_setting
_relative: dict[tuple[str, str], str | None] = {}
_formatted: dict[tuple, str] = {}
_addresses: dict[tuple[int, str], tuple[Content, str]] = {}


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


def _strftime(date, date_format):
    # Equal dates with the same offset, zone name and summer-time flag show the same wall-clock time
    # and zone: every directive formats them alike (the locale's %c may show the zone, from the flag).
    # Not keyed on the tzinfo object: some cannot be hashed.
    key = (
        type(date),
        date,
        date.fold,
        date.utcoffset(),
        date.tzname(),
        date.dst(),
        date_format,
        locale.setlocale(locale.LC_TIME),
    )
    found = _formatted.get(key)
    if found is None:
        found = _formatted[key] = _original_strftime(date, date_format)
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


def install() -> None:
    Content.get_relative_source_path = _relative_source_path
    pelican.utils.strftime = _strftime


def uninstall() -> None:
    Content.get_relative_source_path = _original_relative
    pelican.utils.strftime = _original_strftime
    Content.get_url_setting = _original_url_setting
    _relative.clear()
    _formatted.clear()
    _addresses.clear()
