"""Markdown bodies to safe HTML, text and schema.org data."""

from datetime import UTC

import comrak
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from plugins.comments.render import BodyRenderer, might_autolink, schema_comments
from tests.comments.test_model import make


@pytest.fixture(scope="module")
def renderer():
    return BodyRenderer()


def test_markdown_readers_expect_is_rendered(renderer):
    html = renderer.html("Hello *there*,\nsecond line.\n\n> quoted\n\n- one\n- two\n\n`code` and ~~struck~~")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("em").get_text() == "there"
    assert soup.find("br") is not None  # a line break is a line break
    assert soup.find("blockquote").get_text(strip=True) == "quoted"
    assert [li.get_text() for li in soup.find_all("li")] == ["one", "two"]
    assert soup.find("code").get_text() == "code"
    assert soup.find("del").get_text() == "struck"


def test_links_keep_http_addresses_and_get_the_visitor_rel(renderer):
    soup = BeautifulSoup(
        renderer.html("[a](https://a.example/x) and https://b.example/ and [c](/local) and [d](ftp://d.example/)"),
        "html.parser",
    )
    links = soup.find_all("a")
    assert [a.get("href") for a in links] == ["https://a.example/x", "https://b.example/", None, None]
    assert all(a["rel"] == ["nofollow", "ugc", "noopener"] for a in links)


def always_autolinked(renderer, markdown: str) -> str:
    """The body rendered with the autolink extension on, whatever it holds: what html() must give."""
    rendered = comrak.render_markdown(markdown, extension_options=renderer._extensions, render_options=renderer._render)
    return renderer._cleaner.clean(rendered).strip()


@pytest.mark.parametrize(
    "markdown",
    ["see www.example.com today", "write to jane@example.com", "mailto:jane@example.com", "http://a.example/x",
     "ftp://f.example/", "xmpp:jane@example.com", "plain words, *emphasis* and [a](https://a.example/)",
     "write to jane&#64;example.com", "jane&commat;example.com", "jane&#x40;example.com"],
)  # fmt: skip
def test_bare_addresses_still_become_links(renderer, markdown):
    assert might_autolink(markdown)
    assert renderer.html(markdown) == always_autolinked(renderer, markdown)
    assert "<a " in renderer.html(markdown)  # (the sanitiser then keeps http(s) addresses only)


# Text made of what Markdown and addresses are made of: a body without "://", "@" or "www." must render
# as it does with the autolink extension on.
_PIECES = st.sampled_from(
    ["www", "WWW", "w", ".", ":", "/", "@", "http", "https", "ftp", "mailto", "xmpp", "example", "com", " ", "\n",
     "*", "_", "[", "]", "(", ")", "<", ">", "&", "`", "~", "#", "-", "1.", "é", "a", "b", "\n\n", "!", "\\",
     "&#64;", "&commat;", "&#x40;", "&#58;", "&#47;", "&#46;", ";"]
)  # fmt: skip


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_a_body_without_an_address_renders_as_with_autolinks(renderer, markdown):
    assume(not might_autolink(markdown))
    assert renderer.html(markdown) == always_autolinked(renderer, markdown)


def test_headings_images_and_unknown_tags_are_reduced_to_text(renderer):
    html = renderer.html("# Big\n\n![pic](https://a.example/p.png) <span class='x'>kept</span>")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(["h1", "img", "span"]) is None
    assert "Big" in soup.get_text() and "kept" in soup.get_text()


def test_allowed_inline_html_is_kept_without_its_attributes(renderer):
    html = renderer.html('<strong class="big" id="x">bold</strong> <abbr title="Net Promoter Score">NPS</abbr>')
    assert html == '<p><strong>bold</strong> <abbr title="Net Promoter Score">NPS</abbr></p>'


def test_text_is_the_words_without_markup(renderer):
    html = renderer.html("Fish & *chips* <3\n\nNext")
    assert renderer.text(html) == "Fish & chips <3\nNext"


def test_text_is_what_the_sanitiser_leaves_of_every_xss_vector(renderer):
    """The quick way to the words agrees with cleaning every tag away with the sanitiser itself."""
    import html as html_module
    import json
    from pathlib import Path

    import nh3

    from plugins.comments.render import DROPPED_WITH_CONTENT

    strip_all = nh3.Cleaner(tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT), link_rel=None)
    vectors = json.loads((Path(__file__).parent / "data" / "xss_vectors.json").read_text(encoding="utf-8"))
    bodies = [v["body"] for v in vectors] + ['<abbr title="a > b &quot;c&quot;">x</abbr> & <q>y</q>', "1 < 2 > 0"]
    assert len(bodies) > 100
    for body in bodies:
        safe = renderer.html(body)
        assert renderer.text(safe) == html_module.unescape(strip_all.clean(safe)).strip(), body


def test_render_fills_in_html_text_and_date_in_the_site_zone(renderer):
    from zoneinfo import ZoneInfo

    comment = make("a")
    renderer.render([comment], "%d %b %Y at %H:%M", ZoneInfo("Europe/Paris"))
    assert comment.html == "<p>x</p>" and comment.text == "x"
    assert comment.date_text == "17 Aug 2012 at 11:00"
    assert comment.date.utcoffset().total_seconds() == 7200


@pytest.mark.parametrize(
    "date_format",
    [
        "%-d %b %Y",
        "%A %d %B %Y",
        "%Y-%m-%d %H:%M",
        "%d %b %Y %Z",
        "%x",
        "%d %%H",
        "%c",
        "%s",
        "%d %H",
        "%d %z",
        "%d %p",
        "%-d %b %Y at %H:%M",
        "%H:%M:%S on %A",
        "%%H%H%%%M",
        "%Y %H%",
        "%d %OH",
    ],
)
def test_date_texts_remembered_per_day_are_what_strftime_gives(date_format):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    renderer = BodyRenderer()  # its own: what it remembers must not come from another test
    zone = ZoneInfo("America/New_York")
    start = datetime(2012, 3, 10, 22, 30, tzinfo=UTC)  # across a change to summer time there
    comments = [make(f"c{n}", minute=n * 97) for n in range(60)]
    for n, comment in enumerate(comments):
        comment.date = start + timedelta(minutes=n * 97, seconds=n * 7)
    renderer.render(comments, date_format, zone)
    assert [c.date_text for c in comments] == [c.date.astimezone(zone).strftime(date_format) for c in comments]
    assert len({c.date_text for c in comments}) > 1


def test_schema_nests_replies_under_their_parents():
    a, b, c = make("a", 0), make("b", 1, reply_to="a"), make("c", 2)
    for item in (a, b, c):
        item.text = f"text {item.id}"
        item.date = item.date.astimezone(UTC)
    b.url = "https://b.example/"
    schema = schema_comments([a, b, c], "https://blog.example/post/")
    assert [item["@id"] for item in schema] == [
        "https://blog.example/post/#comment-a",
        "https://blog.example/post/#comment-c",
    ]
    (reply,) = schema[0]["comment"]
    assert reply["author"] == {"@type": "Person", "name": "A", "url": "https://b.example/"}
    assert reply["text"] == "text b" and reply["datePublished"] == "2012-08-17T09:01:00+00:00"
    assert "comment" not in schema[1]


def test_schema_gives_each_commenter_one_person():
    first, second, other = make("a", 0), make("b", 1), make("c", 2)
    other.author = "B"
    people = [item["author"] for item in schema_comments([first, second, other], "https://blog.example/post/")]
    assert people[0] is people[1] and people[0] == {"@type": "Person", "name": "A"}
    assert people[2] == {"@type": "Person", "name": "B"}
