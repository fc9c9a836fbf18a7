"""``python -m analytics`` end to end: content, a blogfest, Isso, comment and blog feeds from a local server."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from analytics.cli import main
from tests.analytics.feedserver import FeedServer
from tests.analytics.test_isso import SCHEMA
from tests.conftest import ROOT, post, write_post


@pytest.fixture(scope="module")
def server():
    with FeedServer(slow=3.0) as running:
        yield running


def make_blog(folder, server_url: str) -> dict:
    content = folder / "content"
    for sub in ("posts", "pages", "blogfests"):
        (content / sub).mkdir(parents=True)
    write_post(
        content,
        "bathroom.md",
        post(
            "What Your Bathroom Says About Your Brand",
            "2011-10-25 07:00",
            "blogfest, Customer Service",
            slug="what-your-bathroom-says-about-your-brand",
            extra="Blogfest: fest\n",
            body="Clean? Tell me below.",
        ),
    )
    write_post(
        content,
        "marketing.md",
        post(
            "Customer Service Is Marketing",
            "2012-01-10 09:00",
            "Customer Service, marketing",
            slug="customer-service-is-marketing",
            body="Service sells.",
        ),
    )
    write_post(content, "quiet.md", post("A Quiet Post", "2012-03-01 09:00", "culture", slug="quiet"))  # fmt: skip
    (content / "blogfests" / "fest.yml").write_text(
        "name: Fest 2011\nkind: blogfest\ndate: 2011-10-25\nparticipants:\n"
        f"  - name: Susan Abbott\n    blog: Crossroads\n    url: https://crossroads.example/\n"
        f"    feed: {server_url}/wordpress.rss\n"
        f"  - name: Nobody Home\n    blog: Gone\n    url: https://gone.example/\n    feed: {server_url}/missing.xml\n"
        "  - name: No Feed\n    blog: Quiet\n    url: https://quiet.example/\n",
        encoding="utf-8",
    )
    isso = folder / "comments.db"
    with sqlite3.connect(isso) as db:
        db.executescript(SCHEMA)
        db.execute("INSERT INTO threads VALUES (1, '/2011/10/25/what-your-bathroom-says-about-your-brand/', 'B')")
        db.executemany(
            "INSERT INTO comments (tid, id, parent, created, mode, text, author, website, voters) "
            "VALUES (1, ?, ?, ?, 1, ?, ?, NULL, x'00')",
            [
                (1, None, pd.Timestamp("2011-10-25 09:00", tz="UTC").timestamp(), "Mine is <b>spotless</b>", "Ben"),
                (2, 1, pd.Timestamp("2011-10-25 12:00", tz="UTC").timestamp(), "Glad to hear", "Morgan Hale"),
                (3, None, pd.Timestamp("2011-11-02 08:00", tz="UTC").timestamp(), "<script>alert(1)</script>", "<img src=x onerror=alert(1)>"),
            ],
        )  # fmt: skip
    listing = folder / "feeds.txt"
    listing.write_text(f"# other blogs\n{server_url}/wordpress.rss\n\n{server_url}/malformed.xml\n", encoding="utf-8")
    return {"content": content, "isso": isso, "feeds": listing}


def arguments(blog: dict, folder, server_url: str, *extra: str) -> list[str]:
    return [
        "--settings", str(ROOT / "publishconf.py"), "--content", str(blog["content"]), "--isso", str(blog["isso"]),
        "--feeds", str(blog["feeds"]), "--comment-feed", f"{server_url}/threaded-comments.atom",
        "--cache", str(folder / "cache"), "--timeout", "2", "--retries", "0", *extra,
    ]  # fmt: skip


@pytest.fixture(scope="module")
def report(tmp_path_factory, server):
    folder = tmp_path_factory.mktemp("analytics")
    blog = make_blog(folder, server.url)
    out = folder / "reports"
    result = subprocess.run(
        [sys.executable, "-m", "analytics", "report", *arguments(blog, folder, server.url, "--out", str(out))],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return {"out": out, "stdout": result.stdout, "stderr": result.stderr, "blog": blog, "folder": folder}


def test_report_prints_the_key_tables_and_the_problems(report, server):
    assert f"skipped {server.url}/malformed.xml: malformed feed at line 3: mismatched tag" in report["stderr"]
    assert f"skipped {server.url}/missing.xml: HTTP 404 Not Found" in report["stderr"]
    assert "Traceback" not in report["stderr"]
    out = report["stdout"]
    assert "  reader comments: 3\n" in out  # Ben and the visitor on Isso, Ada in the comment feed
    assert "  conversation rate (reader comments per post): 1\n" in out
    assert "Most discussed posts (top 10)" in out and "Tags (top 10)" in out and "Blogfests" in out
    assert "1 reader comment waiting for an answer" in out
    assert out.rstrip().endswith("engagement.html")


def test_report_writes_every_table_as_csv_and_json(report):
    names = {p.name for p in report["out"].iterdir()}
    for table in ("summary", "per_post", "per_tag", "per_category", "per_month", "per_commenter",
                  "cohort_retention", "calls_to_action", "response_times", "unanswered", "blogfests",
                  "blogfest_participation", "skipped"):  # fmt: skip
        assert {f"{table}.csv", f"{table}.json"} <= names
    assert "engagement.html" in names
    assert not [n for n in names if n.startswith(".")]  # no scratch left behind
    per_post = pd.read_csv(report["out"] / "per_post.csv").set_index("post_id")
    bathroom = per_post.loc["what-your-bathroom-says-about-your-brand"]
    assert (bathroom["reader_comments"], bathroom["feed_mentions"], bathroom["unanswered"]) == (2, 1, 1)
    assert bathroom["median_response_hours"] == 3.0
    assert per_post.loc["customer-service-is-marketing", "reader_comments"] == 1
    fest = json.loads((report["out"] / "blogfests.json").read_text())
    assert [(r["person"], r["published_in_window"], r["links_to_rollcall"], r["comment_count"]) for r in fest] == [
        ("Susan Abbott", True, True, 7),
        ("Nobody Home", False, False, None),
    ]
    [event] = json.loads((report["out"] / "blogfest_participation.json").read_text())
    assert (event["blogs"], event["with_feed"], event["published"], event["participation_rate"]) == (3, 2, 1, 0.5)


def test_report_html_is_self_contained_and_escapes_visitors(report):
    page = (report["out"] / "engagement.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert len(soup.select("figure.chart svg")) == 5
    assert not soup.find_all("script") and not soup.find_all("img") and not soup.find_all("link")
    assert not [t for t in soup.find_all(True) if any(a.lower().startswith("on") for a in t.attrs)]
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the visitor's "name", shown as text
    # Nothing to fetch: no attribute points outside the page, and the policy forbids loading anything.
    linking = [
        (t.name, a, v)
        for t in soup.find_all(True)
        for a, v in t.attrs.items()
        if a in ("src", "href", "xlink:href", "data", "action")
    ]
    assert [link for link in linking if not str(link[2]).startswith(("#", "data:image/png;"))] == []
    assert soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"].startswith(
        "default-src 'none'"
    )


def test_second_run_answers_from_the_cache(report, server):
    before = server.requests["/wordpress.rss"]
    folder, blog = report["folder"], report["blog"]
    assert main(["unanswered", *arguments(blog, folder, server.url, "--no-progress")]) == 0
    # Listed twice (other blogs' feeds, a participant's feed), fetched once, and conditionally.
    assert server.requests["/wordpress.rss"] == before + 1
    last = [headers for path, headers in server.headers if path == "/wordpress.rss"][-1]
    assert last["if-none-match"] == '"v1"'


def test_unanswered_lists_the_queue_oldest_first(report, server, capsys):
    folder, blog = report["folder"], report["blog"]
    assert main(["unanswered", *arguments(blog, folder, server.url, "--no-blogfests")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "author" in lines[0] and "days_waiting" in lines[0]
    assert [line.split()[0] for line in lines[1:]] == ["2011-11-02"]


def test_filters(report, server, capsys):
    folder, blog = report["folder"], report["blog"]
    out = folder / "filtered"
    args = arguments(blog, folder, server.url, "--out", str(out), "--since", "2012-01-01", "--until", "2012-12-31")
    assert main(["report", *args]) == 0
    assert pd.read_csv(out / "per_post.csv")["post_id"].tolist() == [
        "customer-service-is-marketing",
        "quiet",
    ]  # most discussed first
    assert main(["report", *arguments(blog, folder, server.url, "--out", str(out), "--tag", "CUSTOMER service")]) == 0
    assert sorted(pd.read_csv(out / "per_post.csv")["post_id"]) == [
        "customer-service-is-marketing",
        "what-your-bathroom-says-about-your-brand",
    ]
    assert main(["report", *arguments(blog, folder, server.url, "--out", str(out), "--category", "nothing")]) == 0
    assert pd.read_csv(out / "per_post.csv").empty


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--since", "someday"], "error: --since: cannot read the date 'someday'; write it as YYYY-MM-DD\n"),
        (["--since", "2012-02-01", "--until", "2012-01-01"],
         "error: --since 2012-02-01 is not before --until 2012-01-01; swap them\n"),
        (["--isso", "nowhere.db"], "error: nowhere.db: database: not found; pass the file named by ISSO_DB\n"),
        (["--timeout", "0"], "error: --timeout must be above 0, --retries at least 0 and --workers at least 1\n"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_leaves_the_report_alone(report, server, capsys, extra, message):
    before = (report["out"] / "engagement.html").read_bytes()
    folder, blog = report["folder"], report["blog"]
    code = main(["report", *arguments(blog, folder, server.url, "--out", str(report["out"]), *extra)])
    assert code == 1
    assert capsys.readouterr().err.endswith(message)
    assert (report["out"] / "engagement.html").read_bytes() == before


def test_a_bad_blogfest_file_is_reported_by_the_roll_call(tmp_path, server, capsys):
    blog = make_blog(tmp_path, server.url)
    (blog["content"] / "blogfests" / "bad.yml").write_text("name: Bad\nkind: party\ndate: 2011-10-25\n")
    code = main(["report", *arguments(blog, tmp_path, server.url, "--out", str(tmp_path / "out"))])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "bad.yml:2: kind:" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_bad_feed_list_line(tmp_path, server, capsys):
    blog = make_blog(tmp_path, server.url)
    blog["feeds"].write_text("https://a.example/feed https://b.example/feed\n")
    assert main(["report", *arguments(blog, tmp_path, server.url, "--out", str(tmp_path / "out"))]) == 1
    assert capsys.readouterr().err == (
        f"error: {blog['feeds']}:1: feed: 'https://a.example/feed https://b.example/feed' is not one URL or path;"
        " put one feed per line\n"
    )


def test_invoke_analytics_writes_the_report(project_copy):
    shutil.copytree(ROOT / "analytics", project_copy / "analytics", ignore=shutil.ignore_patterns("__pycache__"))
    listing = subprocess.run(
        [sys.executable, "-m", "invoke", "--list"], cwd=project_copy, capture_output=True, text=True
    )
    assert any(line.strip().startswith("analytics ") for line in listing.stdout.splitlines())
    done = subprocess.run(
        [sys.executable, "-m", "invoke", "analytics", "--tag", "customer service"],
        cwd=project_copy, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "The blog in numbers" in done.stdout and "Blogfests" in done.stdout
    assert (project_copy / "reports" / "engagement.html").is_file()
    tagged = pd.read_csv(project_copy / "reports" / "per_tag.csv")
    assert "Customer Service" in set(tagged["tag"])
    bad = subprocess.run(
        [sys.executable, "-m", "invoke", "analytics", "--since", "soon"],
        cwd=project_copy,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert bad.stderr.strip() == "error: --since: cannot read the date 'soon'; write it as YYYY-MM-DD"


def test_posts_and_comments_of_another_blog_from_its_feeds(tmp_path, server):
    empty = tmp_path / "content"
    (empty / "posts").mkdir(parents=True)
    out = tmp_path / "out"
    code = main([
        "report", "--settings", str(ROOT / "publishconf.py"), "--content", str(empty), "--no-blogfests",
        "--posts-feed", f"{server.url}/wordpress.rss", "--cache", str(tmp_path / "cache"), "--out", str(out),
    ])  # fmt: skip
    assert code == 0
    table = pd.read_csv(out / "per_post.csv")
    assert sorted(table["post_id"]) == ["bathroom-blogfest", "quiet"]
    assert pd.read_csv(out / "calls_to_action.csv")["posts"].tolist() == [2, 0]
