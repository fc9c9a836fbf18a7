"""Migration without loss: WordPress (WXR) and Disqus exports into the blog's content.

Not a Pelican plugin (it runs before a build, not during one, so it has no
``register()``); it lives beside the plugins with the project's other
packages.

Two layers, usable apart:

- **Parsers**, pure and streaming, that turn an export into dataclasses and
  decide nothing: :func:`parse_wxr` (``.posts``, ``.pages``, ``.attachments``,
  ``.comments``, ``.terms``, ``.authors``) and :func:`parse_disqus`
  (``.threads``, ``.comments``). The analytics read exports through them.
- **Importers** that write Markdown posts and pages, comment files, a redirect
  map and an attachment list into ``content/``, idempotently, and report a
  reconciliation table: :func:`import_wordpress`, :func:`import_disqus`,
  and the ``blog-import`` command (:mod:`.cli`).
"""

from .cli import main, run_import
from .disqus import DisqusExport, parse_disqus
from .errors import MigrateError
from .import_disqus import import_disqus
from .import_wxr import import_wordpress
from .report import ImportReport
from .settings import ImportSettings
from .wxr import WxrExport, parse_wxr

__all__ = [
    "DisqusExport",
    "ImportReport",
    "ImportSettings",
    "MigrateError",
    "WxrExport",
    "import_disqus",
    "import_wordpress",
    "main",
    "parse_disqus",
    "parse_wxr",
    "run_import",
]
