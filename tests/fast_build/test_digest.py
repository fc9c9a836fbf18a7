"""Digests change with the value and with nothing else, not even the process."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from pelican.urlwrappers import Tag

from plugins.fast_build.digest import Digester, Unstable, module_stamp
from tests.conftest import ROOT

SETTINGS = {"SLUGIFY_PRESERVE_CASE": False, "SLUG_REGEX_SUBSTITUTIONS": []}


def digester() -> Digester:
    return Digester(lambda content: None, SETTINGS)


def test_equal_values_have_equal_digests_and_changes_show():
    a = {"title": "One", "tags": ["a", "b"], "numbers": (1, 2.5, None, True)}
    b = {"title": "One", "tags": ["a", "b"], "numbers": (1, 2.5, None, True)}
    assert digester().digest(a) == digester().digest(b)
    b["tags"].append("c")
    assert digester().digest(a) != digester().digest(b)


def test_a_tag_with_data_hung_on_it_by_a_plugin():
    first, second = Tag("Customer Service", SETTINGS), Tag("culture", SETTINGS)
    first.related, second.related = [second], [first]  # a cycle, as related tags make
    first.count = 3
    before = digester().digest([first, second])
    second.count = 4
    assert digester().digest([first, second]) != before
    assert digester().digest(first) != digester().digest(Tag("Customer Service", SETTINGS))


def test_the_slug_cached_on_first_use_does_not_change_the_digest():
    used, unused = Tag("Customer Service", SETTINGS), Tag("Customer Service", SETTINGS)
    assert used.slug
    assert vars(used) != vars(unused)
    assert digester().digest(used) == digester().digest(unused)


def test_a_function_changes_with_the_data_it_closes_over():
    def make(limit):
        return lambda items: items[:limit]

    assert digester().digest(make(3)) == digester().digest(make(3))
    assert digester().digest(make(3)) != digester().digest(make(4))


class Summarised(list):
    """A long list that knows its own digest, as a plugin's derived data does."""

    def __init__(self, items, own: bytes) -> None:
        super().__init__(items)
        self.own = own

    def __build_digest__(self) -> bytes:
        return self.own


def test_a_value_with_its_own_digest_is_not_walked():
    lock = threading.Lock()  # would make the value unstable if it were pickled
    assert digester().digest(Summarised([lock], b"v1")) == digester().digest(Summarised([1, 2], b"v1"))
    assert digester().digest({"x": Summarised([], b"v1")}) != digester().digest({"x": Summarised([], b"v2")})
    assert digester().digest(Summarised([], b"v1")) != digester().digest([])


def test_a_value_that_cannot_be_digested_is_unstable():
    with pytest.raises(Unstable):
        digester().digest({"lock": threading.Lock()})


def test_the_settings_dict_is_a_token():
    holder = type("Holder", (), {})()
    holder.settings = SETTINGS
    holder.name = "x"
    other = type("Holder", (), {})()
    other.settings = dict(SETTINGS, EXTRA=1)
    other.name = "x"
    assert digester().digest(holder) != digester().digest(other)


def test_digests_are_the_same_in_another_process_with_another_hash_seed():
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from plugins.fast_build.digest import Digester\n"
        "value = {'set': {'b', 'a', 'c', 'd'}, 'frozen': frozenset(['x', 'y', 'z']), 'list': list(range(100))}\n"
        "print(Digester(lambda c: None).digest(value).hex())\n"
    )
    seen = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        )
        seen.add(done.stdout.strip())
    assert len(seen) == 1


