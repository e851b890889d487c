"""Reading pairwise comparison matrices, alternatives and criteria from CSV files.

Errors are :class:`SelectionError` s of one line that start with the file and name the cell:
data rows are counted from 1 after the header (in a matrix, row *i* is the *i*-th criterion)
and a matrix's columns from 1 after the names column. Files are UTF-8 (a byte-order mark is
fine); a file whose header has more semicolons than commas is read as semicolon-separated with
decimal commas, as spreadsheets write it in French or Spanish.
"""

from __future__ import annotations

import csv
import math
from fractions import Fraction
from pathlib import Path
from typing import cast

from clusterdev.selection._ahp import cell_name, judgments_text
from clusterdev.selection._types import Direction, SelectionError

__all__ = ["check_columns", "read_alternatives", "read_criteria", "read_matrix"]


def read_matrix(path: str | Path) -> tuple[list[str], list[list[float]]]:
    """The criteria and judgments of a pairwise comparison matrix file.

    The first row is an empty cell then the criterion names; each further row is a criterion
    name, in the same order, then its judgments: decimals or fractions such as ``1/3``. Only the
    layout and the numbers are checked here; :func:`clusterdev.selection.ahp` checks the rest.
    """
    rows, decimal_comma = _rows(path)
    if not rows:
        raise SelectionError(
            f"{path}: empty file; the first row is an empty cell then the criterion names"
        )
    names = _names(path, _trimmed(rows[0])[1:])
    n = len(names)
    body = rows[1:]
    if len(body) != n:
        raise SelectionError(
            f"{path}: {n} criteria in the header but {len(body)} rows; "
            f"the matrix must be square, {n} × {n}"
        )
    matrix = []
    for i, row in enumerate(body):
        cells = row if len(row) <= n + 1 else _trimmed(row)
        name = cells[0].strip()
        if name != names[i]:
            raise SelectionError(
                f"{path}, row {i + 1}: named {name!r}, but column {i + 1} is {names[i]!r} "
                "(list the criteria in the same order down and across)"
            )
        if len(cells) != n + 1:
            raise SelectionError(
                f"{path}, row {i + 1} ({name}) has {judgments_text(len(cells) - 1)}; "
                f"the matrix must be square, {n} × {n}"
            )
        matrix.append(
            [
                _judgment(text, decimal_comma, f"{path}, {cell_name(names, i, j)}")
                for j, text in enumerate(cells[1:])
            ]
        )
    return names, matrix


def read_alternatives(
    path: str | Path,
    *,
    criteria: list[str] | None = None,
    criteria_path: str | Path = "the criteria",
) -> tuple[list[str], dict[str, dict[str, float]]]:
    """The criteria columns and each alternative's values: a column ``alternative``, then one
    numeric column per criterion. With ``criteria``, the columns are checked against them
    (see :func:`check_columns`) before any value is read."""
    rows, decimal_comma = _rows(path)
    if not rows:
        raise SelectionError(f"{path}: empty file; the first column must be 'alternative'")
    header = _trimmed(rows[0])
    if not header or header[0].strip().lower() != "alternative":
        first = header[0].strip() if header else ""
        raise SelectionError(
            f"{path}, header: the first column must be 'alternative', not {first!r}"
        )
    columns = _names(path, header[1:])
    if criteria is not None:
        check_columns(path, columns, criteria_path, criteria)
    table: dict[str, dict[str, float]] = {}
    for number, row in enumerate(rows[1:], start=1):
        cells = row if len(row) <= len(header) else _trimmed(row)
        name = cells[0].strip()
        if not name:
            raise SelectionError(f"{path}, row {number}: no alternative name")
        if name in table:
            raise SelectionError(f"{path}, row {number} ({name}): the alternative is listed twice")
        if len(cells) > len(header):
            raise SelectionError(
                f"{path}, row {number} ({name}): {len(cells)} cells for {len(header)} columns"
            )
        cells = cells + [""] * (len(header) - len(cells))
        table[name] = {
            column: _number(
                text, decimal_comma, f"{path}, row {number} ({name}), column {column!r}"
            )
            for column, text in zip(columns, cells[1:], strict=True)
        }
    if not table:
        raise SelectionError(f"{path}: no alternatives below the header")
    return columns, table


