"""The report's charts, drawn by matplotlib as SVG to be put inline in one HTML file.

Figures are made without pyplot (no global state, no GUI backend) and text
stays text (``svg.fonttype: none``), which keeps each chart small and sharp.
Every chart is drawn even without data, saying so, so the report always has
the same sections.
"""

from __future__ import annotations

import io

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

INK = "#1f2933"
ACCENT = "#1b6ca8"
SECOND = "#d9822b"
GRID = "#d5dde5"
# Response-time buckets, in hours, with their labels.
RESPONSE_BINS = [0, 1, 3, 6, 12, 24, 48, 168, np.inf]
RESPONSE_LABELS = ["< 1 h", "1–3 h", "3–6 h", "6–12 h", "12–24 h", "1–2 days", "2–7 days", "> 7 days"]
# What a chart says when there is nothing to draw.
NO_COMMENTS = "No comments yet"
NO_TAGGED = "No comments on tagged posts yet"
NO_REPLIES = "No author replies yet"
NO_COMMENTERS = "No commenters yet"
NO_BLOGFESTS = "No blogfest participants with a feed"
EMPTY_MESSAGES = (NO_COMMENTS, NO_TAGGED, NO_REPLIES, NO_COMMENTERS, NO_BLOGFESTS)
_STYLE = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _figure(width: float = 7.5, height: float = 3.2) -> Figure:
    figure = Figure(figsize=(width, height), layout="constrained")
    return figure


def _svg(figure: Figure, name: str, title: str) -> str:
    """The figure as an ``<svg>`` element with an accessible title, ids unique to this chart."""
    out = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": name}):  # inside the chart's own style (``_styled``)
        figure.savefig(out, format="svg", metadata={"Date": None, "Title": title})
    text = out.getvalue()
    return text[text.index("<svg") :]


def _short(label: str, width: int = 32) -> str:
    """A label that leaves room for the bars."""
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


def _empty(axes, message: str) -> None:
    axes.text(0.5, 0.5, message, ha="center", va="center", transform=axes.transAxes, color=INK)
    axes.set_xticks([])
    axes.set_yticks([])


def _styled(draw):
    """Runs a drawing function with the report's style in force."""

    def run(*args, **kwargs) -> str:
        with matplotlib.rc_context(_STYLE):
            return draw(*args, **kwargs)

    run.__doc__ = draw.__doc__
    return run


@_styled
def comments_per_month(per_month: pd.DataFrame) -> str:
    """Reader comments and posts per month."""
    figure = _figure()
    axes = figure.add_subplot()
    if per_month.empty or per_month["comments"].sum() == 0 and per_month["posts"].sum() == 0:
        _empty(axes, NO_COMMENTS)
    else:
        x = np.arange(len(per_month))
        axes.bar(x, per_month["comments"], color=ACCENT, label="reader comments", width=0.85)
        axes.plot(x, per_month["posts"], color=SECOND, marker="o", markersize=3, linewidth=1.2, label="posts")
        step = max(1, len(x) // 12)
        axes.set_xticks(x[::step], per_month["month"].iloc[::step], rotation=45, ha="right")
        axes.set_ylabel("per month")
        axes.grid(axis="y", color=GRID, linewidth=0.6)
        axes.legend(frameon=False, loc="upper left")
    return _svg(figure, "comments-per-month", "Comments per month")


@_styled
def comments_per_tag(per_tag: pd.DataFrame, limit: int = 15) -> str:
    """The tags whose posts drew the most reader comments."""
    top = per_tag.head(limit).iloc[::-1]
    figure = _figure(height=max(2.4, 0.28 * len(top) + 0.8))
    axes = figure.add_subplot()
    if top.empty or top["comments"].sum() == 0:
        _empty(axes, NO_TAGGED)
    else:
        axes.barh([_short(t) for t in top["tag"].astype(str)], top["comments"], color=ACCENT)
        axes.set_xlabel("reader comments")
        axes.grid(axis="x", color=GRID, linewidth=0.6)
    return _svg(figure, "comments-per-tag", "Comments per tag")


@_styled
def response_times(hours: pd.Series) -> str:
    """How long readers waited for the author's first reply."""
    figure = _figure()
    axes = figure.add_subplot()
    if hours.dropna().empty:
        _empty(axes, NO_REPLIES)
    else:
        buckets = pd.cut(hours.dropna().clip(lower=0), RESPONSE_BINS, labels=RESPONSE_LABELS, right=False)
        counts = buckets.value_counts().reindex(RESPONSE_LABELS, fill_value=0)
        axes.bar(RESPONSE_LABELS, counts.to_numpy(), color=ACCENT)
        axes.set_ylabel("answered comments")
        axes.grid(axis="y", color=GRID, linewidth=0.6)
    return _svg(figure, "response-times", "Author response time")


@_styled
def retention(cohorts: pd.DataFrame, months: int = 12, last_cohorts: int = 24) -> str:
    """Share of each month's new commenters still commenting N months later."""
    figure = _figure(height=3.6)
    axes = figure.add_subplot()
    if cohorts.empty:
        _empty(axes, NO_COMMENTERS)
        return _svg(figure, "retention", "Commenter retention")
    grid = cohorts[cohorts["months_since"] <= months].pivot_table(
        index="cohort", columns="months_since", values="retention", aggfunc="first"
    )
    grid = grid.reindex(columns=range(months + 1)).tail(last_cohorts)
    mesh = axes.pcolormesh(grid.to_numpy(dtype=float), cmap="Blues", vmin=0, vmax=1, edgecolors="white", linewidth=0.5)
    axes.set_xticks(np.arange(months + 1) + 0.5, [str(m) for m in range(months + 1)])
    axes.set_yticks(np.arange(len(grid)) + 0.5, list(grid.index.astype(str)))
    axes.invert_yaxis()
    axes.set_xlabel("months after the first comment")
    axes.set_ylabel("first comment in")
    figure.colorbar(mesh, ax=axes, label="still commenting")
    return _svg(figure, "retention", "Commenter retention")


@_styled
def blogfest_participation(participation: pd.DataFrame) -> str:
    """Per blogfest: participants who published in the window, and those who did not."""
    figure = _figure(height=max(2.4, 0.4 * len(participation) + 1))
    axes = figure.add_subplot()
    if participation.empty or participation["with_feed"].sum() == 0:
        _empty(axes, NO_BLOGFESTS)
    else:
        names = [_short(n) for n in participation["event"].astype(str)]
        took_part = participation["published"].to_numpy()
        missed = participation["with_feed"].to_numpy() - took_part
        axes.barh(names, took_part, color=ACCENT, label="published in the window")
        axes.barh(names, missed, left=took_part, color=GRID, label="did not (or no feed entry found)")
        axes.set_xlabel("participants with a feed")
        axes.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=2)
    return _svg(figure, "blogfest-participation", "Blogfest participation")
