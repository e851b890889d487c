"""The Ecuador demo programme in the database: ``clusterdev demo`` and ``manage.py load_demo``.

:func:`load_demo` stores what :func:`clusterdev.demo.generate_programme` describes: the country
and its provinces, the programme and its four clusters with their dated phase history, the actor
register with cluster members and their people, and one user per role. It runs in one
transaction and only once: when the programme exists it changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, time
from importlib import resources
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from clusterdev.demo import (
    DEFAULT_ESTABLISHMENTS,
    DEFAULT_SEED,
    DemoProgramme,
    Establishment,
    Institution,
    generate_programme,
)
from clusterdev.demo.generator import PROGRAMME
from clusterdev.web.actors.models import Actor, ClusterMembership, Person, size_class_for
from clusterdev.web.demo_governance import load_governance
from clusterdev.web.demo_monitoring import load_monitoring
from clusterdev.web.geo.models import AdminArea, Country, Sector
from clusterdev.web.geo.services import load_areas
from clusterdev.web.programmes.models import (
    Cluster,
    Donor,
    PhaseChange,
    Programme,
    Role,
    RoleAssignment,
)

DEMO_PASSWORD = "demo"
DEMO_USERS: list[tuple[str, str]] = [
    ("admin", "Platform admin"),
    ("coordinator", "Project coordinator, Ecuador programme"),
    ("cda", "CDA, Atuntaqui garment cluster"),
    ("commission", "Cluster Commission member, Atuntaqui garment cluster"),
    ("steering", "Steering Committee member, Ecuador programme"),
    ("donor", "Donor viewer, Ecuador programme"),
    ("cda-ambato", "CDA, Ambato footwear cluster"),
]

# username: first name, last name, role, cluster slug (None for a programme role)
_PERSONAS: dict[str, tuple[str, str, Role | None, str | None]] = {
    "admin": ("Ana", "Admin", None, None),
    "coordinator": ("Lucía", "Paredes", Role.COORDINATOR, None),
    "cda": ("Diego", "Andrade", Role.CDA, "atuntaqui-garments"),
    "commission": ("Rosa", "Cachimuel", Role.COMMISSION, "atuntaqui-garments"),
    "steering": ("Fernando", "Salazar", Role.STEERING, None),
    "donor": ("Giulia", "Rossi", Role.DONOR, None),
    "cda-ambato": ("Gabriela", "Naranjo", Role.CDA, "ambato-footwear"),
}

BOUNDARIES = resources.files("clusterdev") / "data" / "ecuador_admin1.geojson"
BATCH_SIZE = 500


@dataclass(frozen=True)
class DemoResult:
    created: bool
    message: str
    clusters: int = 0
    enterprises: int = 0
    institutions: int = 0
    memberships: int = 0
    people: int = 0
    users: int = 0
    bodies: int = 0
    meetings: int = 0
    activities: int = 0
    survey_waves: int = 0
    submissions: int = 0
    joint_actions: int = 0
    reporting_periods: int = 0


def load_demo(
    *, seed: int = DEFAULT_SEED, establishments: int = DEFAULT_ESTABLISHMENTS
) -> DemoResult:
    """Load the Ecuador demo programme unless it is already there; all or nothing."""
    with transaction.atomic():
        if Programme.objects.filter(slug=PROGRAMME.slug).exists():
            message = _("The demo programme “%(name)s” is already loaded; nothing was changed.")
            return DemoResult(created=False, message=message % {"name": PROGRAMME.name})
        demo = generate_programme(seed=seed, establishments=establishments)
        country = _country(demo)
        users = _users()
        programme = _programme(demo, country)
        clusters = _clusters(demo, programme, by=users["coordinator"])
        _roles(users, programme, clusters)
        actors = _actors(demo, programme)
        memberships = _memberships(demo, clusters, actors)
        people = _people(demo, actors)
        governance = load_governance(programme, clusters, actors, users)
        monitoring = load_monitoring(programme, clusters, actors, users)
    result = DemoResult(
        created=True,
        message="",
        clusters=len(clusters),
        enterprises=len(demo.establishments),
        institutions=len(demo.institutions),
        memberships=memberships,
        people=people,
        users=len(users),
        bodies=governance.bodies,
        meetings=governance.meetings + monitoring.meetings,
        activities=governance.activities,
        survey_waves=monitoring.survey_waves,
        submissions=monitoring.submissions,
        joint_actions=monitoring.joint_actions,
        reporting_periods=monitoring.reporting_periods,
    )
    return replace(result, message=_loaded_message(result))


def _loaded_message(result: DemoResult) -> str:
    message = _(
        "Loaded the demo programme “%(name)s”: %(clusters)d clusters, %(enterprises)d "
        "enterprises, %(institutions)d support institutions, %(memberships)d cluster "
        "memberships, %(people)d people, %(users)d users, %(bodies)d governance bodies with "
        "%(meetings)d meetings, %(activities)d CDA field activities, %(survey_waves)d survey "
        "waves with %(submissions)d submissions, an action plan of %(joint_actions)d joint "
        "actions, and %(reporting_periods)d reporting periods."
    )
    return message % {"name": PROGRAMME.name, **asdict(result)}


def _country(demo: DemoProgramme) -> Country:
    """Ecuador with its provinces (level 1, with boundaries) and the clusters' cantons (level 2)."""
    info = demo.programme
    country, _created = Country.objects.get_or_create(
        iso2=info.country_iso2, defaults={"name": info.country_name}
    )
    load_areas(country, Path(str(BOUNDARIES)), level=1)
    provinces = {a.code: a for a in country.areas.filter(level=1)}
    for cluster in demo.clusters:
        AdminArea.objects.get_or_create(
            country=country,
            code=cluster.canton_code,
            defaults={
                "name": cluster.canton,
                "level": 2,
                "parent": provinces[cluster.provinces[0]],
            },
        )
    return country


