"""Builds, checks and publishes the site: the engine behind ``tasks.py``.

Not a Pelican plugin (it drives Pelican from outside, so it has no
``register()``); it lives beside the plugins because the project keeps all
of its Python packages under ``plugins/`` and ``analytics/``.
"""

from .build import BuildResult, build_site
from .errors import PublishError
from .publish import PublishSettings, publish
from .scaffold import new_post
from .sitecheck import check_site

__all__ = ["BuildResult", "PublishError", "PublishSettings", "build_site", "check_site", "new_post", "publish"]
