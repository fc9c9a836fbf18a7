"""Serves a built site over HTTP on this machine, the way a static host would.

The browser tests and the Lighthouse benchmark need a real server: pages
opened from ``file://`` behave differently (no 404 page, no absolute links,
different security rules). The port is chosen and bound before the site is
built, so the build can use the server's address as its ``SITEURL`` and every
absolute link stays on the local server.
"""

from __future__ import annotations

import os
import sys
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _SiteHandler(SimpleHTTPRequestHandler):
    """Answers a missing path with the site's own ``404.html``, as GitHub Pages, S3 and most hosts do."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def list_directory(self, path: str) -> None:
        # Hosts do not list folders; neither does the preview.
        self.send_error(HTTPStatus.NOT_FOUND)

    def end_headers(self) -> None:
        # A preview must show the latest build, never a cached one.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the name the base class uses
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A browser that closes a connection it no longer needs is not an error worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteServer:
    """An HTTP server for the folder ``root`` on ``host``, in a background thread.

    ``url`` is known as soon as the object exists; the folder may be empty (or
    missing) until the first request. Use as a context manager.
    """

    def __init__(self, root: str | os.PathLike, host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = Path(root)
        handler = partial(_SiteHandler, directory=str(self.root))
        self._server = _QuietServer((host, port), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="site-server", daemon=True)
        address, bound_port = self._server.server_address[:2]
        self.url = f"http://{address}:{bound_port}"

    def start(self) -> SiteServer:
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serves in this thread until interrupted (Ctrl-C), then closes the socket."""
        try:
            self._server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self._server.server_close()

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
