"""The reconciliation table an import ends with.

Every record of the export is counted exactly once, in one row, as written
or as skipped with a reason, so each row's written and skipped counts add up
to what the export holds: nothing can go missing without showing in the
table. ``Tally.check`` asserts it before the table is shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

UNREADABLE = "could not be read (see below)"


@dataclass
class Row:
    found: int = 0
    written: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def why(self) -> str:
        return ", ".join(f"{reason}: {count}" for reason, count in sorted(self.skipped.items(), key=lambda i: -i[1]))


@dataclass
class Tally:
    """Rows in the order they are first counted (call :meth:`row` to fix an order)."""

    rows: dict[str, Row] = field(default_factory=dict)

    def row(self, label: str) -> Row:
        return self.rows.setdefault(label, Row())

    def count(self, label: str, skipped: str | None = None) -> None:
        """One record found: written when ``skipped`` is None, else skipped for that reason."""
        row = self.row(label)
        row.found += 1
        if skipped is None:
            row.written += 1
        else:
            row.skipped[skipped] += 1

    def check(self) -> None:
        for label, row in self.rows.items():
            if row.written + row.skipped_total != row.found:
                raise AssertionError(f"reconciliation of {label!r} does not add up")


@dataclass
class ImportReport:
    """What one import found, wrote and skipped, ready to print."""

    source: str
    content: str
    tally: Tally = field(default_factory=Tally)
    files: dict[str, int] = field(default_factory=dict)  # new, updated, unchanged, edited, foreign
    notes: list[str] = field(default_factory=list)  # one line each: renamed slugs, unreachable media…
    problems: list[str] = field(default_factory=list)  # one line each: file:line: record: what was wrong

    @property
    def written(self) -> int:
        return self.files.get("new", 0) + self.files.get("updated", 0)

    def table(self) -> str:
        header = ("", "found", "written", "skipped", "why skipped")
        lines = [
            (label, str(row.found), str(row.written), str(row.skipped_total), row.why())
            for label, row in self.tally.rows.items()
        ]
        width = max(len(label) for label, *_ in [header, *lines])
        numbers = [max(len(line[i]) for line in [header, *lines]) for i in (1, 2, 3)]

        def format_line(cells: tuple[str, ...]) -> str:
            label, *counts, why = cells
            padded = "  ".join(count.rjust(numbers[i]) for i, count in enumerate(counts))
            return f"{label.ljust(width)}  {padded}  {why}".rstrip()

        return "\n".join(format_line(line) for line in [header, *lines])

    def render(self) -> str:
        self.tally.check()
        parts = [f"Imported {self.source} into {self.content}", "", self.table(), ""]
        files = self.files
        if self.written:
            parts.append(
                f"Files: {self.written} written ({files.get('new', 0)} new, {files.get('updated', 0)} updated), "
                f"{files.get('unchanged', 0)} unchanged."
            )
        else:
            parts.append(
                f"Nothing new: all {files.get('unchanged', 0)} files already hold what this export gives; "
                "nothing was written."
            )
        kept = files.get("edited", 0) + files.get("foreign", 0)
        if kept:
            parts.append(f"Kept {kept} files changed by hand instead of overwriting them; --force overwrites them.")
        if self.notes:
            parts += ["", "Notes:", *(f"  {note}" for note in self.notes)]
        if self.problems:
            parts += ["", "Skipped because they could not be read:", *(f"  {line}" for line in self.problems)]
        return "\n".join(parts)
