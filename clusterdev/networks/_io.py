"""Reading ties and actors from CSV files.

TIES.csv has the columns ``source`` and ``target`` (actor ids) and optionally ``type``,
``weight`` and ``wave``; NODES.csv has ``id`` and one column per attribute (for example
``kind``, ``institution_type``, ``size_class``, ``owner_sex``, ``town``). Column names are
matched without regard to case or surrounding spaces; attribute names are kept as written.
Files are UTF-8 (a byte-order mark is fine); a file whose header has more semicolons than
commas is read as semicolon-separated with decimal commas, as spreadsheets write it in French
or Spanish, and one with tabs and neither as tab-separated.

Refused, with a one-line :class:`NetworkError` naming the file, the row (data rows counted
from 1 after the header) and the column: a missing or empty file, a missing ``source``,
``target`` or ``id`` column, a column named twice, an empty actor id, a weight that is not a
positive number (an empty weight means 1), a row with more cells than the header, an actor
listed twice in NODES.csv, a NODES.csv without actors and a TIES.csv without ties when no
NODES.csv gives the actors.

Set right and reported in :attr:`Network.problems`: self-loops (excluded), duplicate ties
(kept once), ties naming actors missing from NODES.csv (the actors are added without
attributes; ``unknown_actors="error"`` refuses them instead), columns that are not read, and
a TIES.csv without ties beside a NODES.csv (a network of isolates).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from clusterdev.networks._network import UnknownActors, build
from clusterdev.networks._types import Network, NetworkError, Problem, Tie

__all__ = ["read_network", "read_nodes"]

TIE_COLUMNS = ("source", "target", "type", "weight", "wave")


def read_network(
    ties: str | Path,
    *,
    nodes: str | Path | None = None,
    directed: bool = True,
    unknown_actors: UnknownActors = "add",
) -> Network:
    """The network of a TIES.csv file and, optionally, the actors of a NODES.csv file.

    See the module's documentation for the columns and for what is refused or set right.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "ties.csv").write_text("source,target,type\\nana,bo,advice\\nbo,ana,advice\\n")
    >>> _ = (folder / "nodes.csv").write_text("id,town\\nana,Atuntaqui\\nbo,Otavalo\\ncy,Atuntaqui\\n")
    >>> net = read_network(folder / "ties.csv", nodes=folder / "nodes.csv")
    >>> net.actors, len(net.ties), net.attributes["cy"]
    (('ana', 'bo', 'cy'), 2, {'town': 'Atuntaqui'})
    """
    attributes = read_nodes(nodes) if nodes is not None else None
    rows, decimal_comma = _rows(ties)
    header = _header(ties, rows, expected="source,target and optionally type, weight, wave")
    for required in ("source", "target"):
        if required not in header:
            raise NetworkError(
                f"{ties}, header: no column {required!r} (the columns are: "
                f"{', '.join(header)}); TIES.csv needs source,target and optionally "
                "type, weight, wave"
            )
    problems = [
        Problem(
            "unused_column",
            f"column {name!r} is not read (the tie columns are: {', '.join(TIE_COLUMNS)})",
            f"{ties}, header",
        )
        for name in header
        if name not in TIE_COLUMNS
    ]
    at = {name: header.index(name) for name in TIE_COLUMNS if name in header}
    tie_list: list[Tie] = []
    places: list[str] = []
    for number, row in _records(ties, rows, len(header)):
        where = f"{ties}, row {number}"
        source = row[at["source"]].strip()
        target = row[at["target"]].strip()
        for column, value in (("source", source), ("target", target)):
            if not value:
                raise NetworkError(f"{where}, column {column!r}: empty actor id")
        weight = 1.0
        if "weight" in at:
            weight = _weight(row[at["weight"]], decimal_comma, f"{where}, column 'weight'")
        tie_list.append(
            Tie(
                source,
                target,
                type=_optional(row, at.get("type")),
                weight=weight,
                wave=_optional(row, at.get("wave")),
            )
        )
        places.append(where)
    if not tie_list and attributes is None:
        raise NetworkError(f"{ties}: no ties below the header (and no NODES.csv giving actors)")
    return build(
        tie_list,
        places,
        attributes=attributes,
        directed=directed,
        unknown_actors=unknown_actors,
        actors_source=str(nodes),
        problems=problems,
    )


def read_nodes(path: str | Path) -> dict[str, dict[str, str]]:
    """Each actor's attributes from a NODES.csv file (an ``id`` column, then attributes; an
    empty cell leaves that attribute out for the actor)."""
    rows, _decimal_comma = _rows(path)
    header = _header(path, rows, expected="id, then one column per attribute")
    if "id" not in header:
        raise NetworkError(
            f"{path}, header: no column 'id' (the columns are: {', '.join(header)}); "
            "NODES.csv needs id, then one column per attribute"
        )
    names = [cell.strip() for cell in rows[0]]
    at = header.index("id")
    attributes: dict[str, dict[str, str]] = {}
    first_row: dict[str, int] = {}
    for number, row in _records(path, rows, len(header)):
        actor = row[at].strip()
        if not actor:
            raise NetworkError(f"{path}, row {number}, column 'id': empty actor id")
        if actor in attributes:
            raise NetworkError(
                f"{path}, row {number}, column 'id': actor {actor!r} is listed twice "
                f"(first in row {first_row[actor]})"
            )
        first_row[actor] = number
        attributes[actor] = {
            names[i]: value.strip() for i, value in enumerate(row) if i != at and value.strip()
        }
    if not attributes:
        raise NetworkError(f"{path}: no actors below the header")
    return attributes


def _rows(path: str | Path) -> tuple[list[list[str]], bool]:
    """The rows of a CSV file, and whether it uses decimal commas."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise NetworkError(f"{path}: not UTF-8 text; save it as CSV UTF-8") from None
    except OSError as error:
        raise NetworkError(f"{path}: {error.strerror or error}") from None
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = ","
    if first.count(";") > first.count(","):
        delimiter = ";"
    elif "\t" in first and "," not in first and ";" not in first:
        delimiter = "\t"
    rows: list[list[str]] = []
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        rows.extend(reader)
    except csv.Error as error:
        raise NetworkError(
            f"{path}, row {max(reader.line_num - 1, 1)}: not readable as CSV ({error})"
        ) from None
    # Blank lines above the header are not rows of the table.
    while rows and not any(cell.strip() for cell in rows[0]):
        rows.pop(0)
    return rows, delimiter == ";"


