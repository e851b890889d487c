"""Reading export files into tables of cells: CSV (any of the encodings and separators that
exports and spreadsheets write), XLSX workbooks (one table per sheet) and ODK Central's ZIP of
CSV files. Problems go into the report; a file that cannot be read gives no table."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from clusterdev.surveys._report import Report

__all__ = ["Cell", "Table", "load"]

Cell = str | int | float | bool | datetime | date | time | None

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
SEPARATORS = (",", ";", "\t")
CP1252_HINT = (
    "Export the data again from ODK Central or KoboToolbox (they write UTF-8), or save it from "
    "Excel as 'CSV UTF-8'"
)


@dataclass
class Table:
    """One sheet or CSV file: its header and its rows, each with its row number as a
    spreadsheet shows it (the header is row 1)."""

    file: str
    sheet: str | None
    header: list[str]
    rows: list[tuple[int, list[Cell]]]
    workbook: str | None = None

    @property
    def stem(self) -> str:
        return Path(self.file).stem


def load(paths: Sequence[str | Path], report: Report) -> list[Table]:
    """The tables of every readable file in ``paths``, in order."""
    tables: list[Table] = []
    for path in paths:
        tables.extend(_load_file(Path(path), report))
    return tables


def _load_file(path: Path, report: Report) -> list[Table]:
    name = path.name
    if not path.is_file():
        report.add("error", "file_not_found", "no such file", file=str(path))
        return []
    data = path.read_bytes()
    if not data.strip():
        report.add("error", "empty_file", "the file is empty", file=name)
        return []
    suffix = path.suffix.lower()
    if data.startswith(OLE_MAGIC):
        report.add(
            "error",
            "not_a_workbook",
            "an old Excel 97–2003 workbook (.xls): save it as .xlsx, or export the data "
            "again as XLSX or CSV",
            file=name,
        )
        return []
    if data.startswith(ZIP_MAGIC):
        return _load_zip(name, data, report)
    if suffix in WORKBOOK_SUFFIXES:
        report.add(
            "error",
            "not_a_workbook",
            f"named {suffix} but it is not an Excel workbook: {_looks_like(data)}",
            file=name,
        )
        return []
    table = _csv_table(name, data, report)
    return [table] if table is not None else []


def _looks_like(data: bytes) -> str:
    head = data[:512].lstrip(codecs.BOM_UTF8).lstrip()
    if head[:1] == b"<":
        return "it holds HTML or XML text (a web page saved under this name?)"
    try:
        text = head.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        return "its content is not a spreadsheet format clusterdev knows"
    if any(separator in text for separator in SEPARATORS):
        return "it holds CSV text; rename it .csv"
    return "it holds plain text"


def _load_zip(name: str, data: bytes, report: Report) -> list[Table]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.namelist()
    except (zipfile.BadZipFile, OSError) as error:
        report.add("error", "not_a_workbook", f"a damaged ZIP archive ({error})", file=name)
        return []
    if any(member.startswith("xl/") for member in members):
        return _workbook_tables(name, data, report)
    csvs = [m for m in members if m.lower().endswith(".csv") and not m.startswith("media/")]
    if not csvs:
        report.add(
            "error",
            "not_a_workbook",
            "a ZIP archive with neither an Excel workbook nor CSV files",
            file=name,
        )
        return []
    tables = []
    for member in csvs:
        try:
            content = archive.read(member)
        except (zipfile.BadZipFile, OSError) as error:
            report.add("error", "not_a_workbook", f"{member} cannot be read ({error})", file=name)
            continue
        label = f"{name}/{member}"
        if not content.strip():
            report.add("error", "empty_file", "the file is empty", file=label)
            continue
        table = _csv_table(label, content, report)
        if table is not None:
            tables.append(table)
    return tables


def _workbook_tables(name: str, data: bytes, report: Report) -> list[Table]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged or foreign file
        report.add(
            "error",
            "not_a_workbook",
            f"not a readable Excel workbook ({type(error).__name__}: {error})",
            file=name,
        )
        return []
    tables = []
    try:
        for sheet in book.worksheets:
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
            table = _table(name, sheet.title, rows, report)
            if table is not None:
                table.workbook = name
                tables.append(table)
    finally:
        book.close()
    if not tables:
        report.add("error", "empty_file", "the workbook has no sheet with data", file=name)
    return tables


def _csv_table(name: str, data: bytes, report: Report) -> Table | None:
    text = _decode(name, data, report)
    first_line = text.split("\n", 1)[0]
    separator = max(SEPARATORS, key=lambda s: len(next(csv.reader([first_line], delimiter=s))))
    rows: list[list[Cell]] = []
    try:
        rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator)]
    except csv.Error as error:
        report.add("error", "broken_csv", f"the CSV text is broken ({error})", file=name)
        return None
    return _table(name, None, rows, report)


def _decode(name: str, data: bytes, report: Report) -> str:
    """The text of a CSV file: UTF-8 (with or without a byte-order mark) or UTF-16 with a mark;
    anything else is read as Windows-1252 to find the other problems, with an error saying so."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        try:
            text, encoding = data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "Latin-1 (ISO 8859-1)"
        character = bytes([byte]).decode("cp1252", errors="replace")
        report.add(
            "error",
            "encoding",
            f"the file is not UTF-8: byte 0x{byte:02X} on line {line} is not valid UTF-8; "
            f"the file looks like {encoding} (where that byte is {character!r}), as "
            f"Excel saves CSV files. {CP1252_HINT}",
            file=name,
        )
        return text


def _table(name: str, sheet: str | None, rows: list[list[Cell]], report: Report) -> Table | None:
    """A table from raw rows: the first non-empty row is the header; empty rows are skipped;
    blank and duplicate columns are reported, and ragged rows reported and left out."""
    numbered = [(number, row) for number, row in enumerate(rows, start=1) if not _blank(row)]
    if not numbered:
        if sheet is None:
            report.add("error", "empty_file", "the file has no header and no rows", file=name)
        return None
    header_number, header_cells = numbered[0]
    header = [_header(cell) for cell in header_cells]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    seen: dict[str, int] = {}
    for index, column in enumerate(header, start=1):
        if not column:
            report.add(
                "error",
                "blank_column",
                f"column {index} of the header has no name",
                file=name,
                sheet=sheet,
                row=header_number,
            )
        elif column in seen:
            report.add(
                "error",
                "duplicate_column",
                f"the header names column {column!r} twice (columns {seen[column]} and "
                f"{index}); only the first is read",
                file=name,
                sheet=sheet,
                row=header_number,
                column=column,
            )
        else:
            seen[column] = index
    body: list[tuple[int, list[Cell]]] = []
    for number, row in numbered[1:]:
        cells = list(row)
        extra = cells[width:]
        if any(not _blank([cell]) for cell in extra) or (sheet is None and len(cells) < width):
            report.add(
                "error",
                "ragged_row",
                f"the row has {len(cells)} cells but the header has {width} columns "
                "(a separator or quote inside a value?); its cells cannot be matched to their "
                "columns, so the row is not read",
                file=name,
                sheet=sheet,
                row=number,
            )
            continue
        cells = (cells + [None] * width)[:width]
        body.append((number, cells))
    return Table(name, sheet, header, body)


def _header(cell: Cell) -> str:
    return "" if cell is None else str(cell).strip()


def _blank(row: Sequence[Cell]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)
