"""An incremental build equals a fresh full build, file for file, after every kind of edit.

One corpus is built again and again into the same folder with the same
cache, as ``invoke build`` does while an author writes; after each edit the
result is compared with a build of the same content by plain Pelican (the fast
build switched off) into a new folder: the same files, byte for byte, and no
file more or less.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from bench.corpus import generate
from plugins.publisher import build_site
from tests.conftest import ROOT, post, write_post

# A 1x1 PNG.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000105fe02fea70000000049454e44ae426082"
)


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def mtimes(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()
    }


def assert_same_site(incremental: Path, full: Path) -> None:
    ours, reference = files(incremental), files(full)
    assert sorted(set(ours) - set(reference)) == [], "files the full build does not have"
    assert sorted(set(reference) - set(ours)) == [], "files missing from the incremental build"
    assert [name for name in sorted(ours) if ours[name] != reference[name]] == []


class Site:
    """A corpus, its incremental output and cache, and a way to check them against a full build."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "content"
        self.output = root / "output"
        self.cache = root / "cache"
        self.theme = root / "theme"
        self.overrides: dict = {}
        self.checks = 0
        generate(self.content, posts=30, comments=90)
        (self.content / "images").mkdir()
        (self.content / "images" / "chart.png").write_bytes(PIXEL)
        (self.content / "images" / "photo.png").write_bytes(PIXEL + b"photo")
        self.append("post-00003.md", "\n![A chart]({static}/images/chart.png)\n")
        self.append(
            "post-00004.md",
            "\n![A photo]({attach}/images/photo.png) and [the first post]({filename}/posts/post-00000.md).\n",
        )
        shutil.copytree(ROOT / "theme", self.theme)
        self.overrides["THEME"] = str(self.theme)
        # Two processes write the pages, each taking its turn, as on a large blog.
        self.overrides["FAST_BUILD_WORKERS"] = 2
        self.overrides["FAST_BUILD_SHARE_FROM"] = 0

    def path(self, name: str) -> Path:
        return self.content / "posts" / name

    def append(self, name: str, text: str) -> None:
        path = self.path(name)
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    def replace(self, name: str, pattern: str, replacement: str) -> None:
        path = self.path(name)
        text, count = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), count=1, flags=re.M)
        assert count == 1, f"{pattern!r} not in {name}"
        path.write_text(text, encoding="utf-8")

    def build(self) -> Path:
        build_site(
            ROOT / "pelicanconf.py", self.output, PATH=str(self.content), CACHE_PATH=str(self.cache), **self.overrides
        )
        return self.output

    def check(self) -> None:
        """Build incrementally, then fully with plain Pelican, and compare."""
        self.build()
        self.checks += 1
        full = self.root / f"full-{self.checks}"
        build_site(
            ROOT / "pelicanconf.py",
            full,
            PATH=str(self.content),
            CACHE_PATH=str(self.root / f"unused-cache-{self.checks}"),
            FAST_BUILD=False,
            **self.overrides,
        )
        assert_same_site(self.output, full)
        shutil.rmtree(full)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("incremental"))
    site.check()
    return site


def test_first_build_equals_plain_pelican(site):
    assert (site.output / "index.html").is_file()
    assert (site.output / "images" / "chart.png").is_file()


def test_rebuild_without_changes_touches_no_file(site):
    before = mtimes(site.output)
    site.check()
    assert mtimes(site.output) == before


def test_edited_text_rewrites_only_what_shows_it(site):
    before = mtimes(site.output)
    site.append("post-00005.md", "\nA sentence added to an old post.\n")
    site.check()
    after = mtimes(site.output)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert [name for name in changed if name.endswith("post-00005/index.html")], changed
    # the post's own page and the feeds that carry its text; not the listings, which show only its summary
    assert [name for name in changed if not name.startswith("feeds/")] == ["2008/10/31/post-00005/index.html"]
    assert len(changed) < len(after) / 10


def test_changed_tag(site):
    site.replace("post-00006.md", r"^Tags: .*$", "Tags: a brand new tag, culture")
    site.check()
    assert (site.output / "tag" / "a-brand-new-tag" / "index.html").is_file()


def test_changed_title(site):
    site.replace("post-00007.md", r"^Title: .*$", "Title: A Completely Different Title")
    site.check()


def test_summary_from_the_text(site):
    site.replace("post-00008.md", r"^Summary: .*\n", "")
    site.check()


def test_deleted_post_leaves_no_file_behind(site):
    page = next(site.output.rglob("post-00009/index.html"))
    site.path("post-00009.md").unlink()
    shutil.rmtree(site.content / "comments" / "post-00009", ignore_errors=True)  # its discussion goes too
    site.check()
    assert not page.exists()


def test_new_post(site):
    write_post(site.content, "brand-new.md", post("A Brand New Post", date="2014-01-01 09:00", tags="culture, fresh"))
    site.check()


