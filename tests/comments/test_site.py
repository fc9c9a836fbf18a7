"""A site built with comment fixtures, read back with beautifulsoup4 and feedparser."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from plugins.publisher import PublishError, build_site, check_site
from tests.comments.files import comment, write_comment
from tests.conftest import ROOT, post, write_post

SITEURL = "https://blog.example"
SITE = {"SITEURL": SITEURL, "FEED_DOMAIN": SITEURL, "RELATIVE_URLS": False}
POST = "2012/08/16/service-recovery/index.html"
POST_URL = f"{SITEURL}/2012/08/16/service-recovery/"
OTHER_URL = f"{SITEURL}/2011/03/05/other/"
QUIET_URL = f"{SITEURL}/2012/07/02/quiet/"

# (id, parent or None) of the approved comments on service-recovery, as the tree should show them.
TREE = {"c1": None, "c2": "c1", "c3": "c2"}


def make_content(root: Path) -> Path:
    content = root / "content"
    for sub in ("posts", "pages", "images"):
        (content / sub).mkdir(parents=True)
    write_post(
        content, "service.md", post("Service Recovery", tags="Customer Service, loyalty", slug="service-recovery")
    )
    write_post(content, "quiet.md", post("Quiet Post", date="2012-07-02 10:00", slug="quiet"))
    write_post(content, "other.md", post("Other Post", date="2011-03-05 10:00", tags="loyalty", slug="other"))
    write_post(
        content, "draft.md", post("Draft Post", date="2012-09-01 10:00", slug="draft-post", extra="Status: draft\n")
    )
    slug = "service-recovery"
    write_comment(
        content, slug, "c1", comment("Ann Archer", "2012-08-16 10:00", "First *thoughts*.", url="https://ann.example/")
    )
    write_comment(content, slug, "c2", comment("Morgan Hale", "2012-08-16 11:00", "Thanks, Ann.", reply_to="c1"))
    write_comment(content, slug, "c3", comment("Ben Bell", "2012-08-16 12:00+00:00", "Agreed.", reply_to="c2"))
    write_comment(
        content,
        slug,
        "p1",
        comment(
            "Elsewhere Blog",
            "2012-08-16 13:00",
            "[…] a mention […]",
            url="https://elsewhere.example/p/",
            kind="pingback",
        ),
    )
    write_comment(
        content,
        slug,
        "t1",
        comment("Track Blog", "2012-08-18 09:00", "", url="https://track.example/t/", kind="trackback"),
    )
    write_comment(
        content, slug, "x1", comment("Dan Pending", "2012-08-18 10:00", "SECRET PENDING TEXT", status="pending")
    )
    write_comment(
        content,
        slug,
        "x2",
        comment("Eve Pending", "2012-08-18 11:00", "ANOTHER SECRET", reply_to="c3", status="pending"),
    )
    write_comment(content, "other", "o1", comment("Cara Cole", "2011-03-06 08:00", "On the other post."))
    write_comment(content, "draft-post", "d1", comment("Dora Draft", "2012-09-01 12:00", "On a draft."))
    return content


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("comments-site")
    content = make_content(root)
    output = root / "output"
    result = build_site(ROOT / "pelicanconf.py", output, PATH=str(content), **SITE)
    assert check_site(output, result.expected, SITEURL) == []
    return output


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def comment_items(page: BeautifulSoup) -> dict[str, object]:
    return {li["id"].removeprefix("comment-"): li for li in page.select("#comments li.comment")}


def test_every_approved_comment_appears_once_under_its_parent(site):
    page = soup(site / POST)
    items = comment_items(page)
    assert sorted(items) == sorted(TREE)
    assert len(page.select("[id^=comment-]")) == len(TREE) + 2  # and the two mentions
    for comment_id, parent in TREE.items():
        enclosing = items[comment_id].find_parent("li", class_="comment")
        assert (enclosing["id"].removeprefix("comment-") if enclosing else None) == parent
    assert items["c1"].select_one(".comment-content em").get_text() == "thoughts"


def test_top_level_comments_and_replies_are_oldest_first(tmp_path):
    content = make_content(tmp_path)
    write_comment(content, "service-recovery", "c0", comment("Zed", "2012-08-16 09:30", "Earliest."))
    write_comment(
        content, "service-recovery", "c1b", comment("Yan", "2012-08-16 10:30", "Second reply.", reply_to="c1")
    )
    output = tmp_path / "output"
    build_site(ROOT / "pelicanconf.py", output, PATH=str(content), **SITE)
    top = soup(output / POST).select_one("#comments ol.comment-list")
    assert [li["id"] for li in top.find_all("li", recursive=False)] == ["comment-c0", "comment-c1"]
    replies = top.select_one("#comment-c1 > ol")
    assert [li["id"] for li in replies.find_all("li", recursive=False)] == ["comment-c1b", "comment-c2"]


def test_pending_comments_appear_nowhere(site):
    for path in site.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "SECRET" not in text and "Pending" not in text, path
            assert "comment-x1" not in text and "comment-x2" not in text, path


def test_the_authors_replies_are_marked(site):
    items = comment_items(soup(site / POST))
    assert "by-author" in items["c2"]["class"]
    assert items["c2"].select_one(".author-badge").get_text() == "Author"
    assert "by-author" not in items["c1"]["class"] and items["c1"].select_one(":scope > article .author-badge") is None


def test_commenters_links_are_marked_as_visitor_links(site):
    author = comment_items(soup(site / POST))["c1"].select_one(".comment-author a")
    assert author["href"] == "https://ann.example/"
    assert author["rel"] == ["nofollow", "ugc", "noopener"]


def test_comments_have_permalinks_and_dates(site):
    item = comment_items(soup(site / POST))["c3"]
    permalink = item.select_one("a.comment-permalink")
    assert permalink["href"] == "#comment-c3"
    assert permalink.time["datetime"] == "2012-08-16T12:00:00+00:00"
    assert permalink.time.get_text() == "16 Aug 2012 at 12:00"


def test_mentions_are_shown_apart_and_not_counted(site):
    page = soup(site / POST)
    mentions = page.select("#mentions li.mention")
    assert [li["id"] for li in mentions] == ["comment-p1", "comment-t1"]
    links = [li.select_one("a.url") for li in mentions]
    assert [a["href"] for a in links] == ["https://elsewhere.example/p/", "https://track.example/t/"]
    assert all(a["rel"] == ["nofollow", "ugc", "noopener"] for a in links)
    assert page.select_one("#comments-title").get_text() == "3 comments"


def badge_texts(page: BeautifulSoup) -> dict[str, str]:
    """Article URL -> the text of its date badge line in a listing."""
    found = {}
    for entry in page.select("main article.entry"):
        found[entry.select_one("h2 a")["href"]] = entry.select_one(".entry-meta").get_text(" ", strip=True)
    return found


@pytest.mark.parametrize(
    "listing",
    [
        "index.html",
        "tag/customer-service/index.html",
        "tag/loyalty/index.html",
        "category/customer-service/index.html",
        "author/morgan-hale/index.html",
        "2012/index.html",
        "2012/08/index.html",
    ],
)
def test_every_listing_shows_the_count_in_the_date_badge(site, listing):
    badges = badge_texts(soup(site / listing))
    assert badges[POST_URL] == "16 Aug 2012 · 3 comments"
    if OTHER_URL in badges:
        assert badges[OTHER_URL] == "5 Mar 2011 · 1 comment"
    if QUIET_URL in badges:
        assert badges[QUIET_URL] == "2 Jul 2012 · 0 comments"
    link = soup(site / listing).select_one(f'a.comment-count[href="{POST_URL}#comments"]')
    assert link.get_text() == "3 comments"


def test_the_archives_show_the_counts_too(site):
    page = soup(site / "archives" / "index.html")
    counts = {a["href"].removesuffix("#comments"): a.get_text() for a in page.select("a.comment-count")}
    assert counts == {POST_URL: "3 comments", OTHER_URL: "1 comment", QUIET_URL: "0 comments"}


def test_json_ld_has_the_comment_count_and_the_threaded_comments(site):
    page = soup(site / POST)
    (script,) = page.find_all("script")
    assert script["type"] == "application/ld+json"
    data = json.loads(script.string)
    assert data["@type"] == "BlogPosting"
    assert data["commentCount"] == 3
    (first,) = data["comment"]
    assert first["@id"] == f"{POST_URL}#comment-c1"
    assert first["author"] == {"@type": "Person", "name": "Ann Archer", "url": "https://ann.example/"}
    assert first["text"] == "First thoughts."
    assert first["comment"][0]["comment"][0]["@id"] == f"{POST_URL}#comment-c3"


def test_the_main_feeds_carry_comment_counts_and_comment_feeds(site):
    expected = {POST_URL: "3", OTHER_URL: "1", QUIET_URL: "0"}
    for name in ("all.atom.xml", "all.rss.xml", "tag/loyalty.atom.xml", "category/customer-service.atom.xml"):
        feed = feedparser.parse((site / "feeds" / name).read_bytes())
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.entries
        for entry in feed.entries:
            assert entry.slash_comments == expected[entry.link], (name, entry.link)
            slug = entry.link.rstrip("/").rsplit("/", 1)[1]
            assert entry.wfw_commentrss == f"{SITEURL}/feeds/comments/{slug}.atom.xml"
            assert (site / "feeds" / "comments" / f"{slug}.atom.xml").is_file()


def test_an_articles_comment_feed_holds_its_comments_newest_first(site):
    feed = feedparser.parse((site / "feeds" / "comments" / "service-recovery.atom.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.title == "Service Culture Notes - Comments on Service Recovery"
    assert [e.link for e in feed.entries] == [f"{POST_URL}#comment-{i}" for i in ("c3", "c2", "c1")]
    assert [e.author for e in feed.entries] == ["Ben Bell", "Morgan Hale", "Ann Archer"]
    assert feed.entries[2].title == "Comment on Service Recovery by Ann Archer"
    empty = feedparser.parse((site / "feeds" / "comments" / "quiet.atom.xml").read_bytes())
    assert not empty.bozo and empty.entries == [] and empty.feed.title


def test_the_site_comment_feed_holds_recent_comments_of_published_posts(site):
    feed = feedparser.parse((site / "feeds" / "comments.atom.xml").read_bytes())
    assert not feed.bozo
    assert [e.link for e in feed.entries] == [
        f"{POST_URL}#comment-c3",
        f"{POST_URL}#comment-c2",
        f"{POST_URL}#comment-c1",
        f"{OTHER_URL}#comment-o1",
    ]
    assert not (site / "feeds" / "comments" / "draft-post.atom.xml").exists()


def test_comment_feeds_keep_the_newest_entries_up_to_the_limit(tmp_path):
    content = make_content(tmp_path)
    output = tmp_path / "output"
    build_site(ROOT / "pelicanconf.py", output, PATH=str(content), COMMENTS_FEED_MAX_ITEMS=2, **SITE)
    for name in ("comments.atom.xml", "comments/service-recovery.atom.xml"):
        feed = feedparser.parse((output / "feeds" / name).read_bytes())
        assert [e.link for e in feed.entries] == [f"{POST_URL}#comment-c3", f"{POST_URL}#comment-c2"]


def test_the_article_head_links_its_comment_feeds(site):
    head = soup(site / POST).head
    feeds = {link["href"]: link["title"] for link in head.find_all("link", type="application/atom+xml")}
    assert feeds[f"{SITEURL}/feeds/comments/service-recovery.atom.xml"] == "Comments on Service Recovery (Atom feed)"
    assert feeds[f"{SITEURL}/feeds/comments.atom.xml"] == "Service Culture Notes (comments feed)"
    assert feeds[f"{SITEURL}/feeds/all.atom.xml"] == "Service Culture Notes (Atom feed)"


def test_join_the_discussion_by_email(site):
    block = soup(site / POST).select_one(".join-discussion")
    link = block.select_one("a[href^='mailto:']")
    assert link["href"] == "mailto:comments@serviceculture.example?subject=Comment%20on%20Service%20Recovery"
    assert link.get_text() == "comments@serviceculture.example"


def test_join_the_discussion_with_a_form(tmp_path):
    content = make_content(tmp_path)
    output = tmp_path / "output"
    form = "https://forms.example/comment?post={slug}&page={url}"
    build_site(ROOT / "pelicanconf.py", output, PATH=str(content), COMMENTS_SUBMIT_URL=form, **SITE)
    link = soup(output / POST).select_one(".join-discussion a")
    assert link["href"] == (
        "https://forms.example/comment?post=service-recovery&page=https%3A%2F%2Fblog.example%2F2012%2F08%2F16%2F"
        "service-recovery%2F"
    )
    assert link.get_text() == "Leave a comment"


def test_a_lower_maximum_depth_shows_deeper_replies_at_the_last_level(tmp_path):
    content = make_content(tmp_path)
    output = tmp_path / "output"
    build_site(ROOT / "pelicanconf.py", output, PATH=str(content), COMMENTS_MAX_DEPTH=2, **SITE)
    items = comment_items(soup(output / POST))
    assert items["c3"].find_parent("li", class_="comment")["id"] == "comment-c1"
    assert "flattened" in items["c3"]["class"]
    reply_to = items["c3"].select_one(".in-reply-to a")
    assert (reply_to["href"], reply_to.get_text()) == ("#comment-c2", "Morgan Hale")


def test_a_draft_shows_its_comments_but_has_no_comment_feed(site):
    page = soup(site / "drafts" / "draft-post" / "index.html")
    assert list(comment_items(page)) == ["d1"]
    assert page.head.find("link", href=f"{SITEURL}/feeds/comments/draft-post.atom.xml") is None


def test_every_comment_permalink_has_its_target(site):
    for path in site.rglob("*.html"):
        page = soup(path)
        ids = {tag["id"] for tag in page.find_all(id=True)}
        for link in page.select("a[href^='#comment-']"):
            assert link["href"][1:] in ids, (path, link["href"])


def test_author_names_and_addresses_are_escaped(tmp_path):
    content = make_content(tmp_path)
    write_comment(
        content,
        "service-recovery",
        "evil",
        comment('<b onclick="x()">Eve</b> & "co"', "2012-08-17 09:00", "Hi.", url="https://eve.example/?a=1&b='2'"),
    )
    output = tmp_path / "output"
    build_site(ROOT / "pelicanconf.py", output, PATH=str(content), **SITE)
    item = comment_items(soup(output / POST))["evil"]
    author = item.select_one(".comment-author a")
    assert author.get_text() == '<b onclick="x()">Eve</b> & "co"'
    assert author.find("b") is None and author["href"] == "https://eve.example/?a=1&b='2'"
    feed = feedparser.parse((output / "feeds" / "comments" / "service-recovery.atom.xml").read_bytes())
    assert feed.entries[0].author == '<b onclick="x()">Eve</b> & "co"'


def test_rebuilding_writes_identical_comment_feeds(tmp_path, site):
    content = make_content(tmp_path)
    output = tmp_path / "output"
    build_site(ROOT / "pelicanconf.py", output, PATH=str(content), **SITE)
    for path in (site / "feeds").rglob("*.xml"):
        assert (output / path.relative_to(site)).read_bytes() == path.read_bytes(), path


def test_comment_feeds_can_be_turned_off(tmp_path):
    content = make_content(tmp_path)
    output = tmp_path / "output"
    build_site(
        ROOT / "pelicanconf.py",
        output,
        PATH=str(content),
        COMMENTS_FEED_ATOM=None,
        COMMENTS_ARTICLE_FEED_ATOM=None,
        **SITE,
    )
    assert not (output / "feeds" / "comments.atom.xml").exists()
    assert not (output / "feeds" / "comments").exists()
    page = soup(output / POST)
    assert page.head.find("link", href=lambda h: h and "/feeds/comments" in h) is None
    assert page.select_one(".comments-feed") is None
    entry = feedparser.parse((output / "feeds" / "all.atom.xml").read_bytes()).entries[0]
    assert entry.slash_comments == "3" and "wfw_commentrss" not in entry


def test_without_the_plugin_the_theme_shows_no_comments(tmp_path):
    content = make_content(tmp_path)
    output = tmp_path / "output"
    # A fresh process: Pelican's signals are global, so a plugin registered by an earlier build stays connected.
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); from plugins.publisher import build_site; "
        "build_site(sys.argv[1] + '/pelicanconf.py', sys.argv[2], PATH=sys.argv[3], PLUGINS=['content_check'], "
        f"SITEURL={SITEURL!r}, FEED_DOMAIN={SITEURL!r}, RELATIVE_URLS=False)"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(ROOT), str(output), str(content)], check=True, capture_output=True
    )
    assert soup(output / POST).select_one("#comments") is None
    assert soup(output / "index.html").select_one("a.comment-count") is None
    assert "slash:comments" not in (output / "feeds" / "all.atom.xml").read_text()


def test_what_a_build_froze_is_released_by_the_next_one(tmp_path):
    """Frozen objects stay out of the collector's reach until the next build starts, and no longer."""
    from plugins.comments import release_frozen

    content = make_content(tmp_path)
    build_site(ROOT / "pelicanconf.py", tmp_path / "output", PATH=str(content), **SITE)
    frozen = gc.get_freeze_count()
    assert frozen > 0 and gc.isenabled()
    build_site(ROOT / "pelicanconf.py", tmp_path / "output", PATH=str(content), **SITE)
    assert gc.get_freeze_count() < frozen * 1.5  # the first build's objects were not frozen a second time
    release_frozen(None)  # what the next build's start does
    assert gc.get_freeze_count() == 0
    write_comment(content, "service-recovery", "bad", comment(date="never"))
    with pytest.raises(PublishError):
        build_site(ROOT / "pelicanconf.py", tmp_path / "output2", PATH=str(content), **SITE)
    assert gc.isenabled()


