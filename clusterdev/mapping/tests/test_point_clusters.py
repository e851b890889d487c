"""Point clusters: HDBSCAN per sector on coordinates projected to metres."""

from __future__ import annotations

import doctest
import json
import math

import numpy as np
import pyarrow as pa
import pytest
from shapely.geometry import Point, shape

from clusterdev.mapping import _points as points_module
from clusterdev.mapping._points import point_clusters

EARTH_RADIUS_M = 6_371_008.8
ATUNTAQUI = (0.332, -78.213)
AMBATO = (-1.241, -78.619)


def _offset(centre: tuple[float, float], east_m: float, north_m: float) -> tuple[float, float]:
    """The point east_m and north_m metres from centre (lat, lon), locally on the sphere."""
    lat, lon = centre
    dlat = math.degrees(north_m / EARTH_RADIUS_M)
    dlon = math.degrees(east_m / (EARTH_RADIUS_M * math.cos(math.radians(lat))))
    return lat + dlat, lon + dlon


def _distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance between two (lat, lon) points."""
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def _disk(
    rng: np.random.Generator, centre: tuple[float, float], firms: int, radius_m: float = 500
) -> list[tuple[float, float]]:
    """Firms spread evenly over a disk (1 km wide by default) around centre."""
    angle = rng.uniform(0, 2 * math.pi, firms)
    distance = radius_m * np.sqrt(rng.uniform(0, 1, firms))
    return [
        _offset(centre, d * math.cos(a), d * math.sin(a))
        for a, d in zip(angle.tolist(), distance.tolist(), strict=True)
    ]


def _points(
    coordinates: list[tuple[float, float]],
    *,
    sector: str = "1410",
    region: str | list[str] = "EC-I",
    employment: float | list[float] = 1.0,
) -> pa.Table:
    n = len(coordinates)
    return pa.table(
        {
            "region": region if isinstance(region, list) else [region] * n,
            "sector": [sector] * n,
            "latitude": [lat for lat, _ in coordinates],
            "longitude": [lon for _, lon in coordinates],
            "employment": employment if isinstance(employment, list) else [employment] * n,
        }
    )


def _two_towns_and_scatter() -> pa.Table:
    """150 garment workshops in Atuntaqui (5 staff), 100 bigger ones in Ambato (20 staff)
    and 60 scattered over Ecuador's mainland (3 staff)."""
    rng = np.random.default_rng(42)
    atuntaqui = _disk(rng, ATUNTAQUI, 150)
    ambato = _disk(rng, AMBATO, 100)
    scatter = list(
        zip(
            rng.uniform(-4.0, 1.0, 60).tolist(), rng.uniform(-80.0, -76.0, 60).tolist(), strict=True
        )
    )
    regions = ["EC-I"] * 140 + ["EC-P"] * 10 + ["EC-T"] * 100 + ["EC-G"] * 60
    employment = [5.0] * 150 + [20.0] * 100 + [3.0] * 60
    return _points(atuntaqui + ambato + scatter, region=regions, employment=employment)


def test_two_towns_are_two_clusters_with_their_firms_and_employment() -> None:
    clusters = point_clusters(_two_towns_and_scatter())
    rows = clusters.select(["sector", "cluster_id", "region", "firms", "employment"]).to_pylist()
    assert rows == [
        {"sector": "1410", "cluster_id": 0, "region": "EC-T", "firms": 100, "employment": 2000.0},
        {"sector": "1410", "cluster_id": 1, "region": "EC-I", "firms": 150, "employment": 750.0},
    ]


def test_cluster_ids_follow_employment_not_firm_count() -> None:
    clusters = point_clusters(_two_towns_and_scatter())
    assert clusters["employment"].to_pylist() == sorted(
        clusters["employment"].to_pylist(), reverse=True
    )
    assert clusters["firms"].to_pylist() == [100, 150]


def test_centroids_lie_at_the_towns() -> None:
    clusters = point_clusters(_two_towns_and_scatter()).to_pylist()
    for cluster, town in zip(clusters, (AMBATO, ATUNTAQUI), strict=True):
        centroid = (cluster["centroid_latitude"], cluster["centroid_longitude"])
        assert _distance_m(centroid, town) < 100


