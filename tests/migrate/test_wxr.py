"""The WXR parser: what it reads from the fixture, and each kind of bad file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from plugins.migrate import MigrateError, parse_wxr
from plugins.migrate.xmlstream import display
from tests.migrate.conftest import DISQUS, WXR


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


@pytest.fixture(scope="module")
def export():
    return parse_wxr(WXR)


def test_items_by_type_and_status(export):
    assert [(i.id, i.type, i.status) for i in export.items] == [
        (10, "post", "publish"),
        (11, "post", "publish"),
        (12, "post", "publish"),
        (13, "post", "draft"),
        (14, "post", "private"),
        (15, "post", "trash"),
        (16, "post", "pending"),
        (17, "post", "publish"),
        (20, "page", "publish"),
        (21, "page", "publish"),
        (22, "page", "publish"),
        (50, "attachment", "inherit"),
        (51, "attachment", "inherit"),
        (60, "nav_menu_item", "publish"),
        (61, "revision", "inherit"),
    ]
    assert [p.id for p in export.posts] == [10, 11, 12, 13, 14, 15, 16, 17]
    assert [p.id for p in export.pages] == [20, 21, 22]
    assert [a.id for a in export.attachments] == [50, 51]


def test_site_authors_and_terms(export):
    assert export.site.base_blog_url == "https://customersrock.example"
    assert export.site.wxr_version == "1.2"
    assert export.authors["guest"].display_name == "Renée Guest"
    assert export.authors["morgan"].id == 1
    assert [(t.taxonomy, t.slug, t.name, t.parent) for t in export.categories][-1] == (
        "category",
        "hiring",
        "Hiring",
        "culture",
    )
    assert [t.slug for t in export.tags] == ["loyalty", "twitter", "café", "unused-tag", "secret"]
    assert [t.taxonomy for t in export.terms if t.taxonomy not in ("category", "post_tag")] == ["nav_menu"]


def test_dates_are_gmt_and_aware_or_local_and_naive(export):
    first = export.items[0]
    assert first.date == datetime(2011, 3, 1, 9, 0, tzinfo=UTC)
    assert first.modified == datetime(2011, 3, 5, 11, 30, tzinfo=UTC)
    draft = export.items[3]
    assert draft.date == datetime(2012, 1, 15, 18, 20) and draft.date.tzinfo is None
    assert draft.slug == ""


def test_cdata_text_and_non_ascii_survive(export):
    first, second, third = export.items[:3]
    assert first.content.startswith("Welcome to the new blog about <strong>customer-centric culture</strong>.\nThis")
    assert "<!--more-->" in first.content
    assert "日本語のテキスト and 🎉" in second.content
    assert second.excerpt == "A second <em>Hello World</em>, about café culture."
    assert third.slug == "café-trust"  # post_name is percent-encoded in the export
    assert [(t.taxonomy, t.slug, t.name) for t in second.terms] == [
        ("category", "social-media", "Social Media"),
        ("post_tag", "café", "Café"),
        ("post_tag", "twitter", "Twitter"),
    ]


def test_comments_keep_status_type_parent_and_post(export):
    by_id = {c.id: c for c in export.comments}
    assert len(export.comments) == 18
    assert {c.id: c.status for c in export.comments if c.status != "approved"} == {
        104: "pending",
        105: "spam",
        109: "trash",
        202: "pending",
    }
    assert {c.id: c.type for c in export.comments if c.type != "comment"} == {
        107: "pingback",
        108: "trackback",
        202: "pingback",
    }
    assert [by_id[i].parent for i in (100, 101, 102, 103)] == [0, 100, 101, 102]
    assert by_id[200].author == "田中 花子" and by_id[200].post_id == 11
    assert by_id[107].author == "Service Matters » Launch roundup"  # entities in names are decoded
    assert by_id[100].meta == {"dsq_post_id": "9001"}
    assert by_id[100].content == "Congratulations on the launch!\n\nLooking forward to the next post."
    assert by_id[500].post_id == 20


def test_unreadable_fields_are_recorded_with_their_line(export):
    broken_post = export.items[7]
    assert broken_post.problems == [
        "post_date_gmt: cannot read the date '2011-13-45 09:00:00'",
        "post_date: cannot read the date '2011-13-45 10:00:00'",
    ]
    assert broken_post.line == line_of(WXR, "<title>Unreadable Date</title>") - 1
    broken_comment = next(c for c in export.comments if c.id == 111)
    assert broken_comment.date is None and len(broken_comment.problems) == 2
    assert broken_comment.line == line_of(WXR, "<wp:comment_id>111</wp:comment_id>") - 1


def test_older_wxr_versions_read_alike(export_copy):
    old = parse_wxr(export_copy(edit=lambda t: t.replace("export/1.2/", "export/1.0/").replace(">1.2<", ">1.0<")))
    assert old.site.wxr_version == "1.0"
    assert [(i.id, i.status, len(i.comments)) for i in old.items] == [
        (i.id, i.status, len(i.comments)) for i in parse_wxr(WXR).items
    ]


def _error(path: Path) -> str:
    with pytest.raises(MigrateError) as caught:
        parse_wxr(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_truncated_file_names_its_last_line(export_copy):
    path = export_copy(edit=lambda t: t[: len(t) // 2])
    lines = path.read_text(encoding="utf-8").count("\n") + 1
    assert _error(path) == (
        f"{path}:{lines}: XML: the file ends before the export does (it is truncated); download or export it again"
    )


def test_a_character_xml_forbids_is_named_with_its_line(export_copy):
    path = export_copy(edit=lambda t: t.replace("Brewing Trust at the Counter", "Brewing\x0bTrust", 1))
    line = line_of(path, "Brewing")
    assert _error(path) == (
        f"{path}:{line}: XML: the character U+000B, which XML does not allow, at column 17; "
        "remove it (or export again) and import again"
    )


def test_bytes_that_are_not_utf8_are_named(tmp_path):
    path = tmp_path / "latin1.xml"
    path.write_bytes(WXR.read_bytes().replace("Renée".encode(), "Ren\xe9e".encode("latin-1")))
    line = line_of(WXR, "Renée")
    assert _error(path).startswith(f"{path}:{line}: XML: bytes that are not UTF-8 (0xe9) at column ")


def test_entity_declarations_are_refused(tmp_path):
    path = tmp_path / "laughs.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n'
        "<rss><channel><title>&lol2;</title></channel></rss>\n"
    )
    assert _error(path) == (
        f"{path}:2: XML: the file contains a document type declaration (DOCTYPE), which exports never do; "
        "refusing to read it (export it again from the original site)"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<html><body>Not an export</body></html>", "1: not a WordPress export: the document is <html>, not <rss>"),
        (
            '<rss version="2.0"><channel><title>A feed</title><item><title>x</title></item></channel></rss>',
            "1: not a WordPress export: an RSS feed without <wp:wxr_version>",
        ),
        ("just some text", "1: XML: syntax error at column 1; this is not a well-formed export file"),
        ("", "1: XML: the file is empty; export it again"),
    ],
)
def test_files_that_are_not_exports(tmp_path, text, expected):
    path = tmp_path / "export.xml"
    path.write_text(text)
    assert _error(path).startswith(f"{path}:{expected}")


def test_a_disqus_export_is_recognised():
    assert _error(DISQUS) == f"{display(DISQUS)}:2: this is a Disqus export, not a WordPress one; use import-disqus"


def test_a_missing_file(tmp_path):
    assert (
        _error(tmp_path / "nowhere.xml")
        == f"{tmp_path / 'nowhere.xml'}: file not found; give the path of the export file"
    )
