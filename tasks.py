"""Author's commands: ``invoke --list`` shows them, README.md explains them."""

from __future__ import annotations

import os
import shutil
import sys
from datetime import datetime
from pathlib import Path

from invoke import Exit, task

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from plugins.live_comments import LiveCommentsError
from plugins.migrate import MigrateError, run_import
from plugins.publisher import PublishError, build_site, new_post
from plugins.publisher import publish as publish_site

CONFIG = {
    "settings_base": HERE / "pelicanconf.py",
    "settings_publish": HERE / "publishconf.py",
    "content": HERE / "content",
    "output": HERE / "output",
    "cache": HERE / "cache",
    "host": "127.0.0.1",
    "port": 8000,
}


def _fail(error: PublishError | MigrateError | LiveCommentsError) -> Exit:
    return Exit("\n".join(f"error: {line}" for line in error.problems), code=1)


@task
def build(c):
    """Build the site with pelicanconf.py into output/."""
    try:
        result = build_site(CONFIG["settings_base"], CONFIG["output"])
    except PublishError as error:
        raise _fail(error) from None
    print(f"Built the site into {result.output} in {result.seconds:.1f} s")


@task
def check(c):
    """Check all content (metadata, links, images, clashing URLs, tags) without writing a site; list merged tags."""
    try:
        result = build_site(CONFIG["settings_base"], check_only=True)
    except PublishError as error:
        raise _fail(error) from None
    for note in result.notes:
        print(f"note: {note}")
    print("Content OK")


@task(
    help={
        "target": "local, rsync, github-pages or s3 (default: PUBLISH_TARGET in publishconf.py)",
        "dest": "the target's folder, rsync destination, git repository or bucket",
    }
)
def publish(c, target=None, dest=None):
    """Build with publishconf.py into a staging folder, check it, then replace the published site."""
    try:
        where = publish_site(CONFIG["settings_publish"], target=target, dest=dest)
    except PublishError as error:
        raise _fail(error) from None
    print(f"Site {where}")


@task
def clean(c):
    """Remove the local build (output/) and what builds keep for the next one (cache/)."""
    shutil.rmtree(CONFIG["output"], ignore_errors=True)
    shutil.rmtree(CONFIG["cache"], ignore_errors=True)


@task(help={"port": "port to serve on (default 8000)"})
def serve(c, port=None):
    """Build, then serve output/ on http://127.0.0.1:8000/ until Ctrl-C, with the site's 404 page
    for a missing address as a host would."""
    from plugins.publisher.preview import SiteServer

    build(c)
    server = SiteServer(CONFIG["output"], CONFIG["host"], int(port or CONFIG["port"]))
    print(f"Serving the site on {server.url}/ (Ctrl-C stops)", flush=True)
    server.serve_forever()


@task(help={"port": "port to serve on (default 8000)"})
def livereload(c, port=None):
    """Serve on http://127.0.0.1:8000/ and rebuild whenever content, theme or settings change."""
    port = int(port or CONFIG["port"])
    c.run(
        f'"{sys.executable}" -m pelican --autoreload --listen --bind {CONFIG["host"]} --port {port} '
        f'-s "{CONFIG["settings_base"]}" -o "{CONFIG["output"]}" "{CONFIG["content"]}"',
        pty=False,
        in_stream=False,
    )


@task(help={"tags": 'comma-separated tags, e.g. "customer service, culture"', "category": "the post's category"})
def new(c, title, tags="", category=""):
    """Scaffold content/posts/<slug>.md as a draft; never overwrites a post."""
    try:
        path = new_post(CONFIG["content"], title, datetime.now(), tags, category)
    except PublishError as error:
        raise _fail(error) from None
    print(f"Created {path.relative_to(HERE)}")


@task(
    help={
        "since": "posts and comments from this day on (YYYY-MM-DD)",
        "until": "posts and comments up to this day, included",
        "tag": "only posts with this tag",
        "category": "only posts in this category",
        "feeds": "a file listing other blogs' feeds, one URL or path a line",
        "isso": "an Isso comment database",
    }
)
def analytics(c, since=None, until=None, tag=None, category=None, feeds=None, isso=None):
    """Engagement report: key tables in the terminal, every table as CSV and JSON, reports/engagement.html."""
    from analytics.cli import main as analytics_main

    options = {"--since": since, "--until": until, "--tag": tag, "--category": category, "--feeds": feeds}
    options["--isso"] = isso
    argv = ["report", "--settings", str(CONFIG["settings_publish"]), "--out", str(HERE / "reports")]
    argv += ["--cache", str(CONFIG["cache"] / "feeds")]
    for option, value in options.items():
        if value:
            argv += [option, str(value)]
    code = analytics_main(argv)
    if code:
        raise Exit(code=code)


def _import(source: str, export: str, force: bool = False, download_media: bool = False) -> None:
    try:
        report = run_import(
            source,
            export,
            settings_file=CONFIG["settings_base"],
            content=CONFIG["content"],
            force=force,
            download_media=download_media,
        )
    except MigrateError as error:
        raise _fail(error) from None
    print(report.render())


@task(
    help={
        "export": "the WordPress export file (Tools > Export > All content)",
        "force": "overwrite imported files that were edited by hand since",
        "download-media": "download the attachments into content/images/uploads/",
    }
)
def import_wordpress(c, export, force=False, download_media=False):
    """Import a WordPress export into content/: posts, pages, comments, redirects; re-running changes nothing."""
    _import("wordpress", export, force, download_media)


@task(
    help={
        "export": "the Disqus export file (Moderation > Export)",
        "force": "overwrite imported comments that were edited by hand since",
    }
)
def import_disqus(c, export, force=False):
    """Import a Disqus export's comments onto the posts in content/ (import the posts first)."""
    _import("disqus", export, force)


@task
def comments_server(c):
    """Run the Isso comment server on ISSO_LISTEN (127.0.0.1:8080) with a configuration made from the settings."""
    from plugins.live_comments.commands import run_server

    try:
        code = run_server(CONFIG["settings_base"], HERE)
    except LiveCommentsError as error:
        raise _fail(error) from None
    if code:
        raise Exit(code=code)


@task(
    help={
        "server": "the Isso server to read (default: ISSO_URL, or ISSO_LISTEN when ISSO_URL is a path)",
        "db": "read this Isso database file instead of a server",
    }
)
def comments_sync(c, server=None, db=None):
    """Write Isso's accepted comments into content/comments/<slug>/isso-<id>.md; existing files are kept."""
    from plugins.live_comments.commands import run_sync

    try:
        report = run_sync(CONFIG["settings_base"], HERE, server=server, db=db)
    except LiveCommentsError as error:
        raise _fail(error) from None
    print(report.render())


def _missing_system_packages(listing: Path) -> list[str]:
    """Debian packages from ``listing`` whose program is not on PATH."""
    if not listing.is_file():
        return []
    missing = []
    for line in listing.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            package, program = line.split()
            if shutil.which(program) is None:
                missing.append(package)
    return missing


@task
def test(c):
    """Install the system packages the tests use (tests/system-packages.txt), then run the whole test suite."""
    missing = _missing_system_packages(HERE / "tests" / "system-packages.txt")
    if missing:
        sudo = "" if os.geteuid() == 0 else "sudo "
        print(f"Installing {', '.join(missing)} for the tests", flush=True)
        c.run(
            f"{sudo}apt-get update -qq && {sudo}apt-get install -y -qq {' '.join(missing)}", pty=False, in_stream=False
        )
    c.run(f'"{sys.executable}" -m pytest', pty=False, in_stream=False)
