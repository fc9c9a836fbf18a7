"""The thread's HTML, written by the plugin: the markup the theme's Jinja loop used to write, byte for byte."""

from dataclasses import replace

import jinja2
import pytest
from bs4 import BeautifulSoup

from plugins.comments.markup import ThreadMarkup, escape, thread_html
from plugins.comments.thread import build_thread, walk
from tests.comments.test_model import make

# The loop the theme had before the plugin wrote the thread (theme/templates/_comments.html), kept as the reference.
REFERENCE = """{% macro thread(nodes, depth) -%}
<ol class="comment-list depth-{{ depth }}">
{%- for node in nodes %}{% set c = node.comment %}{% set anchor = 'comment-' ~ c.id|e %}{% set author = c.author|e %}
<li class="comment{{ ' by-author' if c.is_author }}{{ ' flattened' if node.flattened }}" id="{{ anchor }}">
<article class="comment-body" aria-label="Comment by {{ author }}">
<p class="comment-meta"><span class="comment-author">{% if c.url %}<a class="url" href="{{ c.url|e }}" rel="nofollow ugc noopener">{{ author }}</a>{% else %}{{ author }}{% endif %}</span>
{%- if c.is_author %} <span class="author-badge">Author</span>{% endif %} · <a class="comment-permalink" href="#{{ anchor }}"><time datetime="{{ c.iso_date }}">{{ c.date_text|e }}</time></a>
{%- if node.flattened %} · <span class="in-reply-to">in reply to <a href="#comment-{{ node.parent.id|e }}">{{ node.parent.author|e }}</a></span>{% endif %}</p>
<div class="comment-content">{{ c.html }}</div>
</article>
{%- if node.replies %}{{ thread(node.replies, depth + 1) }}{% endif %}
</li>
{%- endfor %}
</ol>
{%- endmacro %}"""


@pytest.fixture(scope="module")
def reference():
    environment = jinja2.Environment(trim_blocks=True, lstrip_blocks=True)  # as Pelican sets it up
    macro = environment.from_string(REFERENCE).module.thread
    return lambda nodes: str(macro(nodes, 1))


def comment(comment_id, minute, reply_to="", **fields):
    c = make(comment_id, minute, reply_to=reply_to)
    fields = {"html": f"<p>Body of {comment_id}</p>", "date_text": f"17 Aug 2012 at 09:{minute:02d}", **fields}
    c = replace(c, **fields)
    c.iso_date = c.date.isoformat()
    return c


def conversation():
    """Several threads, one deeper than the cap, the blog's author answering, names and addresses to escape."""
    return [
        comment("a", 0, author="Jane <b>Reader</b>", url="https://jane.example/?a=1&b='2'"),
        comment("b", 1, reply_to="a", author='The "Author"', is_author=True),
        comment("c", 2, reply_to="b", author="O'Brien & Sons"),
        comment("d", 3, reply_to="c", url="https://d.example/"),
        comment("e", 4, reply_to="d", date_text="<late> & 'odd'"),
        comment("f", 5),
        comment("g", 6, reply_to="f", is_author=True, url="https://blog.example/"),
        comment("h", 7, reply_to="a"),
    ]


@pytest.mark.parametrize("cap", [1, 2, 3, 10])
def test_the_thread_is_what_the_theme_loop_wrote(reference, cap):
    nodes = build_thread(conversation(), cap)
    assert thread_html(nodes) == reference(nodes)


def test_a_single_comment_and_a_long_flat_list_are_what_the_theme_loop_wrote(reference):
    single = build_thread([comment("only", 0)], 5)
    flat = build_thread([comment(f"c{n}", n % 60) for n in range(50)], 5)
    assert thread_html(single) == reference(single)
    assert thread_html(flat) == reference(flat)


def test_every_comment_is_in_its_place_with_its_permalink():
    nodes = build_thread(conversation(), 3)
    page = BeautifulSoup(thread_html(nodes), "html.parser")
    for node in walk(nodes):
        item = page.find("li", id=f"comment-{node.comment.id}")
        assert item is not None
        parent = item.find_parent("li")
        expected_parent = None if node.depth == 1 else node.parent.id if not node.flattened else None
        if expected_parent is not None:
            assert parent["id"] == f"comment-{expected_parent}"
        assert item.find("a", class_="comment-permalink")["href"] == f"#comment-{node.comment.id}"
        assert "flattened" in item["class"] if node.flattened else "flattened" not in item["class"]


def test_visitor_text_is_escaped_as_jinja_escapes_it():
    for text in ["plain", "<script>", "a & b", '"quoted"', "it's", "<a href='x'>&amp;</a>"]:
        assert escape(text) == str(jinja2.Environment().from_string("{{ t|e }}").render(t=text))
    page = BeautifulSoup(thread_html(build_thread(conversation(), 5)), "html.parser")
    assert page.find("b") is None  # the author's "<b>" stayed text
    assert page.find("span", class_="comment-author").get_text() == "Jane <b>Reader</b>"


def test_the_markup_is_made_when_shown_and_stands_for_its_digest():
    nodes = build_thread(conversation(), 3)
    shown = ThreadMarkup(nodes, b"digest")
    assert str(shown) == shown.__html__() == thread_html(nodes)
    assert shown and shown.__build_digest__() == b"digest"
    empty = ThreadMarkup([], b"")
    assert not empty and str(empty) == ""
    # Rendered by a template as any value is, with or without autoescaping.
    for autoescape in (False, True):
        template = jinja2.Environment(autoescape=autoescape).from_string("{{ thread }}")
        assert template.render(thread=shown) == thread_html(nodes)
