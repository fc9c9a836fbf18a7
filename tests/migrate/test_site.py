"""An imported blog builds: content checks pass, posts live at their old URLs, old addresses redirect."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from plugins.publisher import check_site


@pytest.fixture
def site(imported_both, build) -> Path:
    content, _, _ = imported_both
    return build(content)


def page(output: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")


def test_every_imported_post_and_page_is_at_its_url(site):
    for path in (
        "2011/03/01/hello-world/index.html",
        "2011/04/01/hello-world-2/index.html",
        "2011/05/10/café-trust/index.html",
        "about/index.html",
        "team/index.html",
        "archives-page/index.html",
        "drafts/draft-thoughts-on-onboarding/index.html",
        "drafts/social-crm/index.html",
    ):
        assert (site / path).is_file(), path
    first = page(site, "2011/03/01/hello-world/index.html")
    assert first.find("h1").get_text(strip=True) == "Hello World"
    follow_up = first.find("a", string="follow-up post")
    assert follow_up["href"] == "../../../../2011/04/01/hello-world-2/"
    assert first.find("img", alt="The support team") is not None
    assert first.find("em", string="Our support team on launch day") is not None
    code = page(site, "2011/05/10/café-trust/index.html").find("code", class_="language-python")
    assert "count > 1 and count < 10" in code.get_text()


def test_old_paths_the_site_does_not_answer_get_stubs(site):
    stubs = {
        "about/team/index.html": "../../team/",
        "category/culture/hiring/index.html": "../../hiring/",
        "tag/café/index.html": "../cafe/",
    }
    for path, target in stubs.items():
        stub = page(site, path)
        assert stub.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}", path
        assert stub.find("a")["href"] == target
    # The site's own archives page is not replaced by the old WordPress page's address.
    assert "Moved" not in (site / "archives/index.html").read_text(encoding="utf-8")
    assert (site / "2011/03/01/hello-world/index.html").read_text(encoding="utf-8").count("Moved:") == 0


def test_server_rules_cover_query_addresses(site):
    htaccess = (site / ".htaccess").read_text(encoding="utf-8")
    assert (
        "RewriteCond %{QUERY_STRING} ^(?=(?:.*&)?p=10(?:&|$))\nRewriteRule ^(index\\.php)?$ /2011/03/01/hello-world/? [R=301,L,NE]"
        in htaccess
    )
    assert "RewriteRule ^about/team/?$ /team/ [R=301,L,NE]" in htaccess
    assert "archives" not in htaccess.replace("archives-page", "")
    nginx = (site / "redirects.nginx.conf").read_text(encoding="utf-8")
    assert '"~*^/(index\\.php)?\\?(?=(?:.*&)?page_id=20(?:&|$))" "/about/";' in nginx
    assert "/tag/caf%C3%A9/ /tag/cafe/ 301" in (site / "_redirects").read_text(encoding="utf-8")


def test_the_built_site_passes_the_publish_checks(site):
    assert check_site(site) == []
