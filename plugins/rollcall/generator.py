"""The Pelican side: loads the events while the site is read, puts each roll-call
into its posts, then writes the event pages, their index and the feed.

Everything that can fail is checked in ``generate_context``, which Pelican
runs for every generator before anything is written (and ``invoke check``
runs too), so a bad event file stops the build with nothing half-written.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pelican.contents import Content
from pelican.generators import Generator

from plugins.content_check.header import header_line

from .errors import Problem, RollcallError
from .history import Edition, editions
from .load import load_events, unknown_events
from .model import Entry, Event, roll_call
from .render import insert_rollcall, render_table
from .settings import RollcallSettings

_ARTICLE_LISTS = ("articles", "drafts", "hidden_articles")
_PAGE_LISTS = ("pages", "hidden_pages", "draft_pages")
_MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")


@dataclass
class EventPage:
    """What the templates get for one event: ``blogfest`` on its page, each item of ``blogfests``."""

    event: Event
    url: str
    save_as: str
    entries: tuple[Entry, ...]
    posts: list = field(default_factory=list)  # this blog's published posts for the event, oldest first
    editions: tuple[Edition, ...] = ()  # the series' editions, when there are several

    @property
    def people(self) -> int:
        return len(self.entries)

    @property
    def rows(self) -> int:
        """Blogs in a blogfest, posts in a carnival."""
        return len(self.event.participants)


def _with_translations(contents: list) -> Iterator:
    seen: set[int] = set()
    for content in contents:
        for item in (content, *getattr(content, "translations", ())):
            if id(item) not in seen:
                seen.add(id(item))
                yield item


def _forget_rendered(changed: list) -> None:
    """Drop what Pelican memoised of these objects' content and summary before we changed it."""
    ids = {id(item) for item in changed}
    for method in (Content.get_content, Content.get_summary):
        cache = method.cache
        for key in [k for k in cache if k and id(k[0]) in ids]:
            del cache[key]


class RollcallGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rollcall = RollcallSettings.from_pelican(self.settings)
        self.event_pages: list[EventPage] = []
        self.blogfest_posts: list = []

    # -- reading --------------------------------------------------------------

    def _display(self, path: str | os.PathLike) -> str:
        root = Path(self.settings["PATH"]).resolve().parent
        try:
            return Path(path).resolve().relative_to(root).as_posix()
        except ValueError:
            return str(path)

    def _header_line(self, content, key: str) -> int | None:
        if Path(content.source_path).suffix.lower() not in _MARKDOWN:
            return None
        return header_line(content.source_path, key)

    def _contents(self, lists: tuple[str, ...]) -> list:
        return list(_with_translations([c for name in lists for c in self.context.get(name, [])]))

    def _clashes(self, outputs: dict[str, str]) -> list[Problem]:
        """Posts or pages that would be written where the blogfest pages go."""
        problems = []
        for content in self._contents(_ARTICLE_LISTS + _PAGE_LISTS):
            what = outputs.get(getattr(content, "save_as", None) or "")
            if what:
                problems.append(
                    Problem(
                        self._display(content.source_path),
                        self._header_line(content, "slug"),
                        "URL",
                        f"writes {content.save_as}, which the site uses for {what}; choose another Slug",
                    )
                )
        return problems

    def generate_context(self) -> None:
        settings = self.rollcall
        events = load_events(settings.folder, Path(self.settings["PATH"]).resolve().parent)
        history = editions(events)
        pages = {
            event.slug: EventPage(
                event=event,
                url=settings.event_url.format(slug=event.slug),
                save_as=settings.event_save_as.format(slug=event.slug),
                entries=roll_call(event, settings.own_urls),
                editions=history.get(event.series, ()) if event.series else (),
            )
            for event in events
        }

        articles = self._contents(_ARTICLE_LISTS)
        taking_part = [a for a in articles if a.metadata.get("blogfest")]
        problems = unknown_events(
            (
                (self._display(a.source_path), self._header_line(a, "blogfest"), a.metadata["blogfest"])
                for a in taking_part
                if a.metadata["blogfest"] not in pages
            ),
            pages,
        )
        outputs = {page.save_as: f"the page of {page.event.source}" for page in pages.values()}
        outputs[settings.index_save_as] = "the blogfests index"
        if settings.feed_atom:
            outputs[settings.feed_atom] = "the blogfests feed"
        problems += self._clashes(outputs)
        if problems:
            raise RollcallError(problems)

        table_context = {**self.context, "rollcall_rel": settings.link_rel}
        for article in taking_part:
            page = pages[article.metadata["blogfest"]]
            table = render_table(self.env, page.event, page.entries, table_context)
            article._content = insert_rollcall(article._content or "", table, settings.marker)
            article.blogfest_event = page
        _forget_rendered(taking_part)

        published = {id(a) for a in self.context.get("articles", [])}
        self.blogfest_posts = sorted((a for a in taking_part if id(a) in published), key=lambda a: a.date, reverse=True)
        for article in reversed(self.blogfest_posts):
            pages[article.metadata["blogfest"]].posts.append(article)
        self.event_pages = sorted(pages.values(), key=lambda p: (p.event.start, p.event.slug), reverse=True)
        self.context["blogfests"] = self.event_pages
        self.context["rollcall"] = settings
        self.context["rollcall_rel"] = settings.link_rel
        # No posts, no feed: an empty feed would carry the time of the build and change on every build.
        self.context["rollcall_feed"] = settings.feed_atom if self.blogfest_posts else None

    # -- writing --------------------------------------------------------------

    def generate_output(self, writer) -> None:
        relative = self.settings["RELATIVE_URLS"]
        template = self.get_template("blogfest")
        for page in self.event_pages:
            writer.write_file(page.save_as, template, self.context, relative_urls=relative, url=page.url, blogfest=page)
        writer.write_file(
            self.rollcall.index_save_as,
            self.get_template("blogfests"),
            self.context,
            relative_urls=relative,
            url=self.rollcall.index_url,
        )
        if self.context["rollcall_feed"]:
            writer.write_feed(
                self.blogfest_posts,
                self.context,
                self.context["rollcall_feed"],
                feed_type="atom",
                feed_title="Blogfests",
            )
