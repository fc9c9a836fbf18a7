"""Whole sites built with the plugin and read back with beautifulsoup4 and feedparser.

The hand-checked fixture (data/hand_checked, three posts a page, four cloud steps):

    post  date        tags
    p01   2012-01-01  Customer Service, culture, loyalty
    p02   2012-01-02  customer service, culture, metrics
    p03   2012-01-03  Customer Service, culture
    p04   2012-01-04  Customer Service, loyalty, Twitter
    p05   2012-01-05  customer-service, culture
    p06   2012-01-06  Customer Service, hiring
    p07   2012-01-07  Customer Service, metrics
    p08   2012-01-08  Customer Service, Zappos
    p09   2012-01-09  strategy
    p10   2012-01-10  strategy, leadership
    p11   2012-01-11  strategy, hiring
    p12   2012-01-12  Customer Service, drafting        (draft)

gives Customer Service 8 posts, culture 4, strategy 3, hiring, loyalty and
metrics 2, leadership, Twitter and Zappos 1. On a log scale from 1 to 8 in
four steps: 8 -> 4, 4 and 3 -> 3, 2 -> 2, 1 -> 1.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from pelican import signals

from plugins.publisher import PublishError, build_site
from tests.conftest import ROOT, post, write_post

DATA = Path(__file__).parent / "data"
SITEURL = "https://serviceculture.example"


def fixture_site(tmp_path: Path, name: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(DATA / name, content)
    for sub in ("pages", "images"):
        (content / sub).mkdir(exist_ok=True)
    return content


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def written(output: Path) -> set[str]:
    return {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}


def titles(page: Path) -> list[str]:
    return [a.get_text(strip=True) for a in soup(page).select("main article h2 a")]


# The fixture: every spelling of one tag, and CX aliased to it.


@pytest.fixture(scope="module")
def merged_site(tmp_path_factory) -> Path:
    tmp_path = tmp_path_factory.mktemp("merged")
    output = tmp_path / "output"
    build_site(
        ROOT / "publishconf.py",
        output,
        PATH=str(fixture_site(tmp_path, "merge_site")),
        TAG_ALIASES={"CX": "Customer Service"},
    )
    return output


MERGED_POSTS = ["title-case", "lower-case", "hyphenated", "extra-spaces", "underscored", "aliased", "two-spellings"]


def test_the_written_files_are_exactly_one_tag_page_one_feed_and_the_stubs(merged_site):
    posts = {f"2012/08/{day:02d}/{slug}/index.html" for day, slug in enumerate(MERGED_POSTS, start=1)}
    assert written(merged_site) == posts | {
        "index.html",
        "archives/index.html",
        "2012/index.html",
        "2012/08/index.html",
        "author/morgan-hale/index.html",
        "authors/index.html",
        "categories/index.html",
        "category/customer-service/index.html",
        "feeds/all.atom.xml",
        "feeds/all.rss.xml",
        "feeds/category/customer-service.atom.xml",
        "robots.txt",
        "sitemap.xml",
        "theme/css/main.css",
        "theme/favicon.svg",
        "blogfests/index.html",  # the roll-call plugin's index of events
        # the tag: one page, one feed in two formats, the two indexes
        "tag/customer-service/index.html",
        "feeds/tag/customer-service.atom.xml",
        "feeds/tag/customer-service.rss.xml",
        "tags/index.html",
        "tags/by-count/index.html",
        # the spellings that had URLs of their own
        "tag/customer_service/index.html",
        "tag/cx/index.html",
    }


def test_the_tag_page_holds_every_post_under_one_name(merged_site):
    page = soup(merged_site / "tag" / "customer-service" / "index.html")
    assert page.h1.get_text(strip=True) == "Tag Archives: Customer Service"
    assert page.select_one(".archive-count").get_text(strip=True) == "7 posts tagged “Customer Service”"
    assert len(page.select("main article h2 a")) == 7
    for slug in MERGED_POSTS:
        post_page = soup(next(merged_site.glob(f"2012/08/*/{slug}/index.html")))
        tags = [(a.get_text(), a["href"]) for a in post_page.select(".post-footer .tags a")]
        assert tags == [("Customer Service", f"{SITEURL}/tag/customer-service/")], slug


def test_the_one_feed_holds_every_post_and_is_linked_from_the_tag_page(merged_site):
    for name in ("customer-service.atom.xml", "customer-service.rss.xml"):
        feed = feedparser.parse((merged_site / "feeds" / "tag" / name).read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        assert "Customer Service" in feed.feed.title
        assert {e.link.rstrip("/").rsplit("/", 1)[1] for e in feed.entries} == set(MERGED_POSTS)
        terms = {t.term for e in feed.entries for t in e.tags}
        assert terms == {"Customer Service"}  # the category and the tag, one spelling
    head = soup(merged_site / "tag" / "customer-service" / "index.html").head
    links = {link["type"]: link["href"] for link in head.find_all("link", rel="alternate") if "/tag/" in link["href"]}
    assert links == {
        "application/atom+xml": f"{SITEURL}/feeds/tag/customer-service.atom.xml",
        "application/rss+xml": f"{SITEURL}/feeds/tag/customer-service.rss.xml",
    }


@pytest.mark.parametrize("old", ["customer_service", "cx"])
def test_old_urls_are_redirect_stubs_to_the_tag_page(merged_site, old):
    stub = soup(merged_site / "tag" / old / "index.html")
    target = f"{SITEURL}/tag/customer-service/"
    assert stub.find("link", rel="canonical")["href"] == target
    assert stub.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
    assert stub.body.a["href"] == target
    assert stub.body.a.get_text() == "Tag Archives: Customer Service"
    assert stub.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_check_lists_the_merged_spellings(tmp_path):
    result = build_site(
        ROOT / "publishconf.py",
        check_only=True,
        PATH=str(fixture_site(tmp_path, "merge_site")),
        TAG_ALIASES={"CX": "Customer Service"},
    )
    assert result.notes == [
        "tags: merged 'customer-service' (2 posts), 'CX' (1 post, by TAG_ALIASES), 'customer service' (1 post), "
        "'customer_service' (1 post) into 'Customer Service'"
    ]


# The hand-checked fixture.


@pytest.fixture(scope="module")
def hand_checked(tmp_path_factory) -> Path:
    tmp_path = tmp_path_factory.mktemp("hand")
    output = tmp_path / "output"
    build_site(
        ROOT / "publishconf.py",
        output,
        PATH=str(fixture_site(tmp_path, "hand_checked")),
        DEFAULT_PAGINATION=3,
        TAG_CLOUD_STEPS=4,
    )
    return output


def test_tag_pages_paginate_newest_first(hand_checked):
    base = hand_checked / "tag" / "customer-service"
    pages = [base / "index.html", base / "page" / "2" / "index.html", base / "page" / "3" / "index.html"]
    assert [titles(p) for p in pages] == [
        ["Post Eight", "Post Seven", "Post Six"],
        ["Post Five", "Post Four", "Post Three"],
        ["Post Two", "Post One"],
    ]
    assert not (base / "page" / "4").exists()
    first, second, last = (soup(p) for p in pages)
    assert first.find("a", rel="next")["href"] == f"{SITEURL}/tag/customer-service/page/2/"
    assert second.find("a", rel="prev")["href"] == f"{SITEURL}/tag/customer-service/"
    assert last.find("a", rel="next") is None
    for page in (first, second, last):
        assert page.select_one(".archive-count").get_text(strip=True) == "8 posts tagged “Customer Service”"
        assert page.select_one(".pagination .page-number").get_text(strip=True).endswith("of 3")
        assert page.select("main article .date-badge")


def test_the_description_is_rendered_markdown_on_the_first_page_only(hand_checked):
    base = hand_checked / "tag" / "customer-service"
    description = soup(base / "index.html").select_one(".tag-description")
    assert description.find("strong").get_text() == "answer"
    assert description.find("a")["href"] == "https://example.com/strategy"
    assert len(description.find_all("p")) == 2
    assert soup(base / "page" / "2" / "index.html").select_one(".tag-description") is None
    assert soup(hand_checked / "tag" / "culture" / "index.html").select_one(".tag-description") is None


def related(page: Path) -> list[tuple[str, str]]:
    return [(li.a.get_text(), li.select_one(".count").get_text()) for li in soup(page).select(".related-tags li")]


def test_related_tags_are_the_top_five_with_shared_post_counts(hand_checked):
    assert related(hand_checked / "tag" / "customer-service" / "index.html") == [
        ("culture", "(4 posts in common)"),
        ("loyalty", "(2 posts in common)"),
        ("metrics", "(2 posts in common)"),
        ("hiring", "(1 post in common)"),
        ("Twitter", "(1 post in common)"),
    ]
    assert related(hand_checked / "tag" / "hiring" / "index.html") == [
        ("Customer Service", "(1 post in common)"),
        ("strategy", "(1 post in common)"),
    ]
    assert related(hand_checked / "tag" / "strategy" / "index.html") == [
        ("hiring", "(1 post in common)"),
        ("leadership", "(1 post in common)"),
    ]


COUNTS = {
    "Customer Service": 8,
    "culture": 4,
    "strategy": 3,
    "hiring": 2,
    "loyalty": 2,
    "metrics": 2,
    "leadership": 1,
    "Twitter": 1,
    "Zappos": 1,
}
STEPS = {"Customer Service": 4, "culture": 3, "strategy": 3, "hiring": 2, "loyalty": 2, "metrics": 2}


def test_the_cloud_steps_are_logarithmic_and_every_count_is_read_aloud(hand_checked):
    cloud = soup(hand_checked / "tags" / "index.html").select(".tag-cloud li a")
    seen = []
    for link in cloud:
        hidden = link.select_one(".visually-hidden")
        name = link.get_text().replace(hidden.get_text(), "")
        count = COUNTS[name]
        seen.append(name)
        assert hidden.get_text() == f" ({count} post{'s' if count > 1 else ''})"
        assert link["class"] == [f"tag-cloud-step-{STEPS.get(name, 1)}"], name
        assert link["href"] == f"{SITEURL}/tag/{name.lower().replace(' ', '-')}/"
    assert seen == [
        "culture",
        "Customer Service",
        "hiring",
        "leadership",
        "loyalty",
        "metrics",
        "strategy",
        "Twitter",
        "Zappos",
    ]
    sizes = {link.get_text().split(" (")[0]: link["style"] for link in cloud}
    assert sizes["Zappos"] == "font-size: 90%" and sizes["Customer Service"] == "font-size: 200%"


def listed(page: Path) -> list[tuple[str, str]]:
    return [(li.a.get_text(), li.select_one(".count").get_text()) for li in soup(page).select(".term-list li")]


def test_the_tags_index_sorts_by_name_and_by_count(hand_checked):
    def expected(names):
        return [(n, f"({COUNTS[n]} post{'s' if COUNTS[n] > 1 else ''})") for n in names]

    by_name = soup(hand_checked / "tags" / "index.html")
    assert listed(hand_checked / "tags" / "index.html") == expected(
        ["culture", "Customer Service", "hiring", "leadership", "loyalty", "metrics", "strategy", "Twitter", "Zappos"]
    )
    assert listed(hand_checked / "tags" / "by-count" / "index.html") == expected(
        ["Customer Service", "culture", "strategy", "hiring", "loyalty", "metrics", "leadership", "Twitter", "Zappos"]
    )
    by_count = soup(hand_checked / "tags" / "by-count" / "index.html")
    for page, current in ((by_name, "name"), (by_count, "number of posts")):
        links = {a.get_text(): a for a in page.select(".sort-links a")}
        assert links["name"]["href"] == f"{SITEURL}/tags/"
        assert links["number of posts"]["href"] == f"{SITEURL}/tags/by-count/"
        assert [text for text, a in links.items() if a.get("aria-current") == "page"] == [current]


def test_drafts_tags_get_no_page_and_no_place_in_the_index(hand_checked):
    assert not (hand_checked / "tag" / "drafting").exists()
    assert "drafting" not in (hand_checked / "tags" / "index.html").read_text()


def test_summaries_by_default_and_full_text_when_asked(hand_checked, tmp_path):
    summary_page = soup(hand_checked / "tag" / "strategy" / "index.html")
    assert summary_page.select_one("main article .entry-summary").get_text(strip=True) == "Summary of Post Eleven."
    output = tmp_path / "full"
    build_site(
        ROOT / "publishconf.py", output, PATH=str(fixture_site(tmp_path, "hand_checked")), TAG_ARCHIVE_FULL_TEXT=True
    )
    full = soup(output / "tag" / "strategy" / "index.html").select_one("main article .entry-content")
    assert "The full text of Post Eleven goes on here" in full.get_text()
    # Only tag archives: the home page keeps its summaries.
    assert soup(output / "index.html").select_one("main article .entry-content") is None


# Clashing slugs, redirects asked for in the settings, descriptions without a tag.


def test_two_tags_with_one_slug_stop_the_build_and_the_check(content, tmp_path):
    write_post(content, "cpp.md", post("C++ Tips", date="2012-01-01 09:00", tags="C++", slug="cpp"))
    write_post(content, "csharp.md", post("C# Tips", date="2012-01-02 09:00", tags="culture, C#", slug="csharp"))
    expected = [
        "content/posts/cpp.md:4: Tags: tags 'C#' (used by content/posts/csharp.md) and 'C++' (used by "
        "content/posts/cpp.md) would share the slug 'c' and one page; give one of them its own slug in TAG_SLUGS, "
        'e.g. TAG_SLUGS = {"C++": "its-slug"}'
    ]
    for check_only in (False, True):
        with pytest.raises(PublishError) as raised:
            build_site(ROOT / "pelicanconf.py", tmp_path / "out", check_only=check_only, PATH=str(content))
        assert raised.value.problems == expected
    assert not (tmp_path / "out").exists()


def test_tag_slugs_give_each_clashing_tag_its_own_page(content, build):
    write_post(content, "cpp.md", post("C++ Tips", date="2012-01-01 09:00", tags="C++", slug="cpp"))
    write_post(content, "csharp.md", post("C# Tips", date="2012-01-02 09:00", tags="C#", slug="csharp"))
    output = build(content, "publishconf.py", TAG_SLUGS={"C#": "c-sharp"})
    assert soup(output / "tag" / "c" / "index.html").h1.get_text() == "Tag Archives: C++"
    assert titles(output / "tag" / "c" / "index.html") == ["C++ Tips"]
    assert soup(output / "tag" / "c-sharp" / "index.html").h1.get_text() == "Tag Archives: C#"
    assert titles(output / "tag" / "c-sharp" / "index.html") == ["C# Tips"]
    assert (output / "feeds" / "tag" / "c-sharp.atom.xml").is_file()


def test_requested_redirects_are_written_but_never_over_a_page(content, build, tmp_path):
    write_post(content, "a.md", post("A", tags="Customer Service, culture"))
    output = build(content, "publishconf.py", TAG_REDIRECTS={"customer-care": "customer service"})
    stub = soup(output / "tag" / "customer-care" / "index.html")
    assert stub.find("link", rel="canonical")["href"] == f"{SITEURL}/tag/customer-service/"
    with pytest.raises(PublishError) as raised:
        build_site(
            ROOT / "pelicanconf.py", tmp_path / "out2", PATH=str(content), TAG_REDIRECTS={"culture": "Customer Service"}
        )
    assert raised.value.problems == [
        "settings: TAG_REDIRECTS: 'culture' would replace tag/culture/index.html, the page of tag 'culture'; "
        "remove the line"
    ]


def test_a_description_without_a_tag_is_reported(content, tmp_path):
    write_post(content, "a.md", post("A", tags="customer_service, Customer Service, culture"))
    (content / "tags").mkdir()
    (content / "tags" / "customer_service.md").write_text("Old name.\n")
    (content / "tags" / "loyality.md").write_text("Typo.\n")
    with pytest.raises(PublishError) as raised:
        build_site(ROOT / "pelicanconf.py", tmp_path / "out", check_only=True, PATH=str(content))
    assert raised.value.problems == [
        "content/tags/customer_service.md: file: no tag has the slug 'customer_service'; 'Customer Service' now has "
        "the slug 'customer-service'; rename the file to customer-service.md",
        "content/tags/loyality.md: file: no tag has the slug 'loyality'; name the file after the slug of a tag "
        "(the last part of its tag/<slug>/ URL)",
    ]


def test_tag_names_are_escaped_everywhere(content, build):
    write_post(content, "a.md", post("A", tags="Q&A <live>"))
    write_post(content, "b.md", post("B", date="2012-08-17 09:00", tags="q&a-<LIVE>"))
    output = build(content, "publishconf.py")
    page = soup(output / "tag" / "qa" / "index.html")  # Pelican's slugify drops what looks like markup
    assert page.h1.get_text() == "Tag Archives: Q&A <live>"
    assert page.find("live") is None
    stub = soup(output / "tag" / "qa-" / "index.html")
    assert stub.title.get_text().startswith("Tag Archives: Q&A <live>")
    assert stub.find("live") is None
    cloud = soup(output / "tags" / "index.html")
    assert cloud.select_one(".tag-cloud a").get_text() == "Q&A <live> (2 posts)"
    assert cloud.find("live") is None


@pytest.mark.parametrize(
    "setting, value, message",
    [
        ("TAG_CLOUD_STEPS", 0, "settings: TAG_CLOUD_STEPS: must be a whole number of at least 1, not 0"),
        (
            "TAG_ALIASES",
            ["CX"],
            'settings: TAG_ALIASES: must be a dict of strings, such as {"CX": "customer experience"}',
        ),
    ],
)
def test_bad_settings_are_one_line_each(content, tmp_path, setting, value, message):
    write_post(content, "a.md", post("A"))
    with pytest.raises(PublishError) as raised:
        build_site(ROOT / "pelicanconf.py", tmp_path / "out", check_only=True, PATH=str(content), **{setting: value})
    assert raised.value.problems == [message]


def test_the_theme_still_lists_tags_without_the_plugin(content, tmp_path):
    # Pelican's signals stay connected for the life of a process, so the build
    # without the plugin runs in a fresh one.
    write_post(content, "a.md", post("A", tags="culture, loyalty"))
    write_post(content, "b.md", post("B", date="2012-08-17 09:00", tags="culture"))
    output = tmp_path / "output"
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from plugins.publisher import build_site;"
        "build_site(sys.argv[1] + '/publishconf.py', sys.argv[2], PATH=sys.argv[3], PLUGINS=['content_check'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(ROOT), str(output), str(content)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert listed(output / "tags" / "index.html") == [("culture", "(2 posts)"), ("loyalty", "(1 post)")]
    assert not (output / "tags" / "by-count").exists()
    assert soup(output / "tag" / "culture" / "index.html").select_one(".archive-count").get_text() == (
        "2 posts tagged “culture”"
    )


def test_the_index_by_count_can_be_left_out(content, build):
    write_post(content, "a.md", post("A", tags="culture, loyalty"))
    output = build(content, "publishconf.py", TAGS_BY_COUNT_SAVE_AS="")
    assert not (output / "tags" / "by-count").exists()
    index = soup(output / "tags" / "index.html")
    assert index.select(".sort-links") == []
    assert listed(output / "tags" / "index.html") == [("culture", "(1 post)"), ("loyalty", "(1 post)")]


def test_the_documented_template_variables_are_there(tmp_path):
    captured = {}

    def capture(generators):
        captured["context"] = generators[0].context

    signals.all_generators_finalized.connect(capture, weak=False)
    try:
        build_site(
            ROOT / "publishconf.py",
            tmp_path / "out",
            check_only=True,
            PATH=str(fixture_site(tmp_path, "merge_site")),
            TAG_ALIASES={"CX": "Customer Service"},
        )
    finally:
        signals.all_generators_finalized.disconnect(capture)
    context = captured["context"]
    (tag,) = context["tags_by_name"]
    assert context["tags_by_count"] == [tag]
    assert (context["tag_cloud_steps"], context["tag_archive_full_text"]) == (5, False)  # pelicanconf.py
    assert context["tags_by_count_url"] == "tags/by-count/"
    assert (tag.name, tag.slug, tag.url, tag.count, tag.step) == (
        "Customer Service",
        "customer-service",
        "tag/customer-service/",
        7,
        1,
    )
    assert (tag.related, tag.description) == ([], "")
    assert [(s.text, s.posts) for s in tag.spellings] == [
        ("Customer Service", 3),
        ("customer-service", 2),
        ("CX", 1),
        ("customer service", 1),
        ("customer_service", 1),
    ]
    assert tag.aliased == ("CX",)
    assert tag.old_slugs == ("customer_service", "cx")
    assert tag.redirected_from == ["tag/customer_service/", "tag/cx/"]
    assert all(article.tags == [tag] and article.tags[0] is tag for article in context["articles"])


def test_a_requested_redirect_never_replaces_a_page_of_the_site(content, tmp_path):
    write_post(content, "a.md", post("A", tags="Customer Service"))
    (content / "pages" / "odd.md").write_text("Title: Odd\nSave_as: tag/odd/index.html\n\nA page.\n")
    with pytest.raises(PublishError) as raised:
        build_site(
            ROOT / "pelicanconf.py",
            tmp_path / "out",
            check_only=True,
            PATH=str(content),
            TAG_REDIRECTS={"odd": "customer service"},
        )
    assert raised.value.problems == [
        "settings: TAG_REDIRECTS: 'odd' would replace tag/odd/index.html, the page of content/pages/odd.md; "
        "remove the line"
    ]


def test_an_imported_redirect_map_and_the_tag_stubs_agree(content, build):
    write_post(content, "a.md", post("A", tags="CX, culture"))
    write_post(content, "b.md", post("B", date="2012-08-17 09:00", tags="customer experience"))
    (content / "redirects").mkdir()
    (content / "redirects" / "wordpress.csv").write_text(
        "old,new\n/tag/cx/,{tag}customer experience\n/tag/company-culture/,{tag}culture\n"
        # an old tag named by a spelling that the plugin merged
        "/tag/customer-xp/,{tag}CX\n"
    )
    output = build(content, "publishconf.py", TAG_ALIASES={"CX": "customer experience"})
    for old, target in (
        ("cx", "customer-experience"),
        ("company-culture", "culture"),
        ("customer-xp", "customer-experience"),
    ):
        stub = soup(output / "tag" / old / "index.html")
        assert stub.find("link", rel="canonical")["href"] == f"{SITEURL}/tag/{target}/"
