"""Candidate clusters: one ranked list merging the evidence for each region × sector."""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
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
    ``measures``. Measures sorted by region then sector (text by bytes), as
    :func:`clusterdev.mapping.map_clusters` gives them, are checked in passing and ranked
    fastest; in any other order the check groups the keys and the ranking sorts on all four
    keys, several times slower on millions of rows, with the same result.

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
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    table = _keyed(measures, MEASURE_COLUMNS, "measures")
    # Keys that increase strictly row after row are unique, and already in the order that
    # breaks ties of score and employment; checking costs two comparisons a row, grouping
    # the keys (the check for measures in any other order) much more.
    in_key_order = _in_key_order(table)
    if not in_key_order:
        _refuse_duplicates(table)

    # Each row's evidence as a bitmask, bit i for the i-th code of EVIDENCE_POINTS.
    held = _measure_bits(table)
    _add_found_evidence(held, table, hotspots, point_clusters)
    texts, scores, candidate = _mask_tables()

    rows = np.flatnonzero(candidate[held])
    held = held[rows]
    score = scores[held]
    # Gathering the candidates in table order first, then sorting them, is faster than
    # gathering them at random from the whole table.
    chosen = table.select(["region", "sector", "category", "employment", "lq"]).take(rows)
    # A null employment sorts last (as -inf), whatever pyarrow's null placement rules.
    employment = pc.fill_null(chosen["employment"].cast(pa.float64()), float("-inf"))
    order = _order_in_key_order(score, employment.to_numpy()) if in_key_order else None
    if order is None:
        order = pc.sort_indices(
            pa.table(
                {
                    "score": score,
                    "employment": employment,
                    "region": chosen["region"],
                    "sector": chosen["sector"],
                }
            ),
            [
                ("score", "descending"),
                ("employment", "descending"),
                ("region", "ascending"),
                ("sector", "ascending"),
            ],
        ).to_numpy()
    ranked, held = chosen.take(order), held[order]
    return pa.table(
        {
            "rank": pa.array(np.arange(1, held.size + 1, dtype=np.int64)),
            **{name: ranked[name] for name in ("region", "sector", "category")},
            "score": pa.array(scores[held]),
            **{name: ranked[name] for name in ("employment", "lq")},
            "evidence": texts.take(pa.array(held)),
        }
    )


_CODES = tuple(EVIDENCE_POINTS)
# The evidence found outside `measures`, as bits of the mask.
_HOTSPOT_BIT = 1 << _CODES.index("hotspot")
_MORAN_BIT = 1 << _CODES.index("moran:HH")
_POINT_CLUSTER_BIT = 1 << _CODES.index("point-cluster")
# Sort keys packed into one int64 must stay below this.
_PACKED_KEY_LIMIT = 2**63


