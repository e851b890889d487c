"""Candidate clusters: one ranked list merging the evidence for each region × sector."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["EVIDENCE_POINTS", "rank_candidates"]

# Evidence codes, in the order they are listed, and the points each adds to the score.
EVIDENCE_POINTS: dict[str, int] = {
    "strong10": 3,
    "strong": 2,
    "significant": 1,
    "star:size": 1,
    "star:specialisation": 1,
    "star:focus": 1,
    "hotspot": 1,
    "moran:HH": 1,
    "point-cluster": 1,
}
# Flags of `measures` behind the evidence codes.
_MEASURE_FLAGS = {
    "strong10": "strong10",
    "strong": "strong",
    "significant": "significant",
    "star:size": "stars_size",
    "star:specialisation": "stars_specialisation",
    "star:focus": "stars_focus",
}
MEASURE_COLUMNS = ("region", "sector", "category", "employment", "lq", *_MEASURE_FLAGS.values())
CANDIDATE_COLUMNS = (
    "rank",
    "region",
    "sector",
    "category",
    "score",
    "employment",
    "lq",
    "evidence",
)


def rank_candidates(
    measures: pa.Table,
    *,
    hotspots: pa.Table | None = None,
    point_clusters: pa.Table | None = None,
) -> pa.Table:
    r"""Candidate clusters: each region × sector with evidence of a cluster, ranked.

    ``measures`` has one row per region × sector with (at least) ``region, sector,
    category, employment, lq`` and the flags ``strong10, strong, significant, stars_size,
    stars_specialisation, stars_focus`` (a null flag counts as false). ``hotspots`` is the
    output of :func:`clusterdev.mapping._spatial.hotspots` (``gi_class`` and
    ``moran_quadrant`` are used) and ``point_clusters`` that of
    :func:`clusterdev.mapping._points.point_clusters` (its ``region`` and ``sector``); both
    are matched to ``measures`` on region and sector, and their rows for a region × sector
    absent from ``measures`` are ignored.

    **Evidence** (codes, in this order): ``strong10``, ``strong``, ``significant`` (the
    US Cluster Mapping flags); ``star:size``, ``star:specialisation``, ``star:focus`` (the
    European Cluster Observatory stars); ``hotspot`` (Gi* class "hot"); ``moran:HH``
    (significant high-high local Moran quadrant); ``point-cluster`` (at least one point
    cluster whose region and sector match). A row is a candidate when it has any evidence
    but ``significant``, which alone does not make a cluster.

    **Score**, additive: :math:`3\,[\mathit{strong10}] + 2\,[\mathit{strong}] +
    [\mathit{significant}] + \sum_{\mathit{stars}} [\star] + [\mathit{hotspot}] +
    [\mathit{HH}] + [\mathit{point\ cluster}]` (:data:`EVIDENCE_POINTS`). The CMP flags
    nest, so a strong10 cluster also counts strong and significant: 6 points, the most
    any single source gives; the maximum is 12. The weights are deliberately plain, for a
    Steering Committee to read; the selection phase weighs criteria properly.

    Output, sorted by score descending, then employment descending (nulls last), region,
    sector: ``rank`` (1, 2, …), ``region, sector, category, score, employment, lq`` and
    ``evidence``, a JSON list of the codes as text.

    Raises ``ValueError`` for a missing column or a duplicated region × sector in
    ``measures``.

    >>> import pyarrow as pa
    >>> measures = pa.table({
    ...     "region": ["EC-I", "EC-T", "EC-P", "EC-G"],
    ...     "sector": ["1410", "1520", "1410", "1410"],
    ...     "category": ["traded"] * 4,
    ...     "employment": [4200, 3100, 9800, 700],
    ...     "lq": [6.1, 4.2, 1.3, 0.4],
    ...     "qualifying": [True, True, True, False],
    ...     "significant": [True, True, True, False],
    ...     "strong": [True, True, False, False],
    ...     "strong10": [True, False, False, False],
    ...     "stars_size": [True, False, True, None],
    ...     "stars_specialisation": [True, True, False, None],
    ...     "stars_focus": [True, True, False, None],
    ... })
    >>> ranked = rank_candidates(measures)
    >>> for row in ranked.select(["rank", "region", "score", "evidence"]).to_pylist():
    ...     print(row)  # doctest: +NORMALIZE_WHITESPACE
    {'rank': 1, 'region': 'EC-I', 'score': 9,
     'evidence': '["strong10", "strong", "significant", "star:size", "star:specialisation",
                   "star:focus"]'}
    {'rank': 2, 'region': 'EC-T', 'score': 5,
     'evidence': '["strong", "significant", "star:specialisation", "star:focus"]'}
    {'rank': 3, 'region': 'EC-P', 'score': 2, 'evidence': '["significant", "star:size"]'}
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    table = _keyed(measures, MEASURE_COLUMNS, "measures")
    _refuse_duplicates(table)
    if hotspots is not None:
        table = table.join(_hotspot_flags(hotspots), keys=["region", "sector"])
    if point_clusters is not None:
        table = table.join(_point_cluster_flags(point_clusters), keys=["region", "sector"])

    flags = {
        code: pc.fill_null(table[_MEASURE_FLAGS.get(code, code)].cast(pa.bool_()), False)
        for code in EVIDENCE_POINTS
        if _MEASURE_FLAGS.get(code, code) in table.column_names
    }
    score = pa.repeat(pa.scalar(0, pa.int64()), table.num_rows)
    candidate = pa.repeat(pa.scalar(False), table.num_rows)
    for code, flag in flags.items():
        score = pc.add(score, pc.multiply(flag.cast(pa.int64()), EVIDENCE_POINTS[code]))
        if code != "significant":
            candidate = pc.or_(candidate, flag)
        table = table.append_column(f"has {code}", flag)
    # A null employment sorts last (as -inf), whatever pyarrow's null placement rules.
    table = table.append_column("score", score).append_column(
        "employment order", pc.fill_null(table["employment"].cast(pa.float64()), float("-inf"))
    )
    table = table.filter(candidate).sort_by(
        [
            ("score", "descending"),
            ("employment order", "descending"),
            ("region", "ascending"),
            ("sector", "ascending"),
        ]
    )
    held = zip(*(table[f"has {code}"].to_pylist() for code in flags), strict=True)
    evidence = [
        json.dumps([code for code, has in zip(flags, row, strict=True) if has]) for row in held
    ]
    return pa.table(
        {
            "rank": pa.array(range(1, table.num_rows + 1), type=pa.int64()),
            **{name: table[name] for name in ("region", "sector", "category", "score")},
            **{name: table[name] for name in ("employment", "lq")},
            "evidence": pa.array(evidence, type=pa.string()),
        }
    )


