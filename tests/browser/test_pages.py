"""Every kind of page, opened in headless Chromium at phone and desktop widths."""

from __future__ import annotations

import pytest

from tests.browser import page_checks as checks
from tests.browser.pages import NARROWEST, PAGES, WIDTHS

pages = pytest.mark.parametrize("page_type", PAGES, ids=[p.name for p in PAGES])
widths = pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])


@pages
@widths
def test_page_loads_cleanly_and_fits_the_screen(served_site, open_page, artifacts, page_type, width):
    page, watch = open_page(served_site.url + page_type.path, width, page_type.status)
    page.screenshot(path=str(artifacts / f"{page_type.name}-{width}.png"), full_page=True)
    assert watch.problems == []
    assert checks.overflow_problems(page) == []


@pages
def test_page_fits_the_narrowest_screen(served_site, open_page, page_type):
    page, _ = open_page(served_site.url + page_type.path, NARROWEST, page_type.status)
    assert checks.overflow_problems(page) == []


@pages
@widths
def test_keyboard_reaches_every_link_in_order_after_the_skip_link(served_site, open_page, page_type, width):
    page, _ = open_page(served_site.url + page_type.path, width, page_type.status)
    assert checks.keyboard_problems(page) == []


@pages
@widths
def test_links_within_the_page_scroll_to_their_target(served_site, open_page, page_type, width):
    page, _ = open_page(served_site.url + page_type.path, width, page_type.status)
    assert checks.fragment_problems(page) == []


@pages
@widths
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_accessibility_violation(served_site, open_page, artifacts, axe, page_type, width, scheme):
    page, _ = open_page(served_site.url + page_type.path, width, page_type.status, scheme=scheme)
    if scheme == "dark":
        page.screenshot(path=str(artifacts / f"{page_type.name}-{width}-dark.png"), full_page=True)
    assert checks.axe_problems(page, axe) == []


@pages
def test_page_has_the_landmarks_screen_readers_navigate_by(served_site, open_page, page_type):
    page, _ = open_page(served_site.url + page_type.path, WIDTHS[-1], page_type.status)
    assert checks.landmark_problems(page) == []


@pages
def test_page_prints_black_on_white_without_navigation(served_site, open_page, artifacts, page_type):
    page, _ = open_page(served_site.url + page_type.path, WIDTHS[-1], page_type.status, scheme="dark")
    assert checks.print_problems(page) == []
    page.pdf(path=str(artifacts / f"{page_type.name}-print.pdf"))


def test_dark_mode_follows_the_readers_setting(served_site, open_page):
    backgrounds = {}
    for scheme in ("light", "dark"):
        page, _ = open_page(served_site.url + "/", WIDTHS[-1], scheme=scheme)
        backgrounds[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert backgrounds == {"light": "rgb(255, 255, 255)", "dark": "rgb(20, 20, 20)"}


def test_article_lines_hold_a_readable_number_of_characters(served_site, open_page):
    article = next(p for p in PAGES if p.name == "article")
    page, _ = open_page(served_site.url + article.path, WIDTHS[-1])
    assert 60 <= checks.characters_per_line(page, ".post-content p") <= 75
