"""Fixtures of the migration tests: the export files, and an import of them into a fresh content folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plugins.migrate import ImportReport, ImportSettings, import_disqus, import_wordpress

DATA = Path(__file__).resolve().parent / "data"
WXR = DATA / "wordpress.xml"
DISQUS = DATA / "disqus.xml"


def settings_for(content: Path) -> ImportSettings:
    """The project's own settings, pointed at ``content``."""
    return ImportSettings.load(Path(__file__).resolve().parents[2] / "pelicanconf.py", content)


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def export_copy(tmp_path: Path):
    """export_copy(source, edit=None) -> a copy of a fixture export, with ``edit(text) -> text`` applied."""

    def make(source: Path = WXR, edit=None, name: str | None = None) -> Path:
        target = tmp_path / (name or source.name)
        text = source.read_text(encoding="utf-8")
        target.write_text(edit(text) if edit else text, encoding="utf-8")
        return target

    return make


@pytest.fixture
def imported(tmp_path: Path) -> tuple[Path, ImportReport]:
    """The WordPress fixture imported into an empty content folder: (content folder, report)."""
    content = tmp_path / "content"
    content.mkdir()
    return content, import_wordpress(WXR, settings_for(content))


@pytest.fixture
def imported_both(imported) -> tuple[Path, ImportReport, ImportReport]:
    """The WordPress fixture, then the Disqus fixture: (content folder, WordPress report, Disqus report)."""
    content, report = imported
    return content, report, import_disqus(DISQUS, settings_for(content))


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target
