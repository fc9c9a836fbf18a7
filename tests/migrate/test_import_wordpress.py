"""Importing the WordPress fixture: the files written, the reconciliation table, idempotence and bad input."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from plugins.content_check.header import read_header
from plugins.migrate import MigrateError, import_wordpress
from plugins.migrate.import_wxr import STATUS_LABELS
from plugins.migrate.xmlstream import display
from tests.migrate.conftest import WXR, files_under, settings_for

WP = {"wp": "http://wordpress.org/export/1.2/"}
APPROVAL = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash"}


def header(path: Path) -> dict[str, str]:
    return {field.key: field.value for field in read_header(path.read_text(encoding="utf-8")).fields}


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n\n", 1)[1]


def rows(report) -> dict[str, tuple[int, int, int]]:
    return {label: (row.found, row.written, row.skipped_total) for label, row in report.tally.rows.items()}


def test_the_files_written(imported):
    content, _ = imported
    assert sorted(files_under(content)) == [
        "comments/about/wp-500.md",
        "comments/about/wp-501.md",
        "comments/hello-world-2/wp-200.md",
        "comments/hello-world-2/wp-201.md",
        "comments/hello-world-2/wp-202.md",
        "comments/hello-world/wp-100.md",
        "comments/hello-world/wp-101.md",
        "comments/hello-world/wp-102.md",
        "comments/hello-world/wp-103.md",
        "comments/hello-world/wp-104.md",
        "comments/hello-world/wp-106.md",
        "comments/hello-world/wp-107.md",
        "comments/hello-world/wp-108.md",
        "comments/hello-world/wp-110.md",
        "imports/manifest.json",
        "imports/wordpress-attachments.csv",
        "pages/about.md",
        "pages/archives-page.md",
        "pages/team.md",
        "posts/café-trust.md",
        "posts/draft-thoughts-on-onboarding.md",
        "posts/hello-world-2.md",
        "posts/hello-world.md",
        "posts/social-crm.md",
        "redirects/wordpress.csv",
    ]


def test_a_post_keeps_its_metadata(imported):
    content, _ = imported
    assert header(content / "posts/hello-world.md") == {
        "Title": "Hello World",
        "Date": "2011-03-01 09:00:00+00:00",
        "Modified": "2011-03-05 11:30:00+00:00",
        "Category": "Customer Service",
        "Tags": "Loyalty",
        "Slug": "hello-world",
        "Author": "Morgan Hale",
        "Summary": "Welcome to the new blog about **customer-centric culture**. This line follows a single line "
        "break. A second paragraph, which ends the teaser.",
        "Status": "published",
    }
    assert body(content / "posts/hello-world.md") == (
        "Welcome to the new blog about **customer-centric culture**.  \nThis line follows a single line break.\n\n"
        "A second paragraph, which ends the teaser.\n\nAfter the fold, a captioned photo:\n\n"
        "[![The support team](https://customersrock.example/wp-content/uploads/2011/03/team-300x200.jpg)]"
        "(https://customersrock.example/wp-content/uploads/2011/03/team.jpg)\n\n*Our support team on launch day*\n\n"
        "Read the [follow-up post]({filename}/posts/hello-world-2.md), or the [About page]({filename}/pages/about.md)."
        "\n\n- Listen first\n- Answer in public\n\nWhat do *you* think?\n"
    )


def test_posts_with_the_same_title_keep_their_own_slugs(imported):
    content, _ = imported
    first, second = header(content / "posts/hello-world.md"), header(content / "posts/hello-world-2.md")
    assert first["Title"] == second["Title"] == "Hello World"
    assert (first["Slug"], second["Slug"]) == ("hello-world", "hello-world-2")
    assert second["Summary"] == "A second *Hello World*, about café culture."
    assert second["Tags"] == "Café, Twitter" and second["Author"] == "Renée Guest"


def test_statuses_categories_and_slugs(imported):
    content, _ = imported
    draft = header(content / "posts/draft-thoughts-on-onboarding.md")
    assert (draft["Status"], draft["Date"], draft["Slug"]) == (
        "draft",
        "2012-01-15 18:20:00",
        "draft-thoughts-on-onboarding",
    )
    assert header(content / "posts/social-crm.md")["Status"] == "draft"  # pending review in WordPress
    trust = header(content / "posts/café-trust.md")
    assert (trust["Category"], trust["Tags"]) == (
        "Hiring",
        "Loyalty, Customer Service",
    )  # a second category becomes a tag
    assert header(content / "pages/archives-page.md")["Slug"] == "archives-page"  # /archives/ is the site's own
    assert not (content / "posts/internal-memo.md").exists()


def test_shortcodes_and_embeds_in_a_post(imported):
    content, _ = imported
    text = body(content / "posts/café-trust.md")
    assert "![team](https://customersrock.example/wp-content/uploads/2011/03/team.jpg)" in text  # [gallery]
    assert '```python\nvisits = {"ana": 3, "ben": 1}\n' in text  # [code], left verbatim
    assert "count > 1 and count < 10" in text
    assert "Write [gallery] to show the shortcode itself." in text
    assert "<https://www.youtube.com/watch?v=xyz789>" in text
    assert "[the first post]({filename}/posts/hello-world.md)" in text
    second = body(content / "posts/hello-world-2.md")
    assert "日本語のテキスト and 🎉" in second
    assert "<https://www.youtube.com/watch?v=dQw4w9WgXcQ>" in second and "<https://vimeo.com/76979871>" in second


def test_comments_keep_their_threads_types_and_statuses(imported):
    content, _ = imported
    folder = content / "comments/hello-world"
    replies = {path.stem: header(path).get("Reply-To", "") for path in folder.glob("*.md")}
    assert replies == {
        "wp-100": "",
        "wp-101": "wp-100",
        "wp-102": "wp-101",
        "wp-103": "wp-102",  # four levels deep
        "wp-104": "",
        "wp-106": "",  # its parent was spam: it stands on its own now
        "wp-107": "",
        "wp-108": "",
        "wp-110": "",
    }
    assert header(folder / "wp-101.md") == {
        "Author": "Morgan Hale",
        "Date": "2011-03-01 11:00:00+00:00",
        "Url": "https://customersrock.example",
        "Reply-To": "wp-100",
        "Type": "comment",
        "Status": "approved",
        "Role": "author",
    }
    assert header(folder / "wp-104.md")["Status"] == "pending"
    assert header(folder / "wp-107.md")["Type"] == "pingback"
    assert header(folder / "wp-108.md")["Type"] == "trackback"
    assert body(folder / "wp-108.md") == "**Welcome, new blog**\n\nWe linked to your launch post.\n"
    zoe = folder / "wp-110.md"
    assert "Url" not in header(zoe)  # javascript: is no commenter's address
    assert body(zoe) == "Så bra! 1999. Was a good year for \\*service\\* & loyalty.  \n\\# not a heading\n"
    assert header(content / "comments/about/wp-501.md")["Reply-To"] == "wp-500"  # comments on a page
    assert header(content / "comments/hello-world-2/wp-202.md")["Status"] == "pending"


def _independent_counts() -> Counter:
    """Records per table row, counted from the fixture with ElementTree rather than the importer's parser."""
    counts: Counter = Counter()
    channel = ET.parse(WXR).getroot().find("channel")
    for item in channel.findall("item"):
        kind, status = item.findtext("wp:post_type", namespaces=WP), item.findtext("wp:status", namespaces=WP)
        if kind in ("post", "page"):
            counts[f"{kind}s: {STATUS_LABELS[status]}"] += 1
        elif kind == "attachment":
            counts["attachments"] += 1
        else:
            counts["other items"] += 1
        for comment in item.findall("wp:comment", WP):
            comment_type = comment.findtext("wp:comment_type", namespaces=WP) or "comment"
            counts[f"comments: {comment_type}, {APPROVAL[comment.findtext('wp:comment_approved', namespaces=WP)]}"] += 1
    terms = {
        (t.tag, t.findtext("wp:category_nicename", namespaces=WP) or t.findtext("wp:tag_slug", namespaces=WP))
        for t in channel
    }
    counts["categories"] = sum(1 for tag, _ in terms if tag == f"{{{WP['wp']}}}category")
    counts["tags"] = sum(1 for tag, _ in terms if tag == f"{{{WP['wp']}}}tag")
    counts["other terms"] = len(channel.findall("wp:term", WP))
    return counts


