"""Isso's configuration file, made from the site's settings.

A pure function, so that what the server is told can be tested without
starting it. Isso reads an INI file; the values here are the ones its
documentation lists under ``[general]``, ``[moderation]``, ``[server]``,
``[guard]``, ``[rss]`` and ``[admin]``.
"""

from __future__ import annotations

from configparser import ConfigParser
from io import StringIO
from pathlib import Path

from .settings import IssoSettings


def server_config(settings: IssoSettings, db_path: Path, listen: str | None = None) -> str:
    """The text of an ``isso.cfg`` for ``settings``, with the database at ``db_path``.

    ``host`` lists the site's origins, the only pages whose visitors may post
    (Isso checks the ``Origin`` header against it). ``[rss] base`` is the
    site's address, which Isso puts before a thread's path in its feeds;
    without it Isso serves no feeds at all.
    """
    config = ConfigParser(interpolation=None)
    config["general"] = {
        "dbpath": str(db_path),
        "host": "\n".join(settings.hosts),
        "notify": settings.notify,
        "max-age": "15m",
        "latest-enabled": "true",
    }
    config["moderation"] = {
        "enabled": "true" if settings.moderation else "false",
        "approve-if-email-previously-approved": "false",
        "purge-after": "30d",
    }
    # Isso listens on the loopback: whoever talks to it is the reverse proxy, whose
    # X-Forwarded-For names the reader (the spam guard counts per reader).
    config["server"] = {
        "listen": listen or settings.listen,
        "reload": "off",
        "profile": "off",
        "trusted-proxies": "127.0.0.1",
    }
    if settings.url.startswith(("http://", "https://")):
        config["server"]["public-endpoint"] = settings.url.rstrip("/")
    config["guard"] = {
        "enabled": "true" if settings.guard else "false",
        "ratelimit": str(settings.ratelimit),
        "direct-reply": "3",
        "reply-to-self": "false",
        "require-author": "false",
        "require-email": "false",
    }
    config["rss"] = {"base": settings.feed_base, "limit": "100"}
    config["admin"] = {
        "enabled": "true" if settings.admin_password else "false",
        "password": settings.admin_password or "unused",
    }
    out = StringIO()
    config.write(out)
    return out.getvalue()
