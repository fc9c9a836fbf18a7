"""What the redirects become in the built site: HTML stubs and server rules. No Pelican imports.

A static file can only answer a path, so every old path gets a stub page
(a canonical link, an immediate meta refresh and a plain link, which search
engines treat as a permanent redirect). Old addresses with a query string
(WordPress's ``/?p=12``) reach the server as ``/`` and no file can answer
them; the web server has to, so the same redirects are also written as rules
for Apache (``.htaccess``), nginx (a ``map`` to include) and Netlify or
Cloudflare Pages (``_redirects``, paths only: they cannot match one query).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit


@dataclass(frozen=True)
class Resolved:
    """A redirect with its target turned into a URL: ``new`` is a site path (``/2012/…/``) or absolute."""

    old: str
    new: str
    title: str


def stub_html(href: str, canonical: str, title: str) -> str:
    """A page that sends readers and search engines on to ``href`` at once."""
    link = html.escape(href, quote=True)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {html.escape(title)}</title>\n"
        f'<link rel="canonical" href="{html.escape(canonical, quote=True)}">\n'
        f'<meta http-equiv="refresh" content="0; url={link}">\n'
        '<meta name="robots" content="noindex">\n'
        "</head>\n<body>\n"
        f'<p>This page has moved to <a href="{link}">{html.escape(title)}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def _encoded(url: str) -> str:
    """The old URL as a browser sends it: non-ASCII and spaces percent-encoded."""
    return quote(url, safe="/?&=%:#+;,@!$'()*~")


def _query_pattern(query: str) -> str:
    """A regular expression matching the query with these parameters in any order among others."""
    parts = [re.escape(part) for part in query.split("&") if part]
    return "".join(f"(?=(?:.*&)?{part}(?:&|$))" for part in parts)


def htaccess(redirects: list[Resolved]) -> str:
    """Apache rules (mod_rewrite), for a ``.htaccess`` at the site's root."""
    lines = [
        "# Redirects from the addresses of the old site, written by the build. Needs mod_rewrite.",
        "RewriteEngine On",
    ]
    for redirect in redirects:
        parts = urlsplit(redirect.old)
        path = unquote(parts.path).lstrip("/")  # mod_rewrite matches the decoded path
        # In a substitution, % and $ introduce back-references; NE keeps the encoded target as it is.
        target = _encoded(redirect.new).replace("%", "\\%").replace("$", "\\$")
        if parts.query:
            pattern = f"{re.escape(path)}$" if path else "(index\\.php)?$"
            lines.append(f"RewriteCond %{{QUERY_STRING}} ^{_query_pattern(_encoded(parts.query))}")
            lines.append(f"RewriteRule ^{pattern} {target}? [R=301,L,NE]")
        else:
            lines.append(f"RewriteRule ^{re.escape(path.rstrip('/'))}/?$ {target} [R=301,L,NE]")
    return "\n".join(lines) + "\n"


def nginx_map(redirects: list[Resolved]) -> str:
    """An nginx ``map`` from the request to its new address.

    ``$request_uri`` is the request as sent, percent-encoding and all, in
    whichever case the linking site used, so the patterns ignore case.
    """
    lines = [
        "# Redirects from the addresses of the old site, written by the build.",
        "# In the http {} block:   include /path/to/site/redirects.nginx.conf;",
        "# In the server {} block: if ($redirect_to) { return 301 $redirect_to; }",
        "map $request_uri $redirect_to {",
        '    default "";',
    ]
    for redirect in redirects:
        parts = urlsplit(_encoded(redirect.old))
        new = _encoded(redirect.new).replace('"', "%22").replace("$", "%24")
        if parts.query:
            pattern = f"^{re.escape(parts.path)}(index\\.php)?\\?{_query_pattern(parts.query)}"
            lines.append(f'    "~*{pattern}" "{new}";')
        else:
            path = parts.path.rstrip("/")
            lines.append(f'    "~*^{re.escape(path)}/?(\\?.*)?$" "{new}";')
    lines.append("}")
    return "\n".join(lines) + "\n"


def netlify(redirects: list[Resolved]) -> str:
    """A ``_redirects`` file (Netlify, Cloudflare Pages): path redirects only."""
    lines = ["# Redirects from the addresses of the old site, written by the build."]
    for redirect in redirects:
        parts = urlsplit(_encoded(redirect.old))
        if not parts.query:
            lines.append(f"{parts.path} {_encoded(redirect.new)} 301")
    return "\n".join(lines) + "\n"


SERVER_FILES = {".htaccess": htaccess, "redirects.nginx.conf": nginx_map, "_redirects": netlify}
