"""The redirect stub: the one piece of HTML the plugin writes without the theme.

It is the same for every theme (a canonical link, an immediate refresh and a
visible link for readers whose browser ignores the refresh), so it lives
here, in a Jinja environment that escapes every value.
"""

from __future__ import annotations

from jinja2 import Environment

_ENVIRONMENT = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)

REDIRECT_STUB = _ENVIRONMENT.from_string(
    """<!DOCTYPE html>
{% set target = SITEURL ~ '/' ~ tag.url %}
<html lang="{{ DEFAULT_LANG }}">
<head>
<meta charset="utf-8">
<title>Tag Archives: {{ tag.name }} · {{ SITENAME }}</title>
<link rel="canonical" href="{{ target }}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{ target }}">
</head>
<body>
<p>This page has moved to <a href="{{ target }}">Tag Archives: {{ tag.name }}</a>.</p>
</body>
</html>
"""
)
