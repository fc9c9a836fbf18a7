"""``invoke comments-server`` and ``invoke comments-sync`` as the author runs them, in a copy of the project."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from plugins.live_comments.server import free_port
from tests.live_comments.conftest import SITE, Isso

ARTICLE = "/2008/09/23/customer-obsessed-service/"


def invoke(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_server_then_sync(project_copy):
    port = free_port()
    listen = f"http://127.0.0.1:{port}/"
    log = project_copy / "server.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "invoke", "comments-server"],
            cwd=project_copy,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "ISSO_LISTEN": listen},
            start_new_session=True,
        )
    try:
        wait_for(f"{listen}info")
        config = (project_copy / "isso/isso.cfg").read_text()
        assert f"listen = {listen}" in config and "host = http://127.0.0.1:8000" in config
        assert re.search(r"\[moderation\]\nenabled = true", config)
        isso = Isso(listen.rstrip("/"), project_copy / "isso/comments.db", log, SITE)
        # Isso's guard is on (two comments a minute from one address, no replies to oneself): two comments.
        first = isso.post(ARTICLE, "Obsessed is the right word.", author="Jane Reader")
        pending = isso.post(ARTICLE, "Not approved yet.", author="Someone")
        isso.moderate(first)

        done = invoke(project_copy, "comments-sync", env={"ISSO_LISTEN": listen})
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == [
            "Isso: 1 new comment file(s), 0 already synced, from 1 thread(s)",
            "  customer-obsessed-service: 1 new",
        ]
        folder = project_copy / "content/comments/customer-obsessed-service"
        assert "Author: Jane Reader\n" in (folder / f"isso-{first}.md").read_text()
        assert not (folder / f"isso-{pending}.md").exists()
        again = invoke(project_copy, "comments-sync", "--db", "isso/comments.db")
        assert again.returncode == 0, again.stderr
        assert again.stdout.startswith("Isso: 0 new comment file(s), 1 already synced")

        built = invoke(project_copy, "build")
        assert built.returncode == 0, built.stderr
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
            tail = log.read_text(errors="replace")[-3000:]
            raise AssertionError(
                f"the comment server did not stop within 20 s of Ctrl-C; its log ends:\n{tail}"
            ) from None


def test_sync_from_an_unreachable_server_is_one_line(project_copy):
    before = sorted(p for p in (project_copy / "content").rglob("*"))
    done = invoke(project_copy, "comments-sync", "--server", f"http://127.0.0.1:{free_port()}")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: http://127.0.0.1:") and "cannot read comments" in lines[0]
    assert "Traceback" not in done.stderr
    assert sorted(p for p in (project_copy / "content").rglob("*")) == before


def test_sync_of_a_thread_matching_no_article_is_one_line(project_copy, start_isso):
    isso = start_isso(moderation=False)
    isso.post("/2099/01/01/no-such-post/", "Hello?", author="Lost")
    before = sorted(p for p in (project_copy / "content").rglob("*"))
    done = invoke(project_copy, "comments-sync", "--db", str(isso.db))
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "error: isso thread /2099/01/01/no-such-post/: uri: matches no post or page in content/ (1 accepted comment(s)); "
        "restore the post, or move the thread in Isso's database to the post's address"
    )
    assert sorted(p for p in (project_copy / "content").rglob("*")) == before
