"""Reading registers and reference tables: CSV, Parquet and XLSX, keys as text, checked numbers.

Files stay where they are: the engines read CSV and Parquet in place, and only XLSX (at most a
million rows) passes through memory. When a check fails, the input is read once more, in order,
to name the first bad row; data rows are counted from 1 after the header.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clusterdev.mapping._engine import DuckDBEngine, Engine, _sql_string
from clusterdev.mapping._sql import COORDINATES, DUCKDB, KEYS, key, measure, rows_sql
from clusterdev.mapping._types import Columns, MappingError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["Roles", "Source", "open_source", "read_table"]

Roles = Mapping[str, str | None]

SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".parq": "parquet", ".xlsx": "xlsx"}
NUMBER_ROLES = ("employment", "establishments", *COORDINATES)
COORDINATE_LIMITS = {"latitude": 90, "longitude": 180}


@dataclass(frozen=True)
class Source:
    """An input table: a CSV or Parquet file read in place, or a table in memory."""

    label: str
    kind: str
    path: Path | None
    table: pa.Table | None
    column_names: tuple[str, ...]
    text_columns: frozenset[str]


def roles(columns: Columns) -> dict[str, str | None]:
    return asdict(columns)


def reference_roles(columns: Columns) -> dict[str, str | None]:
    """The reference economy has the input's sector, category and employment columns."""
    return {
        "sector": columns.sector,
        "category": columns.category,
        "employment": columns.employment,
    }


def open_source(source: str | Path | pa.Table) -> Source:
    """The input's columns and their kinds, without reading its rows."""
    if not isinstance(source, str | Path):
        return _from_table(source, label="table", kind="table")
    path = Path(source)
    label = str(source)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise MappingError(
            f"{label}: unreadable format {path.suffix or '(no suffix)'!r}: "
            "use .csv, .parquet or .xlsx"
        )
    if not path.is_file():
        raise MappingError(f"{label}: no such file")
    if kind == "csv":
        return _open_csv(path, label)
    if kind == "parquet":
        return _open_parquet(path, label)
    return _open_xlsx(path, label)


def _open_csv(path: Path, label: str) -> Source:
    header = next(_csv_records(path), None)
    if header is None:
        raise MappingError(f"{label}, header: the file is empty")
    if _undecoded(header):
        raise MappingError(f"{label}, header: not UTF-8 text")
    names = tuple(header)
    return Source(label, "csv", path, None, names, frozenset(names))


def _csv_records(path: Path) -> Iterator[list[str]]:
    """The file's records, blank lines skipped as the engines skip them.

    Bytes that are not UTF-8 come through as lone surrogates (see :func:`_undecoded`), so
    that a bad byte is reported with its row rather than stopping the read.
    """
    with path.open(newline="", encoding="utf-8-sig", errors="surrogateescape") as file:
        yield from (record for record in csv.reader(file, strict=True) if record)


def _undecoded(record: list[str]) -> bool:
    return any("\udc80" <= ch <= "\udcff" for field in record for ch in field)


def csv_trouble(source: Source) -> MappingError | None:
    """Why an engine could not read a CSV file, with the row: bad UTF-8, ragged or broken rows."""
    if source.kind != "csv" or source.path is None:
        return None
    records = _csv_records(source.path)
    row = 0
    try:
        width = len(next(records))
        for row, record in enumerate(records, start=1):
            if _undecoded(record):
                return MappingError(f"{source.label}, row {row}: not UTF-8 text")
            if len(record) != width:
                return MappingError(
                    f"{source.label}, row {row}: {len(record)} fields where the header has {width}"
                )
    except csv.Error as error:
        return MappingError(f"{source.label}, row {row + 1}: {error}")
    return None


def _open_parquet(path: Path, label: str) -> Source:
    """Column names and kinds from the file's schema, read by DuckDB (pyarrow stays unloaded)."""
    described = _parquet_query(path, label, "DESCRIBE SELECT * FROM read_parquet({path})")
    names = tuple(str(row[0]) for row in described)
    return Source(
        label, "parquet", path, None, names, frozenset(str(r[0]) for r in described if r[1] == "VARCHAR")
    )  # fmt: skip


def _parquet_query(path: Path, label: str, sql: str, *parameters: object) -> list[tuple[Any, ...]]:
    import duckdb

    try:
        with closing(duckdb.connect()) as con:
            return con.execute(sql.format(path=_sql_string(str(path))), parameters).fetchall()
    except duckdb.Error as error:
        reason = str(error).splitlines()[0]
        raise MappingError(f"{label}, header: cannot read as Parquet ({reason})") from error


def _open_xlsx(path: Path, label: str) -> Source:
    import zipfile

    import pyarrow as pa
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise MappingError(f"{label}, header: cannot read as XLSX ({error})") from error
    try:
        rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
    # Spreadsheets often carry formatted but empty rows below the data.
    while rows and all(value is None for value in rows[-1]):
        rows.pop()
    if not rows:
        raise MappingError(f"{label}, header: the file is empty")
    names = [_cell_text(value) or "" for value in rows[0]]
    data = rows[1:]
    arrays = [
        pa.array([_cell_text(row[i]) if i < len(row) else None for row in data], pa.string())
        for i in range(len(names))
    ]
    return _from_table(pa.Table.from_arrays(arrays, names=names), label=label, kind="xlsx")


