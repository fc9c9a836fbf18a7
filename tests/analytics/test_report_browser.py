"""The HTML report in headless Chromium: no console errors, nothing run from visitors' text, every chart shown."""

from __future__ import annotations

import pandas as pd
import pytest
from playwright.sync_api import sync_playwright

from analytics import report
from analytics.charts import EMPTY_MESSAGES
from tests.analytics.conftest import make_comments, make_posts
from tests.analytics.test_feeds import VECTORS
from tests.browser import tools

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    """A report whose titles, tags, categories and commenters are the XSS vectors."""
    posts = make_posts(
        [(f"p{n}", f"2012-{n % 12 + 1:02d}-05 09:00", [vector, "service"], vector, n % 2 == 0)
         for n, vector in enumerate(VECTORS)]
    )  # fmt: skip
    posts["title"] = VECTORS
    rows = []
    for n, vector in enumerate(VECTORS):
        rows.append((f"p{n}", "a", None, vector, "comment", f"2012-{n % 12 + 1:02d}-06 10:00"))
        rows.append((f"p{n}", "b", "a", "Morgan Hale", "comment", f"2012-{n % 12 + 1:02d}-06 {n % 12 + 11:02d}:00"))
        rows.append((f"p{n}", "c", None, "Ben", "comment", f"2012-{(n + 3) % 12 + 1:02d}-20 10:00"))
    comments = make_comments(rows)
    participation = pd.DataFrame(
        {"blogfest": ["fest"], "event": [VECTORS[0]], "start": [pd.Timestamp("2011-10-25", tz="UTC")], "blogs": [5],
         "with_feed": [4], "feeds_read": [4], "published": [3], "linked_back": [2], "participation_rate": [0.75]}
    )  # fmt: skip
    built = report.build(
        posts, comments, now=pd.Timestamp("2013-01-01", tz="UTC"), extra={"blogfest_participation": participation}
    )
    out = tmp_path_factory.mktemp("report")
    report.write(built, out)
    return out / "engagement.html"


def test_report_in_chromium(page_file, tmp_path):
    problems: list[str] = []
    dialogs: list[str] = []
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=tools.chromium(), args=tools.CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            charts = page.locator("figure.chart")
            assert charts.count() == 5
            for index in range(5):
                chart = charts.nth(index).locator("svg")
                chart.scroll_into_view_if_needed()
                assert chart.is_visible()
                box = chart.bounding_box()
                assert box and box["width"] > 300 and box["height"] > 150
                # Something is drawn, not a "no data" message.
                drawn = chart.text_content()
                assert not any(message in drawn for message in EMPTY_MESSAGES), charts.nth(index).get_attribute("id")
                assert chart.locator("path").count() > 5
            assert page.locator("script").count() == 0
            assert page.locator("[onerror], [onload], [onclick], [onmouseover], [onfocus], [ontoggle]").count() == 0
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        finally:
            browser.close()
    assert problems == []
    assert dialogs == []
    assert requests == [page_file.as_uri()]  # the page loads nothing else
