"""Candidate clusters: the evidence of flags, stars, hotspots and point clusters, ranked."""

from __future__ import annotations

import doctest
import itertools
import json
import math
import random
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from clusterdev.mapping import _candidates
from clusterdev.mapping._candidates import EVIDENCE_POINTS, rank_candidates

FLAGS = ("strong10", "strong", "significant", "stars_size", "stars_specialisation", "stars_focus")


def _measures(rows: list[dict[str, object]]) -> pa.Table:
    """A measures table; flags not given are false, qualifying follows significant."""
    full = []
    for row in rows:
        flags = {flag: row.get(flag, False) for flag in FLAGS}
        full.append(
            {
                "region": row["region"],
                "sector": row["sector"],
                "category": row.get("category", "traded"),
                "employment": row.get("employment", 100),
                "establishments": 10,
                "lq": row.get("lq", 1.0),
                "qualifying": flags["significant"],
                **flags,
            }
        )
    schema = pa.schema(
        [
            ("region", pa.string()),
            ("sector", pa.string()),
            ("category", pa.string()),
            ("employment", pa.int64()),
            ("establishments", pa.int64()),
            ("lq", pa.float64()),
            ("qualifying", pa.bool_()),
            *[(flag, pa.bool_()) for flag in FLAGS],
        ]
    )
    return pa.Table.from_pylist(full, schema=schema)


def _hotspots(rows: list[tuple[str | None, str | None, str | None, str | None]]) -> pa.Table:
    return pa.table(
        {
            "region": [r for r, _, _, _ in rows],
            "sector": [s for _, s, _, _ in rows],
            "gi_z": [1.0] * len(rows),
            "gi_class": [g for _, _, g, _ in rows],
            "moran_quadrant": [q for _, _, _, q in rows],
        }
    )


def _clusters(rows: list[tuple[str | None, str]]) -> pa.Table:
    return pa.table(
        {
            "sector": [s for _, s in rows],
            "cluster_id": list(range(len(rows))),
            "region": pa.array([r for r, _ in rows], type=pa.string()),
            "firms": [12] * len(rows),
        }
    )


def _evidence(table: pa.Table) -> dict[tuple[str, str], list[str]]:
    return {
        (row["region"], row["sector"]): json.loads(row["evidence"]) for row in table.to_pylist()
    }


MEASURES = _measures(
    [
        # 3 + 2 + 1 + 1 + 1 = 8
        {
            "region": "EC-I",
            "sector": "1410",
            "employment": 4200,
            "lq": 6.1,
            "strong10": True,
            "strong": True,
            "significant": True,
            "stars_specialisation": True,
            "stars_focus": True,
        },
        # 2 + 1 + 1 = 4, and a hotspot, HH and a point cluster below: 7
        {
            "region": "EC-T",
            "sector": "1520",
            "employment": 3100,
            "lq": 4.2,
            "strong": True,
            "significant": True,
            "stars_specialisation": True,
        },
        # significant alone: not a candidate
        {"region": "EC-P", "sector": "1410", "employment": 9800, "significant": True},
        # only a hotspot (given below): 1
        {"region": "EC-C", "sector": "1410", "employment": 300},
        # only a point cluster (given below): 1, more employment than EC-C
        {"region": "EC-E", "sector": "1410", "employment": 500},
        # a size star: 1, same employment as EC-E, region breaks the tie
        {"region": "EC-A", "sector": "1410", "employment": 500, "stars_size": True},
        # nothing at all
        {"region": "EC-G", "sector": "1410", "employment": 700},
    ]
)
HOTSPOTS = _hotspots(
    [
        ("EC-T", "1520", "hot", "HH"),
        ("EC-C", "1410", "hot", "LH"),
        ("EC-P", "1410", "", ""),
        ("EC-G", "1410", "cold", "LL"),
        ("EC-Z", "1410", "hot", "HH"),  # not in measures: ignored
    ]
)
CLUSTERS = _clusters([("EC-T", "1520"), ("EC-T", "1520"), ("EC-E", "1410"), (None, "1410")])


