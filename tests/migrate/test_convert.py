"""HTML to Markdown: WordPress's auto-paragraphs, shortcodes, embeds, links, and escaping that keeps text text."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.migrate import convert
from plugins.migrate.convert import (
    Links,
    Media,
    escape_markdown,
    html_to_markdown,
    html_to_summary,
    plain_to_markdown,
    shortcode_attributes,
    split_more,
)

SITE = Links(
    site="https://old.example",
    hosts=frozenset({"old.example"}),
    targets={"/2011/03/01/hello": "{filename}/posts/hello.md", "/about": "{filename}/pages/about.md"},
    ids={12: "{filename}/posts/twelve.md"},
    media={"old.example/wp-content/uploads/2011/03/team.jpg": "{static}/images/uploads/2011/03/team.jpg"},
    attachments={
        50: Media("{static}/images/uploads/2011/03/team.jpg", "Team", 7, 2),
        51: Media("https://cdn.example/counter.png", "Counter", 7, 1),
        52: Media("https://cdn.example/notes.pdf", "Notes", 7, 3),
    },
)


def render(text: str) -> str:
    """What Pelican's Markdown makes of ``text``."""
    return markdown.markdown(text, extensions=["extra", "toc"], output_format="html5")


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("One\ntwo\n\nThree", "One  \ntwo\n\nThree"),
        ("  Leading and trailing space  \n\n\n\nFour blank lines  ", "Leading and trailing space\n\nFour blank lines"),
        ("Text\n<h2>Heading</h2>\nMore", "Text\n\n## Heading\n\nMore"),
        ("<ul>\n<li>one\ntwo</li>\n<li>three</li>\n</ul>", "- one  \n  two\n- three"),
        ("<blockquote>Quote one\n\nQuote two</blockquote>", "> Quote one\n>\n> Quote two"),
        ("<div>Inside\nblock</div>", "Inside  \nblock"),
        ("<pre>keep\n\n  this</pre>", "```\nkeep\n\n  this\n```"),
        ("A <em>b\nc</em> d", "A *b  \nc* d"),
        # Block-editor content has its paragraphs already: no <br> is added.
        ("<!-- wp:paragraph -->\n<p>Block\neditor</p>\n<!-- /wp:paragraph -->", "Block\neditor"),
        ("Text\r\nwith CRLF\r\n\r\nlines", "Text  \nwith CRLF\n\nlines"),
        ("Gone <script>alert(1)</script>and <style>p{}</style>kept", "Gone and kept"),
    ],
)
def test_wpautop(html, expected):
    assert html_to_markdown(html) == expected


def test_shortcode_attributes_are_read_as_wordpress_reads_them():
    assert shortcode_attributes(' id="a b" align=\'left\' width=300 "positional" bare ') == (
        {"id": "a b", "align": "left", "width": "300"},
        ["positional", "bare"],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[caption id="attachment_5" width="300"]<img src="https://cdn.example/a.jpg" alt="A" /> The caption[/caption]',
            "![A](https://cdn.example/a.jpg)\n\n*The caption*",
        ),
        (
            '[caption caption="Old style"]<img src="https://cdn.example/a.jpg" alt="A">[/caption]',
            "![A](https://cdn.example/a.jpg)\n\n*Old style*",
        ),
        (
            '[gallery ids="51,50"]',
            "![Counter](https://cdn.example/counter.png)\n\n![Team]({static}/images/uploads/2011/03/team.jpg)",
        ),
        (
            "[gallery]",
            "![Counter](https://cdn.example/counter.png)\n\n![Team]({static}/images/uploads/2011/03/team.jpg)",
        ),
        ("[embed]https://www.youtube.com/watch?v=a1[/embed]", "<https://www.youtube.com/watch?v=a1>"),
        ("[youtube=http://www.youtube.com/watch?v=b2&w=400]", "<http://www.youtube.com/watch?v=b2>"),
        ("[vimeo 12345]", "<https://vimeo.com/12345>"),
        ('[audio mp3="https://cdn.example/talk.mp3"]', "<https://cdn.example/talk.mp3>"),
        ('[video width="640" mp4="https://cdn.example/clip.mp4"][/video]', "<https://cdn.example/clip.mp4>"),
        ('[code language="python"]\nif a < b:\n    pass\n[/code]', "```python\nif a < b:\n    pass\n```"),
        ("[sourcecode]x = '```'[/sourcecode]", "````\nx = '```'\n````"),
        ("Write [[caption]] for the shortcode itself.", "Write [caption] for the shortcode itself."),
        ("An unknown [shortcode] and [sic] stay.", "An unknown [shortcode] and [sic] stay."),
    ],
)
def test_shortcodes(text, expected):
    assert html_to_markdown(text, SITE, post_id=7) == expected


