"""Each checker, run on the deliberately broken pages in data/faults/: it must
pass the good page and report the fault it exists to find."""

from __future__ import annotations

import pytest

from tests.browser import page_checks as checks
from tests.browser.crawl import crawl
from tests.browser.site_checks import PAGE_BUDGET, budget_problems, html_errors, metadata_problems

WIDTH = 375


def test_the_good_fixture_passes_every_browser_check(fault_site, open_page, axe):
    for scheme in ("light", "dark"):
        page, watch = open_page(f"{fault_site.url}/good.html", WIDTH, scheme=scheme)
        assert checks.overflow_problems(page) == []
        assert checks.fragment_problems(page) == []
        assert checks.landmark_problems(page) == []
        assert checks.axe_problems(page, axe) == []
        assert checks.keyboard_problems(page) == []
        assert checks.print_problems(page) == []
        assert watch.problems == []


def test_axe_reports_an_image_without_alt_text(fault_site, open_page, axe):
    page, _ = open_page(f"{fault_site.url}/image-without-alt.html", WIDTH)
    problems = checks.axe_problems(page, axe)
    assert [p.split(" ")[0] for p in problems] == ["image-alt"]
    assert "img" in problems[0]


def test_axe_reports_low_contrast_in_dark_mode_only(fault_site, open_page, axe):
    page, _ = open_page(f"{fault_site.url}/dark-low-contrast.html", WIDTH, scheme="light")
    assert checks.axe_problems(page, axe) == []
    page, _ = open_page(f"{fault_site.url}/dark-low-contrast.html", WIDTH, scheme="dark")
    problems = checks.axe_problems(page, axe)
    assert [p.split(" ")[0] for p in problems] == ["color-contrast"]
    assert problems[0].endswith("1 element(s): .faint")


def test_the_nu_checker_reports_an_unclosed_tag_and_passes_the_good_page(fault_site, vnu):
    good, unclosed = fault_site.root / "good.html", fault_site.root / "unclosed-tag.html"
    errors = html_errors(vnu, [good, unclosed])
    assert list(errors) == [unclosed]
    assert any("Unclosed element “div”" in line for line in errors[unclosed])
    assert errors[unclosed][0].startswith(f"{unclosed}:")


def test_the_crawl_reports_broken_links_assets_and_fragments(fault_site):
    base = fault_site.url
    result = crawl(base, "/broken-link.html")
    assert sorted(result.problems) == sorted(
        [
            f"{base}/missing-page.html: HTTP 404 (linked from {base}/broken-link.html)",
            f"{base}/missing-chart.svg: HTTP 404 (linked from {base}/broken-link.html)",
            f"{base}/broken-link.html#nowhere: no element has that id (linked from {base}/broken-link.html)",
            f"{base}/good.html#no-such-place: no element has that id (linked from {base}/broken-link.html)",
        ]
    )
    assert f"{base}/good.html" in result.pages


def test_the_crawl_passes_the_good_page_and_reports_an_incomplete_feed(fault_site):
    base = fault_site.url
    assert crawl(base, "/good.html").problems == []
    result = crawl(base, "/incomplete-feed.html")
    assert list(result.feeds) == [f"{base}/feeds/incomplete.atom.xml"]
    assert result.problems == [
        f"{base}/feeds/incomplete.atom.xml: entry 'An entry without a date or an id' has no id, date"
    ]


def test_the_browser_watch_reports_missing_assets(fault_site, open_page):
    _, watch = open_page(f"{fault_site.url}/broken-link.html", WIDTH)
    assert f"{fault_site.url}/missing-chart.svg: HTTP 404" in watch.problems
    assert any(p.startswith("console error: Failed to load resource") for p in watch.problems)


def test_the_browser_watch_reports_script_errors_and_web_fonts(fault_site, open_page):
    _, watch = open_page(f"{fault_site.url}/script-error.html", WIDTH)
    assert any(p.startswith("console error: something went wrong") for p in watch.problems)
    assert any(p.startswith("uncaught exception:") and "undefinedFunction" in p for p in watch.problems)
    _, watch = open_page(f"{fault_site.url}/web-font.html", WIDTH)
    assert f"downloads a web font: {fault_site.url}/fancy.woff2" in watch.problems


def test_the_browser_watch_expects_the_status_it_is_told(fault_site, open_page):
    _, watch = open_page(f"{fault_site.url}/good.html", WIDTH, status=404)
    assert watch.problems == [f"{fault_site.url}/good.html: HTTP 200, expected 404"]
    _, watch = open_page(f"{fault_site.url}/missing-page.html", WIDTH, status=404)
    assert watch.problems == []


def test_overflow_is_reported_with_the_element_that_sticks_out(fault_site, open_page):
    page, _ = open_page(f"{fault_site.url}/too-wide.html", WIDTH)
    problems = checks.overflow_problems(page)
    assert len(problems) == 1
    assert "in a 375px window; sticking out: pre" in problems[0]


