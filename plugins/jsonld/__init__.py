"""A ``jsonld`` template filter: structured data for a ``<script type="application/ld+json">`` element.

An article's JSON-LD carries every comment on it (schema.org ``Comment``
objects), so a blog with a hundred thousand comments serialises a hundred
thousand of them per build; this filter writes them with orjson instead of
the standard library's encoder that Jinja's own ``tojson`` uses. The output
is the same data, escaped the same way as ``tojson`` escapes it (``<``,
``>``, ``&`` and ``'`` as ``\\u`` escapes, so no value can close the
element), with keys sorted so that a page's bytes do not depend on the order
a dict was built in.

Themes should fall back to ``tojson`` when the plugin is off:
``{{ data|jsonld if 'jsonld' is filter else data|tojson }}``.
"""

from __future__ import annotations

import orjson
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from pelican import signals


def _dumps(value, **_ignored) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode("utf-8")


def jsonld(value) -> Markup:
    """``value`` (dicts, lists, strings, numbers, booleans, None) as JSON that is safe inside a script element."""
    return htmlsafe_json_dumps(value, dumps=_dumps)


def add_filter(generator) -> None:
    # Signals outlive a run: a later Pelican run in the same process without this plugin gets no filter.
    if "jsonld" not in generator.settings.get("PLUGINS", ()):
        return
    environment = getattr(generator, "env", None)
    if environment is not None:
        environment.filters["jsonld"] = jsonld


def register() -> None:
    signals.generator_init.connect(add_filter)
