"""--download-media against a real HTTP server on 127.0.0.1: fetched, linked, skipped when unreachable."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from plugins.migrate import import_wordpress
from plugins.migrate.media import fetch, local_name
from tests.migrate.conftest import settings_for
from tests.migrate.test_import_wordpress import body

IMAGE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


class _Handler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        type(self).requests.append(self.path)
        if self.path == "/wp-content/uploads/2011/03/team.jpg":
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(IMAGE)))
            self.end_headers()
            self.wfile.write(IMAGE)
        elif self.path == "/to-a-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/hostname")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(2)
            self.send_response(200)
            self.end_headers()
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Handler.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def export(export_copy, server):
    """The fixture with its uploads served by the test server, and the CDN's on a port nobody listens on."""
    unreachable = f"http://127.0.0.1:{closed_port()}/wp-content/uploads"
    return export_copy(
        edit=lambda text: text.replace(
            "https://customersrock.example/wp-content/uploads", f"{server}/wp-content/uploads"
        ).replace("https://media.customersrock.example/wp-content/uploads", unreachable)
    )


def test_reachable_media_is_downloaded_and_linked_unreachable_reported(tmp_path, export, build):
    content = tmp_path / "content"
    report = import_wordpress(export, settings_for(content), download_media=True)
    assert (content / "images/uploads/2011/03/team.jpg").read_bytes() == IMAGE
    attachments = report.tally.rows["attachments"]
    assert (attachments.found, attachments.written, dict(attachments.skipped)) == (2, 1, {"unreachable": 1})
    assert any(
        note.startswith("attachment 51 not downloaded: http://127.0.0.1:") and "counter.png: " in note
        for note in report.notes
    )
    # The resized copy in the post and the gallery both point at the downloaded original.
    assert body(content / "posts/hello-world.md").startswith("Welcome")
    assert (
        "[![The support team]({static}/images/uploads/2011/03/team.jpg)]({static}/images/uploads/2011/03/team.jpg)"
        in body(content / "posts/hello-world.md")
    )
    assert "![team]({static}/images/uploads/2011/03/team.jpg)" in body(content / "posts/café-trust.md")
    listing = (content / "imports/wordpress-attachments.csv").read_text(encoding="utf-8")
    assert ",posts/café-trust.md,images/uploads/2011/03/team.jpg\n" in listing
    output = build(content)  # the content checks find the image where the post says it is
    assert (output / "images/uploads/2011/03/team.jpg").read_bytes() == IMAGE
    assert 'src="../../../../images/uploads/2011/03/team.jpg"' in (
        output / "2011/03/01/hello-world/index.html"
    ).read_text(encoding="utf-8")


def test_downloaded_media_is_not_fetched_again(tmp_path, export):
    content = tmp_path / "content"
    import_wordpress(export, settings_for(content), download_media=True)
    fetched = list(_Handler.requests)
    again = import_wordpress(export, settings_for(content), download_media=True)
    assert _Handler.requests == fetched
    assert dict(again.tally.rows["attachments"].skipped) == {"already downloaded": 1, "unreachable": 1}
    assert again.written == 0


def test_without_the_option_nothing_is_fetched(tmp_path, export):
    report = import_wordpress(export, settings_for(tmp_path / "content"))
    assert _Handler.requests == []
    assert dict(report.tally.rows["attachments"].skipped) == {"not downloaded (--download-media fetches them)": 2}


def test_only_http_is_fetched_even_through_a_redirect(tmp_path, server):
    assert fetch("file:///etc/hostname", tmp_path / "a").error == "not an http(s) address"
    redirected = fetch(f"{server}/to-a-file", tmp_path / "b")
    assert redirected.error is not None and not (tmp_path / "b").exists()
    missing = fetch(f"{server}/nowhere.png", tmp_path / "c")
    assert missing.error == "HTTP 404 Not Found"


def test_a_slow_server_times_out(tmp_path, server):
    started = time.monotonic()
    slow = fetch(f"{server}/slow", tmp_path / "slow", timeout=0.3, attempts=1)
    assert "timed out" in slow.error
    assert time.monotonic() - started < 1.5
    assert list(Path(tmp_path).iterdir()) == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.example/wp-content/uploads/2012/08/pic.jpg", "images/uploads/2012/08/pic.jpg"),
        ("https://x.example/files/My%20Photo (1).png", "images/uploads/7-My-Photo-1-.png"),
        ("https://x.example/wp-content/uploads/../../etc/passwd", "images/uploads/etc/passwd"),
    ],
)
def test_local_names_stay_inside_images(url, expected):
    assert local_name(url, 7) == expected
