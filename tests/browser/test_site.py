"""The whole built site, file by file and crawled over HTTP."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.browser.crawl import crawl
from tests.browser.site_checks import budget_problems, html_errors, metadata_problems


def html_pages(root):
    return sorted(root.rglob("*.html"))


def published_url(site, page) -> str:
    """The address a page is published at: its folder for index.html files, as the theme links them."""
    path = page.relative_to(site.root).as_posix()
    return f"{site.url}/{path.removesuffix('index.html')}"


@pytest.fixture(scope="module")
def crawled(served_site):
    return crawl(served_site.url, "/")


def test_every_page_passes_the_nu_html_checker(served_site, vnu):
    pages = html_pages(served_site.root)
    assert len(pages) > 40
    errors = html_errors(vnu, pages)
    assert [line for lines in errors.values() for line in lines] == []


def test_a_crawl_from_the_home_page_finds_no_broken_link_asset_or_fragment(served_site, crawled):
    assert crawled.problems == []
    reached = set(crawled.pages)
    for page in ("/", "/archives/", "/tags/", "/2011/10/25/what-your-bathroom-says-about-your-brand/"):
        assert served_site.url + page in reached


def test_every_feed_is_reached_and_valid(served_site, crawled):
    on_disk = {
        f"{served_site.url}/{p.relative_to(served_site.root).as_posix()}"
        for p in (served_site.root / "feeds").rglob("*.xml")
    }
    assert len(on_disk) > 10
    assert set(crawled.feeds) == on_disk
    assert [p for p in crawled.problems if "/feeds/" in p] == []


def test_every_page_keeps_within_its_budgets(served_site):
    problems = []
    for page in html_pages(served_site.root):
        problems += budget_problems(served_site.root, page, served_site.url)
    assert problems == []


def test_every_page_has_a_canonical_link_and_link_preview_metadata(served_site):
    problems = []
    for page in html_pages(served_site.root):
        html = page.read_text(encoding="utf-8")
        refresh = BeautifulSoup(html, "html.parser").find("meta", attrs={"http-equiv": "refresh"})
        if refresh is not None:  # a redirect stub points search engines at the new address instead
            continue
        problems += metadata_problems(
            html, page.relative_to(served_site.root).as_posix(), published_url(served_site, page)
        )
    assert problems == []


def test_every_article_is_marked_as_an_article_for_link_previews(served_site):
    articles = sorted(served_site.root.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*/index.html"))
    assert len(articles) >= 12
    for article in articles:
        soup = BeautifulSoup(article.read_text(encoding="utf-8"), "html.parser")
        assert soup.find("meta", property="og:type")["content"] == "article", article
