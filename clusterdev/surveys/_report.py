"""The problem report of an export read: every problem with its file, sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Problem", "Report", "Severity", "Source"]

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True)
class Source:
    """Where a row was read: the file, the sheet (``None`` in a CSV) and the row as a
    spreadsheet shows it (the header is row 1, the first submission row 2)."""

    file: str
    sheet: str | None
    row: int

    def __str__(self) -> str:
        sheet = f", sheet {self.sheet!r}" if self.sheet is not None else ""
        return f"{self.file}{sheet}, row {self.row}"


@dataclass(frozen=True)
class Problem:
    """One problem found in an export.

    ``severity`` is ``error`` (the export must not be imported as it is), ``warning`` (it can
    be, but someone should look) or ``note`` (for the record, e.g. a duplicate row dropped).
    ``code`` is a stable key for programs (``missing_column``, ``wrong_type``, …); ``message``
    is one English sentence for people. ``row`` and ``column`` are ``None`` when the problem
    is not one row's or one column's.
    """

    severity: Severity
    code: str
    message: str
    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        place = [self.file]
        if self.sheet is not None:
            place.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            place.append(f"row {self.row}")
        if self.column is not None:
            place.append(f"column {self.column!r}")
        return f"{self.severity}: {', '.join(place)}: {self.message}"


@dataclass
class Report:
    """Every problem found, in the order found.

    >>> report = Report()
    >>> report.add("error", "missing_column", "no instance id column", file="export.csv")
    >>> report.ok, len(report.errors)
    (False, 1)
    >>> print(report)
    error: export.csv: no instance id column
    """

    problems: list[Problem] = field(default_factory=list)

    def add(
        self,
        severity: Severity,
        code: str,
        message: str,
        *,
        file: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.problems.append(Problem(severity, code, message, file, sheet, row, column))

    def at(
        self, severity: Severity, code: str, message: str, source: Source, column: str | None
    ) -> None:
        """Add a problem of the row read at ``source``."""
        self.add(
            severity,
            code,
            message,
            file=source.file,
            sheet=source.sheet,
            row=source.row,
            column=column,
        )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "note"]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings and notes allowed)."""
        return not self.errors

    def codes(self) -> set[str]:
        return {problem.code for problem in self.problems}

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)
