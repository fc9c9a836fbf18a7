"""Settings for building the site locally (``invoke build``, ``invoke serve``).

``publishconf.py`` imports everything here and overrides what differs online.
"""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

AUTHOR = "Morgan Hale"
SITENAME = "Service Culture Notes"
SITESUBTITLE = "Customer-centric culture: service, experience, social media"
SITEURL = ""
SITE_DESCRIPTION = (
    "A blog about customer service, customer experience, corporate culture "
    "and social media, and how they add up to a customer-centric company."
)

PATH = "content"
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %b %Y"

ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
# Folders that plugins read themselves; Pelican must not take them for articles.
ARTICLE_EXCLUDES = ["pages", "comments", "blogfests", "tags", "images", "redirects", "imports"]
PAGE_EXCLUDES = ["posts", "comments", "blogfests", "tags", "images", "redirects", "imports"]

# WordPress-compatible URLs, so that a migrated blog keeps its inbound links.
ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = AUTHORS_URL + "index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL + "index.html"
SITEMAP_SAVE_AS = "sitemap.xml"
ROBOTS_SAVE_AS = "robots.txt"
DIRECT_TEMPLATES = [
    "index",
    "tags",
    "categories",
    "authors",
    "archives",
    "sitemap",
    "robots",
]

DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Feeds live under feeds/. The absolute feed URLs come from publishconf.py.
FEED_DOMAIN = "http://127.0.0.1:8000"  # feeds need absolute links, even in a preview
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{slug}.rss.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
FEED_MAX_ITEMS = 20
RSS_FEED_SUMMARY_ONLY = True

MENUITEMS = (("Archives", "/archives/"), ("Tags", "/tags/"), ("Blogfests", "/blogfests/"))
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

PLUGIN_PATHS = [str(HERE / "plugins")]
# fast_build comes last: it finishes the build after the other plugins.
PLUGINS = [
    "content_check",
    "rollcall",
    "image_size",
    "jsonld",
    "comments",
    "tag_archives",
    "redirects",
    "most_discussed",
    "live_comments",
    "fast_build",
]

# What one build keeps for the next (rendered Markdown, unchanged pages); safe to delete.
CACHE_PATH = "cache"

# This blog's addresses (old ones too): its own row in a roll-call is marked.
# SITEURL always counts; listing the public address here marks it in local previews as well.
ROLLCALL_OWN_URLS = ["https://serviceculture.example/"]

# Tags (plugins/tag_archives): spellings that differ only in case, spacing,
# hyphens, underscores or accents are one tag already; aliases merge synonyms.
TAG_ALIASES = {"CX": "customer experience"}
TAG_CLOUD_STEPS = 5
TAG_ARCHIVE_FULL_TEXT = False

# Comments (plugins/comments): files under content/comments/<post slug>/<id>.md.
# Readers send new comments by email (or set COMMENTS_SUBMIT_URL to a form).
COMMENTS_EMAIL = "comments@serviceculture.example"
COMMENTS_MAX_DEPTH = 5

# Live comments (plugins/live_comments): where readers' browsers reach the Isso server. Empty: article
# pages load nothing extra. `ISSO_URL=http://127.0.0.1:8080/ invoke serve` tries it out with
# `invoke comments-server` running; `invoke comments-sync` bakes accepted comments into content/comments/.
ISSO_URL = os.environ.get("ISSO_URL", "")
ISSO_LISTEN = os.environ.get("ISSO_LISTEN", "http://127.0.0.1:8080/")
ISSO_DB = "isso/comments.db"  # relative to the project folder; keep it out of git, back it up
ISSO_MODERATION = True  # new comments wait until the author activates them (link in Isso's log or email)

# Relative URLs keep the local preview working from any folder.
RELATIVE_URLS = True