def _users() -> dict[str, User]:
    """One user per demo persona; a user who already exists is kept as it is (password too)."""
    password = make_password(DEMO_PASSWORD)  # hashing is slow, so hash once for everybody
    users: dict[str, User] = {}
    for username, (first, last, _role, _cluster) in _PERSONAS.items():
        is_admin = username == "admin"
        users[username], _created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@clusterdev.example",
                "password": password,
                "is_staff": is_admin,
                "is_superuser": is_admin,
            },
        )
    return users


def _programme(demo: DemoProgramme, country: Country) -> Programme:
    info = demo.programme
    programme = Programme.objects.create(
        slug=info.slug,
        name=info.name,
        country=country,
        counterpart=info.counterpart,
        description=info.description,
        start_date=info.start_date,
        end_date=info.end_date,
    )
    programme.donors.set(Donor.objects.get_or_create(name=name)[0] for name in info.donors)
    return programme


def _clusters(demo: DemoProgramme, programme: Programme, *, by: User) -> dict[str, Cluster]:
    """The clusters, each walked through its phase path with the changes dated as generated."""
    areas = {a.code: a for a in programme.country.areas.all()}
    clusters: dict[str, Cluster] = {}
    for info in demo.clusters:
        cluster = Cluster.objects.create(
            programme=programme,
            slug=info.slug,
            name=info.name,
            product=info.product,
            place=info.place,
            latitude=info.latitude,
            longitude=info.longitude,
            description=info.description,
        )
        cluster.sectors.set(Sector.objects.filter(code__in=info.isic_classes))
        cluster.areas.set([areas[code] for code in (*info.provinces, info.canton_code)])
        for step in info.phase_path:
            change = cluster.change_phase(step.phase, by=by, note=step.note)
            PhaseChange.objects.filter(pk=change.pk).update(changed_at=_noon(step.on))
        clusters[info.slug] = cluster
    return clusters


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def _roles(users: dict[str, User], programme: Programme, clusters: dict[str, Cluster]) -> None:
    for username, (_first, _last, role, cluster_slug) in _PERSONAS.items():
        if role is None:
            continue
        scope = {"cluster": clusters[cluster_slug]} if cluster_slug else {"programme": programme}
        RoleAssignment.objects.get_or_create(user=users[username], role=role, **scope)


