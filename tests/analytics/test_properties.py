"""Totals are conserved whatever the data: every reader comment is counted once per view."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import metrics
from tests.analytics.conftest import make_comments, make_posts

TAGS = ["service", "culture", "loyalty"]
NAMES = ["Ada", "ada", "Ben", "Chloe", "Morgan Hale", "Dev"]
KINDS = ["comment", "comment", "comment", "pingback", "trackback"]


@st.composite
def blogs(draw):
    count = draw(st.integers(min_value=1, max_value=8))
    posts = make_posts(
        [
            (
                f"p{n}",
                f"2012-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d} 09:00",
                [draw(st.sampled_from(TAGS))],
                draw(st.sampled_from(["A", "B"])),
                draw(st.booleans()),
            )
            for n in range(count)
        ]
    )
    rows = []
    for n in range(draw(st.integers(min_value=0, max_value=40))):
        post = f"p{draw(st.integers(0, count - 1))}"
        earlier = [r[1] for r in rows if r[0] == post]
        parent = draw(st.sampled_from([None, *earlier])) if earlier else None
        when = f"2012-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d} {draw(st.integers(0, 23)):02d}:00"
        rows.append((post, f"c{n % 7}-{n}", parent, draw(st.sampled_from(NAMES)), draw(st.sampled_from(KINDS)), when))
    return posts, make_comments(rows)


@settings(max_examples=60, deadline=None)
@given(blogs())
def test_totals_are_conserved(blog):
    posts, comments = blog
    readers = int(metrics.is_reader_comment(comments).sum())
    table = metrics.per_post(posts, comments)
    assert table["reader_comments"].sum() == readers
    assert (table["unanswered"] <= table["reader_comments"]).all()
    assert metrics.per_month(posts, comments)["comments"].sum() == readers
    assert metrics.per_month(posts, comments)["posts"].sum() == len(posts)
    assert metrics.per_commenter(comments)["comments"].sum() == readers
    answered = len(metrics.response_times(comments))
    assert answered + table["unanswered"].sum() == readers
    assert len(metrics.unanswered(posts, comments, now=posts["published"].max())) == table["unanswered"].sum()
    assert metrics.calls_to_action(posts, comments)["comments"].sum() == readers
    assert metrics.calls_to_action(posts, comments)["posts"].sum() == len(posts)
    if readers:
        # Each post has exactly one tag and one category: the shares add up to 1.
        assert metrics.per_tag(posts, comments)["share_of_comments"].sum() == pytest.approx(1.0)
        assert metrics.per_category(posts, comments)["share_of_comments"].sum() == pytest.approx(1.0)
        assert 0 < metrics.participation_inequality(comments) <= 1
    assert metrics.per_tag(posts, comments)["posts"].sum() == len(posts)
    assert metrics.per_tag(posts, comments)["comments"].sum() == readers


@settings(max_examples=40, deadline=None)
@given(blogs())
def test_every_commenter_belongs_to_one_cohort(blog):
    _, comments = blog
    commenters = metrics.per_commenter(comments)
    cohorts = metrics.cohort_retention(comments)
    month = metrics.per_month(blog[0], comments)
    first_months = cohorts[cohorts["months_since"] == 0]
    assert first_months["active"].sum() == len(commenters) == month["new_commenters"].sum()
    assert (cohorts["retention"].between(0, 1)).all()
