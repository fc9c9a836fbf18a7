"""Sites built for real and read back: roll-calls in posts, event pages, the index, the feed, and bad files."""

import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup

from plugins.publisher import PublishError, build_site, check_site
from tests.conftest import ROOT, post, write_post

DATA = Path(__file__).parent / "data"
SITEURL = "https://serviceculture.example"
REL = ["nofollow", "ugc", "noopener"]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def add_events(content: Path, *names: str, folder: Path = DATA / "editions") -> Path:
    target = content / "blogfests"
    target.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(folder / name, target / name)
    return target


@pytest.fixture
def two_editions(content: Path) -> Path:
    """Two editions of one blogfest, a post for each, a draft, and a post outside any blogfest."""
    add_events(content, "testfest-2011.yml", "testfest-2012.yml")
    write_post(
        content,
        "fest-2011.md",
        post("Small shops 2011", date="2011-10-25 08:00", extra="Blogfest: testfest-2011\n", body="No marker here."),
    )
    write_post(
        content,
        "fest-2012.md",
        post(
            "Small shops 2012",
            date="2012-10-23 08:00",
            extra="Blogfest: testfest-2012\n",
            body="Before.\n\n[rollcall]\n\nAfter the roll-call.",
        ),
    )
    write_post(content, "draft.md", post("Draft", date="2012-10-24", extra="Blogfest: testfest-2012\nStatus: draft\n"))
    write_post(content, "other.md", post("Other", date="2012-11-01"))
    return content


def roll_call_rows(page: Path) -> list:
    return soup(page).select("main table.rollcall tbody tr")


# -- the shipped site ------------------------------------------------------------


def shipped_event(slug: str) -> dict:
    return yaml.safe_load((ROOT / "content" / "blogfests" / f"{slug}.yml").read_text(encoding="utf-8"))


def test_the_shipped_blogfest_post_has_the_full_2011_roll_call(shipped_site):
    participants = shipped_event("bathroom-blogfest-2011")["participants"]
    assert len(participants) == 34
    page = shipped_site / "2011" / "10" / "25" / "what-your-bathroom-says-about-your-brand" / "index.html"
    rows = roll_call_rows(page)
    people = {p["name"] for p in participants}
    assert len(rows) == len(people) == 32  # Christine B. Whittemore's three blogs are one entry
    assert sorted(r.th.get_text(strip=True) for r in rows) == sorted(people)

    shown = set()
    for tr in rows:
        name = tr.th.get_text(strip=True)
        items = tr.find_all("li") or [tr.td]
        for item in items:
            link = item.find("a")
            shown.add((name, item.get_text(strip=True), link["href"] if link else None))
            if link:
                assert link["rel"] == REL
    assert shown == {(p["name"], p["blog"], p.get("url")) for p in participants}

    whittemore = next(r for r in rows if r.th.get_text(strip=True) == "Christine B. Whittemore")
    assert [li.get_text(strip=True) for li in whittemore.find_all("li")] == [
        "Content Talks Business Blog",
        "Smoke Rise & Kinnelon Blog",
        "Simple Marketing Blog",
    ]
    surnames = [r.th.get_text(strip=True).split(" & ")[0].split()[-1] for r in rows]
    assert surnames[:3] == ["Abbott", "Anater", "Bilby"] and surnames[-1] == "Yohn"
    assert surnames == sorted(surnames)

    # In place of the marker: after the invitation to visit the others, before the closing question.
    content = soup(page).select_one(".post-content")
    table = content.find("table", class_="rollcall")
    assert "visit the participants listed below" in table.find_previous_sibling("p").get_text()
    assert table.find_next_sibling("p").get_text().startswith("What is the best, or worst, restroom")
    assert "[rollcall]" not in content.get_text()
    assert not soup(page).select("tr.rollcall-own")  # this blog was not on the 2011 roster


def test_the_shipped_carnival_post_lists_the_posts_and_marks_this_blog(shipped_site):
    participants = shipped_event("social-roi-carnival-2012")["participants"]
    page = shipped_site / "2012" / "01" / "17" / "social-roi-blog-carnival-start-with-the-customer" / "index.html"
    table = soup(page).select_one("main table.rollcall-carnival")
    assert {a["href"] for a in table.select("a.rollcall-post")} == {p["post"] for p in participants}
    own = table.select("tr.rollcall-own")
    assert len(own) == 1 and own[0].th.get_text(" ", strip=True) == "Morgan Hale (this blog)"
    meta = soup(page).select_one(".post-meta")
    assert meta.find("a", string="Social ROI Blog Carnival")["href"] == f"{SITEURL}/blogfests/social-roi-carnival-2012/"


