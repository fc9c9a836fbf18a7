"""Checks on the built files themselves: HTML validity, page weight budgets,
and the metadata that search engines and link previews read.

Each check returns one line per problem, naming the page, so a failing test
says what to fix.
"""

from __future__ import annotations

import json
import subprocess
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from plugins.publisher.sitecheck import resolve

PAGE_BUDGET = 60_000  # bytes of HTML plus CSS, uncompressed
_NOT_SCRIPT = {"application/ld+json", "application/json", "text/template"}


def html_errors(vnu: list[str], paths: list[Path]) -> dict[Path, list[str]]:
    """Every Nu Html Checker error, by file, in one run of the checker (Java starts once)."""
    done = subprocess.run(
        [*vnu, "--format", "json", "--errors-only", "--skip-non-html", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        messages = json.loads(done.stderr or done.stdout)["messages"]
    except (ValueError, KeyError):
        raise RuntimeError(f"the Nu Html Checker gave no report: {(done.stderr or done.stdout)[:500]}") from None
    errors: dict[Path, list[str]] = defaultdict(list)
    for message in messages:
        if message.get("type") in ("error", "non-document-error"):
            path = Path(unquote(urlsplit(message.get("url", "")).path))
            errors[path].append(f"{path}:{message.get('lastLine', '?')}: {message.get('message', '').strip()}")
    return dict(errors)


def _stylesheets(soup: BeautifulSoup) -> list[str]:
    return [
        link["href"]
        for link in soup.find_all("link", href=True)
        if "stylesheet" in (link.get("rel") or []) and not link.get("disabled")
    ]


def budget_problems(root: Path, page: Path, siteurl: str = "") -> list[str]:
    """A page must stay light and render without waiting for scripts or reflowing for images."""
    name = page.relative_to(root).as_posix()
    html = page.read_bytes()
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    weight = len(html)
    for href in _stylesheets(soup):
        target = resolve(href, name, siteurl)
        if target is None:
            problems.append(f"{name}: loads the stylesheet {href} from another site")
        elif (root / target).is_file():
            weight += (root / target).stat().st_size
    if weight >= PAGE_BUDGET:
        problems.append(f"{name}: {weight} bytes of HTML and CSS, over the budget of {PAGE_BUDGET}")
    for script in soup.find_all("script"):
        if (script.get("type") or "").lower() in _NOT_SCRIPT:
            continue
        if script.get("src"):
            deferred = script.has_attr("defer") or script.has_attr("async") or script.get("type") == "module"
            if not deferred:
                problems.append(f"{name}: the script {script['src']} blocks rendering; add defer or async")
        elif script.find_parent("head") is not None:
            problems.append(f"{name}: an inline script in <head> blocks rendering; move it to a deferred file")
    for img in soup.find_all("img"):
        missing = [attribute for attribute in ("width", "height") if not img.get(attribute)]
        if missing:
            problems.append(
                f"{name}: the image {img.get('src', '')} has no {' or '.join(missing)}; the page jumps as it loads"
            )
    return problems


def _meta(soup: BeautifulSoup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag.get("content") if tag else None


def metadata_problems(html: str, name: str, url: str) -> list[str]:
    """Canonical link, description, Open Graph and Twitter card on every page; JSON-LD on articles.

    ``url`` is the address the page is published at.
    """
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    canonical = soup.find("link", rel="canonical")
    if canonical is None or canonical.get("href") != url:
        found = canonical.get("href") if canonical else "none"
        problems.append(f"{name}: canonical link is {found}, expected {url}")
    if not (_meta(soup, "description") or "").strip():
        problems.append(f"{name}: no meta description")
    for key in ("og:title", "og:description", "og:type", "og:url", "og:site_name", "twitter:card"):
        if not (_meta(soup, key) or "").strip():
            problems.append(f"{name}: no {key}")
    if _meta(soup, "og:url") not in (None, url):
        problems.append(f"{name}: og:url is {_meta(soup, 'og:url')}, expected {url}")
    if _meta(soup, "og:type") == "article":
        problems += _article_data_problems(soup, name, url)
    return problems


def _article_data_problems(soup: BeautifulSoup, name: str, url: str) -> list[str]:
    blocks = soup.find_all("script", type="application/ld+json")
    if len(blocks) != 1:
        return [f"{name}: {len(blocks)} JSON-LD blocks, expected one BlogPosting"]
    try:
        data = json.loads(blocks[0].string or "")
    except ValueError as error:
        return [f"{name}: JSON-LD does not parse: {error}"]
    problems = []
    if data.get("@context") != "https://schema.org" or data.get("@type") != "BlogPosting":
        problems.append(f"{name}: JSON-LD is not a schema.org BlogPosting")
    heading = soup.find("h1")
    if heading is None or data.get("headline") != heading.get_text(strip=True):
        problems.append(f"{name}: JSON-LD headline {data.get('headline')!r} is not the page's heading")
    for key in ("datePublished", "dateModified", "description"):
        if not data.get(key):
            problems.append(f"{name}: JSON-LD has no {key}")
    if data.get("url") != url or data.get("mainEntityOfPage") != url:
        problems.append(f"{name}: JSON-LD url and mainEntityOfPage must be {url}")
    if not (data.get("author") or {}).get("name"):
        problems.append(f"{name}: JSON-LD has no author name")
    if not _meta(soup, "article:published_time"):
        problems.append(f"{name}: no article:published_time")
    return problems
