"""Each publish target for real, and publishing that never harms the old site."""

import subprocess
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer
from pelican import signals

from plugins.publisher import PublishError, publish
from tests.conftest import ROOT, post, write_post

SETTINGS = ROOT / "publishconf.py"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def small_content(content: Path) -> Path:
    write_post(content, "one.md", post("First post", tags="Customer Service, culture"))
    write_post(content, "two.md", post("Second post", date="2012-09-01 10:00", body="See [one]({filename}one.md)."))
    (content / "pages" / "about.md").write_text("Title: About\n\nAbout us.\n")
    return content


def test_local_publish_writes_a_checked_site_and_leaves_no_staging(small_content, tmp_path):
    target = tmp_path / "public"
    message = publish(SETTINGS, target="local", dest=str(target), PATH=str(small_content))
    assert message == f"published to {target}"
    assert (target / "2012" / "09" / "01" / "second-post" / "index.html").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_republishing_replaces_the_old_site_and_drops_removed_pages(small_content, tmp_path):
    target = tmp_path / "public"
    publish(SETTINGS, target="local", dest=str(target), PATH=str(small_content))
    (small_content / "posts" / "two.md").unlink()
    publish(SETTINGS, target="local", dest=str(target), PATH=str(small_content))
    assert not (target / "2012" / "09" / "01" / "second-post").exists()
    assert (target / "2012" / "08" / "16" / "first-post" / "index.html").is_file()


def test_a_content_error_leaves_the_published_site_byte_for_byte_intact(small_content, tmp_path):
    target = tmp_path / "public"
    publish(SETTINGS, target="local", dest=str(target), PATH=str(small_content))
    before = snapshot(target)
    write_post(small_content, "three.md", "Title: No date\n\nOops.\n")
    with pytest.raises(PublishError, match="content/posts/three.md:1: Date: missing"):
        publish(SETTINGS, target="local", dest=str(target), PATH=str(small_content))
    assert snapshot(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "public"]


def test_a_failed_site_check_publishes_nothing(small_content, tmp_path):
    target = tmp_path / "public"
    publish(SETTINGS, target="local", dest=str(target), PATH=str(small_content))
    before = snapshot(target)
    write_post(small_content, "three.md", post("Broken", date="2012-10-01", body="[a page](/no/such/page/)"))
    with pytest.raises(PublishError) as raised:
        publish(SETTINGS, target="local", dest=str(target), PATH=str(small_content))
    assert raised.value.problems[0] == "the built site failed its checks; nothing was published:"
    assert "no/such/page/index.html: missing; 2012/10/01/broken/index.html links to" in raised.value.problems[1]
    assert snapshot(target) == before


def fail_on_third_article(generator, content=None, **kwargs):
    fail_on_third_article.seen += 1
    if fail_on_third_article.seen == 3:
        raise RuntimeError("disk full halfway through the build")


def test_a_build_that_fails_halfway_leaves_the_old_site_intact(small_content, tmp_path):
    for number in range(3, 8):
        write_post(small_content, f"p{number}.md", post(f"Post {number}", date=f"2012-10-0{number} 10:00"))
    target = tmp_path / "public"
    publish(SETTINGS, target="local", dest=str(target), PATH=str(small_content))
    before = snapshot(target)
    (small_content / "posts" / "p7.md").write_text(post("Post seven, edited", date="2012-10-07 10:00"))
    fail_on_third_article.seen = 0
    signals.article_generator_write_article.connect(fail_on_third_article)
    try:
        with pytest.raises(RuntimeError, match="halfway"):
            publish(SETTINGS, target="local", dest=str(target), PATH=str(small_content))
    finally:
        signals.article_generator_write_article.disconnect(fail_on_third_article)
    assert fail_on_third_article.seen == 3, "the build was stopped while writing"
    assert snapshot(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "public"]


def test_rsync_target_mirrors_the_site_into_a_folder(small_content, tmp_path):
    destination = tmp_path / "www"
    destination.mkdir()
    (destination / "stale.html").write_text("old")
    message = publish(SETTINGS, target="rsync", dest=f"{destination}/", PATH=str(small_content))
    assert message == f"published to {destination}/ with rsync"
    local = tmp_path / "local"
    publish(SETTINGS, target="local", dest=str(local), PATH=str(small_content))
    assert snapshot(destination) == snapshot(local)


def test_rsync_failure_is_one_clear_line(small_content, tmp_path):
    with pytest.raises(PublishError, match=r"^rsync to /nonexistent/deep/x/ failed: "):
        publish(SETTINGS, target="rsync", dest="/nonexistent/deep/x/", PATH=str(small_content))


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_github_pages_target_commits_the_site_to_a_branch_and_pushes_it(small_content, tmp_path):
    remote = tmp_path / "remote.git"
    git("init", "--bare", "-q", str(remote), cwd=tmp_path)
    repo = tmp_path / "blog"
    repo.mkdir()
    git("init", "-q", "-b", "main", cwd=repo)
    git("config", "user.name", "Author", cwd=repo)
    git("config", "user.email", "author@example.com", cwd=repo)
    git("remote", "add", "origin", str(remote), cwd=repo)
    (repo / "README").write_text("source")
    git("add", "README", cwd=repo)
    git("commit", "-qm", "source", cwd=repo)

    message = publish(
        SETTINGS, target="github-pages", dest=str(repo), PATH=str(small_content), GITHUB_PAGES_REMOTE="origin"
    )
    assert message == f"committed the site to branch gh-pages of {repo} and pushed to origin"
    files = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split())
    assert {"index.html", ".nojekyll", "2012/09/01/second-post/index.html"} <= files
    assert "README" not in files
    assert git("rev-parse", "--abbrev-ref", "HEAD", cwd=repo).strip() == "main"
    assert (repo / "README").read_text() == "source"


def test_github_pages_needs_a_git_repository(small_content, tmp_path):
    with pytest.raises(PublishError, match="not a git repository; set GITHUB_PAGES_REPO"):
        publish(SETTINGS, target="github-pages", dest=str(tmp_path), PATH=str(small_content))


@pytest.fixture
def s3(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client("s3", endpoint_url=endpoint)
    client.create_bucket(Bucket="blog")
    yield endpoint, client
    server.stop()


def test_s3_target_uploads_changes_and_removes_stale_objects(small_content, tmp_path, s3):
    endpoint, client = s3
    client.put_object(Bucket="blog", Key="stale.html", Body=b"old")
    first = publish(SETTINGS, target="s3", dest="blog", PATH=str(small_content), S3_ENDPOINT_URL=endpoint)
    local = tmp_path / "local"
    publish(SETTINGS, target="local", dest=str(local), PATH=str(small_content))
    expected = snapshot(local)
    assert first == f"uploaded {len(expected)} changed files to s3://blog/ and removed 1 stale ones"
    keys = {o["Key"] for o in client.list_objects_v2(Bucket="blog")["Contents"]}
    assert keys == set(expected)
    page = client.get_object(Bucket="blog", Key="index.html")
    assert page["ContentType"] == "text/html" and page["Body"].read() == expected["index.html"]

    second = publish(SETTINGS, target="s3", dest="blog", PATH=str(small_content), S3_ENDPOINT_URL=endpoint)
    assert second == "uploaded 0 changed files to s3://blog/ and removed 0 stale ones"


def test_an_unknown_target_is_refused(small_content):
    with pytest.raises(PublishError, match="unknown publish target 'ftp'; use one of local, rsync, github-pages, s3"):
        publish(SETTINGS, target="ftp", PATH=str(small_content))
