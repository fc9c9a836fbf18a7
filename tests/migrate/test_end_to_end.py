"""End to end: both fixtures imported, the site built with the comments plugin, every approved comment on
its post, threaded as in the export; nothing else shown."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.migrate.conftest import DISQUS, WXR

WP = {"wp": "http://wordpress.org/export/1.2/"}
DSQ_ID = "{http://disqus.com/disqus-internals}id"
DQ = "{http://disqus.com}"
# Where each imported post or page is built, by WordPress id and by Disqus thread.
PAGES = {10: "2011/03/01/hello-world", 11: "2011/04/01/hello-world-2", 12: "2011/05/10/café-trust", 20: "about"}
THREADS = {"5001": 10, "5002": 11, "5003": 20, "5004": 12, "5006": 12}


def wordpress_comments() -> dict[str, dict]:
    """Every comment of the WXR fixture, read with ElementTree: id -> post, parent, shown as comment/mention/none."""
    found = {}
    for item in ET.parse(WXR).getroot().iter("item"):
        post = int(item.findtext("wp:post_id", namespaces=WP))
        for comment in item.findall("wp:comment", WP):
            kind = comment.findtext("wp:comment_type", namespaces=WP) or "comment"
            approved = comment.findtext("wp:comment_approved", namespaces=WP) == "1"
            readable = comment.findtext("wp:comment_date_gmt", namespaces=WP).startswith("20")
            readable = readable and "-30 " not in comment.findtext("wp:comment_date_gmt", namespaces=WP)
            shown = approved and readable and post in PAGES
            found[f"wp-{comment.findtext('wp:comment_id', namespaces=WP)}"] = {
                "post": post,
                "parent": f"wp-{comment.findtext('wp:comment_parent', namespaces=WP)}",
                "shown": ("comment" if kind == "comment" else "mention") if shown else None,
            }
    return found


def disqus_comments(synced: set[str]) -> dict[str, dict]:
    found = {}
    for post in ET.parse(DISQUS).getroot().iter(f"{DQ}post"):
        thread = post.find(f"{DQ}thread").get(DSQ_ID)
        parent = post.find(f"{DQ}parent")
        flags = {name: post.findtext(f"{DQ}{name}") for name in ("isDeleted", "isSpam", "isApproved")}
        comment_id = post.get(DSQ_ID)
        shown = (
            thread in THREADS
            and flags["isDeleted"] == "false"
            and flags["isSpam"] == "false"
            and flags["isApproved"] != "false"
            and post.findtext(f"{DQ}createdAt").startswith("20")
            and comment_id not in synced
        )
        found[f"disqus-{comment_id}"] = {
            "post": THREADS.get(thread),
            "parent": f"disqus-{parent.get(DSQ_ID)}" if parent is not None else "",
            "shown": "comment" if shown else None,
        }
    return found


@pytest.fixture
def site(imported_both, build) -> Path:
    content, _, _ = imported_both
    return build(content)


def test_every_approved_comment_appears_on_its_post_threaded_as_in_the_export(site):
    synced = {"9001"}  # WordPress comment 100 came from Disqus: it must show once, as wp-100
    expected = wordpress_comments() | disqus_comments(synced)
    pages = {
        post: BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        for post, path in PAGES.items()
    }
    shown: dict[int, dict[str, str]] = defaultdict(dict)
    for post, page in pages.items():
        for element in page.select("li.comment, li.mention"):
            assert element["id"] not in shown[post], f"{element['id']} shown twice"
            shown[post][element["id"].removeprefix("comment-")] = (
                "comment" if "comment" in element["class"] else "mention"
            )
    for comment_id, facts in expected.items():
        if facts["shown"] is None:
            assert all(comment_id not in on_post for on_post in shown.values()), f"{comment_id} must not be shown"
            continue
        assert shown[facts["post"]].get(comment_id) == facts["shown"], f"{comment_id} missing from post {facts['post']}"
        if facts["shown"] != "comment":
            continue
        element = pages[facts["post"]].find("li", id=f"comment-{comment_id}")
        parent = element.find_parent("li", class_="comment")
        exported_parent = facts["parent"]
        # A reply keeps its exported parent when that parent is shown; else it stands at the top.
        if exported_parent in expected and expected[exported_parent]["shown"] == "comment":
            assert parent is not None and parent["id"] == f"comment-{exported_parent}", comment_id
        else:
            assert parent is None, comment_id
    # The counts readers see match.
    for post, page in pages.items():
        comments = sum(1 for kind in shown[post].values() if kind == "comment")
        title = page.select_one("#comments-title").get_text()
        assert title == (f"{comments} comment{'' if comments == 1 else 's'}" if comments else "No comments yet"), post
    assert len(shown[10]) == 13 and len(shown[20]) == 3  # the first post; the About page


def test_the_four_levels_of_the_first_thread(site):
    page = BeautifulSoup((site / PAGES[10] / "index.html").read_text(encoding="utf-8"), "html.parser")
    deepest = page.find("li", id="comment-wp-103")
    chain = [li["id"] for li in deepest.find_parents("li", class_="comment")]
    assert chain == ["comment-wp-102", "comment-wp-101", "comment-wp-100"]
    assert "by-author" in page.find("li", id="comment-wp-101")["class"]
