"""The plugin's settings: defaults in one place, wrong types refused with the setting's name."""

import pytest

from plugins.tag_archives.errors import TagArchivesError
from plugins.tag_archives.settings import TagArchivesSettings


def test_defaults_when_nothing_is_set():
    config = TagArchivesSettings.from_pelican({})
    assert dict(config.aliases) == {} and dict(config.slugs) == {} and dict(config.redirects) == {}
    assert (config.cloud_steps, config.related_limit, config.full_text) == (4, 5, False)
    assert (config.by_count_url, config.by_count_save_as) == ("tags/by-count/", "tags/by-count/index.html")
    assert config.descriptions_path == "tags"


def test_values_are_read_and_cannot_be_changed_afterwards():
    settings = {"TAG_ALIASES": {"CX": "customer experience"}, "TAG_CLOUD_STEPS": 6, "TAG_ARCHIVE_FULL_TEXT": True}
    config = TagArchivesSettings.from_pelican(settings)
    assert dict(config.aliases) == {"CX": "customer experience"}
    assert (config.cloud_steps, config.full_text) == (6, True)
    settings["TAG_ALIASES"]["later"] = "x"
    assert "later" not in config.aliases
    with pytest.raises(TypeError):
        config.aliases["x"] = "y"


def test_every_wrong_setting_is_reported_at_once():
    with pytest.raises(TagArchivesError) as raised:
        TagArchivesSettings.from_pelican(
            {"TAG_SLUGS": {"C#": 3}, "TAG_RELATED_LIMIT": True, "TAGS_BY_COUNT_URL": None, "TAG_CLOUD_STEPS": "5"}
        )
    assert str(raised.value).splitlines() == [
        "settings: TAGS_BY_COUNT_URL: must be a string, not None",
        "settings: TAG_CLOUD_STEPS: must be a whole number of at least 1, not '5'",
        "settings: TAG_RELATED_LIMIT: must be a whole number of at least 1, not True",
        'settings: TAG_SLUGS: must be a dict of strings, such as {"C#": "c-sharp"}',
    ]
    assert raised.value.is_content_error
