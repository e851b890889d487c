"""The demo generator: reproducible, believable, shaped like Ecuador's economy and clusters."""

from __future__ import annotations

import csv
import doctest
import json
import math
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

import clusterdev.demo
from clusterdev.demo import (
    REGISTER_COLUMNS,
    DemoProgramme,
    Establishment,
    generate_programme,
    generator,
    iter_register_rows,
    places,
    write_register_csv,
)

DATA = Path(str(resources.files("clusterdev") / "data"))
Polygons = list[list[list[list[float]]]]
INSTITUTION_TYPES = {
    "business_association",
    "bds_provider",
    "financial",
    "public_authority",
    "training_research",
    "ngo",
    "other",
}


@pytest.fixture(scope="module")
def demo() -> DemoProgramme:
    return generate_programme(seed=2003, establishments=5000)


@pytest.fixture(scope="module")
def boundaries() -> dict[str, Polygons]:
    """Province code -> list of polygons, each a list of rings of (lon, lat)."""
    collection = json.loads((DATA / "ecuador_admin1.geojson").read_text(encoding="utf-8"))
    polygons: dict[str, Polygons] = {}
    for feature in collection["features"]:
        geometry = feature["geometry"]
        coordinates = geometry["coordinates"]
        polygons[feature["properties"]["code"]] = (
            coordinates if geometry["type"] == "MultiPolygon" else [coordinates]
        )
    return polygons


def _employment(
    establishments: Iterable[Establishment], keep: Callable[[Establishment], bool] = lambda e: True
) -> int:
    return sum(e.employees for e in establishments if keep(e))


def test_the_same_seed_gives_the_same_programme() -> None:
    assert generate_programme(seed=7, establishments=800) == generate_programme(
        seed=7, establishments=800
    )


def test_another_seed_gives_another_register() -> None:
    first = generate_programme(seed=7, establishments=800).establishments
    second = generate_programme(seed=8, establishments=800).establishments
    assert first != second
    assert sum(a.name == b.name for a, b in zip(first, second, strict=True)) < 100


def test_the_register_has_the_requested_rows_numbered_from_one(demo: DemoProgramme) -> None:
    assert [e.id for e in demo.establishments] == list(range(1, 5001))
    assert generate_programme(seed=1, establishments=0).establishments == ()


def test_a_negative_size_is_refused() -> None:
    with pytest.raises(ValueError, match="zero or more"):
        generate_programme(establishments=-1)


def test_rows_and_programme_share_one_register() -> None:
    rows = list(iter_register_rows(seed=11, establishments=300))
    programme = generate_programme(seed=11, establishments=300)
    assert rows == [e.as_row() for e in programme.establishments]
    assert all(tuple(row) == REGISTER_COLUMNS for row in rows)


def test_every_province_is_present(demo: DemoProgramme) -> None:
    present = {e.province for e in demo.establishments}
    assert present == {p.code for p in places.PROVINCES}
    assert len(present) == 24


def test_guayas_and_pichincha_hold_the_most_establishments(demo: DemoProgramme) -> None:
    ranking = [code for code, _ in Counter(e.province for e in demo.establishments).most_common()]
    assert set(ranking[:2]) == {"EC-G", "EC-P"}


def test_size_classes_follow_the_national_shape(demo: DemoProgramme) -> None:
    shares = Counter(e.size_class for e in demo.establishments)
    total = len(demo.establishments)
    assert shares["micro"] / total == pytest.approx(0.90, abs=0.02)
    assert shares["small"] / total == pytest.approx(0.08, abs=0.015)
    assert shares["medium"] / total == pytest.approx(0.015, abs=0.007)
    assert shares["large"] / total == pytest.approx(0.005, abs=0.004)
    assert all(e.employees >= 1 for e in demo.establishments)


def test_garment_employment_concentrates_in_imbabura(demo: DemoProgramme) -> None:
    register = demo.establishments
    garments = [e for e in register if e.isic.startswith("14")]
    in_imbabura = _employment(garments, lambda e: e.province == "EC-I") / _employment(garments)
    imbabura_overall = _employment(register, lambda e: e.province == "EC-I") / _employment(register)
    assert in_imbabura > 4 * imbabura_overall


def test_footwear_employment_concentrates_in_tungurahua(demo: DemoProgramme) -> None:
    register = demo.establishments
    footwear = [e for e in register if e.isic in {"1520", "1512", "1511"}]
    in_tungurahua = _employment(footwear, lambda e: e.province == "EC-T") / _employment(footwear)
    overall = _employment(register, lambda e: e.province == "EC-T") / _employment(register)
    assert in_tungurahua > 4 * overall


def test_women_hold_most_garment_jobs_and_men_most_footwear_jobs(demo: DemoProgramme) -> None:
    def women(classes: set[str]) -> float:
        rows = [e for e in demo.establishments if e.isic in classes]
        return sum(e.employees_female for e in rows) / _employment(rows)

    assert women({"1410", "1430"}) > 0.6
    assert women({"1520", "1511"}) < 0.45


