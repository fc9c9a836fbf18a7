"""Runs an Isso server as a child process and waits until it answers.

Used by ``invoke comments-server`` (in the foreground) and by the tests (in
the background, with a temporary database on a free port).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from .errors import LiveCommentsError, Problem

STARTUP_SECONDS = 30


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def isso_command(config_file: Path) -> list[str]:
    """``isso -c FILE run`` with the ``isso`` installed next to this Python."""
    script = Path(sys.executable).with_name("isso")
    program = str(script) if script.is_file() else shutil.which("isso")
    if not program:
        raise LiveCommentsError(
            Problem("isso", None, "program", "not installed; run pip install -e '.[isso]' in the project folder")
        )
    return [program, "-c", str(config_file), "run"]


class IssoServer:
    """``with IssoServer(config_file, url) as server:`` an Isso answering at ``url`` until the block ends."""

    def __init__(self, config_file: Path, url: str, log: Path | None = None):
        self.config_file = Path(config_file)
        self.url = url.rstrip("/")
        self.log = log
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> IssoServer:
        out = open(self.log, "wb") if self.log else subprocess.DEVNULL  # noqa: SIM115 - closed in __exit__
        self._out = out
        self.process = subprocess.Popen(isso_command(self.config_file), stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.__exit__(None, None, None)
                raise LiveCommentsError(
                    Problem(str(self.config_file), None, "isso", "the server stopped at once; see its log")
                )
            try:
                with urllib.request.urlopen(f"{self.url}/info", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        self.__exit__(None, None, None)
        raise LiveCommentsError(Problem(self.url, None, "isso", f"no answer after {STARTUP_SECONDS} s"))

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._out is not subprocess.DEVNULL:
            self._out.close()
