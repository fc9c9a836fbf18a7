"""Posts read from a content folder with Pelican's readers and the project's settings."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import columns as c
from analytics.content import canonical_tags, load_settings, posts_from_content
from analytics.errors import AnalyticsError
from tests.conftest import ROOT, post, write_post


def test_posts_from_content(content):
    write_post(content, "a.md", post("Why Service Matters", "2012-08-16 09:00", "Customer Service, culture",
                                     body="One two three.\n\nWhat do you think?"))  # fmt: skip
    write_post(content, "b.md", post("Second", "2012-09-01 10:30", "customer-service, CX", slug="second-one",
                                     body="Words here.\n\n- a list item\n- the last item ends flat"))  # fmt: skip
    write_post(content, "c.md", post("A Draft", "2012-10-01 10:00", extra="Status: draft\n"))
    settings = load_settings(ROOT / "publishconf.py", content)
    table = posts_from_content(settings)
    assert list(table.columns) == list(c.POSTS)
    assert table.drop(columns=["published"]).to_dict("records") == [
        {"post_id": "why-service-matters", "title": "Why Service Matters",
         "url": "https://serviceculture.example/2012/08/16/why-service-matters/",
         "tags": ["Customer Service", "culture"], "category": "Customer Service", "words": 7,
         "asks_question": True, "source": "content"},
        {"post_id": "second-one", "title": "Second", "url": "https://serviceculture.example/2012/09/01/second-one/",
         "tags": ["Customer Service", "customer experience"], "category": "Customer Service", "words": 10,
         "asks_question": False, "source": "content"},
    ]  # fmt: skip
    assert table["published"].tolist() == [
        pd.Timestamp("2012-08-16 09:00", tz="UTC"),
        pd.Timestamp("2012-09-01 10:30", tz="UTC"),
    ]


def test_tag_spellings_become_one_tag_as_on_the_site():
    settings = load_settings(ROOT / "pelicanconf.py")  # TAG_ALIASES: CX is "customer experience"
    tags = [["Customer Service", "CX"], ["customer-service"], ["customer_service", "Customer Service"], ["cx", "ROI"]]
    assert canonical_tags(tags, settings) == [
        ["Customer Service", "customer experience"],
        ["Customer Service"],
        ["Customer Service"],
        ["customer experience", "ROI"],
    ]
    assert canonical_tags([["CX"], ["CX"]], dict(settings, TAG_ALIASES={})) == [["CX"], ["CX"]]


def test_missing_settings_or_content(tmp_path):
    with pytest.raises(AnalyticsError, match="settings file not found; run the command from the project folder"):
        load_settings(tmp_path / "nope.py")
    with pytest.raises(AnalyticsError, match=r"content folder not found; pass --content DIR"):
        load_settings(ROOT / "pelicanconf.py", tmp_path / "missing")
