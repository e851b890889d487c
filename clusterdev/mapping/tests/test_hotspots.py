"""Spatial hotspots: Getis–Ord Gi*, local Moran's I, queen contiguity and FDR."""

from __future__ import annotations

import doctest
import json
import math
import subprocess
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from clusterdev.mapping import _spatial
from clusterdev.mapping._spatial import benjamini_hochberg, hotspots, region_neighbours

ECUADOR = Path(str(resources.files("clusterdev") / "data" / "ecuador_admin1.geojson"))


def _square(code: str, col: float, row: float) -> dict[str, object]:
    ring = [[col, row], [col + 1, row], [col + 1, row + 1], [col, row + 1], [col, row]]
    return {
        "type": "Feature",
        "properties": {"code": code},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def _grid(tmp_path: Path, n: int = 5, *, island: bool = False) -> Path:
    """An n × n grid of unit squares r{row}c{col}, and optionally a square far away."""
    features = [_square(f"r{row}c{col}", col, row) for row in range(n) for col in range(n)]
    if island:
        features.append(_square("island", n + 10, n + 10))
    path = tmp_path / "grid.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def _blocks(n: int = 5) -> dict[str, float]:
    """Mid values with a little variation, a high 2 × 2 block at r0c0 and a zero one opposite."""
    values = {}
    for row in range(n):
        for col in range(n):
            value = 5.0 + ((row * 7 + col * 3) % 5) * 0.5
            if row < 2 and col < 2:
                value = 20.0 + row + col
            if row >= n - 2 and col >= n - 2:
                value = 0.0
            values[f"r{row}c{col}"] = value
    return values


def _table(values: dict[str, float], sector: str = "1410") -> pa.Table:
    return pa.table(
        {
            "region": list(values),
            "sector": [sector] * len(values),
            "value": list(values.values()),
        }
    )


def _rows(result: pa.Table, column: str, label: str) -> list[str]:
    return sorted(result.filter(pc.field(column) == label)["region"].to_pylist())


HIGH_BLOCK = ["r0c0", "r0c1", "r1c0", "r1c1"]
LOW_BLOCK = ["r3c3", "r3c4", "r4c3", "r4c4"]


def test_high_block_is_hot_and_low_block_is_cold(tmp_path: Path) -> None:
    result = hotspots(_table(_blocks()), _grid(tmp_path), seed=0)
    assert _rows(result, "gi_class", "hot") == HIGH_BLOCK
    assert _rows(result, "gi_class", "cold") == LOW_BLOCK


def test_high_block_is_high_high_and_low_block_low_low(tmp_path: Path) -> None:
    result = hotspots(_table(_blocks()), _grid(tmp_path), seed=0)
    assert _rows(result, "moran_quadrant", "HH") == HIGH_BLOCK
    assert _rows(result, "moran_quadrant", "LL") == LOW_BLOCK


def test_it_returns_every_region_for_every_sector_with_the_agreed_columns(
    tmp_path: Path,
) -> None:
    values = pa.concat_tables([_table(_blocks(), "1410"), _table({"r2c2": 3.0}, "1520")])
    result = hotspots(values, _grid(tmp_path), seed=0)
    assert result.column_names == [
        "region",
        "sector",
        "gi_z",
        "gi_p",
        "gi_q",
        "gi_class",
        "moran_i",
        "moran_p",
        "moran_q",
        "moran_quadrant",
    ]
    assert result.num_rows == 2 * 25
    assert result["sector"].to_pylist() == ["1410"] * 25 + ["1520"] * 25
    assert result["region"].to_pylist()[:3] == ["r0c0", "r0c1", "r0c2"]


def test_regions_missing_from_a_sector_count_as_zero(tmp_path: Path) -> None:
    values = _blocks()
    without_zeros = {region: value for region, value in values.items() if value != 0}
    grid = _grid(tmp_path)
    assert hotspots(_table(without_zeros), grid, seed=3).equals(
        hotspots(_table(values), grid, seed=3)
    )


def test_same_seed_gives_the_same_table_and_another_seed_other_p_values(
    tmp_path: Path,
) -> None:
    grid = _grid(tmp_path)
    first = hotspots(_table(_blocks()), grid, seed=7)
    assert first.equals(hotspots(_table(_blocks()), grid, seed=7))
    other = hotspots(_table(_blocks()), grid, seed=8)
    assert first["gi_p"].to_pylist() != other["gi_p"].to_pylist()


def test_it_leaves_the_global_random_state_alone(tmp_path: Path) -> None:
    np.random.seed(123)
    expected = np.random.random()
    np.random.seed(123)
    hotspots(_table(_blocks()), _grid(tmp_path), seed=0)
    assert np.random.random() == expected


def test_an_island_gets_nulls_and_no_class(tmp_path: Path) -> None:
    values = _blocks() | {"island": 50.0}
    result = hotspots(_table(values), _grid(tmp_path, island=True), seed=0)
    island = result.filter(pc.field("region") == "island").to_pylist()[0]
    assert island["gi_z"] is None and island["gi_p"] is None and island["gi_q"] is None
    assert island["moran_i"] is None and island["moran_p"] is None
    assert island["moran_q"] is None
    assert island["gi_class"] == "" and island["moran_quadrant"] == ""


def test_an_island_does_not_change_the_mainland_statistics(tmp_path: Path) -> None:
    mainland = hotspots(_table(_blocks()), _grid(tmp_path), seed=0)
    with_island = hotspots(
        _table(_blocks() | {"island": 50.0}), _grid(tmp_path, island=True), seed=0
    )
    assert with_island.filter(pc.field("region") != "island").equals(mainland)


def test_gi_z_is_ord_and_getis_star_statistic(tmp_path: Path) -> None:
    values = _blocks()
    result = hotspots(_table(values), _grid(tmp_path), seed=0)
    x = np.array(list(values.values()))
    n, mean, sd = x.size, x.mean(), x.std()
    # r1c1 and its 8 queen neighbours, itself included.
    star = [f"r{row}c{col}" for row in range(3) for col in range(3)]
    weight = len(star)
    expected = (sum(values[r] for r in star) - mean * weight) / (
        sd * math.sqrt((n * weight - weight**2) / (n - 1))
    )
    gi_z = result.filter(pc.field("region") == "r1c1")["gi_z"][0].as_py()
    assert gi_z == pytest.approx(expected, rel=1e-12)


def test_p_values_are_multiples_of_one_over_permutations_plus_one(tmp_path: Path) -> None:
    result = hotspots(_table(_blocks()), _grid(tmp_path), permutations=99, seed=0)
    for p in result["gi_p"].to_pylist() + result["moran_p"].to_pylist():
        assert p * 100 == pytest.approx(round(p * 100), abs=1e-9)
        assert 0.01 <= p <= 1


def test_a_zero_region_among_zeros_in_a_sparse_sector_is_not_cold(tmp_path: Path) -> None:
    # Most random neighbourhoods are all zeros too: a tie, not evidence of a cold spot
    # (esda's default pseudo p-value would give 1 / (P + 1) here).
    values = {"r0c0": 9.0, "r0c1": 8.0, "r1c0": 7.0}
    result = hotspots(_table(values), _grid(tmp_path), seed=0)
    far_corner = result.filter(pc.field("region") == "r4c4").to_pylist()[0]
    assert far_corner["gi_p"] > 0.05
    assert _rows(result, "gi_class", "cold") == []


def test_a_constant_sector_gets_nulls(tmp_path: Path) -> None:
    values = {f"r{row}c{col}": 2.0 for row in range(5) for col in range(5)}
    result = hotspots(_table(values), _grid(tmp_path), seed=0)
    assert result["gi_z"].null_count == 25
    assert set(result["gi_class"].to_pylist()) == {""}


def test_a_region_adjacent_to_all_others_gets_a_null_z(tmp_path: Path) -> None:
    features = [_square(code, col, 0) for col, code in enumerate(("west", "middle", "east"))]
    path = tmp_path / "row.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    result = hotspots(_table({"west": 1.0, "middle": 5.0, "east": 2.0}), path, seed=0)
    assert result["region"].to_pylist() == ["east", "middle", "west"]
    assert result["gi_z"].to_pylist()[1] is None
    assert result["gi_z"].null_count == 1


def test_unknown_regions_raise_naming_them(tmp_path: Path) -> None:
    values = _blocks() | {"atlantis": 1.0, "mu": 2.0}
    with pytest.raises(ValueError, match="atlantis, mu"):
        hotspots(_table(values), _grid(tmp_path), seed=0)


def test_a_feature_without_the_region_property_raises_naming_its_index(
    tmp_path: Path,
) -> None:
    path = _grid(tmp_path)
    document = json.loads(path.read_text())
    document["features"][3]["properties"] = {"name": "nameless"}
    path.write_text(json.dumps(document))
    with pytest.raises(ValueError, match="feature 3 has no property 'code'"):
        hotspots(_table({"r0c0": 1.0}), path, seed=0)


def test_another_region_property_can_be_used(tmp_path: Path) -> None:
    path = _grid(tmp_path)
    document = json.loads(path.read_text())
    for feature in document["features"]:
        feature["properties"] = {"iso": feature["properties"]["code"].upper()}
    path.write_text(json.dumps(document))
    upper = {region.upper(): value for region, value in _blocks().items()}
    result = hotspots(_table(upper), path, region_property="iso", seed=0)
    assert _rows(result, "gi_class", "hot") == [r.upper() for r in HIGH_BLOCK]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (pa.table({"region": ["r0c0"], "value": [1.0]}), "missing column"),
        (pa.table({"region": ["r0c0"], "sector": ["1"], "value": [-1.0]}), "negative"),
        (
            pa.table({"region": ["r0c0", "r0c0"], "sector": ["1", "1"], "value": [1.0, 2.0]}),
            "duplicated region × sector: r0c0/1",
        ),
    ],
)
def test_bad_values_raise(tmp_path: Path, table: pa.Table, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        hotspots(table, _grid(tmp_path), seed=0)


def test_queen_contiguity_links_corners(tmp_path: Path) -> None:
    neighbours = region_neighbours(_grid(tmp_path, island=True))
    assert neighbours["r0c0"] == ["r0c1", "r1c0", "r1c1"]
    assert len(neighbours["r2c2"]) == 8
    assert neighbours["island"] == []


def test_ecuador_provinces_build_contiguity_with_galapagos_as_the_only_island() -> None:
    neighbours = region_neighbours(ECUADOR)
    assert len(neighbours) == 24
    assert [code for code, found in neighbours.items() if not found] == ["EC-W"]
    # Tungurahua: Bolívar, Chimborazo, Napo, Morona Santiago, Cotopaxi, Pastaza.
    assert neighbours["EC-T"] == ["EC-B", "EC-H", "EC-N", "EC-S", "EC-X", "EC-Y"]
    for code, found in neighbours.items():  # symmetric
        assert all(code in neighbours[other] for other in found)


def test_hotspots_run_on_ecuador_with_galapagos_null() -> None:
    values = pa.table(
        {
            "region": ["EC-I", "EC-C", "EC-P", "EC-W", "EC-T"],
            "sector": ["1410"] * 5,
            "value": [6.0, 4.0, 3.0, 9.0, 1.0],
        }
    )
    result = hotspots(values, ECUADOR, permutations=199, seed=0)
    assert result.num_rows == 24
    galapagos = result.filter(pc.field("region") == "EC-W").to_pylist()[0]
    assert galapagos["gi_z"] is None and galapagos["moran_i"] is None
    assert result["gi_z"].null_count == 1


def test_benjamini_hochberg_matches_a_hand_computed_example() -> None:
    # Sorted p: 0.001 0.008 0.039 0.041 0.042 0.06 0.074 0.205 (m = 8), p·m/k:
    # 0.008 0.032 0.104 0.082 0.0672 0.08 0.084571 0.205, then the running minimum from the top.
    p = [0.041, 0.001, 0.205, 0.008, 0.074, 0.039, 0.06, 0.042]
    expected = [0.0672, 0.008, 0.205, 0.032, 0.084571, 0.0672, 0.08, 0.0672]
    assert benjamini_hochberg(p).tolist() == pytest.approx(expected, abs=1e-6)


def test_benjamini_hochberg_agrees_with_scipy_and_skips_untested() -> None:
    from scipy.stats import false_discovery_control

    rng = np.random.default_rng(0)
    p = rng.uniform(0, 0.2, 40)
    assert benjamini_hochberg(p) == pytest.approx(false_discovery_control(p, method="bh"))
    with_gap = benjamini_hochberg([0.01, math.nan, 0.02])
    assert math.isnan(with_gap[1])
    assert with_gap[[0, 2]].tolist() == pytest.approx([0.02, 0.02])


def test_benjamini_hochberg_rejects_impossible_p_values() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        benjamini_hochberg([0.5, 1.5])


def test_the_examples_in_the_docstrings_run() -> None:
    failed, attempted = doctest.testmod(_spatial, raise_on_error=False, verbose=False)
    assert attempted > 0 and failed == 0


def test_importing_the_spatial_modules_loads_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "import clusterdev.mapping._spatial, clusterdev.mapping._points\n"
        "import clusterdev.mapping._candidates\n"
        "heavy = ('esda', 'libpysal', 'sklearn', 'shapely', 'pyproj', 'scipy')\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
