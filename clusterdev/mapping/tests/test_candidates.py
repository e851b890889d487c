"""Candidate clusters: the evidence of flags, stars, hotspots and point clusters, ranked."""

from __future__ import annotations

import doctest
import json

import pyarrow as pa
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


def _hotspots(rows: list[tuple[str, str, str, str]]) -> pa.Table:
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
