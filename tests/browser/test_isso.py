"""A reader posts a comment through the Isso form on an article page, in headless Chromium."""

from __future__ import annotations

from playwright.sync_api import Browser

from plugins.publisher import build_site
from plugins.publisher.preview import SiteServer
from tests.conftest import ROOT, post, write_post
from tests.live_comments.conftest import start_isso  # noqa: F401 - the fixture

ARTICLE = "/2012/08/16/hello/"


def test_a_reader_posts_through_the_page_form(browser: Browser, content, tmp_path, start_isso):  # noqa: F811
    write_post(content, "hello.md", post("Hello", date="2012-08-16 09:00", slug="hello"))
    root = tmp_path / "site"
    with SiteServer(root) as site:
        isso = start_isso(origin=site.url)
        build_site(ROOT / "pelicanconf.py", root, PATH=str(content), ISSO_URL=isso.url + "/")
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(site.url + ARTICLE, wait_until="load")
            page.wait_for_selector("#isso-thread textarea.isso-textarea", timeout=15000)
            page.fill("#isso-thread textarea.isso-textarea", "Posted from the article page.")
            page.fill("#isso-postbox-author", "Browser Reader")
            with page.expect_response(lambda r: "/new?" in r.url and r.request.method == "POST") as posted:
                page.click("#isso-thread input[type=submit]")
            assert posted.value.status == 202  # held for moderation

            [(comment, mode)] = isso.modes().items()
            assert mode == 2
            isso.moderate(comment)
            page.reload(wait_until="load")
            text = page.wait_for_selector(f"#isso-{comment} .isso-text", timeout=15000)
            assert text.inner_text().strip() == "Posted from the article page."
            assert page.inner_text(f"#isso-{comment} .isso-author").strip() == "Browser Reader"
        finally:
            context.close()
    from plugins.live_comments.source import read_database

    [stored] = read_database(isso.db)
    assert (stored.uri, stored.author, stored.text) == (ARTICLE, "Browser Reader", "Posted from the article page.")
