"""Which old tag URLs get a redirect stub, and which requests are refused."""

from dataclasses import dataclass

from plugins.tag_archives.redirects import normalised, plan_redirects


@dataclass(frozen=True)
class T:
    name: str
    slug: str
    old_slugs: tuple[str, ...] = ()


SERVICE = T("Customer Service", "customer-service", ("customer_service",))
EXPERIENCE = T("customer experience", "customer-experience", ("cx",))
CPP = T("C++", "c")
CSHARP = T("C#", "c-sharp", ("c",))
TAGS = {t.name.lower(): t for t in (SERVICE, EXPERIENCE, CPP, CSHARP)}


def find(name: str):
    return TAGS.get(name.lower())


def save_as(slug: str) -> str:
    return f"tag/{slug}/index.html"


def taken_by(*tags: T, **extra: str) -> dict[str, str]:
    taken = {save_as(t.slug): f"the page of tag {t.name!r}" for t in tags}
    taken.update(extra)
    return taken


def plan(tags, requested=None, taken=None):
    return plan_redirects(tags, requested or {}, find, save_as, taken if taken is not None else taken_by(*tags))


def test_merged_spellings_redirect_to_their_tag():
    result = plan([SERVICE, EXPERIENCE])
    assert [(r.save_as, r.tag.name, r.requested) for r in result.redirects] == [
        ("tag/customer_service/index.html", "Customer Service", False),
        ("tag/cx/index.html", "customer experience", False),
    ]
    assert result.problems == [] and result.skipped == []


def test_a_merged_spelling_yields_to_a_real_page():
    # C# was given its own slug; its old slug 'c' is now the page of C++.
    result = plan([CPP, CSHARP])
    assert result.redirects == []
    assert result.skipped == [("tag/c/index.html", "the page of tag 'C++'")]
    assert result.problems == []


def test_requested_redirects_are_written_and_override_a_merged_spelling():
    result = plan([SERVICE, EXPERIENCE], {"customer-care": "customer service", "cx": "Customer Service"})
    assert [(r.slug, r.tag.name, r.requested) for r in result.redirects] == [
        ("customer-care", "Customer Service", True),
        ("customer_service", "Customer Service", False),
        ("cx", "Customer Service", True),
    ]


def test_requested_redirects_never_replace_a_real_page():
    result = plan([SERVICE, CPP], {"c": "customer service"})
    assert [str(p) for p in result.problems] == [
        "settings: TAG_REDIRECTS: 'c' would replace tag/c/index.html, the page of tag 'C++'; remove the line"
    ]
    assert [r.slug for r in result.redirects] == ["customer_service"]


def test_requested_redirects_onto_any_other_page_are_refused_too():
    taken = taken_by(SERVICE, **{"tag/about/index.html": "the page of content/pages/about.md"})
    result = plan([SERVICE], {"about": "customer service"}, taken)
    assert [str(p) for p in result.problems] == [
        "settings: TAG_REDIRECTS: 'about' would replace tag/about/index.html, the page of content/pages/about.md; "
        "remove the line"
    ]


def test_requested_redirects_to_unknown_tags_or_bad_slugs_are_refused():
    result = plan([SERVICE], {"old": "no such tag", "../x": "customer service", "customer-service": "Customer Service"})
    assert sorted(str(p) for p in result.problems) == [
        "settings: TAG_REDIRECTS: '../x' is not a slug; write the last part of the old URL",
        "settings: TAG_REDIRECTS: 'customer-service' is the slug of 'Customer Service' itself; remove the line",
        "settings: TAG_REDIRECTS: 'old' leads to 'no such tag', but no published post has that tag; "
        "fix the name or remove the line",
    ]


def test_an_old_slug_of_two_tags_must_be_settled_by_the_author():
    left, right = T("a_b", "a-b-1", ("a_b",)), T("A_B!", "a-b-2", ("a_b",))
    result = plan([left, right])
    assert [str(p) for p in result.problems] == [
        "settings: TAG_REDIRECTS: the old URL tag/a_b/index.html belonged to both 'A_B!' and 'a_b'; "
        'choose one with TAG_REDIRECTS = {"a_b": "<tag>"}'
    ]
    settled = plan_redirects([left, right], {"a_b": "a_b"}, lambda n: left, save_as, taken_by(left, right))
    assert [(r.slug, r.tag) for r in settled.redirects] == [("a_b", left)]
    assert settled.problems == []


def test_paths_compare_whatever_their_spelling():
    assert normalised("/tag/x/./index.html") == normalised("tag/x/index.html") == "tag/x/index.html"