def _cell_text(value: object) -> str | None:
    """A spreadsheet cell as the text a person sees: 12 not 12.0, True, 2016-01-31."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _from_table(table: pa.Table, *, label: str, kind: str) -> Source:
    return Source(label, kind, None, table, tuple(table.column_names), _text_fields(table.schema))


def _text_fields(schema: pa.Schema) -> frozenset[str]:
    return frozenset(field.name for field in schema if _is_text(field.type))


def _is_text(kind: pa.DataType) -> bool:
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        return _is_text(kind.value_type)
    return bool(
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
    )


def _is_number(kind: pa.DataType) -> bool:
    import pyarrow as pa

    return bool(
        pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind)
    )


def require_columns(source: Source, roles: Roles) -> None:
    """Every named column exists, and number columns hold numbers or text."""
    for role, column in roles.items():
        if column is None:
            continue
        if column not in source.column_names:
            raise MappingError.at(
                source.label,
                "header",
                column,
                f"no such column (the columns are: {', '.join(source.column_names)})",
            )
        if role in NUMBER_ROLES and column not in source.text_columns:
            kind = _non_number_type(source, column)
            if kind is not None:
                raise MappingError.at(
                    source.label, "header", column, f"holds {kind} values, not numbers"
                )


def _non_number_type(source: Source, column: str) -> str | None:
    """The type of ``column`` when it is known and is not a number type, else None."""
    if source.table is not None:
        kind = source.table.schema.field(column).type
        return None if _is_number(kind) else str(kind)
    if source.kind == "parquet" and source.path is not None:
        name = _parquet_type(source, column)
        number = name in _INTEGER_TYPES or name in {"FLOAT", "DOUBLE"} or name.startswith("DECIMAL")
        return None if number else name.lower()
    return None


def _parquet_type(source: Source, column: str) -> str:
    """DuckDB's name for the type of a Parquet file's column (BIGINT, DOUBLE, VARCHAR…)."""
    assert source.path is not None
    found = _parquet_query(
        source.path, source.label, "SELECT column_type FROM "
        "(DESCRIBE SELECT * FROM read_parquet({path})) WHERE column_name = ?", column,
    )  # fmt: skip
    return str(found[0][0]) if found else ""


def empty_error(source: Source) -> MappingError:
    return MappingError(f"{source.label}, row 1: no data rows below the header")


def summary_problems(summary: Mapping[str, Any], roles: Roles) -> list[str]:
    """The columns whose one-pass checks (see :func:`._sql.checks_sql`) found a bad value.

    A number role without checks in ``summary`` was proven clean before the pass.
    """
    bad: list[str] = []
    for role, column in roles.items():
        if column is None:
            continue
        if role in KEYS:
            failed = bool(summary[f"{role}_missing"])
        elif f"{role}_min" not in summary:
            failed = False
        elif role in COORDINATE_LIMITS:
            failed = not _within(summary[f"{role}_min"], summary[f"{role}_max"], role)
        else:
            low, high = summary[f"{role}_min"], summary[f"{role}_max"]
            failed = bool(summary[f"{role}_missing"]) or (
                low is not None and (low < 0 or not math.isfinite(high))
            )
        if failed:
            bad.append(column)
    return bad


def _within(low: float | None, high: float | None, role: str) -> bool:
    if low is None or high is None:
        return True
    limit = COORDINATE_LIMITS[role]
    return -limit <= low and high <= limit and not math.isnan(high)


def clean_by_statistics(source: Source, column: str, role: str) -> bool:
    """Whether a Parquet file's own statistics prove every value of ``column`` valid.

    Only integer columns qualify (float statistics leave NaN out): no nulls, and minimum and
    maximum within range in every row group. The pass over the rows then skips their checks.
    """
    if source.kind != "parquet" or source.path is None:
        return False
    if _parquet_type(source, column) not in _INTEGER_TYPES:
        return False
    groups = _parquet_query(
        source.path, source.label, "SELECT stats_null_count, COALESCE(stats_min_value, stats_min), "
        "COALESCE(stats_max_value, stats_max) FROM parquet_metadata({path}) "
        "WHERE path_in_schema = ?", column,
    )  # fmt: skip
    limit = COORDINATE_LIMITS.get(role)
    low, high = (0, math.inf) if limit is None else (-limit, limit)
    for nulls, least, most in groups:
        if nulls is None or least is None or most is None:
            return False
        if nulls or int(least) < low or int(most) > high:
            return False
    return bool(groups)


_INTEGER_TYPES = frozenset(
    {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}
    | {"UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"}
)


def _bad(values: pa.Array, role: str) -> pa.Array:
    """Which values of a column fail their role's check (a boolean array without nulls).

    Checked with pyarrow rather than in SQL: DuckDB folds isnan() on a Parquet column whose
    statistics hold no NaN into false, although the column does hold one.
    """
    import pyarrow.compute as pc

    if role in KEYS:
        return pc.fill_null(pc.equal(values, ""), True)
    if role in COORDINATE_LIMITS:
        fine = pc.less_equal(pc.abs(values), COORDINATE_LIMITS[role])
        return pc.invert(pc.fill_null(fine, True))
    fine = pc.and_(pc.is_finite(values), pc.greater_equal(values, 0))
    return pc.invert(pc.fill_null(fine, False))


def _why(value: float | None, role: str) -> str:
    if value is None:
        return "is missing"
    if math.isnan(value):
        return "is not a number"
    if role in COORDINATE_LIMITS:
        limit = COORDINATE_LIMITS[role]
        return f"is outside -{limit} to {limit} degrees"
    return "is negative" if value < 0 else "is not a finite number"


def find_problem(
    engine: DuckDBEngine, relation: str, source: Source, roles: Roles
) -> MappingError | None:
    """The first bad cell of ``relation`` (the registered ``source``), reading in row order."""
    import pyarrow.compute as pc

    d = DUCKDB
    checked = [(role, column) for role, column in roles.items() if column is not None]
    fields = []
    for i, (role, column) in enumerate(checked):
        text = column in source.text_columns
        expression = key(d, column) if role in KEYS else measure(d, column, text=text)
        fields += [f"{expression} AS value{i}", f"CAST({d.ident(column)} AS STRING) AS raw{i}"]
    seen = 0
    for batch in engine.stream(f"SELECT {', '.join(fields)} FROM {relation}"):
        hits = []
        for i, (role, _) in enumerate(checked):
            index = pc.index(_bad(batch.column(f"value{i}"), role), True).as_py()
            if index >= 0:
                hits.append((index, i))
        if hits:
            index, i = min(hits)
            role, column = checked[i]
            number = None if role in KEYS else batch.column(f"value{i}")[index].as_py()
            why = _why(number, role)
            raw = batch.column(f"raw{i}")[index].as_py()
            said = why if raw is None or raw.strip() == "" else f"{raw!r} {why}"
            return MappingError.at(source.label, seen + index + 1, column, said)
        seen += batch.num_rows
    return None


@contextmanager
def reading(engine: Engine, source: Source) -> Iterator[None]:
    """Turn an engine's failure to read ``source`` into a MappingError, with the row if CSV."""
    try:
        yield
    except engine.read_errors() as error:
        trouble = csv_trouble(source)
        if trouble is not None:
            raise trouble from error
        said = str(error).strip().splitlines()
        raise MappingError(
            f"{source.label}: cannot read ({said[0] if said else type(error).__name__})"
        ) from error


