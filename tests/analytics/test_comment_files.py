"""Comments read from comment files by the comments plugin's reader."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import columns as c
from analytics.cli import main
from analytics.comment_files import comments_from_files
from analytics.content import load_settings
from tests.conftest import ROOT, post, write_post


def comment(content, slug: str, name: str, header: str, body: str = "A few words here.") -> None:
    folder = content / "comments" / slug
    folder.mkdir(parents=True, exist_ok=True)
    header = header.strip() + ("" if "Status:" in header else "\nStatus: approved")
    (folder / f"{name}.md").write_text(f"{header}\n\n{body}\n", encoding="utf-8")


@pytest.fixture
def blog(content):
    write_post(content, "a.md", post("Post A", "2012-08-16 09:00", slug="post-a"))
    write_post(content, "d.md", post("Draft", "2012-08-20 09:00", slug="draft", extra="Status: draft\n"))
    comment(content, "post-a", "c1", "Author: Jane Reader\nDate: 2012-08-17 09:12:00+00:00\nUrl: https://jane.example/")
    comment(content, "post-a", "c2", "Author: Morgan Hale\nDate: 2012-08-17 10:00\nReply-To: c1", "Thanks, Jane!")
    comment(
        content,
        "post-a",
        "p1",
        "Author: Another Blog\nDate: 2012-08-18 08:00\nType: pingback\nUrl: https://other.example/x/",
    )
    comment(content, "post-a", "c3", "Author: Sam\nDate: 2012-08-19 08:00\nStatus: pending")
    comment(content, "draft", "c1", "Author: Early Bird\nDate: 2012-08-21 08:00")
    (content / "pages" / "about.md").write_text("Title: About\n\nAbout me.\n", encoding="utf-8")
    comment(content, "about", "c1", "Author: Page Reader\nDate: 2012-08-21 09:00")
    return content


def test_comments_from_files(blog):
    settings = load_settings(ROOT / "publishconf.py", blog)
    table = comments_from_files(settings, {"post-a", "draft", "about"}, "Morgan Hale").sort_values(
        ["post_id", "comment_id"]
    )
    assert list(table.columns) == list(c.COMMENTS)
    records = [
        tuple(None if pd.isna(v) else v for v in row)
        for row in table[
            ["post_id", "comment_id", "parent_id", "author", "author_url", "is_author", "kind", "words", "status"]
        ].itertuples(index=False)
    ]
    assert records == [
        ("about", "c1", None, "Page Reader", None, False, "comment", 4, "approved"),
        ("draft", "c1", None, "Early Bird", None, False, "comment", 4, "approved"),
        ("post-a", "c1", None, "Jane Reader", "https://jane.example/", False, "comment", 4, "approved"),
        ("post-a", "c2", "c1", "Morgan Hale", None, True, "comment", 2, "approved"),
        ("post-a", "c3", None, "Sam", None, False, "comment", 4, "pending"),
        ("post-a", "p1", None, "Another Blog", "https://other.example/x/", False, "pingback", 4, "approved"),
    ]
    assert table[table["comment_id"] == "c2"]["published"].tolist() == [pd.Timestamp("2012-08-17 10:00", tz="UTC")]


def test_report_counts_comment_files_of_published_posts_only(blog, tmp_path, capsys):
    out = tmp_path / "out"
    argv = ["report", "--settings", str(ROOT / "publishconf.py"), "--content", str(blog), "--out", str(out)]
    assert main(argv) == 0
    # The draft's and the page's comments are no orphans: they are left out with what they belong to.
    assert "note:" not in capsys.readouterr().out
    per_post = pd.read_csv(out / "per_post.csv").set_index("post_id")
    assert list(per_post.index) == ["post-a"]
    assert per_post.loc["post-a", ["reader_comments", "linkbacks", "unanswered"]].tolist() == [2, 1, 1]
    assert per_post.loc["post-a", "median_response_hours"] == pytest.approx(0.8)  # 09:12 to 10:00


def test_a_bad_comment_file_stops_with_the_plugins_message(blog, tmp_path, capsys):
    comment(blog, "post-a", "c4", "Author: Someone\nDate: someday")
    comment(blog, "nobody", "c1", "Author: Lost\nDate: 2012-08-17 09:00")
    argv = [
        "report",
        "--settings",
        str(ROOT / "publishconf.py"),
        "--content",
        str(blog),
        "--out",
        str(tmp_path / "out"),
    ]
    assert main(argv) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and all(line.startswith("error: ") for line in lines)
    assert "c4.md:2: Date:" in lines[1] or "c4.md:2: Date:" in lines[0]
    assert any("comments/nobody/" in line and "no post or page has the slug 'nobody'" in line for line in lines)
    assert not (tmp_path / "out").exists()
