"""Reading redirect maps: every good line, and each kind of bad one with its file, line and fix."""

from __future__ import annotations

from pathlib import Path

from plugins.redirects.model import normalise, read_maps

MAP = """old,new
# comments and blank lines are skipped

/?p=12,{filename}/posts/hello.md
/2012/08/hello/,{filename}/posts/hello.md
/tag/customer-service/,{tag}Customer Service
/category/news/,{category}News
/old-contact/,/about/
/elsewhere/,https://other.example/page/
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_map(tmp_path):
    write(tmp_path / "content/redirects", "site.csv", MAP)
    redirects, problems = read_maps(tmp_path / "content/redirects", tmp_path)
    assert problems == []
    assert [(r.old, r.kind, r.target, r.line) for r in redirects] == [
        ("/?p=12", "filename", "/posts/hello.md", 4),
        ("/2012/08/hello/", "filename", "/posts/hello.md", 5),
        ("/tag/customer-service/", "tag", "Customer Service", 6),
        ("/category/news/", "category", "News", 7),
        ("/old-contact/", "path", "/about/", 8),
        ("/elsewhere/", "url", "https://other.example/page/", 9),
    ]
    assert redirects[0].has_query and not redirects[1].has_query


def test_each_bad_line_is_named(tmp_path):
    write(tmp_path / "content/redirects", "a.csv", "old,new\n/same/,/one/\n")
    write(
        tmp_path / "content/redirects",
        "b.csv",
        "2012/no-slash/,/x/\n/spaced path/,/x/\n/../../etc/passwd,/x/\n/ok/,javascript:alert(1)\n/lonely/\n"
        "/same,/two/\n/same/,/one/\n",
    )
    redirects, problems = read_maps(tmp_path / "content/redirects", tmp_path)
    assert [r.old for r in redirects] == ["/same/"]
    assert [str(p) for p in problems] == [
        "content/redirects/b.csv:1: old: '2012/no-slash/' is not a path on the site; write it from the first slash, "
        "as in /2012/08/hello/ or /?p=12",
        "content/redirects/b.csv:2: old: '/spaced path/' contains spaces; write them as %20",
        "content/redirects/b.csv:3: old: '/../../etc/passwd' leaves the site's folder; remove this line",
        "content/redirects/b.csv:4: new: 'javascript:alert(1)' is not a target; write {filename}/posts/<file>.md, "
        "{tag}<name>, {category}<name>, a /path/ or an https:// address",
        "content/redirects/b.csv:5: new: missing; write the old path, a comma, then the target",
        "content/redirects/b.csv:6: old: '/same' already redirects elsewhere (content/redirects/a.csv:2); keep one line",
    ]


def test_old_urls_compare_decoded_and_without_trailing_slash():
    assert normalise("/tag/caf%C3%A9/") == normalise("/tag/café") == "/tag/café"
    assert normalise("/?p=12") == "/?p=12"
    assert normalise("/") == "/"