def read_table(path: str | Path, *, columns: Columns) -> pa.Table:
    """Read a register or a region × sector table, checked, with its columns named by role.

    CSV (UTF-8, comma-separated, RFC 4180 quoting, a header row), Parquet or XLSX (the first
    sheet, a header row), chosen by the file's suffix. The result has the columns ``region,
    sector``, then ``category`` and ``year`` when ``columns`` names them, ``employment,
    establishments``, and ``latitude, longitude`` when named. Keys are text, exactly as
    written ("01" stays "01"; a spreadsheet's number 1 reads "1"); numbers are floats.
    Without an establishments column each row counts as one establishment (a register has
    one row per establishment).

    Raises :class:`MappingError` naming file, row (data rows count from 1 after the header)
    and column for a missing column, an empty file, a missing key, and an employment or
    establishments value that is missing, not a number or negative, or a coordinate outside
    its range.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "register.csv").write_text("canton,isic,staff\\n01,1410,12\\n02,1410,x\\n")
    >>> table = read_table(folder / "register.csv",  # doctest: +ELLIPSIS
    ...     columns=Columns(region="canton", sector="isic", employment="staff"))
    Traceback (most recent call last):
    clusterdev.mapping.MappingError: ...register.csv, row 2, column 'staff': 'x' is not a number
    >>> _ = (folder / "register.csv").write_text("canton,isic,staff\\n01,1410,12\\n02,1410,3\\n")
    >>> read_table(folder / "register.csv",
    ...     columns=Columns(region="canton", sector="isic", employment="staff")).to_pylist()[0]
    {'region': '01', 'sector': '1410', 'employment': 12.0, 'establishments': 1.0}
    >>> import shutil; shutil.rmtree(folder)
    """
    source = open_source(path)
    wanted = roles(columns)
    require_columns(source, wanted)
    d = DUCKDB
    with closing(DuckDBEngine()) as engine, reading(engine, source):
        engine.register("input_source", source)
        problem = find_problem(engine, "input_source", source, wanted)
        if problem is not None:
            raise problem
        order = [*KEYS, "employment", "establishments", *COORDINATES]
        named = [r for r in order if wanted[r] is not None or r == "establishments"]
        rows = rows_sql(d, source="input_source", roles=wanted, text_columns=source.text_columns)
        table = engine.fetch(f"SELECT {', '.join(named)} FROM ({rows})")
    if table.num_rows == 0:
        raise empty_error(source)
    return table
