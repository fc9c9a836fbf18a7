"""The checks a site must pass before it is published."""

from pathlib import Path

import pytest

from plugins.publisher.sitecheck import broken_feeds, broken_links, check_site, resolve


@pytest.mark.parametrize(
    ("url", "page", "expected"),
    [
        ("/tags/", "2012/01/01/a/index.html", "tags/index.html"),
        ("../../b/", "2012/01/01/a/index.html", "2012/01/b/index.html"),
        ("theme/css/main.css", "index.html", "theme/css/main.css"),
        ("https://site.example/tag/x/", "index.html", "tag/x/index.html"),
        ("https://site.example", "index.html", "index.html"),
        ("https://other.example/x", "index.html", None),
        ("//cdn.example/x.js", "index.html", None),
        ("#comments", "a/index.html", "a/index.html"),
        ("/caf%C3%A9/", "index.html", "café/index.html"),
    ],
)
def test_resolve_maps_urls_to_site_files(url, page, expected):
    assert resolve(url, page, "https://site.example") == expected


def site(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_broken_internal_links_and_assets_are_listed_once_with_the_first_page(tmp_path):
    root = site(
        tmp_path,
        {
            "index.html": '<a href="/a/">a</a><a href="/gone/">g</a><img alt="" src="/img/x.png"><a href="http://x.example/">x</a>',
            "a/index.html": '<a href="../gone/">g</a><link rel="stylesheet" href="/css/main.css"><a href="mailto:x@y">m</a>',
            "css/main.css": "body{}",
        },
    )
    assert broken_links(root) == [
        "gone/index.html: missing; a/index.html links to '../gone/' (and 1 more links)",
        "img/x.png: missing; index.html links to '/img/x.png'",
    ]


def test_a_feed_that_does_not_parse_is_reported(tmp_path):
    root = site(
        tmp_path,
        {
            "feeds/good.atom.xml": '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            "<id>x</id><updated>2012-01-01T00:00:00Z</updated></feed>",
            "feeds/bad.atom.xml": '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>',
        },
    )
    problems = broken_feeds(root)
    assert len(problems) == 1 and problems[0].startswith("feeds/bad.atom.xml: not a valid feed")


def test_a_feed_entry_without_id_title_link_or_date_is_reported(tmp_path):
    entries = (
        "<entry><id>urn:a</id><title>Complete</title><link href='https://site.example/a/'/>"
        "<updated>2012-01-01T00:00:00Z</updated></entry>"
        "<entry><title>No id or date</title><link href='https://site.example/b/'/></entry>"
        "<entry><id>urn:c</id><link href='https://site.example/c/'/><updated>2012-01-02T00:00:00Z</updated></entry>"
    )
    root = site(
        tmp_path,
        {
            "feeds/all.atom.xml": '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            f"<id>x</id><updated>2012-01-01T00:00:00Z</updated>{entries}</feed>",
        },
    )
    assert broken_feeds(root) == [
        "feeds/all.atom.xml: entry 'No id or date' has no id, date",
        "feeds/all.atom.xml: entry 'https://site.example/c/' has no title",
    ]


def test_a_missing_article_or_home_page_fails_the_check(tmp_path):
    assert check_site(tmp_path) == [f"{tmp_path}: no index.html; the build wrote no home page"]
    root = site(tmp_path, {"index.html": "<p>home</p>"})
    assert check_site(root, ["2012/01/01/a/index.html"]) == [
        "2012/01/01/a/index.html: an article or page was not written"
    ]


def test_the_shipped_site_passes_every_check(shipped_site):
    assert check_site(shipped_site, siteurl="https://serviceculture.example") == []
