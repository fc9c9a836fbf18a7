"""A real HTTP server on 127.0.0.1 for the feed tests, serving each case the fetcher must handle."""

from __future__ import annotations

import threading
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).parent / "data" / "feeds"
LAST_MODIFIED = formatdate(1330000000, usegmt=True)


class FeedServer:
    """Routes: /wordpress.rss (ETag), /based.atom (Last-Modified only), /malformed.xml, /page.html,
    /slow.xml (answers after ``slow`` seconds), /missing.xml (404), /moved (301 to /wordpress.rss),
    /loop (redirects to itself), /flaky.xml (503 once, then the feed), and any file of data/feeds/."""

    def __init__(self, slow: float = 3.0):
        self.slow = slow
        self.requests: Counter[str] = Counter()
        self.headers: list[tuple[str, dict[str, str]]] = []
        self.stop_sleeping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                server.requests[self.path] += 1
                server.headers.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                server.route(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop_sleeping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    @staticmethod
    def send(handler, status: int, body: bytes = b"", kind: str = "application/rss+xml", **headers: str) -> None:
        handler.send_response(status)
        if status != 304:
            handler.send_header("Content-Type", kind)
            handler.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.end_headers()
        if status != 304:
            try:
                handler.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting, as it should for /slow.xml

    def route(self, handler) -> None:
        path = handler.path
        if path == "/wordpress.rss":
            etag = '"v1"'
            if handler.headers.get("If-None-Match") == etag:
                return self.send(handler, 304, ETag=etag)
            return self.send(handler, 200, (DATA / "wordpress.rss").read_bytes(), ETag=etag)
        if path == "/based.atom":
            if handler.headers.get("If-Modified-Since") == LAST_MODIFIED:
                return self.send(handler, 304)
            body = (DATA / "based.atom").read_bytes()
            return self.send(handler, 200, body, "application/atom+xml", Last_Modified=LAST_MODIFIED)
        if path == "/slow.xml":
            self.stop_sleeping.wait(self.slow)
            return self.send(handler, 200, (DATA / "wordpress.rss").read_bytes())
        if path == "/moved":
            return self.send(handler, 301, Location="/wordpress.rss")
        if path == "/loop":
            return self.send(handler, 302, Location="/loop")
        if path == "/flaky.xml":
            if self.requests[path] == 1:
                return self.send(handler, 503, b"busy", "text/plain")
            return self.send(handler, 200, (DATA / "wordpress.rss").read_bytes())
        if path == "/page.html":
            return self.send(handler, 200, (DATA / "not-a-feed.html").read_bytes(), "text/html; charset=utf-8")
        file = DATA / path.lstrip("/")
        if path.count("/") == 1 and file.is_file():
            return self.send(handler, 200, file.read_bytes(), "application/xml")
        return self.send(handler, 404, b"not found", "text/plain")
