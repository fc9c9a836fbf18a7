"""The fast build as the commands use it: its settings, switching it off, publishing with it."""

from __future__ import annotations

import pytest

from plugins.publisher import PublishError, build_site, publish
from tests.conftest import ROOT, post, write_post


@pytest.fixture
def small_content(content):
    for number in range(3):
        write_post(content, f"post-{number}.md", post(f"Post Number {number}", date=f"2012-08-1{number} 09:00"))
    return content


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("FAST_BUILD_WORKERS", 0, "settings: FAST_BUILD_WORKERS: 0 is not a number of processes"),
        ("FAST_BUILD_WORKERS", "two", "settings: FAST_BUILD_WORKERS: 'two' is not a number of processes"),
        ("FAST_BUILD_SHARE_FROM", -1, "settings: FAST_BUILD_SHARE_FROM: -1 is not a count"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(small_content, tmp_path, name, value, message):
    with pytest.raises(PublishError) as error:
        build_site(ROOT / "pelicanconf.py", tmp_path / "out", PATH=str(small_content), **{name: value})
    assert len(error.value.problems) == 1
    assert error.value.problems[0].startswith(message)
    assert not (tmp_path / "out").exists()


def test_switched_off_it_leaves_no_cache(small_content, tmp_path):
    build_site(
        ROOT / "pelicanconf.py",
        tmp_path / "out",
        PATH=str(small_content),
        CACHE_PATH=str(tmp_path / "cache"),
        FAST_BUILD=False,
    )
    assert (tmp_path / "out" / "index.html").is_file()
    assert not (tmp_path / "cache" / "fast_build").exists()


def test_publishing_again_links_unchanged_pages_from_the_cache(small_content, tmp_path):
    target = tmp_path / "public"
    cache = tmp_path / "cache"
    publish(ROOT / "publishconf.py", target="local", dest=str(target), PATH=str(small_content), CACHE_PATH=str(cache))
    page = next(target.rglob("post-number-1/index.html"))
    first = page.read_bytes()
    write_post(small_content, "post-2.md", post("Post Number 2", date="2012-08-12 09:00", body="Changed text."))
    publish(ROOT / "publishconf.py", target="local", dest=str(target), PATH=str(small_content), CACHE_PATH=str(cache))
    page = next(target.rglob("post-number-1/index.html"))
    assert page.read_bytes() == first
    assert page.stat().st_nlink > 1, "an unchanged page is a link to the cache's copy, not a new render"
    assert "Changed text." in next(target.rglob("post-number-2/index.html")).read_text(encoding="utf-8")


def test_a_blog_with_no_posts_yet_builds_twice_without_a_warning(content, tmp_path, caplog):
    """Nothing a template reads may change while pages are written, even with no posts to list."""
    for _ in range(2):
        build_site(ROOT / "pelicanconf.py", tmp_path / "out", PATH=str(content), CACHE_PATH=str(tmp_path / "cache"))
    assert (tmp_path / "out" / "index.html").is_file()
    assert not [r for r in caplog.records if r.levelname == "WARNING"], [r.getMessage() for r in caplog.records]