def _header(path: str | Path, rows: list[list[str]], *, expected: str) -> list[str]:
    if not rows:
        raise NetworkError(f"{path}: empty file; the first row must be the header: {expected}")
    header = [cell.strip().lower() for cell in rows[0]]
    while header and not header[-1]:
        header.pop()  # the empty cells a spreadsheet may leave at the end of a row
    for position, name in enumerate(header, start=1):
        if not name:
            raise NetworkError(f"{path}, header, column {position}: empty column name")
        if name in header[: position - 1]:
            raise NetworkError(f"{path}, header, column {position}: {name!r} is named twice")
    return header


def _records(path: str | Path, rows: list[list[str]], width: int) -> list[tuple[int, list[str]]]:
    """The data rows with their numbers (from 1 after the header), padded to ``width``;
    blank rows are skipped but counted."""
    records = []
    for number, row in enumerate(rows[1:], start=1):
        if len(row) == width:  # the usual case, first
            if "".join(row).strip():
                records.append((number, row))
            continue
        if not "".join(row).strip():
            continue
        end = len(row)
        while end > width and not row[end - 1].strip():
            end -= 1
        if end > width:
            raise NetworkError(
                f"{path}, row {number}: {end} cells where the header has {width} columns"
            )
        records.append((number, row[:end] + [""] * (width - end)))
    return records


def _optional(row: list[str], at: int | None) -> str | None:
    if at is None:
        return None
    return row[at].strip() or None


def _weight(text: str, decimal_comma: bool, where: str) -> float:
    cleaned = text.strip()
    if not cleaned:
        return 1.0
    if decimal_comma:
        cleaned = cleaned.replace(",", ".")
    try:
        weight = float(cleaned)
    except ValueError:
        raise NetworkError(f"{where}: {text.strip()!r} is not a number") from None
    if not (math.isfinite(weight) and weight > 0):
        raise NetworkError(
            f"{where}: {text.strip()!r} is not a positive weight (leave out ties of weight 0)"
        )
    return weight
