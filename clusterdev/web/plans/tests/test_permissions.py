"""The persona × page × action matrix for visions, plans and implementation (see
clusterdev/web/test.py): no role in the cluster → 404, a role without the right → 403 and
nothing written. A designated editor records their action's progress and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from clusterdev.web.governance.models import today
from clusterdev.web.plans import services
from clusterdev.web.plans.models import ActionEditor, JointAction, ProgressUpdate

from .conftest import rows

ALL = ["adam", "alice", "cindy", "colin", "steve", "dora", "oscar", "olga"]
SEE_A = {"adam", "alice", "cindy", "colin", "steve", "dora"}
EDIT_A = {"adam", "alice", "cindy"}


def _status(user: str, allowed: set[str], seen: set[str], ok: int) -> int:
    return ok if user in allowed else 403 if user in seen else 404


@pytest.fixture
def r(world, revision, vision, media):
    stand = rows(revision)["Joint stand at the Quito fair"]
    return SimpleNamespace(revision=revision, vision=vision, stand=stand)


PAGES: list[tuple[str, Callable[[Any], str], set[str]]] = [
    ("cluster plan", lambda r: "/c/cluster-a/plan/", SEE_A),
    ("programme plans", lambda r: "/p/testland/plans/", SEE_A),
    ("programme timeline", lambda r: "/p/testland/plans/?view=timeline", SEE_A),
    ("vision", lambda r: f"/plan/visions/{r.vision.pk}/", SEE_A),
    ("revision", lambda r: f"/plan/revisions/{r.revision.pk}/", SEE_A),
    ("timeline", lambda r: f"/plan/revisions/{r.revision.pk}/timeline/", SEE_A),
    ("compare", lambda r: f"/plan/revisions/{r.revision.pk}/compare/", SEE_A),
    ("action", lambda r: f"/plan/actions/{r.stand.pk}/", SEE_A),
    ("export xlsx", lambda r: f"/plan/revisions/{r.revision.pk}/export.xlsx", SEE_A),
    ("new vision", lambda r: "/c/cluster-a/plan/vision/", EDIT_A),
    ("edit vision", lambda r: f"/plan/visions/{r.vision.pk}/edit/", EDIT_A),
    ("new action", lambda r: f"/plan/revisions/{r.revision.pk}/actions/", EDIT_A),
    ("edit action", lambda r: f"/plan/actions/{r.stand.pk}/edit/", EDIT_A),
]


@pytest.mark.parametrize("user", ALL)
@pytest.mark.parametrize(("name", "url", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_pages(client_for, r, user, name, url, allowed):
    response = client_for(user).get(url(r))
    assert response.status_code == _status(user, allowed, SEE_A, 200), name


def test_cluster_b_plans_stay_hidden_from_cluster_a_roles(client_for, world):
    services.start_revision(world.cluster_b, by=None)
    for user in ["cindy", "colin"]:
        assert client_for(user).get("/c/cluster-b/plan/").status_code == 404
    assert client_for("dora").get("/c/cluster-b/plan/").status_code == 200


@pytest.mark.parametrize("user", ALL)
def test_only_editors_add_joint_actions(client_for, r, world, user):
    before = JointAction.objects.count()
    response = client_for(user).post(
        f"/plan/revisions/{r.revision.pk}/actions/",
        {
            "title": "Training in quality",
            "type": "training",
            "nature": "soft",
            "lead": world.institution_a.pk,
            "start": "2025-03-01",
            "end": "2025-04-01",
            "currency": "USD",
            **{f"budget_{s}": "0" for s in ["enterprises", "institutions", "government", "other"]},
            "budget_donor": "1000",
            "milestones-TOTAL_FORMS": "0",
            "milestones-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == _status(user, EDIT_A, SEE_A, 302)
    assert JointAction.objects.count() == before + (user in EDIT_A)


@pytest.mark.parametrize("user", ALL)
def test_only_editors_submit_a_revision(client_for, r, user):
    response = client_for(user).post(f"/plan/revisions/{r.revision.pk}/submit/")
    assert response.status_code == _status(user, EDIT_A, SEE_A, 302)
    r.revision.refresh_from_db()
    assert r.revision.status == ("submitted" if user in EDIT_A else "draft")


@pytest.mark.parametrize("user", ALL)
def test_only_editors_record_progress(client_for, r, user):
    response = client_for(user).post(
        f"/plan/actions/{r.stand.pk}/progress/",
        {"date": today().isoformat(), "status": "under_way", "text": "Stand booked"},
    )
    assert response.status_code == _status(user, EDIT_A, SEE_A, 302)
    assert ProgressUpdate.objects.count() == (user in EDIT_A)


@pytest.mark.parametrize("user", ALL)
def test_only_editors_designate_editors(client_for, r, world, user):
    response = client_for(user).post(
        f"/plan/actions/{r.stand.pk}/editors/", {"editors": [world.users["colin"].pk]}
    )
    assert response.status_code == _status(user, EDIT_A, SEE_A, 302)
    assert ActionEditor.objects.count() == (user in EDIT_A)


def test_a_designated_editor_updates_their_action_and_nothing_else(client_for, r, world):
    services.set_editors(r.stand, [world.users["colin"]])
    colin = client_for("colin")
    page = colin.get(f"/plan/actions/{r.stand.pk}/")
    assert b"Record progress" in page.content
    assert b"Edit the joint action" not in page.content
    response = colin.post(
        f"/plan/actions/{r.stand.pk}/progress/",
        {
            "date": today().isoformat(),
            "status": "under_way",
            "text": "Stand booked by Cámara Alfa",
            "actual_enterprises": "500",
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.by == world.users["colin"] and update.actual_enterprises == 500
    yarn = rows(r.revision)["Joint purchase of yarn"]
    assert b"Record progress" not in colin.get(f"/plan/actions/{yarn.pk}/").content
    refused = colin.post(
        f"/plan/actions/{yarn.pk}/progress/",
        {"date": today().isoformat(), "status": "under_way", "text": "x"},
    )
    assert refused.status_code == 403
    assert colin.get(f"/plan/actions/{r.stand.pk}/edit/").status_code == 403
    assert colin.post(f"/plan/actions/{r.stand.pk}/delete/").status_code == 403
    assert colin.post(f"/plan/revisions/{r.revision.pk}/submit/").status_code == 403
    assert ProgressUpdate.objects.count() == 1


def test_a_designation_follows_the_action_into_the_next_revision(client_for, world, endorsed):
    stand = rows(endorsed)["Joint stand at the Quito fair"]
    services.set_editors(stand, [world.users["colin"]])
    second = services.start_revision(world.cluster_a, by=None)
    copy = rows(second)["Joint stand at the Quito fair"]
    assert list(services.editors_of(copy)) == [world.users["colin"]]
    response = client_for("colin").post(
        f"/plan/actions/{copy.pk}/progress/",
        {"date": today().isoformat(), "status": "under_way", "text": "Stand booked"},
    )
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().key == stand.key


def test_donors_may_not_be_designated(world, r):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="dora may not update"):
        services.set_editors(r.stand, [world.users["dora"]])
    assert ActionEditor.objects.count() == 0


def test_names_of_people_are_hidden_without_personal_rights(client_for, r, world):
    cindy = world.users["cindy"]
    cindy.first_name, cindy.last_name = "Cindy", "Agente"
    cindy.save()
    services.set_editors(r.stand, [world.users["colin"]])
    services.record_progress(r.stand, on=date.today(), status="under_way", text="Go", by=cindy)
    assert "Cindy Agente" in client_for("alice").get(f"/plan/actions/{r.stand.pk}/").text
    donor_page = client_for("dora").get(f"/plan/actions/{r.stand.pk}/").text
    assert "Cindy Agente" not in donor_page
    assert "Designated editors" not in donor_page
