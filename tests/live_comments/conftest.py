"""A real Isso server on 127.0.0.1 with a temporary database, and a client for its HTTP API."""

from __future__ import annotations

import json
import re
import sqlite3
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from plugins.live_comments.config import server_config
from plugins.live_comments.server import IssoServer, free_port
from plugins.live_comments.settings import IssoSettings

SITE = "http://127.0.0.1:8000"  # the local preview's origin (FEED_DOMAIN in pelicanconf.py)


@dataclass
class Isso:
    url: str
    db: Path
    log: Path
    origin: str

    def post(self, uri: str, text: str, author: str = "", website: str = "", parent: int | None = None) -> int:
        """A new comment as the page's form sends it; its id."""
        data = {"text": text, "author": author or None, "website": website or None, "parent": parent, "title": uri}
        request = urllib.request.Request(
            f"{self.url}/new?uri={uri}",
            data=json.dumps(data).encode(),
            headers={"Content-Type": "application/json", "Origin": self.origin},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status in (201, 202)
            return json.loads(response.read())["id"]

    def moderation_link(self, comment: int, action: str) -> str:
        """The link Isso's notification (here: its log) gives the author for a new comment."""
        pattern = re.compile(rf"{action.capitalize()} comment: (\S+/id/{comment}/{action}/\S+)")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            found = pattern.search(self.log.read_text(errors="replace"))
            if found:
                return found.group(1)
            time.sleep(0.1)
        raise AssertionError(f"no {action} link for comment {comment} in Isso's log")

    def moderate(self, comment: int, action: str = "activate") -> None:
        request = urllib.request.Request(self.moderation_link(comment, action), method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200

    def modes(self) -> dict[int, int]:
        with sqlite3.connect(self.db) as connection:
            return dict(connection.execute("SELECT id, mode FROM comments").fetchall())


@pytest.fixture
def start_isso(tmp_path: Path) -> Iterator[Callable[..., Isso]]:
    """start_isso(origin=SITE, moderation=True) -> a running Isso; stopped after the test."""
    servers: list[IssoServer] = []

    def start(origin: str = SITE, moderation: bool = True) -> Isso:
        folder = tmp_path / f"isso{len(servers)}"
        folder.mkdir()
        url = f"http://127.0.0.1:{free_port()}"
        settings = IssoSettings.from_pelican(
            {"SITEURL": origin, "ISSO_URL": url + "/", "ISSO_MODERATION": moderation, "ISSO_GUARD": False}
        )
        config = folder / "isso.cfg"
        config.write_text(server_config(settings, folder / "comments.db", url + "/"))
        server = IssoServer(config, url, log=folder / "isso.log")
        server.__enter__()
        servers.append(server)
        return Isso(url, folder / "comments.db", folder / "isso.log", origin)

    yield start
    for server in servers:
        server.__exit__(None, None, None)