def test_the_reconciliation_table_is_exact(imported):
    content, report = imported
    assert rows(report) == {
        "posts: published": (4, 3, 1),
        "posts: draft": (1, 1, 0),
        "posts: pending review": (1, 1, 0),
        "posts: private": (1, 0, 1),
        "posts: trash": (1, 0, 1),
        "pages: published": (3, 3, 0),
        "comments: comment, approved": (12, 10, 2),
        "comments: comment, pending": (1, 1, 0),
        "comments: comment, spam": (1, 0, 1),
        "comments: comment, trash": (1, 0, 1),
        "comments: pingback, approved": (1, 1, 0),
        "comments: pingback, pending": (1, 1, 0),
        "comments: trackback, approved": (1, 1, 0),
        "attachments": (2, 0, 2),
        "categories": (5, 4, 1),
        "tags": (5, 3, 2),
        "other terms": (1, 0, 1),
        "other items": (2, 0, 2),
    }
    # Found: what the export holds, counted independently.
    assert {label: row.found for label, row in report.tally.rows.items()} == dict(_independent_counts())
    # Written: what is on disk.
    on_disk = files_under(content)
    written = lambda prefix: sum(row.written for label, row in report.tally.rows.items() if label.startswith(prefix))  # noqa: E731
    assert written("posts") == sum(1 for name in on_disk if name.startswith("posts/"))
    assert written("pages") == sum(1 for name in on_disk if name.startswith("pages/"))
    assert written("comments") == sum(1 for name in on_disk if name.startswith("comments/"))
    # Skipped: every one with its reason.
    skipped = report.tally.rows
    assert skipped["comments: comment, approved"].skipped == {
        "could not be read (see below)": 1,
        "on a skipped post (private)": 1,
    }
    assert skipped["tags"].skipped == {"on no post": 1, "only on skipped posts": 1}
    for row in report.tally.rows.values():
        assert row.written + row.skipped_total == row.found


