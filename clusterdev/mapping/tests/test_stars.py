"""European Cluster Observatory stars: "top 10 %" means at or above the 90th percentile.

The percentile is the linear-interpolation quantile over the regions with employment in the
sector: for employment 1, 2, …, 10 it is 9 + 0.1 × (10 − 9) = 9.1, so only the region with
10 is in the top 10 %; for 1, …, 11 it is exactly 10, and the regions with 10 and 11 both are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clusterdev.mapping import Columns, StarThresholds, map_clusters
from clusterdev.mapping.tests.conftest import write_csv

COLUMNS = Columns(region="area", sector="isic", employment="staff")


def _stars(
    tmp_path: Path, cells: list[list[Any]], stars: StarThresholds | None = None
) -> dict[tuple[str, str], dict[str, Any]]:
    path = write_csv(tmp_path / "cells.csv", ["area", "isic", "staff"], cells)
    result = map_clusters(path, columns=COLUMNS, stars=stars or StarThresholds())
    return {(r["region"], r["sector"]): r for r in result.measures.to_pylist()}


def _with(rows: dict[tuple[str, str], dict[str, Any]], star: str, sector: str = "x") -> list[str]:
    return sorted(region for (region, s), row in rows.items() if s == sector and row[star])


def _size_cells(regions: int) -> list[list[Any]]:
    cells: list[list[Any]] = [[f"r{i:02d}", "x", i] for i in range(1, regions + 1)]
    return [*cells, ["r00", "x", 0], *([f"r{i:02d}", "y", 10] for i in range(regions + 1))]


def test_the_size_star_goes_to_the_top_10_percent_by_employment(tmp_path: Path) -> None:
    assert _with(_stars(tmp_path, _size_cells(10)), "stars_size") == ["r10"]


def test_a_region_exactly_at_the_90th_percentile_earns_the_size_star(tmp_path: Path) -> None:
    assert _with(_stars(tmp_path, _size_cells(11)), "stars_size") == ["r10", "r11"]


def test_the_size_share_is_a_parameter(tmp_path: Path) -> None:
    rows = _stars(tmp_path, _size_cells(10), StarThresholds(size_top_share=0.5))
    # The median of 1..10 is 5.5: regions 6 to 10; the region without employment never counts.
    assert _with(rows, "stars_size") == ["r06", "r07", "r08", "r09", "r10"]


def test_the_focus_star_ranks_the_sectors_share_of_the_regions_employment(
    tmp_path: Path,
) -> None:
    cells: list[list[Any]] = [[f"r{i:02d}", "x", i] for i in range(1, 11)]
    cells += [[f"r{i:02d}", "y", 10] for i in range(1, 10)] + [["r10", "y", 1000]]
    rows = _stars(tmp_path, cells)
    # Shares of x are i / (i + 10) but only 10 / 1010 in r10: r09 has the top share.
    assert _with(rows, "stars_focus") == ["r09"]
    assert _with(rows, "stars_size") == ["r10"]


def test_the_specialisation_star_starts_at_an_lq_of_2(tmp_path: Path) -> None:
    # A: x 1 (its only sector); B: x 1, y 2. LQ(A, x) = (1/1) / (2/4) = 2 exactly.
    cells: list[list[Any]] = [["A", "x", 1], ["B", "x", 1], ["B", "y", 2]]
    rows = _stars(tmp_path, cells)
    assert rows["A", "x"]["lq"] == 2.0
    assert _with(rows, "stars_specialisation") == ["A"]
    stricter = _stars(tmp_path, cells, StarThresholds(specialisation_lq=2.0001))
    assert _with(stricter, "stars_specialisation") == []


def test_stars_counts_the_stars_of_each_region_and_sector(tmp_path: Path) -> None:
    cells: list[list[Any]] = [["A", "x", 1], ["B", "x", 1], ["B", "y", 2]]
    rows = _stars(tmp_path, cells)
    for row in rows.values():
        earned = row["stars_size"] + row["stars_specialisation"] + row["stars_focus"]
        assert row["stars"] == earned
    assert rows["A", "x"]["stars"] == 3  # both tie at the top on size and focus, and LQ 2


@pytest.mark.parametrize(
    "thresholds",
    [{"size_top_share": 0}, {"focus_top_share": 1.5}, {"specialisation_lq": 0}],
)
def test_thresholds_outside_their_range_are_refused(thresholds: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must be"):
        StarThresholds(**thresholds)