@functools.cache
def _mask_tables() -> tuple[pa.Array, npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Per evidence mask: the evidence as JSON text, the score, and whether it is a candidate."""
    import numpy as np
    import pyarrow as pa

    masks = range(1 << len(_CODES))
    held = [[code for bit, code in enumerate(_CODES) if mask >> bit & 1] for mask in masks]
    return (
        pa.array([json.dumps(codes) for codes in held], pa.string()),
        np.array([sum(EVIDENCE_POINTS[code] for code in codes) for codes in held], np.int64),
        np.array([any(code != "significant" for code in codes) for codes in held], np.bool_),
    )


def _in_key_order(table: pa.Table) -> bool:
    """Whether region × sector increase strictly row after row (so are unique), none null."""
    import pyarrow.compute as pc

    rows = table.num_rows
    if rows < 2:
        return True
    region, sector = table["region"], table["sector"]
    if region.null_count or sector.null_count:
        return False
    region_before, region_after = region.slice(0, rows - 1), region.slice(1)
    same_region = pc.equal(region_before, region_after)
    sector_up = pc.less(sector.slice(0, rows - 1), sector.slice(1))
    if pc.any(pc.and_not(same_region, sector_up), min_count=0).as_py():
        return False
    # Few rows start a region: compare just those.
    starts = pc.indices_nonzero(pc.invert(same_region))
    region_up = pc.less(region_before.take(starts), region_after.take(starts))
    return bool(pc.all(region_up, min_count=0).as_py())


def _measure_bits(table: pa.Table) -> npt.NDArray[np.uint16]:
    """Each row's evidence from the measure flags (a null flag is false), as bits."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    held = np.zeros(table.num_rows, dtype=np.uint16)
    for bit, code in enumerate(_CODES):
        if code not in _MEASURE_FLAGS:
            continue
        # A pyarrow scalar, not False: converting a Python bool makes pyarrow import pandas.
        flag = pc.fill_null(table[_MEASURE_FLAGS[code]].cast(pa.bool_()), pa.scalar(False))
        start = 0
        for chunk in flag.chunks:
            # The chunk's values: a bitmap, least significant bit first, from its offset.
            bitmap = chunk.buffers()[1]
            if len(chunk) and bitmap is not None:
                values = np.unpackbits(
                    np.frombuffer(bitmap, dtype=np.uint8),
                    count=chunk.offset + len(chunk),
                    bitorder="little",
                )[chunk.offset :]
                held[start : start + len(chunk)] |= values.astype(np.uint16) << np.uint16(bit)
            start += len(chunk)
    return held


def _order_in_key_order(
    score: npt.NDArray[np.int64], employment: npt.NDArray[np.float64]
) -> npt.NDArray[np.int64] | None:
    """Indices sorting rows by score, then employment (NaN last), descending; rows tied on
    both keep their order. None where the packed sort key would not fit in 64 bits."""
    import numpy as np

    rows = score.size
    # The rank of -employment, ascending: employment descending, NaN last (np.unique puts
    # NaNs last, as one value) and -0.0 tied with 0.0, as in pyarrow's sort.
    levels, employment_rank = np.unique(-employment, return_inverse=True)
    top = int(score.max(initial=0))
    if (top + 1) * levels.size * rows >= _PACKED_KEY_LIMIT:
        return None
    # One key per row, unique (its position is the last part): no need of a stable sort.
    key = ((top - score) * levels.size + employment_rank) * rows + np.arange(rows)
    key.sort()
    result: npt.NDArray[np.int64] = key % rows
    return result


def _add_found_evidence(
    held: npt.NDArray[np.uint16],
    measures: pa.Table,
    hotspots: pa.Table | None,
    point_clusters: pa.Table | None,
) -> None:
    """Set the hotspot, HH and point-cluster bits of `held`, the masks of `measures`' rows."""
    import numpy as np
    import pyarrow as pa

    found = []
    if hotspots is not None:
        found.append(_hotspot_bits(hotspots))
    if point_clusters is not None:
        clusters = _keyed(point_clusters, ("region", "sector"), "point_clusters")
        bits = pa.repeat(pa.scalar(_POINT_CLUSTER_BIT, pa.uint16()), clusters.num_rows)
        found.append(clusters.append_column("bits", bits))
    evidence = pa.concat_tables(found) if found else None
    if evidence is None or evidence.num_rows == 0:
        return
    keys = measures.select(["region", "sector"]).append_column(
        "row", pa.array(np.arange(measures.num_rows, dtype=np.int64))
    )
    # Null keys match nothing; a region × sector found twice sets its bits twice.
    matched = keys.join(evidence, keys=["region", "sector"], join_type="inner")
    np.bitwise_or.at(held, matched["row"].to_numpy(), matched["bits"].to_numpy())


def _hotspot_bits(hotspots: pa.Table) -> pa.Table:
    """The hotspot rows with a "hot" Gi* class or an HH quadrant, and those bits."""
    import pyarrow as pa
    import pyarrow.compute as pc

    spots = _keyed(hotspots, ("region", "sector", "gi_class", "moran_quadrant"), "hotspots")
    # A null class or quadrant is no evidence.
    hot = pc.fill_null(pc.equal(spots["gi_class"], "hot"), False)
    high_high = pc.fill_null(pc.equal(spots["moran_quadrant"], "HH"), False)
    found = pc.or_(hot, high_high)
    nothing = pa.scalar(0, pa.uint16())
    bits = pc.bit_wise_or(
        pc.if_else(hot.filter(found), pa.scalar(_HOTSPOT_BIT, pa.uint16()), nothing),
        pc.if_else(high_high.filter(found), pa.scalar(_MORAN_BIT, pa.uint16()), nothing),
    )
    return spots.select(["region", "sector"]).filter(found).append_column("bits", bits)


def _refuse_duplicates(measures: pa.Table) -> None:
    import pyarrow.compute as pc

    counts = measures.group_by(["region", "sector"]).aggregate([([], "count_all")])
    duplicated = counts.filter(pc.field("count_all") > 1).slice(0, 10).to_pylist()
    if duplicated:
        pairs = ", ".join(f"{row['region']}/{row['sector']}" for row in duplicated)
        raise ValueError(f"measures: duplicated region × sector: {pairs}")


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
