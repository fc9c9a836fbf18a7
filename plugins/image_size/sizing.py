"""Adds ``width`` and ``height`` to ``<img>`` tags whose file is in the content folder.

The HTML is parsed with beautifulsoup4 only to find the tags; the attributes
are inserted into the original text at each tag's position, so the rest of
the author's HTML is left byte for byte as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import imagesize
from bs4 import BeautifulSoup

Resolver = Callable[[str], Path | None]


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) in pixels, read from the file's header; None when the format is unknown."""
    try:
        width, height = imagesize.get(str(path))
    except (OSError, ValueError):
        return None
    return (int(width), int(height)) if width > 0 and height > 0 else None


def _dimensions(tag, size: tuple[int, int]) -> dict[str, str] | None:
    """The attributes to add: both at natural size, or the missing one keeping the aspect ratio."""
    width, height = tag.get("width"), tag.get("height")
    natural_width, natural_height = size
    if width and height:
        return None
    if width:
        if not width.isdigit():
            return None
        return {"height": str(round(int(width) * natural_height / natural_width))}
    if height:
        if not height.isdigit():
            return None
        return {"width": str(round(int(height) * natural_width / natural_height))}
    return {"width": str(natural_width), "height": str(natural_height)}


def add_image_sizes(html: str, resolve: Resolver) -> str:
    """``html`` with width and height on each image that ``resolve`` maps to a readable file."""
    if "<img" not in html.lower():
        return html
    line_starts = [0] + [match.end() for match in re.finditer("\n", html)]
    insertions = []
    for tag in BeautifulSoup(html, "html.parser").find_all("img"):
        source = tag.get("src")
        if not source or tag.sourceline is None:
            continue
        path = resolve(source)
        size = image_size(path) if path is not None else None
        attributes = _dimensions(tag, size) if size else None
        if attributes:
            offset = line_starts[tag.sourceline - 1] + tag.sourcepos + len("<img")
            insertions.append((offset, "".join(f' {name}="{value}"' for name, value in attributes.items())))
    for offset, text in sorted(insertions, reverse=True):
        html = html[:offset] + text + html[offset:]
    return html


def content_resolver(content_root: Path, source_dir: str, link_pattern: str) -> Resolver:
    """Maps an image URL as the author wrote it to its file under ``content_root``.

    Understands Pelican's ``{static}``/``{attach}``/``{filename}`` links (from the
    content root when they start with ``/``, else from the post's own folder)
    and site-absolute paths; other sites' images cannot be read and are skipped.
    """
    link = re.compile(link_pattern)
    root = content_root.resolve()

    def resolve(source: str) -> Path | None:
        match = link.match(source)
        if match:
            if match.group("what") not in ("static", "attach", "filename"):
                return None
            source = source[match.end() :]
            base = root if source.startswith("/") else root / source_dir
        else:
            parts = urlsplit(source)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                return None
            base = root
        path = (base / unquote(urlsplit(source).path).lstrip("/")).resolve()
        return path if path.is_file() and path.is_relative_to(root) else None

    return resolve


def size_content(content) -> None:
    """Receiver for ``content_object_init``: sizes the images of one article or page."""
    html = getattr(content, "_content", None)
    if not html or not getattr(content, "source_path", None):
        return
    settings = content.settings
    resolve = content_resolver(Path(settings["PATH"]), content.relative_dir, settings["INTRASITE_LINK_REGEX"])
    content._content = add_image_sizes(html, resolve)