def test_it_ranks_by_score_then_employment_then_region() -> None:
    ranked = rank_candidates(MEASURES, hotspots=HOTSPOTS, point_clusters=CLUSTERS)
    assert ranked.select(["rank", "region", "sector", "score"]).to_pylist() == [
        {"rank": 1, "region": "EC-I", "sector": "1410", "score": 8},
        {"rank": 2, "region": "EC-T", "sector": "1520", "score": 7},
        {"rank": 3, "region": "EC-A", "sector": "1410", "score": 1},
        {"rank": 4, "region": "EC-E", "sector": "1410", "score": 1},
        {"rank": 5, "region": "EC-C", "sector": "1410", "score": 1},
    ]


def test_evidence_lists_the_codes_in_their_fixed_order() -> None:
    ranked = rank_candidates(MEASURES, hotspots=HOTSPOTS, point_clusters=CLUSTERS)
    assert _evidence(ranked) == {
        ("EC-I", "1410"): [
            "strong10",
            "strong",
            "significant",
            "star:specialisation",
            "star:focus",
        ],
        ("EC-T", "1520"): [
            "strong",
            "significant",
            "star:specialisation",
            "hotspot",
            "moran:HH",
            "point-cluster",
        ],
        ("EC-A", "1410"): ["star:size"],
        ("EC-E", "1410"): ["point-cluster"],
        ("EC-C", "1410"): ["hotspot"],
    }


def test_the_score_is_the_sum_of_the_documented_points() -> None:
    ranked = rank_candidates(MEASURES, hotspots=HOTSPOTS, point_clusters=CLUSTERS)
    for row in ranked.to_pylist():
        codes = json.loads(row["evidence"])
        assert row["score"] == sum(EVIDENCE_POINTS[code] for code in codes)


def test_significance_alone_or_no_evidence_is_not_a_candidate() -> None:
    ranked = rank_candidates(MEASURES, hotspots=HOTSPOTS, point_clusters=CLUSTERS)
    regions = ranked["region"].to_pylist()
    assert "EC-P" not in regions  # significant only
    assert "EC-G" not in regions  # a cold spot and LL are not evidence of a cluster
    assert "EC-Z" not in regions  # hot, but not in measures


def test_without_hotspots_or_point_clusters_only_flags_and_stars_count() -> None:
    ranked = rank_candidates(MEASURES)
    assert ranked.select(["region", "score"]).to_pylist() == [
        {"region": "EC-I", "score": 8},
        {"region": "EC-T", "score": 4},
        {"region": "EC-A", "score": 1},
    ]


def test_output_columns_and_measure_values_are_carried_over() -> None:
    ranked = rank_candidates(MEASURES, hotspots=HOTSPOTS, point_clusters=CLUSTERS)
    assert ranked.column_names == [
        "rank",
        "region",
        "sector",
        "category",
        "score",
        "employment",
        "lq",
        "evidence",
    ]
    first = ranked.to_pylist()[0]
    assert (first["category"], first["employment"], first["lq"]) == ("traded", 4200, 6.1)


def test_null_flags_count_as_false_and_null_employment_ranks_last() -> None:
    measures = pa.table(
        {
            "region": ["A", "B", "C"],
            "sector": ["1", "1", "1"],
            "category": [None, None, None],
            "employment": pa.array([None, 5, 1], type=pa.int64()),
            "lq": [2.0, None, 1.0],
            "qualifying": [None, None, None],
            "significant": pa.array([None, None, None], type=pa.bool_()),
            "strong": [True, True, True],
            "strong10": pa.array([None, None, None], type=pa.bool_()),
            "stars_size": pa.array([None, None, None], type=pa.bool_()),
            "stars_specialisation": pa.array([None, None, None], type=pa.bool_()),
            "stars_focus": pa.array([None, None, None], type=pa.bool_()),
        }
    )
    ranked = rank_candidates(measures)
    assert ranked.select(["rank", "region", "score"]).to_pylist() == [
        {"rank": 1, "region": "B", "score": 2},
        {"rank": 2, "region": "C", "score": 2},
        {"rank": 3, "region": "A", "score": 2},
    ]


def test_no_candidate_gives_an_empty_table_with_the_columns() -> None:
    ranked = rank_candidates(_measures([{"region": "A", "sector": "1"}]))
    assert ranked.num_rows == 0
    assert ranked.column_names[0] == "rank" and ranked.column_names[-1] == "evidence"


