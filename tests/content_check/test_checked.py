"""What the checks found in unchanged files is remembered, and never hides a problem."""

from __future__ import annotations

import importlib
import os

import pytest

from plugins.publisher import PublishError
from tests.conftest import ROOT, post, write_post

PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000105fe02fea70000000049454e44ae426082"
)


@pytest.fixture
def headers_read(monkeypatch):
    """The files whose header the checks read (Pelican loads the plugin under its own name)."""
    monkeypatch.syspath_prepend(str(ROOT / "plugins"))
    site = importlib.import_module("content_check.site")
    read = []
    original = site.read_header

    def counting(text):
        read.append(text.splitlines()[0])
        return original(text)

    monkeypatch.setattr(site, "read_header", counting)
    return read


@pytest.fixture
def blog(content):
    (content / "images" / "chart.png").write_bytes(PIXEL)
    for number in range(3):
        write_post(content, f"p{number}.md", post(f"Post {number}", date=f"2012-08-1{number} 09:00"))
    write_post(content, "chart.md", post("Chart", body="![A chart]({static}/images/chart.png)"))
    return content


def messages(error: PublishError) -> list[str]:
    return [line for line in error.problems if "content/" in line]


def test_unchanged_files_are_not_read_again_and_an_edited_one_is(blog, build, headers_read):
    build(blog)
    assert sorted(headers_read) == ["Title: Chart", "Title: Post 0", "Title: Post 1", "Title: Post 2"]
    headers_read.clear()
    build(blog)
    assert headers_read == []
    write_post(blog, "p1.md", post("Post 1", date="2012-08-11 09:00", body="Edited."))
    build(blog)
    assert headers_read == ["Title: Post 1"]


def test_a_file_its_post_needs_is_looked_for_on_every_build(blog, build):
    """The post that links to another is unchanged, and so is its HTML (links are resolved later):
    only looking for the linked file again finds that it is gone."""
    write_post(blog, "links.md", post("Links", date="2012-09-01 09:00", body="See [zero]({filename}p0.md)."))
    build(blog)
    os.unlink(blog / "posts" / "p0.md")
    with pytest.raises(PublishError) as raised:
        build(blog)
    assert messages(raised.value) == [
        "content/posts/links.md:6: link: links to '{filename}p0.md', but content/posts/p0.md does not exist; "
        "fix the path"
    ]


def test_a_problem_is_found_again_until_it_is_fixed(blog, build):
    write_post(blog, "p2.md", post("Post 2", extra="Tag: oops\n"))
    for _ in range(2):
        with pytest.raises(PublishError) as raised:
            build(blog)
        assert messages(raised.value) == ["content/posts/p2.md:5: Tag: unknown metadata key; did you mean 'Tags'?"]


def test_what_the_answers_depend_on_besides_the_files_is_part_of_the_record(blog, build):
    write_post(blog, "p2.md", post("Post 2", extra="Tag: mine\n"))
    build(blog, CONTENT_CHECK_EXTRA_KEYS=["tag"])
    with pytest.raises(PublishError) as raised:
        build(blog)  # the key is no longer the site's own
    assert messages(raised.value) == ["content/posts/p2.md:5: Tag: unknown metadata key; did you mean 'Tags'?"]


def test_the_rendered_text_is_part_of_the_key(tmp_path):
    from plugins.content_check.checked import CheckedFiles

    source = tmp_path / "post.md"
    source.write_text("Title: T\n\nText.\n", encoding="utf-8")
    checked = CheckedFiles(tmp_path / "record.pickle", b"signature")
    key = checked.key(str(source), "article", "<p>Text.</p>")
    assert key == checked.key(str(source), "article", "<p>Text.</p>")
    assert key != checked.key(str(source), "article", '<p>Text.</p><img src="{static}/x.png">')
    assert key != checked.key(str(source), "page", "<p>Text.</p>")
    assert checked.key(str(tmp_path / "gone.md"), "article", "") is None


def test_switched_off_nothing_is_kept(blog, build, tmp_path):
    build(blog, CONTENT_CHECK_CACHE=False)
    assert not (tmp_path / "cache" / "content_check").exists()
    build(blog)
    assert (tmp_path / "cache" / "content_check" / "files.pickle").is_file()


def test_a_damaged_record_is_as_good_as_none(blog, build, tmp_path, headers_read):
    build(blog)
    (tmp_path / "cache" / "content_check" / "files.pickle").write_bytes(b"not a pickle")
    headers_read.clear()
    build(blog)
    assert len(headers_read) == 4