def test_the_shipped_event_pages_index_feed_and_menu(shipped_site):
    index = soup(shipped_site / "blogfests" / "index.html")
    rows = {r.th.get_text(strip=True): r.select_one("td.participants").get_text(strip=True) for r in index.tbody("tr")}
    assert rows == {"Bathroom Blogfest 2011": "32 (34 blogs)", "Social ROI Blog Carnival": "4 (5 posts)"}
    event = soup(shipped_site / "blogfests" / "bathroom-blogfest-2011" / "index.html")
    assert event.h1.get_text() == "Bathroom Blogfest 2011"
    assert "organised by Christine B. Whittemore" in event.select_one(".post-meta:not(:first-child)").get_text()
    assert len(event.select("table.rollcall tbody tr")) == 32
    assert [a["href"] for a in event.select("#our-posts ~ ul a")] == [
        f"{SITEURL}/2011/10/25/what-your-bathroom-says-about-your-brand/"
    ]
    feed = feedparser.parse((shipped_site / "feeds" / "blogfests.atom.xml").read_bytes())
    assert not feed.bozo
    assert [e.link for e in feed.entries] == [
        f"{SITEURL}/2012/01/17/social-roi-blog-carnival-start-with-the-customer/",
        f"{SITEURL}/2011/10/25/what-your-bathroom-says-about-your-brand/",
    ]
    home = soup(shipped_site / "index.html")
    assert home.find("nav").find("a", string="Blogfests")["href"] == f"{SITEURL}/blogfests/"
    sitemap = (shipped_site / "sitemap.xml").read_text()
    assert f"<loc>{SITEURL}/blogfests/bathroom-blogfest-2011/</loc>" in sitemap


# -- a site with two editions ------------------------------------------------------


def test_event_pages_index_and_history_of_two_editions(two_editions, build):
    output = build(two_editions)
    page = soup(output / "blogfests" / "testfest-2012" / "index.html")
    assert page.h1.get_text() == "Testfest 2012"
    assert [tr.th.get_text(strip=True) for tr in page.select("table.rollcall tbody tr")] == [
        "Ann Archer",
        "Benjamin Baker",
        "Eve Evans",
        "Fay Fox",
    ]
    # This blog's published posts only: no draft.
    assert [a.get_text() for a in page.select("#our-posts ~ ul a")] == ["Small shops 2012"]

    history = page.select_one("table.blogfest-history")
    cells = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in history.tbody("tr")]
    assert cells == [
        ["Testfest 2011", "25 Oct 2011", "4", "first edition"],
        ["Testfest 2012", "23 Oct 2012", "4", "2", "2", "2"],
    ]
    assert history.tbody("tr")[1]["aria-current"] == "page"
    assert history.find("a", string="Testfest 2011")["href"] == "../../blogfests/testfest-2011/"

    def names(section: str) -> list[str]:
        return [li.get_text() for li in page.select(f"ul[aria-labelledby=history-{section}] li")]

    assert names("returned") == ["Ann Archer", "Benjamin Baker"]
    assert names("joined") == ["Eve Evans", "Fay Fox"]
    assert names("left") == ["Cy Cole", "Dee Dunn"]

    older = soup(output / "blogfests" / "testfest-2011" / "index.html")
    assert older.select_one("table.blogfest-history").find("a", string="Testfest 2012")
    assert not older.select("ul[aria-labelledby=history-joined]")  # nothing to compare the first edition with

    index = soup(output / "blogfests" / "index.html")
    assert [
        (r.th.get_text(strip=True), r.select_one("td.participants").get_text(strip=True)) for r in index.tbody("tr")
    ] == [
        ("Testfest 2012", "4"),
        ("Testfest 2011", "4"),
    ]
    # Local preview: relative links, and every one of them resolves.
    assert check_site(output) == []


def test_the_roll_call_goes_at_the_marker_or_at_the_end(two_editions, build):
    output = build(two_editions)
    marked = soup(output / "2012" / "10" / "23" / "small-shops-2012" / "index.html").select_one(".post-content")
    assert [child.name for child in marked.find_all(recursive=False)] == ["p", "table", "p"]
    assert marked.find_all("p")[-1].get_text() == "After the roll-call."
    unmarked = soup(output / "2011" / "10" / "25" / "small-shops-2011" / "index.html").select_one(".post-content")
    assert [child.name for child in unmarked.find_all(recursive=False)] == ["p", "table"]
    assert len(unmarked.select("table.rollcall tbody tr")) == 4
    draft = soup(output / "drafts" / "draft" / "index.html")
    assert len(draft.select("table.rollcall tbody tr")) == 4  # a draft previews its roll-call too


