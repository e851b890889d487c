"""Reading ODK Central and KoboToolbox exports into submissions, with a report of every problem.

The two platforms flatten a submission differently:

============================  =================================  ================================
                              ODK Central (CSV, ZIP of CSV)       KoboToolbox (XLSX, CSV)
============================  =================================  ================================
group path in column names    ``profile-year_founded``            ``profile/year_founded``
instance id                   ``KEY`` (also ``meta-instanceID``)  ``meta/instanceID``, ``_uuid``
submission time               ``SubmissionDate``                  ``_submission_time``
repeat rows                   own CSV; ``PARENT_KEY`` → ``KEY``   own sheet; ``_parent_index`` →
                                                                  ``_index`` of
                                                                  ``_parent_table_name``
select_multiple               ``q`` (space-separated) and         ``q`` and ``q/choice`` (0/1)
                              ``q/choice`` (0/1) when split
geopoint                      ``q-Latitude`` … ``q-Accuracy``     ``q`` and ``_q_latitude`` …
                                                                  ``_q_precision``
============================  =================================  ================================

Both shapes are recognised by their columns, whatever the file names, so a user may pass the
files of one export in any order. Answers are keyed by question name, without group path.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Literal

from clusterdev.surveys._files import Cell, Table, load
from clusterdev.surveys._form import OTHER, Form, Question
from clusterdev.surveys._report import Report, Severity, Source

__all__ = [
    "Answer",
    "ExportData",
    "GeoPoint",
    "ImportPlan",
    "Submission",
    "plan_import",
    "read_export",
]

Platform = Literal["odk_central", "kobotoolbox", "unknown"]
Shape = Literal["central", "kobo", "generic"]
PLATFORMS: dict[Shape, Platform] = {
    "central": "odk_central",
    "kobo": "kobotoolbox",
    "generic": "unknown",
}

CENTRAL_META = {
    "SubmissionDate", "KEY", "PARENT_KEY", "SubmitterID", "SubmitterName",
    "AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits",
    "FormVersion",
}  # fmt: skip
KOBO_META = {
    "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
    "_submitted_by", "__version__", "_version_", "_tags", "_index", "_parent_table_name",
    "_parent_index", "_attachments", "_geolocation", "_xform_id_string", "_duration",
}  # fmt: skip
META_GROUPS = ("meta", "formhub")
META_PREFIXES = ("_submission_", "SET-OF-")
GEO_PARTS = {
    "latitude": "latitude",
    "longitude": "longitude",
    "altitude": "altitude",
    "accuracy": "accuracy",
    "precision": "accuracy",
}
CENTRAL_GEO = re.compile(r"^(?P<base>.+)-(?P<part>latitude|longitude|altitude|accuracy)$", re.I)
KOBO_GEO = re.compile(
    r"^(?:(?P<prefix>.*)/)?_(?P<name>[^/]+)_(?P<part>latitude|longitude|"
    r"altitude|precision)$"
)
KOBO_GEO_PATH = re.compile(r"^_(?P<base>.+)_(?P<part>latitude|longitude|altitude|precision)$")
REPEAT_KEY = re.compile(r"/(?P<name>[^/\[\]]+)\[\d+\]$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
INTEGER = re.compile(r"^[+-]?\d+(?:\.0*)?$")
DECIMAL = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
DATE_TYPES = ("date", "today")
DATETIME_TYPES = ("dateTime", "datetime", "start", "end")
SKIPPED_TYPES = ("note",)
TRUE = {"1", "true", "True", "TRUE"}


@dataclass(frozen=True)
class GeoPoint:
    """A GPS reading: degrees, metres above the ellipsoid, and accuracy in metres."""

    latitude: float
    longitude: float
    altitude: float | None = None
    accuracy: float | None = None


Answer = str | int | float | date | datetime | tuple[str, ...] | GeoPoint


@dataclass(frozen=True)
class Submission:
    """One submission of an export.

    ``answers`` are keyed by question name (no group path); without a form every value is text
    except select_multiple (a tuple) and geopoints, with a form they have the question's type
    (``int``, ``float``, ``date``, ``datetime``, tuples for select_multiple, :class:`GeoPoint`).
    Unanswered questions are absent. ``repeats`` maps each repeat group's name to its rows in
    order (rows of a repeat nested in another repeat are listed under their own name).
    ``content_hash`` digests the answers and repeats, not the metadata, so an export downloaded
    again gives the same hash unless someone changed an answer. ``meta`` holds the platform's
    other columns as text (``ReviewState``, ``SubmitterName``, ``_validation_status`` …).
    """

    instance_id: str
    form_id: str | None
    form_version: str | None
    submitted_at: datetime | None
    answers: dict[str, Answer]
    repeats: dict[str, list[dict[str, Answer]]]
    source: Source
    content_hash: str
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def respondent_actor_id(self) -> int | None:
        """The register id of the respondent's organisation (question ``respondent``), or
        ``None`` when it is missing or *Other*."""
        return _actor_id(self.answers.get("respondent"))


@dataclass(frozen=True)
class ExportData:
    """What :func:`read_export` read: the submissions, in file order without duplicates, and
    the report. Import nothing unless ``report.ok``."""

    submissions: list[Submission]
    report: Report
    form: Form | None
    platform: Platform

    @property
    def ok(self) -> bool:
        return self.report.ok


@dataclass(frozen=True)
class ImportPlan:
    """The submissions of an export sorted against those already stored (see
    :func:`plan_import`): ``new`` to write, ``unchanged`` to skip, ``conflicts`` that were
    stored before with other answers and are not overwritten."""

    new: list[Submission]
    unchanged: list[Submission]
    conflicts: list[Submission]
    report: Report

    @property
    def ok(self) -> bool:
        return self.report.ok


def read_export(paths: str | Path | Sequence[str | Path], form: Form | None = None) -> ExportData:
    """Read an export of ODK Central (CSV files or their ZIP) or KoboToolbox (XLSX or CSV).

    ``paths`` is one file or several (the main CSV and the repeat CSVs of ODK Central, in any
    order). With ``form``, answers are typed and checked against it (whole numbers, decimals,
    dates, choices, the actors of ``actors.csv``, minimum and maximum), the export's form id is
    checked, and network submissions are checked for ties that cannot be read. Data problems
    never raise: each goes into ``report`` with its file, sheet, row and column.

    >>> from pathlib import Path
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder, "export.csv")
    ...     _ = path.write_text(
    ...         "SubmissionDate,profile-year_founded,constraints,meta-instanceID,KEY\\n"
    ...         "2024-03-05T14:22:10.123Z,1998,finance skills,uuid:1,uuid:1\\n"
    ...     )
    ...     export = read_export(path)
    >>> export.platform, export.ok
    ('odk_central', True)
    >>> submission = export.submissions[0]
    >>> submission.instance_id, submission.answers
    ('uuid:1', {'year_founded': '1998', 'constraints': 'finance skills'})
    """
    files = [paths] if isinstance(paths, str | Path) else list(paths)
    report = Report()
    if not files:
        report.add("error", "file_not_found", "no file given", file="")
        return ExportData([], report, form, "unknown")
    tables = load(files, report)
    return _Reader(form, report).read(tables)


def plan_import(export: ExportData, *, existing: Mapping[str, str]) -> ImportPlan:
    """Sort ``export``'s submissions against ``existing`` (instance id → content hash of the
    submissions stored before): a known id with the same hash is skipped, a known id with
    another hash is a conflict (an error: it is not overwritten), the rest are new. The plan's
    report is the export's with these findings added.

    >>> export = ExportData([], Report(), None, "unknown")
    >>> plan_import(export, existing={}).new
    []
    """
    report = Report(list(export.report.problems))
    new: list[Submission] = []
    unchanged: list[Submission] = []
    conflicts: list[Submission] = []
    for submission in export.submissions:
        stored = existing.get(submission.instance_id)
        if stored is None:
            new.append(submission)
        elif stored == submission.content_hash:
            unchanged.append(submission)
        else:
            conflicts.append(submission)
            report.at(
                "error",
                "conflict",
                f"submission {submission.instance_id} was imported before with other "
                "answers; it is not overwritten (was it edited on the server?)",
                submission.source,
                None,
            )
    if unchanged:
        first = unchanged[0].source
        report.add(
            "note",
            "already_imported",
            f"{len(unchanged)} submission(s) were imported before with the same answers "
            "and are skipped",
            file=first.file,
            sheet=first.sheet,
        )
    return ImportPlan(new, unchanged, conflicts, report)


# --------------------------------------------------------------------------------------------
# Columns


@dataclass(frozen=True)
class _Column:
    index: int
    header: str
    name: str
    part: str = ""
    choice: str = ""


@dataclass
class _Layout:
    """How one table's columns map to questions and metadata."""

    shape: Shape
    main: bool
    questions: list[_Column]
    meta: dict[str, int]
    headers: dict[str, str]

    def value(self, cells: list[Cell], column: str) -> Cell:
        index = self.meta.get(column)
        return None if index is None else cells[index]


