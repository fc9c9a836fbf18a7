"""The Pelican generator that resolves the redirect maps and writes stubs and server rules."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import urlsplit

from pelican.generators import Generator

from .errors import Problem, RedirectError
from .model import Redirect, normalise, read_maps
from .render import SERVER_FILES, Resolved, stub_html
from .settings import RedirectSettings

_CONTENT_LISTS = ("articles", "hidden_articles", "drafts", "pages", "hidden_pages", "draft_pages")
_STUB_SUFFIXES = (".html", ".htm")


def _fold(name: str) -> str:
    """A tag or category name as compared: case and spacing do not count."""
    return " ".join(name.split()).casefold()


# ("name", folded name) or ("slug", slug) -> (the term's place among the site's terms, the term)
TermIndex = dict[tuple[str, str], tuple[int, object]]


def _index(named: dict[str, object]) -> TermIndex:
    """Terms by folded name (a spelling the tag_archives plugin merged into a tag counts too:
    CX -> customer experience) and by slug, each with its place: the first term that matches wins."""
    index: TermIndex = {}
    for order, (name, term) in enumerate(named.items()):
        index.setdefault(("name", _fold(name)), (order, term))
        for spelling in getattr(term, "spellings", ()):
            index.setdefault(("name", _fold(spelling.text)), (order, term))
        index.setdefault(("slug", term.slug), (order, term))
    return index


def stub_file(old_path: str) -> str | None:
    """The file (relative to the output) a static server answers ``old_path`` with, or None."""
    path = old_path.lstrip("/")
    if not path or path.endswith("/"):
        return path + "index.html"
    last = path.rsplit("/", 1)[-1]
    if "." in last:
        return path if last.lower().endswith(_STUB_SUFFIXES) else None
    return path + "/index.html"


class RedirectsGenerator(Generator):
    """Reads ``content/<REDIRECTS_PATH>/*.csv`` once the content is read; writes after it is written."""

    def generate_context(self) -> None:
        self.redirect_settings = RedirectSettings.from_pelican(self.settings)
        folder = Path(self.path) / self.redirect_settings.path
        redirects, problems = read_maps(folder, Path(self.path).parent)
        resolved: list[tuple[Redirect, Resolved]] = []
        if redirects:
            resolved, more = self._resolve(redirects)
            problems += more
        if problems:
            raise RedirectError(problems)
        self.resolved = resolved

    def _resolve(self, redirects: list[Redirect]) -> tuple[list[tuple[Redirect, Resolved]], list[Problem]]:
        found: dict[str, dict[str, object]] = {"tag": {}, "category": {}}
        for article in self.context.get("articles", []):
            for tag in getattr(article, "tags", ()) or ():
                found["tag"].setdefault(tag.name, tag)
            if getattr(article, "category", None) is not None:
                found["category"].setdefault(article.category.name, article.category)
        terms = {kind: _index(named) for kind, named in found.items()}
        base = urlsplit(self.redirect_settings.siteurl).path.rstrip("/")
        problems: list[Problem] = []
        resolved: list[tuple[Redirect, Resolved]] = []
        for redirect in redirects:
            found = self._target(redirect, terms, base)
            if isinstance(found, str):
                problems.append(Problem(redirect.source, redirect.line, "new", found))
            elif normalise(base + redirect.old) != normalise(found[0]):
                resolved.append((redirect, Resolved(redirect.old, found[0], found[1])))
        return resolved, problems

    def _target(
        self, redirect: Redirect, terms: dict[str, dict[tuple[str, str], tuple]], base: str
    ) -> tuple[str, str] | str:
        """(new URL, title) for a redirect, or what is wrong with its target."""
        if redirect.kind == "filename":
            source = redirect.target.lstrip("/")
            content = self.context.get("generated_content", {}).get(source)
            if content is None or not hasattr(content, "url"):
                return f"content/{source} is no post or page; fix the path or remove the line"
            if getattr(content, "status", "published") == "draft":
                return f"content/{source} is a draft; publish it or remove the line"
            return f"{base}/{content.url}", content.title
        if redirect.kind in terms:
            index = terms[redirect.kind]
            hits = [
                hit
                for hit in (index.get(("name", _fold(redirect.target))), index.get(("slug", redirect.target)))
                if hit
            ]
            term = min(hits, key=lambda hit: hit[0])[1] if hits else None
            if term is None:
                return f"no published post has the {redirect.kind} {redirect.target!r}; fix it or remove the line"
            return f"{base}/{term.url}", term.name
        if redirect.kind == "path":
            return base + redirect.target, redirect.target
        return redirect.target, redirect.target

    def _claimed(self) -> set[str]:
        claimed = set()
        for name in _CONTENT_LISTS:
            for content in self.context.get(name, []):
                if getattr(content, "save_as", ""):
                    claimed.add(content.save_as)
        return claimed

    def generate_output(self, writer) -> None:
        if not self.resolved:
            return
        output = Path(self.output_path)
        served = self._claimed()
        settings = self.redirect_settings
        rules: list[Resolved] = []
        for redirect, target in self.resolved:
            if redirect.has_query:
                rules.append(target)
                continue
            relative = stub_file(redirect.old_path)
            if relative is not None and (relative in served or (output / relative).exists()):
                continue  # the new site answers this address itself
            rules.append(target)
            if relative is None:
                continue  # /old.php: only the server rules can answer it
            served.add(relative)
            path = output / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            html = stub_html(self._href(target.new, relative), self._canonical(target.new), target.title)
            path.write_text(html, encoding="utf-8")
        for name in settings.server_files:
            (output / name).write_text(SERVER_FILES[name](rules), encoding="utf-8")

    def _href(self, new: str, stub: str) -> str:
        """The link from the stub at ``stub`` to ``new``: relative when the site's URLs are."""
        if not (self.redirect_settings.relative_urls and new.startswith("/")):
            return self._canonical(new)
        href = posixpath.relpath(new, "/" + posixpath.dirname(stub))
        return href + "/" if new.endswith("/") and not href.endswith("/") else href

    def _canonical(self, new: str) -> str:
        if not new.startswith("/"):
            return new
        parts = urlsplit(self.redirect_settings.siteurl)
        return f"{parts.scheme}://{parts.netloc}{new}" if parts.netloc else new
