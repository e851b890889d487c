"""Loading the demo programme: once, all or nothing, with working logins and a dated history."""

import io
from datetime import date
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import models
from simple_history.utils import get_history_model_for_model

from clusterdev.demo import generate_programme
from clusterdev.web import demo as demo_module
from clusterdev.web.actors.models import Actor, ClusterMembership, Person, size_class_for
from clusterdev.web.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
from clusterdev.web.geo.models import AdminArea, Country
from clusterdev.web.programmes.models import (
    Cluster,
    Donor,
    PhaseChange,
    Programme,
    Role,
    RoleAssignment,
)

pytestmark = pytest.mark.django_db

SIZE = 400  # establishments: enough for every province and both clusters, and quick
MODELS: list[type[models.Model]] = [Country, AdminArea, Donor, Programme, Cluster, PhaseChange]
MODELS += [RoleAssignment, User, Actor, ClusterMembership, Person]
MODELS += [get_history_model_for_model(m) for m in (Actor, ClusterMembership, Person, Cluster)]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    """The demo writes survey forms and PDFs: keep them out of the working tree."""
    settings.MEDIA_ROOT = tmp_path


def _counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in MODELS}


def test_loading_twice_changes_nothing_the_second_time() -> None:
    first = load_demo(establishments=SIZE)
    before = _counts()
    second = load_demo(establishments=SIZE)
    assert first.created and not second.created
    assert "already loaded" in second.message
    assert _counts() == before


def test_the_result_counts_what_was_loaded() -> None:
    result = load_demo(establishments=SIZE)
    demo = generate_programme(establishments=SIZE)
    assert (result.clusters, result.enterprises, result.institutions) == (4, SIZE, 18)
    assert Actor.objects.enterprises().count() == SIZE
    assert Actor.objects.institutions().count() == len(demo.institutions)
    assert ClusterMembership.objects.count() == result.memberships
    assert Person.objects.count() == result.people
    assert str(SIZE) in result.message


def test_the_six_contract_users_exist_and_log_in_with_the_demo_password() -> None:
    load_demo(establishments=SIZE)
    usernames = [username for username, _ in DEMO_USERS]
    assert usernames[:6] == ["admin", "coordinator", "cda", "commission", "steering", "donor"]
    for username in usernames:
        user = authenticate(username=username, password=DEMO_PASSWORD)
        assert user is not None, username
        assert user.first_name and user.last_name
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert not User.objects.filter(is_superuser=True).exclude(username="admin").exists()


def test_each_user_holds_their_role_where_it_applies() -> None:
    load_demo(establishments=SIZE)
    held = {
        (a.user.username, a.role, (a.programme or a.cluster).slug)  # type: ignore[union-attr]
        for a in RoleAssignment.objects.select_related("user", "programme", "cluster")
    }
    assert held == {
        ("coordinator", Role.COORDINATOR, "ecuador"),
        ("steering", Role.STEERING, "ecuador"),
        ("donor", Role.DONOR, "ecuador"),
        ("cda", Role.CDA, "atuntaqui-garments"),
        ("commission", Role.COMMISSION, "atuntaqui-garments"),
        ("cda-ambato", Role.CDA, "ambato-footwear"),
    }


def test_an_existing_user_keeps_their_password() -> None:
    User.objects.create_user("admin", password="my own secret")
    load_demo(establishments=SIZE)
    assert authenticate(username="admin", password="my own secret") is not None
    assert authenticate(username="coordinator", password=DEMO_PASSWORD) is not None


def test_atuntaqui_is_implementing_with_its_phase_history_in_order() -> None:
    load_demo(establishments=SIZE)
    cluster = Cluster.objects.get(slug="atuntaqui-garments")
    assert cluster.phase == "implementing"
    changes = list(cluster.phase_changes.order_by("changed_at"))
    assert [(c.from_phase, c.to_phase) for c in changes] == [
        ("candidate", "selected"),
        ("selected", "diagnosed"),
        ("diagnosed", "planning"),
        ("planning", "implementing"),
    ]
    assert [c.changed_at.date() for c in changes] == [
        date(2003, 6, 12),
        date(2003, 12, 5),
        date(2004, 3, 18),
        date(2004, 7, 22),
    ]
    assert {c.changed_by_id for c in changes} == {User.objects.get(username="coordinator").pk}
    assert all(c.note for c in changes)


def test_ambato_is_planning_and_the_candidates_were_not_selected() -> None:
    load_demo(establishments=SIZE)
    phases = dict(Cluster.objects.values_list("slug", "phase"))
    assert phases == {
        "atuntaqui-garments": "implementing",
        "ambato-footwear": "planning",
        "cuenca-straw-hats": "candidate",
        "san-antonio-woodcarving": "candidate",
    }
    assert not PhaseChange.objects.filter(cluster__phase="candidate").exists()


