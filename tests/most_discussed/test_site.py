"""The "Most discussed" lists in a built site: the home page and the tag archives."""

from __future__ import annotations

from bs4 import BeautifulSoup

from tests.conftest import post, write_post


def comments(content, slug: str, count: int) -> None:
    folder = content / "comments" / slug
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"c{number}.md").write_text(
            f"Author: Reader {number}\nDate: 2012-09-0{number % 9 + 1} 10:00\nStatus: approved\n\nWell said.\n",
            encoding="utf-8",
        )


def listed(page) -> list[tuple[str, str]]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    box = soup.select_one(".most-discussed")
    if box is None:
        return []
    return [(li.a.get_text(), li.select_one(".count").get_text()) for li in box.select("li")]


def blog(content) -> None:
    write_post(content, "a.md", post("Alpha <b>bold</b> & co", "2012-08-01 09:00", "service", slug="alpha"))
    write_post(content, "b.md", post("Bravo", "2012-08-02 09:00", "service, culture", slug="bravo"))
    write_post(content, "c.md", post("Charlie", "2012-08-03 09:00", "culture", slug="charlie"))
    write_post(content, "d.md", post("Delta", "2012-08-04 09:00", "culture", slug="delta"))
    comments(content, "alpha", 2)
    comments(content, "bravo", 3)
    comments(content, "charlie", 2)


def test_home_and_tag_pages_list_the_most_discussed_posts(content, build):
    blog(content)
    output = build(content)
    # Most first; a tie goes by slug; posts without comments never appear; titles are text, escaped.
    assert listed(output / "index.html") == [
        ("Bravo", "(3 comments)"),
        ("Alpha bold & co", "(2 comments)"),
        ("Charlie", "(2 comments)"),
    ]
    assert "<b>bold</b>" not in (output / "index.html").read_text(encoding="utf-8").split("most-discussed")[1]
    assert listed(output / "tag" / "service" / "index.html") == [
        ("Bravo", "(3 comments)"),
        ("Alpha bold & co", "(2 comments)"),
    ]
    assert listed(output / "tag" / "culture" / "index.html") == [("Bravo", "(3 comments)"), ("Charlie", "(2 comments)")]


def test_the_list_follows_the_setting_and_needs_comments(content, build):
    blog(content)
    assert len(listed(build(content, MOST_DISCUSSED_COUNT=1) / "index.html")) == 1
    assert listed(build(content, MOST_DISCUSSED_COUNT=0) / "index.html") == []


def test_no_list_without_comments(content, build):
    write_post(content, "a.md", post("Alpha", "2012-08-01 09:00", "service", slug="alpha"))
    output = build(content)
    assert listed(output / "index.html") == [] and listed(output / "tag" / "service" / "index.html") == []


def test_only_the_first_page_of_a_listing_has_the_list(content, build):
    blog(content)
    output = build(content, DEFAULT_PAGINATION=2)
    assert listed(output / "index.html")
    assert listed(output / "page" / "2" / "index.html") == []