def test_embeds_become_links():
    html = (
        '<iframe src="https://www.youtube.com/embed/xyz?rel=0"></iframe>\n\n'
        '<video controls><source src="https://cdn.example/v.webm"></video>\n\n'
        '<object><param name="movie" value="//player.example/m.swf"></object>\n\n'
        "https://www.youtube.com/watch?v=alone\n\n"
        '<iframe src="javascript:alert(1)"></iframe>'
    )
    assert html_to_markdown(html) == (
        "<https://www.youtube.com/watch?v=xyz>\n\n<https://cdn.example/v.webm>\n\n"
        "<https://player.example/m.swf>\n\n<https://www.youtube.com/watch?v=alone>"
    )


def test_links_to_the_old_site_point_at_the_new_one():
    html = (
        '<a href="https://www.old.example/2011/03/01/hello/">a post</a> '
        '<a href="/?p=12">by id</a> <a href="https://old.example/?page_id=12">by page id</a> '
        '<a href="/about">a page</a> <a href="/not-imported/">elsewhere</a> '
        '<a href="https://other.example/x">outside</a> <a href="javascript:alert(1)">bad</a> '
        '<img src="https://old.example/wp-content/uploads/2011/03/team-150x150.jpg" alt="T"> '
        '<img src="/wp-content/uploads/2011/03/other.jpg" alt="O"> <img src="javascript:x" alt="bad">'
    )
    assert html_to_markdown(html, SITE) == (
        "[a post]({filename}/posts/hello.md) [by id]({filename}/posts/twelve.md) "
        "[by page id]({filename}/posts/twelve.md) [a page]({filename}/pages/about.md) "
        "[elsewhere](https://old.example/not-imported/) [outside](https://other.example/x) bad "
        "![T]({static}/images/uploads/2011/03/team.jpg) "
        "![O](https://old.example/wp-content/uploads/2011/03/other.jpg)"
    )


def test_more_splits_the_teaser():
    teaser, full = split_more("Intro <em>here</em>.\n\nSecond.<!--more Read on-->After.<!--nextpage-->Page two.")
    assert teaser == "Intro <em>here</em>.\n\nSecond."
    assert html_to_markdown(full) == "Intro *here*.\n\nSecond.\n\nAfter.\n\nPage two."
    assert split_more("No marker") == (None, "No marker")


def test_summary_is_one_line_without_blocks():
    html = "<h2>Title</h2>\n<p>First <a href='/about/'>link</a>.</p>\n<ul><li>a</li><li>b</li></ul><img src='x.png'>"
    assert html_to_summary(html, SITE) == "Title First [link]({filename}/pages/about.md). a b"


def test_text_that_looks_like_markup_stays_text():
    text = (
        "*not emphasis* _nor this_ snake_case `code` \\ {curly} [^1]: note [a](b) &lt;b&gt;tag&lt;/b&gt; &amp;amp;\n"
        "# not a heading\n1999. A year\n- not a list\n+ nor this\n> not a quote\n===\n: not a definition\n~~~"
    )
    markdown_text = html_to_markdown(text)
    rendered = BeautifulSoup(render(markdown_text), "html.parser")
    assert [tag.name for tag in rendered.find_all(True)] == ["p", "br", "br", "br", "br", "br", "br", "br", "br"]
    lines = [line.strip() for line in rendered.get_text().splitlines()]
    assert lines == [
        "*not emphasis* _nor this_ snake_case `code` \\ {curly} [^1]: note [a](b) <b>tag</b> &amp;",
        "# not a heading",
        "1999. A year",
        "- not a list",
        "+ nor this",
        "> not a quote",
        "===",
        ": not a definition",
        "~~~",
    ]


CONTROL = convert._CONTROL  # characters no export can carry
_PLAIN_PIECES = st.sampled_from(
    list("ab cd\t\n\n\r#>-+*_`\\{}[]():=~!|.1éß\u00a0")
    + ["1. ", "- ", "==", "---", "***", "___", "~~~", "  ", "&", "<", "http://x.y/"]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(_PLAIN_PIECES, max_size=30).map("".join), st.text(max_size=40)))
def test_escaped_text_renders_back_to_itself(text):
    """Whatever a line of text holds, its Markdown renders to the same characters and no markup."""
    line = " ".join(text.translate(CONTROL).split())
    if not line:
        return
    rendered = BeautifulSoup(render(escape_markdown(line)), "html.parser")
    assert [tag.name for tag in rendered.find_all(True)] == ["p"]
    assert rendered.get_text() == line


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(_PLAIN_PIECES, max_size=40).map("".join), st.text(max_size=60)))
def test_the_plain_text_shortcut_matches_the_tree(text):
    """Comments without markup skip the HTML tree; they must come out exactly as through it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(CONTROL)
    if any(c in text for c in "<&") or "://" in text:
        return
    soup = convert._parse(text)
    convert.autop(soup, soup)
    convert._tidy(soup, convert.NO_LINKS)
    assert plain_to_markdown(text) == convert._markdown(soup)
