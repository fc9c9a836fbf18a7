"""Reading event files: each kind of mistake, from a file under data/bad/, with its message."""

from datetime import date
from pathlib import Path

import pytest

from plugins.rollcall.errors import RollcallError
from plugins.rollcall.load import load_events, read_event, unknown_events
from tests.conftest import ROOT

DATA = Path(__file__).parent / "data"
HTTP_ONLY = "is not an http(s) URL; write the full address, such as https://blog.example.com/"
NO_PARTICIPANTS = "the event has no participants; add at least one under 'participants:' with its name, blog and url"


def problems_in(name: str) -> list[str]:
    path = DATA / "bad" / name
    event, problems = read_event(path.read_bytes(), path.stem, f"content/blogfests/{name}")
    assert event is None
    return [str(p) for p in problems]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("javascript-url.yml", [f"javascript-url.yml:9: participants[2].url: 'javascript:alert(1)' {HTTP_ONLY}"]),
        (
            "data-url.yml",
            [f"data-url.yml:7: participants[1].post: 'data:text/html,<script>alert(1)</script>' {HTTP_ONLY}"],
        ),
        ("relative-url.yml", [f"relative-url.yml:6: participants[1].url: 'www.archer.example.com' {HTTP_ONLY}"]),
        ("missing-name.yml", ["missing-name.yml:6: participants[2].name: missing; every participant needs a name"]),
        (
            "missing-event-name.yml",
            ["missing-event-name.yml:1: name: missing; add a line such as 'name: Blogfest 2011'"],
        ),
        (
            "duplicate-url.yml",
            [
                "duplicate-url.yml:10: participants[3].url: 'http://www.Archer.example.com' is also listed by "
                "participants[1] (line 4); list each blog once; a person with several blogs has one row per blog"
            ],
        ),
        (
            "unknown-key.yml",
            [
                "unknown-key.yml:3: organizer: unknown key; did you mean 'organiser'?",
                "unknown-key.yml:7: participants[1].URL: unknown key; did you mean 'url'?",
                "unknown-key.yml:8: participants[1].colour: unknown key; use one of: name, blog, url, feed, post, title, sort_as",
            ],
        ),
        ("no-participants.yml", [f"no-participants.yml:3: participants: {NO_PARTICIPANTS}"]),
        ("missing-participants.yml", [f"missing-participants.yml:1: participants: missing: {NO_PARTICIPANTS}"]),
        ("bad-date.yml", ["bad-date.yml:2: date: cannot read the date '2011-13-45'; write it as YYYY-MM-DD"]),
        ("bad-start-end.yml", ["bad-start-end.yml:4: end: cannot read the date 'January 1st'; write it as YYYY-MM-DD"]),
        (
            "end-before-start.yml",
            ["end-before-start.yml:4: end: 2012-01-01 is before the start, 2012-01-31; swap them"],
        ),
        (
            "no-date.yml",
            ["no-date.yml:1: date: missing; add 'date: YYYY-MM-DD', or 'start:' and 'end:' for several days"],
        ),
        (
            "syntax.yml",
            [
                "syntax.yml:7: YAML: found unexpected end of stream while scanning a quoted scalar that starts on "
                "line 5; fix the syntax (indentation, ':' and quotes)"
            ],
        ),
        ("unknown-kind.yml", ["unknown-kind.yml:2: kind: unknown kind 'festival'; use one of blogfest, carnival"]),
        (
            "carnival-without-post.yml",
            [
                "carnival-without-post.yml:5: participants[1].post: missing; a carnival lists posts: "
                "add 'post: https://…' to each entry"
            ],
        ),
        ("duplicate-key.yml", ["duplicate-key.yml:6: participants[1].url: appears twice (also on line 5); keep one"]),
        ("not-a-mapping.yml", ["not-a-mapping.yml:1: file: must be a list of 'key: value' lines"]),
        (
            "participant-not-a-mapping.yml",
            ["participant-not-a-mapping.yml:4: participants[1]: must be a list of 'key: value' lines"],
        ),
        ("empty.yml", ["empty.yml:1: file: is empty; write the event's name, date and participants"]),
    ],
)
def test_each_mistake_is_named_with_file_line_and_field(name, expected):
    assert problems_in(name) == [f"content/blogfests/{line}" for line in expected]


def test_a_file_name_that_cannot_be_a_url_is_refused():
    _, problems = read_event(b"name: X\ndate: 2012-01-01\nparticipants:\n  - name: A\n", "My Fest", "f.yml")
    assert [str(p) for p in problems] == [
        "f.yml: file name: 'My Fest' cannot be a URL; rename the file to lower-case letters, digits and hyphens"
    ]


def test_a_file_that_is_not_utf8_is_refused_with_its_line():
    _, problems = read_event(b"name: X\ndate: 2012-01-01\nparticipants:\n  - name: Andr\xe9\n", "x", "x.yml")
    assert [str(p) for p in problems] == ["x.yml:4: file: is not UTF-8 text; save it as UTF-8"]


