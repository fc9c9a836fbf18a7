"""The shipped content, built with the publishing settings and read back."""

from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import feedparser
from bs4 import BeautifulSoup
from pelican.utils import slugify

from pelicanconf import TAG_ALIASES
from plugins.content_check.header import read_header
from tests.conftest import ROOT

SITEURL = "https://serviceculture.example"


def shipped_posts():
    """(slug, url path, title, tags, status) for every post, read from the sources."""
    posts = []
    for path in sorted((ROOT / "content" / "posts").glob("*.md")):
        header = read_header(path.read_text(encoding="utf-8"))
        date = header.get("date").value
        slug = header.get("slug").value
        status = header.get("status").value if header.get("status") else "published"
        url = f"{date[:4]}/{date[5:7]}/{date[8:10]}/{slug}/"
        tags = [t.strip() for t in header.get("tags").value.split(",") if t.strip()]
        posts.append((slug, url, header.get("title").value, tags, status))
    return posts


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_published_post_has_its_page_at_its_url(shipped_site):
    published = [p for p in shipped_posts() if p[4] == "published"]
    assert len(published) >= 12
    for _slug, url, title, _tags, _status in published:
        page = shipped_site / url / "index.html"
        assert page.is_file(), url
        assert soup(page).find("h1").get_text(strip=True) == title


def test_drafts_are_not_published_among_the_posts(shipped_site):
    drafts = [p for p in shipped_posts() if p[4] == "draft"]
    assert drafts, "the shipped content has a draft"
    for slug, url, *_ in drafts:
        assert not (shipped_site / url).exists()
        assert not (shipped_site / "drafts" / slug).exists()


def test_every_tag_page_lists_exactly_its_posts(shipped_site):
    expected = defaultdict(set)
    for _slug, url, _title, tags, status in shipped_posts():
        if status == "published":
            for tag in tags:
                tag = TAG_ALIASES.get(tag, tag)  # the settings merge synonyms (plugins/tag_archives)
                expected[slugify(tag, regex_subs=[(r"[^\w\s-]", ""), (r"[-\s]+", "-")])].add(f"{SITEURL}/{url}")
    assert len(expected) > 10
    for tag_slug, urls in expected.items():
        listed = set()
        pages = [shipped_site / "tag" / tag_slug / "index.html"]
        pages += sorted((shipped_site / "tag" / tag_slug / "page").glob("*/index.html"))
        for page in pages:
            listed |= {a["href"] for a in soup(page).select("main article h2 a")}
        assert listed == urls, tag_slug


def test_the_index_paginates_newest_first(shipped_site):
    published = sorted((p for p in shipped_posts() if p[4] == "published"), key=lambda p: p[1], reverse=True)
    first = soup(shipped_site / "index.html")
    second = soup(shipped_site / "page" / "2" / "index.html")
    first_links = [a["href"] for a in first.select("main article h2 a")]
    second_links = [a["href"] for a in second.select("main article h2 a")]
    assert first_links == [f"{SITEURL}/{p[1]}" for p in published[:10]]
    assert second_links == [f"{SITEURL}/{p[1]}" for p in published[10:20]]
    assert first.find("a", rel="next")["href"] == f"{SITEURL}/page/2/"
    assert second.find("a", rel="prev")["href"] == f"{SITEURL}/"


def test_the_feeds_hold_every_published_post_and_no_draft(shipped_site):
    published = {f"{SITEURL}/{p[1]}" for p in shipped_posts() if p[4] == "published"}
    drafts = {f"{SITEURL}/{p[1]}" for p in shipped_posts() if p[4] == "draft"}
    for name in ("all.atom.xml", "all.rss.xml"):
        feed = feedparser.parse((shipped_site / "feeds" / name).read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        links = {entry.link for entry in feed.entries}
        assert links == published
        assert not links & drafts


def test_feeds_are_linked_from_every_page_head(shipped_site):
    for page in ("index.html", "about/index.html", "tags/index.html"):
        head = soup(shipped_site / page).head
        types = {link["type"]: link["href"] for link in head.find_all("link", rel="alternate")}
        assert types["application/atom+xml"] == f"{SITEURL}/feeds/all.atom.xml"
        assert types["application/rss+xml"] == f"{SITEURL}/feeds/all.rss.xml"


def test_listings_show_a_date_badge_with_day_month_and_year(shipped_site):
    badge = soup(shipped_site / "index.html").select_one("main article .date-badge")
    assert badge.name == "time" and badge["datetime"][:4].isdigit()
    text = badge.get_text(" ", strip=True)
    assert any(year in text for year in ("2008", "2009", "2010", "2011", "2012"))


def test_archives_sitemap_robots_and_404(shipped_site):
    archives = soup(shipped_site / "archives" / "index.html")
    assert len(archives.select("main a[href*='/20']")) >= 12
    assert (shipped_site / "2011" / "index.html").is_file() and (shipped_site / "2011" / "10" / "index.html").is_file()
    sitemap = (shipped_site / "sitemap.xml").read_text()
    assert sitemap.startswith("<?xml")
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = {urlsplit(loc.text).path for loc in ElementTree.fromstring(sitemap).iter(f"{namespace}loc")}
    assert "/2011/10/25/what-your-bathroom-says-about-your-brand/" in locations
    robots = (shipped_site / "robots.txt").read_text()
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots
    assert (shipped_site / "404.html").is_file()
