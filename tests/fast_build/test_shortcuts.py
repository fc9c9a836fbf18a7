"""Addresses worked out once while pages are written, and forgotten when the build ends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pelican.contents
import pelican.urlwrappers
import pelican.utils
import pytest
from dateutil import tz
from pelican.contents import Article, Static
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category

from plugins.fast_build import shortcuts


@pytest.fixture
def settings() -> dict:
    return {**DEFAULT_CONFIG, "PATH": "/site/content", "ARTICLE_URL": "{slug}/", "ARTICLE_SAVE_AS": "{slug}/index.html"}


def article(settings: dict, slug: str) -> Article:
    return Article("<p>Text.</p>", {"title": "T", "slug": slug, "date": datetime(2012, 8, 16)}, settings=settings)


@pytest.fixture(autouse=True)
def uninstalled():
    yield
    shortcuts.uninstall()


def test_once_settled_an_article_keeps_the_address_it_had_first(settings):
    post = article(settings, "first")
    shortcuts.settle()
    assert (post.url, post.save_as) == ("first/", "first/index.html")
    post.slug = "renamed"  # what a plugin must not do while pages are written
    assert post.url == "first/"
    shortcuts.uninstall()
    assert (post.url, post.save_as) == ("renamed/", "renamed/index.html")


def test_each_article_has_its_own_address(settings):
    shortcuts.settle()
    assert [article(settings, slug).url for slug in ("a", "b", "c")] == ["a/", "b/", "c/"]


def test_a_static_file_is_always_asked_again(settings):
    image = Static("", {"title": "x.png"}, settings=settings, source_path="/site/content/images/x.png")
    shortcuts.settle()
    before = image.url
    image.override_url = "2012/08/16/post/x.png"  # as an {attach} link moves it
    assert image.url == "2012/08/16/post/x.png" != before


@pytest.mark.parametrize(
    "dates",
    [
        # the same instant in zones with other names or offsets
        [datetime(2012, 8, 16, 9, tzinfo=UTC), datetime(2012, 8, 16, 9, tzinfo=timezone(timedelta(0), "GMT"))],
        [datetime(2012, 8, 16, 9, tzinfo=UTC), datetime(2012, 8, 16, 11, tzinfo=timezone(timedelta(hours=2)))],
        # the same instant in two unnamed zones of different offsets
        [
            datetime(2012, 8, 16, 9, tzinfo=tz.tzoffset(None, 0)),
            datetime(2012, 8, 16, 10, tzinfo=tz.tzoffset(None, 3600)),
        ],
        # dateutil's zones, which cannot be hashed, and a naive date
        [datetime(2012, 8, 16, 9, tzinfo=tz.tzoffset("X", 3600)), datetime(2012, 8, 16, 9, tzinfo=tz.tzutc())],
        [datetime(2012, 8, 16, 9), datetime(2012, 8, 16, 9, tzinfo=UTC)],
        # one wall-clock time twice on the night summer time ends
        [
            datetime(2021, 11, 7, 1, 30, tzinfo=ZoneInfo("America/New_York")),
            datetime(2021, 11, 7, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York")),
        ],
    ],
)
def test_remembered_dates_are_formatted_as_pelican_formats_them(dates):
    formats = ["%Y-%m-%d %H:%M", "%H:%M %Z", "%z", "%d %B %Y"]
    expected = [[pelican.utils.strftime(date, f) for f in formats] for date in dates]
    shortcuts.install()
    assert [[pelican.utils.strftime(date, f) for f in formats] for date in dates] == expected
    assert [[pelican.utils.strftime(date, f) for f in formats] for date in dates] == expected  # from memory
    assert len({tuple(row) for row in expected}) == len(dates)  # the cases really differ


@pytest.mark.parametrize(
    ("template", "remembered"),
    [
        ("{date:%Y}/{date:%m}/{date:%d}/{slug}/", True),
        ("{category}/{slug}.html", True),
        ("{author}/{lang}/{slug}-{date:%H%M %Z}.html", True),
        ("{path}", True),
        ("posts/{slug:>12}/", True),
        ("{number}/{slug}/", True),  # a value from the metadata
        ("{date.year}/{slug}/", False),  # reads into a value
        ("{slug!r}/", False),  # converts a value
    ],
)
def test_remembered_addresses_are_the_ones_pelican_works_out(settings, template, remembered):
    settings = {**settings, "ARTICLE_URL": template}
    dates = [
        datetime(2012, 8, 16, 9, tzinfo=UTC),
        datetime(2012, 8, 16, 11, tzinfo=timezone(timedelta(hours=2))),  # the same instant
        datetime(2012, 8, 16, 9, tzinfo=tz.tzoffset("X", 3600)),
        datetime(2021, 11, 7, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York")),
    ]
    posts = [
        Article(
            "<p>Text.</p>",
            {
                "title": "T",
                "slug": slug,
                "date": date,
                "category": Category(name, settings),
                "number": number,
                **extra,
            },
            settings=settings,
            source_path=f"/site/content/posts/{slug}.md",
        )
        for slug in ("a", "b")
        for date in dates
        for name in ("Culture", "Service")
        for number in (7, 12, 1, True, 1.0, 0.0, -0.0)  # equal numbers that print apart
        for extra in ({}, {"author": Author("Morgan Hale", settings), "path": "essays/b.md"})
    ]
    expected = [post.url for post in posts]
    shortcuts.install()
    assert [post.url for post in posts] == expected
    assert [post.url for post in posts] == expected  # from memory
    assert bool(shortcuts._expanded) == remembered
    if "number" not in template:
        assert len(set(expected)) > 1


def test_a_changed_value_changes_the_remembered_address(settings):
    shortcuts.install()
    post = article(settings, "first")
    assert post.url == "first/"
    post.slug = "renamed"  # before pages are written, plugins may still change a post
    assert post.url == "renamed/"


def test_a_setting_naming_a_missing_value_fails_as_in_pelican(settings):
    post = article({**settings, "ARTICLE_URL": "{missing}/"}, "first")
    with pytest.raises(KeyError):
        _ = post.url
    shortcuts.install()
    with pytest.raises(KeyError):
        _ = post.url


def test_a_post_without_a_date_is_not_remembered_under_the_time_of_the_call(settings):
    from pelican.contents import Page

    page = Page(
        "<p>Text.</p>", {"title": "T", "slug": "about"}, settings={**settings, "PAGE_URL": "{date:%S%f}/{slug}/"}
    )
    shortcuts.install()
    _ = page.url, page.url
    assert not shortcuts._expanded


SUBSTITUTIONS = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]


@pytest.mark.parametrize(
    "calls",
    [
        # the same text with each option changed: each its own slug
        [
            ("Customer Service", SUBSTITUTIONS, False, False),
            ("Customer Service", SUBSTITUTIONS, True, False),
            ("Customer Service", [], False, False),
            ("Customer Service", [(r"\s+", "_")], False, False),
        ],
        [("Café Crème", SUBSTITUTIONS, False, False), ("Café Crème", SUBSTITUTIONS, False, True)],
        [("Café Crème", SUBSTITUTIONS, 0, 1), ("Café Crème", SUBSTITUTIONS, "", "yes")],  # read for their truth
        # markup is taken away; text that only looks the same is not the same
        [("<b>Bold</b> move", SUBSTITUTIONS, False, False), ("Bold move", SUBSTITUTIONS, False, False)],
    ],
)
def test_remembered_slugs_are_the_ones_pelican_works_out(calls):
    expected = [pelican.utils.slugify(*call) for call in calls]
    shortcuts.install()
    assert [pelican.urlwrappers.slugify(*call) for call in calls] == expected
    assert [pelican.contents.slugify(*call) for call in calls] == expected  # remembered


def test_substitutions_given_once_are_still_applied():
    expected = pelican.utils.slugify("A b", SUBSTITUTIONS)
    shortcuts.install()
    assert pelican.urlwrappers.slugify("A b", (pair for pair in SUBSTITUTIONS)) == expected
    assert pelican.urlwrappers.slugify("A b", iter(SUBSTITUTIONS)) == expected


def test_a_tag_slug_comes_from_the_memo_and_goes_back_when_the_build_ends(monkeypatch):
    settings = {**DEFAULT_CONFIG}
    shortcuts.install()
    assert [Category("Customer Service", settings).slug for _ in range(3)] == ["customer-service"] * 3
    assert len(shortcuts._slugs) == 1
    shortcuts.uninstall()
    assert pelican.urlwrappers.slugify is pelican.utils.slugify
    assert pelican.contents.slugify is pelican.utils.slugify
    assert shortcuts._slugs == {}


def test_text_that_renders_itself_otherwise_is_not_taken_for_plain_text():
    class Rendered(str):
        def __html__(self):
            return "Something Else"

    shortcuts.install()
    assert pelican.urlwrappers.slugify("Plain", SUBSTITUTIONS) == "plain"
    assert pelican.urlwrappers.slugify(Rendered("Plain"), SUBSTITUTIONS) == "something-else"


def _texts_of(dates, formats, settings):
    return [pelican.utils.strftime(date, f) for date in dates for f in formats], [
        Article("x", {"title": "T", "slug": "s", "date": date}, settings=settings).url for date in dates
    ]


def test_texts_kept_for_the_next_build_are_used_there_and_equal_pelicans(monkeypatch):
    import pickle

    settings = {**DEFAULT_CONFIG, "PATH": "/site/content", "ARTICLE_URL": "{date:%Y}/{date:%m}/{slug}/"}
    dates = [datetime(2012, 8, 16, 9, tzinfo=ZoneInfo("Europe/Paris")), datetime(2013, 1, 2, 23, 59)]
    formats = ["%-d %b %Y", "%H:%M %Z", "%z"]
    expected = _texts_of(dates, formats, settings)

    shortcuts.install()
    assert _texts_of(dates, formats, settings) == expected
    kept = pickle.loads(pickle.dumps(shortcuts.to_keep()))  # as the cache keeps it
    shortcuts.uninstall()

    def not_again(*args, **kwargs):
        raise AssertionError("worked out again")

    # The next build: equal dates, new objects; neither Pelican's strftime nor the URL pattern is asked.
    later = [date.replace() for date in dates]
    shortcuts.install(kept)
    monkeypatch.setattr(shortcuts, "_original_strftime", not_again)
    assert _texts_of(later, formats, settings) == expected
    # Only what was used is kept: here, not the URL's date parts, now that the whole URL is known.
    kept = shortcuts.to_keep()
    assert {date_format for _date, date_format in kept["formatted"]} == {*formats, settings["DEFAULT_DATE_FORMAT"]}
    shortcuts.uninstall()
    shortcuts.install(kept)
    assert _texts_of(later, formats, settings) == expected
    assert shortcuts.to_keep() is None  # the same texts: nothing to write


def test_a_kept_text_is_not_used_for_another_zone_or_locale(monkeypatch):
    paris = datetime(2012, 8, 16, 9, tzinfo=ZoneInfo("Europe/Paris"))
    shortcuts.install()
    pelican.utils.strftime(paris, "%H:%M %Z")
    kept = shortcuts.to_keep()
    shortcuts.uninstall()
    # What the key is made of changes: the zone (same instant elsewhere), then the locale's name.
    shortcuts.install(kept)
    london = paris.astimezone(ZoneInfo("Europe/London"))
    assert pelican.utils.strftime(london, "%H:%M %Z") == "08:00 BST"
    real = shortcuts.locale.setlocale
    monkeypatch.setattr(shortcuts.locale, "setlocale", lambda category, value=None: "xx_XX.UTF-8")
    calls = []
    monkeypatch.setattr(shortcuts, "_original_strftime", lambda d, f: calls.append(f) or "elsewhere")
    assert pelican.utils.strftime(paris.replace(), "%H:%M %Z") == "elsewhere"
    assert calls == ["%H:%M %Z"]
    monkeypatch.setattr(shortcuts.locale, "setlocale", real)


def test_a_day_without_a_time_is_formatted_as_pelican_formats_it():
    from datetime import date

    expected = pelican.utils.strftime(date(2012, 8, 16), "%-d %B %Y")
    shortcuts.install()
    assert pelican.utils.strftime(date(2012, 8, 16), "%-d %B %Y") == expected == "16 August 2012"


@pytest.mark.parametrize("policy", [(False, False), (True, False), (True, True)])
def test_pelicans_content_cache_gives_what_it_gives_without_the_shortcut(tmp_path, policy):
    """Pelican's cache, on or off, gives the same answers; off, no file's stamp is asked."""
    import os
    import shutil

    from pelican.cache import FileStampDataCacher

    caching, loading = policy
    settings = {**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path / "cache")}
    source = tmp_path / "post.md"
    source.write_text("one", encoding="utf-8")

    def session(edit=False):
        cacher = FileStampDataCacher(settings, "c", caching, loading)
        first = cacher.get_cached_data(str(source), "default")
        cacher.cache_data(str(source), "kept")
        if edit:
            os.utime(source, ns=(1, 1))
        second = cacher.get_cached_data(str(source), "default")
        cacher.save_cache()
        return first, second

    expected = [session(), session(), session(edit=True)]
    shortcuts.install()
    stamps = []
    original = FileStampDataCacher._get_file_stamp
    FileStampDataCacher._get_file_stamp = lambda self, name: stamps.append(name) or original(self, name)
    try:
        source.write_text("one", encoding="utf-8")
        shutil.rmtree(tmp_path / "cache", ignore_errors=True)
        assert [session(), session(), session(edit=True)] == expected
    finally:
        FileStampDataCacher._get_file_stamp = original
    assert bool(stamps) == caching
