"""Posts and comments from the migration's WordPress and Disqus fixtures, read by the migration's parsers."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import columns as c
from analytics.cli import main
from analytics.exports import from_disqus, from_wxr
from tests.conftest import ROOT

DATA = ROOT / "tests" / "migrate" / "data"


def rows(table: pd.DataFrame, *names: str) -> list[tuple]:
    def plain(value):
        return None if not isinstance(value, list) and pd.isna(value) else value

    return [tuple(plain(v) for v in row) for row in table[list(names)].itertuples(index=False)]


def test_posts_and_comments_of_a_wordpress_export():
    posts, comments = from_wxr(DATA / "wordpress.xml", author="Morgan Hale")
    assert list(posts.columns) == list(c.POSTS) and list(comments.columns) == list(c.COMMENTS)
    # Published posts only: drafts, private, pending and trashed ones had no readers.
    assert rows(posts, "post_id", "tags", "category") == [
        ("hello-world", ["Loyalty"], "Customer Service"),
        ("hello-world-2", ["Café", "Twitter"], "Social Media"),
        ("café-trust", ["Loyalty"], "Hiring"),
        ("unreadable-date", [], "Uncategorized"),
    ]
    assert posts["published"].iloc[0] == pd.Timestamp("2011-03-01 09:00", tz="UTC")
    assert pd.isna(posts["published"].iloc[3])
    # Spam and trash are left out; the author's replies are the ones by a blog user.
    assert rows(comments, "comment_id", "post_id", "parent_id", "is_author", "kind", "status") == [
        ("100", "hello-world", None, False, "comment", "approved"),
        ("101", "hello-world", "100", True, "comment", "approved"),
        ("102", "hello-world", "101", False, "comment", "approved"),
        ("103", "hello-world", "102", False, "comment", "approved"),
        ("104", "hello-world", None, False, "comment", "pending"),
        ("106", "hello-world", "105", False, "comment", "approved"),
        ("107", "hello-world", None, False, "pingback", "approved"),
        ("108", "hello-world", None, False, "trackback", "approved"),
        ("110", "hello-world", None, False, "comment", "approved"),
        ("111", "hello-world", None, False, "comment", "approved"),
        ("200", "hello-world-2", None, False, "comment", "approved"),
        ("201", "hello-world-2", "200", True, "comment", "approved"),
        ("202", "hello-world-2", None, False, "pingback", "pending"),
    ]
    by_id = comments.set_index("comment_id")
    assert by_id.loc["100", "author_url"] == "https://jane.example/"
    assert pd.isna(by_id.loc["110", "author_url"])  # javascript: is no address
    assert by_id.loc["200", "author"] == "田中 花子"


def test_comments_of_a_disqus_export_find_their_posts_by_url():
    posts, _ = from_wxr(DATA / "wordpress.xml")
    comments = from_disqus(DATA / "disqus.xml", posts, author="Morgan Hale")
    # www., a campaign tag and percent-encoding do not hide a post; a page not among the posts keeps its slug.
    assert rows(comments, "comment_id", "post_id", "parent_id", "is_author", "status") == [
        ("9001", "hello-world", None, False, "approved"),
        ("9002", "hello-world", None, False, "approved"),
        ("9003", "hello-world", "9002", False, "approved"),
        ("9004", "hello-world", "9003", True, "approved"),
        ("9005", "hello-world", "9004", False, "approved"),
        ("9008", "hello-world", "9007", False, "approved"),
        ("9009", "hello-world-2", None, False, "pending"),
        ("9010", "about", None, False, "approved"),
        ("9011", None, None, False, "approved"),  # ?p=12: no post has that address
        ("9012", "unknown-page", None, False, "approved"),
        ("9013", "café-trust", "9011", False, "approved"),
        ("9014", "hello-world", None, False, "approved"),
        ("9015", None, None, False, "approved"),  # a thread the export does not define
    ]


def test_report_from_exports_notes_what_it_leaves_out(tmp_path, capsys):
    (tmp_path / "content" / "posts").mkdir(parents=True)
    out = tmp_path / "out"
    code = main([
        "report", "--settings", str(ROOT / "publishconf.py"), "--content", str(tmp_path / "content"),
        "--no-blogfests", "--wxr", str(DATA / "wordpress.xml"), "--disqus", str(DATA / "disqus.xml"),
        "--out", str(out),
    ])  # fmt: skip
    assert code == 0
    printed = capsys.readouterr().out
    assert "note: 1 post without a readable date is left out (1 from wxr:wordpress.xml)" in printed
    assert (
        "note: 2 comments without a readable date are left out (1 from disqus:disqus.xml, 1 from wxr:wordpress.xml)"
        in printed
    )
    assert (
        "note: 4 comments belong to posts that were not found and are left out (sources: disqus:disqus.xml)" in printed
    )
    per_post = pd.read_csv(out / "per_post.csv").set_index("post_id")
    # hello-world: 8 reader comments from WordPress (100, 102, 103, 104, 106, 110; not the author, not the
    # pingback or trackback, not the undated one) and 5 from Disqus (9001, 9002, 9003, 9005, 9008).
    assert per_post.loc["hello-world", "reader_comments"] == 11
    assert per_post.loc["hello-world", "linkbacks"] == 2


@pytest.mark.parametrize(
    ("option", "file", "message"),
    [
        ("--wxr", "disqus.xml", "disqus.xml:2: this is a Disqus export, not a WordPress one"),
        ("--disqus", "wordpress.xml", "wordpress.xml:3: this looks like a WordPress export (RSS), not a Disqus one"),
    ],
)
def test_the_wrong_export_is_one_line(tmp_path, capsys, option, file, message):
    (tmp_path / "content" / "posts").mkdir(parents=True)
    code = main([
        "report", "--settings", str(ROOT / "publishconf.py"), "--content", str(tmp_path / "content"),
        "--no-blogfests", option, str(DATA / file), "--out", str(tmp_path / "out"),
    ])  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and len(err.splitlines()) == 1
    assert not (tmp_path / "out").exists()
