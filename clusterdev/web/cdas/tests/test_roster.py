"""The CDA roster, profiles with competencies and trainings, and the coordinator's oversight."""

from datetime import date

import pytest
from django.contrib.auth.models import User

from clusterdev.web.cdas import services
from clusterdev.web.cdas.models import Activity, Appointment, CdaProfile, CdaReport, Training
from clusterdev.web.governance.models import Body, Meeting
from clusterdev.web.test import close_download

from .conftest import select


def test_adding_a_new_account_to_the_roster(world, client_for):
    data = {
        "username": "nina",
        "new_account": "on",
        "first_name": "Nina",
        "last_name": "Pérez",
        "email": "nina@example.org",
        "phone": "+593 99 111 2222",
        "languages": "Spanish, Kichwa",
    }
    response = client_for("alice").post("/p/testland/cdas/add/", data)
    profile = CdaProfile.objects.get(user__username="nina")
    assert response["Location"] == profile.get_absolute_url()
    assert profile.phone == "+593 99 111 2222" and profile.languages == "Spanish, Kichwa"
    assert not profile.user.has_usable_password()
    roster = client_for("alice").get("/p/testland/cdas/").content.decode()
    assert "Nina Pérez" in roster
    # She can now be appointed.
    form = client_for("alice").get("/c/cluster-b/cda/appoint/").content.decode()
    assert "Nina Pérez (nina)" in form


def test_adding_an_existing_account_and_returning_to_the_appointment(world, client_for):
    data = {"username": "steve", "next": "/c/cluster-b/cda/appoint/"}
    response = client_for("alice").post("/p/testland/cdas/add/", data)
    assert response["Location"] == "/c/cluster-b/cda/appoint/"
    assert CdaProfile.objects.get(user__username="steve").programmes.get() == world.programme


