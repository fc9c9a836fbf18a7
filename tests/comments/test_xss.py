"""Known XSS vectors as comment bodies and author names: none survives as executable
markup in the built page or in the comment feeds.

The vectors (tests/comments/data/xss_vectors.json) follow the classic filter
evasion list: encoded ``javascript:`` schemes, broken tags, SVG and MathML
tricks, attribute injection, unicode and null-byte tricks, plus Markdown's
own ways of making links. Pages are parsed twice, by Python's HTML parser and
by html5lib (which parses the way browsers do), and every tag and attribute
is checked.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from plugins.comments.render import ALLOWED_TAGS
from plugins.publisher import build_site
from tests.comments.files import comment, write_comment
from tests.conftest import ROOT, post, write_post

VECTORS = json.loads((Path(__file__).parent / "data" / "xss_vectors.json").read_text(encoding="utf-8"))
NAMES = [v for v in VECTORS if "\n" not in v["body"] and "\x00" not in v["body"]][:40]
SLUG = "xss"
PAGE = "2012/08/16/xss/index.html"
SITEURL = "https://blog.example"
PARSERS = ("html.parser", "html5lib")
# Never acceptable in a page of this site.
DANGEROUS_TAGS = {
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "base",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "template",
    "noscript",
    "xmp",
    "img",
    "video",
    "audio",
    "source",
    "bgsound",
    "marquee",
    "isindex",
    "meta",
    "link",
}
HEAD_ONLY = {"meta", "link", "script"}  # the theme's own, checked separately
BAD_SCHEMES = ("javascript:", "data:", "vbscript:", "livescript:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "cite", "background", "poster", "xlink:href", "srcset"}


def normalised(value: str) -> str:
    """An attribute value as a browser compares schemes: no whitespace or control characters, lower case."""
    return "".join(
        c for c in value if not (c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Zs"))
    ).lower()


def executable_markup(soup: BeautifulSoup, in_comment: bool) -> list[str]:
    found = []
    for tag in soup.find_all(True):
        where = f"<{tag.name}>"
        if tag.name in DANGEROUS_TAGS and not (tag.name in HEAD_ONLY and tag.find_parent("head")):
            found.append(f"{where} tag")
        if in_comment and tag.name not in ALLOWED_TAGS:
            found.append(f"{where} is not an allowed comment tag")
        for name, value in tag.attrs.items():
            values = value if isinstance(value, list) else [value]
            name = name.lower()
            if name.startswith("on"):
                found.append(f"{where} event handler {name}")
            if name in ("style", "srcdoc", "formaction"):
                found.append(f"{where} {name} attribute")
            for item in values:
                plain = normalised(item)
                if plain.startswith(BAD_SCHEMES):
                    found.append(f"{where} {name}={item!r}")
                if in_comment and name in URL_ATTRIBUTES and not plain.startswith(("http://", "https://")):
                    found.append(f"{where} {name}={item!r} is not an http(s) address")
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("xss")
    content = root / "content"
    write_post(content, "xss.md", post("Vectors", slug=SLUG))
    for number, vector in enumerate(VECTORS):
        write_comment(content, SLUG, f"v{number:03d}", comment(f"Reader {number}", "2012-08-17 09:00", vector["body"]))
    for number, vector in enumerate(NAMES):
        url = "https://reader.example/" if number % 2 else None  # names are shown with and without a link
        write_comment(content, SLUG, f"n{number:03d}", comment(vector["body"], "2012-08-17 10:00", "Plain.", url=url))
    (content / "pages").mkdir()
    output = root / "output"
    build_site(
        ROOT / "pelicanconf.py", output, PATH=str(content), SITEURL=SITEURL, FEED_DOMAIN=SITEURL, RELATIVE_URLS=False
    )
    return output


def test_there_are_enough_vectors():
    assert len(VECTORS) >= 60
    assert len({v["name"] for v in VECTORS}) == len(VECTORS)


@pytest.fixture(scope="module", params=PARSERS)
def page(request, site) -> BeautifulSoup:
    return BeautifulSoup((site / PAGE).read_text(encoding="utf-8"), request.param)


@pytest.mark.parametrize("number", range(len(VECTORS)), ids=[v["name"] for v in VECTORS])
def test_no_vector_survives_in_its_comment(page, number):
    item = page.find(id=f"comment-v{number:03d}")
    assert item is not None, "the comment is shown, not dropped"
    body = item.select_one(".comment-content")
    assert executable_markup(body, in_comment=True) == []
    assert item.select_one(".comment-author").get_text() == f"Reader {number}"


@pytest.mark.parametrize("number", range(len(NAMES)), ids=[v["name"] for v in NAMES])
def test_a_vector_as_an_author_name_is_shown_as_text(page, number):
    item = page.find(id=f"comment-n{number:03d}")
    author = item.select_one(".comment-author")
    if number % 2:
        author = author.find("a", recursive=False)
        assert author["href"] == "https://reader.example/"
    assert author.find(True) is None, "no markup inside the name"
    visible = "".join(c for c in NAMES[number]["body"] if c >= " " or c == "\t")  # control characters go
    assert author.get_text() == " ".join(visible.split())


def test_nothing_executable_anywhere_on_the_page(page):
    assert executable_markup(page, in_comment=False) == []
    scripts = page.find_all("script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    data = json.loads(scripts[0].string)
    assert data["commentCount"] == len(VECTORS) + len(NAMES)
    assert "<" not in scripts[0].string, "structured data cannot close its script element"


def test_nothing_executable_in_the_comment_feeds(site):
    atom = "{http://www.w3.org/2005/Atom}"
    for name in ("comments.atom.xml", f"comments/{SLUG}.atom.xml"):
        tree = ElementTree.parse(site / "feeds" / name)
        contents = [entry.find(f"{atom}content").text or "" for entry in tree.getroot().iter(f"{atom}entry")]
        assert contents
        for html in contents:
            assert executable_markup(BeautifulSoup(html, "html5lib").body, in_comment=False) == []
