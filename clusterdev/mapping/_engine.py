"""The two engines that run the mapping SQL: DuckDB (embedded, the default) and Apache Spark.

An engine only knows how to expose an input as a named relation, keep a query's result as a
named relation, and hand a query's result back as a pyarrow Table; the computation itself is
the SQL text of :mod:`clusterdev.mapping._sql`, the same for both.
"""

from __future__ import annotations

import os
import uuid
import warnings
from typing import TYPE_CHECKING, Any, Protocol

from clusterdev.mapping._sql import DUCKDB, SPARK, Dialect
from clusterdev.mapping._types import MappingError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    import duckdb
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

    from clusterdev.mapping._io import Source

__all__ = ["ENGINES", "DuckDBEngine", "Engine", "SparkEngine", "open_engine"]

ENGINES = ("duckdb", "spark")


class Engine(Protocol):
    dialect: Dialect

    def name(self, logical: str) -> str: ...

    def register(self, name: str, source: Source) -> None: ...

    def view(self, name: str, sql: str) -> None: ...

    def create(self, name: str, sql: str) -> None: ...

    def fetch(self, sql: str) -> pa.Table: ...

    def fetch_row(self, sql: str) -> dict[str, Any]: ...

    def read_errors(self) -> tuple[type[Exception], ...]: ...

    def close(self) -> None: ...


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class DuckDBEngine:
    """An in-memory DuckDB database for one run; files are read in place, never copied."""

    dialect = DUCKDB

    def __init__(self) -> None:
        import duckdb

        self._con: duckdb.DuckDBPyConnection = duckdb.connect()

    def name(self, logical: str) -> str:
        return logical

    def register(self, name: str, source: Source) -> None:
        if source.table is not None:
            self._con.register(name, source.table)
            return
        path = _sql_string(str(source.path))
        if source.kind == "csv":
            # RFC 4180: comma, double quotes doubled inside quotes; every column as text, so that
            # keys keep their leading zeros and bad numbers can be reported with their row.
            reader = (
                f"read_csv({path}, header = true, all_varchar = true, "
                "delim = ',', quote = '\"', escape = '\"')"
            )
        else:
            reader = f"read_parquet({path})"
        self._con.execute(f"CREATE VIEW {name} AS SELECT * FROM {reader}")

    def view(self, name: str, sql: str) -> None:
        self._con.execute(f"CREATE VIEW {name} AS {sql}")

    def create(self, name: str, sql: str) -> None:
        self._con.execute(f"CREATE TABLE {name} AS {sql}")

    def fetch(self, sql: str) -> pa.Table:
        return self._con.sql(sql).to_arrow_table()

    def fetch_row(self, sql: str) -> dict[str, Any]:
        """The first row as a dict, without going through Arrow (nor importing pyarrow)."""
        relation = self._con.sql(sql)
        rows = relation.fetchall()
        return dict(zip(relation.columns, rows[0], strict=True)) if rows else {}

    def read_errors(self) -> tuple[type[Exception], ...]:
        """What DuckDB raises when a file cannot be read (malformed CSV, corrupt Parquet)."""
        import duckdb

        return (duckdb.Error,)

    def copy_parquet(self, sql: str, path: Path) -> None:
        """Write the result of ``sql`` to a Parquet file, straight from DuckDB (no Arrow copy)."""
        self._con.execute(f"COPY ({sql}) TO {_sql_string(str(path))} (FORMAT PARQUET)")

    def stream(self, sql: str) -> Iterator[pa.RecordBatch]:
        """The result batch by batch, in input order (DuckDB preserves insertion order)."""
        yield from self._con.sql(sql).arrow()

    def close(self) -> None:
        self._con.close()


class SparkEngine:
    """Spark SQL on the active session, or on a local one started (and stopped) for this run.

    A national statistics office runs the mapping on its cluster by creating its SparkSession
    first; without one, a local session uses all cores of this machine. One difference with
    DuckDB remains on broken input: Spark reads bytes of a CSV file that are not UTF-8 as
    U+FFFD, where DuckDB refuses the file.
    """

    dialect = SPARK

    def __init__(self) -> None:
        from pyspark.sql import SparkSession

        active = SparkSession.getActiveSession()
        self._owned = active is None
        self._spark: SparkSession = active or _local_session()
        # Temporary views live in the session: a prefix keeps concurrent runs apart.
        self._prefix = f"clusterdev_{uuid.uuid4().hex[:12]}_"
        self._views: list[str] = []
        self._cached: list[DataFrame] = []

    def name(self, logical: str) -> str:
        return self._prefix + logical

    def register(self, name: str, source: Source) -> None:
        if source.table is not None:
            frame = self._spark.createDataFrame(source.table)
        elif source.kind == "csv":
            frame = self._spark.read.csv(
                str(source.path),
                header=True,
                inferSchema=False,
                sep=",",
                quote='"',
                escape='"',
                multiLine=True,
                encoding="UTF-8",
                # A ragged or broken row stops the read, as it stops DuckDB's.
                mode="FAILFAST",
            )
        else:
            frame = self._spark.read.parquet(str(source.path))
        self._keep(name, frame)

    def view(self, name: str, sql: str) -> None:
        self._keep(name, self._spark.sql(sql))

    def create(self, name: str, sql: str) -> None:
        frame = self._spark.sql(sql).cache()
        self._cached.append(frame)
        self._keep(name, frame)

    def fetch(self, sql: str) -> pa.Table:
        with warnings.catch_warnings():
            # PySpark 4.0 drops the local socket of each collect without closing it; it is
            # released (closed) right there, and the warning would only alarm our callers.
            warnings.simplefilter("ignore", ResourceWarning)
            return self._spark.sql(sql).toArrow()

    def fetch_row(self, sql: str) -> dict[str, Any]:
        rows: list[dict[str, Any]] = self.fetch(sql).to_pylist()
        return rows[0] if rows else {}

    def read_errors(self) -> tuple[type[Exception], ...]:
        """What Spark raises when a file cannot be read (its own errors and the JVM's)."""
        from py4j.protocol import Py4JJavaError
        from pyspark.errors import PySparkException

        return (PySparkException, Py4JJavaError)

    def _keep(self, name: str, frame: DataFrame) -> None:
        frame.createOrReplaceTempView(name)
        self._views.append(name)

    def close(self) -> None:
        for frame in self._cached:
            frame.unpersist()
        for name in self._views:
            self._spark.catalog.dropTempView(name)
        if self._owned:
            self._spark.stop()


def _local_session() -> SparkSession:
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[*]")
        .appName("clusterdev map")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        # The tables after the first pass are small: a few partitions beat Spark's default 200.
        .config("spark.sql.shuffle.partitions", str(2 * (os.cpu_count() or 1)))
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def open_engine(engine: str) -> DuckDBEngine | SparkEngine:
    """The engine called ``engine``; :class:`MappingError` for any other name."""
    if engine == "duckdb":
        return DuckDBEngine()
    if engine == "spark":
        try:
            import pyspark  # noqa: F401
        except ImportError as error:
            raise MappingError("engine 'spark' needs pyspark: install clusterdev[spark]") from error
        return SparkEngine()
    raise MappingError(f"unknown engine {engine!r} (choose one of: {', '.join(ENGINES)})")