def test_the_join_block_digest_changes_with_either_field_and_only_then(monkeypatch):
    from plugins.comments.generator import Discussion
    from plugins.fast_build.digest import Digester

    def digest(value) -> bytes:
        return Digester(lambda content: None).digest(value)

    def not_pickled(self, protocol):
        raise AssertionError("digested from its fields, not pickled")

    monkeypatch.setattr(Discussion, "__reduce_ex__", not_pickled)
    form = Discussion("https://example.com/comment?post=a")
    assert digest(form) == digest(Discussion("https://example.com/comment?post=a"))
    assert digest(form) != digest(Discussion("https://example.com/comment?post=b"))
    assert digest(Discussion("mailto:a@example.com", "a@example.com")) != digest(
        Discussion("mailto:a@example.com", "b@example.com")
    )


def test_the_feed_links_digest_changes_with_any_entry_and_only_then(monkeypatch):
    from plugins.comments.feeds import CommentLinks, FeedLinks
    from plugins.fast_build.digest import Digester

    def digest(value) -> bytes:
        return Digester(lambda content: None).digest(value)

    def not_pickled(self, protocol):
        raise AssertionError("digested from its repr, not pickled")

    def links(count: int = 2, feed: str | None = "https://example.com/feeds/comments/a.atom.xml") -> FeedLinks:
        return FeedLinks({"https://example.com/a/": CommentLinks(count, feed, "https://example.com/a/#comments")})

    monkeypatch.setattr(FeedLinks, "__reduce_ex__", not_pickled)
    assert digest(links()) == digest(links())
    assert digest(links(count=3)) != digest(links())
    assert digest(links(feed=None)) != digest(links())
    grown = links()
    grown["https://example.com/b/"] = CommentLinks(0, None, "https://example.com/b/#comments")
    assert digest(grown) != digest(links())
