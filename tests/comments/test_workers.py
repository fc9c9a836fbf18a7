"""A real build whose comments are read by worker processes started with the build: the same site
as reading them in the build's own process, and a failing build leaves no worker behind."""

from __future__ import annotations

import gc
import importlib
import multiprocessing
from pathlib import Path

import pytest

from plugins.publisher import PublishError, build_site
from tests.comments.files import comment, write_comment
from tests.comments.test_site import SITE, make_content
from tests.conftest import ROOT


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def pools(monkeypatch) -> list[bool]:
    """Workers even for a small site; lists, for each reading started, whether it has workers.

    Patched in the module the build uses: Pelican loads the plugin as ``comments`` from
    PLUGIN_PATHS (and reuses it once imported), not as ``plugins.comments``.
    """
    monkeypatch.syspath_prepend(str(ROOT / "plugins"))
    loader = importlib.import_module("comments.loader")
    monkeypatch.setattr(loader, "POOL_FROM", 0)
    started: list[bool] = []
    original = loader.FolderReading.__init__

    def noting(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        started.append(self._pool is not None)

    monkeypatch.setattr(loader.FolderReading, "__init__", noting)
    return started


@pytest.fixture
def content(tmp_path) -> Path:
    content = make_content(tmp_path)
    for number in range(40):
        text = comment(date=f"2012-08-20 10:{number:02d}", body=f"Point {number}.")
        write_comment(content, "service-recovery", f"w{number:02d}", text)
    return content


def build(content: Path, output: Path, cache: Path, workers: int) -> None:
    build_site(
        ROOT / "pelicanconf.py", output, PATH=str(content), CACHE_PATH=str(cache), COMMENTS_WORKERS=workers, **SITE
    )


def test_workers_build_the_same_site_as_one_process(content, tmp_path, pools):
    build(content, tmp_path / "one", tmp_path / "c1", workers=1)
    build(content, tmp_path / "two", tmp_path / "c2", workers=2)
    assert pools == [False, True]
    one, two = files(tmp_path / "one"), files(tmp_path / "two")
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert b"Point 39." in two["2012/08/16/service-recovery/index.html"]
    assert any((tmp_path / "c2" / "comments" / "folders").iterdir())  # the workers kept what they read


def test_a_build_that_fails_while_workers_read_leaves_none_behind(content, tmp_path, pools):
    # The roll-call generator runs before the comments take what the workers read, and stops the build.
    (content / "blogfests").mkdir(exist_ok=True)
    (content / "blogfests" / "broken.yml").write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(PublishError) as error:
        build(content, tmp_path / "out", tmp_path / "c", workers=2)
    assert "broken.yml" in str(error.value)
    assert pools == [True]
    del error
    gc.collect()
    assert multiprocessing.active_children() == []
    assert not (tmp_path / "out").exists()
