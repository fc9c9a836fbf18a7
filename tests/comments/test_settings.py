"""The plugin's settings: defaults in one place, clear errors for wrong values."""

import pytest

from plugins.comments.errors import CommentError
from plugins.comments.settings import CommentsSettings


def test_defaults_and_the_pelican_settings_it_reads():
    options = CommentsSettings.from_pelican({"AUTHOR": "Morgan Hale", "TIMEZONE": "Europe/Paris", "FEED_MAX_ITEMS": 7})
    assert options.max_depth == 5
    assert options.feed_atom == "feeds/comments.atom.xml"
    assert options.article_feed_atom == "feeds/comments/{slug}.atom.xml"
    assert options.feed_max_items == 7
    assert (options.author, options.timezone) == ("Morgan Hale", "Europe/Paris")
    assert options.submit_url == "" and options.email == ""


def test_comment_settings_override_the_defaults():
    options = CommentsSettings.from_pelican(
        {"COMMENTS_MAX_DEPTH": 2, "COMMENTS_FEED_MAX_ITEMS": 50, "FEED_MAX_ITEMS": 7, "COMMENTS_FEED_ATOM": None}
    )
    assert (options.max_depth, options.feed_max_items, options.feed_atom) == (2, 50, None)


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (
            {"COMMENTS_MAX_DEPTH": 0},
            "settings: COMMENTS_MAX_DEPTH: 0 is not a whole number of 1 or more; use for example 5",
        ),
        (
            {"COMMENTS_MAX_DEPTH": "5"},
            "settings: COMMENTS_MAX_DEPTH: '5' is not a whole number of 1 or more; use for example 5",
        ),
        (
            {"COMMENTS_SUBMIT_URL": "javascript:alert(1)"},
            "settings: COMMENTS_SUBMIT_URL: 'javascript:alert(1)' is not an http(s) address; write the full https:// address",
        ),
        (
            {"COMMENTS_EMAIL": "comments at example.com"},
            "settings: COMMENTS_EMAIL: 'comments at example.com' is not an email address; write it as name@example.com",
        ),
        (
            {"COMMENTS_ARTICLE_FEED_ATOM": "feeds/comments.xml"},
            "settings: COMMENTS_ARTICLE_FEED_ATOM: needs '{slug}' so that each article gets its own feed",
        ),
        (
            {"COMMENTS_FEED_MAX_ITEMS": -1},
            "settings: COMMENTS_FEED_MAX_ITEMS: -1 is not a whole number of 1 or more; use for example 20, or None",
        ),
        (
            {"COMMENTS_WORKERS": 0},
            "settings: COMMENTS_WORKERS: 0 is not a number of processes; use a whole number, 1 or more, or None",
        ),
    ],
)
def test_wrong_values_are_errors_naming_the_setting(settings, expected):
    with pytest.raises(CommentError) as raised:
        CommentsSettings.from_pelican(settings)
    assert str(raised.value) == expected
