"""Each invoke task, run as the author runs it, in a copy of the project."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import post, write_post


def invoke(project: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args], cwd=project, capture_output=True, text=True, timeout=timeout
    )


def start(project: Path, *args: str) -> subprocess.Popen:
    """A long-running task in its own process group, its output in a log file."""
    log = open(project / "task.log", "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_build_publish_writes_output_and_public(project_copy):
    done = invoke(project_copy, "build", "publish")
    assert done.returncode == 0, done.stderr
    assert "Built the site into" in done.stdout
    assert f"Site published to {project_copy / 'public'}" in done.stdout
    assert (project_copy / "output" / "index.html").is_file()
    assert (project_copy / "public" / "2011" / "10" / "25" / "what-your-bathroom-says-about-your-brand").is_dir()


def test_a_content_error_is_one_line_without_traceback_and_publishes_nothing(project_copy):
    assert invoke(project_copy, "publish").returncode == 0
    index = (project_copy / "public" / "index.html").read_bytes()
    write_post(project_copy / "content", "bad.md", "Title: Bad\nDate: someday\n\nText.\n")
    for task in ("build", "check", "publish"):
        done = invoke(project_copy, task)
        assert done.returncode == 1, task
        assert "error: content/posts/bad.md:2: Date: cannot read the date 'someday'" in done.stderr
        assert "Traceback" not in done.stderr + done.stdout
    assert (project_copy / "public" / "index.html").read_bytes() == index


def test_check_validates_without_writing_a_site(project_copy):
    done = invoke(project_copy, "check")
    assert done.returncode == 0, done.stderr
    assert "Content OK" in done.stdout
    assert not (project_copy / "output").exists()


def test_new_scaffolds_a_draft_and_refuses_to_overwrite(project_copy):
    done = invoke(project_copy, "new", "Why Service Recovery Matters!", "--tags", "customer service, loyalty")
    assert done.returncode == 0, done.stderr
    path = project_copy / "content" / "posts" / "why-service-recovery-matters.md"
    assert done.stdout.strip() == "Created content/posts/why-service-recovery-matters.md"
    lines = path.read_text().splitlines()
    assert lines[0] == "Title: Why Service Recovery Matters!"
    assert lines[1].startswith("Date: 20") and len(lines[1]) == len("Date: 2026-01-01 10:00")
    assert "Tags: customer service, loyalty" in lines and "Status: draft" in lines
    assert "Slug: why-service-recovery-matters" in lines
    assert invoke(project_copy, "check").returncode == 0, "a new post passes the content check"
    path.write_text(path.read_text() + "My words.\n")
    again = invoke(project_copy, "new", "Why Service Recovery Matters!")
    assert again.returncode == 1
    assert "a post with this slug exists already" in again.stderr
    assert path.read_text().endswith("My words.\n")


def test_clean_removes_the_build(project_copy):
    assert invoke(project_copy, "build").returncode == 0
    assert (project_copy / "cache").is_dir()
    assert invoke(project_copy, "clean").returncode == 0
    assert not (project_copy / "output").exists()
    assert not (project_copy / "cache").exists()


def test_serve_previews_the_built_site_on_localhost(project_copy):
    port = free_port()
    server = start(project_copy, "serve", "--port", str(port))
    try:
        page = fetch(
            f"http://127.0.0.1:{port}/2011/10/25/what-your-bathroom-says-about-your-brand/", time.monotonic() + 60
        )
        assert "What Your Bathroom Says About Your Brand" in page
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/no/such/page/", timeout=5)
        assert missing.value.code == 404
        assert missing.value.read() == (project_copy / "output" / "404.html").read_bytes()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)


def test_livereload_rebuilds_when_a_post_changes(project_copy):
    port = free_port()
    server = start(project_copy, "livereload", "--port", str(port))
    try:
        url = f"http://127.0.0.1:{port}/2012/12/01/fresh/"
        # Wait for the first build to be served and watched before editing.
        fetch(f"http://127.0.0.1:{port}/2011/10/25/what-your-bathroom-says-about-your-brand/", time.monotonic() + 60)
        time.sleep(2)
        write_post(project_copy / "content", "fresh.md", post("A fresh post", date="2012-12-01", slug="fresh"))
        assert "A fresh post" in fetch(url, time.monotonic() + 60)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)


def test_test_task_runs_pytest(project_copy):
    tests = project_copy / "tests"
    tests.mkdir()
    (tests / "test_one.py").write_text("def test_one():\n    assert 1 + 1 == 2\n")
    done = invoke(project_copy, "test")
    assert done.returncode == 0, done.stdout
    assert "1 passed" in done.stdout


@pytest.mark.parametrize(
    "task",
    ["build", "clean", "check", "publish", "new", "serve", "livereload", "test", "comments-server", "comments-sync"],
)
def test_every_task_is_listed_with_help(project_copy, task):
    listing = invoke(project_copy, "--list").stdout
    line = next((row for row in listing.splitlines() if row.strip().startswith(task + " ")), "")
    assert len(line.split(maxsplit=1)) == 2, f"{task} has no help line"
