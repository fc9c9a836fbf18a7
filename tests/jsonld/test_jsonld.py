"""The jsonld filter: the same data as Jinja's tojson, safe inside a script element, and the theme's
fallback to tojson when the plugin is off."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from jinja2 import Environment
from markupsafe import Markup

from plugins.jsonld import jsonld
from plugins.publisher.build import load_settings
from tests.conftest import ROOT, post, write_post

AWKWARD = {
    "headline": "</script><script>alert(1)</script>",
    "text": 'Tom & Jerry\'s "quotes" <b>',
    "name": "Zoë — naïve café ☕",
    "count": 3,
    "nested": {"b": [1, 2.5, None, True], "a": "x"},
    "title": Markup("<em>marked</em>"),
}


def test_same_data_as_tojson_and_keys_sorted():
    ours = jsonld(AWKWARD)
    theirs = Environment().from_string("{{ v|tojson }}").render(v=AWKWARD)
    assert isinstance(ours, Markup)
    assert json.loads(ours) == json.loads(theirs) == json.loads(json.dumps(AWKWARD))
    assert list(json.loads(ours)) == sorted(AWKWARD)


def test_nothing_can_close_the_script_element():
    text = str(jsonld(AWKWARD))
    for character in "<>&'":
        assert character not in text
    assert "\\u003c/script\\u003e" in text


def test_numeric_keys_are_written_as_json_needs_them():
    assert json.loads(jsonld({2: "two", "b": [1.5, None]})) == {"2": "two", "b": [1.5, None]}


def _ld(path):
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    (script,) = page.find_all("script", type="application/ld+json")
    return script.string


def test_the_theme_falls_back_to_tojson_without_the_plugin(content, build, tmp_path):
    write_post(content, "a.md", post("Care & </script> feeding", slug="care"))
    plugins = load_settings(ROOT / "pelicanconf.py")["PLUGINS"]
    assert "jsonld" in plugins
    with_plugin = _ld(build(content) / "2012/08/16/care/index.html")
    (tmp_path / "cache").rename(tmp_path / "cache-with")
    (tmp_path / "output").rename(tmp_path / "output-with")
    without = _ld(build(content, PLUGINS=[p for p in plugins if p != "jsonld"]) / "2012/08/16/care/index.html")
    assert json.loads(with_plugin) == json.loads(without)
    assert json.loads(with_plugin)["headline"] == "Care & </script> feeding"
    assert with_plugin != without  # orjson writes it compactly: the fallback really was taken
