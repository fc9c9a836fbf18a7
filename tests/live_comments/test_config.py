"""The server's configuration and the settings it is made from."""

from __future__ import annotations

from configparser import ConfigParser
from pathlib import Path

import pytest

from plugins.live_comments.config import server_config
from plugins.live_comments.errors import LiveCommentsError
from plugins.live_comments.settings import IssoSettings


def parsed(text: str) -> ConfigParser:
    config = ConfigParser(interpolation=None)
    config.read_string(text)
    return config


def test_defaults_moderate_and_allow_the_site():
    settings = IssoSettings.from_pelican({"SITEURL": "https://blog.example/", "ISSO_URL": "https://c.example/"})
    config = parsed(server_config(settings, Path("/srv/isso/comments.db")))
    assert config["general"]["dbpath"] == "/srv/isso/comments.db"
    assert config["general"]["host"].split() == ["https://blog.example"]
    assert config["moderation"]["enabled"] == "true"
    assert config["server"]["listen"] == "http://127.0.0.1:8080/"
    assert config["server"]["public-endpoint"] == "https://c.example"
    assert config["server"]["trusted-proxies"] == "127.0.0.1"
    assert config["rss"]["base"] == "https://blog.example"
    assert config["guard"]["enabled"] == "true"
    assert config["admin"]["enabled"] == "false"


def test_local_preview_uses_the_feed_domain_and_extra_hosts():
    settings = IssoSettings.from_pelican(
        {
            "SITEURL": "",
            "FEED_DOMAIN": "http://127.0.0.1:8000",
            "ISSO_HOSTS": ["https://www.blog.example/"],
            "ISSO_MODERATION": False,
            "ISSO_ADMIN_PASSWORD": "s3cret",
            "ISSO_URL": "/isso/",
        }
    )
    config = parsed(server_config(settings, Path("c.db"), listen="http://127.0.0.1:9999/"))
    assert config["general"]["host"].split() == ["http://127.0.0.1:8000", "https://www.blog.example"]
    assert config["moderation"]["enabled"] == "false"
    assert config["server"]["listen"] == "http://127.0.0.1:9999/"
    assert "public-endpoint" not in config["server"]  # a path: Isso sits behind the site's own proxy
    assert config["admin"]["enabled"] == "true" and config["admin"]["password"] == "s3cret"


def test_no_isso_url_means_off():
    assert not IssoSettings.from_pelican({}).enabled
    assert IssoSettings.from_pelican({"ISSO_URL": "https://c.example/"}).enabled


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"ISSO_URL": "javascript:alert(1)"}, "settings: ISSO_URL: 'javascript:alert(1)' is not an http(s) address"),
        ({"ISSO_URL": "//c.example/"}, "settings: ISSO_URL: '//c.example/' is not an http(s) address"),
        (
            {"ISSO_URL": 'https://c.example/"><script>'},
            "settings: ISSO_URL: 'https://c.example/\"><script>' contains quotes",
        ),
        (
            {"ISSO_LISTEN": "127.0.0.1:8080"},
            "settings: ISSO_LISTEN: '127.0.0.1:8080' is not an http://host:port/ address",
        ),
        ({"ISSO_RATELIMIT": 0}, "settings: ISSO_RATELIMIT: 0 is not a whole number of 1 or more"),
        ({"ISSO_HOSTS": ["blog.example"]}, "settings: ISSO_HOSTS: 'blog.example' is not an http(s) address"),
    ],
)
def test_bad_settings_are_one_line_each(settings, expected):
    with pytest.raises(LiveCommentsError) as caught:
        IssoSettings.from_pelican(settings)
    assert len(caught.value.problems) == 1
    assert str(caught.value.problems[0]).startswith(expected)


def test_a_bad_isso_url_stops_the_build(content, build):
    from plugins.publisher.errors import PublishError

    with pytest.raises(PublishError) as caught:
        build(content, ISSO_URL="ftp://c.example/")
    assert any("ISSO_URL" in line for line in caught.value.problems)
