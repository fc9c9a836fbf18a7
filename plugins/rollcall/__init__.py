"""Blogfest roll-calls kept once as data, validated, and rendered in every
participating post and on an event page per blogfest.

Event files live in ``content/blogfests/<slug>.yml``; a post joins an event
with ``Blogfest: <slug>`` and gets the roll-call where it says ``[rollcall]``.
"""

from pelican import signals

from .errors import Problem, RollcallError
from .generator import RollcallGenerator

__all__ = ["Problem", "RollcallError", "RollcallGenerator", "register"]


def get_generators(pelican) -> type[RollcallGenerator]:
    return RollcallGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
