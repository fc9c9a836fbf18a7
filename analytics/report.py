"""The report: the metrics' tables in the terminal, as CSV and JSON, and as one HTML page with charts.

All files are written into a scratch folder first and moved into place at
the end, so a failed run leaves the previous report as it was.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import jinja2
import pandas as pd

from . import charts, metrics

TEMPLATES = Path(__file__).parent / "templates"
# What each table shows, in the order of the report.
TITLES = {
    "summary": "The blog in numbers",
    "per_post": "Per post",
    "per_tag": "Per tag",
    "per_category": "Per category",
    "per_month": "Per month",
    "per_commenter": "Per commenter",
    "cohort_retention": "Commenter retention by month of first comment",
    "calls_to_action": "Calls to action: posts that end with a question",
    "response_times": "Author response times",
    "unanswered": "Reader comments waiting for an answer (oldest first)",
    "blogfests": "Blogfest participants",
    "blogfest_participation": "Blogfest participation",
    "skipped": "Sources skipped",
}


@dataclass
class Report:
    tables: dict[str, pd.DataFrame]
    generated: datetime
    notes: list[str] = field(default_factory=list)  # what the reader of the report should know about its data


def build(
    posts: pd.DataFrame,
    comments: pd.DataFrame,
    feed_entries: pd.DataFrame | None = None,
    *,
    now: datetime | None = None,
    extra: dict[str, pd.DataFrame] | None = None,
    notes: list[str] | None = None,
) -> Report:
    """Every table of the report, computed once."""
    now = now or datetime.now(UTC)
    threads = metrics.Threads.of(comments)  # who answers whom: worked out once for every table that needs it
    per_post = metrics.per_post(posts, comments, feed_entries, threads)
    commenters = metrics.per_commenter(comments)
    summary = metrics.summary(
        posts, comments, feed_entries, threads=threads, posts_table=per_post, commenters=commenters
    )
    per_post = per_post.sort_values(["reader_comments", "published"], ascending=[False, False], kind="stable")
    tables = {
        "summary": summary,
        "per_post": per_post.reset_index(drop=True),
        "per_tag": metrics.per_tag(posts, comments),
        "per_category": metrics.per_category(posts, comments),
        "per_month": metrics.per_month(posts, comments),
        "per_commenter": commenters,
        "cohort_retention": metrics.cohort_retention(comments),
        "calls_to_action": metrics.calls_to_action(posts, comments),
        "response_times": metrics.response_times(comments, threads),
        "unanswered": metrics.unanswered(posts, comments, pd.Timestamp(now), threads),
        **(extra or {}),
    }
    return Report(tables, now, list(notes or []))


def _for_files(table: pd.DataFrame) -> pd.DataFrame:
    """Lists become "a; b" in CSV, where a cell holds one value."""
    out = table.copy()
    for name in out.columns:
        if out[name].dtype == object and out[name].map(lambda v: isinstance(v, list)).any():
            out[name] = out[name].map(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else v)
    return out


def write(report: Report, folder: Path) -> list[Path]:
    """``<table>.csv`` and ``<table>.json`` for every table, and ``engagement.html``; returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".report-", dir=folder))
    try:
        for name, table in report.tables.items():
            _for_files(table).to_csv(scratch / f"{name}.csv", index=False, date_format="%Y-%m-%dT%H:%M:%SZ")
            table.to_json(scratch / f"{name}.json", orient="records", date_format="iso", indent=1, force_ascii=False)
        (scratch / "engagement.html").write_text(render_html(report), encoding="utf-8")
        written = []
        for path in sorted(scratch.iterdir()):
            os.replace(path, folder / path.name)
            written.append(folder / path.name)
        return written
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _number(value: object) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    return str(value)


def _html_table(table: pd.DataFrame, limit: int | None = None) -> str:
    shown = _for_files(table.head(limit) if limit else table)
    for name in shown.columns:
        if isinstance(shown[name].dtype, pd.DatetimeTZDtype):
            shown[name] = shown[name].dt.strftime("%Y-%m-%d %H:%M")
    return shown.to_html(index=False, escape=True, na_rep="", float_format=_number, border=0, classes="data")


