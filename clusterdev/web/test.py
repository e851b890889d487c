"""Plain factories and the personas every permission test uses.

One small programme ("Testland") with two clusters; one user per role:
alice (coordinator), cindy (CDA of cluster A), colin (commission, cluster A), steve (steering),
dora (donor), adam (platform admin) and oscar (an outsider with no role). A second programme
("Otherland") with its own coordinator, olga, proves that roles do not leak across programmes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User

from clusterdev.web.actors.models import Actor, ClusterMembership, Person
from clusterdev.web.geo.models import AdminArea, Country, Sector
from clusterdev.web.programmes.models import Cluster, Programme, Role, RoleAssignment

PASSWORD = "password"


def make_user(username: str, **fields: Any) -> User:
    return User.objects.create_user(username, f"{username}@example.org", PASSWORD, **fields)


def make_programme(slug: str, country: Country | None = None) -> Programme:
    country = country or Country.objects.get_or_create(iso2="TL", defaults={"name": "Testland"})[0]
    return Programme.objects.create(slug=slug, name=slug.title(), country=country)


def make_cluster(programme: Programme, slug: str, **fields: Any) -> Cluster:
    defaults = {"name": slug.title(), "product": "garments", "place": "Town"}
    return Cluster.objects.create(programme=programme, slug=slug, **(defaults | fields))


def make_enterprise(programme: Programme, cluster: Cluster | None = None, **fields: Any) -> Actor:
    defaults: dict[str, Any] = {
        "name": "Confecciones Test",
        "town": "Town",
        "employees_female": 6,
        "employees_male": 2,
        "owner_sex": "female",
        "owner_name": "Ana Owner",
        "contact_phone": "+593 99 000 0000",
        "latitude": 0.33,
        "longitude": -78.22,
        "isic": Sector.objects.filter(code="1410").first(),
    }
    actor = Actor.objects.create(
        programme=programme, kind=Actor.Kind.ENTERPRISE, **(defaults | fields)
    )
    if cluster:
        ClusterMembership.objects.create(cluster=cluster, actor=actor)
    return actor


def make_institution(programme: Programme, cluster: Cluster | None = None, **fields: Any) -> Actor:
    defaults = {"name": "Cámara Test", "institution_type": "business_association", "town": "Town"}
    actor = Actor.objects.create(
        programme=programme, kind=Actor.Kind.INSTITUTION, **(defaults | fields)
    )
    if cluster:
        ClusterMembership.objects.create(cluster=cluster, actor=actor)
    return actor


def give_role(user: User, role: Role, scope: Programme | Cluster) -> RoleAssignment:
    if isinstance(scope, Programme):
        return RoleAssignment.objects.create(user=user, role=role, programme=scope)
    return RoleAssignment.objects.create(user=user, role=role, cluster=scope)


@dataclass
class World:
    programme: Programme
    cluster_a: Cluster
    cluster_b: Cluster
    enterprise_a: Actor
    enterprise_b: Actor
    institution_a: Actor
    person_a: Person
    other_programme: Programme
    other_cluster: Cluster
    other_enterprise: Actor
    users: dict[str, User]


def make_world() -> World:
    programme = make_programme("testland")
    area = AdminArea.objects.create(country=programme.country, code="TL-A", name="Province A")
    cluster_a = make_cluster(programme, "cluster-a", name="Garments A")
    cluster_b = make_cluster(programme, "cluster-b", name="Footwear B", product="footwear")
    cluster_a.areas.add(area)
    enterprise_a = make_enterprise(programme, cluster_a, name="Textiles Alfa", area=area)
    enterprise_b = make_enterprise(
        programme, cluster_b, name="Calzado Beta", owner_name="Bruno Owner"
    )
    institution_a = make_institution(programme, cluster_a, name="Cámara Alfa")
    person_a = Person.objects.create(
        actor=institution_a, name="Pilar Person", sex="female", position="manager"
    )
    other = make_programme("otherland", Country.objects.create(iso2="OL", name="Otherland"))
    other_cluster = make_cluster(other, "cluster-o", name="Cocoa O")
    other_enterprise = make_enterprise(other, other_cluster, name="Cacao Omega")
    users = {
        name: make_user(name)
        for name in ["alice", "cindy", "colin", "steve", "dora", "oscar", "olga"]
    }
    users["adam"] = make_user("adam", is_staff=True, is_superuser=True)
    give_role(users["alice"], Role.COORDINATOR, programme)
    give_role(users["cindy"], Role.CDA, cluster_a)
    give_role(users["colin"], Role.COMMISSION, cluster_a)
    give_role(users["steve"], Role.STEERING, programme)
    give_role(users["dora"], Role.DONOR, programme)
    give_role(users["olga"], Role.COORDINATOR, other)
    return World(
        programme,
        cluster_a,
        cluster_b,
        enterprise_a,
        enterprise_b,
        institution_a,
        person_a,
        other,
        other_cluster,
        other_enterprise,
        users,
    )


def close_download(response: Any) -> None:
    """Close the file a test client's ``FileResponse`` streams from.

    Not ``response.close()``: that sends ``request_finished`` a second time, outside the test
    client's request, and Django then closes the database connection under the running test
    (with PostgreSQL's connection pool the next query fails with "the connection is closed").
    """
    # What HttpResponseBase.close() does before it sends the signal (Django 5.2).
    closers = getattr(response, "_resource_closers", [])
    for closer in closers:
        closer()
    closers.clear()