@dataclass
class _Row:
    answers: dict[str, Answer]
    repeats: dict[str, list[dict[str, Answer]]]
    source: Source
    headers: dict[str, str]
    meta: dict[str, str]
    instance_id: str = ""
    # An ODK Central row repeating another's KEY: repeat rows link to the key, so to both.
    same_key: _Row | None = None


@dataclass
class _RepeatRow:
    row: _Row
    name: str
    own: tuple[str, ...] | None
    parents: list[tuple[str, ...]]
    column: str


class _Reader:
    def __init__(self, form: Form | None, report: Report) -> None:
        self.form = form
        self.report = report
        self._row_headers: dict[str, dict[str, str]] = {}
        self._main_sheets: dict[str, list[str]] = defaultdict(list)
        self._repeat_sheets: dict[str, set[str]] = defaultdict(set)
        # Where each repeat row was read, by the identity of its answers dict.
        self._repeat_rows: dict[int, _Row] = {}

    def read(self, tables: list[Table]) -> ExportData:
        layouts = [(table, self._layout(table)) for table in tables]
        known = [(table, layout) for table, layout in layouts if layout is not None]
        mains = [(table, layout) for table, layout in known if layout.main]
        repeats = [(table, layout) for table, layout in known if not layout.main]
        platform: Platform = PLATFORMS[mains[0][1].shape] if mains else "unknown"
        if not mains and repeats:
            table = repeats[0][0]
            self.report.add(
                "error",
                "missing_table",
                "only repeat rows were given: add the export's main table (the CSV "
                "or sheet with one row per submission)",
                file=table.file,
                sheet=table.sheet,
            )
        for table, layout in known:
            if table.workbook is not None and table.sheet is not None:
                if layout.main:
                    self._main_sheets[table.workbook].append(table.sheet)
                else:
                    self._repeat_sheets[table.workbook].add(table.sheet)
        roots: list[_Row] = []
        targets: dict[tuple[str, ...], _Row] = {}
        for table, layout in mains:
            roots.extend(self._main_rows(table, layout, targets))
        if mains:
            self._attach(repeats, targets)
        if mains and not roots and self.report.ok:
            table = mains[0][0]
            self.report.add(
                "warning",
                "no_rows",
                "the export has no submissions",
                file=table.file,
                sheet=table.sheet,
            )
        self._check_repeat_tables(repeats, mains)
        submissions = self._submissions(roots)
        if self.form is not None:
            self._check_form(submissions, mains)
        return ExportData(submissions, self.report, self.form, platform)

    # -- layout --------------------------------------------------------------------------

    def _layout(self, table: Table) -> _Layout | None:
        header = set(table.header)
        if "PARENT_KEY" in header:
            shape: Shape = "central"
            main = False
        elif "_parent_index" in header:
            shape, main = "kobo", False
        elif header & {"KEY", "SubmissionDate", "meta-instanceID"}:
            shape, main = "central", True
        elif header & {"_uuid", "_id", "_submission_time", "meta/instanceID"}:
            shape, main = "kobo", True
        elif "instanceID" in header:
            shape, main = "generic", True
        else:
            self.report.add(
                "error",
                "missing_column",
                "no instance id column: an ODK Central export has KEY and "
                "meta-instanceID, a KoboToolbox export _uuid and meta/instanceID, a "
                "repeat table PARENT_KEY or _parent_index",
                file=table.file,
                sheet=table.sheet,
                row=1,
            )
            return None
        meta: dict[str, int] = {}
        questions: list[_Column] = []
        headers = list(dict.fromkeys(h for h in table.header if h))
        present = set(headers)
        for column in headers:
            index = table.header.index(column)
            if _is_meta(column, shape):
                meta[column] = index
                continue
            questions.append(self._column(index, column, shape, present))
        layout = _Layout(shape, main, [], meta, {})
        self._name_columns(table, layout, questions)
        return layout

    def _column(self, index: int, column: str, shape: Shape, present: set[str]) -> _Column:
        geo = CENTRAL_GEO.match(column) if shape != "kobo" else None
        if geo is not None and self._maybe_geopoint(self._name(geo["base"], shape)):
            part = GEO_PARTS[geo["part"].lower()]
            return _Column(index, column, self._name(geo["base"], shape), part)
        if shape != "central":
            kobo = KOBO_GEO.match(column)
            if kobo is not None and self._maybe_geopoint(kobo["name"]):
                return _Column(index, column, kobo["name"], GEO_PARTS[kobo["part"]])
            path = KOBO_GEO_PATH.match(column)
            if path is not None and self._maybe_geopoint(self._name(path["base"], shape)):
                name = self._name(path["base"], shape)
                return _Column(index, column, name, GEO_PARTS[path["part"]])
        if "/" in column:
            summary, choice = column.rsplit("/", 1)
            name = self._name(summary, shape)
            question = self._question(name)
            if summary in present or (question is not None and question.is_multiple):
                return _Column(index, column, name, "choice", choice)
        return _Column(index, column, self._name(column, shape))

    def _name(self, column: str, shape: Shape) -> str:
        """The question name of a column: its last path segment, unless the form knows the
        whole column as a name (XLSForm names may contain '-')."""
        if self.form is not None and self.form.field(column) is not None:
            return column
        last = column.rsplit("/", 1)[-1]
        if shape == "central" and (self.form is None or self.form.field(last) is None):
            last = last.rsplit("-", 1)[-1]
        return last

    def _question(self, name: str) -> Question | None:
        if self.form is None:
            return None
        place = self.form.field(name)
        return None if place is None else place.question

    def _maybe_geopoint(self, name: str) -> bool:
        if self.form is None:
            return True
        question = self._question(name)
        return question is not None and question.type == "geopoint"

    def _name_columns(self, table: Table, layout: _Layout, questions: list[_Column]) -> None:
        """Keep the columns of known questions; report unknown and clashing ones once."""
        owner: dict[tuple[str, str, str], str] = {}
        unknown = []
        for column in questions:
            question = self._question(column.name)
            if self.form is not None and question is None:
                unknown.append(column.header)
                continue
            if question is not None and question.type in SKIPPED_TYPES:
                continue
            key = (column.name, column.part, column.choice)
            if key in owner:
                self.report.add(
                    "warning",
                    "duplicate_column",
                    f"columns {owner[key]!r} and {column.header!r} both hold "
                    f"{column.name!r}; the second is read as {column.header!r}",
                    file=table.file,
                    sheet=table.sheet,
                    row=1,
                    column=column.header,
                )
                column = _Column(
                    column.index, column.header, column.header, column.part, column.choice
                )
            owner[(column.name, column.part, column.choice)] = column.header
            layout.questions.append(column)
            layout.headers.setdefault(column.name, column.header)
        if unknown:
            listed = ", ".join(repr(h) for h in unknown[:8])
            more = f" and {len(unknown) - 8} more" if len(unknown) > 8 else ""
            assert self.form is not None
            self.report.add(
                "warning",
                "unknown_column",
                f"{len(unknown)} column(s) are not questions of form "
                f"{self.form.form_id}: {listed}{more}; they are not read",
                file=table.file,
                sheet=table.sheet,
                row=1,
            )

    # -- rows ----------------------------------------------------------------------------

    def _row(self, table: Table, layout: _Layout, number: int, cells: list[Cell]) -> _Row:
        source = Source(table.file, table.sheet, number)
        answers: dict[str, Answer] = {}
        parts: dict[str, dict[str, tuple[Cell, str]]] = defaultdict(dict)
        for column in layout.questions:
            cell = cells[column.index]
            if column.part:
                key = column.choice if column.part == "choice" else column.part
                parts[column.name][key] = (cell, column.header)
                continue
            value = self._value(column.name, cell, source, column.header)
            if value is not None:
                answers[column.name] = value
        for name, pieces in parts.items():
            header = layout.headers.get(name, next(iter(pieces.values()))[1])
            if any(key in GEO_PARTS.values() for key in pieces):
                point = self._geopoint(pieces, source)
                if point is not None:
                    answers[name] = point
                elif name in answers and isinstance(answers[name], str):
                    answers[name] = self._geo_text(str(answers[name]), source, header)
            else:
                self._choices(name, pieces, answers, source, header)
        meta = {column: _text(cells[index]) or "" for column, index in layout.meta.items()}
        meta = {column: value for column, value in meta.items() if value}
        return _Row(answers, {}, source, dict(layout.headers), meta)

    def _main_rows(
        self, table: Table, layout: _Layout, targets: dict[tuple[str, ...], _Row]
    ) -> list[_Row]:
        rows = []
        id_columns = _ID_COLUMNS[layout.shape]
        if not any(column in layout.meta for column in id_columns):
            self.report.add(
                "error",
                "missing_column",
                f"no instance id column ({' or '.join(id_columns)})",
                file=table.file,
                sheet=table.sheet,
                row=1,
            )
            return []
        for number, cells in table.rows:
            row = self._row(table, layout, number, cells)
            instance_id = next(
                (
                    _instance_id(layout.value(cells, c))
                    for c in id_columns
                    if _instance_id(layout.value(cells, c))
                ),
                "",
            )
            if not instance_id:
                self.report.at(
                    "error",
                    "missing_value",
                    f"no instance id ({' or '.join(id_columns)} is empty)",
                    row.source,
                    None,
                )
                continue
            row.instance_id = instance_id
            rows.append(row)
            if layout.shape == "kobo":
                index = _text(layout.value(cells, "_index"))
                if index:
                    targets.setdefault(
                        ("kobo", table.workbook or table.file, table.sheet or "", index), row
                    )
            else:
                key = _text(layout.value(cells, "KEY")) or instance_id
                row.same_key = targets.get(("key", key))
                targets.setdefault(("key", key), row)
                targets.setdefault(("key", instance_id), row)
        return rows

    def _attach(
        self, repeats: list[tuple[Table, _Layout]], targets: dict[tuple[str, ...], _Row]
    ) -> None:
        """Link repeat rows to their submissions, through the rows of enclosing repeats."""
        entries: list[_RepeatRow] = []
        keyed: dict[tuple[str, ...], _RepeatRow] = {}
        for table, layout in repeats:
            name = self._repeat_name(table, layout)
            for number, cells in table.rows:
                row = self._row(table, layout, number, cells)
                own, parents, column = self._links(table, layout, cells)
                if not parents:
                    self.report.at(
                        "error",
                        "broken_repeat",
                        f"repeat row without a parent ({column} is empty)",
                        row.source,
                        column,
                    )
                    continue
                entry = _RepeatRow(row, name, own, parents, column)
                if own is not None and own in keyed:
                    self._duplicate_repeat(keyed[own], entry)
                    continue
                if own is not None:
                    keyed[own] = entry
                entries.append(entry)
        for entry in entries:
            root = self._root(entry, keyed, targets, depth=0)
            if root is None:
                self.report.at(
                    "error",
                    "broken_repeat",
                    f"repeat row of {entry.name!r} points to parent "
                    f"{entry.parents[0][-1]!r}, which is not in the export",
                    entry.row.source,
                    entry.column,
                )
                continue
            root.repeats.setdefault(entry.name, []).append(entry.row.answers)
            self._repeat_rows[id(entry.row.answers)] = entry.row

    def _links(
        self, table: Table, layout: _Layout, cells: list[Cell]
    ) -> tuple[tuple[str, ...] | None, list[tuple[str, ...]], str]:
        """A repeat row's own key, the keys its parent may have, and the linking column."""
        own: tuple[str, ...] | None
        if layout.shape == "central":
            key = _text(layout.value(cells, "KEY"))
            parent = _text(layout.value(cells, "PARENT_KEY"))
            own = ("key", key) if key else None
            return own, [("key", parent)] if parent else [], "PARENT_KEY"
        book = table.workbook or table.file
        index = _text(layout.value(cells, "_index"))
        own = ("kobo", book, table.sheet or "", index) if index else None
        parent_index = _text(layout.value(cells, "_parent_index"))
        if not parent_index:
            return own, [], "_parent_index"
        name = _text(layout.value(cells, "_parent_table_name")) or ""
        # Excel cuts sheet names at 31 characters and refuses some characters, so the
        # _parent_table_name KoboToolbox writes may differ from the sheet's name; the main
        # sheet is named after the form's title.
        sheets = [name[:31], re.sub(r"[\\/*?:\[\]]", "", name)[:31]]
        if name[:31] not in self._repeat_sheets.get(book, set()):
            sheets.extend(self._main_sheets.get(book, []))
        parents: list[tuple[str, ...]] = [
            ("kobo", book, sheet, parent_index) for sheet in dict.fromkeys(sheets)
        ]
        return own, parents, "_parent_index"

    def _root(
        self,
        entry: _RepeatRow,
        keyed: dict[tuple[str, ...], _RepeatRow],
        targets: dict[tuple[str, ...], _Row],
        depth: int,
    ) -> _Row | None:
        for key in entry.parents:
            if key in targets:
                return targets[key]
            parent = keyed.get(key)
            if parent is not None and depth < 32:
                return self._root(parent, keyed, targets, depth + 1)
        return None

    def _duplicate_repeat(self, first: _RepeatRow, again: _RepeatRow) -> None:
        key = first.own[-1] if first.own else ""
        column = "KEY" if first.column == "PARENT_KEY" else "_index"
        if first.row.answers == again.row.answers and first.parents == again.parents:
            self.report.at(
                "note",
                "duplicate_row",
                f"the same repeat row as row {first.row.source.row}; read once",
                again.row.source,
                column,
            )
        else:
            self.report.at(
                "error",
                "duplicate_id",
                f"{column} {key!r} is also on row {first.row.source.row}, with other answers",
                again.row.source,
                column,
            )

    def _repeat_name(self, table: Table, layout: _Layout) -> str:
        names = self.form.repeats() if self.form is not None else []
        if layout.shape == "central":
            for _, cells in table.rows:
                match = REPEAT_KEY.search(_text(layout.value(cells, "KEY")) or "")
                if match:
                    return match["name"]
        sheet = table.sheet or table.stem
        if sheet in names:
            return sheet
        for name in names:
            if name.startswith(sheet) and len(sheet) >= 31:
                return name  # Excel cuts sheet names at 31 characters
            if any(re.search(rf"(^|[/-]){re.escape(name)}[/-]", h) for h in table.header):
                return name
        return sheet.rsplit("-", 1)[-1] if layout.shape == "central" else sheet

    def _check_repeat_tables(
        self, repeats: list[tuple[Table, _Layout]], mains: list[tuple[Table, _Layout]]
    ) -> None:
        for table, layout in mains:
            linked = table.workbook is not None and any(
                other.workbook == table.workbook for other, _ in repeats
            )
            if layout.shape == "kobo" and linked and "_index" not in layout.meta:
                self.report.add(
                    "error",
                    "missing_column",
                    "no _index column, so the repeat sheets cannot be linked to their submissions",
                    file=table.file,
                    sheet=table.sheet,
                    row=1,
                )
        if self.form is None or not mains:
            return
        found = {self._repeat_name(table, layout) for table, layout in repeats}
        table = mains[0][0]
        for name in self.form.repeats():
            if name in found:
                continue
            severity: Severity = (
                "error" if self.form.kind == "network" and name == "partners" else "warning"
            )
            kobo_csv = mains[0][1].shape == "kobo" and table.sheet is None
            advice = (
                " (KoboToolbox CSV exports leave repeats out: export XLSX instead)"
                if kobo_csv
                else " (give its CSV file or sheet too)"
            )
            self.report.add(
                severity,
                "missing_table",
                f"the export has no table for the repeat group {name!r}{advice}",
                file=table.file,
                sheet=table.sheet,
            )

    # -- values --------------------------------------------------------------------------

    def _value(self, name: str, cell: Cell, source: Source, header: str) -> Answer | None:
        text = _text(cell)
        if text is None:
            return None
        question = self._question(name)
        if question is None:
            return text
        kind = question.type
        if kind == "integer":
            return self._number(question, cell, text, source, header, whole=True)
        if kind == "decimal":
            return self._number(question, cell, text, source, header, whole=False)
        if kind in DATE_TYPES:
            return self._date(cell, text, source, header)
        if kind in DATETIME_TYPES:
            return self._datetime(cell, text, source, header)
        if kind == "geopoint":
            return self._geo_text(text, source, header)
        if question.is_multiple:
            values = tuple(text.split())
            self._check_choices(question, values, source, header)
            return values or None
        if question.is_select:
            self._check_choices(question, (text,), source, header)
        return text

    def _number(
        self,
        question: Question,
        cell: Cell,
        text: str,
        source: Source,
        header: str,
        *,
        whole: bool,
    ) -> Answer:
        value: int | float
        if isinstance(cell, bool):
            cell = text
        if isinstance(cell, int | float) and not (whole and not float(cell).is_integer()):
            value = int(cell) if whole else float(cell)
        elif whole and INTEGER.match(text):
            value = int(float(text))
        elif not whole and DECIMAL.match(text):
            value = float(text)
        else:
            what = "a whole number" if whole else "a number"
            advice = " (write decimals with a point)" if re.match(r"^-?\d+,\d+$", text) else ""
            self.report.at("error", "wrong_type", f"{text!r} is not {what}{advice}", source, header)
            return text
        if not math.isfinite(value):
            self.report.at(
                "error", "wrong_type", f"{text!r} is not a finite number", source, header
            )
            return text
        if question.minimum is not None and value < question.minimum:
            self.report.at(
                "error",
                "out_of_range",
                f"{text} is below the minimum, {_shown(question.minimum)}",
                source,
                header,
            )
        if question.maximum is not None and value > question.maximum:
            self.report.at(
                "error",
                "out_of_range",
                f"{text} is above the maximum, {_shown(question.maximum)}",
                source,
                header,
            )
        return value

    def _date(self, cell: Cell, text: str, source: Source, header: str) -> Answer:
        if isinstance(cell, datetime):
            return cell.date()
        if isinstance(cell, date):
            return cell
        try:
            if not re.match(r"^\d{4}-\d\d-\d\d(T|$)", text):
                raise ValueError(text)
            return date.fromisoformat(text[:10])
        except ValueError:
            self.report.at(
                "error", "wrong_type", f"{text!r} is not a date (YYYY-MM-DD)", source, header
            )
            return text

    def _datetime(self, cell: Cell, text: str, source: Source, header: str) -> Answer:
        if isinstance(cell, datetime):
            return cell
        parsed = _parse_datetime(text)
        if parsed is None:
            self.report.at(
                "error",
                "wrong_type",
                f"{text!r} is not a date and time (ISO 8601, such as "
                "2024-03-05T10:12:00.000-05:00)",
                source,
                header,
            )
            return text
        return parsed

    def _geo_text(self, text: str, source: Source, header: str) -> Answer:
        pieces = text.split()
        if len(pieces) < 2 or len(pieces) > 4:
            self.report.at(
                "error",
                "wrong_type",
                f"{text!r} is not a GPS point (latitude longitude [altitude [accuracy]])",
                source,
                header,
            )
            return text
        named = dict(zip(("latitude", "longitude", "altitude", "accuracy"), pieces, strict=False))
        point = self._geopoint({k: (v, header) for k, v in named.items()}, source)
        return point if point is not None else text

    def _geopoint(self, pieces: dict[str, tuple[Cell, str]], source: Source) -> GeoPoint | None:
        numbers: dict[str, float | None] = {}
        for part in ("latitude", "longitude", "altitude", "accuracy"):
            cell, header = pieces.get(part, (None, ""))
            text = _text(cell)
            if text is None:
                numbers[part] = None
                continue
            try:
                numbers[part] = float(text)
            except ValueError:
                self.report.at(
                    "error", "wrong_type", f"{part} {text!r} is not a number", source, header
                )
                return None
        latitude, longitude = numbers["latitude"], numbers["longitude"]
        if latitude is None and longitude is None:
            return None
        header = next(h for _, h in pieces.values())
        if latitude is None or longitude is None:
            self.report.at(
                "error",
                "wrong_type",
                "a GPS point needs both latitude and longitude",
                source,
                header,
            )
            return None
        for part, value, limit in (("latitude", latitude, 90), ("longitude", longitude, 180)):
            if not -limit <= value <= limit:
                self.report.at(
                    "error",
                    "out_of_range",
                    f"{part} {_shown(value)} is outside -{limit}…{limit}",
                    source,
                    pieces[part][1],
                )
                return None
        return GeoPoint(latitude, longitude, numbers["altitude"], numbers["accuracy"])

    def _choices(
        self,
        name: str,
        pieces: dict[str, tuple[Cell, str]],
        answers: dict[str, Answer],
        source: Source,
        header: str,
    ) -> None:
        """Read a select_multiple from its 0/1 columns when the summary column is absent or
        empty, and check that both agree when both are there."""
        chosen = tuple(choice for choice, (cell, _) in pieces.items() if _text(cell) in TRUE)
        for cell, column in pieces.values():
            text = _text(cell)
            if text is not None and text not in TRUE and text not in ("0", "false", "False"):
                self.report.at("error", "wrong_type", f"{text!r} is not 0 or 1", source, column)
        summary = answers.get(name)
        if summary is None:
            if chosen:
                question = self._question(name)
                if question is not None:
                    self._check_choices(question, chosen, source, header)
                answers[name] = chosen
            return
        if isinstance(summary, str):
            summary = tuple(summary.split())
            answers[name] = summary
        if isinstance(summary, tuple) and set(summary) & set(pieces) != set(chosen):
            self.report.at(
                "warning",
                "inconsistent_choices",
                f"the answer {' '.join(summary)!r} and the 0/1 choice columns "
                f"({' '.join(chosen) or 'none'}) disagree; the answer is read",
                source,
                header,
            )

    def _check_choices(
        self, question: Question, values: tuple[str, ...], source: Source, header: str
    ) -> None:
        assert self.form is not None
        allowed = self.form.choice_names(question)
        if allowed is None:
            return
        wrong = [value for value in values if value not in allowed]
        if not wrong:
            return
        if question.choices.endswith(".csv"):
            what = "not an actor of the register the form was made with"
        else:
            what = f"not a choice of the list {question.choices!r}"
        listed = ", ".join(repr(value) for value in wrong)
        self.report.at("error", "wrong_choice", f"{listed} is {what}", source, header)

    # -- submissions ---------------------------------------------------------------------

    def _submissions(self, roots: list[_Row]) -> list[Submission]:
        first: dict[str, Submission] = {}
        submissions: list[Submission] = []
        for row in roots:
            if row.same_key is not None:
                row.repeats = row.same_key.repeats
            submission = _submission(row)
            earlier = first.get(submission.instance_id)
            if earlier is None:
                first[submission.instance_id] = submission
                submissions.append(submission)
                self._row_headers[submission.instance_id] = row.headers
                continue
            if earlier.content_hash == submission.content_hash:
                self.report.at(
                    "note",
                    "duplicate_row",
                    f"submission {submission.instance_id} is also on row "
                    f"{earlier.source.row} with the same answers; read once",
                    submission.source,
                    None,
                )
            else:
                self.report.at(
                    "error",
                    "duplicate_id",
                    f"instance id {submission.instance_id} is also on "
                    f"{_place(earlier.source, submission.source)}, with other "
                    "answers",
                    submission.source,
                    None,
                )
        return submissions

    def _check_form(
        self, submissions: list[Submission], mains: list[tuple[Table, _Layout]]
    ) -> None:
        assert self.form is not None
        form = self.form
        others = sorted({s.form_id for s in submissions if s.form_id and s.form_id != form.form_id})
        if others and mains:
            table = mains[0][0]
            self.report.add(
                "error",
                "wrong_form",
                f"these submissions are of form {', '.join(others)}, not "
                f"{form.form_id}: choose the matching survey",
                file=table.file,
                sheet=table.sheet,
            )
        versions = sorted({s.form_version for s in submissions if s.form_version} - {form.version})
        if versions and not others and mains:
            table = mains[0][0]
            self.report.add(
                "note",
                "other_version",
                f"some submissions were made with version(s) {', '.join(versions)} "
                f"of the form; the current version is {form.version}",
                file=table.file,
                sheet=table.sheet,
            )
        foreign = bool(others)
        for table, layout in mains:
            missing = [
                place.question.name
                for place in form.fields()
                if place.repeat is None
                and place.question.type not in SKIPPED_TYPES
                and place.question.name not in layout.headers
            ]
            if missing and len(missing) * 2 > len(form.fields()):
                foreign = True
                self.report.add(
                    "error",
                    "missing_column",
                    f"{len(missing)} of the form's questions have no column: is this "
                    f"an export of {form.form_id}, with XML values as headers?",
                    file=table.file,
                    sheet=table.sheet,
                    row=1,
                )
            elif missing:
                listed = ", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
                self.report.add(
                    "warning",
                    "missing_column",
                    f"{len(missing)} question(s) of the form have no column: {listed}",
                    file=table.file,
                    sheet=table.sheet,
                    row=1,
                )
        if foreign:
            return  # row by row checks would only repeat that this is another form's export
        self._check_respondents(submissions)
        if form.kind == "network":
            for submission in submissions:
                self._check_network(submission)

    def _header(self, submission: Submission, name: str) -> str:
        return self._row_headers.get(submission.instance_id, {}).get(name, name)

    def _check_respondents(self, submissions: list[Submission]) -> None:
        seen: dict[int, Submission] = {}
        for submission in submissions:
            if submission.answers.get("consent") == "no":
                continue
            if "respondent" not in submission.answers:
                self.report.at(
                    "error",
                    "missing_value",
                    "no respondent: the organisation that answered is required",
                    submission.source,
                    self._header(submission, "respondent"),
                )
                continue
            actor = submission.respondent_actor_id
            if actor is None:
                continue
            if actor in seen:
                self.report.at(
                    "warning",
                    "respondent_twice",
                    f"actor {actor} also answered in submission "
                    f"{seen[actor].instance_id} ({seen[actor].source})",
                    submission.source,
                    self._header(submission, "respondent"),
                )
            else:
                seen[actor] = submission

    def _check_network(self, submission: Submission) -> None:
        for number, answers in enumerate(submission.repeats.get("partners", []), start=1):
            row = self._repeat_rows.get(id(answers))
            source = row.source if row is not None else submission.source
            headers = row.headers if row is not None else {}
            for name, message in tie_problems(submission, answers, number):
                self.report.at("error", "broken_tie", message, source, headers.get(name, name))


