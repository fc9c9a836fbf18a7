"""The pure checks, on hand-written headers and HTML."""

from pathlib import Path

import pytest

from plugins.content_check.checks import Written, check_clashes, check_links, check_metadata
from plugins.content_check.header import read_header


def messages(problems):
    return [str(p) for p in problems]


def test_a_complete_post_has_no_problems():
    header = read_header("Title: T\nDate: 2012-01-02 10:00\nTags: a\nCategory: c\nSlug: t\nStatus: draft\n\nbody")
    assert check_metadata("p.md", header, "article") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Date: 2012-01-02\n\nbody", "p.md:1: Title: missing; add a line 'Title: Your title' at the top"),
        ("Title:\nDate: 2012-01-02\n\nbody", "p.md:1: Title: is empty; write the post's title after 'Title:'"),
        ("Title: T\n\nbody", "p.md:1: Date: missing; add a line such as 'Date: 2012-08-16 09:00'"),
        (
            "Title: T\nDate: the 32nd of Smarch\n\nbody",
            "p.md:2: Date: cannot read the date 'the 32nd of Smarch'; write it as YYYY-MM-DD HH:MM",
        ),
        (
            "Title: T\nDate: 2012-01-02\nModified: yesterday\n\nbody",
            "p.md:3: Modified: cannot read the date 'yesterday'; write it as YYYY-MM-DD HH:MM",
        ),
        ("Title: T\nDate: 2012-01-02\nTag: a, b\n\nbody", "p.md:3: Tag: unknown metadata key; did you mean 'Tags'?"),
        (
            "Title: T\nDate: 2012-01-02\nCategroy: a\n\nbody",
            "p.md:3: Categroy: unknown metadata key; did you mean 'Category'?",
        ),
        (
            "Title: T\nDate: 2012-01-02\nStatus: live\n\nbody",
            "p.md:3: Status: unknown status 'live'; use one of draft, hidden, published",
        ),
    ],
)
def test_each_metadata_problem_has_its_message(text, expected):
    assert messages(check_metadata("p.md", read_header(text), "article")) == [expected]


def test_pages_need_no_date_and_unrelated_keys_are_allowed():
    header = read_header("Title: About\nSave_as: about.html\nMood: cheerful\n\nbody")
    assert check_metadata("about.md", header, "page") == []


def test_links_to_missing_files_and_images_are_reported_with_their_line(tmp_path: Path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "there.md").write_text("x")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "ok.png").write_bytes(b"png")
    source = "Title: T\n\n[ok]({filename}there.md)\n[gone]({filename}/posts/gone.md)\n![a]({static}/images/no.png)\n"
    html = (
        '<a href="{filename}there.md">ok</a><a href="{filename}/posts/gone.md">gone</a>'
        '<img alt="a" src="{static}/images/no.png"><img alt="b" src="{static}/images/ok.png">'
        '<a href="https://example.com/">out</a><a href="#top">top</a><img alt="c" src="/images/missing.jpg">'
    )
    assert messages(check_links("posts/p.md", source, html, tmp_path, "posts")) == [
        "posts/p.md:4: link: links to '{filename}/posts/gone.md', but content/posts/gone.md does not exist; fix the path",
        "posts/p.md:5: image: image '/images/no.png' not found; put it in content/images/ and write {static}/images/<name>",
        "posts/p.md: image: image '/images/missing.jpg' not found; put it in content/images/ and write "
        "{static}/images/<name>",
    ]


@pytest.mark.parametrize("tag", ["img", "IMG", "Img", "iMg"])
@pytest.mark.parametrize("link", ["{static}", "|static|", "{attach}", "{filename}", "|filename|", "/"])
def test_a_missing_image_is_found_whatever_the_case_of_its_tag_and_the_form_of_its_link(tmp_path: Path, tag, link):
    """Posts with no image and no {filename}-style link are not parsed: the quick test that decides it must
    not miss one."""
    target = link.rstrip("/") + "/images/none.png" if link != "/" else "/images/none.png"
    html = f'<p>Text</p><{tag} alt="x" src="{target}">'
    assert [p.field for p in check_links("posts/p.md", "Title: T\n\nx\n", html, tmp_path, "posts")] == ["image"]


def written(path, slug, save_as, kind="article", lang="en"):
    return Written(path, kind, slug, lang, save_as, 3)


def test_two_posts_with_one_slug_or_one_url_clash():
    problems = check_clashes(
        [
            written("a.md", "same", "2012/01/01/same/index.html"),
            written("b.md", "same", "2012/02/02/same/index.html"),
            written("c.md", "c", "x/index.html"),
            written("d.md", "d", "x/index.html"),
        ],
        {},
    )
    assert messages(problems) == [
        "b.md:3: Slug: article slug 'same' is also used by a.md; give one of them its own 'Slug:'",
        "d.md:3: URL: writes x/index.html, as c.md does; change the Slug or Date of one of them",
    ]


def test_translations_share_a_slug_and_pages_cannot_take_a_reserved_url():
    problems = check_clashes(
        [
            written("a.md", "hello", "2012/01/01/hello/index.html"),
            written("a-fr.md", "hello", "fr/2012/01/01/hello/index.html", lang="fr"),
            written("archives.md", "archives", "archives/index.html", kind="page"),
        ],
        {"archives/index.html": "the archives page"},
    )
    assert messages(problems) == [
        "archives.md:3: URL: writes archives/index.html, which the site uses for the archives page; choose another Slug"
    ]
