"""The redirects plugin's settings, read once, with every default in one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import Problem, RedirectError
from .render import SERVER_FILES


@dataclass(frozen=True)
class RedirectSettings:
    path: str = "redirects"  # REDIRECTS_PATH: the folder under PATH holding the *.csv maps
    server_files: tuple[str, ...] = tuple(SERVER_FILES)  # REDIRECTS_SERVER_FILES: rules written beside the site
    siteurl: str = ""  # SITEURL
    relative_urls: bool = False  # RELATIVE_URLS

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> RedirectSettings:
        server_files = tuple(settings.get("REDIRECTS_SERVER_FILES", cls.server_files) or ())
        unknown = [name for name in server_files if name not in SERVER_FILES]
        if unknown:
            known = ", ".join(SERVER_FILES)
            raise RedirectError(
                [Problem("settings", None, "REDIRECTS_SERVER_FILES", f"unknown {unknown[0]!r}; use some of {known}")]
            )
        return cls(
            path=str(settings.get("REDIRECTS_PATH", cls.path)),
            server_files=server_files,
            siteurl=str(settings.get("SITEURL") or "").rstrip("/"),
            relative_urls=bool(settings.get("RELATIVE_URLS", False)),
        )
