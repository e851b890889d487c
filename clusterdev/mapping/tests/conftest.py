"""Fixtures for the mapping tests: the CMP files, small registers, one Spark session."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from clusterdev.mapping import Columns

CMP = Path(__file__).parent / "data" / "cmp"
CMP_STATES = CMP / "states_2016.csv"
CMP_TOTALS = CMP / "us_cluster_totals_2016.csv"
CMP_COLUMNS = Columns(
    region="state_fips",
    sector="cluster_code",
    employment="employment",
    establishments="establishments",
    category="traded",
)


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def synthetic_register(path: Path, *, seed: int = 7) -> Path:
    """A register with what trips engines up: ties, zeros, leading zeros, two categories, years.

    Whole-number employment (a fifth of the establishments report none, so some region ×
    sector cells have zero employment), one row per establishment, several per region ×
    sector; two regions copy others exactly, so location quotients tie.
    """
    rng = random.Random(seed)
    sectors = [(f"{s:02d}", "traded" if s % 3 else "local") for s in range(1, 13)]
    base = {
        f"{r:03d}": {s: rng.choice([0, 0, 1, 2, 3, 5, 8]) for s, _ in sectors} for r in range(1, 31)
    }
    base["031"] = dict(base["001"])  # twins: equal LQs everywhere
    base["032"] = dict(base["002"])
    rows = []
    for year in ("2019", "2023"):
        for region, firms in base.items():
            for sector, category in sectors:
                for _ in range(firms[sector] + (year == "2023" and sector == "01")):
                    staff = 0 if rng.random() < 0.2 else rng.randint(1, 40)
                    rows.append([region, sector, category, year, staff])
    return write_csv(path, ["area", "isic", "kind", "year", "staff"], rows)


SYNTHETIC_COLUMNS = Columns(
    region="area", sector="isic", employment="staff", category="kind", year="year"
)


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local Spark session for every Spark test (it takes 5–12 s to start)."""
    sql = pytest.importorskip(
        "pyspark.sql", reason="pyspark is not installed (pip install clusterdev[spark])"
    )
    session = (
        sql.SparkSession.builder.master("local[2]")
        .appName("clusterdev tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
