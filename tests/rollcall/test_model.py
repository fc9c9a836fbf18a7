"""The roll-call's order, grouping and own row; editions compared."""

import random
from datetime import date
from pathlib import Path

import pytest

from plugins.rollcall.history import compare, editions
from plugins.rollcall.load import load_events
from plugins.rollcall.model import Event, Participant, roll_call, surname, url_key

DATA = Path(__file__).parent / "data"


def event(*rows: Participant, kind: str = "blogfest", start=date(2011, 10, 25), end=None, series=None) -> Event:
    return Event(
        slug="e",
        source="e.yml",
        name="E",
        kind=kind,
        start=start,
        end=end or start,
        participants=tuple(rows),
        series=series,
    )


def row(name: str, url: str | None = None, blog: str | None = None, **extra) -> Participant:
    return Participant(name=name, line=1, blog=blog, url=url, **extra)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Christine B. Whittemore", "Whittemore"),
        ("Denise Lee Yohn", "Yohn"),
        ("Victoria Redshaw & Shelley Pond", "Redshaw"),
        ("Ann Archer and Ben Baker", "Archer"),
        ("Martin Luther King Jr.", "King"),
        ("Cher", "Cher"),
    ],
)
def test_surname(name, expected):
    assert surname(name) == expected


def test_sorted_by_surname_then_name_whatever_the_file_order():
    rows = [
        row("Ted Whittemore", "https://ted.example.com/"),
        row("Christine B. Whittemore", "https://cbw.example.com/"),
        row("Émile Zola", "https://zola.example.com/"),
        row("Paul Anater", "https://anater.example.com/"),
        row("Victoria Redshaw & Shelley Pond", "https://trends.example.com/"),
        row("Zed Émond", "https://emond.example.com/"),
        row("Professor Toilet", "https://toilet.example.com/", sort_as="Professor"),
        row("david reich", "https://reich.example.com/"),
    ]
    expected = [
        "Paul Anater",
        "Zed Émond",
        "Professor Toilet",
        "Victoria Redshaw & Shelley Pond",
        "david reich",
        "Christine B. Whittemore",
        "Ted Whittemore",
        "Émile Zola",
    ]
    shuffled = list(rows)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert [e.name for e in roll_call(event(*shuffled))] == expected


def test_names_differing_only_in_case_and_spacing_are_one_person_with_rows_in_file_order():
    a = row("Sam Lee", "https://b.example.com/", blog="Beta")
    b = row("sam  lee", "https://a.example.com/", blog="Alpha")
    entries = roll_call(event(a, b))
    assert len(entries) == 1 and [r.blog for r in entries[0].rows] == ["Beta", "Alpha"]


def test_a_person_with_several_blogs_is_one_entry_with_each_blog():
    entries = roll_call(
        event(
            row("Christine B. Whittemore", blog="Content Talks Business Blog"),
            row("Ted Whittemore", "http://ted.example.com/", blog="Working Computers"),
            row("Christine B. Whittemore", "http://smokerise.example.com/", blog="Smoke Rise"),
            row("Christine B. Whittemore", "http://simple.example.com/", blog="Simple Marketing Blog"),
        )
    )
    assert [(e.name, [r.blog for r in e.rows]) for e in entries] == [
        ("Christine B. Whittemore", ["Content Talks Business Blog", "Smoke Rise", "Simple Marketing Blog"]),
        ("Ted Whittemore", ["Working Computers"]),
    ]


@pytest.mark.parametrize(
    ("own", "marked"),
    [
        (["https://serviceculture.example/"], True),
        (["http://www.ServiceCulture.example"], True),  # scheme, www., case and slash ignored
        (["https://serviceculture.example/blog/"], False),  # a page below the blog is not the blog
        (["https://other.example/"], False),
        ([], False),
    ],
)
def test_this_sites_row_is_marked_from_its_addresses(own, marked):
    entries = roll_call(
        event(
            row("Morgan Hale", "https://serviceculture.example/"),
            row("Ann Archer", "https://archer.example.com/"),
        ),
        own,
    )
    assert {e.name: e.own for e in entries} == {"Morgan Hale": marked, "Ann Archer": False}


def test_a_post_on_this_site_marks_the_row_too():
    entries = roll_call(
        event(Participant("Morgan Hale", 1, post="https://serviceculture.example/2012/01/17/x/")),
        ["https://serviceculture.example"],
    )
    assert entries[0].own


def test_url_key():
    assert url_key("HTTPS://www.Example.com:443/Blog/") == url_key("http://example.com/Blog") == "example.com/Blog"
    assert url_key("http://example.com:8080/") == "example.com:8080"
    assert url_key("https://example.com/?p=1") != url_key("https://example.com/?p=2")


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (date(2011, 10, 25), None, "25 Oct 2011"),
        (date(2012, 1, 1), date(2012, 1, 31), "January 2012"),
        (date(2012, 2, 1), date(2012, 2, 29), "February 2012"),
        (date(2012, 1, 16), date(2012, 1, 20), "16 Jan 2012 – 20 Jan 2012"),
        (date(2012, 1, 1), date(2012, 2, 29), "1 Jan 2012 – 29 Feb 2012"),
    ],
)
def test_period(start, end, label):
    assert event(start=start, end=end).period() == label


def test_compare_editions_by_name_or_blog_address():
    before = roll_call(
        event(
            row("Ann Archer", "https://archer.example.com/"),
            row("Ben Baker", "https://baker.example.com/"),
            row("Cy Cole"),
        )
    )
    after = roll_call(
        event(
            row("ann archer", "https://new.example.com/"),
            row("Benjamin Baker", "http://baker.example.com"),
            row("Dee Dunn"),
        )
    )
    assert compare(after, before) == (["ann archer", "Benjamin Baker"], ["Dee Dunn"], ["Cy Cole"])


def test_editions_of_a_series_on_the_fixture():
    history = editions(load_events(DATA / "editions", DATA))
    assert list(history) == ["testfest"]
    first, second = history["testfest"]
    assert (first.event.slug, first.previous, first.people) == ("testfest-2011", None, 4)
    assert (first.returned, first.left) == ((), ())
    assert second.previous.slug == "testfest-2011"
    assert second.returned == ("Ann Archer", "Benjamin Baker")
    assert second.joined == ("Eve Evans", "Fay Fox")
    assert second.left == ("Cy Cole", "Dee Dunn")


def test_a_series_of_one_edition_has_no_history():
    assert editions([event(row("A"), series="solo")]) == {}
