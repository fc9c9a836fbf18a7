"""The redirect map of a WordPress import: every old address of what was imported.

WordPress answered a post at ``/?p=<id>`` (its shortlink, and its only
address under "plain" permalinks), at its permalink, and listed it under
``/tag/<slug>/`` and ``/category/<parent>/<slug>/``. The import writes each of
those, for every published post and page, to ``content/redirects/wordpress.csv``:

    old,new
    /?p=12,{filename}/posts/hello.md
    /2012/08/16/hello/,{filename}/posts/hello.md
    /tag/customer-service/,{tag}Customer Service

The ``redirects`` plugin resolves the targets at build time and writes an
HTML stub for each old path the new site does not already answer (most
permalinks are the same, since the site's URLs follow WordPress's), and
server rules (Apache, nginx, Netlify) that also cover ``?p=`` addresses,
which no static file can answer. See that plugin for the details.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from plugins.redirects.model import normalise

MAP_FILE = "redirects/wordpress.csv"


@dataclass
class RedirectMap:
    """Old addresses in the order added, each once (the first target wins)."""

    prefix: str = ""  # the old blog's path (``/blog``) when it did not live at the root of its site
    rows: list[tuple[str, str]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def add(self, old: str, new: str) -> None:
        key = normalise(old)
        if key not in self.seen and key != "/":
            self.seen.add(key)
            self.rows.append((old, new))

    def add_item(self, item_id: int, kind: str, links: list[str], hosts: frozenset[str], target: str) -> None:
        """``?p=``/``?page_id=`` and the old permalinks (``<link>``, ``<guid>``) of one post or page."""
        self.add(f"{self.prefix}/?p={item_id}", target)
        if kind == "page":
            self.add(f"{self.prefix}/?page_id={item_id}", target)
        for link in links:
            parts = urlsplit(link)
            if parts.netloc.lower().removeprefix("www.") not in hosts or not parts.path.startswith("/"):
                continue
            if parts.query and not parts.query.startswith(("p=", "page_id=")):
                continue
            self.add(parts.path + (f"?{parts.query}" if parts.query else ""), target)

    def add_term(self, base: str, path: str, target: str) -> None:
        """An archive page: ``/tag/<slug>/`` or ``/category/<parent>/<slug>/``."""
        self.add(f"{self.prefix}/{base}/{quote(path, safe='/')}/", target)

    def csv_text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["old", "new"])
        writer.writerows(self.rows)
        return out.getvalue()


def category_path(slug: str, parents: dict[str, str]) -> str:
    """``parent/child`` for a category whose parent is ``parent`` (cycles cut)."""
    path = [slug]
    seen = {slug}
    while parents.get(path[0]) and parents[path[0]] not in seen:
        seen.add(parents[path[0]])
        path.insert(0, parents[path[0]])
    return "/".join(path)
