"""Stub pages and server rules, as text."""

from __future__ import annotations

from bs4 import BeautifulSoup

from plugins.redirects.generator import stub_file
from plugins.redirects.render import Resolved, htaccess, netlify, nginx_map, stub_html

RULES = [
    Resolved("/?p=12", "/2012/08/16/hello/", "Hello"),
    Resolved("/tag/caf%C3%A9/", "/tag/cafe/", "Café"),
    Resolved("/2012/old/", "/2012/08/16/café/", "Café post"),
]


def test_a_stub_sends_readers_and_search_engines_on():
    page = BeautifulSoup(stub_html("../new/", "https://site.example/new/", 'A <b> "title"'), "html.parser")
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../new/"
    assert page.find("link", rel="canonical")["href"] == "https://site.example/new/"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("a")["href"] == "../new/" and page.find("a").get_text() == 'A <b> "title"'
    assert page.find("b") is None


def test_apache_rules():
    assert htaccess(RULES).splitlines()[2:] == [
        "RewriteCond %{QUERY_STRING} ^(?=(?:.*&)?p=12(?:&|$))",
        "RewriteRule ^(index\\.php)?$ /2012/08/16/hello/? [R=301,L,NE]",
        "RewriteRule ^tag/café/?$ /tag/cafe/ [R=301,L,NE]",  # mod_rewrite matches the decoded path
        "RewriteRule ^2012/old/?$ /2012/08/16/caf\\%C3\\%A9/ [R=301,L,NE]",
    ]


def test_nginx_map():
    lines = nginx_map(RULES).splitlines()
    assert lines[3:] == [
        "map $request_uri $redirect_to {",
        '    default "";',
        '    "~*^/(index\\.php)?\\?(?=(?:.*&)?p=12(?:&|$))" "/2012/08/16/hello/";',
        '    "~*^/tag/caf%C3%A9/?(\\?.*)?$" "/tag/cafe/";',
        '    "~*^/2012/old/?(\\?.*)?$" "/2012/08/16/caf%C3%A9/";',
        "}",
    ]


def test_netlify_rules_hold_paths_only():
    assert netlify(RULES).splitlines()[1:] == [
        "/tag/caf%C3%A9/ /tag/cafe/ 301",
        "/2012/old/ /2012/08/16/caf%C3%A9/ 301",
    ]


def test_stub_files():
    assert stub_file("/2012/old/") == "2012/old/index.html"
    assert stub_file("/about") == "about/index.html"
    assert stub_file("/page.html") == "page.html"
    assert stub_file("/page.php") is None  # a static server would not serve it as a page
    assert stub_file("/") == "index.html"