def test_draft_post(site):
    write_post(site.content, "draft.md", post("Still A Draft", tags="culture", extra="Status: draft\n"))
    site.check()
    assert next(site.output.rglob("drafts/*/index.html"))


def test_deleted_image(site):
    site.replace("post-00003.md", r"^!\[A chart\].*$", "No chart any more.")
    (site.content / "images" / "chart.png").unlink()
    site.check()
    assert not (site.output / "images" / "chart.png").exists()


def test_changed_link_target(site):
    site.replace("post-00000.md", r"^Slug: .*$", "Slug: the-first-post")
    # the discussion follows the post to its new slug
    (site.content / "comments" / "post-00000").rename(site.content / "comments" / "the-first-post")
    site.check()


def test_edited_page(site):
    page = site.content / "pages" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMore about the blog.\n", encoding="utf-8")
    site.check()


def test_edited_template(site):
    template = site.theme / "templates" / "article.html"
    template.write_text(template.read_text(encoding="utf-8").replace("Published", "First published"), encoding="utf-8")
    site.check()
    assert "First published" in next(site.output.rglob("post-00010/index.html")).read_text(encoding="utf-8")


def test_new_comment(site):
    before = mtimes(site.output)
    folder = site.content / "comments" / "post-00013"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "c99999.md").write_text(
        "Author: Nora Newcomer\nDate: 2013-06-01 10:00:00+00:00\nType: comment\nStatus: approved\n\n"
        "A brand new comment.\n",
        encoding="utf-8",
    )
    site.check()
    page = next(site.output.rglob("post-00013/index.html"))
    assert "A brand new comment." in page.read_text(encoding="utf-8")
    after = mtimes(site.output)
    changed = {name for name in after if after[name] != before.get(name)}
    assert "feeds/comments/post-00013.atom.xml" in changed
    assert len(changed) < len(after) / 4, sorted(changed)


def test_edited_comment(site):
    """Same number of comments, same authors and dates: only the words change, and the page must follow."""
    comment = site.content / "comments" / "post-00013" / "c99999.md"
    comment.write_text(comment.read_text(encoding="utf-8").replace("A brand new", "An edited"), encoding="utf-8")
    site.check()
    page = next(site.output.rglob("post-00013/index.html")).read_text(encoding="utf-8")
    assert "An edited comment." in page
    assert "A brand new comment." not in page


def test_roll_call_change(site):
    blogfest = site.content / "blogfests" / "bench-blogfest.yml"
    text = blogfest.read_text(encoding="utf-8")
    blogfest.write_text(
        text + "  - name: Zoe Newcomer\n    blog: A Late Entry\n    url: https://late.example.com/\n", encoding="utf-8"
    )
    site.check()
    page = next(site.output.rglob("post-00007/index.html")).read_text(encoding="utf-8")
    assert "A Late Entry" in page


def test_changed_setting(site):
    site.overrides["DEFAULT_PAGINATION"] = 4
    site.check()


def test_file_edited_by_hand_is_rebuilt(site):
    page = next(site.output.rglob("post-00011/index.html"))
    page.write_text("edited by hand", encoding="utf-8")
    site.check()


def test_emptied_output_folder_is_refilled_from_the_cache(site):
    shutil.rmtree(site.output)
    site.check()


def test_files_of_the_author_are_left_alone(site):
    extra = site.output / "notes.txt"
    extra.write_text("mine", encoding="utf-8")
    site.build()
    assert extra.read_text(encoding="utf-8") == "mine"
    extra.unlink()


def test_a_file_a_plugin_writes_without_saying_so_stays_while_it_is_written(site):
    """Files that something writes into the output during the build, without the writer or the
    ``content_written`` signal, are found by their status: kept while they are written, removed
    once a build no longer writes them, like any page the site no longer has."""
    from pelican import signals

    made = site.output / "extras" / "deep" / "made.txt"

    def write(generators):
        made.parent.mkdir(parents=True, exist_ok=True)
        made.write_text("made", encoding="utf-8")

    signals.all_generators_finalized.connect(write)
    try:
        site.build()
        site.build()  # written again, over the same file
        assert made.read_text(encoding="utf-8") == "made"
    finally:
        signals.all_generators_finalized.disconnect(write)
    site.build()
    assert not made.exists()


def test_damaged_cache_is_ignored(site):
    for path in site.cache.rglob("*.pickle"):
        path.write_bytes(b"not a pickle")
    site.check()


def test_unchanged_files_share_their_bytes_with_the_cache(site):
    site.build()
    kept = site.cache / "fast_build"
    page = next(site.output.rglob("post-00012/index.html"))
    copies = [path for path in kept.rglob("*") if path.is_file() and path.stat().st_ino == page.stat().st_ino]
    assert copies, "the page is not linked from the cache"
    assert os.path.samefile(copies[0], page)
