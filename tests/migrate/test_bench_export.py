"""The benchmark's generated export is a real WXR file whose every record the import accounts for."""

from __future__ import annotations

import sys
from pathlib import Path

from plugins.migrate import ImportSettings, import_wordpress, parse_wxr

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import migrate as bench  # noqa: E402


def test_the_generated_export_imports_completely(tmp_path):
    export = tmp_path / "export.xml"
    bench.generate(export, posts=20, comments=300)
    again = tmp_path / "again.xml"
    bench.generate(again, posts=20, comments=300)
    assert export.read_bytes() == again.read_bytes()  # deterministic
    parsed = parse_wxr(export)
    assert (len(parsed.posts), len(parsed.comments)) == (20, 300)
    report = import_wordpress(export, ImportSettings(content=tmp_path / "content"))
    rows = report.tally.rows
    assert sum(r.found for label, r in rows.items() if label.startswith("posts")) == 20
    assert sum(r.found for label, r in rows.items() if label.startswith("comments")) == 300
    assert all(row.written + row.skipped_total == row.found for row in rows.values())
    assert {reason for row in rows.values() for reason in row.skipped} <= {"spam", "on no post"}