def test_the_report_names_what_could_not_be_read(imported):
    _, report = imported
    text = report.render()
    assert "posts: private                     1        0        1  private: 1" in text
    assert (
        f"{display(WXR)}:499: post 17 'Unreadable Date': post_date_gmt: cannot read the date '2011-13-45 09:00:00'"
        in text
    )
    assert f"{display(WXR)}:237: comment 111 on post 10 'Hello World': comment_date_gmt: cannot read" in text
    assert "comments re-attached: 1" in text
    assert "Files: 24 written (24 new, 0 updated), 0 unchanged." in text


def test_the_redirect_map_and_the_attachment_list(imported):
    content, _ = imported
    assert (content / "redirects/wordpress.csv").read_text(encoding="utf-8").splitlines() == [
        "old,new",
        "/?p=10,{filename}/posts/hello-world.md",
        "/2011/03/01/hello-world/,{filename}/posts/hello-world.md",
        "/?p=11,{filename}/posts/hello-world-2.md",
        "/2011/04/01/hello-world-2/,{filename}/posts/hello-world-2.md",
        "/?p=12,{filename}/posts/café-trust.md",
        "/2011/05/10/caf%c3%a9-trust/,{filename}/posts/café-trust.md",
        "/?p=20,{filename}/pages/about.md",
        "/?page_id=20,{filename}/pages/about.md",
        "/about/,{filename}/pages/about.md",
        "/?p=21,{filename}/pages/team.md",
        "/?page_id=21,{filename}/pages/team.md",
        "/about/team/,{filename}/pages/team.md",
        "/?p=22,{filename}/pages/archives-page.md",
        "/?page_id=22,{filename}/pages/archives-page.md",
        "/archives/,{filename}/pages/archives-page.md",
        "/category/customer-service/,{category}Customer Service",
        "/category/social-media/,{category}Social Media",
        "/category/culture/hiring/,{category}Hiring",
        "/tag/loyalty/,{tag}Loyalty",
        "/tag/twitter/,{tag}Twitter",
        "/tag/caf%C3%A9/,{tag}Café",
    ]
    assert (content / "imports/wordpress-attachments.csv").read_text(encoding="utf-8").splitlines() == [
        "id,title,url,post,file",
        "50,team,https://customersrock.example/wp-content/uploads/2011/03/team.jpg,posts/café-trust.md,",
        "51,Counter at opening time,https://media.customersrock.example/wp-content/uploads/2011/05/counter.png,"
        "posts/café-trust.md,",
    ]


def test_importing_again_changes_nothing(imported):
    content, _ = imported
    before = files_under(content)
    again = import_wordpress(WXR, settings_for(content))
    assert files_under(content) == before
    assert again.written == 0
    assert all(row.written == 0 for row in again.tally.rows.values())
    assert again.tally.rows["posts: published"].skipped == {
        "unchanged since the last import": 3,
        "could not be read (see below)": 1,
    }
    assert "Nothing new: all 24 files already hold what this export gives; nothing was written." in again.render()


