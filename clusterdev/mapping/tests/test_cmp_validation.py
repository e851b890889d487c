"""Validation against published numbers: the US Cluster Mapping Project's 2016 state table.

Source: US Cluster Mapping Project (Harvard Business School, clustermapping.us), 2016 state
data from its data API (County Business Patterns based), copied to data/cmp/ with its README:
50 states × 67 clusters, CMP's own LQ and flags in the ``*_cmp`` columns (published for the
2,550 traded rows only), and national employment per cluster as the reference economy.
"""

from __future__ import annotations

import csv
import json
from typing import Any

import pyarrow as pa
import pytest

from clusterdev.cli import main
from clusterdev.mapping import map_clusters
from clusterdev.mapping.tests.conftest import CMP_COLUMNS, CMP_STATES, CMP_TOTALS

FLAGS = ("qualifying", "significant", "strong", "strong10")
PUBLISHED_COUNTS = {"qualifying": 1454, "significant": 1014, "strong": 512, "strong10": 209}


def _published() -> dict[tuple[str, str], dict[str, str]]:
    with CMP_STATES.open(newline="", encoding="utf-8") as file:
        return {(row["state_fips"], row["cluster_code"]): row for row in csv.DictReader(file)}


def _assert_reproduces_cmp(rows: list[dict[str, Any]]) -> None:
    published = _published()
    traded = [row for row in rows if row["category"] == "True"]
    assert len(traded) == 2550
    for row in traded:
        cmp = published[(row["region"], row["sector"])]
        assert row["lq"] == pytest.approx(float(cmp["lq_cmp"]), rel=1e-6, abs=1e-12), row
        for flag in FLAGS:
            assert row[flag] is (cmp[f"{flag}_cmp"] == "True"), (flag, row)
    assert {flag: sum(row[flag] for row in traded) for flag in FLAGS} == PUBLISHED_COUNTS


def _michigan_automotive(rows: list[dict[str, Any]]) -> dict[str, Any]:
    (row,) = [r for r in rows if r["region"] == "26" and r["sector"] == "4"]
    return row


def test_the_api_reproduces_cmp_lq_and_all_four_flags_on_every_traded_row() -> None:
    result = map_clusters(CMP_STATES, columns=CMP_COLUMNS, reference=CMP_TOTALS)
    rows = result.measures.to_pylist()
    _assert_reproduces_cmp(rows)
    michigan = _michigan_automotive(rows)
    assert round(michigan["lq"], 4) == 5.8053
    assert michigan["strong10"] is True


def test_the_command_reproduces_cmp(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "map",
        str(CMP_STATES),
        "--region",
        "state_fips",
        "--sector",
        "cluster_code",
        "--employment",
        "employment",
        "--establishments",
        "establishments",
        "--category",
        "traded",
        "--reference",
        str(CMP_TOTALS),
    ]
    assert main(argv) == 0
    rows = json.loads(capsys.readouterr().out)
    _assert_reproduces_cmp(rows)
    assert round(_michigan_automotive(rows)["lq"], 4) == 5.8053


def test_without_the_national_reference_one_borderline_flag_moves() -> None:
    """The 50 states miss DC and the territories: the reference economy matters (README).

    Against the states' own totals, North Carolina's Automotive LQ falls just below 1, so it
    loses the strong flag that CMP publishes; nothing else changes.
    """
    rows = map_clusters(CMP_STATES, columns=CMP_COLUMNS).measures.to_pylist()
    published = _published()
    moved = [
        (row["region"], row["sector"], flag)
        for row in rows
        if row["category"] == "True"
        for flag in FLAGS
        if row[flag] is not (published[(row["region"], row["sector"])][f"{flag}_cmp"] == "True")
    ]
    assert moved == [("37", "4", "strong")]


def test_region_scores_are_the_share_of_traded_employment_in_strong_clusters() -> None:
    result = map_clusters(CMP_STATES, columns=CMP_COLUMNS, reference=CMP_TOTALS)
    measures = [r for r in result.measures.to_pylist() if r["region"] == "26"]
    traded = [r for r in measures if r["category"] == "True"]
    (score,) = [
        s
        for s in result.region_scores.to_pylist()
        if s["region"] == "26" and s["category"] == "True"
    ]
    strong = [r for r in traded if r["strong"]]
    assert score["employment"] == sum(r["employment"] for r in traded)
    assert score["strong_employment"] == sum(r["employment"] for r in strong)
    assert score["score"] == pytest.approx(score["strong_employment"] / score["employment"])
    assert score["strong_clusters"] == len(strong)
    assert result.region_scores.schema.field("strong_clusters").type == pa.int64()
