"""Live comments through a self-hosted Isso server.

The Pelican side is small: :func:`register` checks the ``ISSO_*`` settings
when a build starts, so a wrong ``ISSO_URL`` stops the build with one line
instead of shipping pages that load a script from nowhere. The theme reads
``ISSO_URL`` itself. The server configuration (:mod:`.config`), the server
process (:mod:`.server`) and the sync into comment files (:mod:`.sync`) are
used by ``invoke comments-server`` and ``invoke comments-sync``.
"""

from __future__ import annotations

from pelican import signals

from .errors import LiveCommentsError, Problem
from .settings import IssoSettings


def check_settings(pelican) -> None:
    IssoSettings.from_pelican(pelican.settings)


def register() -> None:
    signals.initialized.connect(check_settings)


__all__ = ["IssoSettings", "LiveCommentsError", "Problem", "register"]
