"""Which spellings are one tag, what it is called, which slug it gets, and what is refused."""

import pytest
from pelican.utils import slugify as pelican_slugify

from plugins.tag_archives.canonical import (
    PostTags,
    Spelling,
    canonicalise,
    merge_lines,
    read_aliases,
    tag_key,
    tidy,
)

# Pelican's default substitutions for tag slugs (SLUG_REGEX_SUBSTITUTIONS).
SUBS = [(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]


def slugify(name: str) -> str:
    return pelican_slugify(name, regex_subs=SUBS)


def posts(*tag_lists: str) -> list[PostTags]:
    """posts("a, b", "c") -> two posts, content/posts/p1.md and p2.md."""
    return [
        PostTags(f"content/posts/p{number}.md", tuple(t for t in tags.split(",") if t.strip()))
        for number, tags in enumerate(tag_lists, start=1)
    ]


@pytest.mark.parametrize(
    "spelling",
    [
        "Customer Service",
        "customer service",
        "customer-service",
        "customer_service",
        "Customer  Service ",
        "Cústomer service",
        "CUSTOMER\u2010SERVICE",
    ],
)
def test_case_spacing_hyphens_underscores_and_accents_share_one_key(spelling):
    assert tag_key(spelling) == "customer service"


@pytest.mark.parametrize("left, right", [("C++", "C#"), ("ecommerce", "e-commerce"), ("CX", "customer experience")])
def test_other_differences_make_different_keys(left, right):
    assert tag_key(left) != tag_key(right)


def test_tidy_removes_surrounding_and_doubled_spaces():
    assert tidy("  Customer   Service ") == "Customer Service"


def test_variants_become_one_tag_named_after_the_most_used_spelling():
    canonical, problems = canonicalise(
        posts(
            "customer service", "customer-service, culture", "customer service", "Customer Service", "Cústomer service"
        ),
        slugify,
    )
    assert problems == []
    assert set(canonical.groups) == {"customer service", "culture"}
    group = canonical.groups["customer service"]
    assert group.name == "customer service"
    assert group.slug == "customer-service"
    assert group.spellings[0] == Spelling("customer service", 2)
    assert {s.text: s.posts for s in group.spellings} == {
        "customer service": 2,
        "customer-service": 1,
        "Customer Service": 1,
        "Cústomer service": 1,
    }
    assert group.posts == tuple(f"content/posts/p{n}.md" for n in range(1, 6))
    assert canonical.group_of("CUSTOMER_SERVICE") is group


@pytest.mark.parametrize(
    "spellings, expected",
    [
        # one post each: words beat slug-like joins
        (("customer_service", "customer-service", "customer service"), "customer service"),
        # then accents are kept
        (("cafe culture", "café culture"), "café culture"),
        # then a fixed order: capitals sort before lower case
        (("customer service", "Customer Service"), "Customer Service"),
    ],
)
def test_ties_are_broken_the_same_way_whatever_the_order(spellings, expected):
    for ordering in (spellings, tuple(reversed(spellings))):
        canonical, _ = canonicalise(posts(*ordering), slugify)
        (group,) = canonical.groups.values()
        assert group.name == expected


def test_a_post_with_two_spellings_counts_once_for_the_tag():
    canonical, _ = canonicalise(posts("Customer Service, customer-service", "culture"), slugify)
    assert canonical.groups["customer service"].posts == ("content/posts/p1.md",)


def test_an_alias_merges_a_synonym_and_names_the_tag():
    canonical, problems = canonicalise(
        posts("CX", "Customer Experience", "Customer Experience", "cx, loyalty"),
        slugify,
        aliases={"CX": "customer experience"},
    )
    assert problems == []
    group = canonical.groups["customer experience"]
    assert group.name == "customer experience"  # the settings' spelling, though posts prefer another
    assert group.slug == "customer-experience"
    assert group.aliased == ("CX", "cx")
    assert group.old_slugs == ("cx",)
    assert group.posts == tuple(f"content/posts/p{n}.md" for n in range(1, 5))


def test_an_alias_to_itself_only_chooses_the_display_name():
    canonical, _ = canonicalise(
        posts("customer service", "customer service", "Customer Service"),
        slugify,
        aliases={"customer service": "Customer Service"},
    )
    assert canonical.groups["customer service"].name == "Customer Service"
    assert canonical.groups["customer service"].aliased == ()


def test_alias_chains_are_followed():
    aliases, problems = read_aliases({"CX": "client experience", "Client Experience": "customer experience"})
    assert problems == []
    assert aliases.resolve("cx") == "customer experience"
    assert aliases.resolve("client-experience") == "customer experience"
    assert aliases.names["customer experience"] == "customer experience"


@pytest.mark.parametrize(
    "aliases, message",
    [
        ({"A": "B", "b": "a"}, "settings: TAG_ALIASES: aliases go round in a circle ('B' -> 'a'); break it"),
        (
            {"CX": "customer experience", "client experience": "Customer Experience"},
            "settings: TAG_ALIASES: 'CX' and 'client experience' lead to one tag spelt two ways, "
            "'customer experience' and 'Customer Experience'; spell it one way",
        ),
        ({"CX": "customer experience", "cx": "client experience"}, "settings: TAG_ALIASES: 'cx' is given two meanings"),
        ({"CX": " - "}, "settings: TAG_ALIASES: 'CX': ' - ': both sides must name a tag"),
    ],
)
def test_contradictory_aliases_are_reported(aliases, message):
    _, problems = read_aliases(aliases)
    assert len(problems) == 1
    assert str(problems[0]).startswith(message)


def test_two_tags_with_one_slug_stop_the_build_naming_both_and_their_posts():
    _, problems = canonicalise(posts("C++", "C#, python", "C++"), slugify)
    assert [str(p) for p in problems] == [
        "content/posts/p1.md: Tags: tags 'C#' (used by content/posts/p2.md) and 'C++' (used by content/posts/p1.md, "
        "content/posts/p3.md) would share the slug 'c' and one page; give one of them its own slug in TAG_SLUGS, "
        'e.g. TAG_SLUGS = {"C++": "its-slug"}'
    ]


def test_long_lists_of_posts_are_shortened():
    _, problems = canonicalise(posts("C++", "C++", "C++", "C++", "C++", "C#"), slugify)
    assert "'C++' (used by content/posts/p1.md, content/posts/p2.md, content/posts/p3.md and 2 more)" in str(
        problems[0]
    )


def test_tag_slugs_separate_the_clashing_tags_and_keep_the_old_slug_for_redirects():
    canonical, problems = canonicalise(posts("C++", "C#"), slugify, slugs={"c#": "c-sharp"})
    assert problems == []
    assert canonical.groups["c#"].slug == "c-sharp"
    assert canonical.groups["c#"].old_slugs == ("c",)
    assert canonical.groups["c++"].slug == "c"


@pytest.mark.parametrize(
    "slugs, message",
    [
        ({"C#": "C Sharp"}, "settings: TAG_SLUGS: 'C Sharp' for 'C#' is not a slug; write it as 'c-sharp'"),
        (
            {"C#": "c-sharp", "c#": "csharp"},
            "settings: TAG_SLUGS: 'c#' is given two slugs, 'c-sharp' and 'csharp'; keep one",
        ),
    ],
)
def test_bad_tag_slugs_are_reported(slugs, message):
    _, problems = canonicalise(posts("C#"), slugify, slugs=slugs)
    assert [str(p) for p in problems] == [message]


def test_a_tag_without_letters_or_digits_is_reported():
    _, problems = canonicalise(posts("culture", "!!!"), slugify)
    assert [str(p) for p in problems] == [
        "content/posts/p2.md: Tags: tag '!!!' has no letters or digits to make its URL from; rename it, "
        'or give it a slug in TAG_SLUGS, e.g. TAG_SLUGS = {"!!!": "its-slug"}'
    ]


def test_merge_lines_list_each_merged_spelling_with_its_posts():
    canonical, _ = canonicalise(
        posts("Customer Service", "Customer Service", "customer service", "customer-service", "CX", "culture"),
        slugify,
        aliases={"CX": "customer experience"},
    )
    assert merge_lines(canonical.groups.values()) == [
        "tags: merged 'CX' (1 post, by TAG_ALIASES) into 'customer experience'",
        "tags: merged 'customer service' (1 post), 'customer-service' (1 post) into 'Customer Service'",
    ]


def test_three_tags_with_one_slug_are_one_problem():
    _, problems = canonicalise(posts("C++", "C#", "C"), slugify)
    assert len(problems) == 1
    assert "tags 'C' (used by content/posts/p3.md), 'C#' (used by content/posts/p2.md) and 'C++' (used by" in str(
        problems[0]
    )
