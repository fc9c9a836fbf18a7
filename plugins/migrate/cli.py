"""``blog-import``: the command line of the migration (also ``python -m plugins.migrate``).

    blog-import wordpress EXPORT.xml [--force] [--download-media]
    blog-import disqus EXPORT.xml [--force]

Run it from the project folder: it reads ``pelicanconf.py`` there for the
content folder and the site's addresses (``--settings`` and ``--content``
point elsewhere). Errors are one line each on stderr, with exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import MigrateError
from .import_disqus import import_disqus
from .import_wxr import import_wordpress
from .report import ImportReport
from .settings import ImportSettings

DEFAULT_SETTINGS = "pelicanconf.py"


def run_import(
    source: str,
    export: str | Path,
    *,
    settings_file: str | Path | None = None,
    content: str | Path | None = None,
    force: bool = False,
    download_media: bool = False,
) -> ImportReport:
    """Import a ``wordpress`` or ``disqus`` export; raises :class:`MigrateError` when it cannot."""
    if settings_file is None and Path(DEFAULT_SETTINGS).is_file():
        settings_file = DEFAULT_SETTINGS
    settings = ImportSettings.load(settings_file, content)
    if source == "wordpress":
        return import_wordpress(export, settings, force=force, download_media=download_media)
    if source == "disqus":
        if download_media:
            raise MigrateError("--download-media: a Disqus export has no media; leave the option out")
        return import_disqus(export, settings, force=force)
    raise MigrateError(f"{source}: unknown kind of export; use wordpress or disqus")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="blog-import",
        description="Import a WordPress (WXR) or Disqus export into content/, keeping every post, comment and URL.",
    )
    sources = parser.add_subparsers(dest="source", required=True, metavar="{wordpress,disqus}")
    for name, help_text in (
        ("wordpress", "a WordPress export (Tools > Export > All content)"),
        ("disqus", "a Disqus export (Moderation > Export); import the posts first"),
    ):
        command = sources.add_parser(name, help=help_text, description=f"Import {help_text}.")
        command.add_argument("export", help="the export file (.xml)")
        command.add_argument("--force", action="store_true", help="overwrite files changed by hand since the import")
        if name == "wordpress":
            command.add_argument(
                "--download-media", action="store_true", help="download attachments into content/images/uploads/"
            )
        command.add_argument("--settings", help=f"the site's settings file (default: ./{DEFAULT_SETTINGS})")
        command.add_argument("--content", help="the content folder (default: PATH in the settings, or ./content)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        report = run_import(
            args.source,
            args.export,
            settings_file=args.settings,
            content=args.content,
            force=args.force,
            download_media=getattr(args, "download_media", False),
        )
    except MigrateError as error:
        for line in error.problems:
            print(f"error: {line}", file=sys.stderr)
        return 1
    print(report.render())
    return 0
