"""Importing the Disqus fixture: threads matched to posts, parents kept, deleted and spam skipped."""

from __future__ import annotations

from plugins.migrate import import_disqus
from plugins.migrate.xmlstream import display
from tests.conftest import post, write_post
from tests.migrate.conftest import DISQUS, files_under, settings_for
from tests.migrate.test_import_wordpress import body, header, rows


def test_comments_land_on_the_posts_their_threads_match(imported_both):
    content, _, _ = imported_both
    disqus = sorted(name for name in files_under(content) if "/disqus-" in name)
    assert disqus == [
        "comments/about/disqus-9010.md",  # by URL, on a page
        "comments/café-trust/disqus-9011.md",  # by the ?p=12 address in the redirect map
        "comments/café-trust/disqus-9013.md",  # another thread (address) of the same post
        "comments/hello-world-2/disqus-9009.md",  # by identifier (the slug)
        "comments/hello-world/disqus-9002.md",  # by WordPress's identifier "10 https://…/?p=10"
        "comments/hello-world/disqus-9003.md",
        "comments/hello-world/disqus-9004.md",
        "comments/hello-world/disqus-9005.md",
        "comments/hello-world/disqus-9008.md",
    ]


def test_threads_and_statuses_are_kept(imported_both):
    content, _, _ = imported_both
    folder = content / "comments/hello-world"
    assert [header(folder / f"disqus-{i}.md").get("Reply-To", "") for i in (9002, 9003, 9004, 9005, 9008)] == [
        "",
        "disqus-9002",
        "disqus-9003",
        "disqus-9004",
        "",  # its parent was deleted
    ]
    assert header(folder / "disqus-9002.md") == {
        "Author": "Ben Carter",
        "Date": "2011-03-02 10:00:00+00:00",
        "Type": "comment",
        "Status": "approved",
    }
    assert body(folder / "disqus-9002.md") == (
        "Great read.\n\nSecond **paragraph** with [a link](https://example.org/guide).\n"
    )
    assert header(content / "comments/hello-world-2/disqus-9009.md")["Status"] == "pending"
    assert header(content / "comments/café-trust/disqus-9013.md")["Reply-To"] == "disqus-9011"
    assert body(content / "comments/about/disqus-9010.md") == "Grüße aus Köln – schöne Seite! 🎉\n"


def test_the_reconciliation_table_is_exact(imported_both):
    _, _, report = imported_both
    assert rows(report) == {
        "comments: comment, approved": (12, 8, 4),
        "comments: comment, pending": (1, 1, 0),
        "comments: comment, spam": (1, 0, 1),
        "comments: comment, deleted": (1, 0, 1),
    }
    assert report.tally.rows["comments: comment, approved"].skipped == {
        "already imported from WordPress": 1,  # 9001 is WordPress comment 100, synced by the Disqus plugin
        "its thread matches no post": 1,
        "could not be read (see below)": 1,
        "its thread is missing": 1,
    }
    text = report.render()
    assert (
        "threads: 6 found, 5 matched a post or page (3 by URL, 1 by WordPress identifier, 1 by identifier), 1 matched none"
        in text
    )
    assert (
        f"{display(DISQUS)}:60: thread 'https://elsewhere.example/some/unknown-page/' (1 comments) matches no post; "
        "import the posts first or fix its URL"
    ) in text
    assert f"{display(DISQUS)}:222: comment 9014: createdAt: cannot read the date 'yesterday'" in text


def test_importing_again_changes_nothing(imported_both):
    content, _, _ = imported_both
    before = files_under(content)
    again = import_disqus(DISQUS, settings_for(content))
    assert files_under(content) == before and again.written == 0
    assert again.tally.rows["comments: comment, approved"].skipped["unchanged since the last import"] == 8


def test_threads_match_posts_written_by_hand(content):
    """Without a WordPress import, a thread matches a post by its address on this site or its slug."""
    write_post(content, "hello.md", post("Hello World", date="2011-03-01 09:00", slug="hello-world"))
    write_post(content, "second.md", post("Hello again", date="2011-04-01 14:00", slug="hello-world-2"))
    report = import_disqus(DISQUS, settings_for(content))
    written = sorted(name for name in files_under(content) if name.startswith("comments/"))
    assert written == [
        "comments/hello-world-2/disqus-9009.md",
        "comments/hello-world/disqus-9001.md",  # without the WordPress import, not a duplicate
        "comments/hello-world/disqus-9002.md",
        "comments/hello-world/disqus-9003.md",
        "comments/hello-world/disqus-9004.md",
        "comments/hello-world/disqus-9005.md",
        "comments/hello-world/disqus-9008.md",
    ]
    assert "2 matched a post or page (1 by URL, 1 by identifier), 4 matched none" in report.render()
    assert report.tally.rows["comments: comment, approved"].skipped["its thread matches no post"] == 4
    assert report.tally.rows["comments: comment, approved"].written == 6