def tie_problems(
    submission: Submission, row: Mapping[str, Answer], number: int
) -> list[tuple[str, str]]:
    """Why partner ``number`` of a network submission cannot become a tie, as (question,
    message) pairs; empty when it can."""
    partner = row.get("partner")
    respondent = submission.answers.get("respondent")
    where = f"partner {number} of {submission.instance_id}"
    problems = []
    if partner is None:
        problems.append(("partner", f"{where}: no partner chosen"))
    elif partner == OTHER and not str(row.get("partner_other") or "").strip():
        problems.append(("partner_other", f"{where}: 'Other' chosen without the partner's name"))
    elif partner != OTHER and partner == respondent:
        problems.append(("partner", f"{where}: the respondent names itself as partner"))
    if not row.get("tie_types"):
        problems.append(("tie_types", f"{where}: no type of relationship"))
    return problems


def _is_meta(column: str, shape: Shape) -> bool:
    """Whether a column is the platform's metadata rather than a question."""
    if column in CENTRAL_META or column in KOBO_META or column.startswith(META_PREFIXES):
        return True
    first = re.split(r"[/-]" if shape == "central" else "/", column, maxsplit=1)[0]
    if first in META_GROUPS or column == "instanceID":
        return True
    return (
        shape == "kobo"
        and column.startswith("_")
        and not KOBO_GEO.match(column)
        and not KOBO_GEO_PATH.match(column)
    )


