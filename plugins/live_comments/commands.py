"""What ``invoke comments-server`` and ``invoke comments-sync`` do, kept out of tasks.py so it can be tested."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from plugins.migrate.settings import ImportSettings

from .config import server_config
from .errors import LiveCommentsError, Problem
from .server import isso_command
from .settings import IssoSettings
from .source import fetch_server, read_database
from .sync import SyncReport, sync


def load(settings_file: Path) -> dict:
    if not Path(settings_file).is_file():
        raise LiveCommentsError(Problem(str(settings_file), None, "settings", "not found; run from the project folder"))
    from pelican.settings import read_settings

    return read_settings(str(settings_file))


def write_config(settings_file: Path, project: Path) -> tuple[Path, IssoSettings]:
    """Write ``isso/isso.cfg`` next to the database from the site's settings; its path and the settings."""
    settings = IssoSettings.from_pelican(load(settings_file))
    db = (project / settings.db).resolve()
    db.parent.mkdir(parents=True, exist_ok=True)
    config = db.parent / "isso.cfg"
    config.write_text(server_config(settings, db), encoding="utf-8")
    return config, settings


def run_server(settings_file: Path, project: Path) -> int:
    """Run Isso in the foreground until Ctrl-C; its exit code."""
    config, settings = write_config(settings_file, project)
    print(f"Isso on {settings.listen} with {config} (Ctrl-C stops)", flush=True)
    try:
        return subprocess.call(isso_command(config))
    except KeyboardInterrupt:
        return 0


def run_sync(
    settings_file: Path, project: Path, server: str | None = None, db: str | os.PathLike | None = None
) -> SyncReport:
    """Sync from ``db`` when given, else from ``server``, else from ISSO_URL (or ISSO_LISTEN when it is a path)."""
    pelican_settings = load(settings_file)
    settings = IssoSettings.from_pelican(pelican_settings)
    if db:
        comments = read_database(Path(db))
    else:
        base = server or (settings.url if settings.url.startswith(("http://", "https://")) else settings.listen)
        comments = fetch_server(base)
    content = project / (pelican_settings.get("PATH") or "content")
    return sync(
        comments,
        ImportSettings.from_pelican(pelican_settings, content),
        pelican_settings.get("COMMENTS_PATH", "comments"),
    )
