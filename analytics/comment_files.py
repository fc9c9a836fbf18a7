"""Comments from the blog's own comment files, read by the comments plugin's own reader.

The site and the analytics then agree on every comment: the same ids,
threads, dates, kinds and author replies, and the same message for a bad file.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from plugins.comments.errors import CommentError
from plugins.comments.model import load_comments
from plugins.comments.settings import CommentsSettings

from . import columns as c


def comments_from_files(settings: dict, slugs: set[str], author: str) -> pd.DataFrame:
    """The ``comments`` table of ``<PATH>/<COMMENTS_PATH>/<slug>/<id>.md``, for the articles named by ``slugs``.

    A file the site would refuse stops the analytics with the same message.
    """
    options = CommentsSettings.from_pelican(settings)
    folder = Path(settings["PATH"]) / options.path
    try:
        display = folder.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        display = str(folder)
    loaded = load_comments(folder, display, slugs, ZoneInfo(options.timezone), author)
    if loaded.problems:
        raise CommentError(loaded.problems)
    found = loaded.comments
    frame = pd.DataFrame(
        {
            c.COMMENT_ID: [x.id for x in found],
            c.POST_ID: [x.article for x in found],
            c.PARENT_ID: [x.reply_to or None for x in found],
            c.AUTHOR: [x.author for x in found],
            c.AUTHOR_URL: [x.url or None for x in found],
            c.IS_AUTHOR: [x.is_author for x in found],
            c.KIND: [x.kind for x in found],
            c.PUBLISHED: pd.to_datetime([x.date for x in found], utc=True),
            c.WORDS: [len(x.body.split()) for x in found],
            c.STATUS: [x.status for x in found],
            c.SOURCE: "comment files",
        },
        columns=list(c.COMMENTS),
    )
    return c.conform(frame, c.COMMENTS)