def test_the_next_address_must_stay_on_the_site(world, client_for):
    data = {"username": "steve", "next": "https://evil.example/"}
    response = client_for("alice").post("/p/testland/cdas/add/", data)
    assert response["Location"] == CdaProfile.objects.get().get_absolute_url()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "nobody"}, "No account with this username can be added here"),
        # Accounts used elsewhere get the same answer: olga coordinates another programme.
        ({"username": "olga"}, "No account with this username can be added here"),
        ({"username": "adam"}, "No account with this username can be added here"),
        ({"username": "steve", "new_account": "on", "first_name": "S", "last_name": "T"}, "exists"),
        ({"username": "nina", "new_account": "on"}, "A new account needs a first and a last name."),
        (
            {"username": "ni na", "new_account": "on", "first_name": "N", "last_name": "P"},
            "Use letters",
        ),
    ],
)
def test_roster_input_errors_write_nothing(world, client_for, data, message):
    users = User.objects.count()
    response = client_for("alice").post("/p/testland/cdas/add/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == users and not CdaProfile.objects.exists()


def test_the_roster_lists_cdas_with_and_without_appointment_records(cda_world, client_for):
    services.add_to_roster(cda_world.programme, cda_world.users["steve"])
    page = client_for("alice").get("/p/testland/cdas/").content.decode()
    assert "cindy" in page and "Garments A" in page and "since" in page
    assert "CDA induction" in page
    assert "steve" in page


def test_a_cda_role_without_a_profile_is_on_the_roster(world, client_for):
    page = client_for("alice").get("/p/testland/cdas/").content.decode()
    assert "cindy" in page and "dates not recorded" in page


def test_a_cda_edits_competencies_but_not_the_certification(cda_world, client_for):
    url = f"/cdas/profiles/{cda_world.profile.pk}/edit/"
    cindy = client_for("cindy")
    form = cindy.get(url).content.decode()
    assert "Edit my competencies" in form and 'name="certification"' not in form
    data = {
        "facilitation": "4",
        "gender_pro_poor": "3",
        "languages": "Spanish",
        "certification": "Self-declared master",
    }
    assert cindy.post(url, data).status_code == 302
    cda_world.profile.refresh_from_db()
    assert cda_world.profile.facilitation == 4 and cda_world.profile.gender_pro_poor == 3
    assert cda_world.profile.certification == ""


def test_ratings_are_one_to_five(cda_world, client_for):
    url = f"/cdas/profiles/{cda_world.profile.pk}/edit/"
    response = client_for("cindy").post(url, {"facilitation": "7"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    cda_world.profile.refresh_from_db()
    assert cda_world.profile.facilitation is None


def test_the_coordinator_records_the_certification(cda_world, client_for):
    url = f"/cdas/profiles/{cda_world.profile.pk}/edit/"
    alice = client_for("alice")
    response = alice.post(url, {"certified_on": "2026-01-10", "certified_by": "UNIDO"})
    assert response.status_code == 400
    assert "Name the certification that was issued." in response.content.decode()
    data = {
        "certification": "UNIDO CDA certification",
        "certified_on": "2026-01-10",
        "certified_by": "UNIDO",
    }
    assert alice.post(url, data).status_code == 302
    page = alice.get(cda_world.profile.get_absolute_url()).content.decode()
    assert "UNIDO CDA certification, UNIDO" in page


def test_a_training_cannot_end_before_it_starts(cda_world, client_for):
    url = f"/cdas/profiles/{cda_world.profile.pk}/trainings/add/"
    data = {"title": "Network brokering", "start": "2026-03-10", "end": "2026-03-01", "hours": "8"}
    response = client_for("alice").post(url, data)
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()
    assert not Training.objects.filter(title="Network brokering").exists()


def test_a_training_with_its_certificate(cda_world, client_for, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    url = f"/cdas/profiles/{cda_world.profile.pk}/trainings/add/"
    certificate = SimpleUploadedFile("cert.pdf", b"%PDF cert", content_type="application/pdf")
    data = {
        "title": "Network brokering",
        "start": "2026-03-01",
        "hours": "16",
        "certificate": certificate,
    }
    assert client_for("cindy").post(url, data).status_code == 302
    training = Training.objects.get(title="Network brokering")
    response = client_for("alice").get(f"/cdas/trainings/{training.pk}/certificate/")
    assert b"".join(response.streaming_content) == b"%PDF cert"
    close_download(response)
    bad = SimpleUploadedFile("cert.exe", b"MZ", content_type="application/octet-stream")
    response = client_for("cindy").post(
        url, {"title": "x", "start": "2026-03-01", "certificate": bad}
    )
    assert (
        response.status_code == 400
        and "File extension “exe” is not allowed" in response.content.decode()
    )


# --- Oversight -----------------------------------------------------------------------------------


def test_oversight_figures_with_fixed_dates(world):
    select(world.cluster_a)
    appointment = Appointment.objects.create(
        cluster=world.cluster_a, cda=world.users["cindy"], start=date(2026, 1, 1)
    )
    for day, group, sex, count in [
        (date(2026, 1, 20), "enterprises", "female", 3),
        (date(2026, 3, 5), "enterprises", "male", 2),
        (date(2026, 3, 9), "public", "not_stated", 1),
    ]:
        activity = Activity.objects.create(
            cluster=world.cluster_a,
            cda=world.users["cindy"],
            kind="field_visit",
            date=day,
            purpose="p",
        )
        activity.participants.create(group=group, sex=sex, count=count)
    CdaReport.objects.create(
        cluster=world.cluster_a,
        cda=world.users["cindy"],
        period_start=date(2026, 1, 1),
        period_end=date(2026, 1, 31),
        summary="January",
        status="submitted",
        feedback="Good",
    )
    (overview,) = services.oversight(world.programme, on=date(2026, 4, 20))
    assert overview.user == world.users["cindy"]
    assert overview.clusters == [(world.cluster_a, appointment)]
    assert overview.activity_count == 3
    assert overview.last_activity == date(2026, 3, 9) and overview.days_since == 42
    assert overview.participants == {"female": 3, "male": 2, "not_stated": 1, "total": 6}
    assert [(c, p.start.month) for c, p in overview.overdue] == [
        (world.cluster_a, 2),
        (world.cluster_a, 3),
    ]
    assert overview.latest_report is not None
    assert overview.latest_report.summary == "January"
    bars = {bar.month: (bar.count, bar.height) for bar in overview.months}
    assert len(bars) == 12 and min(bars) == date(2025, 5, 1) and max(bars) == date(2026, 4, 1)
    assert bars[date(2026, 1, 1)] == (1, 50) and bars[date(2026, 3, 1)] == (2, 100)
    assert bars[date(2026, 2, 1)] == (0, 0)


def test_the_oversight_page(cda_world, client_for):
    page = client_for("alice").get("/p/testland/cdas/oversight/").content.decode()
    assert 'data-cda="cindy"' in page
    assert "Garments A" in page
    assert "1 activity" in page and "3 days ago" in page
    assert "women 4, men 2, not stated 0" in page
    assert "state-overdue" in page  # months since the first report without a submitted one
    assert "First contacts" not in page  # reports are linked, not pasted
    assert "Pending endorsements" in page
    assert 'id="pending-endorsements"' in page and "None." in page


def test_documents_awaiting_endorsement_are_listed_until_endorsed(cda_world, client_for):
    from clusterdev.web.governance.services import endorse, submit_version

    version = submit_version(
        author=cda_world.users["cindy"],
        kind="diagnostic",
        title="Diagnostic of Garments A",
        cluster=cda_world.cluster_a,
        programme=cda_world.programme,
        content="Findings.",
    )
    page = client_for("alice").get("/p/testland/cdas/oversight/").content.decode()
    assert f'<a href="{version.get_absolute_url()}">Diagnostic of Garments A · v1</a>' in page
    commission = Body.objects.create(
        programme=cda_world.programme,
        cluster=cda_world.cluster_a,
        kind=Body.Kind.CLUSTER_COMMISSION,
        name="Comisión Garments A",
    )
    meeting = Meeting.objects.create(
        body=commission, date=services.today(), status=Meeting.Status.HELD
    )
    endorse(
        body=commission,
        meeting=meeting,
        version=version,
        digest=version.digest,
        by=cda_world.users["colin"],
    )
    page = client_for("alice").get("/p/testland/cdas/oversight/").content.decode()
    assert "Diagnostic of Garments A · v1" not in page


def test_reports_awaiting_feedback_are_listed(cda_world, client_for):
    page = client_for("alice").get("/p/testland/cdas/oversight/").content.decode()
    assert "Reports awaiting your feedback" in page
    assert f'href="/cdas/reports/{cda_world.submitted.pk}/"' in page
    cda_world.submitted.feedback = "ok"
    cda_world.submitted.save()
    assert services.awaiting_feedback(cda_world.programme).count() == 0


def test_history_is_kept_for_every_cda_record(cda_world):
    for record in (
        cda_world.profile,
        cda_world.appointment,
        cda_world.activity,
        cda_world.activity.participants.first(),
        cda_world.submitted,
        cda_world.training,
    ):
        assert record.history.count() >= 1, type(record).__name__
    cda_world.activity.place = "Moved"
    cda_world.activity.save()
    assert cda_world.activity.history.first().place == "Moved"


def test_days_since_is_none_without_activity(world):
    select(world.cluster_a)
    (overview,) = services.oversight(world.programme, on=date(2026, 4, 20))
    assert overview.last_activity is None and overview.days_since is None
    assert overview.clusters == [(world.cluster_a, None)]
    assert overview.overdue == []
    assert sum(bar.count for bar in overview.months) == 0
