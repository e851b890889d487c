"""The mapping computation, written once as SQL text that DuckDB and Spark SQL both run.

Each function returns one statement. The few places where the two dialects differ (identifier
quotes, the exact-quantile aggregate and its array's first index, full-string regular
expressions) go through :class:`Dialect`; everything else is SQL that both engines read the same way. Numbers are
DOUBLE throughout, literals are written in scientific notation (a DOUBLE in both dialects,
where ``0.9`` would be a DECIMAL), and divisors are wrapped in NULLIF so that Spark's ANSI mode
never meets a division by zero. Employment sums of whole numbers are exact in DOUBLE (below
2**53), so both engines add them to the same value whatever the order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from clusterdev.mapping._types import StarThresholds

# A decimal number, optionally signed, optionally with an exponent: what a register's employment
# cell may hold. Anything else ("1,234", "n/a", "inf") is "not a number".
NUMBER_PATTERN = "[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?"

KEYS = ("region", "sector", "category", "year")
COORDINATES = ("latitude", "longitude")


@dataclass(frozen=True)
class Dialect:
    """How one engine spells the few things that SQL engines spell differently."""

    name: str
    quote: str
    quantiles_call: str
    first_item: int
    full_match: str

    def ident(self, name: str) -> str:
        return self.quote + name.replace(self.quote, self.quote * 2) + self.quote

    def quantiles(self, expression: str, probabilities: Sequence[float]) -> str:
        """The exact quantiles of an aggregate, as an array: one sort for several of them.

        Linear interpolation between order statistics (Hyndman & Fan type 7): DuckDB's
        quantile_cont and Spark's percentile, never an approximation.
        """
        listed = ", ".join(number(p) for p in probabilities)
        return self.quantiles_call.format(value=expression, probabilities=listed)

    def item(self, array: str, index: int) -> str:
        """Element ``index`` (from 0) of an array: DuckDB counts from 1, Spark from 0."""
        return f"{array}[{index + self.first_item}]"

    def matches(self, expression: str, pattern: str) -> str:
        return self.full_match.format(value=expression, pattern=pattern)


DUCKDB = Dialect(
    name="duckdb",
    quote='"',
    quantiles_call="quantile_cont({value}, [{probabilities}])",
    first_item=1,
    full_match="regexp_full_match({value}, '{pattern}')",
)
SPARK = Dialect(
    name="spark",
    quote="`",
    quantiles_call="percentile({value}, array({probabilities}))",
    first_item=0,
    full_match="({value} RLIKE '^(?:{pattern})$')",
)


def number(value: float) -> str:
    """A DOUBLE literal in both dialects, exactly the Python float."""
    return f"{float(value):.17e}"


def key(d: Dialect, column: str | None) -> str:
    """A key column as text (an empty one counts as missing: see :func:`checks_sql`)."""
    if column is None:
        return "CAST(NULL AS STRING)"
    return f"CAST({d.ident(column)} AS STRING)"


def measure(d: Dialect, column: str, *, text: bool) -> str:
    """A numeric column as DOUBLE: NULL where the cell is empty, NaN where it is not a number.

    Keeping "missing" (NULL) apart from "not a number" (NaN) lets one cheap aggregate pass find
    both kinds of bad cell (COUNT and MAX), whatever the engine.
    """
    raw = d.ident(column)
    if not text:
        return f"CAST({raw} AS DOUBLE)"
    trimmed = f"TRIM({raw})"
    return (
        f"CASE WHEN {raw} IS NULL OR {trimmed} = '' THEN CAST(NULL AS DOUBLE) "
        f"WHEN {d.matches(trimmed, NUMBER_PATTERN)} "
        f"THEN COALESCE(TRY_CAST({trimmed} AS DOUBLE), CAST('NaN' AS DOUBLE)) "
        "ELSE CAST('NaN' AS DOUBLE) END"
    )


def rows_sql(
    d: Dialect, *, source: str, roles: Mapping[str, str | None], text_columns: frozenset[str]
) -> str:
    """One row per input row, named by role: keys as text, numbers as DOUBLE.

    ``roles`` maps each role of :class:`Columns` to the input's column, or None where the input
    has none: an absent key is NULL, absent establishments count one per row.
    """

    def num(column: str) -> str:
        return measure(d, column, text=column in text_columns)

    establishments = roles.get("establishments")
    fields = [f"{key(d, roles.get(k))} AS {k}" for k in KEYS]
    fields += [
        f"{num(str(roles['employment']))} AS employment",
        f"{'CAST(1 AS DOUBLE)' if establishments is None else num(establishments)} AS establishments",
    ]
    for role in COORDINATES:
        column = roles.get(role)
        if column is not None:
            fields.append(f"{num(column)} AS {role}")
    return f"SELECT {', '.join(fields)} FROM {source}"


def cells_sql(
    *, rows: str, keys: Sequence[str], checked: Sequence[str], counted_establishments: bool
) -> str:
    """The one pass over the input: totals per combination of the ``keys`` it has.

    For each role in ``checked``, the COUNT, MIN and MAX beside the sums cost little in the
    same pass and tell whether any value is missing, negative or not a number; only then is
    the input read again to find the row. Absent keys are NULL columns, outside the GROUP BY.
    """
    fields = [*keys, *(f"CAST(NULL AS STRING) AS {k}" for k in KEYS if k not in keys)]
    fields += [
        "SUM(employment) AS employment",
        "CAST(COUNT(*) AS DOUBLE) AS establishments"
        if counted_establishments
        else "SUM(establishments) AS establishments",
        "COUNT(*) AS source_rows",
    ]
    for role in checked:
        if role not in COORDINATES:
            fields.append(f"COUNT({role}) AS {role}_values")
        fields += [f"MIN({role}) AS {role}_min", f"MAX({role}) AS {role}_max"]
    return f"SELECT {', '.join(fields)} FROM {rows} GROUP BY {', '.join(keys)}"


def checks_sql(*, cells: str, keys: Sequence[str], checked: Sequence[str]) -> str:
    """One row summing up the checks of :func:`cells_sql` over all cells."""
    # Empty keys are found here, on the few cells, rather than row by row in the pass.
    fields = [
        f"SUM(CASE WHEN {k} IS NULL OR {k} = '' THEN 1 ELSE 0 END) AS {k}_missing" for k in keys
    ]
    fields.append("SUM(source_rows) AS source_rows")
    if "year" in keys:
        fields += ["MIN(year) AS base_year", "MAX(year) AS latest_year"]
    for role in checked:
        if role not in COORDINATES:
            fields.append(f"SUM(source_rows - {role}_values) AS {role}_missing")
        fields += [f"MIN({role}_min) AS {role}_min", f"MAX({role}_max) AS {role}_max"]
    return f"SELECT {', '.join(fields)} FROM {cells}"


def _on(left: str, right: str, keys: list[str]) -> str:
    return " AND ".join(f"{left}.{k} = {right}.{k}" for k in keys)


def measures_sql(
    d: Dialect,
    *,
    cells: str,
    reference: str | None,
    categories: bool,
    years: bool,
    stars: StarThresholds,
) -> str:
    """Location quotients, CMP flags and stars per region × sector (× category).

    See :func:`clusterdev.mapping.map_clusters` for the formulas; this is their only code.
    ``cells`` comes from :func:`cells_sql`; ``reference`` too (the reference economy's
    cells), or None for the input's own totals.
    """
    cat = ["category"] if categories else []
    ctes = [
        *_share_ctes(cells=cells, reference=reference, cat=cat, years=years),
        *_threshold_ctes(d, stars=stars, cat=cat),
    ]
    fields = _measure_fields()
    growth = ""
    if years:
        ctes.append(
            "base_cells AS (SELECT region, sector, category, employment FROM "
            f"{cells} WHERE year = (SELECT MIN(year) FROM {cells}))"
        )
        fields += [
            "COALESCE(b.employment, CAST(0 AS DOUBLE)) AS employment_base",
            "(m.employment - b.employment) / NULLIF(b.employment, 0) AS growth",
        ]
        growth = f" LEFT JOIN base_cells AS b ON {_on('b', 'm', ['region', 'sector', *cat])}"
    return f"WITH {', '.join(ctes)} SELECT {', '.join(fields)} FROM compared AS m{growth}"


def _share_ctes(*, cells: str, reference: str | None, cat: list[str], years: bool) -> list[str]:
    """Totals of region, sector and reference economy; the shares and the LQ."""
    latest = f" WHERE year = (SELECT MAX(year) FROM {cells})" if years else ""
    reference_source = reference if reference is not None else "sector_totals"
    reference_value = "employment" if reference is not None else "sector_employment"
    return [
        "current_cells AS (SELECT region, sector, category, employment, establishments "
        f"FROM {cells}{latest})",
        "region_totals AS (SELECT region, category, SUM(employment) AS region_employment "
        "FROM current_cells GROUP BY region, category)",
        "sector_totals AS (SELECT sector, category, SUM(employment) AS sector_employment "
        "FROM current_cells GROUP BY sector, category)",
        "reference_totals AS (SELECT sector, category, "
        f"{reference_value} AS reference_employment, "
        f"SUM({reference_value}) OVER (PARTITION BY category) AS reference_category_employment "
        f"FROM {reference_source})",
        "shares AS (SELECT c.region, c.sector, c.category, c.employment, c.establishments, "
        "c.employment / NULLIF(s.sector_employment, 0) AS region_share, "
        "c.employment / NULLIF(r.region_employment, 0) AS sector_share, "
        "c.employment / NULLIF(r.region_employment, 0) / NULLIF(f.reference_employment "
        "/ NULLIF(f.reference_category_employment, 0), 0) AS lq "
        "FROM current_cells AS c "
        f"JOIN region_totals AS r ON {_on('r', 'c', ['region', *cat])} "
        f"JOIN sector_totals AS s ON {_on('s', 'c', ['sector', *cat])} "
        f"LEFT JOIN reference_totals AS f ON {_on('f', 'c', ['sector', *cat])})",
    ]


def _threshold_ctes(d: Dialect, *, stars: StarThresholds, cat: list[str]) -> list[str]:
    """Per sector, the quantiles over its regions with employment; each region compared."""
    q, i = d.quantiles, d.item
    sized = "sh.employment > t.employment_p25 AND sh.establishments > t.establishments_p25"
    specialised = f"sh.lq >= {number(stars.specialisation_lq)}"
    return [
        # CMP and the stars compare a region with the other regions active in the sector.
        "quantiles AS (SELECT sector, category, "
        f"{q('lq', [0.25, 0.5, 0.75, 0.9])} AS lq_q, "
        f"{q('employment', [0.25, 1 - stars.size_top_share])} AS employment_q, "
        f"{q('establishments', [0.25])} AS establishments_q, "
        f"{q('sector_share', [1 - stars.focus_top_share])} AS sector_share_q "
        "FROM shares WHERE employment > 0 GROUP BY sector, category)",
        "thresholds AS (SELECT sector, category, "
        f"{i('lq_q', 0)} AS lq_p25, {i('lq_q', 1)} AS lq_p50, "
        f"{i('lq_q', 2)} AS lq_p75, {i('lq_q', 3)} AS lq_p90, "
        f"{i('employment_q', 0)} AS employment_p25, {i('employment_q', 1)} AS size_cut, "
        f"{i('establishments_q', 0)} AS establishments_p25, "
        f"{i('sector_share_q', 0)} AS focus_cut FROM quantiles)",
        "compared AS (SELECT sh.*, "
        f"COALESCE({sized} AND sh.lq > t.lq_p25, FALSE) AS above_p25, "
        f"COALESCE({sized} AND sh.lq > t.lq_p50, FALSE) AS above_p50, "
        f"COALESCE({sized} AND sh.lq >= t.lq_p75 AND sh.lq >= 1, FALSE) AS from_p75, "
        f"COALESCE({sized} AND sh.lq >= t.lq_p90 AND sh.lq >= 1, FALSE) AS from_p90, "
        "COALESCE(sh.employment > 0 AND sh.employment >= t.size_cut, FALSE) AS stars_size, "
        f"COALESCE({specialised}, FALSE) AS stars_specialisation, "
        "COALESCE(sh.employment > 0 AND sh.sector_share >= t.focus_cut, FALSE) AS stars_focus "
        f"FROM shares AS sh LEFT JOIN thresholds AS t ON {_on('t', 'sh', ['sector', *cat])})",
    ]


def _measure_fields() -> list[str]:
    """The measures' columns; a flag is unknown (NULL) where the LQ is."""
    flags = [
        f"CASE WHEN m.lq IS NULL THEN CAST(NULL AS BOOLEAN) ELSE m.{test} END AS {flag}"
        for flag, test in (
            ("qualifying", "above_p25"),
            ("significant", "above_p50"),
            ("strong", "from_p75"),
            ("strong10", "from_p90"),
        )
    ]
    star_names = ("stars_size", "stars_specialisation", "stars_focus")
    star_count = " + ".join(f"CASE WHEN m.{s} THEN 1 ELSE 0 END" for s in star_names)
    return [
        *(f"m.{k}" for k in ("region", "sector", "category", "employment", "establishments")),
        *(f"m.{k}" for k in ("region_share", "sector_share", "lq")),
        *flags,
        *(f"m.{s}" for s in star_names),
        f"CAST({star_count} AS INT) AS stars",
    ]


def region_scores_sql(*, measures: str) -> str:
    """Per region (and category): the share of its employment in strong clusters."""
    strong_employment = "SUM(CASE WHEN strong THEN employment ELSE 0 END)"
    return (
        "SELECT region, category, SUM(employment) AS employment, "
        f"{strong_employment} AS strong_employment, "
        f"{strong_employment} / NULLIF(SUM(employment), 0) AS score, "
        "CAST(SUM(CASE WHEN strong THEN 1 ELSE 0 END) AS BIGINT) AS strong_clusters "
        f"FROM {measures} GROUP BY region, category"
    )


def ordered(relation: str, keys: tuple[str, ...]) -> str:
    """Every row of ``relation`` in key order (text compares by bytes in both engines)."""
    return f"SELECT * FROM {relation} ORDER BY {', '.join(f'{k} NULLS LAST' for k in keys)}"


def points_sql(*, rows: str, cells: str, years: bool) -> str:
    """The located establishments of the latest year, for the point clusters."""
    latest = f" AND year = (SELECT MAX(year) FROM {cells})" if years else ""
    return (
        "SELECT region, sector, latitude, longitude, employment FROM "
        f"{rows} WHERE latitude IS NOT NULL AND longitude IS NOT NULL{latest}"
    )
