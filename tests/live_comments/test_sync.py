"""From Isso's comments to comment files: threads to articles, parents, no duplicates, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.live_comments.errors import LiveCommentsError
from plugins.live_comments.source import IssoComment
from plugins.live_comments.sync import plan, sync
from plugins.migrate.settings import ImportSettings
from tests.conftest import post, write_post

AUG_17 = 1345194720.0  # 2012-08-17 09:12:00 UTC


def comment(id: int, uri: str = "/2012/08/16/hello/", parent: int | None = None, **fields) -> IssoComment:
    values = {"created": AUG_17 + id, "author": "Jane Reader", "website": "", "text": f"Comment number {id}."}
    values.update(fields)
    return IssoComment(id, uri, parent, **values)


@pytest.fixture
def site(content: Path) -> ImportSettings:
    write_post(content, "hello.md", post("Hello", date="2012-08-16 09:00", slug="hello"))
    write_post(content, "service.md", post("Service With a Smile", date="2013-01-02 10:00"))
    return ImportSettings(content=content)


def test_each_comment_becomes_a_file_under_its_article(site):
    report = sync(
        [
            comment(1, website="jane.example", text="I *agree*."),
            comment(2, parent=1, author="Ann & Co", website="javascript:alert(1)"),
            comment(3, uri="/2013/01/02/service-with-a-smile/", author=""),
        ],
        site,
    )
    root = site.content / "comments"
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md")) == [
        "hello/isso-1.md",
        "hello/isso-2.md",
        "service-with-a-smile/isso-3.md",
    ]
    assert (root / "hello/isso-1.md").read_text() == (
        "Author: Jane Reader\nDate: 2012-08-17 09:12:01+00:00\nUrl: http://jane.example\n"
        "Type: comment\nStatus: approved\n\nI *agree*.\n"
    )
    reply = (root / "hello/isso-2.md").read_text()
    assert "Reply-To: isso-1\n" in reply and "Author: Ann & Co\n" in reply and "Url:" not in reply
    assert "Author: Anonymous\n" in (root / "service-with-a-smile/isso-3.md").read_text()
    assert report.threads == 2 and report.already == 0 and len(report.written) == 3
    assert report.render().splitlines()[0] == "Isso: 3 new comment file(s), 0 already synced, from 2 thread(s)"


def test_a_second_sync_writes_nothing_and_keeps_edits(site):
    sync([comment(1)], site)
    edited = site.content / "comments/hello/isso-1.md"
    edited.write_text(edited.read_text().replace("Comment number 1.", "Edited by the author."))
    report = sync([comment(1), comment(2, parent=1)], site)
    assert report.written == ["comments/hello/isso-2.md"] and report.already == 1
    assert "Edited by the author." in edited.read_text()
    again = sync([comment(1), comment(2, parent=1)], site)
    assert again.written == [] and again.already == 2


def test_a_comment_moved_to_another_article_folder_is_not_written_again(site):
    sync([comment(1)], site)
    moved = site.content / "comments/service-with-a-smile"
    moved.mkdir()
    (site.content / "comments/hello/isso-1.md").rename(moved / "isso-1.md")
    report = sync([comment(1)], site)
    assert report.written == [] and report.already == 1
    assert list((site.content / "comments/hello").iterdir()) == []


def test_a_reply_to_a_comment_not_accepted_starts_its_own_thread(site):
    sync([comment(5, parent=4)], site)
    assert "Reply-To" not in (site.content / "comments/hello/isso-5.md").read_text()


def test_a_reply_to_a_comment_synced_earlier_keeps_its_parent(site):
    sync([comment(1)], site)
    sync([comment(2, parent=1)], site)  # a server whose comment 1 was since deleted
    assert "Reply-To: isso-1\n" in (site.content / "comments/hello/isso-2.md").read_text()


def test_thread_uris_match_with_or_without_host_and_slash(site):
    files, _ = plan(
        [comment(1, uri="https://blog.example/2012/08/16/hello"), comment(2, uri="/2012/08/16/hello/#x")], site
    )
    assert sorted(files) == ["comments/hello/isso-1.md", "comments/hello/isso-2.md"]


def test_a_thread_matching_no_article_writes_nothing(site):
    with pytest.raises(LiveCommentsError) as caught:
        sync([comment(1), comment(2, uri="/2011/01/01/gone/"), comment(3, uri="/2011/01/01/gone/")], site)
    assert [str(p) for p in caught.value.problems] == [
        "isso thread /2011/01/01/gone/: uri: matches no post or page in content/ (2 accepted comment(s)); "
        "restore the post, or move the thread in Isso's database to the post's address"
    ]
    assert not (site.content / "comments").exists()


def test_a_failed_write_leaves_nothing_behind(site):
    (site.content / "comments").mkdir()
    (site.content / "comments/service-with-a-smile").write_text("a file where a folder must go")
    with pytest.raises(LiveCommentsError) as caught:
        sync([comment(1), comment(2, uri="/2013/01/02/service-with-a-smile/")], site)
    assert "nothing synced" in str(caught.value)
    assert sorted(p.name for p in (site.content / "comments").rglob("*")) == ["hello", "service-with-a-smile"]
    assert list((site.content / "comments/hello").iterdir()) == []
