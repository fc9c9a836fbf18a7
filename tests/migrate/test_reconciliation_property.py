"""Property: for any export, every record is written or skipped, never both, never neither; threads stay whole."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from html import escape
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from plugins.content_check.header import read_header
from plugins.migrate import ImportSettings, import_wordpress
from tests.migrate.conftest import files_under

START = datetime(2011, 1, 1, 12, 0)

comments = st.fixed_dictionaries(
    {
        "approved": st.sampled_from(["1", "1", "1", "0", "spam", "trash"]),
        "type": st.sampled_from(["", "", "comment", "pingback", "trackback", "webmention"]),
        # 0: top level; -1, -2: an earlier comment of the item; 1: the next one (loops); 99: no such comment
        "parent": st.sampled_from([0, 0, -1, -1, -2, 1, 99]),
        "url": st.sampled_from(["", "https://reader.example/", "javascript:alert(1)"]),
        "content": st.sampled_from(["Hi", "", "Two\n\nparagraphs", "<b>bold</b> *x*", "<script>x</script>"]),
        "minutes": st.integers(-600, 6000),
        "readable": st.sampled_from([True, True, True, False]),
    }
)
items = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["post", "post", "page", "attachment", "nav_menu_item"]),
        "status": st.sampled_from(
            ["publish", "publish", "draft", "pending", "future", "private", "trash", "auto-draft"]
        ),
        "slug": st.sampled_from(["same", "other", "", "caf%c3%a9", "archives"]),
        "title": st.sampled_from(["Same Title", "Other", "", "Café <em>culture</em>"]),
        "readable": st.sampled_from([True, True, True, False]),
        "tags": st.lists(st.sampled_from(["Loyalty", "Service", "Café"]), max_size=3),
        "comments": st.lists(comments, min_size=1, max_size=6),
    }
)


def parent_id(comment_id: int, relative: int) -> int:
    if relative in (0, 99):
        return relative
    return max(comment_id + relative, 0)


def wxr(records: list[dict]) -> tuple[str, int, int]:
    """The export's text, and its numbers of items and comments."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>P</title><link>https://p.example</link>'
        "<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://p.example</wp:base_blog_url>"
        "<wp:tag><wp:tag_slug>unused</wp:tag_slug><wp:tag_name>Unused</wp:tag_name></wp:tag>"
    ]
    comment_id = 0
    for number, item in enumerate(records, start=1):
        when = START + timedelta(days=number)
        date = f"{when:%Y-%m-%d %H:%M:%S}" if item["readable"] else "2011-99-99 00:00:00"
        tags = "".join(
            f'<category domain="post_tag" nicename="{t.lower()}"><![CDATA[{t}]]></category>' for t in item["tags"]
        )
        parts.append(
            f"<item><title>{escape(item['title'])}</title><link>https://p.example/{number}/</link>"
            f"<dc:creator>me</dc:creator><guid>https://p.example/?p={number}</guid>"
            f"<content:encoded><![CDATA[Body {number}\n\nSecond paragraph.]]></content:encoded>"
            f"<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{number}</wp:post_id>"
            f"<wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{date}</wp:post_date_gmt>"
            f"<wp:post_name>{item['slug']}</wp:post_name><wp:status>{item['status']}</wp:status>"
            f"<wp:post_parent>0</wp:post_parent><wp:post_type>{item['type']}</wp:post_type>{tags}"
        )
        for comment in item["comments"]:
            comment_id += 1
            stamp = when + timedelta(minutes=comment["minutes"])
            comment_date = f"{stamp:%Y-%m-%d %H:%M:%S}" if comment["readable"] else "never"
            parts.append(
                f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author>R{comment_id}</wp:comment_author>"
                f"<wp:comment_author_url>{escape(comment['url'])}</wp:comment_author_url>"
                f"<wp:comment_date_gmt>{comment_date}</wp:comment_date_gmt>"
                f"<wp:comment_content><![CDATA[{comment['content']}]]></wp:comment_content>"
                f"<wp:comment_approved>{comment['approved']}</wp:comment_approved>"
                f"<wp:comment_type>{comment['type']}</wp:comment_type>"
                f"<wp:comment_parent>{parent_id(comment_id, comment['parent'])}</wp:comment_parent></wp:comment>"
            )
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "".join(parts), len(records), comment_id


def _check_threads(content: Path) -> None:
    for folder in (content / "comments").glob("*") if (content / "comments").is_dir() else []:
        headers = {}
        for path in folder.glob("*.md"):
            headers[path.stem] = {f.key: f.value for f in read_header(path.read_text(encoding="utf-8")).fields}
        for comment_id, header in headers.items():
            assert header["Status"] in ("approved", "pending") and header["Type"] in (
                "comment",
                "pingback",
                "trackback",
            )
            if header["Type"] != "comment":
                assert "Reply-To" not in header and header["Url"].startswith("https://")
            seen = {comment_id}
            current = header
            while "Reply-To" in current:
                parent = current["Reply-To"]
                assert parent in headers, f"{folder.name}/{comment_id} answers {parent}, which is not there"
                assert parent not in seen, "a loop"
                assert headers[parent]["Date"] <= current["Date"], "a reply dated before its parent"
                seen.add(parent)
                current = headers[parent]


def _comment(**changes) -> dict:
    return {
        "approved": "1",
        "type": "",
        "parent": 0,
        "url": "",
        "content": "Hi",
        "minutes": 0,
        "readable": True,
    } | changes


def _post(*comments) -> dict:
    return {
        "type": "post",
        "status": "publish",
        "slug": "same",
        "title": "T",
        "readable": True,
        "tags": [],
        "comments": list(comments),
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(items, min_size=1, max_size=5))
@example([_post(_comment(parent=1), _comment(parent=-1))])  # a loop
@example([_post(_comment(minutes=100), _comment(parent=-1))])  # a reply older than its parent
@example([_post(_comment(approved="spam"), _comment(parent=-1), _comment(parent=-1, type="pingback"))])
def test_every_record_is_written_or_skipped_exactly_once(records):
    text, item_count, comment_count = wxr(records)
    with tempfile.TemporaryDirectory() as scratch:
        export = Path(scratch) / "export.xml"
        export.write_text(text, encoding="utf-8")
        content = Path(scratch) / "content"
        report = import_wordpress(export, ImportSettings(content=content))
        rows = report.tally.rows
        for label, row in rows.items():
            assert row.written + row.skipped_total == row.found, label
        found = lambda prefix: sum(r.found for label, r in rows.items() if label.startswith(prefix))  # noqa: E731
        written = lambda prefix: sum(r.written for label, r in rows.items() if label.startswith(prefix))  # noqa: E731
        assert found("posts") + found("pages") + found("attachments") + found("other items") == item_count
        assert found("comments") == comment_count
        files = files_under(content)
        for prefix in ("posts/", "pages/", "comments/"):
            assert written(prefix.rstrip("/")) == sum(1 for name in files if name.startswith(prefix)), prefix
        _check_threads(content)

        again = import_wordpress(export, ImportSettings(content=content))
        assert again.written == 0 and files_under(content) == files
        assert {label: r.found for label, r in again.tally.rows.items()} == {
            label: r.found for label, r in rows.items()
        }
