"""Where a checked site goes. Each target takes a finished staging folder and
puts it online so that readers see either the old site or the new one."""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import mimetypes
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import PublishError

TARGETS = ("local", "rsync", "github-pages", "s3")

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def staging_folder(target: Path | None = None) -> Path:
    """A fresh, empty folder to build into: beside a local target, so that the
    final rename stays on one file system."""
    if target is not None:
        target = Path(target).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
    return Path(tempfile.mkdtemp(prefix="site-staging-"))


def publish_local(staging: Path, target: Path) -> str:
    """Replace ``target`` with ``staging`` in one rename; the old site is removed after."""
    target = Path(target).resolve()
    if target.exists() and not target.is_dir():
        raise PublishError(f"{target}: exists and is not a folder; choose another PUBLISH_DIR")
    if not target.exists():
        os.rename(staging, target)
        return f"published to {target}"
    if _exchange(staging, target):
        shutil.rmtree(staging)  # now holds the old site
        return f"published to {target}"
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.rename(target, old)
    try:
        os.rename(staging, target)
    except OSError:
        os.rename(old, target)
        raise
    shutil.rmtree(old)
    return f"published to {target}"


def publish_rsync(staging: Path, destination: str) -> str:
    """rsync with ``--delay-updates``: files change places only at the end."""
    if not destination:
        raise PublishError("RSYNC_DESTINATION is not set; set it in publishconf.py or pass --dest")
    rsync = shutil.which("rsync")
    if rsync is None:
        raise PublishError("rsync is not installed; install it (for example: apt-get install rsync)")
    command = [
        rsync,
        "--recursive",
        "--links",
        "--times",
        "--checksum",
        "--delete",
        "--delay-updates",
        "--compress",
        f"{staging}/",
        destination,
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise PublishError(f"rsync to {destination} failed: {reason}")
    return f"published to {destination} with rsync"


def publish_github_pages(
    staging: Path, repo: str | Path, branch: str = "gh-pages", remote: str = "", message: str = "Publish site"
) -> str:
    """Commit the site as the whole content of ``branch`` (ghp-import), then push."""
    repo = Path(repo).resolve()
    if not (repo / ".git").exists():
        raise PublishError(f"{repo}: not a git repository; set GITHUB_PAGES_REPO to one")
    command = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--branch", branch, "--message", message]
    if remote:
        command += ["--push", "--remote", remote]
    command.append(str(staging))
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise PublishError(f"GitHub Pages publish to {repo} ({branch}) failed: {reason}")
    pushed = f" and pushed to {remote}" if remote else ""
    return f"committed the site to branch {branch} of {repo}{pushed}"


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()


def publish_s3(staging: Path, bucket: str, endpoint_url: str = "", prefix: str = "", client=None) -> str:
    """Upload new and changed files (assets first, pages last), then delete stale ones.

    S3 has no rename, so the order keeps every page a reader can load complete:
    a new page never links to an asset that is not there yet, and nothing is
    deleted until everything new is in place.
    """
    if not bucket:
        raise PublishError("S3_BUCKET is not set; set it in publishconf.py or pass --dest")
    if client is None:
        try:
            import boto3
        except ImportError:
            raise PublishError("the s3 target needs boto3; install it with: pip install -e '.[s3]'") from None
        client = boto3.client("s3", endpoint_url=endpoint_url or None)
    prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
    try:
        existing = {}
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                existing[item["Key"]] = item["ETag"].strip('"')
        files = sorted(p for p in Path(staging).rglob("*") if p.is_file())
        files.sort(key=lambda p: p.suffix == ".html")  # pages after their assets
        uploaded = 0
        for path in files:
            key = prefix + path.relative_to(staging).as_posix()
            if existing.get(key) == _md5(path):
                continue
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            client.upload_file(str(path), bucket, key, ExtraArgs={"ContentType": content_type})
            uploaded += 1
        wanted = {prefix + p.relative_to(staging).as_posix() for p in files}
        stale = sorted(set(existing) - wanted)
        for start in range(0, len(stale), 1000):
            client.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in stale[start : start + 1000]]})
    except PublishError:
        raise
    except Exception as error:  # botocore's errors, connection failures
        raise PublishError(f"S3 publish to bucket {bucket!r} failed: {error}") from None
    return f"uploaded {uploaded} changed files to s3://{bucket}/{prefix} and removed {len(stale)} stale ones"