def _actors(demo: DemoProgramme, programme: Programme) -> dict[str, Actor]:
    """Every establishment and support institution as an actor, keyed by ``e<id>`` or the
    institution's key; bulk-created with their first history rows."""
    areas = _area_finder(programme.country)
    sectors = _sector_ids({e.isic for e in demo.establishments})
    keys = [f"e{e.id}" for e in demo.establishments] + [i.key for i in demo.institutions]
    actors = [_enterprise(e, programme, areas, sectors) for e in demo.establishments]
    actors += [_institution(i, programme, areas) for i in demo.institutions]
    created = bulk_create_with_history(actors, Actor, batch_size=BATCH_SIZE)
    return dict(zip(keys, created, strict=True))


def _area_finder(country: Country) -> dict[tuple[str, str], AdminArea]:
    """Areas by (province code, canton name); a canton's key is its own, a province's has ''."""
    finder: dict[tuple[str, str], AdminArea] = {}
    for area in country.areas.select_related("parent"):
        if area.level == 1:
            finder[(area.code, "")] = area
        elif area.level == 2 and area.parent is not None:
            finder[(area.parent.code, area.name)] = area
    return finder


def _place(areas: dict[tuple[str, str], AdminArea], province: str, canton: str) -> AdminArea:
    return areas.get((province, canton)) or areas[(province, "")]


def _sector_ids(codes: Iterable[str]) -> dict[str, int]:
    wanted = set(codes)
    found = dict(Sector.objects.filter(code__in=wanted).values_list("code", "id"))
    if missing := wanted - found.keys():
        raise LookupError(f"ISIC classes missing from the database: {sorted(missing)}")
    return found


def _enterprise(
    e: Establishment,
    programme: Programme,
    areas: dict[tuple[str, str], AdminArea],
    sectors: dict[str, int],
) -> Actor:
    return Actor(
        programme=programme,
        kind=Actor.Kind.ENTERPRISE,
        name=e.name,
        tax_id=e.tax_id,
        area=_place(areas, e.province, e.canton),
        town=e.town,
        address=e.address,
        latitude=e.latitude,
        longitude=e.longitude,
        isic_id=sectors[e.isic],
        formal=e.formal,
        founded=e.founded,
        # bulk_create skips Actor.save(), which would otherwise derive the size class.
        size_class=size_class_for(e.employees),
        employees_female=e.employees_female,
        employees_male=e.employees_male,
        owner_sex=e.owner_sex,
        owner_name=e.owner_name,
        contact_phone=e.phone,
        contact_email=e.email,
    )


def _institution(
    i: Institution, programme: Programme, areas: dict[tuple[str, str], AdminArea]
) -> Actor:
    return Actor(
        programme=programme,
        kind=Actor.Kind.INSTITUTION,
        name=i.name,
        tax_id=i.tax_id,
        area=_place(areas, i.province, i.canton),
        town=i.town,
        address=i.address,
        latitude=i.latitude,
        longitude=i.longitude,
        institution_type=i.institution_type,
        services=i.services,
        contact_phone=i.phone,
        contact_email=i.email,
    )


def _memberships(
    demo: DemoProgramme, clusters: dict[str, Cluster], actors: dict[str, Actor]
) -> int:
    rows = [
        ClusterMembership(
            cluster=clusters[m.cluster], actor=actors[f"e{m.establishment}"], since=m.since
        )
        for m in demo.memberships
    ]
    rows += [
        ClusterMembership(cluster=clusters[i.cluster], actor=actors[i.key], since=i.since)
        for i in demo.institutions
    ]
    return len(bulk_create_with_history(rows, ClusterMembership, batch_size=BATCH_SIZE))


def _people(demo: DemoProgramme, actors: dict[str, Actor]) -> int:
    """Each member enterprise's owner (or manager) and the institutions' contacts."""
    contacts = [(f"e{m.establishment}", m.contact) for m in demo.memberships]
    contacts += [(i.key, person) for i in demo.institutions for person in i.people]
    rows = [
        Person(
            actor=actors[key],
            name=c.name,
            sex=c.sex,
            position=c.position,
            title=c.title,
            phone=c.phone,
            email=c.email,
        )
        for key, c in contacts
    ]
    return len(bulk_create_with_history(rows, Person, batch_size=BATCH_SIZE))
