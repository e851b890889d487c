"""Appointing a CDA, recording an existing CDA's appointment, handing over, and the moment the
cluster moves from selected to its diagnostic."""

from datetime import timedelta

import pytest
from django.db import IntegrityError

from clusterdev.web.cdas import services
from clusterdev.web.cdas.models import Appointment, CdaProfile
from clusterdev.web.programmes.models import Phase, PhaseChange, Role, RoleAssignment

from .conftest import select


def _cda_holders(cluster):
    return set(
        RoleAssignment.objects.filter(cluster=cluster, role=Role.CDA).values_list(
            "user__username", flat=True
        )
    )


def _appoint_data(world, user="cindy", **extra):
    return {
        "cda": world.users[user].pk,
        "start": (services.today() - timedelta(days=10)).isoformat(),
        "reporting_frequency": "monthly",
        "terms_of_reference": "Broker joint actions",
    } | extra


def test_a_candidate_cluster_cannot_get_a_cda(world, client_for):
    response = client_for("alice").post("/c/cluster-b/cda/appoint/", _appoint_data(world))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Footwear B is still a candidate cluster" in page
    assert "Record the selection decision first" in page
    assert not Appointment.objects.exists()
    assert _cda_holders(world.cluster_b) == set()


def test_appointing_gives_the_role_a_roster_place_and_the_record(world, client_for):
    select(world.cluster_b)
    response = client_for("alice").post("/c/cluster-b/cda/appoint/", _appoint_data(world))
    assert response.status_code == 302
    appointment = Appointment.objects.get(cluster=world.cluster_b)
    assert appointment.cda == world.users["cindy"]
    assert appointment.appointed_by == world.users["alice"]
    assert appointment.end is None and appointment.reporting_frequency == "monthly"
    assert _cda_holders(world.cluster_b) == {"cindy"}
    assert CdaProfile.objects.get(user=world.users["cindy"]).programmes.get() == world.programme
    # Cindy can now reach cluster B.
    assert client_for("cindy").get("/c/cluster-b/").status_code == 200


def test_starting_the_diagnostic_records_the_phase_change(world, client_for):
    select(world.cluster_b)
    data = _appoint_data(world, start_diagnostic="on")
    client_for("alice").post("/c/cluster-b/cda/appoint/", data)
    world.cluster_b.refresh_from_db()
    assert world.cluster_b.phase == Phase.DIAGNOSED
    change = PhaseChange.objects.get(cluster=world.cluster_b)
    assert (change.from_phase, change.to_phase) == (Phase.SELECTED, Phase.DIAGNOSED)
    assert change.changed_by == world.users["alice"]
    assert "cindy" in change.note
    page = client_for("alice").get("/c/cluster-b/").content.decode()
    assert "Diagnostic started with the appointment of CDA cindy" in page


def test_the_diagnostic_starts_only_from_phase_selected(world):
    select(world.cluster_b)
    world.cluster_b.change_phase(Phase.PLANNING, by=None)
    with pytest.raises(services.CdaInputError, match="only from phase Selected"):
        services.appoint(
            world.cluster_b,
            cda=world.users["cindy"],
            start=services.today(),
            by=None,
            start_diagnostic=True,
        )
    assert not Appointment.objects.exists()
    assert world.cluster_b.phase_changes.count() == 1


def test_the_existing_cda_role_is_recorded_as_an_appointment(world, client_for):
    select(world.cluster_a)
    page = client_for("alice").get("/c/cluster-a/cda/").content.decode()
    assert "dates are not recorded" in page
    form = client_for("alice").get("/c/cluster-a/cda/appoint/").content.decode()
    assert "Already holds the CDA role" in form
    response = client_for("alice").post("/c/cluster-a/cda/appoint/", _appoint_data(world))
    assert response.status_code == 302
    assert Appointment.objects.get(cluster=world.cluster_a).cda == world.users["cindy"]
    assert RoleAssignment.objects.filter(cluster=world.cluster_a, role=Role.CDA).count() == 1


def test_a_second_cda_needs_a_hand_over(world, client_for):
    select(world.cluster_a)
    services.add_to_roster(world.programme, world.users["oscar"])
    response = client_for("alice").post(
        "/c/cluster-a/cda/appoint/", _appoint_data(world, user="oscar")
    )
    assert response.status_code == 400  # oscar is not a valid choice while cindy holds the role
    with pytest.raises(services.CdaInputError, match="already has a CDA, cindy"):
        services.appoint(world.cluster_a, cda=world.users["oscar"], start=services.today(), by=None)
    assert _cda_holders(world.cluster_a) == {"cindy"}
    assert not Appointment.objects.exists()


def test_appointments_of_a_cluster_do_not_overlap(world):
    select(world.cluster_b)
    today = services.today()
    Appointment.objects.create(
        cluster=world.cluster_b,
        cda=world.users["colin"],
        start=today - timedelta(days=100),
        end=today - timedelta(days=20),
    )
    with pytest.raises(services.CdaInputError, match="overlap the appointment of colin") as error:
        services.appoint(
            world.cluster_b, cda=world.users["cindy"], start=today - timedelta(days=30), by=None
        )
    assert error.value.field == "start"
    # Starting on the day the earlier one ended (a hand-over day) is fine.
    handover_day = today - timedelta(days=20)
    services.appoint(world.cluster_b, cda=world.users["cindy"], start=handover_day, by=None)
    assert Appointment.objects.filter(cluster=world.cluster_b).count() == 2


