"""The role × object × action matrix for CDA records: every page and POST action, for every
persona. No role: 404 (the object stays hidden); a role without the right: 403."""

from datetime import timedelta

import pytest

from clusterdev.web.cdas import services
from clusterdev.web.cdas.models import Activity, Appointment, CdaProfile, CdaReport, Training
from clusterdev.web.programmes.models import Role, RoleAssignment
from clusterdev.web.test import close_download

ALL = ["adam", "alice", "cindy", "colin", "steve", "dora", "oscar", "olga"]
CLUSTER_A_VIEWERS = {"adam", "alice", "cindy", "colin", "steve", "dora"}
CLUSTER_A_EDITORS = {"adam", "alice", "cindy"}
MANAGERS = {"adam", "alice"}


def _expect(allowed, seen, ok=200):
    """``ok`` for ``allowed``, 403 for the others who can see the object, 404 for the rest."""
    return [(u, ok if u in allowed else 403 if u in seen else 404) for u in ALL]


def _status(response):
    return response.status_code


# --- Pages on cluster A --------------------------------------------------------------------------


@pytest.mark.parametrize(("user", "status"), _expect(CLUSTER_A_VIEWERS, CLUSTER_A_VIEWERS))
@pytest.mark.parametrize(
    "url", ["/c/cluster-a/cda/", "/c/cluster-a/activities/", "/c/cluster-a/activities/?format=csv"]
)
def test_cluster_cda_pages_follow_cluster_access(cda_world, client_for, user, status, url):
    assert _status(client_for(user).get(url)) == status


@pytest.mark.parametrize(("user", "status"), _expect(CLUSTER_A_VIEWERS, CLUSTER_A_VIEWERS))
def test_an_activity_is_seen_by_whoever_sees_its_cluster(cda_world, client_for, user, status):
    assert _status(client_for(user).get(f"/cdas/activities/{cda_world.activity.pk}/")) == status


@pytest.mark.parametrize(("user", "status"), _expect(CLUSTER_A_VIEWERS, CLUSTER_A_VIEWERS))
def test_a_submitted_report_is_seen_by_whoever_sees_its_cluster(
    cda_world, client_for, user, status
):
    assert _status(client_for(user).get(f"/cdas/reports/{cda_world.submitted.pk}/")) == status


@pytest.mark.parametrize(("user", "status"), _expect(CLUSTER_A_EDITORS, CLUSTER_A_VIEWERS))
def test_a_draft_report_is_seen_only_by_those_who_may_edit_it(cda_world, client_for, user, status):
    assert _status(client_for(user).get(f"/cdas/reports/{cda_world.draft.pk}/")) == status