def test_inputs_are_not_changed() -> None:
    before = (MEASURES.to_pylist(), HOTSPOTS.to_pylist(), CLUSTERS.to_pylist())
    rank_candidates(MEASURES, hotspots=HOTSPOTS, point_clusters=CLUSTERS)
    assert (MEASURES.to_pylist(), HOTSPOTS.to_pylist(), CLUSTERS.to_pylist()) == before


def test_missing_columns_raise_naming_them() -> None:
    with pytest.raises(ValueError, match="measures: missing column"):
        rank_candidates(MEASURES.drop_columns(["stars_focus"]))
    with pytest.raises(ValueError, match=r"hotspots: missing column.*moran_quadrant"):
        rank_candidates(MEASURES, hotspots=HOTSPOTS.drop_columns(["moran_quadrant"]))
    with pytest.raises(ValueError, match=r"point_clusters: missing column.*region"):
        rank_candidates(MEASURES, point_clusters=CLUSTERS.drop_columns(["region"]))


def test_a_duplicated_region_and_sector_raises() -> None:
    doubled = pa.concat_tables([MEASURES, MEASURES.slice(0, 1)])
    with pytest.raises(ValueError, match="duplicated region × sector: EC-I/1410"):
        rank_candidates(doubled)


def test_the_examples_in_the_docstrings_run() -> None:
    failed, attempted = doctest.testmod(_candidates, raise_on_error=False, verbose=False)
    assert attempted > 0 and failed == 0


# The ranking pinned on a rich table: every combination of true, false and null flags, ties,
# null and non-finite employment, null keys, text that sorts differently by bytes and by
# locale, duplicated and unmatched hotspot and point-cluster rows, several chunks.

# The measure flag behind each evidence code, spelt out again for the reference below.
CODE_FLAGS = {
    "strong10": "strong10",
    "strong": "strong",
    "significant": "significant",
    "star:size": "stars_size",
    "star:specialisation": "stars_specialisation",
    "star:focus": "stars_focus",
}


def _reference_ranking(
    measures: pa.Table,
    hotspots: pa.Table | None = None,
    point_clusters: pa.Table | None = None,
) -> pa.Table:
    """rank_candidates row by row in plain Python, as it was first written: the reference."""
    found: dict[tuple[str, str], set[str]] = {}
    if hotspots is not None:
        for spot in hotspots.to_pylist():
            if spot["region"] is not None and spot["sector"] is not None:
                spot_codes = found.setdefault((spot["region"], spot["sector"]), set())
                if spot["gi_class"] == "hot":
                    spot_codes.add("hotspot")
                if spot["moran_quadrant"] == "HH":
                    spot_codes.add("moran:HH")
    if point_clusters is not None:
        for cluster in point_clusters.to_pylist():
            if cluster["region"] is not None and cluster["sector"] is not None:
                found.setdefault((cluster["region"], cluster["sector"]), set()).add("point-cluster")
    ranked: list[tuple[dict[str, Any], list[str], int]] = []
    for row in measures.to_pylist():
        extra = found.get((row["region"], row["sector"]), set())
        codes = [
            code
            for code in EVIDENCE_POINTS
            if (bool(row[CODE_FLAGS[code]]) if code in CODE_FLAGS else code in extra)
        ]
        if any(code != "significant" for code in codes):
            ranked.append((row, codes, sum(EVIDENCE_POINTS[code] for code in codes)))

    def order(
        item: tuple[dict[str, Any], list[str], int],
    ) -> tuple[int, bool, float, bool, str, bool, str]:
        row, _, score = item
        # Null employment as -inf, NaN after everything; null keys last.
        employment = -math.inf if row["employment"] is None else float(row["employment"])
        nan = math.isnan(employment)
        region, sector = row["region"], row["sector"]
        return (
            -score,
            nan,
            0.0 if nan else -employment,
            region is None,
            region or "",
            sector is None,
            sector or "",
        )

    ranked.sort(key=order)
    types = measures.schema
    return pa.table(
        {
            "rank": pa.array(range(1, len(ranked) + 1), pa.int64()),
            "region": pa.array([row["region"] for row, _, _ in ranked], pa.string()),
            "sector": pa.array([row["sector"] for row, _, _ in ranked], pa.string()),
            "category": pa.array(
                [row["category"] for row, _, _ in ranked], types.field("category").type
            ),
            "score": pa.array([score for _, _, score in ranked], pa.int64()),
            "employment": pa.array(
                [row["employment"] for row, _, _ in ranked], types.field("employment").type
            ),
            "lq": pa.array([row["lq"] for row, _, _ in ranked], types.field("lq").type),
            "evidence": pa.array([json.dumps(codes) for _, codes, _ in ranked], pa.string()),
        }
    )