def test_the_database_refuses_two_current_appointments(world):
    Appointment.objects.create(
        cluster=world.cluster_b, cda=world.users["cindy"], start="2026-01-01"
    )
    with pytest.raises(IntegrityError):
        Appointment.objects.create(
            cluster=world.cluster_b, cda=world.users["colin"], start="2026-02-01"
        )


def test_an_appointment_cannot_end_before_it_starts(cda_world, client_for):
    appointment = cda_world.appointment
    appointment.end = appointment.start + timedelta(days=5)
    appointment.save()
    url = f"/cdas/appointments/{appointment.pk}/edit/"
    data = {
        "start": (appointment.end + timedelta(days=1)).isoformat(),
        "reporting_frequency": "monthly",
    }
    response = client_for("alice").post(url, data)
    assert response.status_code == 400
    assert "The start cannot be after the end of the appointment" in response.content.decode()
    start = appointment.start
    appointment.refresh_from_db()
    assert appointment.start == start


def _hand_over_data(world, **extra):
    return {
        "incoming": world.users["oscar"].pk,
        "on": services.today().isoformat(),
        "note": "The association's president expects a call in May.",
        "reporting_frequency": "quarterly",
    } | extra


def test_hand_over_moves_the_role_and_ends_the_appointment(cda_world, client_for):
    services.add_to_roster(cda_world.programme, cda_world.users["oscar"])
    response = client_for("alice").post("/c/cluster-a/cda/hand-over/", _hand_over_data(cda_world))
    assert response.status_code == 302
    ended = Appointment.objects.get(pk=cda_world.appointment.pk)
    assert ended.end == services.today()
    assert ended.handover_note.startswith("The association's president")
    incoming = Appointment.objects.current().get(cluster=cda_world.cluster_a)
    assert incoming.cda == cda_world.users["oscar"] and incoming.start == services.today()
    assert incoming.reporting_frequency == "quarterly"
    assert _cda_holders(cda_world.cluster_a) == {"oscar"}
    assert client_for("cindy").get("/c/cluster-a/").status_code == 404
    assert client_for("oscar").get("/c/cluster-a/activities/log/").status_code == 200
    page = client_for("oscar").get("/c/cluster-a/cda/").content.decode()
    assert "expects a call in May" in page  # the incoming CDA reads the hand-over note


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"on": "2999-01-01"}, "cannot be in the future"),
        ({"on": "2000-01-01"}, "is before the start of cindy"),
        ({"note": "  "}, "This field is required"),
    ],
)
def test_a_bad_hand_over_writes_nothing(cda_world, client_for, change, message):
    services.add_to_roster(cda_world.programme, cda_world.users["oscar"])
    response = client_for("alice").post(
        "/c/cluster-a/cda/hand-over/", _hand_over_data(cda_world, **change)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Appointment.objects.count() == 1
    assert Appointment.objects.get().end is None
    assert _cda_holders(cda_world.cluster_a) == {"cindy"}


def test_a_hand_over_failing_halfway_is_rolled_back(cda_world, monkeypatch):
    services.add_to_roster(cda_world.programme, cda_world.users["oscar"])

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_give_role", broken)
    with pytest.raises(RuntimeError):
        services.hand_over(
            cda_world.cluster_a,
            incoming=cda_world.users["oscar"],
            on=services.today(),
            note="Notes",
            by=cda_world.users["alice"],
        )
    assert Appointment.objects.get().end is None
    assert Appointment.objects.count() == 1
    assert _cda_holders(cda_world.cluster_a) == {"cindy"}


def test_handing_over_from_an_unrecorded_cda_asks_for_their_start(world, client_for):
    select(world.cluster_a)
    services.add_to_roster(world.programme, world.users["oscar"])
    response = client_for("alice").post("/c/cluster-a/cda/hand-over/", _hand_over_data(world))
    assert response.status_code == 400
    assert "Start of the outgoing CDA" in response.content.decode()
    assert _cda_holders(world.cluster_a) == {"cindy"}
    start = services.today() - timedelta(days=300)
    data = _hand_over_data(world, outgoing_start=start.isoformat())
    assert client_for("alice").post("/c/cluster-a/cda/hand-over/", data).status_code == 302
    ended = Appointment.objects.get(cda=world.users["cindy"])
    assert (ended.start, ended.end) == (start, services.today())
    assert _cda_holders(world.cluster_a) == {"oscar"}


def test_the_incoming_cda_must_be_someone_else(cda_world):
    with pytest.raises(services.CdaInputError, match="already the cluster's CDA"):
        services.hand_over(
            cda_world.cluster_a,
            incoming=cda_world.users["cindy"],
            on=services.today(),
            note="x",
            by=None,
        )


def test_the_cluster_page_shows_the_cda_panel(cda_world, client_for):
    page = client_for("cindy").get("/c/cluster-a/").content.decode()
    assert "CDA and field activity" in page
    assert "appointed since" in page
    assert "Log an activity" in page
    assert "Workshop of Textiles Alfa" in page
    colin = client_for("colin").get("/c/cluster-a/").content.decode()
    assert "Workshop of Textiles Alfa" in colin and "Log an activity" not in colin
    assert "Appoint a CDA" in client_for("alice").get("/c/cluster-b/").content.decode()


def test_a_candidate_cluster_page_explains_when_a_cda_comes(world, client_for):
    page = client_for("alice").get("/c/cluster-b/").content.decode()
    assert "a CDA is appointed once the cluster is selected" in page
    assert "Appoint a CDA" not in page