def test_informality_is_commonest_among_micro_establishments(demo: DemoProgramme) -> None:
    def informal(size: str) -> float:
        rows = [e for e in demo.establishments if e.size_class == size]
        return sum(not e.formal for e in rows) / len(rows)

    assert informal("micro") > 0.4 > informal("small")
    assert all(e.tax_id == "" for e in demo.establishments if not e.formal)


def test_owner_sex_uses_the_four_categories(demo: DemoProgramme) -> None:
    counts = Counter(e.owner_sex for e in demo.establishments)
    assert set(counts) == {"female", "male", "mixed", "unknown"}
    assert all(bool(e.owner_name) == (e.owner_sex != "unknown") for e in demo.establishments)


def test_tax_ids_look_like_rucs_but_never_validate(demo: DemoProgramme) -> None:
    tax_ids = [e.tax_id for e in demo.establishments if e.tax_id]
    tax_ids += [i.tax_id for i in demo.institutions]
    assert tax_ids
    for tax_id in tax_ids:
        assert len(tax_id) == 13 and tax_id.isdigit() and tax_id.endswith("001")
        assert not _valid_ruc(tax_id), tax_id


def _valid_ruc(tax_id: str) -> bool:
    digits = [int(d) for d in tax_id[:10]]
    if digits[2] == 9:
        total = sum(d * w for d, w in zip(digits, (4, 3, 2, 7, 6, 5, 4, 3, 2), strict=False))
        return (11 - total % 11) % 11 == digits[9]
    products = [d * (2 - i % 2) for i, d in enumerate(digits[:9])]
    return (10 - sum(p - 9 if p > 9 else p for p in products) % 10) % 10 == digits[9]


def test_contact_details_are_fictitious_by_construction(demo: DemoProgramme) -> None:
    emails = [e.email for e in demo.establishments if e.email]
    emails += [i.email for i in demo.institutions]
    emails += [p.email for i in demo.institutions for p in i.people]
    assert emails and all(email.split("@")[1].endswith(".example") for email in emails)
    phones = [e.phone for e in demo.establishments if e.phone]
    assert all(phone.startswith("+593 ") for phone in phones)


def test_isic_classes_exist_in_the_classification(demo: DemoProgramme) -> None:
    with (DATA / "isic_rev4.csv").open(encoding="utf-8", newline="") as handle:
        classes = {row["code"] for row in csv.DictReader(handle) if row["level"] == "class"}
    used = {e.isic for e in demo.establishments}
    used |= {code for cluster in demo.clusters for code in cluster.isic_classes}
    assert used <= classes
    assert len(used) > 30


def test_coordinates_lie_within_ecuador(demo: DemoProgramme) -> None:
    points = [(e.latitude, e.longitude) for e in demo.establishments]
    points += [(i.latitude, i.longitude) for i in demo.institutions]
    assert all(-5.1 <= lat <= 1.7 and -92.1 <= lon <= -75.1 for lat, lon in points)


def test_each_town_scatters_its_establishments_inside_its_own_province(
    boundaries: dict[str, Polygons],
) -> None:
    """Every town centre lies in its province and its scatter disc never reaches the border."""
    for province, town in _all_towns():
        assert _inside(boundaries[province], town.latitude, town.longitude), town.name
        margin = min(
            _distance_to_segment_km(town.latitude, town.longitude, ring[i], ring[i + 1])
            for polygon in boundaries[province]
            for ring in polygon
            for i in range(len(ring) - 1)
        )
        assert margin > town.radius_km, town.name


def test_establishments_stay_within_their_town_radius(demo: DemoProgramme) -> None:
    radius: dict[tuple[str, str], float] = {}
    for province, town in _all_towns():
        key = (province, town.name)
        radius[key] = max(radius.get(key, 0.0), town.radius_km)
    towns = {(p, t.name): t for p, t in _all_towns()}
    for e in demo.establishments:
        town = towns[(e.province, e.town)]
        distance = _distance_km(e.latitude, e.longitude, town.latitude, town.longitude)
        assert distance <= radius[(e.province, e.town)] + 0.01, e


def test_selected_clusters_have_a_few_hundred_members_from_their_canton(
    demo: DemoProgramme,
) -> None:
    register = {e.id: e for e in demo.establishments}
    for slug in ("atuntaqui-garments", "ambato-footwear"):
        cluster = demo.cluster(slug)
        members = demo.members(slug)
        assert 150 <= len(members) <= 300, (slug, len(members))
        for member in members:
            enterprise = register[member.establishment]
            assert enterprise.canton == cluster.canton
            assert enterprise.isic in cluster.isic_classes
            assert cluster.phase_path[0].on <= member.since
        assert len({m.establishment for m in members}) == len(members)


def test_most_garment_workshops_of_antonio_ante_joined_the_cluster(demo: DemoProgramme) -> None:
    candidates = [
        e
        for e in demo.establishments
        if e.canton == "Antonio Ante" and e.isic in {"1410", "1430", "1312", "1313"}
    ]
    members = demo.members("atuntaqui-garments")
    assert len(members) / len(candidates) > 0.7