def test_the_feed_holds_this_blogs_published_blogfest_posts(two_editions, build):
    output = build(two_editions)
    feed = feedparser.parse((output / "feeds" / "blogfests.atom.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.title == "Service Culture Notes - Blogfests"
    assert [e.title for e in feed.entries] == ["Small shops 2012", "Small shops 2011"]
    assert "Eve Evans" in feed.entries[0].content[0].value  # the entry carries the roll-call
    head = soup(output / "blogfests" / "index.html").head
    assert head.find("link", title="Service Culture Notes · Blogfests (Atom feed)")["href"] == (
        "http://127.0.0.1:8000/feeds/blogfests.atom.xml"
    )


def test_a_site_without_blogfests_has_an_empty_index_and_no_feed(content, build):
    write_post(content, "one.md", post("One"))
    output = build(content)
    assert "No blogfests yet." in soup(output / "blogfests" / "index.html").main.get_text()
    assert not (output / "feeds" / "blogfests.atom.xml").exists()
    assert check_site(output) == []


def test_participant_text_shows_as_text_on_every_page(content, build):
    (content / "blogfests").mkdir()
    (content / "blogfests" / "evil.yml").write_text(
        "name: <i>Evil</i> fest\ndate: 2012-01-01\ntheme: <script>alert('theme')</script>\n"
        "participants:\n  - name: <script>alert(1)</script>\n    blog: <b>bold</b>\n    url: https://evil.example.com/\n",
        encoding="utf-8",
    )
    write_post(content, "evil.md", post("Evil", extra="Blogfest: evil\n"))
    output = build(content)
    for page in (output / "2012" / "08" / "16" / "evil" / "index.html", output / "blogfests" / "evil" / "index.html"):
        main = soup(page).main
        assert main.find("script") is None and main.find("b") is None and main.find("i") is None, page
        assert main.select_one("table.rollcall tbody th").get_text() == "<script>alert(1)</script>"
        assert main.select_one("table.rollcall tbody a").get_text() == "<b>bold</b>"
    assert soup(output / "blogfests" / "evil" / "index.html").h1.get_text() == "<i>Evil</i> fest"


@pytest.mark.parametrize(
    ("settings_file", "overrides", "marked"),
    [
        ("pelicanconf.py", {"ROLLCALL_OWN_URLS": ["https://baker.example.com"]}, ["Benjamin Baker"]),
        ("pelicanconf.py", {"ROLLCALL_OWN_URLS": []}, []),
        ("publishconf.py", {"ROLLCALL_OWN_URLS": [], "SITEURL": "http://fox.example.com"}, ["Fay Fox"]),
    ],
)
def test_this_sites_row_is_marked_from_the_settings(two_editions, build, settings_file, overrides, marked):
    output = build(two_editions, settings_file, **overrides)
    page = output / "2012" / "10" / "23" / "small-shops-2012" / "index.html"
    own = soup(page).select("tr.rollcall-own")
    assert [tr.th.get_text(" ", strip=True) for tr in own] == [f"{name} (this blog)" for name in marked]


# -- bad input stops the build before anything is written ----------------------------


def build_problems(content: Path, output: Path, **kwargs) -> list[str]:
    with pytest.raises(PublishError) as raised:
        build_site(ROOT / "pelicanconf.py", output, PATH=str(content), **kwargs)
    return raised.value.problems


def test_a_bad_event_file_stops_the_build_before_anything_is_written(two_editions, tmp_path):
    add_events(two_editions, "javascript-url.yml", folder=DATA / "bad")
    output = tmp_path / "output"
    assert build_problems(two_editions, output) == [
        "content/blogfests/javascript-url.yml:9: participants[2].url: 'javascript:alert(1)' is not an http(s) URL; "
        "write the full address, such as https://blog.example.com/"
    ]
    assert not (output / "index.html").exists()
    assert not output.exists() or not any(output.rglob("*.html"))


def test_check_only_finds_the_same_problems(two_editions, tmp_path):
    add_events(two_editions, "bad-date.yml", "no-participants.yml", folder=DATA / "bad")
    assert build_problems(two_editions, None, check_only=True) == [
        "content/blogfests/bad-date.yml:2: date: cannot read the date '2011-13-45'; write it as YYYY-MM-DD",
        "content/blogfests/no-participants.yml:3: participants: the event has no participants; "
        "add at least one under 'participants:' with its name, blog and url",
    ]


def test_a_post_naming_no_event_stops_the_build(two_editions, tmp_path):
    write_post(two_editions, "typo.md", post("Typo", date="2012-10-25", extra="Blogfest: testfest-2013\n"))
    output = tmp_path / "output"
    assert build_problems(two_editions, output) == [
        "content/posts/typo.md:5: Blogfest: no event 'testfest-2013' in the blogfests folder; "
        "did you mean 'testfest-2012'?"
    ]
    assert not (output / "index.html").exists()


def test_a_page_cannot_take_the_place_of_the_blogfests_index(two_editions, tmp_path):
    (two_editions / "pages" / "fests.md").write_text("Title: Fests\nSlug: blogfests\n\nMine.\n")
    assert build_problems(two_editions, tmp_path / "output") == [
        "content/pages/fests.md:2: URL: writes blogfests/index.html, which the site uses for the blogfests index; "
        "choose another Slug"
    ]


def test_invoke_check_reports_a_bad_event_file(project_copy):
    shutil.copy(DATA / "bad" / "unknown-key.yml", project_copy / "content" / "blogfests" / "unknown-key.yml")
    done = subprocess.run(
        [sys.executable, "-m", "invoke", "check"], cwd=project_copy, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "error: content/blogfests/unknown-key.yml:3: organizer: unknown key; did you mean 'organiser'?",
        "error: content/blogfests/unknown-key.yml:7: participants[1].URL: unknown key; did you mean 'url'?",
        "error: content/blogfests/unknown-key.yml:8: participants[1].colour: unknown key; "
        "use one of: name, blog, url, feed, post, title, sort_as",
    ]
