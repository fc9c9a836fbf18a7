"""Settings for publishing (``invoke publish``): everything in pelicanconf.py,
plus the public address and where the site goes.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://serviceculture.example")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False

# Drafts are previewed locally (output/drafts/) but never published.
DRAFT_SAVE_AS = ""
DRAFT_URL = ""

# Where `invoke publish` puts the site. One of: local, rsync, github-pages, s3.
# `invoke publish --target NAME` overrides it for one run.
PUBLISH_TARGET = os.environ.get("PUBLISH_TARGET", "local")

# local: a folder, replaced atomically.
PUBLISH_DIR = os.environ.get("PUBLISH_DIR", "public")

# rsync: a destination rsync understands (user@host:/var/www/site/ or a path).
RSYNC_DESTINATION = os.environ.get("RSYNC_DESTINATION", "")

# github-pages: the git repository and branch to commit the site to; pushed
# to GITHUB_PAGES_REMOTE when it is set.
GITHUB_PAGES_REPO = os.environ.get("GITHUB_PAGES_REPO", ".")
GITHUB_PAGES_BRANCH = os.environ.get("GITHUB_PAGES_BRANCH", "gh-pages")
GITHUB_PAGES_REMOTE = os.environ.get("GITHUB_PAGES_REMOTE", "")

# s3: a bucket on AWS or any S3-compatible service (credentials come from the
# usual AWS environment variables or ~/.aws).
S3_BUCKET = os.environ.get("S3_BUCKET", "")
S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")
S3_PREFIX = os.environ.get("S3_PREFIX", "")