def charts_of(report: Report) -> list[tuple[str, str, str]]:
    """(id, caption, svg) of every chart."""
    tables = report.tables
    participation = tables.get(
        "blogfest_participation", pd.DataFrame(columns=["blogfest", "participants", "published"])
    )
    return [
        ("comments-per-month", "Reader comments and posts per month", charts.comments_per_month(tables["per_month"])),
        ("comments-per-tag", "Reader comments per tag", charts.comments_per_tag(tables["per_tag"])),
        (
            "response-times",
            "Time from a reader's comment to the author's first reply beneath it",
            charts.response_times(tables["response_times"]["response_hours"]),
        ),
        (
            "retention",
            "Share of each month's new commenters still commenting months later",
            charts.retention(tables["cohort_retention"]),
        ),
        (
            "blogfest-participation",
            "Blogfest participants who published in the event's window",
            charts.blogfest_participation(participation),
        ),
    ]


# How many rows each table shows in the HTML page; the CSV and JSON files have them all.
HTML_ROWS = {"per_post": 25, "per_commenter": 25, "unanswered": 25, "response_times": 0, "cohort_retention": 0}


def render_html(report: Report) -> str:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    sections = []
    for name, title in TITLES.items():
        if name not in report.tables or HTML_ROWS.get(name) == 0:
            continue
        table = report.tables[name]
        limit = HTML_ROWS.get(name)
        sections.append(
            {
                "id": name.replace("_", "-"),
                "title": title,
                "html": jinja2.utils.markupsafe.Markup(_html_table(table, limit)),
                "shown": min(len(table), limit) if limit else len(table),
                "rows": len(table),
                "file": f"{name}.csv",
            }
        )
    summary = report.tables["summary"]
    return environment.get_template("engagement.html").render(
        generated=report.generated.strftime("%Y-%m-%d %H:%M UTC"),
        headline=[(m, _number(v)) for m, v in summary.itertuples(index=False)],
        charts=[(i, caption, jinja2.utils.markupsafe.Markup(svg)) for i, caption, svg in charts_of(report)],
        sections=sections,
        notes=report.notes,
    )


def _terminal_table(table: pd.DataFrame, limit: int) -> str:
    shown = _for_files(table.head(limit))
    for name in shown.columns:
        if isinstance(shown[name].dtype, pd.DatetimeTZDtype):
            shown[name] = shown[name].dt.strftime("%Y-%m-%d")
    return shown.to_string(index=False, na_rep="", float_format=_number, max_colwidth=48)


def terminal(report: Report, rows: int = 10) -> str:
    """The key tables as text for a terminal."""
    t = report.tables
    parts = [
        "The blog in numbers",
        "\n".join(f"  {m}: {_number(v)}" for m, v in t["summary"].itertuples(index=False)),
        f"\nMost discussed posts (top {rows})",
        _terminal_table(
            t["per_post"][["title", "reader_comments", "unique_commenters", "mentions", "author_reply_rate"]], rows
        ),
        f"\nTags (top {rows})",
        _terminal_table(t["per_tag"], rows),
        "\nCategories",
        _terminal_table(t["per_category"], rows),
        "\nLast 12 months",
        _terminal_table(t["per_month"].tail(12), 12),
        "\nCalls to action",
        _terminal_table(t["calls_to_action"], 2),
    ]
    if "blogfest_participation" in t:
        parts += ["\nBlogfests", _terminal_table(t["blogfest_participation"], rows)]
    waiting = t["unanswered"]
    parts.append(f"\n{len(waiting)} reader comment{'s' if len(waiting) != 1 else ''} waiting for an answer")
    parts += [f"note: {note}" for note in report.notes]
    return "\n".join(parts)


def unanswered_text(queue: pd.DataFrame) -> str:
    if queue.empty:
        return "Every reader comment has an answer."
    shown = queue[["published", "days_waiting", "author", "title", "comment_id", "status"]]
    return _terminal_table(shown.assign(days_waiting=shown["days_waiting"].round(1)), len(shown))