def test_a_module_stamp_changes_with_its_file_not_only_its_version(tmp_path, monkeypatch):
    """An editable install changes its code without a new version: the stamp sees the file change."""
    (tmp_path / "stamped_extension.py").write_text("__version__ = '1.0'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    import stamped_extension

    first = module_stamp(stamped_extension)
    assert first.startswith("1.0:") and module_stamp(stamped_extension) == first
    (tmp_path / "stamped_extension.py").write_text("__version__ = '1.0'\nX = 1\n", encoding="utf-8")
    assert module_stamp(stamped_extension) != first
    monkeypatch.setattr(stamped_extension, "__file__", None)
    assert module_stamp(stamped_extension) == "1.0"  # a module with no file: its version alone


def test_an_articles_state_changes_with_its_metadata_whether_or_not_an_attribute_holds_the_same_value():
    from datetime import datetime

    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    def post(**changes) -> Article:
        metadata = {"title": "One", "date": datetime(2012, 8, 16), "tags": [Tag("culture", DEFAULT_CONFIG)]}
        return Article("<p>Text.</p>", {**metadata, **changes}, settings=DEFAULT_CONFIG)

    def state(article: Article) -> bytes:
        return Digester(lambda content: "key", DEFAULT_CONFIG, frozenset({"_context", "settings"})).state(article)

    same = post()
    assert same.metadata["title"] is same.title  # shared: digested once, as the attribute
    assert state(same) == state(post())
    assert state(post(title="Two")) != state(same)

    edited = post()
    edited.metadata["tags"].append(Tag("service", DEFAULT_CONFIG))  # the very list the attribute holds
    assert state(edited) != state(same)

    apart = post()
    apart.metadata["title"] = "Two"  # the metadata no longer holds the attribute's value
    assert state(apart) != state(same)
    apart.title = "Two"
    assert state(apart) != state(same)


def _post():
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    return Article("<p>Text.</p>", {"title": "T", "slug": "t", "tags": [Tag("a", SETTINGS)]}, settings=DEFAULT_CONFIG)


def _set_new(post):
    post.extra = 1


def _replace_same_length(post):
    post.title = "U"


def _remove(post):
    del post.slug


def _grow_list(post):
    post.tags.append(Tag("b", SETTINGS))


def _grow_dict(post):
    post.metadata["mood"] = "cheerful"


class _Unmeasurable:
    def __len__(self):
        raise RuntimeError("no length here")


@pytest.mark.parametrize("odd", [False, True])
@pytest.mark.parametrize("change", [_set_new, _replace_same_length, _remove, _grow_list, _grow_dict])
def test_a_post_changed_after_its_state_was_taken_is_found(change, odd):
    """What the end of a build checks (a plugin must not change posts while pages are written), also
    for a post holding a value that fails when asked its length."""
    found = Digester(lambda content: "the post", SETTINGS, frozenset({"_context", "settings"}))
    post = _post()
    if odd:
        post.odd = _Unmeasurable()
    found.state(post)
    assert list(found.changed_states()) == []
    change(post)
    assert list(found.changed_states()) == ["the post"]


def test_bookkeeping_attributes_may_change():
    found = Digester(lambda content: "the post", SETTINGS, frozenset({"_context", "settings", "_note"}))
    post = _post()
    post._note = False
    found.known_state(post, b"worked out elsewhere")
    post._note = True
    post._context = {"another": "context"}
    assert list(found.changed_states()) == []


def test_a_listing_page_changes_with_its_posts_number_and_paginator_and_with_nothing_else():
    from pelican.paginator import Paginator
    from pelican.settings import DEFAULT_CONFIG

    posts = [_post() for _ in range(25)]
    keys = {id(post): f"post {n}" for n, post in enumerate(posts)}
    found = Digester(lambda content: keys.get(id(content)), DEFAULT_CONFIG)

    def page(number, items=posts, per_page=10, name="index.html"):
        return Paginator(name, "", items, DEFAULT_CONFIG, per_page).page(number)

    assert found.digest(page(2)) == found.digest(page(2))  # new objects, as Pelican makes them
    others = [page(3), page(2, per_page=5), page(2, name="tag/a.html"), page(2, items=posts[::-1])]
    changed = page(2)
    changed.object_list[0] = posts[-1]
    others.append(changed)
    digests = {found.digest(other) for other in others}
    assert len(digests) == len(others) and found.digest(page(2)) not in digests
    assert found.digest(page(2)) == Digester(lambda content: keys.get(id(content)), DEFAULT_CONFIG).digest(page(2))
