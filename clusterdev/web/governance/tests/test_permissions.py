"""The persona × page × action matrix for governance (see clusterdev/web/test.py).

A role without the right answers 403 and writes nothing; no role in the programme or cluster
answers 404, so that the record's existence stays hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from clusterdev.web.governance import services
from clusterdev.web.governance.models import (
    Body,
    BodyMilestone,
    Document,
    DocumentVersion,
    Endorsement,
    Meeting,
    MeetingFile,
    Membership,
    Resolution,
    today,
)
from clusterdev.web.test import close_download, make_user

from .conftest import make_meeting

ALL = ["adam", "alice", "cindy", "colin", "steve", "dora", "oscar", "olga"]
SEE_PROGRAMME = {"adam", "alice", "cindy", "colin", "steve", "dora"}
SEE_CLUSTER_A = SEE_PROGRAMME
SEE_CLUSTER_B = {"adam", "alice", "steve", "dora"}
EDIT_CLUSTER_A = {"adam", "alice", "cindy"}
EDIT_PROGRAMME = {"adam", "alice"}
ENDORSE_CLUSTER_A = {"adam", "alice", "cindy", "colin", "steve"}
ENDORSE_PROGRAMME = {"adam", "alice", "steve"}
# Minutes name people: those who see personal data, and the members of the Commission itself.
READ_MINUTES_A = {"adam", "alice", "cindy", "colin"}


def _status(user: str, allowed: set[str], seen: set[str], ok: int) -> int:
    return ok if user in allowed else 403 if user in seen else 404


@pytest.fixture
def r(world, commission, meeting, steering, media):
    """Records of every kind, in cluster A and at programme level."""
    writer = make_user("wanda")  # wrote the draft; not one of the recorders below
    version = services.submit_version(
        author=writer,
        kind="diagnostic",
        cluster=world.cluster_a,
        title="Diagnostic study",
        content="Draft findings",
        file=ContentFile(b"%PDF-1.4 diagnostic", name="diagnostic.pdf"),
    )
    programme_version = services.submit_version(
        author=writer,
        kind="progress_report",
        programme=world.programme,
        title="Programme progress report",
        content="Year 1",
    )
    commission.terms_file.save("tor.pdf", ContentFile(b"%PDF-1.4 terms"))
    pilar, textiles = commission.memberships.order_by("id")
    return SimpleNamespace(
        world=world,
        commission=commission,
        steering=steering,
        meeting=meeting,
        planned=make_meeting(commission, on=today() + timedelta(days=10), status="planned"),
        steering_meeting=make_meeting(steering),
        pilar=pilar,
        textiles=textiles,
        milestone=BodyMilestone.objects.create(
            body=commission,
            kind="formed",
            date=date(2024, 1, 10),
            evidence=ContentFile(b"%PDF-1.4 act", name="act.pdf"),
        ),
        resolution=Resolution.objects.create(
            meeting=meeting, text="Organise a joint stand", owner_membership=pilar
        ),
        meeting_file=MeetingFile.objects.create(
            meeting=meeting, title="Signed minutes", file=ContentFile(b"%PDF", name="m.pdf")
        ),
        version=version,
        programme_version=programme_version,
    )


# --- Pages -----------------------------------------------------------------------------------

PAGES: list[tuple[str, Callable[[Any], str], set[str], set[str]]] = [
    ("programme governance", lambda r: "/p/testland/governance/", SEE_PROGRAMME, SEE_PROGRAMME),
    ("resolutions", lambda r: "/p/testland/governance/resolutions/", SEE_PROGRAMME, SEE_PROGRAMME),
    ("cluster A governance", lambda r: "/c/cluster-a/governance/", SEE_CLUSTER_A, SEE_CLUSTER_A),
    ("cluster B governance", lambda r: "/c/cluster-b/governance/", SEE_CLUSTER_B, SEE_CLUSTER_B),
    ("body", lambda r: f"/governance/bodies/{r.commission.pk}/", SEE_CLUSTER_A, SEE_CLUSTER_A),
    (
        "steering committee",
        lambda r: f"/governance/bodies/{r.steering.pk}/",
        SEE_PROGRAMME,
        SEE_PROGRAMME,
    ),
    ("meeting", lambda r: f"/governance/meetings/{r.meeting.pk}/", SEE_CLUSTER_A, SEE_CLUSTER_A),
    (
        "planned meeting",
        lambda r: f"/governance/meetings/{r.planned.pk}/",
        SEE_CLUSTER_A,
        SEE_CLUSTER_A,
    ),
    (
        "document",
        lambda r: f"/governance/documents/{r.version.document_id}/",
        SEE_CLUSTER_A,
        SEE_CLUSTER_A,
    ),
    ("version", lambda r: f"/governance/versions/{r.version.pk}/", SEE_CLUSTER_A, SEE_CLUSTER_A),
    (
        "programme document",
        lambda r: f"/governance/documents/{r.programme_version.document_id}/",
        SEE_PROGRAMME,
        SEE_PROGRAMME,
    ),
    (
        "edit body",
        lambda r: f"/governance/bodies/{r.commission.pk}/edit/",
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
    ),
    (
        "edit member",
        lambda r: f"/governance/members/{r.pilar.pk}/edit/",
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
    ),
    (
        "edit meeting",
        lambda r: f"/governance/meetings/{r.planned.pk}/edit/",
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
    ),
    (
        "edit version",
        lambda r: f"/governance/versions/{r.version.pk}/edit/",
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
    ),
    (
        "version file",
        lambda r: f"/governance/files/version/{r.version.pk}/",
        SEE_CLUSTER_A,
        SEE_CLUSTER_A,
    ),
    (
        "terms of reference file",
        lambda r: f"/governance/files/terms/{r.commission.pk}/",
        SEE_CLUSTER_A,
        SEE_CLUSTER_A,
    ),
    (
        "milestone evidence",
        lambda r: f"/governance/files/milestone/{r.milestone.pk}/",
        SEE_CLUSTER_A,
        SEE_CLUSTER_A,
    ),
    (
        "meeting file",
        lambda r: f"/governance/files/meeting/{r.meeting_file.pk}/",
        READ_MINUTES_A,
        SEE_CLUSTER_A,
    ),
]


@pytest.mark.parametrize("user", ALL)
@pytest.mark.parametrize(("name", "url", "allowed", "seen"), PAGES, ids=[p[0] for p in PAGES])
def test_pages_follow_the_roles(client_for, r, user, name, url, allowed, seen):
    response = client_for(user).get(url(r))
    close_download(response)  # file downloads stream from an open file
    assert response.status_code == _status(user, allowed, seen, 200)


def test_unknown_records_and_file_kinds_answer_not_found(client_for, r):
    alice = client_for("alice")
    assert alice.get("/governance/bodies/999999/").status_code == 404
    assert alice.get(f"/governance/files/passport/{r.version.pk}/").status_code == 404
    assert alice.get(f"/governance/files/version/{r.programme_version.pk}/").status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, r):
    response = client.get(f"/governance/meetings/{r.meeting.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- Actions ---------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    url: Callable[[Any], str]
    data: Callable[[Any], dict[str, Any]]
    allowed: set[str]
    seen: set[str]
    written: Callable[[Any], bool]


def _attendance(r: Any) -> dict[str, Any]:
    data = {
        "m-TOTAL_FORMS": "2",
        "m-INITIAL_FORMS": "2",
        "x-TOTAL_FORMS": "1",
        "x-INITIAL_FORMS": "0",
        "x-0-name": "Rosa Guest",
        "x-0-organisation": "Municipio",
        "x-0-stakeholder_group": "public",
        "x-0-sex": "female",
    }
    for i, (member, sex) in enumerate([(r.pilar, "female"), (r.textiles, "male")]):
        data |= {
            f"m-{i}-membership": str(member.pk),
            f"m-{i}-present": "on",
            f"m-{i}-stakeholder_group": member.stakeholder_group,
            f"m-{i}-sex": sex,
        }
    return data


CASES = [
    Case(
        "create a cluster body",
        lambda r: "/c/cluster-a/governance/bodies/",
        lambda r: {"kind": "business_association", "name": "Asociación de confeccionistas"},
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: Body.objects.filter(name="Asociación de confeccionistas").exists(),
    ),
    Case(
        "create a programme body",
        lambda r: "/p/testland/governance/bodies/",
        lambda r: {"kind": "public_private_platform", "name": "Mesa público-privada"},
        EDIT_PROGRAMME,
        SEE_PROGRAMME,
        lambda r: Body.objects.filter(name="Mesa público-privada").exists(),
    ),
    Case(
        "create a cluster document",
        lambda r: "/c/cluster-a/governance/documents/",
        lambda r: {"kind": "progress_report", "title": "Report Q1", "content": "Done: a fair."},
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: Document.objects.filter(title="Report Q1").exists(),
    ),
    Case(
        "create a programme document",
        lambda r: "/p/testland/governance/documents/",
        lambda r: {"kind": "progress_report", "title": "Report 2025", "content": "Year 2"},
        EDIT_PROGRAMME,
        SEE_PROGRAMME,
        lambda r: Document.objects.filter(title="Report 2025").exists(),
    ),
    Case(
        "add a member",
        lambda r: f"/governance/bodies/{r.commission.pk}/members/",
        lambda r: {
            "actor": r.world.institution_a.pk,
            "stakeholder_group": "associations",
            "role": "secretary",
            "start": "2024-02-01",
        },
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: Membership.objects.filter(role="secretary").exists(),
    ),
    Case(
        "change a member",
        lambda r: f"/governance/members/{r.textiles.pk}/edit/",
        lambda r: {
            "stakeholder_group": "enterprises",
            "role": "vice_chair",
            "start": "2024-01-15",
            "end": "2025-01-15",
        },
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: Membership.objects.get(pk=r.textiles.pk).role == "vice_chair",
    ),
    Case(
        "remove a member",
        lambda r: f"/governance/members/{r.textiles.pk}/delete/",
        lambda r: {},
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: not Membership.objects.filter(pk=r.textiles.pk).exists(),
    ),
    Case(
        "record a milestone",
        lambda r: f"/governance/bodies/{r.commission.pk}/milestones/",
        lambda r: {"kind": "formalised", "date": "2024-03-01", "note": "Statutes signed"},
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: BodyMilestone.objects.filter(kind="formalised").exists(),
    ),
    Case(
        "remove a milestone",
        lambda r: f"/governance/milestones/{r.milestone.pk}/delete/",
        lambda r: {},
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: not BodyMilestone.objects.exists(),
    ),
    Case(
        "plan a meeting",
        lambda r: f"/governance/bodies/{r.commission.pk}/meetings/",
        lambda r: {
            "date": "2030-05-01",
            "place": "Cámara",
            "agenda": "1. Plan",
            "status": "planned",
        },
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: Meeting.objects.filter(date=date(2030, 5, 1)).exists(),
    ),
    Case(
        "change a meeting",
        lambda r: f"/governance/meetings/{r.planned.pk}/edit/",
        lambda r: {"date": r.planned.date.isoformat(), "place": "Municipio", "agenda": "1."},
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: Meeting.objects.get(pk=r.planned.pk).place == "Municipio",
    ),
    Case(
        "record a meeting as held",
        lambda r: f"/governance/meetings/{r.planned.pk}/hold/",
        lambda r: {"date": today().isoformat()},
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: Meeting.objects.get(pk=r.planned.pk).status == "held",
    ),
    Case(
        "cancel a meeting",
        lambda r: f"/governance/meetings/{r.planned.pk}/cancel/",
        lambda r: {},
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: Meeting.objects.get(pk=r.planned.pk).status == "cancelled",
    ),
    Case(
        "enter the attendance",
        lambda r: f"/governance/meetings/{r.meeting.pk}/attendance/",
        _attendance,
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: r.meeting.attendance.count() == 3,
    ),
    Case(
        "write the minutes",
        lambda r: f"/governance/meetings/{r.meeting.pk}/minutes/",
        lambda r: {"minutes": "The Commission agreed on a joint stand."},
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: Meeting.objects.get(pk=r.meeting.pk).minutes.startswith("The Commission"),
    ),
    Case(
        "attach a file",
        lambda r: f"/governance/meetings/{r.meeting.pk}/files/",
        lambda r: {
            "kind": "attendance",
            "title": "Attendance sheet",
            "file": SimpleUploadedFile("sheet.pdf", b"%PDF-1.4 sheet"),
        },
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: MeetingFile.objects.filter(title="Attendance sheet").exists(),
    ),
    Case(
        "record a resolution",
        lambda r: f"/governance/meetings/{r.meeting.pk}/resolutions/",
        lambda r: {
            "text": "Apply for the export fund",
            "owner_actor": r.world.enterprise_a.pk,
            "due": (today() + timedelta(days=60)).isoformat(),
        },
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: Resolution.objects.filter(text="Apply for the export fund").exists(),
    ),
    Case(
        "follow a resolution up",
        lambda r: f"/governance/resolutions/{r.resolution.pk}/follow-up/",
        lambda r: {
            f"r{r.resolution.pk}-date": today().isoformat(),
            f"r{r.resolution.pk}-text": "Stand booked",
            f"r{r.resolution.pk}-status": "done",
        },
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: Resolution.objects.get(pk=r.resolution.pk).status == "done",
    ),
    Case(
        "add a version",
        lambda r: f"/governance/documents/{r.version.document_id}/",
        lambda r: {"content": "Final findings"},
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: DocumentVersion.objects.filter(content="Final findings").exists(),
    ),
    Case(
        "edit a version",
        lambda r: f"/governance/versions/{r.version.pk}/edit/",
        lambda r: {"content": "Corrected findings", "digest": r.version.digest},
        EDIT_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: DocumentVersion.objects.get(pk=r.version.pk).content == "Corrected findings",
    ),
    Case(
        "endorse at a Commission meeting",
        lambda r: f"/governance/meetings/{r.meeting.pk}/endorse/",
        lambda r: {"version": r.version.pk, "digest": r.version.digest, "note": "Unanimous"},
        ENDORSE_CLUSTER_A,
        SEE_CLUSTER_A,
        lambda r: Endorsement.objects.filter(version=r.version).exists(),
    ),
    Case(
        "endorse at a Steering Committee meeting",
        lambda r: f"/governance/meetings/{r.steering_meeting.pk}/endorse/",
        lambda r: {"version": r.programme_version.pk, "digest": r.programme_version.digest},
        ENDORSE_PROGRAMME,
        SEE_PROGRAMME,
        lambda r: Endorsement.objects.filter(version=r.programme_version).exists(),
    ),
]


@pytest.mark.parametrize("user", ALL)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_actions_follow_the_roles_and_refusals_write_nothing(client_for, r, user, case):
    response = client_for(user).post(case.url(r), case.data(r))
    expected = _status(user, case.allowed, case.seen, 302)
    assert response.status_code == expected, response.content.decode()[:3000]
    assert case.written(r) is (expected == 302)


@pytest.mark.parametrize(
    ("user", "status"),
    [("alice", 200), ("cindy", 200), ("dora", 200), ("oscar", 404)],
)
def test_actions_are_posted_never_fetched(client_for, r, user, status):
    """A GET on an action is refused (405); the page it belongs to answers as usual."""
    response = client_for(user).get(f"/governance/meetings/{r.meeting.pk}/endorse/")
    assert response.status_code == 405
    assert client_for(user).get(f"/governance/meetings/{r.meeting.pk}/").status_code == status
