"""Blogfest participants as a table, from the roll-call files the site is built from.

The files are read by the roll-call plugin's own loader, so the analytics and
the site agree on every participant and report the same errors.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pandas as pd

from plugins.rollcall.load import load_events
from plugins.rollcall.model import Event
from plugins.rollcall.settings import RollcallSettings

from . import columns as c


def events(settings: dict, display_root: Path | None = None) -> list[Event]:
    """Every blogfest and carnival of the content folder; the roll-call's error when a file is wrong."""
    folder = RollcallSettings.from_pelican(settings).folder
    return load_events(folder, display_root or Path.cwd())


def participants(found: list[Event], settings: dict, posts_taking_part: dict[str, list[str]]) -> pd.DataFrame:
    """The ``participants`` table: one row per blog of each event, with the event's roll-call addresses."""
    rollcall = RollcallSettings.from_pelican(settings)
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    rows = []
    for event in found:
        pages = [f"{siteurl}/{rollcall.event_url.format(slug=event.slug)}" if siteurl else None, event.url]
        urls = [u for u in [*pages, *posts_taking_part.get(event.slug, [])] if u]
        for row in event.participants:
            rows.append(
                {
                    c.BLOGFEST: event.slug,
                    c.EVENT: event.name,
                    c.START: pd.Timestamp(event.start, tz="UTC"),
                    c.END: pd.Timestamp(event.end + timedelta(days=1), tz="UTC"),
                    c.PERSON: row.name,
                    c.BLOG: row.label,
                    c.URL: row.url,
                    c.FEED: row.feed,
                    c.POST: row.post,
                    c.ROLLCALL_URLS: urls,
                }
            )
    return c.conform(pd.DataFrame(rows, columns=list(c.PARTICIPANTS)), c.PARTICIPANTS)
