"""Cluster mapping of a register: location quotients, CMP flags, stars, then the spatial evidence.

The tabular part runs as SQL on an engine (:mod:`._engine`): one pass over the input adds it up
to region × sector cells, and everything else is computed on those cells, which are small.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import clusterdev
from clusterdev.mapping import _sql
from clusterdev.mapping._engine import ENGINES, DuckDBEngine, Engine, open_engine
from clusterdev.mapping._io import (
    NUMBER_ROLES,
    Roles,
    Source,
    clean_by_statistics,
    empty_error,
    find_problem,
    open_source,
    reading,
    reference_roles,
    require_columns,
    roles,
    summary_problems,
)
from clusterdev.mapping._types import Columns, MappingError, MappingResult, StarThresholds

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["Progress", "map_clusters", "map_to_parquet"]

Progress = Callable[[float, str], None]

KEY_ORDER = ("region", "sector", "category")


@dataclass(frozen=True)
class _Tables:
    measures: pa.Table
    region_scores: pa.Table
    points: pa.Table | None
    years: tuple[str, str] | None


def map_clusters(
    source: str | Path | pa.Table,
    *,
    columns: Columns,
    reference: str | Path | pa.Table | None = None,
    regions: str | Path | None = None,
    region_property: str = "code",
    engine: str = "duckdb",
    stars: StarThresholds = StarThresholds(),  # noqa: B008 (frozen, so safe to share)
    seed: int = 0,
    permutations: int = 999,
    progress: Progress | None = None,
    with_candidates: bool = True,
) -> MappingResult:
    r"""Find concentrations of enterprises: measures per region × sector, evidence, candidates.

    ``with_candidates=False`` skips the ranked list of candidates (``candidates`` is then None),
    for callers that only need the measures, such as the command line.

    ``source`` is a register (one row per establishment) or region × sector totals, as a CSV,
    Parquet or XLSX file (see :func:`read_table`) or a pyarrow Table; ``columns`` names its
    columns. With a ``year`` column the measures are those of the latest year, and
    ``employment_base`` and ``growth`` compare it with the first.

    **Location quotient** of sector :math:`s` in region :math:`r`, as the US Cluster Mapping
    Project (CMP) computes it:

    .. math:: LQ_{rs} = \frac{E_{rs} / E_{r,c}}{E^{ref}_{s} / E^{ref}_{c}}

    where :math:`E_{r,c}` is the region's employment in the sector's category :math:`c` (all
    sectors when ``columns.category`` is None; e.g. traded clusters are compared with traded
    employment) and :math:`E^{ref}` is the reference economy: ``reference``, a table with the
    input's sector, employment (and category) columns, e.g. national totals when the input
    covers only some regions; by default the input's own totals. ``region_share`` is
    :math:`E_{rs} / E_s` (the region's share of the sector over all input regions) and
    ``sector_share`` is :math:`E_{rs} / E_{r,c}`.

    **CMP flags**, per sector over the regions with :math:`E_{rs} > 0`, with :math:`Q_p` the
    quantile by linear interpolation (for the :math:`n` sorted values :math:`x_{(0)} \le \dots
    \le x_{(n-1)}`, :math:`h = (n - 1)p`: :math:`Q_p = x_{(\lfloor h \rfloor)} + (h - \lfloor h
    \rfloor)(x_{(\lceil h \rceil)} - x_{(\lfloor h \rfloor)})`, DuckDB's ``quantile_cont``,
    Spark's ``percentile``):

    - qualifying: :math:`LQ > Q_{.25}(LQ)`; significant: :math:`LQ > Q_{.50}(LQ)`;
    - strong: :math:`LQ \ge Q_{.75}(LQ)` and :math:`LQ \ge 1`; strong10:
      :math:`LQ \ge Q_{.90}(LQ)` and :math:`LQ \ge 1`;
    - each also needs :math:`E_{rs} > Q_{.25}(E)` and establishments
      :math:`> Q_{.25}(\text{establishments})`.

    Flags are null where the LQ is undefined (no employment in the region's category, or none
    in the reference sector). ``region_scores`` gives per region (and category) its employment,
    the employment in strong clusters, ``score`` (their ratio, CMP's cluster strength) and the
    number of strong clusters.

    **Stars** (European Cluster Observatory), per sector over the regions with
    :math:`E_{rs} > 0`: size when :math:`E_{rs} \ge Q_{1 - a}(E)` with :math:`a` =
    ``stars.size_top_share`` (for 0.10: at or above the 90th percentile, "the top 10 %");
    specialisation when :math:`LQ \ge` ``stars.specialisation_lq``; focus when the sector's
    share of the region's employment, ``sector_share``, is :math:`\ge Q_{1 - b}` of its values,
    :math:`b` = ``stars.focus_top_share``. ``stars`` counts them (0–3).

    **Spatial evidence**: with ``regions`` (GeoJSON polygons whose ``region_property`` is the
    region key), Getis–Ord Gi* and local Moran's I of the LQ per sector, ``permutations``
    conditional permutations drawn from ``seed``; with latitude and longitude columns,
    density-based point clusters of the latest year's establishments per sector. Every
    region × sector is then ranked as a candidate cluster with its evidence.

    ``engine`` is ``"duckdb"`` (embedded) or ``"spark"`` (the active SparkSession, else a
    local one; install ``clusterdev[spark]``): both run the same SQL and give identical
    results (employment sums are exact for whole numbers; fractional employment, such as
    full-time equivalents, may be added in another order and differ in the last digit). ``progress(fraction, stage)`` is called as the run advances. The input is never
    changed, and ``result.parameters`` holds everything needed to run it again.

    References: Delgado, M., Porter, M. E. and Stern, S. (2016), "Defining clusters of related
    industries", *Journal of Economic Geography* 16(1), 1–38; US Cluster Mapping Project,
    Harvard Business School (clustermapping.us), cluster strength and strong clusters;
    Ketels, C. and Protsiv, S. (2014), *European Cluster Panorama 2014*, European Cluster
    Observatory (the star method).

    >>> import pyarrow as pa
    >>> register = pa.table({
    ...     "canton": ["A", "A", "B", "B"],
    ...     "isic": ["1410", "1520", "1410", "1520"],
    ...     "staff": [30, 10, 10, 30],
    ...     "firms": [3, 1, 1, 3],
    ... })
    >>> columns = Columns(region="canton", sector="isic", employment="staff",
    ...     establishments="firms")
    >>> result = map_clusters(register, columns=columns)
    >>> [(m["region"], m["sector"], m["lq"]) for m in result.measures.to_pylist()]
    [('A', '1410', 1.5), ('A', '1520', 0.5), ('B', '1410', 0.5), ('B', '1520', 1.5)]
    >>> result.region_scores.column("score").to_pylist()
    [0.75, 0.75]
    >>> [m["sector"] for m in result.measures.to_pylist() if m["strong"]]
    ['1410', '1520']
    """
    report: Progress = progress if progress is not None else _quietly
    if engine not in ENGINES:
        raise MappingError(f"unknown engine {engine!r} (choose one of: {', '.join(ENGINES)})")
    data = open_source(source)
    require_columns(data, roles(columns))
    reference_data = None
    if reference is not None:
        reference_data = open_source(reference)
        require_columns(reference_data, reference_roles(columns))
    if regions is not None and not Path(regions).is_file():
        raise MappingError(f"{regions}: no such file")
    report(0.0, "reading")
    with closing(open_engine(engine)) as backend:
        tables = _tabulate(backend, data, columns, reference_data, stars, report)
    found_hotspots = _hotspots(
        tables.measures, regions, region_property, permutations, seed, report
    )
    found_points = _point_clusters(tables.points, seed, report)
    candidates = None
    if with_candidates:
        report(0.9, "candidates")
        from clusterdev.mapping._candidates import rank_candidates

        candidates = rank_candidates(
            tables.measures, hotspots=found_hotspots, point_clusters=found_points
        )
    report(1.0, "done")
    parameters: dict[str, object] = {
        "source": _describe(source),
        "columns": asdict(columns),
        "reference": None if reference is None else _describe(reference),
        "regions": None if regions is None else str(regions),
        "region_property": region_property,
        "engine": engine,
        "stars": asdict(stars),
        "seed": seed,
        "permutations": permutations,
        "years": _years(tables.years),
        "clusterdev": clusterdev.__version__,
    }
    return MappingResult(
        measures=tables.measures,
        region_scores=tables.region_scores,
        hotspots=found_hotspots,
        point_clusters=found_points,
        candidates=candidates,
        parameters=parameters,
    )


def map_to_parquet(
    source: str | Path | pa.Table,
    out: str | Path,
    *,
    columns: Columns,
    reference: str | Path | pa.Table | None = None,
    engine: str = "duckdb",
    stars: StarThresholds = StarThresholds(),  # noqa: B008 (frozen, so safe to share)
) -> None:
    """The measures of :func:`map_clusters` written to the Parquet file ``out``, and nothing else.

    The file holds the same columns, types and rows, in the same order, as
    ``write_measures(map_clusters(...).measures, out, format="parquet")``. On DuckDB the engine
    writes it itself from its own table, which saves copying millions of rows into Arrow and
    back (the command line's ``--format parquet`` uses this); other engines take the long way.
    As with :func:`write_measures`, the file appears whole or not at all; a device or pipe is
    written into.

    >>> import pyarrow as pa, pyarrow.parquet as pq, tempfile
    >>> register = pa.table({"canton": ["A", "B"], "isic": ["1410", "1410"], "staff": [3, 1]})
    >>> out = Path(tempfile.mkdtemp()) / "measures.parquet"
    >>> map_to_parquet(register, out, columns=Columns(region="canton", sector="isic",
    ...     employment="staff"))
    >>> pq.read_table(out).column("employment").to_pylist()
    [3.0, 1.0]
    """
    out = Path(out)
    if engine != "duckdb" or (out.exists() and not out.is_file()):
        from clusterdev.mapping._output import write_measures

        result = map_clusters(
            source, columns=columns, reference=reference, engine=engine, stars=stars,
            with_candidates=False,
        )  # fmt: skip
        write_measures(result.measures, out, format="parquet")
        return
    from clusterdev.mapping._output import replace_atomically

    data = open_source(source)
    require_columns(data, roles(columns))
    reference_data = None
    if reference is not None:
        reference_data = open_source(reference)
        require_columns(reference_data, reference_roles(columns))
    with closing(DuckDBEngine()) as backend:
        _create_measures(backend, data, columns, reference_data, stars, _quietly)
        typed = ", ".join(
            f"CAST({name} AS {kind}) AS {name}"
            for name, kind in _measure_columns(columns.year is not None)
        )
        ordered = _sql.ordered(f"(SELECT {typed} FROM measures)", KEY_ORDER)
        replace_atomically(out, lambda path: backend.copy_parquet(ordered, Path(str(path))))


def _quietly(fraction: float, stage: str) -> None:
    """No progress reporting."""


def _years(span: tuple[str, str] | None) -> dict[str, str] | None:
    return None if span is None else {"base": span[0], "latest": span[1]}


def _describe(source: str | Path | pa.Table) -> str:
    return str(source) if isinstance(source, str | Path) else "<pyarrow.Table>"


def _tabulate(
    engine: Engine,
    data: Source,
    columns: Columns,
    reference: Source | None,
    stars: StarThresholds,
    report: Progress,
) -> _Tables:
    """The measures and region scores, on whichever engine: the same SQL for both."""
    n = engine.name
    years = columns.year is not None
    coordinates = columns.latitude is not None
    summary = _create_measures(engine, data, columns, reference, stars, report)
    measures = _conform(
        engine.fetch(_sql.ordered(n("measures"), KEY_ORDER)), _measure_schema(years)
    )
    scores_sql = _sql.region_scores_sql(measures=n("measures"))
    region_scores = _conform(
        engine.fetch(_sql.ordered(f"({scores_sql})", ("region", "category"))), _score_schema()
    )
    points = None
    if coordinates:
        report(0.5, "point rows")
        points = engine.fetch(
            _sql.points_sql(rows=n("input_rows"), cells=n("input_cells"), years=years)
        )
    year_span = (str(summary["base_year"]), str(summary["latest_year"])) if years else None
    return _Tables(measures, region_scores, points, year_span)


def _create_measures(
    engine: Engine,
    data: Source,
    columns: Columns,
    reference: Source | None,
    stars: StarThresholds,
    report: Progress,
) -> dict[str, Any]:
    """Add the input up and create the engine table ``measures``; the input's summary."""
    n = engine.name
    report(0.05, "aggregating")
    summary = _load(engine, "input", data, roles(columns))
    if reference is not None:
        _load(engine, "reference", reference, reference_roles(columns))
        _check_reference_covers(engine, data, reference, columns)
    report(0.4, "measures")
    engine.create(
        n("measures"),
        _sql.measures_sql(
            engine.dialect,
            cells=n("input_cells"),
            reference=None if reference is None else n("reference_cells"),
            categories=columns.category is not None,
            years=columns.year is not None,
            stars=stars,
        ),
    )
    return summary


def _load(engine: Engine, name: str, source: Source, wanted: Roles) -> dict[str, Any]:
    """Register ``source`` and add it up to ``{name}_cells`` in one pass, checking every value."""
    n = engine.name
    keys = [k for k in _sql.KEYS if wanted.get(k) is not None]
    checked = [
        role
        for role in NUMBER_ROLES
        if (column := wanted.get(role)) is not None
        and not clean_by_statistics(source, column, role)
    ]
    rows = _sql.rows_sql(
        engine.dialect,
        source=n(f"{name}_source"),
        roles=wanted,
        text_columns=source.text_columns,
    )
    cells = _sql.cells_sql(
        rows=n(f"{name}_rows"),
        keys=keys,
        checked=checked,
        counted_establishments=wanted.get("establishments") is None,
    )
    with reading(engine, source):
        # DuckDB reads a CSV file's first rows to check its shape as soon as it is registered.
        engine.register(n(f"{name}_source"), source)
        engine.view(n(f"{name}_rows"), rows)
        engine.create(n(f"{name}_cells"), cells)
        checks = _sql.checks_sql(cells=n(f"{name}_cells"), keys=keys, checked=checked)
        summary = engine.fetch_row(checks)
    if not summary["source_rows"]:
        raise empty_error(source)
    bad = summary_problems(summary, wanted)
    if bad:
        raise _locate(source, wanted, bad)
    return summary


def _locate(source: Source, wanted: Roles, bad: list[str]) -> MappingError:
    """The first bad row, found by reading the input again in order (DuckDB, whatever engine)."""
    with closing(DuckDBEngine()) as engine, reading(engine, source):
        engine.register("input_source", source)
        problem = find_problem(engine, "input_source", source, wanted)
    if problem is not None:
        return problem
    return MappingError(f"{source.label}, column {bad[0]!r}: bad values on rows this reader skips")


def _check_reference_covers(
    engine: Engine, data: Source, reference: Source, columns: Columns
) -> None:
    """A sector without reference employment would have no LQ: name the first one."""
    n = engine.name
    keys = ["sector"] + (["category"] if columns.category is not None else [])
    on = " AND ".join(f"c.{k} = f.{k}" for k in keys)
    missing = engine.fetch(
        f"SELECT {', '.join(f'c.{k}' for k in keys)} FROM {n('input_cells')} AS c "
        f"LEFT JOIN {n('reference_cells')} AS f ON {on} WHERE f.sector IS NULL "
        f"ORDER BY {', '.join(f'c.{k}' for k in keys)} LIMIT 1"
    ).to_pylist()
    if missing:
        what = ", ".join(f"{k} {v!r}" for k, v in missing[0].items())
        raise MappingError(
            f"{reference.label}, column {columns.sector!r}: no row for {what}, "
            f"which {data.label} has"
        )


def _measure_schema(years: bool) -> pa.Schema:
    import pyarrow as pa

    arrow = {"VARCHAR": pa.string(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_()}
    arrow["INTEGER"] = pa.int32()
    return pa.schema([(name, arrow[kind]) for name, kind in _measure_columns(years)])


def _measure_columns(years: bool) -> list[tuple[str, str]]:
    """The measures' columns and their (DuckDB) types, in order."""
    columns = [
        *((k, "VARCHAR") for k in KEY_ORDER),
        *((k, "DOUBLE") for k in _MEASURE_NUMBERS),
        *((k, "BOOLEAN") for k in _MEASURE_FLAGS),
        ("stars", "INTEGER"),
    ]
    if years:
        columns += [("employment_base", "DOUBLE"), ("growth", "DOUBLE")]
    return columns


_MEASURE_NUMBERS = ("employment", "establishments", "region_share", "sector_share", "lq")
_MEASURE_FLAGS = (
    "qualifying",
    "significant",
    "strong",
    "strong10",
    "stars_size",
    "stars_specialisation",
    "stars_focus",
)


def _score_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [
            ("region", pa.string()),
            ("category", pa.string()),
            ("employment", pa.float64()),
            ("strong_employment", pa.float64()),
            ("score", pa.float64()),
            ("strong_clusters", pa.int64()),
        ]
    )


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """The same column types from both engines (Spark and DuckDB name some types differently)."""
    return table.select(schema.names).cast(schema)


def _hotspots(
    measures: pa.Table,
    regions: str | Path | None,
    region_property: str,
    permutations: int,
    seed: int,
    report: Progress,
) -> pa.Table | None:
    if regions is None:
        return None
    import pyarrow.compute as pc

    from clusterdev.mapping._spatial import hotspots

    report(0.6, "hotspots")
    known = measures.filter(pc.is_valid(measures.column("lq")))
    values = known.select(["region", "sector", "lq"]).rename_columns(["region", "sector", "value"])
    return hotspots(
        values, regions, region_property=region_property, permutations=permutations, seed=seed
    )


def _point_clusters(points: pa.Table | None, seed: int, report: Progress) -> pa.Table | None:
    if points is None:
        return None
    from clusterdev.mapping._points import point_clusters

    report(0.75, "point clusters")
    return point_clusters(points, seed=seed)
