"""The sample discussions shipped in content/comments/, as the published site shows them."""

from collections import Counter

import feedparser
from bs4 import BeautifulSoup

from plugins.comments.model import read_header
from tests.conftest import ROOT

COMMENTS = ROOT / "content" / "comments"
SITEURL = "https://serviceculture.example"


def shipped_comments() -> list[dict]:
    found = []
    for path in sorted(COMMENTS.glob("*/*.md")):
        fields, _, _ = read_header(path.read_text(encoding="utf-8"))
        values = {f.name: f.value for f in fields}
        found.append({"slug": path.parent.name, "id": path.stem, **values})
    return found


def article_page(shipped_site, slug):
    (path,) = [p for p in shipped_site.glob(f"20*/*/*/{slug}/index.html")]
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_sample_has_discussions_of_every_kind():
    comments = shipped_comments()
    assert len({c["slug"] for c in comments}) >= 5
    kinds = Counter(c["type"] for c in comments)
    assert kinds["comment"] >= 20 and kinds["pingback"] >= 2 and kinds["trackback"] >= 1
    assert sum(c["status"] == "pending" for c in comments) >= 2
    assert sum(c["author"] == "Morgan Hale" or c.get("role") == "author" for c in comments) >= 5
    assert all("example" in c["url"] for c in comments if "url" in c), "commenters' sites are example domains"


def test_each_article_shows_its_approved_comments_and_counts_them(shipped_site):
    comments = shipped_comments()
    for slug in {c["slug"] for c in comments}:
        page = article_page(shipped_site, slug)
        approved = {c["id"] for c in comments if c["slug"] == slug and c["status"] == "approved"}
        pending = {c["id"] for c in comments if c["slug"] == slug and c["status"] == "pending"}
        threaded = {
            c["id"] for c in comments if c["slug"] == slug and c["status"] == "approved" and c["type"] == "comment"
        }
        shown = {tag["id"].removeprefix("comment-") for tag in page.select("#comments [id^=comment-]")}
        assert shown == approved, slug
        assert not pending & shown
        title = page.select_one("#comments-title").get_text()
        assert title == f"{len(threaded)} comment{'' if len(threaded) == 1 else 's'}"


def test_the_deep_thread_is_capped_at_five_levels(shipped_site):
    page = article_page(shipped_site, "participation-inequality-why-few-readers-comment")
    deepest = page.select_one("#comment-wp-3117")
    assert "flattened" in deepest["class"]
    assert len(deepest.find_parents("li", class_="comment")) == 4  # shown at level 5
    assert deepest.select_one(".in-reply-to a")["href"] == "#comment-wp-3113"


def test_the_home_page_counts_match_the_articles(shipped_site):
    home = BeautifulSoup((shipped_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    feed = feedparser.parse((shipped_site / "feeds" / "all.atom.xml").read_bytes())
    slash = {entry.link: int(entry.slash_comments) for entry in feed.entries}
    counted = 0
    for link in home.select("a.comment-count"):
        url = link["href"].removesuffix("#comments")
        assert link.get_text().split()[0] == str(slash[url])
        counted += slash[url]
    assert counted > 0