_ID_COLUMNS: dict[Shape, tuple[str, ...]] = {
    "central": ("KEY", "meta-instanceID", "meta/instanceID", "instanceID"),
    "kobo": ("meta/rootUuid", "meta/instanceID", "_uuid", "instanceID"),
    "generic": ("meta/instanceID", "meta-instanceID", "instanceID"),
}


def _submission(row: _Row) -> Submission:
    answers = dict(row.answers)
    meta = row.meta
    submitted = meta.get("SubmissionDate") or meta.get("_submission_time")
    version = answers.get("form_version") or meta.get("FormVersion") or meta.get("__version__")
    form_id = answers.get("form_id")
    return Submission(
        instance_id=row.instance_id,
        form_id=str(form_id) if form_id else None,
        form_version=str(version) if version else None,
        submitted_at=_parse_datetime(submitted, utc=True) if submitted else None,
        answers=answers,
        repeats={name: list(rows) for name, rows in row.repeats.items()},
        source=row.source,
        content_hash=content_hash(answers, row.repeats),
        meta=dict(meta),
    )


def content_hash(
    answers: Mapping[str, Answer], repeats: Mapping[str, Sequence[Mapping[str, Answer]]]
) -> str:
    """A SHA-256 digest of answers and repeats, independent of column order and of how a
    number was written (``12``, ``12.0``) or a select_multiple ordered."""
    canonical = {
        "answers": {name: _canonical(value) for name, value in answers.items()},
        "repeats": {
            name: [{key: _canonical(value) for key, value in row.items()} for row in rows]
            for name, rows in repeats.items()
        },
    }
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(value: Answer) -> str | list[str]:
    if isinstance(value, tuple):
        return sorted(value)
    if isinstance(value, GeoPoint):
        return [
            _shown(v) if v is not None else ""
            for v in (value.latitude, value.longitude, value.altitude, value.accuracy)
        ]
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return _shown(value)
    return value


def _shown(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _text(cell: Cell) -> str | None:
    """A cell as text: ``None`` when empty; numbers without a spurious ``.0``."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, float):
        return _shown(cell) if math.isfinite(cell) else repr(cell)
    if isinstance(cell, datetime | date | time):
        return cell.isoformat()
    text = str(cell).strip()
    return text or None


def _instance_id(cell: Cell) -> str:
    text = _text(cell) or ""
    return f"uuid:{text}" if UUID.match(text) else text


def _parse_datetime(text: str, *, utc: bool = False) -> datetime | None:
    """An ISO 8601 date and time; with ``utc``, one without offset is taken as UTC (as
    KoboToolbox writes ``_submission_time``)."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if utc and parsed.tzinfo is None else parsed


def _place(first: Source, second: Source) -> str:
    if (first.file, first.sheet) == (second.file, second.sheet):
        return f"row {first.row}"
    return str(first)


def _actor_id(value: Answer | None) -> int | None:
    if isinstance(value, str) and value.isdecimal():
        return int(value)
    if isinstance(value, int):
        return value
    return None