def _refuse_duplicates(measures: pa.Table) -> None:
    import pyarrow.compute as pc

    counts = measures.group_by(["region", "sector"]).aggregate([([], "count_all")])
    duplicated = counts.filter(pc.field("count_all") > 1).slice(0, 10).to_pylist()
    if duplicated:
        pairs = ", ".join(f"{row['region']}/{row['sector']}" for row in duplicated)
        raise ValueError(f"measures: duplicated region × sector: {pairs}")


def _hotspot_flags(hotspots: pa.Table) -> pa.Table:
    """Per region × sector: a "hot" Gi* class, a significant HH quadrant."""
    import pyarrow as pa
    import pyarrow.compute as pc

    spots = _keyed(hotspots, ("region", "sector", "gi_class", "moran_quadrant"), "hotspots")
    flags = pa.table(
        {
            "region": spots["region"],
            "sector": spots["sector"],
            "hotspot": pc.equal(spots["gi_class"], "hot"),
            "moran:HH": pc.equal(spots["moran_quadrant"], "HH"),
        }
    )
    flags = flags.group_by(["region", "sector"]).aggregate(
        [("hotspot", "any"), ("moran:HH", "any")]
    )
    return flags.rename_columns(["region", "sector", "hotspot", "moran:HH"])


def _point_cluster_flags(point_clusters: pa.Table) -> pa.Table:
    """The region × sector pairs holding at least one point cluster."""
    import pyarrow as pa

    found = _keyed(point_clusters, ("region", "sector"), "point_clusters")
    found = found.group_by(["region", "sector"]).aggregate([])
    return found.append_column("point-cluster", pa.array([True] * found.num_rows, pa.bool_()))


def _keyed(table: pa.Table, columns: tuple[str, ...], name: str) -> pa.Table:
    """`columns` of `table`, with region and sector as text; ValueError naming missing ones."""
    import pyarrow as pa

    missing = [column for column in columns if column not in table.column_names]
    if missing:
        raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")
    selected = table.select(list(columns))
    for key in ("region", "sector"):
        index = selected.schema.get_field_index(key)
        selected = selected.set_column(index, key, selected[key].cast(pa.string()))
    return selected
