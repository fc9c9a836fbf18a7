"""The redirects plugin in a real build: stubs where the site does not answer, errors that stop the build."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from plugins.publisher import PublishError, check_site
from tests.conftest import post, write_post


def redirect_map(content, text: str) -> None:
    (content / "redirects").mkdir(exist_ok=True)
    (content / "redirects/old.csv").write_text("old,new\n" + text, encoding="utf-8")


def refresh(output, path: str) -> str:
    page = BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")
    return page.find("meta", attrs={"http-equiv": "refresh"})["content"]


def test_stubs_follow_their_post_and_leave_real_pages_alone(content, build):
    write_post(content, "hello.md", post("Hello", date="2012-08-16 09:00", tags="Customer Service", slug="hello"))
    redirect_map(
        content,
        "/2012/08/hello-world/,{filename}/posts/hello.md\n"
        "/2012/08/16/hello/,{filename}/posts/hello.md\n"  # the new address itself: nothing to do
        "/archives/,/tags/\n"  # the site answers /archives/ itself: no stub
        "/tag/customer_service/,{tag}customer service\n"
        "/category/service/,{category}Customer Service\n"
        "/?p=7,{filename}/posts/hello.md\n"
        "/feed/,https://feeds.example/blog\n",
    )
    output = build(content)
    assert refresh(output, "2012/08/hello-world/index.html") == "0; url=../16/hello/"
    assert refresh(output, "tag/customer_service/index.html") == "0; url=../customer-service/"
    assert refresh(output, "category/service/index.html") == "0; url=../customer-service/"
    assert refresh(output, "feed/index.html") == "0; url=https://feeds.example/blog"
    assert "Moved:" not in (output / "archives/index.html").read_text(encoding="utf-8")
    assert "Moved:" not in (output / "2012/08/16/hello/index.html").read_text(encoding="utf-8")
    htaccess = (output / ".htaccess").read_text(encoding="utf-8")
    assert "p=7" in htaccess and "archives" not in htaccess and "2012/08/16/hello/?$" not in htaccess
    assert check_site(output) == []


def test_published_stubs_use_the_site_url(content, build):
    write_post(content, "hello.md", post("Hello", date="2012-08-16 09:00", slug="hello"))
    redirect_map(content, "/old/,{filename}/posts/hello.md\n")
    output = build(content, "publishconf.py")
    assert refresh(output, "old/index.html") == "0; url=https://serviceculture.example/2012/08/16/hello/"


def test_a_broken_map_stops_the_build_naming_each_line(content, build):
    write_post(content, "hello.md", post("Hello", slug="hello"))
    write_post(content, "draft.md", post("Draft", slug="draft", extra="Status: draft\n"))
    redirect_map(
        content,
        "/a/,{filename}/posts/missing.md\n/b/,{filename}/posts/draft.md\n/c/,{tag}No Such Tag\nnot-a-path,/x/\n",
    )
    with pytest.raises(PublishError) as caught:
        build(content)
    assert caught.value.problems == [
        "content/redirects/old.csv:2: new: content/posts/missing.md is no post or page; fix the path or remove the line",
        "content/redirects/old.csv:3: new: content/posts/draft.md is a draft; publish it or remove the line",
        "content/redirects/old.csv:4: new: no published post has the tag 'No Such Tag'; fix it or remove the line",
        "content/redirects/old.csv:5: old: 'not-a-path' is not a path on the site; write it from the first slash, "
        "as in /2012/08/hello/ or /?p=12",
    ]


def test_no_map_no_files(content, build):
    write_post(content, "hello.md", post("Hello", slug="hello"))
    output = build(content)
    assert not (output / ".htaccess").exists() and not (output / "_redirects").exists()
