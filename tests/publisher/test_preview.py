"""The local server that previews a built site like a static host."""

import urllib.error
import urllib.request

import pytest

from plugins.publisher.preview import SiteServer


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers.get("Cache-Control", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Cache-Control", ""), error.read()


def test_the_address_is_known_before_the_site_is_built(tmp_path):
    root = tmp_path / "output"
    with SiteServer(root) as server:
        assert server.url.startswith("http://127.0.0.1:")
        root.mkdir()
        (root / "index.html").write_text("<p>home</p>")
        assert get(server.url + "/") == (200, "no-store", b"<p>home</p>")


def test_a_missing_page_gets_the_sites_404_page_and_status(tmp_path):
    (tmp_path / "404.html").write_text("<p>not here</p>")
    (tmp_path / "feeds").mkdir()
    with SiteServer(tmp_path) as server:
        assert get(server.url + "/no/such/page/") == (404, "no-store", b"<p>not here</p>")
        assert get(server.url + "/feeds/")[0:1] == (404,)  # folders are not listed


def test_without_a_404_page_the_server_answers_a_plain_404(tmp_path):
    with SiteServer(tmp_path) as server:
        status, _, body = get(server.url + "/missing.html")
    assert status == 404 and b"404" in body


def test_the_server_stops_listening_when_closed(tmp_path):
    with SiteServer(tmp_path) as server:
        url = server.url
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "/", timeout=2)