def test_hulls_are_polygons_in_lon_lat_containing_the_centroid() -> None:
    for cluster in point_clusters(_two_towns_and_scatter()).to_pylist():
        geometry = json.loads(cluster["hull_geojson"])
        assert geometry["type"] == "Polygon"
        hull = shape(geometry)
        assert hull.is_valid and hull.exterior.is_ccw  # RFC 7946 winding
        assert hull.contains(Point(cluster["centroid_longitude"], cluster["centroid_latitude"]))
        min_lon, min_lat, max_lon, max_lat = hull.bounds
        assert -79 < min_lon < max_lon < -78 and -1.3 < min_lat < max_lat < 0.4


def test_the_most_common_region_names_the_cluster_ties_alphabetically() -> None:
    rng = np.random.default_rng(1)
    town = _disk(rng, ATUNTAQUI, 20)
    clusters = point_clusters(_points(town, region=["EC-P"] * 10 + ["EC-I"] * 10))
    assert clusters["region"].to_pylist() == ["EC-I"]


def test_a_single_town_with_stray_firms_is_one_whole_cluster() -> None:
    # Alone in its sector, a town is the root of HDBSCAN's hierarchy, and excess of mass
    # alone would split its evenly spread workshops into fragments or none.
    rng = np.random.default_rng(2)
    town = _disk(rng, ATUNTAQUI, 150)
    stray = [(-2.2, -79.9), (-0.95, -80.7), (-3.99, -79.2)]
    clusters = point_clusters(_points(town + stray))
    assert clusters["firms"].to_pylist() == [150]


def test_a_town_and_scattered_firms_give_the_whole_town() -> None:
    rng = np.random.default_rng(3)
    town = _disk(rng, AMBATO, 150)
    scatter = list(
        zip(
            rng.uniform(-4.0, 1.0, 60).tolist(), rng.uniform(-80.0, -76.0, 60).tolist(), strict=True
        )
    )
    clusters = point_clusters(_points(town + scatter))
    assert clusters["firms"].to_pylist() == [150]


def _two_groups(centre: tuple[float, float], gap_m: float) -> list[tuple[float, float]]:
    """Two groups of 30 firms on 200 m lines running north–south, gap_m apart east–west."""
    points = []
    for east in (-gap_m / 2, gap_m / 2):
        points += [_offset(centre, east, -100 + 200 * k / 29) for k in range(30)]
    return points


@pytest.mark.parametrize("latitude", [0.0, 60.0, -45.0])
def test_distances_are_metres_at_any_latitude(latitude: float) -> None:
    # A degree of longitude is 111 km at the equator and half that at 60°: clustering raw
    # degrees would merge or split these groups differently at each latitude.
    centre = (latitude, -78.0)
    near = point_clusters(_points(_two_groups(centre, 800)), merge_distance=1000)
    far = point_clusters(_points(_two_groups(centre, 1300)), merge_distance=1000)
    assert near["firms"].to_pylist() == [60]
    assert far["firms"].to_pylist() == [30, 30]


def test_a_stretched_town_gives_the_same_cluster_at_the_equator_and_far_north() -> None:
    def town(centre: tuple[float, float]) -> pa.Table:
        rng = np.random.default_rng(4)
        east = rng.uniform(-3000, 3000, 80)  # 6 km long east–west, 400 m wide
        north = rng.uniform(-200, 200, 80)
        scatter = [_offset(centre, e, n) for e, n in ((40_000, 9_000), (-35_000, -20_000))]
        firms = [_offset(centre, e, n) for e, n in zip(east.tolist(), north.tolist(), strict=True)]
        return _points(firms + scatter)

    equator = point_clusters(town((0.1, -78.0)))
    north = point_clusters(town((64.0, 20.0)))
    assert equator["firms"].to_pylist() == north["firms"].to_pylist() == [80]
    for clusters, centre in ((equator, (0.1, -78.0)), (north, (64.0, 20.0))):
        row = clusters.to_pylist()[0]
        assert _distance_m((row["centroid_latitude"], row["centroid_longitude"]), centre) < 500


