"""Keeps old addresses working: redirect stubs and server rules from ``content/redirects/*.csv``.

A migrated blog's readers, search engines and other blogs link to the old
addresses: ``/?p=12``, the old permalinks, the old tag and category pages.
The import writes those into a redirect map; this plugin resolves each
target when the site is built (so a redirect follows its post) and writes an
HTML stub for every old path that the new site does not answer itself, plus
rules for the web server (``.htaccess``, an nginx map, ``_redirects``) that
also cover old addresses with a query string.
"""

from pelican import signals

from .errors import Problem, RedirectError
from .generator import RedirectsGenerator
from .model import Redirect, read_maps

__all__ = ["Problem", "Redirect", "RedirectError", "RedirectsGenerator", "read_maps", "register"]


def get_generators(pelican) -> type[RedirectsGenerator]:
    return RedirectsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
