"""Comment bodies to safe HTML, plain text and schema.org data.

Bodies are CommonMark (the dialect readers know from comment boxes
elsewhere: a line break is a line break, addresses become links), rendered
by comrak, a Rust port of GitHub's cmark-gfm: fast enough for a hundred
thousand comments per build, and, unlike the cmarkgfm binding, it frees
what it allocates (cmarkgfm leaks every document it renders). Raw HTML in
a body is allowed through the Markdown step and then everything goes
through nh3's allow-list, which is what makes it safe: only a few
text-level tags survive, links keep only http(s) addresses and get
``rel="nofollow ugc noopener"``, and no script, style, event handler or CSS
gets through, whatever the Markdown renderer did.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable

import comrak
import nh3

from .model import Comment

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "cite",
        "code",
        "del",
        "em",
        "i",
        "li",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "strong",
        "sub",
        "sup",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
# Dropped with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "iframe", "object", "embed", "svg", "math", "noscript", "textarea", "title"}
)
VISITOR_LINK_REL = "nofollow ugc noopener"
# A tag in the cleaner's output: its serialiser escapes '<' and '>' in text and in attribute values alike,
# so every '<' starts a tag and the next '>' ends it (tests/comments/test_render.py holds it to that).
_TAG = re.compile(r"<[^>]*>")
# Text and strftime directives that depend on the day alone (glibc's '-' flag allowed): their text is
# worked out once a day, not once per comment (a busy post gets dozens of comments a day).
_DAY_ONLY_FORMAT = re.compile(r"(?:[^%]|%-?[aAbBCdDeFgGhjmuUVwWxyY%])*")
# The pieces of a format: a directive, a run of text, or a lone '%' at the end.
_PIECE = re.compile(r"%-?.|[^%]+|%", re.DOTALL)
# Directives that print a number of the time of day, two digits, whatever the locale.
_CLOCK = {"%H": "hour", "%M": "minute", "%S": "second"}


@functools.lru_cache(maxsize=16)
def _segments(date_format: str) -> tuple[tuple[str, str | None], ...] | None:
    """The format cut into runs that depend on the day alone (with None) and hour, minute or second
    directives (with the attribute they print); None when it holds any other directive. strftime
    formats each directive on its own, so the text of the whole is the texts of the runs, joined."""
    segments: list[tuple[str, str | None]] = []
    day = ""
    for piece in _PIECE.findall(date_format):
        if piece in _CLOCK:
            if day:
                segments.append((day, None))
                day = ""
            segments.append((piece, _CLOCK[piece]))
        elif _DAY_ONLY_FORMAT.fullmatch(piece):
            day += piece
        else:
            return None
    if day:
        segments.append((day, None))
    return tuple(segments)


def might_autolink(markdown: str) -> bool:
    """Whether the text holds anything comrak's autolink extension could turn into a link. It looks for
    addresses after character references are decoded ("jane&#64;example.com" is linked), so any "&"
    counts; and it links lower-case schemes and "www." only, so the case-blind test asks more than it needs."""
    return "://" in markdown or "@" in markdown or "&" in markdown or "www." in markdown.lower()


class BodyRenderer:
    """Markdown to sanitised HTML, and sanitised HTML to plain text. Build one per site: the
    cleaners are compiled once."""

    def __init__(self) -> None:
        self._extensions = comrak.ExtensionOptions()
        self._extensions.autolink = True
        self._extensions.strikethrough = True
        # The same without looking for bare addresses, for a body with nothing that could start one.
        self._no_autolink = comrak.ExtensionOptions()
        self._no_autolink.strikethrough = True
        self._render = comrak.RenderOptions()
        self._render.hardbreaks = True
        self._render.unsafe_ = True  # raw HTML goes through; nh3 below decides what stays
        self._cleaner = nh3.Cleaner(
            tags=set(ALLOWED_TAGS),
            clean_content_tags=set(DROPPED_WITH_CONTENT),
            attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
            url_schemes={"http", "https"},
            url_relative="deny",  # a relative link would point into this site and break its link check
            link_rel=VISITOR_LINK_REL,
            strip_comments=True,
        )
        self._day_texts: dict[tuple[str, int], str] = {}

    def html(self, markdown: str) -> str:
        # A bare address becomes a link only where there is "://" (http, https, ftp), "@" (an email, mailto:,
        # xmpp:, also written as a character reference) or "www."; without any of them, looking for one is a
        # third of the Markdown step for nothing.
        extensions = self._extensions if might_autolink(markdown) else self._no_autolink
        rendered = comrak.render_markdown(markdown, extension_options=extensions, render_options=self._render)
        return self._cleaner.clean(rendered).strip()

    def text(self, safe_html: str) -> str:
        """The words of the comment, for structured data (which wants text, not markup).

        ``safe_html`` is :meth:`html`'s output: the cleaner has already dropped
        scripts, styles and comments, so taking the tags away leaves the words
        (a second pass of the cleaner gives the same, four times slower).
        """
        text = _TAG.sub("", safe_html)
        return (html.unescape(text) if "&" in text else text).strip()

    def date_text(self, date, date_format: str) -> str:
        """``date.strftime(date_format)``: the parts that depend on the day alone remembered per day, the
        hour, minute and second written as numbers, when the format shows nothing else (a hundred
        thousand strftime calls cost a quarter of a second)."""
        segments = _segments(date_format)
        if segments is None:
            return date.strftime(date_format)
        texts = []
        for text, clock in segments:
            if clock is not None:
                texts.append(f"{getattr(date, clock):02d}")
                continue
            key = (text, date.toordinal())
            found = self._day_texts.get(key)
            if found is None:
                found = self._day_texts[key] = date.strftime(text)
            texts.append(found)
        return "".join(texts)

    def render(self, comments: Iterable[Comment], date_format: str, zone) -> None:
        """Fills in ``html``, ``text``, ``date_text`` and ``iso_date`` of each comment, with dates in the
        site's zone."""
        for comment in comments:
            comment.date = date = comment.date.astimezone(zone)
            comment.html = html = self.html(comment.body)
            comment.text = self.text(html)
            comment.date_text = self.date_text(date, date_format)
            comment.iso_date = date.isoformat()


def schema_comments(comments: Iterable[Comment], article_url: str) -> list[dict]:
    """schema.org ``Comment`` objects for an article's JSON-LD, replies nested under their parents.

    ``comments`` are the published comments, oldest first; one pass, since a
    parent always comes before its replies. A commenter's ``Person`` is one
    object for all their comments on the post, and a comment's address one
    string for its ``@id`` and ``url``: the build holds every post's data
    until its page is written.
    """
    top: list[dict] = []
    by_id: dict[str, dict] = {}
    people: dict[tuple[str, str], dict] = {}
    for comment in comments:
        author = people.get((comment.author, comment.url))
        if author is None:
            author = people[(comment.author, comment.url)] = {"@type": "Person", "name": comment.author}
            if comment.url:
                author["url"] = comment.url
        link = f"{article_url}#comment-{comment.id}"
        item = {
            "@type": "Comment",
            "@id": link,
            "url": link,
            "author": author,
            "datePublished": comment.iso_date or comment.date.isoformat(),
            "text": comment.text,
        }
        by_id[comment.id] = item
        parent = by_id.get(comment.reply_to) if comment.reply_to else None
        if parent is None:
            top.append(item)
        else:
            parent.setdefault("comment", []).append(item)
    return top
