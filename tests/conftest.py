"""Shared fixtures: small sites built into temporary folders."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plugins.publisher import build_site  # noqa: E402


def write_post(content: Path, name: str, text: str) -> Path:
    path = content / "posts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.lstrip(), encoding="utf-8")
    return path


def post(
    title: str,
    date: str = "2012-08-16 09:00",
    tags: str = "Customer Service",
    slug: str | None = None,
    body: str = "A paragraph of text.",
    extra: str = "",
) -> str:
    slug_line = f"Slug: {slug}\n" if slug else ""
    return f"Title: {title}\nDate: {date}\nCategory: Customer Service\nTags: {tags}\n{slug_line}{extra}\n{body}\n"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """An empty content folder with the layout of the real one."""
    folder = tmp_path / "content"
    for sub in ("posts", "pages", "images"):
        (folder / sub).mkdir(parents=True)
    return folder


@pytest.fixture
def build(tmp_path: Path):
    """build(content, **settings) -> output folder, built with the project's settings and theme."""

    def run(content: Path, settings_file: str = "pelicanconf.py", **overrides) -> Path:
        output = tmp_path / "output"
        overrides.setdefault("CACHE_PATH", str(tmp_path / "cache"))
        build_site(ROOT / settings_file, output, PATH=str(content), **overrides)
        return output

    return run


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    """The shipped content built once with the publishing settings."""
    folder = tmp_path_factory.mktemp("shipped")
    output = folder / "output"
    build_site(ROOT / "publishconf.py", output, CACHE_PATH=str(folder / "cache"))
    return output


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project (settings, tasks, plugins, theme, content) to run commands in."""
    target = tmp_path / "project"
    target.mkdir()
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py", "pyproject.toml"):
        shutil.copy(ROOT / name, target / name)
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("plugins", "theme", "content"):
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    return target
