"""Turns WordPress and Disqus HTML into clean Markdown that renders to the same text.

WordPress stores a post the way its editor saved it, not as readers saw it:
paragraphs are blank lines that ``wpautop`` turns into ``<p>`` on display,
single line breaks become ``<br>``, shortcodes such as ``[caption]`` expand
into markup, a URL alone on a line becomes an embedded player, and
``<!--more-->`` marks the teaser. This module does each of those the way
WordPress does, on a parsed tree (beautifulsoup4), rewrites links to the old
site into links Pelican resolves (``{filename}``, ``{static}``), and hands
the result to markdownify.

The Markdown is escaped so that text stays text: a comment that reads
``*not* a <b>tag</b>`` or ``1999. A good year`` renders as written, not as
emphasis, HTML or a list.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdownify import MarkdownConverter

# --- Links to the old site ---------------------------------------------------------------------------------------

_RESIZED = re.compile(r"-\d+x\d+(?=\.\w+$)")
_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:text", "file:")


@dataclass(frozen=True)
class Media:
    """An attachment a ``[gallery]`` can show."""

    url: str
    title: str
    parent: int
    order: int = 0


@dataclass(frozen=True)
class Links:
    """What links to the old site become.

    ``targets`` maps a normalised old URL (see :meth:`key`) to its new link,
    ``ids`` a WordPress post id (``?p=12``, ``?page_id=12``) to the same, and
    ``media`` an attachment's :meth:`media_key` to its local ``{static}`` copy.
    Links to the old site that map to nothing are made absolute, so they keep
    pointing where they did.
    """

    site: str = ""
    hosts: frozenset[str] = frozenset()
    targets: Mapping[str, str] = field(default_factory=dict)
    ids: Mapping[int, str] = field(default_factory=dict)
    media: Mapping[str, str] = field(default_factory=dict)
    attachments: Mapping[int, Media] = field(default_factory=dict)

    def on_site(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return False
        if not parts.netloc:
            return not parts.scheme and (url.startswith("/") or url.startswith("?"))
        return parts.netloc.lower().removeprefix("www.") in self.hosts

    def key(self, url: str) -> str:
        """The old site's path, decoded and without its trailing slash: ``/2012/08/16/hello``."""
        path = unquote(urlsplit(url).path)
        return path.rstrip("/") or "/"

    def absolute(self, url: str) -> str:
        if url.startswith("//"):
            return "https:" + url
        if url.startswith(("/", "?")) and self.site:
            return self.site.rstrip("/") + ("/" if url.startswith("?") else "") + url
        return url

    def page(self, url: str) -> str | None:
        """The new link for a link to a post or page of the old site, or None."""
        if not self.on_site(url):
            return None
        query = parse_qs(urlsplit(url).query)
        for name in ("p", "page_id"):
            value = query.get(name, [""])[0]
            if value.isdigit() and int(value) in self.ids:
                return self.ids[int(value)]
        return self.targets.get(self.key(url))

    def media_key(self, url: str) -> str:
        """``host/path`` of a media file, wherever it is served from (the site, a CDN)."""
        parts = urlsplit(self.absolute(url))
        return parts.netloc.lower().removeprefix("www.") + unquote(parts.path)

    def file(self, url: str) -> str | None:
        """The local copy of a media file (or of a resized variant of it), or None."""
        if not self.media:
            return None
        key = self.media_key(url)
        return self.media.get(key) or self.media.get(_RESIZED.sub("", key))

    def href(self, url: str) -> str | None:
        """What an ``<a href>`` becomes; None drops a link that must not be followed."""
        url = url.strip()
        if url.lower().startswith(_UNSAFE_SCHEMES):
            return None
        new = self.page(url) or self.file(url)
        if new:
            return new
        return self.absolute(url) if self.on_site(url) else url

    def src(self, url: str) -> str | None:
        """What an ``<img src>`` becomes; None drops an image that cannot be shown safely."""
        url = url.strip()
        if not url or url.lower().startswith(_UNSAFE_SCHEMES):
            return None
        local = self.file(url)
        if local:
            return local
        return self.absolute(url) if self.on_site(url) else url


NO_LINKS = Links()


# --- Shortcodes --------------------------------------------------------------------------------------------------

