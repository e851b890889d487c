"""With a year column: measures of the latest year, growth since the first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clusterdev.mapping import Columns, map_clusters
from clusterdev.mapping.tests.conftest import write_csv

COLUMNS = Columns(region="area", sector="isic", employment="staff", year="year")


def _measures(tmp_path: Path, cells: list[list[Any]]) -> Any:
    path = write_csv(tmp_path / "cells.csv", ["area", "isic", "year", "staff"], cells)
    return map_clusters(path, columns=COLUMNS)


def test_growth_compares_the_latest_year_with_the_first(tmp_path: Path) -> None:
    result = _measures(
        tmp_path,
        [
            ["A", "x", "2019", 40],
            ["A", "x", "2023", 50],
            ["A", "y", "2019", 0],
            ["A", "y", "2023", 5],
            ["B", "x", "2023", 10],
            ["B", "y", "2019", 30],
            ["B", "y", "2023", 15],
        ],
    )
    rows = {(r["region"], r["sector"]): r for r in result.measures.to_pylist()}
    assert rows["A", "x"]["employment_base"] == 40
    assert rows["A", "x"]["growth"] == pytest.approx((50 - 40) / 40)
    assert rows["B", "y"]["growth"] == pytest.approx(-0.5)
    assert rows["A", "y"]["growth"] is None  # from nothing: no rate
    assert rows["B", "x"]["employment_base"] == 0 and rows["B", "x"]["growth"] is None
    assert result.parameters["years"] == {"base": "2019", "latest": "2023"}


def test_the_measures_are_those_of_the_latest_year(tmp_path: Path) -> None:
    result = _measures(
        tmp_path,
        [
            ["A", "x", "2019", 90],
            ["A", "y", "2019", 10],
            ["B", "x", "2019", 10],
            ["B", "y", "2019", 90],
            ["A", "x", "2021", 1],
            ["A", "x", "2023", 30],
            ["A", "y", "2023", 10],
            ["B", "x", "2023", 10],
            ["B", "y", "2023", 30],
        ],
    )
    rows = {(r["region"], r["sector"]): r for r in result.measures.to_pylist()}
    assert rows["A", "x"]["employment"] == 30
    assert rows["A", "x"]["lq"] == pytest.approx((30 / 40) / (40 / 80))
    assert rows["A", "x"]["employment_base"] == 90  # the first year, not the middle one
    assert result.region_scores.column("employment").to_pylist() == [40, 40]


def test_without_a_year_column_there_is_no_growth(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cells.csv", ["area", "isic", "staff"], [["A", "x", 1]])
    result = map_clusters(path, columns=Columns(region="area", sector="isic", employment="staff"))
    assert "growth" not in result.measures.column_names
    assert result.parameters["years"] is None