def _rich_measures(employment: pa.DataType) -> pa.Table:
    """Thousands of region × sector rows, in the schema map_clusters gives (bar employment)."""
    rng = random.Random(20240603)
    combinations = list(itertools.product((True, False, None), repeat=len(FLAGS)))
    regions = [f"R{i:02d}" for i in range(70)] + ["a-lower", "Z-upper", "é-accent", "ü", ""]
    sectors = [f"{i:04d}" for i in range(64)]
    keys: list[tuple[str | None, str | None]] = [(r, s) for r in regions for s in sectors]
    rng.shuffle(keys)
    keys = keys[: 6 * len(combinations)]
    keys += [(None, "0001"), (None, "0002"), ("R01", None), (None, None)]
    if pa.types.is_floating(employment):
        amounts: list[float | None] = [None, math.nan, -math.inf, 0.0, -0.0, 1.5, 100.0, 250.0]
    else:
        amounts = [None, 0, 100, 250]
    rows = []
    for i, (region, sector) in enumerate(keys):
        flags = combinations[i % len(combinations)]
        amount = rng.choice(amounts) if rng.random() < 0.5 else rng.randint(1, 400)
        rows.append(
            {
                "region": region,
                "sector": sector,
                "category": rng.choice(["traded", "local", None]),
                "employment": amount,
                "establishments": 10.0,
                "region_share": 0.1,
                "sector_share": 0.2,
                "lq": rng.choice([None, math.nan, 0.5, 1.0, 2.25, rng.random() * 5]),
                "qualifying": flags[2],
                **dict(zip(FLAGS, flags, strict=True)),
                "stars": 0,
            }
        )
    schema = pa.schema(
        [
            ("region", pa.string()),
            ("sector", pa.string()),
            ("category", pa.string()),
            ("employment", employment),
            *[(name, pa.float64()) for name in ("establishments", "region_share", "sector_share")],
            ("lq", pa.float64()),
            ("qualifying", pa.bool_()),
            *[(flag, pa.bool_()) for flag in FLAGS],
            ("stars", pa.int32()),
        ]
    )
    table = pa.Table.from_pylist(rows, schema=schema)
    return pa.Table.from_batches(table.to_batches(max_chunksize=997))


def _rich_hotspots(measures: pa.Table) -> pa.Table:
    rng = random.Random(7)
    keys = [(row["region"], row["sector"]) for row in measures.to_pylist() if rng.random() < 0.6]
    keys += rng.sample(keys, 200)  # some region × sector twice
    keys += [("R99", "0001"), ("nowhere", "0002"), (None, "0001"), ("R01", None)]
    classes = ["hot", "cold", "not significant", "", None]
    quadrants = ["HH", "HL", "LH", "LL", "", None]
    return _hotspots([(r, s, rng.choice(classes), rng.choice(quadrants)) for r, s in keys])


def _rich_clusters(measures: pa.Table) -> pa.Table:
    rng = random.Random(11)
    keys: list[tuple[str | None, str]] = [
        (row["region"], row["sector"])
        for row in measures.to_pylist()
        if rng.random() < 0.15 and row["sector"] is not None
    ]
    keys += [*rng.sample(keys, 100), ("R99", "0001"), (None, "0001"), (None, "0002")]
    return _clusters(keys)