def read_criteria(path: str | Path) -> tuple[dict[str, float], dict[str, Direction]]:
    """Each criterion's weight and direction: columns ``criterion,weight,direction`` (more
    columns are allowed and ignored)."""
    rows, decimal_comma = _rows(path)
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    needed = ("criterion", "weight", "direction")
    if any(column not in header for column in needed):
        raise SelectionError(f"{path}, header: the columns must be criterion,weight,direction")
    at = {column: header.index(column) for column in needed}
    weights: dict[str, float] = {}
    directions: dict[str, Direction] = {}
    for number, row in enumerate(rows[1:], start=1):
        cells = row + [""] * (len(header) - len(row))
        name = cells[at["criterion"]].strip()
        if not name:
            raise SelectionError(f"{path}, row {number}, column 'criterion': no criterion name")
        if name in weights:
            raise SelectionError(f"{path}, row {number} ({name}): the criterion is listed twice")
        where = f"{path}, row {number} ({name})"
        weight = _number(cells[at["weight"]], decimal_comma, f"{where}, column 'weight'")
        if weight < 0:
            raise SelectionError(
                f"{where}, column 'weight': {weight:g} is not a non-negative weight"
            )
        direction = cells[at["direction"]].strip().lower()
        if direction not in ("benefit", "cost"):
            raise SelectionError(
                f"{where}, column 'direction': {cells[at['direction']]!r} is not benefit or cost"
            )
        weights[name] = weight
        directions[name] = cast(Direction, direction)
    if not weights:
        raise SelectionError(f"{path}: no criteria below the header")
    if not math.fsum(weights.values()) > 0:
        raise SelectionError(
            f"{path}: the weights sum to 0; give at least one criterion a positive weight"
        )
    return weights, directions


def check_columns(
    alternatives_path: str | Path,
    columns: list[str],
    criteria_path: str | Path,
    criteria: list[str],
) -> None:
    """The alternatives file has one column per criterion of the criteria file, and no other."""
    for position, column in enumerate(columns, start=2):
        if column not in criteria:
            raise SelectionError(
                f"{alternatives_path}, header, column {position} ({column}): "
                f"unknown criterion, not in {criteria_path}"
            )
    for number, criterion in enumerate(criteria, start=1):
        if criterion not in columns:
            raise SelectionError(
                f"{criteria_path}, row {number} ({criterion}): "
                f"no column {criterion!r} in {alternatives_path}"
            )


def _rows(path: str | Path) -> tuple[list[list[str]], bool]:
    """The non-blank rows of a CSV file, and whether it uses decimal commas."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SelectionError(f"{path}: not UTF-8 text; save it as CSV UTF-8") from None
    except OSError as error:
        raise SelectionError(f"{path}: {error.strerror or error}") from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    semicolons = first.count(";") > first.count(",")
    try:
        rows = list(csv.reader(text.splitlines(), delimiter=";" if semicolons else ","))
    except csv.Error as error:
        raise SelectionError(f"{path}: not a readable CSV file ({error})") from None
    return [row for row in rows if any(cell.strip() for cell in row)], semicolons


def _trimmed(row: list[str]) -> list[str]:
    """The row without the empty cells a spreadsheet may leave at its end."""
    end = len(row)
    while end > 0 and not row[end - 1].strip():
        end -= 1
    return row[:end]


def _names(path: str | Path, cells: list[str]) -> list[str]:
    names = [cell.strip() for cell in cells]
    if not names:
        raise SelectionError(f"{path}, header: no criteria named")
    for position, name in enumerate(names, start=2):
        if not name:
            raise SelectionError(f"{path}, header, column {position}: empty criterion name")
        if name in names[: position - 2]:
            raise SelectionError(f"{path}, header, column {position}: {name!r} is named twice")
    return names


def _judgment(text: str, decimal_comma: bool, where: str) -> float:
    cleaned = text.strip().replace(" ", "")
    if not cleaned:
        raise SelectionError(f"{where}: missing judgment")
    if decimal_comma:
        cleaned = cleaned.replace(",", ".")
    try:
        return float(Fraction(cleaned))
    except (ValueError, ZeroDivisionError):
        raise SelectionError(
            f"{where}: {text.strip()!r} is not a number (write 3, 0.333 or 1/3)"
        ) from None


def _number(text: str, decimal_comma: bool, where: str) -> float:
    cleaned = text.strip()
    if not cleaned:
        raise SelectionError(f"{where}: missing value")
    if decimal_comma:
        cleaned = cleaned.replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        raise SelectionError(f"{where}: {cleaned!r} is not a number") from None
    if not math.isfinite(number):
        raise SelectionError(f"{where}: {cleaned!r} is not a finite number")
    return number
