"""The live comment server's settings, read once, with every default in one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlsplit

from .errors import LiveCommentsError, Problem

SETTINGS_FILE = "settings"


@dataclass(frozen=True)
class IssoSettings:
    """``ISSO_*`` settings, plus the site's address that Isso must accept requests from."""

    url: str = ""  # ISSO_URL: where readers' browsers reach Isso; empty: no live comments
    listen: str = "http://127.0.0.1:8080/"  # ISSO_LISTEN: where `invoke comments-server` listens
    db: str = "isso/comments.db"  # ISSO_DB: the SQLite database, relative to the project folder
    moderation: bool = True  # ISSO_MODERATION: new comments wait for approval
    admin_password: str = ""  # ISSO_ADMIN_PASSWORD: turns on Isso's /admin page
    guard: bool = True  # ISSO_GUARD: Isso's spam guard (rate limit, replies to self)
    ratelimit: int = 2  # ISSO_RATELIMIT: new comments per minute from one address
    notify: str = "stdout"  # ISSO_NOTIFY: "stdout" or "smtp" (then add an [smtp] section by hand)
    hosts: tuple[str, ...] = ()  # the site's origins: SITEURL, else FEED_DOMAIN, plus ISSO_HOSTS
    feed_base: str = ""  # where the site lives, for the links in Isso's Atom feeds

    @property
    def enabled(self) -> bool:
        return bool(self.url)

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> IssoSettings:
        """Reads and checks the settings; a wrong value is a :class:`LiveCommentsError` naming the setting."""
        values: dict[str, Any] = {}
        for field in fields(cls):
            key = f"ISSO_{field.name.upper()}"
            if field.name not in ("hosts", "feed_base") and key in settings:
                values[field.name] = settings[key]
        site = str(settings.get("SITEURL") or "")
        if not urlsplit(site).netloc:
            site = str(settings.get("FEED_DOMAIN") or "")
        site = site.rstrip("/")
        hosts = [site] if urlsplit(site).netloc else []
        hosts += [str(h).rstrip("/") for h in settings.get("ISSO_HOSTS", ()) if str(h).rstrip("/") not in hosts]
        values["hosts"] = tuple(hosts)
        values["feed_base"] = site
        problems = _check(values)
        if problems:
            raise LiveCommentsError(problems)
        return cls(**values)


def _is_http(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _check(values: dict[str, Any]) -> list[Problem]:
    problems = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(SETTINGS_FILE, None, key, message))

    url = values.get("url", "")
    if url and (not isinstance(url, str) or not (_is_http(url) or (url.startswith("/") and not url.startswith("//")))):
        bad("ISSO_URL", f"{url!r} is not an http(s) address or a path; write e.g. 'https://comments.example/'")
    elif url and any(c in url for c in "\"'<> "):
        bad("ISSO_URL", f"{url!r} contains quotes, spaces or angle brackets; write the address as a browser shows it")
    listen = values.get("listen", cls_default("listen"))
    if not isinstance(listen, str) or urlsplit(listen).scheme != "http" or not urlsplit(listen).port:
        bad("ISSO_LISTEN", f"{listen!r} is not an http://host:port/ address; write e.g. 'http://127.0.0.1:8080/'")
    rate = values.get("ratelimit", 2)
    if not isinstance(rate, int) or isinstance(rate, bool) or rate < 1:
        bad("ISSO_RATELIMIT", f"{rate!r} is not a whole number of 1 or more; use for example 2")
    if values.get("notify", "stdout") not in ("stdout", "smtp"):
        bad("ISSO_NOTIFY", f"{values.get('notify')!r} is not 'stdout' or 'smtp'")
    for host in values["hosts"]:
        if not _is_http(host):
            bad(
                "ISSO_HOSTS",
                f"{host!r} is not an http(s) address; write the site's origin, e.g. 'https://blog.example'",
            )
    return problems


def cls_default(name: str) -> Any:
    return next(f.default for f in fields(IssoSettings) if f.name == name)