def _same(got: pa.Table, expected: pa.Table) -> None:
    """Same schema and the same values, NaN and -0.0 included (repr tells them apart)."""
    assert got.schema.equals(expected.schema, check_metadata=True)
    got_rows, expected_rows = got.to_pylist(), expected.to_pylist()
    assert len(got_rows) == len(expected_rows)
    for i, (a, b) in enumerate(zip(got_rows, expected_rows, strict=True)):
        assert repr(a) == repr(b), f"row {i}"


def _sorted_by_key(measures: pa.Table) -> pa.Table:
    """The rows with both keys, sorted by region, sector as map_clusters gives them."""
    keyed = measures.filter(
        pc.and_(pc.is_valid(measures["region"]), pc.is_valid(measures["sector"]))
    )
    ordered = keyed.sort_by([("region", "ascending"), ("sector", "ascending")])
    return pa.Table.from_batches(ordered.to_batches(max_chunksize=1009))


@pytest.mark.parametrize("employment", [pa.int64(), pa.float64()], ids=["int", "float"])
@pytest.mark.parametrize("spots", ["none", "some", "empty"])
@pytest.mark.parametrize("points", ["none", "some", "empty"])
@pytest.mark.parametrize("order", ["shuffled", "key-order"])
def test_the_ranking_matches_the_row_by_row_reference(
    employment: pa.DataType, spots: str, points: str, order: str
) -> None:
    measures = _rich_measures(employment)
    hotspots = {"none": None, "some": _rich_hotspots(measures), "empty": _hotspots([])}[spots]
    clusters = {"none": None, "some": _rich_clusters(measures), "empty": _clusters([])}[points]
    if order == "key-order":
        measures = _sorted_by_key(measures)
    assert _candidates._in_key_order(measures) == (order == "key-order")
    ranked = rank_candidates(measures, hotspots=hotspots, point_clusters=clusters)
    expected = _reference_ranking(measures, hotspots, clusters)
    assert expected.num_rows > 2000
    _same(ranked, expected)


def test_measures_too_many_for_a_packed_sort_key_sort_like_the_reference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_candidates, "_PACKED_KEY_LIMIT", 1)
    measures = _sorted_by_key(_rich_measures(pa.float64()))
    hotspots, clusters = _rich_hotspots(measures), _rich_clusters(measures)
    ranked = rank_candidates(measures, hotspots=hotspots, point_clusters=clusters)
    _same(ranked, _reference_ranking(measures, hotspots, clusters))


@pytest.mark.parametrize("chunks", [0, 1])
def test_no_rows_give_an_empty_table_like_the_reference(chunks: int) -> None:
    rich = _rich_measures(pa.float64())
    batches = [batch.slice(0, 0) for batch in rich.to_batches()[:chunks]]
    empty = pa.Table.from_batches(batches, rich.schema)
    assert empty["region"].num_chunks == chunks
    ranked = rank_candidates(empty, hotspots=_hotspots([]), point_clusters=_clusters([]))
    _same(ranked, _reference_ranking(empty))


def test_only_strictly_increasing_keys_without_nulls_count_as_key_order() -> None:
    def keyed(regions: list[str | None], sectors: list[str | None]) -> bool:
        return _candidates._in_key_order(pa.table({"region": regions, "sector": sectors}))

    assert keyed(["A", "A", "B", "b"], ["10", "2", "1", "1"])  # by bytes, "10" < "2", "B" < "b"
    assert not keyed(["A", "A"], ["2", "10"])
    assert not keyed(["A", "A"], ["1", "1"])  # a duplicate
    assert not keyed(["B", "A"], ["1", "1"])
    assert not keyed(["A", "B", "A"], ["1", "1", "2"])  # a region that comes back
    assert not keyed(["A", None], ["1", "1"])
    assert not keyed(["A", "A"], ["1", None])
    assert keyed([], []) and keyed([None], [None])


def test_a_duplicated_region_and_sector_in_key_order_raises() -> None:
    ordered = _sorted_by_key(_rich_measures(pa.float64()))
    doubled = pa.concat_tables([ordered.slice(0, 10), ordered.slice(9)])
    region, sector = doubled["region"][9].as_py(), doubled["sector"][9].as_py()
    with pytest.raises(ValueError, match=f"duplicated region × sector: {region}/{sector}"):
        rank_candidates(doubled)
