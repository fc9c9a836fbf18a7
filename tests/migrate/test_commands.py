"""The import as authors run it: ``invoke import-wordpress``, ``invoke import-disqus``, ``blog-import``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.migrate.conftest import DISQUS, WXR, files_under
from tests.test_tasks import invoke


def test_invoke_imports_into_the_project_and_the_site_builds(project_copy):
    shipped = files_under(project_copy / "content")
    done = invoke(project_copy, "import-wordpress", str(WXR))
    assert done.returncode == 0, done.stderr
    assert "posts: published                   4        3        1  could not be read (see below): 1" in done.stdout
    # The shipped About page is the author's own: the import keeps it and says so.
    assert "pages: published                   3        2        1  a file of that name exists" in done.stdout
    assert (project_copy / "content/pages/about.md").read_bytes() == shipped["pages/about.md"]
    assert (project_copy / "content/posts/hello-world.md").is_file()
    done = invoke(project_copy, "import-disqus", str(DISQUS))
    assert done.returncode == 0, done.stderr
    assert "comments: comment, approved" in done.stdout
    again = invoke(project_copy, "import-wordpress", str(WXR))
    assert "Nothing new:" in again.stdout
    built = invoke(project_copy, "build")
    assert built.returncode == 0, built.stderr
    assert (project_copy / "output/2011/03/01/hello-world/index.html").is_file()
    assert (project_copy / "output/about/team/index.html").is_file()  # a redirect stub


def test_a_bad_export_is_one_line_and_writes_nothing(project_copy):
    bad = project_copy / "bad.xml"
    bad.write_text(WXR.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    before = files_under(project_copy / "content")
    done = invoke(project_copy, "import-wordpress", "bad.xml")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: bad.xml:")
    assert "truncated" in lines[0] and "Traceback" not in done.stderr + done.stdout
    assert files_under(project_copy / "content") == before


def test_the_console_script(tmp_path):
    script = Path(sys.executable).with_name("blog-import")
    done = subprocess.run(
        [str(script), "wordpress", str(WXR), "--content", str(tmp_path / "content")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Imported {WXR} into content\n")
    wrong = subprocess.run(
        [sys.executable, "-m", "plugins.migrate", "disqus", str(WXR), "--content", str(tmp_path / "c2")],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )
    assert wrong.returncode == 1
    assert wrong.stderr == (
        "error: tests/migrate/data/wordpress.xml:3: this looks like a WordPress export (RSS), not a Disqus one; "
        "use import-wordpress\n"
    )