def test_candidates_stay_candidates_without_members(demo: DemoProgramme) -> None:
    for slug in ("cuenca-straw-hats", "san-antonio-woodcarving"):
        cluster = demo.cluster(slug)
        assert cluster.target_phase == "candidate" and not cluster.selected
        assert demo.members(slug) == ()


def test_phase_paths_are_dated_in_order(demo: DemoProgramme) -> None:
    atuntaqui = demo.cluster("atuntaqui-garments")
    ambato = demo.cluster("ambato-footwear")
    phases = ["selected", "diagnosed", "planning", "implementing"]
    assert [s.phase for s in atuntaqui.phase_path] == phases
    assert [s.phase for s in ambato.phase_path] == phases[:3]
    for cluster in (atuntaqui, ambato):
        dates = [s.on for s in cluster.phase_path]
        assert dates == sorted(dates) and len(set(dates)) == len(dates)
        assert demo.programme.start_date <= dates[0] <= demo.programme.end_date


def test_each_selected_cluster_has_typed_support_institutions_with_people(
    demo: DemoProgramme,
) -> None:
    for slug in ("atuntaqui-garments", "ambato-footwear"):
        institutions = [i for i in demo.institutions if i.cluster == slug]
        assert 6 <= len(institutions) <= 10
        assert {i.institution_type for i in institutions} <= INSTITUTION_TYPES
        assert len({i.institution_type for i in institutions}) >= 5
        for institution in institutions:
            assert 1 <= len(institution.people) <= 2
            assert all(p.sex in {"female", "male"} and p.title for p in institution.people)
    assert len({i.key for i in demo.institutions}) == len(demo.institutions)


def test_every_member_comes_with_its_owner_or_manager(demo: DemoProgramme) -> None:
    register = {e.id: e for e in demo.establishments}
    for member in demo.memberships:
        contact = member.contact
        assert contact.sex in {"female", "male"} and contact.name
        enterprise = register[member.establishment]
        if enterprise.owner_sex in {"female", "male"}:
            assert (contact.position, contact.name, contact.sex) == (
                "owner",
                enterprise.owner_name,
                enterprise.owner_sex,
            )
        elif enterprise.owner_sex == "unknown":
            assert contact.position == "manager"


def test_the_csv_holds_the_same_rows(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    assert write_register_csv(path, seed=5, establishments=250) == 250
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert tuple(reader.fieldnames or ()) == REGISTER_COLUMNS
    expected = list(iter_register_rows(seed=5, establishments=250))
    assert rows == [{k: str(v) for k, v in row.items()} for row in expected]


def test_the_register_streams_without_building_the_programme() -> None:
    rows = iter_register_rows(seed=3, establishments=10**9)
    assert [next(rows)["id"] for _ in range(3)] == [1, 2, 3]


def test_the_public_api_is_pinned() -> None:
    assert clusterdev.demo.__all__ == [
        "DEFAULT_ESTABLISHMENTS",
        "DEFAULT_SEED",
        "REGISTER_COLUMNS",
        "ClusterInfo",
        "Contact",
        "DemoProgramme",
        "Establishment",
        "Institution",
        "Membership",
        "PhaseStep",
        "ProgrammeInfo",
        "generate_programme",
        "iter_register_rows",
        "size_class_for",
        "write_register_csv",
    ]


def test_the_generator_never_imports_django() -> None:
    code = "import sys, clusterdev.demo; print(any(m.startswith('django') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("module", [clusterdev.demo, generator])
def test_docstring_examples_run(module: ModuleType) -> None:
    failed, attempted = doctest.testmod(module, raise_on_error=False, verbose=False)
    assert attempted > 0 and failed == 0


def _all_towns() -> Iterator[tuple[str, places.Town]]:
    for province in places.PROVINCES:
        for town in province.towns:
            yield province.code, town
    concentrations = {
        "EC-I": places.ANTONIO_ANTE + places.IBARRA_OTAVALO + places.SAN_ANTONIO,
        "EC-T": places.AMBATO + places.PELILEO,
        "EC-A": places.AZUAY_STRAW_HATS,
        "EC-F": places.CANAR_STRAW_HATS,
    }
    for code, towns in concentrations.items():
        for town in towns:
            yield code, town


def _inside(polygons: Polygons, lat: float, lon: float) -> bool:
    return any(
        _in_ring(polygon[0], lat, lon) and not any(_in_ring(h, lat, lon) for h in polygon[1:])
        for polygon in polygons
    )


def _in_ring(ring: list[list[float]], lat: float, lon: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    scale = math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot((lat1 - lat2) * 111.32, (lon1 - lon2) * 111.32 * scale)


def _distance_to_segment_km(lat: float, lon: float, start: list[float], end: list[float]) -> float:
    """Distance from a point to a boundary segment, on a local flat projection (km)."""
    scale = 111.32 * math.cos(math.radians(lat))
    ax, ay = (start[0] - lon) * scale, (start[1] - lat) * 111.32
    bx, by = (end[0] - lon) * scale, (end[1] - lat) * 111.32
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
    return math.hypot(ax + t * dx, ay + t * dy)