def test_clusters_have_their_sectors_and_areas() -> None:
    load_demo(establishments=SIZE)
    cluster = Cluster.objects.get(slug="atuntaqui-garments")
    assert set(cluster.sectors.values_list("code", flat=True)) == {"1410", "1430", "1312", "1313"}
    assert set(cluster.areas.values_list("name", flat=True)) == {"Imbabura", "Antonio Ante"}
    canton = AdminArea.objects.select_related("parent").get(name="Antonio Ante")
    assert canton.parent is not None
    assert (canton.level, canton.parent.code, canton.geometry) == (2, "EC-I", None)
    assert AdminArea.objects.filter(level=1, geometry__isnull=False).count() == 24


def test_actors_are_geocoded_placed_and_sized() -> None:
    load_demo(establishments=SIZE)
    assert Actor.objects.geocoded().count() == Actor.objects.count()
    assert not Actor.objects.filter(area__isnull=True).exists()
    for actor in Actor.objects.enterprises():
        assert actor.size_class == size_class_for(actor.employees)
    isic_levels = Actor.objects.enterprises().values_list("isic__level", flat=True)
    assert set(isic_levels) == {"class"}
    in_atuntaqui = Actor.objects.enterprises().filter(town="Atuntaqui")
    assert in_atuntaqui.exists()
    assert set(in_atuntaqui.values_list("area__name", flat=True)) == {"Antonio Ante"}


def test_members_and_their_people_match_the_generator() -> None:
    load_demo(establishments=SIZE)
    demo = generate_programme(establishments=SIZE)
    cluster = Cluster.objects.get(slug="atuntaqui-garments")
    institutions = [i for i in demo.institutions if i.cluster == cluster.slug]
    expected = len(demo.members(cluster.slug)) + len(institutions)
    assert cluster.memberships.count() == expected
    owners = Person.objects.filter(actor__memberships__cluster=cluster, actor__kind="enterprise")
    assert owners.count() == len(demo.members(cluster.slug))


def test_actors_start_their_audit_trail() -> None:
    load_demo(establishments=SIZE)
    history = get_history_model_for_model(Actor)
    assert history.objects.count() == Actor.objects.count()


def test_a_failure_midway_leaves_nothing_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _counts()

    def fail(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo_module, "_people", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        load_demo(establishments=SIZE)
    assert _counts() == before
    assert not Programme.objects.exists() and not User.objects.exists()


def test_the_management_command_loads_and_reports() -> None:
    out = io.StringIO()
    call_command("load_demo", "--establishments", "60", "--seed", "4", stdout=out)
    assert "Loaded the demo programme" in out.getvalue()
    assert Actor.objects.enterprises().count() == 60
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()


def test_governance_and_field_work_follow_the_phase_history() -> None:
    from clusterdev.web.cdas.models import Activity
    from clusterdev.web.cdas.services import activities_between, participants_by_sex
    from clusterdev.web.governance.models import Body, Endorsement
    from clusterdev.web.governance.services import meetings_held, resolutions_on_time

    result = load_demo(establishments=SIZE)
    atuntaqui = Cluster.objects.get(slug="atuntaqui-garments")
    commission = Body.objects.get(cluster=atuntaqui, kind=Body.Kind.CLUSTER_COMMISSION)
    assert commission.memberships.count() == 9
    # The diagnostic was endorsed by the Commission on the day the cluster was diagnosed,
    # recorded by the Commission member, not by its author (the CDA).
    endorsement = Endorsement.objects.get(body=commission, version__document__kind="diagnostic")
    diagnosed = atuntaqui.phase_changes.get(to_phase="diagnosed").changed_at.date()
    assert endorsement.meeting.date == diagnosed == date(2003, 12, 5)
    assert endorsement.version.author.username == "cda"
    assert endorsement.recorded_by.username == "commission"
    assert (result.bodies, result.meetings) == (4, 6)
    assert [b.held for b in meetings_held(atuntaqui) if b.body == commission] == [4]
    figures = resolutions_on_time(atuntaqui, on=date(2004, 12, 31))
    # Five resolutions: three done on time, one done late, one still open after its due date.
    assert (figures.total, figures.done, figures.done_on_time, figures.overdue) == (5, 4, 3, 1)
    activities = activities_between(cluster=atuntaqui)
    assert activities.count() == result.activities == Activity.objects.count() == 12
    assert participants_by_sex(activities)["female"] > participants_by_sex(activities)["male"]
    assert "4 governance bodies with 6 meetings" in result.message
    # The diagnostic's findings are there for an action plan to answer.
    kinds = list(atuntaqui.findings.values_list("kind", flat=True))
    assert len(kinds) == 9 and kinds.count("leverage_point") == 3