_SHORTCODES = "caption|wp_caption|gallery|embed|youtube|vimeo|audio|video|code|sourcecode"
# WordPress's own get_shortcode_regex(), for the shortcodes handled here.
_SHORTCODE = re.compile(
    r"\[(\[?)(" + _SHORTCODES + r")(?![\w-])([^\]/]*(?:/(?!\])[^\]/]*)*?)"
    r"(?:(/)\]|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)(\]?)",
    re.IGNORECASE,
)
# WordPress's shortcode_parse_atts().
_ATTRIBUTE = re.compile(
    r"([\w-]+)\s*=\s*\"([^\"]*)\"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'\"]+)(?:\s|$)"
    r"|\"([^\"]*)\"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"
)
# img_caption_shortcode(): without a caption attribute the caption is the text after the image.
_CAPTIONED = re.compile(r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", re.IGNORECASE | re.DOTALL)
_MEDIA_SOURCES = ("src", "mp3", "m4a", "ogg", "oga", "wav", "wma", "flac", "mp4", "m4v", "webm", "ogv", "wmv", "flv")


def shortcode_attributes(text: str) -> tuple[dict[str, str], list[str]]:
    """(named, positional) attributes, read as WordPress reads them."""
    named: dict[str, str] = {}
    positional: list[str] = []
    text = text.replace("\xa0", " ").replace("\u200b", " ")
    for match in _ATTRIBUTE.finditer(text):
        groups = match.groups()
        if groups[0]:
            named[groups[0].lower()] = groups[1]
        elif groups[2]:
            named[groups[2].lower()] = groups[3]
        elif groups[4]:
            named[groups[4].lower()] = groups[5]
        else:
            positional.append(next(g for g in groups[6:] if g is not None))
    return named, positional


def _link(url: str, text: str | None = None) -> str:
    url = html.unescape(url.strip())
    if not url.lower().startswith(("http://", "https://", "/")):
        return html.escape(text or url)
    return f'<a href="{html.escape(url)}">{html.escape(text or url)}</a>'


def _block(markup: str) -> str:
    return f"\n\n{markup}\n\n"


def _caption(named: dict[str, str], content: str) -> str:
    caption = named.get("caption", "")
    if not caption:
        match = _CAPTIONED.match(content.strip())
        if match:
            content, caption = match.group(1), match.group(2).strip()
    caption_html = f"<figcaption><em>{caption}</em></figcaption>" if caption.strip() else ""
    return _block(f"<figure><p>{content.strip()}</p>{caption_html}</figure>")


def _gallery(named: dict[str, str], links: Links, post_id: int) -> str:
    ids = [int(i) for i in re.findall(r"\d+", named.get("ids", "") or named.get("include", ""))]
    if ids:
        chosen = [links.attachments[i] for i in ids if i in links.attachments]
    else:
        chosen = sorted(
            (m for m in links.attachments.values() if m.parent == post_id and m.parent),
            key=lambda m: (m.order, m.url),
        )
    images = "".join(
        f'<p><img src="{html.escape(m.url)}" alt="{html.escape(m.title)}"></p>' for m in chosen if _is_image(m.url)
    )
    return _block(images) if images else ""


def _is_image(url: str) -> bool:
    return urlsplit(url).path.lower().rsplit(".", 1)[-1] in ("jpg", "jpeg", "png", "gif", "webp", "svg", "avif")


def _embed_url(named: dict[str, str], positional: list[str], content: str, name: str) -> str:
    url = content.strip() or named.get("url", "") or named.get("src", "") or (positional[0] if positional else "")
    url = url.lstrip("=").strip()
    if name == "vimeo" and url.isdigit():
        url = f"https://vimeo.com/{url}"
    if name == "youtube" and "&" in url and "watch?v=" in url:
        url = url.split("&", 1)[0]
    return url


def expand_shortcodes(text: str, links: Links = NO_LINKS, post_id: int = 0) -> str:
    """Replace the shortcodes WordPress ships (and Jetpack's embeds) with the HTML they stand for.

    Unknown shortcodes stay as written: they may be text (``[sic]``), and
    nothing is guessed. ``[[caption]]`` is WordPress's way of writing the
    shortcode itself; it becomes ``[caption]``.
    """

    def replace(match: re.Match[str]) -> str:
        if match.group(1) == "[" and match.group(6) == "]":
            return match.group(0)[1:-1]
        name = match.group(2).lower()
        named, positional = shortcode_attributes(match.group(3) or "")
        content = match.group(5) or ""
        if name in ("caption", "wp_caption"):
            return _caption(named, content)
        if name == "gallery":
            return _gallery(named, links, post_id)
        if name in ("embed", "youtube", "vimeo"):
            url = _embed_url(named, positional, content, name)
            return _block(f"<p>{_link(url)}</p>") if url else ""
        if name in ("audio", "video"):
            url = next((named[key] for key in _MEDIA_SOURCES if named.get(key)), "")
            return _block(f"<p>{_link(url)}</p>") if url else ""
        language = re.sub(r"[^\w+-]", "", named.get("language", "") or named.get("lang", ""))
        css = f' class="language-{language}"' if language else ""
        return _block(f"<pre><code{css}>{html.escape(content.strip(chr(10)))}</code></pre>")

    return _SHORTCODE.sub(replace, text) if "[" in text else text


# --- WordPress's auto-paragraphs ----------------------------------------------------------------------------------

_BLOCKS = frozenset(
    "address article aside audio blockquote canvas caption dd details div dl dt embed fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr iframe legend li main map math menu nav noscript object ol p "
    "pre script section select style summary svg table tbody td textarea tfoot th thead tr ul video".split()
)
# Blocks whose content WordPress also splits into paragraphs when it holds a blank line.
_CONTAINERS = frozenset(
    "article aside blockquote dd details div figure footer header li main nav section td th".split()
)
# Inside these, text is left exactly as it is.
_VERBATIM = frozenset("pre script style textarea code svg math".split())
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_LISTS = frozenset("table thead tbody tfoot tr ul ol dl".split())
_CELLS = frozenset("td th li dd dt".split())


class _Tag(Tag):
    """A bs4 Tag whose ``find_parent(name)`` is a plain walk up the tree.

    markdownify asks every element for ``find_parent("pre")``; bs4's general
    matcher made that a tenth of the whole conversion.
    """

    def find_parent(self, name=None, attrs=None, **kwargs):
        if isinstance(name, str) and not attrs and not kwargs:
            parent = self.parent
            while parent is not None:
                if parent.name == name:
                    return parent
                parent = parent.parent
            return None
        return super().find_parent(name, attrs, **kwargs)


def _parse(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser", element_classes={Tag: _Tag})


def _is_block(node) -> bool:
    return isinstance(node, Tag) and node.name in _BLOCKS


def _visible(node) -> bool:
    return isinstance(node, Tag) or bool(str(node).strip())


def _break_lines(nodes: list, soup: BeautifulSoup) -> None:
    """Single newlines in the text of ``nodes`` become ``<br>``, as wpautop makes them.

    Whitespace at the edges of the run is dropped first: a newline next to a
    block boundary is layout, not a line break.
    """
    if not nodes:
        return
    texts: list[NavigableString] = []
    for node in nodes:
        if isinstance(node, Tag):
            _texts(node, texts)
        else:
            texts.append(node)
    first_text = nodes[0] if isinstance(nodes[0], NavigableString) else None
    last_text = nodes[-1] if isinstance(nodes[-1], NavigableString) else None
    for text in texts:
        value = str(text)
        if text is first_text:
            value = value.lstrip()
        if text is last_text:
            value = value.rstrip()
        if "\n" not in value:
            if value != str(text):
                text.replace_with(NavigableString(value))
            continue
        pieces: list = []
        for number, line in enumerate(value.split("\n")):
            if number:
                pieces.append(soup.new_tag("br"))
            if line:
                pieces.append(NavigableString(line))
        text.replace_with(*pieces) if pieces else text.extract()


def _texts(node: Tag, found: list[NavigableString]) -> None:
    """The text nodes under ``node``, outside verbatim elements (a walk, not find_all: this is the hot path)."""
    for child in node.contents:
        if isinstance(child, Tag):
            if child.name not in _VERBATIM:
                _texts(child, found)
        else:
            found.append(child)


def _cells(node: Tag):
    """The list items and table cells of a list or table, not those nested inside them."""
    for child in node.contents:
        if isinstance(child, Tag):
            if child.name in _CELLS:
                yield child
            elif child.name not in _VERBATIM:
                yield from _cells(child)


def _paragraph_groups(run: list) -> list[list]:
    """Split a run of inline nodes into paragraphs at blank lines in its text."""
    groups: list[list] = [[]]
    for node in run:
        if isinstance(node, NavigableString) and _BLANK_LINE.search(node):
            for number, part in enumerate(_BLANK_LINE.split(str(node))):
                if number:
                    groups.append([])
                if part:
                    groups[-1].append(NavigableString(part))
        else:
            groups[-1].append(node)
    return [group for group in groups if any(_visible(node) for node in group)]


def _wrap(run: list, soup: BeautifulSoup) -> None:
    """Replace a run of inline nodes by the paragraphs its blank lines make."""
    marker = NavigableString("")
    run[0].insert_before(marker)
    for node in run:
        node.extract()
    for group in _paragraph_groups(run):
        paragraph = soup.new_tag("p")
        marker.insert_before(paragraph)
        for node in group:
            paragraph.append(node)
        _break_lines(list(paragraph.contents), soup)
    marker.extract()


def _has_blank_line(tag: Tag) -> bool:
    return any(isinstance(child, NavigableString) and _BLANK_LINE.search(child) for child in tag.children)


def autop(container: Tag, soup: BeautifulSoup, paragraphs: bool = True) -> None:
    """WordPress's wpautop on a parsed tree: blank lines make paragraphs, single newlines line breaks.

    Runs of text and inline elements between blocks become ``<p>``s (when
    ``paragraphs``) or just get their ``<br>``s; blocks that may hold
    paragraphs (``div``, ``blockquote``, ``li``…) are treated the same way
    when they contain a blank line; ``pre`` and ``code`` are left alone.
    """
    run: list = []
    for child in [*container.children, None]:
        if child is not None and not _is_block(child):
            run.append(child)
            continue
        if run and any(_visible(node) for node in run):
            if paragraphs:
                _wrap(run, soup)
            else:
                _break_lines(run, soup)
        run = []
        if child is None or child.name in _VERBATIM:
            continue
        if child.name in _CONTAINERS:
            autop(child, soup, paragraphs=_has_blank_line(child))
        elif child.name in _LISTS:
            for inner in list(_cells(child)):
                autop(inner, soup, paragraphs=_has_blank_line(inner))
        else:
            _break_lines(list(child.contents), soup)


# --- Markdown ----------------------------------------------------------------------------------------------------

# An underscore stays bare only inside a word (snake_case); a run of them could be emphasis.
_INLINE_SPECIAL = re.compile(r"[\\`*{}]|(?<![^\W_])_|_(?![^\W_])|<(?=[A-Za-z/!?])|&(?=#|\w+;)|\](?=[(\[:])")
# What Markdown reads as a block at the start of a line: headings, quotes, references, list items,
# rules and setext underlines, ordered lists, definitions, fences.
_LINE_SPECIAL = re.compile(
    r"(^|\n)([ \t]*)(?:(#|>|\[|\+(?=[ \t]|$)|-(?=[- \t]|$))|(\d{1,9})([.)])(?=[ \t]|$)"
    r"|(=+)[ \t]*(?=\n|$)|(:)(?=[ \t])|(~~~))"
)


def _inline(match: re.Match[str]) -> str:
    found = match.group(0)
    if found == "<":
        return "&lt;"
    if found == "&":
        return "&amp;"
    return "\\" + found


def _line_start(match: re.Match[str]) -> str:
    start, indent, marker, digits, dot, equals, colon, tildes = match.groups()
    if marker:
        return f"{start}{indent}\\{marker}"
    if digits:
        return f"{start}{indent}{digits}\\{dot}"
    if equals:
        return f"{start}{indent}&#61;{equals[1:]}"
    if colon:
        return f"{start}{indent}&#58;"
    return f"{start}{indent}&#126;{tildes[1:]}"


def escape_markdown(text: str) -> str:
    """Text that Python-Markdown renders back to ``text``: only what could be read as markup is escaped."""
    return _LINE_SPECIAL.sub(_line_start, _INLINE_SPECIAL.sub(_inline, text))


def _url(url: str) -> str:
    """A URL that cannot end a Markdown link early."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def _code_language(element: Tag) -> str:
    for node in (element, element.find("code")):
        if isinstance(node, Tag):
            for css in node.get("class") or ():
                if css.startswith(("language-", "lang-")):
                    return css.split("-", 1)[1]
    return ""


class _Markdown(MarkdownConverter):
    """markdownify with escaping that keeps Markdown clean and text literal."""

    def escape(self, text, parent_tags):
        return escape_markdown(text) if text else ""

    def convert_img(self, el, text, parent_tags):
        alt = (el.attrs.get("alt") or "").replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        alt = " ".join(alt.split())
        title = " ".join((el.attrs.get("title") or "").split())
        escaped_title = title.replace('"', '\\"')
        title_part = f' "{escaped_title}"' if title else ""
        return f"![{alt}]({_url(el.attrs.get('src') or '')}{title_part})"

    def convert_a(self, el, text, parent_tags):
        if el.get("href"):
            el["href"] = _url(el["href"])
        return super().convert_a(el, text, parent_tags)

    def convert_pre(self, el, text, parent_tags):
        if not text:
            return ""
        fence = "```"
        while fence in text:
            fence += "`"
        language = self.options["code_language_callback"](el) or ""
        return f"\n\n{fence}{language}\n{text.strip(chr(10))}\n{fence}\n\n"


_CONVERTER = _Markdown(heading_style="atx", bullets="-", code_language_callback=_code_language, escape_misc=False)
_MORE = re.compile(r"<!--more(.*?)-->", re.DOTALL)
_PAGE_BREAKS = re.compile(r"<!--(?:nextpage|noteaser)-->")
_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACES = re.compile(r"[ \t]+\n(?!\n)")
_EMBED_TAGS = ("iframe", "video", "audio", "embed", "object")
_EMBED_NAMES = frozenset(_EMBED_TAGS)


def split_more(text: str) -> tuple[str | None, str]:
    """(teaser or None, the whole text without the marker): what comes before ``<!--more-->``."""
    text = _PAGE_BREAKS.sub("\n\n", text)
    match = _MORE.search(text)
    if not match:
        return None, text
    return text[: match.start()], text[: match.start()] + "\n\n" + text[match.end() :]


def _embed_source(tag: Tag) -> str:
    source = tag.get("src") or tag.get("data") or ""
    if not source:
        inner = tag.find(["source", "embed"], src=True)
        if inner is not None:
            source = inner.get("src", "")
    if not source:
        movie = tag.find("param", attrs={"name": re.compile("^movie$", re.I)})
        if movie is not None:
            source = movie.get("value", "")
    source = source.strip()
    match = re.match(r"(?:https?:)?//(?:www\.)?youtube(?:-nocookie)?\.com/(?:embed|v)/([\w-]+)", source)
    if match:
        return f"https://www.youtube.com/watch?v={match.group(1)}"
    match = re.match(r"(?:https?:)?//player\.vimeo\.com/video/(\d+)", source)
    if match:
        return f"https://vimeo.com/{match.group(1)}"
    return "https:" + source if source.startswith("//") else source


_HIDDEN = frozenset(("script", "style", "noscript", "template"))


def _drop_hidden(soup: BeautifulSoup) -> None:
    """Drop what readers never saw: HTML comments, scripts, styles."""
    found = [node for node in soup.descendants if isinstance(node, Comment) or getattr(node, "name", None) in _HIDDEN]
    for node in found:
        if isinstance(node, Comment):
            node.extract()
        elif not node.decomposed:
            node.decompose()


def _inside(node: Tag, names: frozenset[str]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.name in names:
            return True
        parent = parent.parent
    return False


def _tidy(soup: BeautifulSoup, links: Links) -> None:
    """Turn embeds into links, and point links and images at their new homes (after :func:`_drop_hidden`)."""
    by_name: dict[str, list[Tag]] = {"a": [], "img": [], "p": [], "embed": []}
    for node in soup.descendants:
        if isinstance(node, Tag):
            name = "embed" if node.name in _EMBED_TAGS else node.name
            if name in by_name:
                by_name[name].append(node)
    for tag in by_name["embed"]:
        if _inside(tag, _EMBED_NAMES):
            continue
        source = _embed_source(tag)
        if source.lower().startswith(("http://", "https://", "/")):
            anchor = soup.new_tag("a", href=source)
            anchor.string = source
            if tag.parent is soup or tag.parent.name in _CONTAINERS:
                paragraph = soup.new_tag("p")  # a player stood on its own: so does its link
                paragraph.append(anchor)
                tag.replace_with(paragraph)
            else:
                tag.replace_with(anchor)
            by_name["a"].append(anchor)
        else:
            tag.decompose()
    for anchor in by_name["a"]:
        href = anchor.get("href")
        if href is None or anchor.parent is None:
            continue
        new = links.href(href)
        if new is None:
            anchor.unwrap()
        else:
            if anchor.string and anchor.string.strip() == href.strip() and new != href:
                anchor.string = links.absolute(href) if new.startswith("{") else new
            anchor["href"] = new
    for image in by_name["img"]:
        if image.parent is None:
            continue
        new = links.src(image.get("src") or "")
        if new is None:
            image.decompose()
        else:
            image["src"] = new
    # A URL alone in its paragraph is an embed in WordPress: keep it as a link.
    for paragraph in by_name["p"]:
        if len(paragraph.contents) == 1 and isinstance(paragraph.contents[0], NavigableString):
            text = str(paragraph.contents[0]).strip()
            if text.startswith(("http://", "https://")) and re.fullmatch(r"https?://\S+", text):
                anchor = soup.new_tag("a", href=text)
                anchor.string = text
                paragraph.clear()
                paragraph.append(anchor)


def _markdown(soup: BeautifulSoup) -> str:
    text = _CONVERTER.convert_soup(soup)
    text = _TRAILING_SPACES.sub(_trailing, text)
    return _EXTRA_BLANK_LINES.sub("\n\n", text).strip()


_SPACES = re.compile(r"[\t ]+")
# Control characters: no XML export can carry them, and Python-Markdown uses two of them itself.
_CONTROL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])


def plain_to_markdown(text: str) -> str:
    """What :func:`html_to_markdown` gives for text without markup, without building a tree.

    Most comments are plain text; this is the same wpautop (blank lines make
    paragraphs, newlines line breaks) and the same escaping, an order of
    magnitude faster. A property test holds it to the tree path's output.
    """
    paragraphs = []
    for block in _BLANK_LINE.split(text):
        block = block.strip()
        if not block:
            continue
        lines = [escape_markdown(_SPACES.sub(" ", line)) for line in block.split("\n")]
        lines[0] = lines[0].lstrip(" \t\r\n")
        lines[-1] = lines[-1].rstrip()
        paragraph = "  \n".join(lines).strip(" \t\r\n")
        if paragraph:
            paragraphs.append(paragraph)
    return _TRAILING_SPACES.sub(_trailing, "\n\n".join(paragraphs))


def _trailing(match: re.Match[str]) -> str:
    return "  \n" if match.group(0).startswith("  ") else "\n"


def html_to_markdown(
    text: str,
    links: Links = NO_LINKS,
    *,
    paragraphs: bool = True,
    shortcodes: bool = True,
    post_id: int = 0,
) -> str:
    """Markdown for a WordPress post, page or comment (``paragraphs``: apply wpautop), or Disqus HTML.

    Block-editor content (``<!-- wp:… -->``) already has its paragraphs, so
    wpautop is skipped for it, as WordPress skips it.
    """
    if not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL)
    if paragraphs and "<" not in text and "&" not in text and "://" not in text and not (shortcodes and "[" in text):
        return plain_to_markdown(text)
    if shortcodes:
        text = expand_shortcodes(text, links, post_id)
    soup = _parse(text)
    _drop_hidden(soup)
    if paragraphs and "<!-- wp:" not in text:
        autop(soup, soup)
    _tidy(soup, links)
    return _markdown(soup)


_INLINE_ONLY = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption", "ul", "ol")


def html_to_summary(text: str, links: Links = NO_LINKS, post_id: int = 0) -> str:
    """One line of Markdown for a ``Summary:`` header: the text and its links and emphasis, no blocks or images."""
    if not text.strip():
        return ""
    soup = _parse(expand_shortcodes(text, links, post_id))
    _drop_hidden(soup)
    _tidy(soup, links)
    for tag in soup.find_all(["img", "figure", "pre", "table"]):
        tag.decompose()
    for tag in soup.find_all(_INLINE_ONLY):
        tag.insert_after(" ")
        tag.unwrap()
    for br in soup.find_all("br"):
        br.replace_with(" ")
    return " ".join(_markdown(soup).split())


def plain_text(text: str) -> str:
    """Text without markup, on one line: for titles and names, which are not Markdown."""
    if "<" in text:
        text = BeautifulSoup(text, "html.parser").get_text(" ")
    return " ".join(html.unescape(text).split())