def test_each_sector_is_clustered_on_its_own() -> None:
    rng = np.random.default_rng(5)
    garments = _points(_disk(rng, ATUNTAQUI, 40), sector="1410")
    footwear = _points(_disk(rng, AMBATO, 30), sector="1520", region="EC-T")
    clusters = point_clusters(pa.concat_tables([footwear, garments]))
    assert clusters.select(["sector", "cluster_id", "firms"]).to_pylist() == [
        {"sector": "1410", "cluster_id": 0, "firms": 40},
        {"sector": "1520", "cluster_id": 0, "firms": 30},
    ]


def test_rows_without_usable_coordinates_or_sector_are_ignored() -> None:
    rng = np.random.default_rng(6)
    town = _points(_disk(rng, ATUNTAQUI, 40))
    bad = pa.table(
        {
            "region": ["EC-I"] * 6,
            "sector": ["1410"] * 5 + [None],
            "latitude": [None, 95.0, math.nan, ATUNTAQUI[0], ATUNTAQUI[0], ATUNTAQUI[0]],
            "longitude": [ATUNTAQUI[1], ATUNTAQUI[1], ATUNTAQUI[1], None, -181.0, ATUNTAQUI[1]],
            "employment": [100.0] * 6,
        }
    )
    clusters = point_clusters(pa.concat_tables([town, bad]))
    assert clusters.select(["firms", "employment"]).to_pylist() == [
        {"firms": 40, "employment": 40.0}
    ]


def test_null_employment_counts_as_zero() -> None:
    rng = np.random.default_rng(7)
    employment: list[float | None] = [2.0] * 20
    employment[0] = None
    table = _points(_disk(rng, ATUNTAQUI, 20)).set_column(
        4, "employment", pa.array(employment, type=pa.float64())
    )
    assert point_clusters(table)["employment"].to_pylist() == [38.0]


def test_firms_at_one_address_make_a_point_hull_and_on_a_street_a_line() -> None:
    same_place = _points([ATUNTAQUI] * 12)
    street = _points([_offset(ATUNTAQUI, 0, 10 * k) for k in range(12)])
    point = json.loads(point_clusters(same_place)["hull_geojson"][0].as_py())
    line = json.loads(point_clusters(street)["hull_geojson"][0].as_py())
    assert point == {"type": "Point", "coordinates": [ATUNTAQUI[1], ATUNTAQUI[0]]}
    assert line["type"] == "LineString" and len(line["coordinates"]) == 2


def test_fewer_firms_than_min_cluster_size_make_no_cluster() -> None:
    clusters = point_clusters(_points([ATUNTAQUI] * 9), min_cluster_size=10)
    assert clusters.num_rows == 0
    assert clusters.column_names == [
        "sector",
        "cluster_id",
        "region",
        "firms",
        "employment",
        "centroid_latitude",
        "centroid_longitude",
        "hull_geojson",
    ]


def test_it_is_deterministic() -> None:
    points = _two_towns_and_scatter()
    assert point_clusters(points, seed=1).equals(point_clusters(points, seed=1))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"min_cluster_size": 1}, "min_cluster_size"),
        ({"merge_distance": -5.0}, "merge_distance"),
    ],
)
def test_bad_options_raise(arguments: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        point_clusters(_points([ATUNTAQUI] * 12), **arguments)  # type: ignore[arg-type]


def test_bad_points_raise() -> None:
    with pytest.raises(ValueError, match="missing column"):
        point_clusters(pa.table({"latitude": [0.0], "longitude": [0.0]}))
    negative = _points([ATUNTAQUI] * 12, employment=-1.0)
    with pytest.raises(ValueError, match="negative"):
        point_clusters(negative)


def test_the_examples_in_the_docstrings_run() -> None:
    failed, attempted = doctest.testmod(points_module, raise_on_error=False, verbose=False)
    assert attempted > 0 and failed == 0
