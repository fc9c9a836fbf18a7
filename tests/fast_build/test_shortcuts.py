"""Addresses worked out once while pages are written, and forgotten when the build ends."""

from __future__ import annotations

from datetime import datetime

import pytest
from pelican.contents import Article, Static
from pelican.settings import DEFAULT_CONFIG

from plugins.fast_build import shortcuts


@pytest.fixture
def settings() -> dict:
    return {**DEFAULT_CONFIG, "PATH": "/site/content", "ARTICLE_URL": "{slug}/", "ARTICLE_SAVE_AS": "{slug}/index.html"}


def article(settings: dict, slug: str) -> Article:
    return Article("<p>Text.</p>", {"title": "T", "slug": slug, "date": datetime(2012, 8, 16)}, settings=settings)


@pytest.fixture(autouse=True)
def uninstalled():
    yield
    shortcuts.uninstall()


def test_once_settled_an_article_keeps_the_address_it_had_first(settings):
    post = article(settings, "first")
    shortcuts.settle()
    assert (post.url, post.save_as) == ("first/", "first/index.html")
    post.slug = "renamed"  # what a plugin must not do while pages are written
    assert post.url == "first/"
    shortcuts.uninstall()
    assert (post.url, post.save_as) == ("renamed/", "renamed/index.html")


def test_each_article_has_its_own_address(settings):
    shortcuts.settle()
    assert [article(settings, slug).url for slug in ("a", "b", "c")] == ["a/", "b/", "c/"]


def test_a_static_file_is_always_asked_again(settings):
    image = Static("", {"title": "x.png"}, settings=settings, source_path="/site/content/images/x.png")
    shortcuts.settle()
    before = image.url
    image.override_url = "2012/08/16/post/x.png"  # as an {attach} link moves it
    assert image.url == "2012/08/16/post/x.png" != before
