"""Markdown rendered ahead of Pelican reads exactly as Pelican's own reader reads it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from plugins.fast_build.prerender import MarkdownRenderer, Prerenderer
from plugins.fast_build.reader import FastMarkdownReader
from tests.conftest import ROOT

DOCUMENTS = {
    "plain.md": "Title: Plain\nDate: 2012-08-16 09:00\nTags: a, b\n\nA paragraph.\n",
    "footnotes.md": "Title: Notes\nDate: 2012-08-16\n\nText with a note.[^1]\n\n[^1]: The note.\n",
    "toc.md": "Title: Headings\nDate: 2012-08-16\n\n## One\n\ntext\n\n## One\n\nsame heading twice\n",
    "table.md": "Title: Table\nDate: 2012-08-16\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n*[HTML]: Hyper Text\n\nHTML\n",
    "summary.md": "Title: Summary\nDate: 2012-08-16\nSummary: A *formatted*\n    summary on two lines.\n\nBody.\n",
    "repeated.md": "Title: First\nTitle: Second\nDate: 2012_08_16 09:00\nKeywords: a\nKeywords: b\n\nBody.\n",
    "windows.md": "\ufeffTitle: Windows\r\nDate: 2012-08-16\r\nModified: 2012-09-01 10:00\r\n\r\nLine one.\r\nLine two.\r\n",
}


@pytest.fixture(scope="module")
def settings() -> dict:
    return read_settings(str(ROOT / "pelicanconf.py"))


@pytest.fixture
def documents(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name, text in DOCUMENTS.items():
        paths[name] = tmp_path / name
        paths[name].write_bytes(text.encode("utf-8"))
    return paths


def plain(value):
    """Metadata values in a comparable form (Pelican's tags compare by slug only)."""
    if isinstance(value, list):
        return [plain(item) for item in value]
    if hasattr(value, "slug") and hasattr(value, "name"):
        return (type(value).__name__, value.name, value.slug)
    return value


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_prerendered_document_reads_as_pelican_reads_it(settings, documents, name):
    pelican_reader = MarkdownReader(settings)
    expected_html, expected_metadata = pelican_reader.read(str(documents[name]))

    # One renderer for all documents, as in a worker: nothing may carry over from one to the next.
    prerenderer = Prerenderer(settings["MARKDOWN"], settings["FORMATTED_FIELDS"], {}, workers=1)
    for other in sorted(documents.values()):
        prerenderer.take(str(other))
    rendered = prerenderer.take(str(documents[name]))
    assert rendered.html == expected_html

    reader = FastMarkdownReader(settings)
    reader_metadata = {}
    for field in rendered.fields:
        value = field.date if field.date is not None else (list(field.value) if field.kind == "list" else field.value)
        reader_metadata[field.name] = value if field.date is not None else reader.process_metadata(field.name, value)
    assert {k: plain(v) for k, v in reader_metadata.items()} == {k: plain(v) for k, v in expected_metadata.items()}


def test_outside_a_build_the_reader_is_pelicans(settings, documents):
    html, metadata = FastMarkdownReader(settings).read(str(documents["summary.md"]))
    expected_html, expected_metadata = MarkdownReader(settings).read(str(documents["summary.md"]))
    assert html == expected_html
    assert metadata["summary"] == expected_metadata["summary"]


def test_a_renderer_reused_after_a_document_with_notes_renders_the_next_alike(settings):
    renderer = MarkdownRenderer(settings["MARKDOWN"], settings["FORMATTED_FIELDS"])
    text = DOCUMENTS["footnotes.md"].encode()
    first = renderer.render(text)
    assert renderer.render(text) == first
    assert 'id="fn:1"' in first.html


def test_the_cache_serves_the_same_bytes_without_rendering(settings, documents):
    first = Prerenderer(settings["MARKDOWN"], settings["FORMATTED_FIELDS"], {}, workers=1)
    first.start([str(documents["plain.md"])])
    rendered = first.take(str(documents["plain.md"]))
    cache = first.close()
    assert first.rendered == 1

    second = Prerenderer(settings["MARKDOWN"], settings["FORMATTED_FIELDS"], cache, workers=1)
    second.start([str(documents["plain.md"])])
    assert second.take(str(documents["plain.md"])) == rendered
    assert second.rendered == 0

    documents["plain.md"].write_text(DOCUMENTS["plain.md"] + "More.\n", encoding="utf-8")
    third = Prerenderer(settings["MARKDOWN"], settings["FORMATTED_FIELDS"], cache, workers=1)
    third.start([str(documents["plain.md"])])
    assert "More." in third.take(str(documents["plain.md"])).html
    assert third.rendered == 1


def test_workers_render_what_the_main_process_would(settings, tmp_path):
    paths = []
    for number in range(40):
        path = tmp_path / f"post-{number}.md"
        path.write_text(
            f"Title: Post {number}\nDate: 2012-08-16\n\nText *{number}*.[^n]\n\n[^n]: note\n", encoding="utf-8"
        )
        paths.append(str(path))
    pooled = Prerenderer(settings["MARKDOWN"], settings["FORMATTED_FIELDS"], {}, workers=2)
    pooled.start(paths)
    from_workers = [pooled.take(path) for path in paths]
    pooled.close()
    local = Prerenderer(settings["MARKDOWN"], settings["FORMATTED_FIELDS"], {}, workers=1)
    assert from_workers == [local.take(path) for path in paths]
