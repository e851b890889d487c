"""map_clusters end to end: measures, spatial evidence, candidates, progress, parameters."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from clusterdev.demo import iter_register_rows
from clusterdev.mapping import Columns, MappingResult, StarThresholds, map_clusters

ECUADOR = Path(str(resources.files("clusterdev") / "data" / "ecuador_admin1.geojson"))
COLUMNS = Columns(
    region="province", sector="isic", employment="staff", latitude="lat", longitude="lon"
)


def _int(value: object) -> int:
    assert isinstance(value, int)
    return value


@pytest.fixture(scope="module")
def register() -> pa.Table:
    """The demo's Ecuadorian register: garments in Atuntaqui (EC-I), footwear in Ambato (EC-T)."""
    rows = list(iter_register_rows(seed=2003, establishments=3000))
    return pa.table(
        {
            "province": [r["province"] for r in rows],
            "isic": [r["isic"] for r in rows],
            "staff": [_int(r["employees_female"]) + _int(r["employees_male"]) for r in rows],
            "lat": [r["latitude"] for r in rows],
            "lon": [r["longitude"] for r in rows],
        }
    )


@pytest.fixture(scope="module")
def mapped(register: pa.Table) -> MappingResult:
    return map_clusters(register, columns=COLUMNS, regions=ECUADOR, permutations=99, seed=3)


def test_a_located_register_gets_hotspots_point_clusters_and_candidates(
    mapped: MappingResult,
) -> None:
    assert mapped.hotspots is not None and mapped.point_clusters is not None
    assert {"region", "sector", "gi_class", "moran_quadrant"} <= set(mapped.hotspots.column_names)
    assert {"sector", "cluster_id", "firms", "hull_geojson"} <= set(
        mapped.point_clusters.column_names
    )
    assert mapped.candidates is not None
    top = mapped.candidates.slice(0, 10).to_pylist()
    assert [c["rank"] for c in top] == list(range(1, 11))
    places = {(c["region"], c["sector"]): json.loads(c["evidence"]) for c in top}
    for known in (("EC-I", "1410"), ("EC-T", "1520")):  # Atuntaqui garments, Ambato footwear
        assert {"strong", "point-cluster"} <= set(places[known])


def test_without_regions_or_coordinates_there_is_no_spatial_evidence(
    register: pa.Table,
) -> None:
    columns = Columns(region="province", sector="isic", employment="staff")
    result = map_clusters(register, columns=columns)
    assert result.hotspots is None and result.point_clusters is None
    assert result.candidates is not None and result.candidates.num_rows > 0
    assert "point-cluster" not in "".join(result.candidates.column("evidence").to_pylist())


def test_progress_runs_from_reading_to_done(register: pa.Table) -> None:
    seen: list[tuple[float, str]] = []
    map_clusters(
        register,
        columns=COLUMNS,
        regions=ECUADOR,
        permutations=9,
        progress=lambda fraction, stage: seen.append((fraction, stage)),
    )
    fractions = [fraction for fraction, _ in seen]
    assert fractions == sorted(fractions)
    assert seen[0] == (0.0, "reading") and seen[-1] == (1.0, "done")
    assert {"measures", "hotspots", "point clusters", "candidates"} <= {s for _, s in seen}


def test_the_parameters_are_enough_to_run_it_again(
    mapped: MappingResult, register: pa.Table
) -> None:
    p: dict[str, Any] = mapped.parameters
    assert json.loads(json.dumps(p)) == p
    again = map_clusters(
        register,
        columns=Columns(**p["columns"]),
        reference=p["reference"],
        regions=p["regions"],
        region_property=p["region_property"],
        engine=p["engine"],
        stars=StarThresholds(**p["stars"]),
        seed=p["seed"],
        permutations=p["permutations"],
    )
    assert again.measures.equals(mapped.measures)
    assert again.hotspots is not None and again.hotspots.equals(mapped.hotspots)
    assert again.candidates is not None and again.candidates.equals(mapped.candidates)


def test_candidates_can_be_skipped_when_only_the_measures_are_needed(register: pa.Table) -> None:
    columns = Columns(region="province", sector="isic", employment="staff")
    full = map_clusters(register, columns=columns)
    lean = map_clusters(register, columns=columns, with_candidates=False)
    assert lean.candidates is None
    assert lean.measures.equals(full.measures)