def test_text_stays_text_and_urls_are_kept_as_written():
    text = (
        "name: No\nkind: blogfest\ndate: 2011-10-25\nseries: fest\n"
        "participants:\n  - name: Yes\n    blog: 2012\n    url: HTTPS://Example.com/Blog/\n"
    )
    event, problems = read_event(text.encode(), "fest-2011", "fest.yml")
    assert problems == []
    assert (event.name, event.start, event.end, event.series) == ("No", date(2011, 10, 25), date(2011, 10, 25), "fest")
    row = event.participants[0]
    assert (row.name, row.blog, row.url, row.line) == ("Yes", "2012", "HTTPS://Example.com/Blog/", 6)


def test_a_carnival_may_list_two_posts_of_one_blog_but_not_one_post_twice():
    head = "name: C\nkind: carnival\nstart: 2012-01-01\nend: 2012-01-31\nparticipants:\n"
    row = "  - name: Ann\n    url: https://ann.example.com/\n    post: https://ann.example.com/{}/\n"
    event, problems = read_event((head + row.format("a") + row.format("b")).encode(), "c", "c.yml")
    assert problems == [] and len(event.participants) == 2
    _, problems = read_event((head + row.format("a") + row.format("a")).encode(), "c", "c.yml")
    assert [str(p) for p in problems] == [
        "c.yml:9: participants[2].post: 'https://ann.example.com/a/' is also listed by participants[1] (line 6); "
        "each post once"
    ]


def test_merge_keys_and_anchors_are_read_like_plain_keys():
    text = (
        "name: M\ndate: 2012-01-01\nparticipants:\n"
        "  - &ann {name: Ann, blog: Ann's Blog, url: 'https://ann.example.com/'}\n"
        "  - <<: *ann\n    url: https://ann.example.org/\n"
    )
    event, problems = read_event(text.encode(), "m", "m.yml")
    assert problems == []
    assert [(p.name, p.blog, p.url) for p in event.participants] == [
        ("Ann", "Ann's Blog", "https://ann.example.com/"),
        ("Ann", "Ann's Blog", "https://ann.example.org/"),
    ]


def test_load_events_reports_every_file_at_once(tmp_path):
    folder = tmp_path / "content" / "blogfests"
    folder.mkdir(parents=True)
    for name in ("javascript-url.yml", "bad-date.yml"):
        (folder / name).write_bytes((DATA / "bad" / name).read_bytes())
    (folder / "notes.txt").write_text("not an event")
    with pytest.raises(RollcallError) as raised:
        load_events(folder, tmp_path)
    assert str(raised.value).splitlines() == [
        "content/blogfests/bad-date.yml:2: date: cannot read the date '2011-13-45'; write it as YYYY-MM-DD",
        f"content/blogfests/javascript-url.yml:9: participants[2].url: 'javascript:alert(1)' {HTTP_ONLY}",
    ]
    assert RollcallError.is_content_error


def test_a_missing_folder_has_no_events(tmp_path):
    assert load_events(tmp_path / "nowhere", tmp_path) == []


def test_a_post_naming_no_event_gets_a_suggestion():
    posts = [("content/posts/a.md", 8, "bathroom-blogfest-2012"), ("content/posts/b.md", 3, "zzz")]
    assert [str(p) for p in unknown_events(posts, ["bathroom-blogfest-2011", "social-roi-carnival-2012"])] == [
        "content/posts/a.md:8: Blogfest: no event 'bathroom-blogfest-2012' in the blogfests folder; "
        "did you mean 'bathroom-blogfest-2011'?",
        "content/posts/b.md:3: Blogfest: no event 'zzz' in the blogfests folder; "
        "the events are: bathroom-blogfest-2011, social-roi-carnival-2012",
    ]
    assert [str(p) for p in unknown_events([("a.md", 2, "x")], [])] == [
        "a.md:2: Blogfest: no event 'x' in the blogfests folder; add content/blogfests/<slug>.yml for it"
    ]


def test_the_shipped_events_load():
    events = {e.slug: e for e in load_events(ROOT / "content" / "blogfests", ROOT)}
    assert set(events) == {"bathroom-blogfest-2011", "social-roi-carnival-2012"}
    bathroom = events["bathroom-blogfest-2011"]
    assert (bathroom.kind, bathroom.start, bathroom.organiser) == (
        "blogfest",
        date(2011, 10, 25),
        "Christine B. Whittemore",
    )
    assert len(bathroom.participants) == 34
    assert sum(1 for p in bathroom.participants if p.url is None) == 5
    carnival = events["social-roi-carnival-2012"]
    assert (carnival.kind, carnival.host, carnival.period()) == (
        "carnival",
        "Think Customers: the 1to1 Media blog",
        "January 2012",
    )
    assert all(p.post for p in carnival.participants)
