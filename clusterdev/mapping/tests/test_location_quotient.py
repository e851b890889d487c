"""LQ = (E_rs / E_r,cat) / (E_s,ref / E_ref,cat), computed by hand on a tiny economy.

Regions A and B; sectors s1 and s2 are traded, s3 is local.

    employment   s1   s2   s3        reference (national)   s1    s2    s3
    A            30   10   60                               100   300   600
    B            10   30   20
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clusterdev.mapping import Columns, map_clusters
from clusterdev.mapping.tests.conftest import write_csv

HEADER = ["area", "cluster", "traded", "staff", "firms"]
CELLS = [
    ["A", "s1", "yes", 30, 3],
    ["A", "s2", "yes", 10, 1],
    ["A", "s3", "no", 60, 6],
    ["B", "s1", "yes", 10, 1],
    ["B", "s2", "yes", 30, 3],
    ["B", "s3", "no", 20, 2],
]
NATIONAL = [["s1", "yes", 100], ["s2", "yes", 300], ["s3", "no", 600]]


def _lq(
    tmp_path: Path, *, category: bool, reference: bool, national: list[list[Any]] = NATIONAL
) -> dict[tuple[str, str], Any]:
    states = write_csv(tmp_path / "states.csv", HEADER, CELLS)
    totals = write_csv(tmp_path / "national.csv", ["cluster", "traded", "staff"], national)
    columns = Columns(
        region="area",
        sector="cluster",
        employment="staff",
        establishments="firms",
        category="traded" if category else None,
    )
    result = map_clusters(states, columns=columns, reference=totals if reference else None)
    return {(r["region"], r["sector"]): r for r in result.measures.to_pylist()}


def test_with_categories_and_a_reference_the_lq_compares_within_the_category(
    tmp_path: Path,
) -> None:
    rows = _lq(tmp_path, category=True, reference=True)
    # A's traded employment is 40, the nation's 400: (30/40) / (100/400) = 3.
    assert rows["A", "s1"]["lq"] == pytest.approx(3.0)
    assert rows["A", "s2"]["lq"] == pytest.approx((10 / 40) / (300 / 400))
    assert rows["A", "s3"]["lq"] == pytest.approx(1.0)
    assert rows["B", "s1"]["lq"] == pytest.approx(1.0)
    assert rows["A", "s1"]["category"] == "yes"


def test_without_a_reference_the_inputs_own_totals_are_the_reference(tmp_path: Path) -> None:
    rows = _lq(tmp_path, category=True, reference=False)
    # s1 has 40 of the 80 traded jobs: (30/40) / (40/80) = 1.5.
    assert rows["A", "s1"]["lq"] == pytest.approx(1.5)
    assert rows["B", "s2"]["lq"] == pytest.approx(1.5)


def test_without_categories_all_sectors_are_the_denominator(tmp_path: Path) -> None:
    rows = _lq(tmp_path, category=False, reference=True)
    # A employs 100 in all, the nation 1000: (30/100) / (100/1000) = 3; B: (10/60) / 0.1.
    assert rows["A", "s1"]["lq"] == pytest.approx(3.0)
    assert rows["B", "s1"]["lq"] == pytest.approx((10 / 60) / 0.1)
    assert rows["A", "s1"]["category"] is None


def test_the_shares_are_of_the_sector_and_of_the_regions_category(tmp_path: Path) -> None:
    rows = _lq(tmp_path, category=True, reference=True)
    assert rows["A", "s1"]["region_share"] == pytest.approx(30 / 40)  # A's part of s1
    assert rows["A", "s2"]["sector_share"] == pytest.approx(10 / 40)  # s2's part of A's traded
    assert rows["A", "s3"]["sector_share"] == pytest.approx(1.0)


def test_a_sector_without_reference_employment_has_no_lq_and_no_flags(tmp_path: Path) -> None:
    national = [["s1", "yes", 0], ["s2", "yes", 300], ["s3", "no", 600]]
    rows = _lq(tmp_path, category=True, reference=True, national=national)
    assert rows["A", "s1"]["lq"] is None
    assert rows["A", "s1"]["strong"] is None
    assert rows["A", "s1"]["stars_specialisation"] is False
    assert rows["A", "s2"]["lq"] == pytest.approx((10 / 40) / (300 / 300))
