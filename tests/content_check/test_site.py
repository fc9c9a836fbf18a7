"""Content errors stop a real build, one line per problem, before anything is written."""

from pathlib import Path

import pytest

from plugins.publisher import PublishError, build_site
from tests.conftest import ROOT, post, write_post


def build_errors(content: Path, output: Path) -> list[str]:
    with pytest.raises(PublishError) as raised:
        build_site(ROOT / "pelicanconf.py", output, PATH=str(content))
    return raised.value.problems


def test_a_good_site_builds(content, build):
    write_post(content, "one.md", post("One"))
    output = build(content)
    assert (output / "2012" / "08" / "16" / "one" / "index.html").is_file()


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"a.md": "Date: 2012-01-01\n\nNo title."},
            "content/posts/a.md:1: Title: missing; add a line 'Title: Your title' at the top",
        ),
        (
            {"a.md": "Title: A\nCategory: x\n\nNo date."},
            "content/posts/a.md:1: Date: missing; add a line such as 'Date: 2012-08-16 09:00'",
        ),
        (
            {"a.md": "Title: A\nDate: 2012-13-45\n\nBad date."},
            "content/posts/a.md:2: Date: cannot read the date '2012-13-45'; write it as YYYY-MM-DD HH:MM",
        ),
        (
            {"a.md": post("A", slug="same"), "b.md": post("B", date="2011-01-01", slug="same")},
            "content/posts/b.md:5: Slug: article slug 'same' is also used by content/posts/a.md; "
            "give one of them its own 'Slug:'",
        ),
        (
            {"a.md": post("A", body="See [b]({filename}/posts/nope.md).")},
            "content/posts/a.md:6: link: links to '{filename}/posts/nope.md', but content/posts/nope.md does not exist; "
            "fix the path",
        ),
        (
            {"a.md": post("A", body="![A chart]({static}/images/chart.png)")},
            "content/posts/a.md:6: image: image '/images/chart.png' not found; put it in content/images/ and write "
            "{static}/images/<name>",
        ),
        (
            {"a.md": post("A", extra="Tag: oops\n")},
            "content/posts/a.md:5: Tag: unknown metadata key; did you mean 'Tags'?",
        ),
    ],
)
def test_each_content_error_stops_the_build_with_its_message(content, tmp_path, files, expected):
    for name, text in files.items():
        write_post(content, name, text)
    output = tmp_path / "output"
    errors = build_errors(content, output)
    assert [e.replace(str(content.parent) + "/", "") for e in errors] == [expected]
    assert not (output / "index.html").exists(), "nothing may be written when content is wrong"


def test_two_pages_that_would_write_one_url_are_an_error(content, tmp_path):
    (content / "pages" / "a.md").write_text("Title: Contact\nSlug: contact\n\nA.\n")
    (content / "pages" / "b.md").write_text("Title: Contact us\nSave_as: contact/index.html\n\nB.\n")
    errors = build_errors(content, tmp_path / "out")
    assert errors == [
        "content/pages/b.md:1: URL: writes contact/index.html, as content/pages/a.md does; "
        "change the Slug or Date of one of them"
    ]


def test_every_problem_is_listed_not_just_the_first(content, tmp_path):
    write_post(content, "a.md", "Date: 2012-01-01\n\nx")
    write_post(content, "b.md", "Title: B\nDate: never\n\nx")
    errors = build_errors(content, tmp_path / "out")
    assert len(errors) == 2
    assert errors[0].startswith("content/posts/a.md:1: Title") and errors[1].startswith("content/posts/b.md:2: Date")


def test_check_only_reads_and_checks_without_writing(content, tmp_path):
    write_post(content, "a.md", post("A"))
    result = build_site(ROOT / "pelicanconf.py", PATH=str(content), check_only=True)
    assert result.expected == ["2012/08/16/a/index.html"]
    assert not result.output.exists()
    write_post(content, "b.md", "Title: B\n\nx")
    with pytest.raises(PublishError, match="content/posts/b.md:1: Date: missing"):
        build_site(ROOT / "pelicanconf.py", PATH=str(content), check_only=True)
