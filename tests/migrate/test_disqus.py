"""The Disqus parser: threads, comments, statuses and parents as exported."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from plugins.migrate import MigrateError, parse_disqus
from plugins.migrate.xmlstream import display
from tests.migrate.conftest import DISQUS, WXR


@pytest.fixture(scope="module")
def export():
    return parse_disqus(DISQUS)


def test_threads_with_identifier_and_link(export):
    assert export.forum == "customersrock"
    assert [(t.id, t.identifier, t.link) for t in export.threads.values()][:3] == [
        ("5001", "10 https://customersrock.example/?p=10", "https://customersrock.example/2011/03/01/hello-world/"),
        ("5002", "hello-world-2", "http://www.customersrock.example/2011/04/01/hello-world-2/?utm_source=feed"),
        ("5003", "", "https://customersrock.example/about/"),
    ]


def test_comments_with_status_parent_and_thread(export):
    by_id = {c.id: c for c in export.comments}
    assert len(export.comments) == 15
    assert {c.id: c.status for c in export.comments if c.status != "approved"} == {
        "9006": "spam",
        "9007": "deleted",
        "9009": "pending",
    }
    assert [by_id[i].parent_id for i in ("9002", "9003", "9004", "9005")] == ["", "9002", "9003", "9004"]
    assert by_id["9010"].author_name == "Jürgen Groß"
    assert by_id["9010"].message == "<p>Grüße aus Köln – schöne Seite! 🎉</p>"
    assert by_id["9002"].created == datetime(2011, 3, 2, 10, 0, tzinfo=UTC)
    assert by_id["9015"].thread_id == "5999"
    assert by_id["9014"].problems == ["createdAt: cannot read the date 'yesterday'"]


def test_a_wordpress_export_is_recognised():
    with pytest.raises(MigrateError) as caught:
        parse_disqus(WXR)
    assert str(caught.value) == (
        f"{display(WXR)}:3: this looks like a WordPress export (RSS), not a Disqus one; use import-wordpress"
    )


def test_a_truncated_disqus_export(tmp_path):
    path = tmp_path / "disqus.xml"
    path.write_text(DISQUS.read_text(encoding="utf-8")[:3000], encoding="utf-8")
    with pytest.raises(MigrateError) as caught:
        parse_disqus(path)
    assert "XML: the file ends before the export does (it is truncated)" in str(caught.value)
