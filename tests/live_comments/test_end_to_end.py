"""Readers post to a real Isso server, the author approves, syncs and builds; the site shows the thread."""

from __future__ import annotations

from pathlib import Path

import feedparser
from bs4 import BeautifulSoup

from analytics.sources import Sources, gather
from plugins.live_comments.source import fetch_server, read_database
from plugins.live_comments.sync import sync
from plugins.migrate.settings import ImportSettings
from plugins.publisher.build import load_settings
from tests.conftest import ROOT, post, write_post

HELLO = "/2012/08/16/hello/"
OTHER = "/2013/01/02/service-with-a-smile/"


def settings_for(content: Path) -> ImportSettings:
    return ImportSettings.from_pelican(load_settings(ROOT / "pelicanconf.py", PATH=str(content)), content)


def test_post_approve_sync_build(start_isso, content, build):
    write_post(content, "hello.md", post("Hello", date="2012-08-16 09:00", slug="hello"))
    write_post(content, "service.md", post("Service With a Smile", date="2013-01-02 10:00"))
    isso = start_isso()
    first = isso.post(HELLO, "Great post about *service*.", author="Jane Reader", website="https://jane.example/")
    reply = isso.post(HELLO, "Thanks, Jane!", author="Morgan Hale", parent=first)
    waiting = isso.post(HELLO, "Buy cheap watches", author="Spammer", website="https://spam.example/")
    other = isso.post(OTHER, "Smiles are underrated.", author="Sam")
    rejected = isso.post(OTHER, "Off topic.", author="Troll")
    for accepted in (first, reply, other, rejected):
        isso.moderate(accepted)
    isso.moderate(rejected, "delete")

    report = sync(fetch_server(isso.url), settings_for(content))
    root = content / "comments"
    assert sorted(report.written) == sorted(
        [
            f"comments/hello/isso-{first}.md",
            f"comments/hello/isso-{reply}.md",
            f"comments/service-with-a-smile/isso-{other}.md",
        ]
    )
    assert not any(root.rglob(f"isso-{waiting}.md")) and not any(root.rglob(f"isso-{rejected}.md"))
    assert f"Reply-To: isso-{first}\n" in (root / f"hello/isso-{reply}.md").read_text()
    assert "Url: https://jane.example/\n" in (root / f"hello/isso-{first}.md").read_text()

    # Approving the waiting comment later brings only that one in; nothing is written twice.
    isso.moderate(waiting)
    later = sync(read_database(isso.db), settings_for(content))
    assert later.written == [f"comments/hello/isso-{waiting}.md"] and later.already == 3
    before = {p: p.read_bytes() for p in root.rglob("*.md")}
    again = sync(fetch_server(isso.url), settings_for(content))
    assert again.written == [] and again.already == 4
    assert {p: p.read_bytes() for p in root.rglob("*.md")} == before

    output = build(content, ISSO_URL=isso.url + "/")
    page = BeautifulSoup((output / "2012/08/16/hello/index.html").read_text(), "html.parser")
    thread = page.select_one("section#isso-thread")
    assert thread["data-isso-id"] == HELLO and thread["data-title"] == "Hello"
    script = page.find("script", src=f"{isso.url}/js/embed.min.js")
    assert script.has_attr("defer") and script["data-isso"] == f"{isso.url}/"
    index = BeautifulSoup((output / "index.html").read_text(), "html.parser")
    assert index.select_one("#isso-thread") is None and "embed.min.js" not in str(index)

    # The synced comments are baked into the page, threaded, with the Isso form below them instead of the email.
    baked = page.select_one("#comments")
    assert baked.select_one("#comments-title").get_text() == "3 comments"
    top = baked.select_one(f"li#comment-isso-{first}")
    assert "Great post about service." in top.select_one(".comment-content").get_text()
    assert top.select_one("a.url")["href"] == "https://jane.example/"
    assert top.select_one(f"li#comment-isso-{reply}") is not None  # the reply sits inside its parent
    assert baked.select_one(f"#comment-isso-{waiting}") is not None
    assert page.select_one(".join-discussion") is None
    assert page.find(id="comments").find_next(id="isso-thread") is not None
    assert "Smiles are underrated." in (output / "2013/01/02/service-with-a-smile/index.html").read_text()

    # ... and in the comment feeds, site-wide and per article.
    site_feed = feedparser.parse((output / "feeds/comments.atom.xml").read_bytes())
    assert {e.link.rsplit("#", 1)[1] for e in site_feed.entries} == {
        f"comment-isso-{i}" for i in (first, reply, waiting, other)
    }
    article_feed = feedparser.parse((output / "feeds/comments/hello.atom.xml").read_bytes())
    assert len(article_feed.entries) == 3

    # ... and in the analytics tables, with their posts, parents and the author's reply.
    tables = gather(Sources(settings_file=ROOT / "pelicanconf.py", content=content, blogfests=False))
    synced = tables.comments.set_index("comment_id").loc[[f"isso-{i}" for i in (first, reply, waiting, other)]]
    assert synced["post_id"].tolist() == ["hello", "hello", "hello", "service-with-a-smile"]
    assert synced["parent_id"].iloc[1] == f"isso-{first}"
    assert synced["is_author"].tolist() == [False, True, False, False]

    # The thread the page names is the one the comments were posted to: Isso serves them for it.
    assert {c.id for c in fetch_server(isso.url) if c.uri == thread["data-isso-id"]} == {first, reply, waiting}


def test_without_isso_url_nothing_extra_loads(content, build):
    write_post(content, "hello.md", post("Hello", date="2012-08-16 09:00", slug="hello"))
    html = (build(content, COMMENTS_EMAIL="comments@blog.example") / "2012/08/16/hello/index.html").read_text()
    assert "isso" not in html.lower() and "<script" not in html.replace('<script type="application/ld+json">', "")
    assert BeautifulSoup(html, "html.parser").select_one(".join-discussion") is not None
