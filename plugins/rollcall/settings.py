"""The plugin's settings, read once from Pelican's, with every default in one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULTS = {
    "ROLLCALL_PATH": "blogfests",
    "ROLLCALL_URL": "blogfests/{slug}/",
    "ROLLCALL_SAVE_AS": "blogfests/{slug}/index.html",
    "ROLLCALL_INDEX_URL": "blogfests/",
    "ROLLCALL_INDEX_SAVE_AS": "blogfests/index.html",
    "ROLLCALL_FEED_ATOM": "feeds/blogfests.atom.xml",
    "ROLLCALL_OWN_URLS": (),
    "ROLLCALL_MARKER": "[rollcall]",
    "ROLLCALL_LINK_REL": "nofollow ugc noopener",
}


@dataclass(frozen=True)
class RollcallSettings:
    folder: Path  # where the event files are
    event_url: str
    event_save_as: str
    index_url: str
    index_save_as: str
    feed_atom: str | None
    own_urls: tuple[str, ...]  # this blog's addresses: its rows in a roll-call are marked
    marker: str
    link_rel: str

    @classmethod
    def from_pelican(cls, settings: Mapping) -> RollcallSettings:
        value = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
        own = list(value["ROLLCALL_OWN_URLS"] or ())
        # The site's own address always counts, so a published build marks its row
        # without repeating SITEURL here; a relative SITEURL (local preview) is no address.
        siteurl = settings.get("SITEURL") or ""
        if siteurl.startswith(("http://", "https://")):
            own.append(siteurl)
        return cls(
            folder=Path(settings["PATH"]) / value["ROLLCALL_PATH"],
            event_url=value["ROLLCALL_URL"],
            event_save_as=value["ROLLCALL_SAVE_AS"],
            index_url=value["ROLLCALL_INDEX_URL"],
            index_save_as=value["ROLLCALL_INDEX_SAVE_AS"],
            feed_atom=value["ROLLCALL_FEED_ATOM"] or None,
            own_urls=tuple(own),
            marker=value["ROLLCALL_MARKER"],
            link_rel=value["ROLLCALL_LINK_REL"],
        )