def test_keyboard_faults_are_reported(fault_site, open_page):
    page, _ = open_page(f"{fault_site.url}/keyboard-faults.html", WIDTH)
    problems = checks.keyboard_problems(page)
    assert 'a[href="good.html"] "a link that jumps the queue" shows no focus outline' in problems
    assert 'a[href="broken-link.html"] "A link nobody can see" is off-screen when it has focus' in problems
    assert "Tab moves through the page out of reading order" in problems
    assert problems[-1].startswith("the first Tab stop is not a skip link to the main content ('a link that jumps")


def test_links_to_missing_places_on_the_page_are_reported(fault_site, open_page):
    page, _ = open_page(f"{fault_site.url}/broken-link.html", WIDTH)
    assert checks.fragment_problems(page) == ["link to #nowhere: no element has that id"]


def test_missing_landmarks_are_reported(fault_site, open_page):
    page, _ = open_page(f"{fault_site.url}/no-landmarks.html", WIDTH)
    assert checks.landmark_problems(page) == [
        "0 banner landmark(s)",
        "0 main landmark(s)",
        "0 contentinfo landmark(s)",
        "0 navigation landmark(s)",
    ]


def test_a_page_that_prints_badly_is_reported(fault_site, open_page):
    page, _ = open_page(f"{fault_site.url}/prints-dark.html", WIDTH)
    assert checks.print_problems(page) == [
        "text prints in rgb(255, 255, 255)",
        "the page prints on rgb(0, 0, 0)",
        "nav. is printed",
    ]


def test_budgets_report_blocking_scripts_and_images_without_a_size(fault_site):
    root = fault_site.root
    assert budget_problems(root, root / "good.html") == []
    assert budget_problems(root, root / "over-budget.html") == [
        "over-budget.html: the script blocking.js blocks rendering; add defer or async",
        "over-budget.html: an inline script in <head> blocks rendering; move it to a deferred file",
        "over-budget.html: the image dot.svg has no width or height; the page jumps as it loads",
    ]


def test_budgets_count_the_stylesheets_a_page_loads(tmp_path):
    (tmp_path / "main.css").write_text("body{}" + " " * (PAGE_BUDGET - 500))
    (tmp_path / "light.html").write_text('<!DOCTYPE html><link rel="stylesheet" href="/light.css"><p>Light</p>')
    (tmp_path / "light.css").write_text("body{}")
    (tmp_path / "heavy.html").write_text(
        '<!DOCTYPE html><link rel="stylesheet" href="https://site.example/main.css">' + "<p>word</p>" * 60
    )
    assert budget_problems(tmp_path, tmp_path / "light.html", "https://site.example") == []
    problems = budget_problems(tmp_path, tmp_path / "heavy.html", "https://site.example")
    assert (
        len(problems) == 1
        and problems[0].startswith("heavy.html: ")
        and problems[0].endswith(f"bytes of HTML and CSS, over the budget of {PAGE_BUDGET}")
    )


@pytest.mark.parametrize(
    ("head", "problem"),
    [
        ("", "page.html: canonical link is none, expected https://site.example/a/"),
        (
            '<link rel="canonical" href="https://site.example/b/">',
            "page.html: canonical link is https://site.example/b/, expected https://site.example/a/",
        ),
        ('<meta property="og:title" content=" ">', "page.html: no og:title"),
        (
            '<meta property="og:url" content="https://site.example/b/">',
            "page.html: og:url is https://site.example/b/, expected https://site.example/a/",
        ),
    ],
)
def test_missing_or_wrong_metadata_is_reported(head, problem):
    complete = (
        '<link rel="canonical" href="https://site.example/a/"><meta name="description" content="d">'
        '<meta property="og:title" content="t"><meta property="og:description" content="d">'
        '<meta property="og:type" content="website"><meta property="og:url" content="https://site.example/a/">'
        '<meta property="og:site_name" content="s"><meta name="twitter:card" content="summary">'
    )
    assert metadata_problems(complete, "page.html", "https://site.example/a/") == []
    # The first tag of a kind wins, so the faulty one goes in front of the complete set.
    html = head + (complete if head else complete.replace('<link rel="canonical" href="https://site.example/a/">', ""))
    assert problem in metadata_problems(html, "page.html", "https://site.example/a/")


def test_an_article_without_structured_data_is_reported():
    html = (
        '<link rel="canonical" href="https://site.example/a/"><meta name="description" content="d">'
        '<meta property="og:title" content="t"><meta property="og:description" content="d">'
        '<meta property="og:type" content="article"><meta property="og:url" content="https://site.example/a/">'
        '<meta property="og:site_name" content="s"><meta name="twitter:card" content="summary"><h1>Title</h1>'
    )
    assert metadata_problems(html, "a.html", "https://site.example/a/") == [
        "a.html: 0 JSON-LD blocks, expected one BlogPosting"
    ]
    broken = html + '<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Other"}</script>'
    assert metadata_problems(broken, "a.html", "https://site.example/a/") == [
        "a.html: JSON-LD is not a schema.org BlogPosting",
        "a.html: JSON-LD headline 'Other' is not the page's heading",
        "a.html: JSON-LD has no datePublished",
        "a.html: JSON-LD has no dateModified",
        "a.html: JSON-LD has no description",
        "a.html: JSON-LD url and mainEntityOfPage must be https://site.example/a/",
        "a.html: JSON-LD has no author name",
        "a.html: no article:published_time",
    ]