@pytest.mark.parametrize(("user", "status"), _expect(CLUSTER_A_VIEWERS, CLUSTER_A_VIEWERS))
def test_terms_of_reference_download_follows_cluster_access(
    cda_world, client_for, user, status, tmp_path, settings
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    cda_world.appointment.terms_file.save("tor.pdf", ContentFile(b"%PDF-1.4 terms"))
    response = client_for(user).get(f"/cdas/appointments/{cda_world.appointment.pk}/terms/")
    assert _status(response) == status
    if status == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 terms"
    close_download(response)


@pytest.mark.parametrize(("user", "status"), _expect(CLUSTER_A_EDITORS, CLUSTER_A_VIEWERS))
@pytest.mark.parametrize(
    "url",
    [
        "/c/cluster-a/activities/log/",
        "/c/cluster-a/cda/reports/new/",
        "/cdas/activities/{activity}/edit/",
        "/cdas/reports/{draft}/edit/",
    ],
)
def test_logging_and_reporting_pages_are_for_the_cda_and_coordinator(
    cda_world, client_for, user, status, url
):
    url = url.format(activity=cda_world.activity.pk, draft=cda_world.draft.pk)
    assert _status(client_for(user).get(url)) == status


@pytest.mark.parametrize(("user", "status"), _expect(MANAGERS, CLUSTER_A_VIEWERS))
@pytest.mark.parametrize(
    "url",
    [
        "/c/cluster-a/cda/appoint/",
        "/c/cluster-a/cda/hand-over/",
        "/cdas/appointments/{appointment}/edit/",
    ],
)
def test_appointment_pages_are_for_coordinators_and_admins(
    cda_world, client_for, user, status, url
):
    url = url.format(appointment=cda_world.appointment.pk)
    assert _status(client_for(user).get(url)) == status


# --- POST actions on cluster A -------------------------------------------------------------------


def _activity_data(**extra):
    return {
        "kind": "bilateral_meeting",
        "date": services.today().isoformat(),
        "place": "Chamber office",
        "purpose": "Discuss a joint stand at the fair",
        "p_enterprises_female": "2",
    } | extra


@pytest.mark.parametrize(("user", "status"), _expect(CLUSTER_A_EDITORS, CLUSTER_A_VIEWERS, 302))
def test_only_the_cda_and_coordinator_log_activities(cda_world, client_for, user, status):
    before = Activity.objects.count()
    response = client_for(user).post("/c/cluster-a/activities/log/", _activity_data())
    assert _status(response) == status
    assert Activity.objects.count() == before + (1 if status == 302 else 0)


@pytest.mark.parametrize(("user", "status"), _expect(CLUSTER_A_EDITORS, CLUSTER_A_VIEWERS, 302))
def test_only_the_cda_and_coordinator_edit_activities(cda_world, client_for, user, status):
    url = f"/cdas/activities/{cda_world.activity.pk}/edit/"
    response = client_for(user).post(url, _activity_data(place="Changed place"))
    assert _status(response) == status
    cda_world.activity.refresh_from_db()
    assert (cda_world.activity.place == "Changed place") is (status == 302)


@pytest.mark.parametrize(("user", "status"), _expect(CLUSTER_A_EDITORS, CLUSTER_A_VIEWERS, 302))
def test_only_the_cda_and_coordinator_delete_activities(cda_world, client_for, user, status):
    response = client_for(user).post(f"/cdas/activities/{cda_world.activity.pk}/delete/")
    assert _status(response) == status
    assert Activity.objects.filter(pk=cda_world.activity.pk).exists() is (status != 302)


def _report_data(**extra):
    return {
        "period_start": services.today().replace(day=1).isoformat(),
        "period_end": services.today().isoformat(),
        "summary": "Two meetings",
    } | extra


@pytest.mark.parametrize(("user", "status"), _expect(CLUSTER_A_EDITORS, CLUSTER_A_VIEWERS, 302))
def test_only_the_cda_and_coordinator_write_reports(cda_world, client_for, user, status):
    before = CdaReport.objects.count()
    response = client_for(user).post("/c/cluster-a/cda/reports/new/", _report_data())
    assert _status(response) == status
    assert CdaReport.objects.count() == before + (1 if status == 302 else 0)
    if status == 302:
        assert CdaReport.objects.latest("id").cda == cda_world.users["cindy"]


@pytest.mark.parametrize(("user", "status"), _expect(CLUSTER_A_EDITORS, CLUSTER_A_VIEWERS, 302))
def test_only_the_cda_and_coordinator_edit_a_draft(cda_world, client_for, user, status):
    data = {
        "period_start": cda_world.draft.period_start.isoformat(),
        "period_end": cda_world.draft.period_end.isoformat(),
        "summary": "Rewritten",
    }
    response = client_for(user).post(f"/cdas/reports/{cda_world.draft.pk}/edit/", data)
    assert _status(response) == status
    cda_world.draft.refresh_from_db()
    assert (cda_world.draft.summary == "Rewritten") is (status == 302)


@pytest.mark.parametrize(("user", "status"), _expect(CLUSTER_A_EDITORS, CLUSTER_A_VIEWERS, 302))
def test_only_the_cda_and_coordinator_submit_reports(cda_world, client_for, user, status):
    response = client_for(user).post(f"/cdas/reports/{cda_world.draft.pk}/submit/")
    assert _status(response) == status
    cda_world.draft.refresh_from_db()
    assert cda_world.draft.is_submitted is (status == 302)


@pytest.mark.parametrize(("user", "status"), _expect(MANAGERS, CLUSTER_A_VIEWERS, 302))
def test_only_coordinators_give_feedback(cda_world, client_for, user, status):
    url = f"/cdas/reports/{cda_world.submitted.pk}/feedback/"
    response = client_for(user).post(url, {"feedback": "Good start"})
    assert _status(response) == status
    cda_world.submitted.refresh_from_db()
    assert (cda_world.submitted.feedback == "Good start") is (status == 302)


@pytest.mark.parametrize(("user", "status"), _expect(MANAGERS, CLUSTER_A_VIEWERS, 302))
def test_only_coordinators_return_reports(cda_world, client_for, user, status):
    response = client_for(user).post(f"/cdas/reports/{cda_world.submitted.pk}/return/")
    assert _status(response) == status
    cda_world.submitted.refresh_from_db()
    assert cda_world.submitted.is_submitted is (status != 302)


@pytest.mark.parametrize(("user", "status"), _expect(MANAGERS, CLUSTER_A_VIEWERS, 302))
def test_only_coordinators_hand_over(cda_world, client_for, user, status):
    incoming = cda_world.users["oscar"]
    services.add_to_roster(cda_world.programme, incoming)
    data = {
        "incoming": incoming.pk,
        "on": services.today().isoformat(),
        "note": "Contacts are in the register",
        "reporting_frequency": "monthly",
    }
    response = client_for(user).post("/c/cluster-a/cda/hand-over/", data)
    assert _status(response) == status
    cda_holders = set(
        RoleAssignment.objects.filter(cluster=cda_world.cluster_a, role=Role.CDA).values_list(
            "user__username", flat=True
        )
    )
    assert cda_holders == ({"oscar"} if status == 302 else {"cindy"})


@pytest.mark.parametrize(("user", "status"), _expect(MANAGERS, CLUSTER_A_VIEWERS, 302))
def test_only_coordinators_edit_appointments(cda_world, client_for, user, status):
    start = cda_world.appointment.start - timedelta(days=1)
    data = {"start": start.isoformat(), "reporting_frequency": "quarterly"}
    url = f"/cdas/appointments/{cda_world.appointment.pk}/edit/"
    response = client_for(user).post(url, data)
    assert _status(response) == status
    cda_world.appointment.refresh_from_db()
    assert (cda_world.appointment.reporting_frequency == "quarterly") is (status == 302)


# Cluster B has no CDA: cindy and colin hold no role there.
@pytest.mark.parametrize(
    ("user", "status"), _expect(MANAGERS, {"adam", "alice", "steve", "dora"}, 302)
)
def test_only_coordinators_appoint(cda_world, client_for, user, status):
    data = {
        "cda": cda_world.users["cindy"].pk,
        "start": services.today().isoformat(),
        "reporting_frequency": "monthly",
    }
    response = client_for(user).post("/c/cluster-b/cda/appoint/", data)
    assert _status(response) == status
    assert Appointment.objects.filter(cluster=cda_world.cluster_b).exists() is (status == 302)


# --- Programme: roster and oversight -------------------------------------------------------------

PROGRAMME_VIEWERS = {"adam", "alice", "cindy", "colin", "steve", "dora"}


@pytest.mark.parametrize(("user", "status"), _expect(MANAGERS, PROGRAMME_VIEWERS))
@pytest.mark.parametrize(
    "url", ["/p/testland/cdas/", "/p/testland/cdas/add/", "/p/testland/cdas/oversight/"]
)
def test_roster_and_oversight_are_for_coordinators_and_admins(
    cda_world, client_for, user, status, url
):
    assert _status(client_for(user).get(url)) == status


@pytest.mark.parametrize(("user", "status"), _expect(MANAGERS, PROGRAMME_VIEWERS, 302))
def test_only_coordinators_add_to_the_roster(cda_world, client_for, user, status):
    data = {"username": "nina", "new_account": "on", "first_name": "Nina", "last_name": "Pérez"}
    response = client_for(user).post("/p/testland/cdas/add/", data)
    assert _status(response) == status
    added = CdaProfile.objects.filter(user__username="nina", programmes=cda_world.programme)
    assert added.exists() is (status == 302)


# --- Profiles ------------------------------------------------------------------------------------

PROFILE_READERS = {"adam", "alice", "cindy"}


@pytest.mark.parametrize(("user", "status"), _expect(PROFILE_READERS, PROGRAMME_VIEWERS))
@pytest.mark.parametrize(
    "url",
    [
        "/cdas/profiles/{profile}/",
        "/cdas/profiles/{profile}/edit/",
        "/cdas/profiles/{profile}/trainings/add/",
    ],
)
def test_a_profile_is_for_its_cda_and_the_coordinators(cda_world, client_for, user, status, url):
    assert _status(client_for(user).get(url.format(profile=cda_world.profile.pk))) == status


@pytest.mark.parametrize(("user", "status"), _expect(PROFILE_READERS, PROGRAMME_VIEWERS, 302))
def test_a_cda_and_the_coordinators_edit_the_competencies(cda_world, client_for, user, status):
    url = f"/cdas/profiles/{cda_world.profile.pk}/edit/"
    response = client_for(user).post(url, {"facilitation": "4", "languages": "Spanish"})
    assert _status(response) == status
    cda_world.profile.refresh_from_db()
    assert (cda_world.profile.facilitation == 4) is (status == 302)


@pytest.mark.parametrize(("user", "status"), _expect(PROFILE_READERS, PROGRAMME_VIEWERS, 302))
def test_trainings_are_added_and_removed_by_the_cda_and_coordinators(
    cda_world, client_for, user, status
):
    client = client_for(user)
    url = f"/cdas/profiles/{cda_world.profile.pk}/trainings/add/"
    response = client.post(url, {"title": "Trust building", "start": "2025-03-01"})
    assert _status(response) == status
    response = client.post(f"/cdas/trainings/{cda_world.training.pk}/delete/")
    assert _status(response) == status
    assert Training.objects.filter(title="Trust building").exists() is (status == 302)
    assert Training.objects.filter(pk=cda_world.training.pk).exists() is (status != 302)


@pytest.mark.parametrize(("user", "status"), _expect(PROFILE_READERS, PROGRAMME_VIEWERS))
def test_certificates_are_personal_data(cda_world, client_for, user, status, tmp_path, settings):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    cda_world.training.certificate.save("cert.pdf", ContentFile(b"%PDF certificate"))
    response = client_for(user).get(f"/cdas/trainings/{cda_world.training.pk}/certificate/")
    close_download(response)
    assert _status(response) == status


def test_a_profile_off_every_roster_is_hidden_even_from_coordinators(cda_world, client_for):
    stranger = CdaProfile.objects.create(user=cda_world.users["olga"])
    assert client_for("alice").get(f"/cdas/profiles/{stranger.pk}/").status_code == 404
    assert client_for("olga").get(f"/cdas/profiles/{stranger.pk}/").status_code == 200


# --- Personal data -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "sees"),
    [("adam", True), ("alice", True), ("cindy", True)]
    + [(u, False) for u in ("colin", "steve", "dora")],
)
def test_named_participants_are_shown_only_to_those_who_may_see_personal_data(
    cda_world, client_for, user, sees
):
    page = client_for(user).get(f"/cdas/activities/{cda_world.activity.pk}/").content.decode()
    assert ("Pilar Person" in page) is sees
    assert "Textiles Alfa" in page  # organisations are not personal data
    assert "Enterprises" in page and "<strong>6</strong>" in page  # counts are for everyone


@pytest.mark.parametrize("user", ["colin", "steve", "dora"])
def test_exports_and_summaries_carry_no_person_names(cda_world, client_for, user):
    client = client_for(user)
    export = client.get("/c/cluster-a/activities/?format=csv").content.decode()
    assert "Pilar Person" not in export
    assert "participants_enterprises_female" in export and ",4," in export
    programme = client.get("/p/testland/").content.decode()
    assert "1 field activity in the last 12 months" in programme
    assert "CDA roster" not in programme and "Oversee the CDAs" not in programme


def test_the_coordinator_sees_the_roster_and_oversight_links(cda_world, client_for):
    page = client_for("alice").get("/p/testland/").content.decode()
    assert "Oversee the CDAs" in page and "CDA roster" in page
