"""The governance pages as their users meet them: forms, clear refusals that write nothing,
personal data shown only to those allowed, files served only through access checks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clusterdev.web.governance import services
from clusterdev.web.governance.models import (
    Attendance,
    Body,
    BodyMilestone,
    Document,
    Endorsement,
    Meeting,
    Membership,
    Resolution,
    today,
)
from clusterdev.web.selection.models import Decision, SelectionExercise

from .conftest import make_meeting


def _page(response) -> str:
    return str(response.content.decode())


# --- Bodies and members ----------------------------------------------------------------------


def test_a_cda_creates_the_cluster_commission(client_for, world):
    cindy = client_for("cindy")
    page = _page(cindy.get("/c/cluster-a/governance/"))
    assert 'value="cluster_commission"' in page
    assert 'value="steering_committee"' not in page  # a programme-level body only
    response = cindy.post(
        "/c/cluster-a/governance/bodies/",
        {"kind": "cluster_commission", "name": "Comisión", "terms_of_reference": "Endorse plans"},
    )
    body = Body.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/governance/bodies/{body.pk}/"
    assert (body.cluster, body.programme) == (world.cluster_a, world.programme)
    assert body.history.get().history_user == world.users["cindy"]


def test_a_second_commission_is_refused_with_a_message(client_for, commission):
    response = client_for("cindy").post(
        "/c/cluster-a/governance/bodies/", {"kind": "cluster_commission", "name": "Another"}
    )
    assert response.status_code == 400
    assert "This cluster already has a Cluster Commission." in _page(response)
    assert Body.objects.count() == 1


def test_a_steering_committee_cannot_be_posted_to_a_cluster(client_for):
    response = client_for("alice").post(
        "/c/cluster-a/governance/bodies/", {"kind": "steering_committee", "name": "SC"}
    )
    assert response.status_code == 400 and not Body.objects.exists()


def test_a_member_twice_gets_a_clear_message_and_nothing_is_written(client_for, commission, world):
    response = client_for("cindy").post(
        f"/governance/bodies/{commission.pk}/members/",
        {"person": world.person_a.pk, "role": "member", "start": "2025-03-01"},
    )
    assert response.status_code == 400
    assert "Pilar Person (Cámara Alfa) is already a member of this body" in _page(response)
    assert commission.memberships.count() == 2


def test_membership_dates_out_of_order_name_the_field(client_for, commission, world):
    response = client_for("cindy").post(
        f"/governance/bodies/{commission.pk}/members/",
        {
            "actor": world.institution_a.pk,
            "role": "member",
            "start": "2025-03-01",
            "end": "2025-01-01",
        },
    )
    page = _page(response)
    assert response.status_code == 400
    assert "The end of membership cannot come before its start." in page
    assert commission.memberships.count() == 2


def test_the_stakeholder_group_follows_the_organisation_when_left_empty(
    client_for, commission, world
):
    client_for("cindy").post(
        f"/governance/bodies/{commission.pk}/members/",
        {"actor": world.institution_a.pk, "role": "observer", "start": "2025-03-01"},
    )
    assert Membership.objects.get(role="observer").stakeholder_group == "associations"


def test_a_member_who_attended_is_ended_not_removed(client_for, commission, meeting):
    pilar = commission.memberships.get(person__isnull=False)
    Attendance.objects.create(
        meeting=meeting, membership=pilar, stakeholder_group="associations", sex="female"
    )
    response = client_for("cindy").post(f"/governance/members/{pilar.pk}/delete/", follow=True)
    assert "give the membership an end date instead" in _page(response)
    assert Membership.objects.filter(pk=pilar.pk).exists()


def test_milestones_out_of_order_are_refused(client_for, commission):
    cindy = client_for("cindy")
    url = f"/governance/bodies/{commission.pk}/milestones/"
    assert cindy.post(url, {"kind": "formed", "date": "2024-02-01"}).status_code == 302
    response = cindy.post(url, {"kind": "registered", "date": "2024-01-01"})
    assert response.status_code == 400
    assert "The body was formed on 2024-02-01; this cannot come before." in _page(response)
    future = (today() + timedelta(days=2)).isoformat()
    response = cindy.post(url, {"kind": "self_financing", "date": future})
    assert "A milestone cannot be dated in the future." in _page(response)
    assert list(BodyMilestone.objects.values_list("kind", flat=True)) == ["formed"]


# --- Meetings --------------------------------------------------------------------------------


def test_plan_hold_and_record_attendance(client_for, commission):
    cindy = client_for("cindy")
    cindy.post(
        f"/governance/bodies/{commission.pk}/meetings/",
        {"date": today().isoformat(), "place": "Cámara", "agenda": "1. Diagnostic", "status": ""},
    )
    assert not Meeting.objects.exists()  # a status is required
    response = cindy.post(
        f"/governance/bodies/{commission.pk}/meetings/",
        {
            "date": today().isoformat(),
            "place": "Cámara",
            "agenda": "1. Diagnostic",
            "status": "planned",
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == f"/governance/meetings/{meeting.pk}/"
    page = _page(cindy.get(meeting.get_absolute_url()))
    assert "Record as held" in page and "Save the attendance" not in page
    cindy.post(f"/governance/meetings/{meeting.pk}/hold/", {"date": today().isoformat()})
    page = _page(cindy.get(meeting.get_absolute_url()))
    assert "Save the attendance" in page and "Pilar Person (Cámara Alfa)" in page
    pilar, textiles = commission.memberships.order_by("id")
    response = cindy.post(
        f"/governance/meetings/{meeting.pk}/attendance/",
        {
            "m-TOTAL_FORMS": "2",
            "m-INITIAL_FORMS": "2",
            "m-0-membership": pilar.pk,
            "m-0-present": "on",
            "m-0-stakeholder_group": "associations",
            "m-0-sex": "female",
            "m-1-membership": textiles.pk,
            "m-1-stakeholder_group": "enterprises",
            "m-1-sex": "male",
            "x-TOTAL_FORMS": "2",
            "x-INITIAL_FORMS": "0",
            "x-0-name": "Rosa Guest",
            "x-0-organisation": "Municipio",
            "x-0-stakeholder_group": "public",
            "x-0-sex": "female",
            "x-1-name": "",
            "x-1-stakeholder_group": "",
            "x-1-sex": "not_stated",
        },
    )
    assert response.status_code == 302
    assert meeting.attendance.filter(present=True).count() == 2
    assert meeting.attendance.get(present=False).membership == textiles
    page = _page(cindy.get(meeting.get_absolute_url()))
    assert "Women: 100.0 % of the attendees whose sex is stated." in page


def test_holding_a_meeting_in_the_future_is_refused(client_for, commission):
    planned = make_meeting(commission, on=today() + timedelta(days=5), status="planned")
    response = client_for("cindy").post(
        f"/governance/meetings/{planned.pk}/hold/", {"date": planned.date.isoformat()}
    )
    assert response.status_code == 400
    assert "A meeting cannot have been held in the future; keep it planned." in _page(response)
    planned.refresh_from_db()
    assert planned.status == "planned"


def test_a_member_posted_twice_in_the_attendance_is_refused(client_for, commission, meeting):
    pilar = commission.memberships.order_by("id").first()
    row = {"stakeholder_group": "associations", "sex": "female", "present": "on"}
    data = {
        "m-TOTAL_FORMS": "2",
        "m-INITIAL_FORMS": "2",
        "x-TOTAL_FORMS": "0",
        "x-INITIAL_FORMS": "0",
    }
    for i in range(2):
        data |= {f"m-{i}-membership": pilar.pk} | {f"m-{i}-{k}": v for k, v in row.items()}
    response = client_for("cindy").post(f"/governance/meetings/{meeting.pk}/attendance/", data)
    assert response.status_code == 400
    assert "is listed twice; a member attends a meeting once." in _page(response)
    assert not Attendance.objects.exists()


def test_an_other_attendee_needs_a_stakeholder_group(client_for, meeting):
    data = {
        "m-TOTAL_FORMS": "0",
        "m-INITIAL_FORMS": "0",
        "x-TOTAL_FORMS": "1",
        "x-INITIAL_FORMS": "0",
        "x-0-name": "Rosa",
        "x-0-sex": "female",
    }
    response = client_for("cindy").post(f"/governance/meetings/{meeting.pk}/attendance/", data)
    assert response.status_code == 400
    assert "Choose the attendee&#x27;s stakeholder group." in _page(response)
    assert not Attendance.objects.exists()


def test_a_resolution_due_before_the_meeting_is_refused(client_for, meeting):
    response = client_for("cindy").post(
        f"/governance/meetings/{meeting.pk}/resolutions/",
        {"text": "Joint stand", "due": (meeting.date - timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 400
    assert "The due date cannot come before the meeting" in _page(response)
    assert not Resolution.objects.exists()


def test_resolutions_wait_for_the_meeting_to_be_held(client_for, commission):
    planned = make_meeting(commission, status="planned")
    response = client_for("cindy").post(
        f"/governance/meetings/{planned.pk}/resolutions/", {"text": "Joint stand"}
    )
    assert response.status_code == 400 and not Resolution.objects.exists()


def test_the_cross_cluster_list_shows_overdue_resolutions(client_for, commission, world):
    held = make_meeting(commission, on=today() - timedelta(days=40))
    Resolution.objects.create(meeting=held, text="Late task", due=today() - timedelta(days=5))
    Resolution.objects.create(meeting=held, text="Later task", due=today() + timedelta(days=5))
    overdue = _page(client_for("alice").get("/p/testland/governance/resolutions/?show=overdue"))
    assert "Late task" in overdue and "Later task" not in overdue
    b_body = Body.objects.create(
        programme=world.programme, cluster=world.cluster_b, kind="other", name="Mesa B"
    )
    Resolution.objects.create(meeting=make_meeting(b_body), text="Footwear task")
    assert "Footwear task" in _page(client_for("alice").get("/p/testland/governance/resolutions/"))
    assert "Footwear task" not in _page(
        client_for("cindy").get("/p/testland/governance/resolutions/")
    )


# --- Personal data ---------------------------------------------------------------------------


@pytest.fixture
def named_records(commission, meeting, world):
    pilar = commission.memberships.get(person__isnull=False)
    Attendance.objects.create(
        meeting=meeting, membership=pilar, stakeholder_group="associations", sex="female"
    )
    Attendance.objects.create(
        meeting=meeting,
        name="Rosa Guest",
        organisation="Municipio",
        stakeholder_group="public",
        sex="female",
    )
    Resolution.objects.create(meeting=meeting, text="Draft the fair budget", owner_membership=pilar)
    meeting.minutes = "Pilar Person opened the meeting."
    meeting.save()
    return meeting


@pytest.mark.parametrize(
    ("user", "names", "minutes"),
    [
        ("alice", True, True),
        ("cindy", True, True),
        ("adam", True, True),
        ("colin", False, True),  # a member of this Commission
        ("steve", False, False),  # Steering Committee: not a member of the Commission
        ("dora", False, False),
    ],
)
def test_names_of_people_only_for_those_who_may_see_personal_data(
    client_for, commission, named_records, user, names, minutes
):
    body = _page(client_for(user).get(f"/governance/bodies/{commission.pk}/"))
    meeting = _page(client_for(user).get(f"/governance/meetings/{named_records.pk}/"))
    assert "Cámara Alfa" in body and "Textiles Alfa" in body  # organisations are shown to all
    assert ("Pilar Person" in body) is names
    assert ("Rosa Guest" in meeting) is names
    assert "Draft the fair budget" in meeting and "Cámara Alfa" in meeting  # owner's organisation
    assert ("opened the meeting" in meeting) is minutes
    # Everyone sees the counts by group and sex.
    assert "Business associations and networks" in meeting and "Public sector" in meeting


def test_the_resolutions_export_withholds_names_from_donors(client_for, named_records):
    response = client_for("dora").get("/p/testland/governance/resolutions/?format=csv")
    text = response.content.decode()
    assert response.status_code == 200 and "Draft the fair budget" in text
    assert "Pilar Person" not in text and "Cámara Alfa" in text
    full = client_for("alice").get("/p/testland/governance/resolutions/?format=csv")
    assert "Pilar Person (Cámara Alfa)" in full.content.decode()


# --- Documents, versions and endorsements ------------------------------------------------------


def test_a_document_from_an_upload_and_its_download(client_for, world, media):
    cindy = client_for("cindy")
    response = cindy.post(
        "/c/cluster-a/governance/documents/",
        {
            "kind": "progress_report",
            "title": "Progress report Q1",
            "file": SimpleUploadedFile("q1.pdf", b"%PDF-1.4 quarter one"),
        },
    )
    document = Document.objects.get()
    version = document.versions.get()
    assert response["Location"] == f"/governance/documents/{document.pk}/"
    assert version.author == world.users["cindy"] and version.file_name == "q1.pdf"
    download = client_for("dora").get(f"/governance/files/version/{version.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 quarter one"
    assert 'filename="q1.pdf"' in download["Content-Disposition"]
    assert [p.name for p in media.rglob("*.pdf")] == [
        "q1.pdf"
    ]  # under MEDIA_ROOT, served by a view


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ", "use a PDF, office document, spreadsheet, text or picture file"),
        ("empty.pdf", b"", "The submitted file is empty."),
    ],
)
def test_unsuitable_uploads_are_refused_by_name(client_for, media, name, content, message):
    response = client_for("cindy").post(
        "/c/cluster-a/governance/documents/",
        {"kind": "other", "title": "T", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400 and message in _page(response)
    assert not Document.objects.exists() and not any(media.rglob("*"))


def test_a_document_needs_text_or_a_file(client_for):
    response = client_for("cindy").post(
        "/c/cluster-a/governance/documents/", {"kind": "other", "title": "T", "content": " "}
    )
    assert response.status_code == 400
    assert "Give the text of the document, a file, or both." in _page(response)


def test_a_selection_decision_becomes_a_document_to_endorse(client_for, world, steering):
    exercise = SelectionExercise.objects.create(programme=world.programme, title="Selection 2026")
    decision = Decision.objects.create(
        exercise=exercise, decided_by=world.users["steve"], rationale="Pro-poor potential"
    )
    decision.selected.set([world.cluster_a])
    response = client_for("alice").post(
        "/p/testland/governance/documents/",
        {
            "kind": "selection_decision",
            "title": "Selection of clusters",
            "selection_decision": decision.pk,
        },
    )
    assert response.status_code == 302
    version = Document.objects.get().versions.get()
    assert version.source == decision and "Pro-poor potential" in version.content
    assert services.endorsement_of(decision) is None


def test_endorsing_a_version_that_changed_since_the_page_was_opened(client_for, meeting, version):
    colin = client_for("colin")
    page = _page(colin.get(f"/governance/meetings/{meeting.pk}/"))
    assert f'value="{version.digest}"' in page
    # The author changes the draft while the Commission is reading it.
    client_for("cindy").post(
        f"/governance/versions/{version.pk}/edit/",
        {"content": "Findings, with a late addition", "digest": version.digest},
    )
    response = colin.post(
        f"/governance/meetings/{meeting.pk}/endorse/",
        {"version": version.pk, "digest": version.digest},
    )
    assert response.status_code == 400
    assert "This version changed since you opened it; read it again before endorsing." in _page(
        response
    )
    assert not Endorsement.objects.exists()


def test_the_author_is_told_another_person_records_the_endorsement(client_for, meeting, version):
    cindy = client_for("cindy")
    page = _page(cindy.get(f"/governance/meetings/{meeting.pk}/"))
    assert "You wrote this version: another person records its endorsement." in page
    response = cindy.post(
        f"/governance/meetings/{meeting.pk}/endorse/",
        {"version": version.pk, "digest": version.digest},
    )
    assert response.status_code == 400
    assert "cannot record its endorsement alone" in _page(response)
    assert not Endorsement.objects.exists()


def test_an_endorsed_version_offers_a_new_version_instead_of_edits(
    client_for, meeting, version, world
):
    response = client_for("colin").post(
        f"/governance/meetings/{meeting.pk}/endorse/",
        {"version": version.pk, "digest": version.digest, "note": "Unanimous"},
    )
    assert response.status_code == 302
    endorsement = Endorsement.objects.get()
    assert endorsement.history.get().history_user == world.users["colin"]
    assert endorsement.recorded_by == world.users["colin"] and endorsement.note == "Unanimous"
    cindy = client_for("cindy")
    page = _page(cindy.get(f"/governance/versions/{version.pk}/"))
    assert "This version was endorsed and can no longer be changed." in page
    assert "Edit this version" not in page and "Start a new version" in page
    response = cindy.post(
        f"/governance/versions/{version.pk}/edit/",
        {"content": "Rewritten", "digest": version.digest},
        follow=True,
    )
    assert "was endorsed and can no longer be changed; start a new version" in _page(response)
    version.refresh_from_db()
    assert version.content.startswith("Findings")
    new = _page(cindy.get(f"/governance/documents/{version.document_id}/?from={version.pk}"))
    assert "Findings: trust is low" in new  # the new version starts from the endorsed text


def test_a_stale_edit_of_a_version_is_refused(client_for, version):
    cindy = client_for("cindy")
    cindy.post(
        f"/governance/versions/{version.pk}/edit/",
        {"content": "First change", "digest": version.digest},
    )
    response = cindy.post(
        f"/governance/versions/{version.pk}/edit/",
        {"content": "Second change from an old page", "digest": version.digest},
    )
    assert response.status_code == 400 and "changed since you opened it" in _page(response)
    version.refresh_from_db()
    assert version.content == "First change"


# --- Panels and overview ---------------------------------------------------------------------


def test_cluster_and_programme_pages_show_the_governance_panels(
    client_for, commission, version, steering
):
    make_meeting(commission, on=today() + timedelta(days=3), status="planned")
    cluster = _page(client_for("colin").get("/c/cluster-a/"))
    assert "Comisión Garments A" in cluster and "Open the cluster's governance" in cluster
    assert "Diagnostic study · v1" in cluster  # awaiting endorsement
    assert "none planned" not in cluster  # the planned meeting is the next one
    programme = _page(client_for("alice").get("/p/testland/"))
    assert "Steering Committee" in programme and "Open governance" in programme


def test_the_programme_governance_page_shows_each_cluster_and_the_indicators(
    client_for, commission, world
):
    meeting = make_meeting(commission, on=date(2025, 3, 1))
    Attendance.objects.create(
        meeting=meeting, name="Ana", stakeholder_group="enterprises", sex="female"
    )
    page = _page(client_for("alice").get("/p/testland/governance/"))
    assert "Governance in the clusters" in page and "Footwear B" in page
    assert "Attendance by stakeholder group and sex" in page
    in_2024 = _page(client_for("alice").get("/p/testland/governance/?end=2024-12-31"))
    assert "No attendance recorded." in in_2024
    cindy = _page(client_for("cindy").get("/p/testland/governance/"))
    assert "Garments A" in cindy and "Footwear B" not in cindy


def test_cluster_roles_see_no_other_cluster_body_on_the_programme_page(client_for, world):
    Body.objects.create(
        programme=world.programme, cluster=world.cluster_b, kind="other", name="Mesa del calzado"
    )
    assert "Mesa del calzado" in _page(client_for("alice").get("/p/testland/governance/"))
    assert "Mesa del calzado" not in _page(client_for("cindy").get("/p/testland/governance/"))


def test_a_meeting_that_endorsed_keeps_its_date(client_for, meeting, version):
    client_for("colin").post(
        f"/governance/meetings/{meeting.pk}/endorse/",
        {"version": version.pk, "digest": version.digest},
    )
    response = client_for("cindy").post(
        f"/governance/meetings/{meeting.pk}/edit/",
        {"date": (meeting.date - timedelta(days=3)).isoformat(), "place": "x", "agenda": ""},
    )
    assert response.status_code == 400
    assert "its date can no longer change" in _page(response)
    meeting.refresh_from_db()
    assert meeting.place == "Town hall"


def test_another_attendee_can_be_removed(client_for, commission, meeting):
    Attendance.objects.create(
        meeting=meeting, name="Rosa Guest", stakeholder_group="public", sex="female"
    )
    data = {
        "m-TOTAL_FORMS": "0",
        "m-INITIAL_FORMS": "0",
        "x-TOTAL_FORMS": "1",
        "x-INITIAL_FORMS": "1",
        "x-0-name": "Rosa Guest",
        "x-0-stakeholder_group": "public",
        "x-0-sex": "female",
        "x-0-DELETE": "on",
    }
    response = client_for("cindy").post(f"/governance/meetings/{meeting.pk}/attendance/", data)
    assert response.status_code == 302 and not Attendance.objects.exists()


def test_the_oversight_tag_lists_each_cluster_the_user_sees(rf, world, commission, meeting):
    from django.template import Context, Template

    request = rf.get("/")
    request.user = world.users["alice"]
    html = Template("{% load governance_tags %}{% governance_oversight programme %}").render(
        Context({"request": request, "programme": world.programme})
    )
    assert "Comisión Garments A" in html and "Footwear B" in html and "not formed" in html
    request.user = world.users["cindy"]
    html = Template("{% load governance_tags %}{% governance_oversight programme %}").render(
        Context({"request": request, "programme": world.programme})
    )
    assert "Garments A" in html and "Footwear B" not in html


@pytest.mark.parametrize(("user", "minutes"), [("steve", True), ("colin", False), ("dora", False)])
def test_steering_committee_members_read_their_own_minutes(client_for, steering, user, minutes):
    meeting = make_meeting(steering)
    meeting.minutes = "The Committee selected two pilot clusters."
    meeting.save()
    page = _page(client_for(user).get(f"/governance/meetings/{meeting.pk}/"))
    assert ("selected two pilot clusters" in page) is minutes


def test_programme_figures_count_only_the_clusters_the_user_may_open(client_for, world):
    """A cluster role sees the programme's governance page, but another cluster's meetings
    stay out of its figures (here a Commission of cluster B met; cindy works in cluster A)."""
    body_b = Body.objects.create(
        programme=world.programme, cluster=world.cluster_b, kind="cluster_commission", name="B"
    )
    meeting = make_meeting(body_b, on=date(2025, 3, 1))
    Attendance.objects.create(
        meeting=meeting, name="Bea", stakeholder_group="enterprises", sex="female"
    )
    assert "No attendance recorded." not in _page(
        client_for("alice").get("/p/testland/governance/")
    )
    assert "No attendance recorded." in _page(client_for("cindy").get("/p/testland/governance/"))