def test_a_post_edited_by_hand_is_kept_unless_forced(imported):
    content, _ = imported
    post = content / "posts/hello-world.md"
    edited = post.read_text(encoding="utf-8").replace("What do *you* think?", "What do you think? (edited)")
    post.write_text(edited, encoding="utf-8")
    again = import_wordpress(WXR, settings_for(content))
    assert post.read_text(encoding="utf-8") == edited
    assert again.tally.rows["posts: published"].skipped["edited since the last import (--force overwrites)"] == 1
    assert "Kept 1 files changed by hand instead of overwriting them; --force overwrites them." in again.render()
    forced = import_wordpress(WXR, settings_for(content), force=True)
    assert "What do *you* think?" in post.read_text(encoding="utf-8")
    assert forced.files["updated"] == 1 and forced.tally.rows["posts: published"].written == 1


def test_a_changed_export_updates_what_the_import_wrote(imported, export_copy):
    content, _ = imported
    changed = export_copy(edit=lambda t: t.replace("About once a week.", "About twice a week."))
    report = import_wordpress(changed, settings_for(content))
    assert body(content / "comments/about/wp-501.md") == "About twice a week.\n"
    assert report.files["updated"] == 1 and report.written == 1


def test_a_file_the_import_did_not_write_is_never_overwritten(tmp_path):
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    own = "Title: About\nSlug: about\n\nMy own About page.\n"
    (content / "pages/about.md").write_text(own, encoding="utf-8")
    report = import_wordpress(WXR, settings_for(content))
    assert (content / "pages/about.md").read_text(encoding="utf-8") == own
    assert report.tally.rows["pages: published"].skipped == {
        "a file of that name exists that the import did not write (--force overwrites)": 1
    }


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t[: len(t) * 2 // 3],
        lambda t: t.replace("Our Team", "Our\x01Team"),
        lambda t: t.replace("<wp:wxr_version>1.2</wp:wxr_version>", ""),
    ],
    ids=["truncated", "invalid character", "not an export"],
)
def test_a_bad_export_writes_nothing(tmp_path, export_copy, edit):
    content = tmp_path / "content"
    content.mkdir()
    with pytest.raises(MigrateError):
        import_wordpress(export_copy(edit=edit), settings_for(content))
    assert files_under(content) == {}


def test_importing_again_converts_only_what_changed(imported, export_copy, monkeypatch):
    """Files made from the same source are not made again: a re-import of a large blog is quick."""
    import plugins.migrate.import_wxr as importer

    content, _ = imported
    converted: list[list[str]] = []
    real = importer.convert_all
    monkeypatch.setattr(
        importer, "convert_all", lambda jobs, links: converted.append([j.kind for j in jobs]) or real(jobs, links)
    )
    import_wordpress(WXR, settings_for(content))
    changed = export_copy(edit=lambda t: t.replace("About once a week.", "About twice a week."))
    import_wordpress(changed, settings_for(content))
    assert converted == [[], ["comment", "comment"]]  # nothing; then the two comments of the About page
    # A file edited by hand is looked at again (and kept), never taken as fresh.
    post = content / "posts/hello-world.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nAn added line.\n", encoding="utf-8")
    again = import_wordpress(changed, settings_for(content))
    assert converted[-1] == ["post", "summary"]
    assert again.tally.rows["posts: published"].skipped["edited since the last import (--force overwrites)"] == 1


def test_a_page_with_a_posts_slug_gets_its_own(tmp_path, export_copy):
    """Posts and pages share comments/<slug>/, so their slugs must differ too."""
    export = export_copy(
        edit=lambda t: t.replace("<wp:post_name><![CDATA[team]]>", "<wp:post_name><![CDATA[hello-world]]>")
    )
    report = import_wordpress(export, settings_for(tmp_path / "content"))
    assert header(tmp_path / "content/pages/about-hello-world.md")["Slug"] == "about-hello-world"
    assert "slugs made unique: hello-world -> about-hello-world: 1" in report.notes
    redirects = (tmp_path / "content/redirects/wordpress.csv").read_text(encoding="utf-8")
    assert "/about/team/,{filename}/pages/about-hello-world.md" in redirects
