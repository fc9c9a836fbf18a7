"""Build into a fresh staging folder, check it, and only then put it online.

Whatever fails (the build, the check, the upload) leaves the published site
as it was and the staging folder removed.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .build import build_site, load_settings
from .errors import PublishError
from .sitecheck import check_site
from .targets import (
    TARGETS,
    publish_github_pages,
    publish_local,
    publish_rsync,
    publish_s3,
    staging_folder,
)


@dataclass(frozen=True)
class PublishSettings:
    """Every publish setting and its default, read once from the settings."""

    target: str = "local"
    publish_dir: str = "public"
    rsync_destination: str = ""
    github_pages_repo: str = "."
    github_pages_branch: str = "gh-pages"
    github_pages_remote: str = ""
    s3_bucket: str = ""
    s3_endpoint_url: str = ""
    s3_prefix: str = ""
    siteurl: str = ""

    @classmethod
    def from_pelican(cls, settings: dict, target: str | None = None, dest: str | None = None) -> PublishSettings:
        values = {
            "target": target or settings.get("PUBLISH_TARGET", cls.target),
            "publish_dir": settings.get("PUBLISH_DIR", cls.publish_dir),
            "rsync_destination": settings.get("RSYNC_DESTINATION", cls.rsync_destination),
            "github_pages_repo": settings.get("GITHUB_PAGES_REPO", cls.github_pages_repo),
            "github_pages_branch": settings.get("GITHUB_PAGES_BRANCH", cls.github_pages_branch),
            "github_pages_remote": settings.get("GITHUB_PAGES_REMOTE", cls.github_pages_remote),
            "s3_bucket": settings.get("S3_BUCKET", cls.s3_bucket),
            "s3_endpoint_url": settings.get("S3_ENDPOINT_URL", cls.s3_endpoint_url),
            "s3_prefix": settings.get("S3_PREFIX", cls.s3_prefix),
            "siteurl": settings.get("SITEURL", ""),
        }
        if values["target"] not in TARGETS:
            raise PublishError(f"unknown publish target {values['target']!r}; use one of {', '.join(TARGETS)}")
        if dest:
            key = {
                "local": "publish_dir",
                "rsync": "rsync_destination",
                "github-pages": "github_pages_repo",
                "s3": "s3_bucket",
            }[values["target"]]
            values[key] = dest
        return cls(**values)


def publish(
    settings_file: str | os.PathLike = "publishconf.py", target: str | None = None, dest: str | None = None, **overrides
) -> str:
    """Build, check and publish; returns a line saying where the site went."""
    project = Path(settings_file).resolve().parent
    config = PublishSettings.from_pelican(load_settings(settings_file, **overrides), target, dest)
    local_target = None
    if config.target == "local":
        local_target = Path(config.publish_dir)
        if not local_target.is_absolute():
            local_target = project / local_target
    staging = staging_folder(local_target)
    try:
        result = build_site(settings_file, staging, **overrides)
        problems = check_site(staging, result.expected, config.siteurl)
        if problems:
            raise PublishError(["the built site failed its checks; nothing was published:", *problems])
        if config.target == "local":
            return publish_local(staging, local_target)
        if config.target == "rsync":
            return publish_rsync(staging, config.rsync_destination)
        if config.target == "github-pages":
            repo = Path(config.github_pages_repo)
            return publish_github_pages(
                staging,
                repo if repo.is_absolute() else project / repo,
                config.github_pages_branch,
                config.github_pages_remote,
            )
        return publish_s3(staging, config.s3_bucket, config.s3_endpoint_url, config.s3_prefix)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
