"""A comment error stops the build, and `invoke check`, before anything is written."""

from pathlib import Path

import pytest

from plugins.publisher import PublishError, build_site
from tests.comments.files import comment, write_comment
from tests.conftest import ROOT, post, write_post

SLUG = "service-recovery"


def site_with(content: Path, comments: dict[str, str], slug: str = SLUG) -> Path:
    write_post(content, "service.md", post("Service Recovery", slug=SLUG))
    for comment_id, text in comments.items():
        write_comment(content, slug, comment_id, text)
    return content


def build_errors(content: Path, output: Path, **overrides) -> list[str]:
    with pytest.raises(PublishError) as raised:
        build_site(ROOT / "pelicanconf.py", output, PATH=str(content), **overrides)
    return raised.value.problems


CASES = {
    "unknown article slug": (
        {"c1": comment()},
        "servce-recovery",
        "content/comments/servce-recovery/: folder: no post or page has the slug 'servce-recovery'; "
        "did you mean 'service-recovery'?",
    ),
    "reply to no comment of the article": (
        {"c1": comment(reply_to="c9")},
        SLUG,
        "content/comments/service-recovery/c1.md:3: Reply-To: no comment 'c9' on this article; write the id "
        "(file name without .md) of a comment in the same folder",
    ),
    "reply cycle": (
        {"c1": comment(reply_to="c2"), "c2": comment(reply_to="c1")},
        SLUG,
        "content/comments/service-recovery/c1.md:3: Reply-To: replies go round in a circle (c1 → c2 → c1); "
        "make one of them answer an earlier comment, or remove its Reply-To",
    ),
    "unparsable date": (
        {"c1": comment(date="17/08/2012 9am")},
        SLUG,
        "content/comments/service-recovery/c1.md:2: Date: cannot read the date '17/08/2012 9am'; write it as "
        "YYYY-MM-DD HH:MM (add +HH:MM for a zone other than the site's)",
    ),
    "reply dated before its parent": (
        {"c1": comment(date="2012-08-17 10:00"), "c2": comment(date="2012-08-17 09:00", reply_to="c1")},
        SLUG,
        "content/comments/service-recovery/c2.md:2: Date: 2012-08-17T09:00:00+00:00 is before "
        "2012-08-17T10:00:00+00:00, the date of the comment it replies to (c1); fix one of the dates",
    ),
    "unknown type": (
        {"c1": comment(kind="like")},
        SLUG,
        "content/comments/service-recovery/c1.md:3: Type: unknown type 'like'; use one of comment, pingback, trackback",
    ),
    "unknown status": (
        {"c1": comment(status="published")},
        SLUG,
        "content/comments/service-recovery/c1.md:4: Status: unknown status 'published'; use one of approved, pending",
    ),
    "non-http url": (
        {"c1": comment(url="javascript:alert(document.cookie)")},
        SLUG,
        "content/comments/service-recovery/c1.md:3: Url: 'javascript:alert(document.cookie)' is not an http(s) "
        "address; write a full https:// address or remove the line",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_each_comment_error_stops_the_build_with_its_message(content, tmp_path, case):
    comments, slug, expected = CASES[case]
    site_with(content, comments, slug)
    output = tmp_path / "output"
    assert build_errors(content, output) == [expected]
    assert not output.exists() or not any(output.iterdir()), "nothing may be written"


@pytest.mark.parametrize("case", ["reply cycle", "non-http url"])
def test_a_check_run_reports_the_same_errors(content, case):
    comments, slug, expected = CASES[case]
    site_with(content, comments, slug)
    with pytest.raises(PublishError) as raised:
        build_site(ROOT / "pelicanconf.py", PATH=str(content), check_only=True)
    assert raised.value.problems == [expected]


def test_every_error_is_reported_at_once_and_nothing_is_dropped(content, tmp_path):
    site_with(
        content,
        {
            "a": comment(date="never"),
            "b": comment(reply_to="a"),  # a is broken: reported once, for a
            "c": comment(kind="pingback"),
            "d": comment(status="approved", reply_to="e"),
            "e": comment(status="pending", date="2012-08-16 10:00"),
        },
    )
    problems = build_errors(content, tmp_path / "output")
    assert [p.split(":")[0] for p in problems] == [
        "content/comments/service-recovery/a.md",
        "content/comments/service-recovery/c.md",
        "content/comments/service-recovery/d.md",
    ]


def test_a_wrong_setting_stops_the_build(content, tmp_path):
    site_with(content, {"c1": comment()})
    problems = build_errors(content, tmp_path / "output", COMMENTS_MAX_DEPTH=0)
    assert problems == ["settings: COMMENTS_MAX_DEPTH: 0 is not a whole number of 1 or more; use for example 5"]


def test_an_unknown_way_to_notice_changes_stops_the_build(content, tmp_path):
    site_with(content, {"c1": comment()})
    problems = build_errors(content, tmp_path / "output", CHECK_MODIFIED_METHOD="crc99")
    assert problems == [
        "settings: CHECK_MODIFIED_METHOD: 'crc99' is neither 'mtime' nor a hash name; use 'mtime' or, for example, 'sha256'"
    ]
