"""Counts, orders, related tags and cloud steps, checked by hand on small inputs."""

from dataclasses import dataclass

import pytest

from plugins.tag_archives.index import by_count, by_name, cloud_steps, related_tags


@dataclass(frozen=True)
class T:
    name: str


CS, CULTURE, LOYALTY, METRICS, HIRING, TWITTER, ZAPPOS = (
    T(n) for n in ("Customer Service", "culture", "loyalty", "metrics", "hiring", "Twitter", "Zappos")
)


def test_alphabetical_order_ignores_case():
    counts = {T("Zappos"): 1, T("culture"): 4, T("Customer Service"): 8, T("apple"): 2}
    assert [t.name for t in by_name(counts)] == ["apple", "culture", "Customer Service", "Zappos"]


def test_by_count_puts_the_most_used_first_and_ties_alphabetically():
    counts = {T("Zappos"): 1, T("culture"): 4, T("Customer Service"): 8, T("loyalty"): 2, T("Hiring"): 2}
    assert [t.name for t in by_count(counts)] == ["Customer Service", "culture", "Hiring", "loyalty", "Zappos"]


def test_related_tags_count_shared_posts_and_keep_the_top_five():
    posts = [
        [CS, CULTURE, LOYALTY],
        [CS, CULTURE, METRICS],
        [CS, CULTURE],
        [CS, LOYALTY, TWITTER],
        [CS, CULTURE],
        [CS, HIRING],
        [CS, METRICS],
        [CS, ZAPPOS],
    ]
    related = related_tags(posts, limit=5)
    # culture 4; loyalty and metrics 2 (alphabetical); hiring, Twitter, Zappos 1: Zappos is sixth.
    assert [(t.name, n) for t, n in related[CS]] == [
        ("culture", 4),
        ("loyalty", 2),
        ("metrics", 2),
        ("hiring", 1),
        ("Twitter", 1),
    ]
    assert [(t.name, n) for t, n in related[TWITTER]] == [("Customer Service", 1), ("loyalty", 1)]


def test_a_tag_listed_twice_on_a_post_counts_once():
    related = related_tags([[CS, CULTURE, CS]], limit=5)
    assert related[CS] == [(CULTURE, 1)]
    assert related[CULTURE] == [(CS, 1)]


def test_a_tag_alone_on_its_posts_has_no_related_tags():
    assert related_tags([[CS]], limit=5) == {CS: []}


def test_cloud_steps_follow_the_logarithm_of_the_count():
    counts = {T(str(n)): n for n in (1, 2, 3, 4, 8)}
    # log2 of 1..8 spans 0..3; four bands of 0.75: 1 -> 1, 2 -> 2, 3 (1.58) -> 3, 4 (2) -> 3, 8 -> 4.
    assert {t.name: s for t, s in cloud_steps(counts, 4).items()} == {"1": 1, "2": 2, "3": 3, "4": 3, "8": 4}


@pytest.mark.parametrize("steps, expected", [(1, [1, 1, 1]), (2, [1, 2, 2]), (10, [1, 6, 10])])
def test_the_number_of_steps_is_configurable(steps, expected):
    counts = {T("a"): 1, T("b"): 10, T("c"): 100}
    result = cloud_steps(counts, steps)
    assert [result[T(n)] for n in "abc"] == expected


def test_equal_counts_all_get_the_first_step_and_no_tags_no_steps():
    assert set(cloud_steps({T("a"): 3, T("b"): 3}, 5).values()) == {1}
    assert cloud_steps({}, 5) == {}
