"""The roll-call table from the theme's template, and where it goes in a post."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader

from plugins.rollcall.model import Event, Participant, roll_call
from plugins.rollcall.render import insert_rollcall, render_table
from tests.conftest import ROOT

REL = "nofollow ugc noopener"


@pytest.fixture(scope="module")
def env() -> Environment:
    # Pelican's own environment: no autoescaping, so the template must escape.
    return Environment(loader=FileSystemLoader(str(ROOT / "theme" / "templates")))


def make_event(*rows: Participant, kind: str = "blogfest") -> Event:
    return Event("fest", "fest.yml", "Fest <2011>", kind, date(2011, 10, 25), date(2011, 10, 25), tuple(rows))


def table(env, event: Event, own=()) -> BeautifulSoup:
    html = render_table(env, event, roll_call(event, own), {"rollcall_rel": REL})
    return BeautifulSoup(html, "html.parser")


def test_the_table_has_a_caption_header_cells_with_scope_and_one_row_per_person(env):
    soup = table(
        env,
        make_event(
            Participant("Ann Archer", 1, blog="Archer Notes", url="https://archer.example.com/"),
            Participant("Ben Baker", 2, blog="Baker Blog"),
            Participant("Ann Archer", 3, blog="Archer Two", url="https://two.example.com/"),
        ),
    )
    assert soup.caption.get_text(" ", strip=True) == "Fest <2011>: the roll-call (2 participants, 3 blogs)"
    assert [(th.get_text(), th["scope"]) for th in soup.thead.find_all("th")] == [
        ("Participant", "col"),
        ("Blog", "col"),
    ]
    rows = soup.tbody.find_all("tr")
    assert [r.th["scope"] for r in rows] == ["row", "row"]
    assert [r.th.get_text(strip=True) for r in rows] == ["Ann Archer", "Ben Baker"]
    assert [li.get_text(strip=True) for li in rows[0].find_all("li")] == ["Archer Notes", "Archer Two"]
    assert [(a["href"], a["rel"]) for a in rows[0].find_all("a")] == [
        ("https://archer.example.com/", REL.split()),
        ("https://two.example.com/", REL.split()),
    ]
    # No URL, no link.
    assert rows[1].td.get_text(strip=True) == "Baker Blog" and rows[1].find("a") is None


def test_participant_text_is_escaped_everywhere(env):
    evil = Participant(
        "<script>alert(1)</script>",
        1,
        blog='"><img src=x onerror=alert(2)>',
        url='https://evil.example.com/?q="><script>alert(3)</script>',
        post="https://evil.example.com/p",
        title="<b>bold</b>",
    )
    html = render_table(env, make_event(evil), roll_call(make_event(evil)), {"rollcall_rel": REL})
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None and soup.find("b") is None
    assert soup.tbody.th.get_text() == "<script>alert(1)</script>"
    links = soup.tbody.find_all("a")
    assert links[0]["href"] == 'https://evil.example.com/?q="><script>alert(3)</script>'
    assert links[0].get_text() == '"><img src=x onerror=alert(2)>'
    assert links[1].get_text() == "<b>bold</b>"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_known_post_is_linked_after_the_blog(env):
    soup = table(
        env,
        make_event(
            Participant("Ann", 1, blog="Notes", url="https://a.example.com/", post="https://a.example.com/p/"),
            Participant("Bo", 2, blog="Bo's", url="https://b.example.com/", post="https://b.example.com/q/", title="Q"),
        ),
    )
    posts = [(a["href"], a.get_text()) for a in soup.select("a.rollcall-post")]
    assert posts == [("https://a.example.com/p/", "Read the post"), ("https://b.example.com/q/", "Q")]


def test_this_sites_row_is_marked(env):
    soup = table(
        env,
        make_event(
            Participant("Morgan Hale", 1, blog="Service Culture Notes", url="https://serviceculture.example/"),
            Participant("Ann Archer", 2, blog="Archer Notes", url="https://archer.example.com/"),
        ),
        own=["https://serviceculture.example/"],
    )
    own = soup.select("tr.rollcall-own")
    assert len(own) == 1 and own[0].th.get_text(" ", strip=True) == "Morgan Hale (this blog)"


def test_a_carnival_lists_its_posts_with_their_blogs(env):
    soup = table(
        env,
        make_event(
            Participant(
                "Ann", 1, blog="Notes", url="https://a.example.com/", post="https://a.example.com/p/", title="P"
            ),
            Participant(
                "Ann", 2, blog="Notes", url="https://a.example.com/", post="https://a.example.com/q/", title="Q"
            ),
            Participant("Bo", 3, post="https://b.example.com/r/"),
            kind="carnival",
        ),
    )
    assert soup.caption.get_text(" ", strip=True) == "Fest <2011>: the participating posts (2 participants, 3 posts)"
    assert soup.thead.find_all("th")[1].get_text() == "Post"
    assert [li.get_text(" ", strip=True) for li in soup.tbody.find_all("li")] == ["P on Notes", "Q on Notes"]
    assert soup.tbody.find_all("tr")[1].td.get_text(" ", strip=True) == "Read the post on b.example.com"


ARTICLE = "<p>Intro.</p>\n<p>[rollcall]</p>\n<p>Outro with <code>[rollcall]</code>.</p>"


def test_the_marker_paragraph_is_replaced():
    html = insert_rollcall(ARTICLE, "<table><caption>T</caption></table>", "[rollcall]")
    soup = BeautifulSoup(html, "html.parser")
    assert [c.name for c in soup.find_all(["p", "table"], recursive=False)] == ["p", "table", "p"]
    assert soup.find_all("p")[-1].code.get_text() == "[rollcall]"  # a code span showing the marker stays


def test_every_marker_is_replaced():
    html = insert_rollcall("<p>[rollcall]</p><p>x</p><p> [rollcall] </p>", "<table></table>", "[rollcall]")
    assert html == "<table></table><p>x</p><table></table>"


def test_without_a_marker_the_table_goes_at_the_end():
    html = insert_rollcall("<p>Intro.</p>\n<p>About [rollcall] markers.</p>", "<table></table>", "[rollcall]")
    assert html == "<p>Intro.</p>\n<p>About [rollcall] markers.</p>\n<table></table>"


def test_a_marker_paragraph_with_attributes_or_spaces_is_replaced_and_the_rest_kept_as_written():
    html = insert_rollcall(
        '<p class="note">\n  [rollcall]\n</p>\n<p>A&amp;B<br />\n</p>', "<table></table>", "[rollcall]"
    )
    assert html == "<table></table>\n<p>A&amp;B<br />\n</p>"


def test_a_marker_with_characters_markdown_escapes_is_found():
    assert insert_rollcall("<p>[roll &amp; call]</p>", "<table></table>", "[roll & call]") == "<table></table>"


def test_a_preformatted_block_or_a_longer_paragraph_is_not_a_marker():
    html = "<pre>[rollcall]</pre>\n<p>[rollcall] and more</p>"
    assert insert_rollcall(html, "<table></table>", "[rollcall]") == html + "\n<table></table>"
