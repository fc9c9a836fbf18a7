"""`invoke check` and `invoke build` as the author runs them, on a copy of the project."""

from __future__ import annotations

from tests.conftest import post, write_post
from tests.test_tasks import invoke


def test_check_lists_the_merged_spellings_of_the_shipped_content(project_copy):
    write_post(
        project_copy / "content", "underscored.md", post("Underscored", tags="customer_service, Cústomer service")
    )
    done = invoke(project_copy, "check")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "note: tags: merged 'CX' (1 post, by TAG_ALIASES) into 'customer experience'",
        "note: tags: merged 'customer service' (2 posts), 'Cústomer service' (1 post), 'customer-service' (1 post), "
        "'customer_service' (1 post) into 'Customer Service'",
        "note: tags: merged 'social media' (3 posts) into 'Social Media'",
        "Content OK",
    ]


def test_a_slug_clash_fails_check_and_build_in_one_line_each(project_copy):
    write_post(project_copy / "content", "cpp.md", post("C++ at the Help Desk", tags="C++", slug="cpp-help-desk"))
    write_post(project_copy / "content", "csharp.md", post("C# at the Help Desk", tags="C#", slug="csharp-help-desk"))
    for task in ("check", "build"):
        done = invoke(project_copy, task)
        assert done.returncode == 1, task
        assert done.stderr.splitlines() == [
            "error: content/posts/cpp.md:4: Tags: tags 'C#' (used by content/posts/csharp.md) and 'C++' (used by "
            "content/posts/cpp.md) would share the slug 'c' and one page; give one of them its own slug in "
            'TAG_SLUGS, e.g. TAG_SLUGS = {"C++": "its-slug"}'
        ]
    assert not (project_copy / "output").exists()
