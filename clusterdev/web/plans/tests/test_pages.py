"""The plan pages through the test client: forms, their error messages, exports, evidence."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clusterdev.web.governance.models import today
from clusterdev.web.plans import services
from clusterdev.web.plans.models import JointAction, Milestone, PlanRevision, Vision
from clusterdev.web.test import close_download

from .conftest import endorse, rows

SOURCES = ["enterprises", "institutions", "government", "donor", "other"]


def action_post(world, findings, **fields) -> dict:
    data = {
        "title": "Training in quality control",
        "type": "training",
        "nature": "soft",
        "findings": [findings["trust"].pk],
        "lead": str(world.institution_a.pk),
        "participants": [world.enterprise_a.pk],
        "start": "2025-03-01",
        "end": "2025-05-31",
        "currency": "usd",
        "budget_enterprises": "1000",
        "budget_donor": "3000",
        "budget_total": "",
        "milestones-TOTAL_FORMS": "2",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-title": "Trainer hired",
        "milestones-0-date": "2025-03-15",
        "milestones-1-title": "",
        "milestones-1-date": "",
    }
    return data | fields


def test_a_vision_is_drafted_through_the_form(client_for, world):
    cindy = client_for("cindy")
    response = cindy.post(
        "/c/cluster-a/plan/vision/",
        {
            "statement": "Quality garments, made together",
            "objectives": "Sell to new markets\n\nBuy inputs together\n",
            "proposed_by": "Validation workshop",
            "date": today().isoformat(),
        },
    )
    vision = Vision.objects.get()
    assert response.status_code == 302 and response.url == f"/plan/visions/{vision.pk}/"
    assert [o.text for o in vision.objectives.all()] == [
        "Sell to new markets",
        "Buy inputs together",
    ]
    bad = cindy.post("/c/cluster-a/plan/vision/", {"statement": "x", "objectives": " "})
    assert bad.status_code == 400
    assert Vision.objects.count() == 1


def test_a_joint_action_is_added_with_milestones(client_for, world, revision, findings):
    response = client_for("cindy").post(
        f"/plan/revisions/{revision.pk}/actions/", action_post(world, findings)
    )
    assert response.status_code == 302
    action = revision.actions.get(title="Training in quality control")
    assert action.currency == "USD" and action.budget_total == Decimal("4000")
    assert [m.title for m in action.milestones.all()] == ["Trainer hired"]
    assert list(action.findings.all()) == [findings["trust"]]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"end": "2025-02-01"}, "The end (2025-02-01) comes before the start (2025-03-01)"),
        ({"lead": "cda"}, "The CDA or the project cannot lead a joint action"),
        ({"budget_total": "5000"}, "add up to 4,000.00, not the total budget of 5,000.00"),
        ({"milestones-0-date": "2025-07-01"}, "falls outside the action&#x27;s dates"),
        ({"type": "other"}, "Name the type of this joint action"),
    ],
    ids=["end before start", "cda as lead", "shares", "milestone", "other type"],
)
def test_bad_input_is_refused_with_a_message(
    client_for, world, revision, findings, fields, message
):
    before = (JointAction.objects.count(), Milestone.objects.count())
    response = client_for("cindy").post(
        f"/plan/revisions/{revision.pk}/actions/", action_post(world, findings, **fields)
    )
    assert response.status_code == 400
    assert message in response.text
    assert (JointAction.objects.count(), Milestone.objects.count()) == before


def test_an_endorsed_revision_refuses_edits_and_offers_the_next(
    client_for, world, revision, meeting, media
):
    endorse(revision, meeting)
    cindy = client_for("cindy")
    stand = rows(revision)["Joint stand at the Quito fair"]
    response = cindy.post(
        f"/plan/actions/{stand.pk}/edit/",
        action_post(world, {"trust": stand.findings.first()}, title="Changed"),
        follow=True,
    )
    assert "Revision 1 was endorsed by the Cluster Commission" in response.text
    stand.refresh_from_db()
    assert stand.title == "Joint stand at the Quito fair"
    page = cindy.get(f"/plan/revisions/{revision.pk}/").text
    assert "Start revision 2" in page and "Add a joint action" not in page
    started = cindy.post("/c/cluster-a/plan/revisions/", {"vision": revision.vision_id})
    second = PlanRevision.objects.get(number=2)
    assert started.url == f"/plan/revisions/{second.pk}/"
    assert second.actions.count() == 2


def test_the_comparison_page_shows_the_changes(client_for, world, endorsed):
    second = services.start_revision(world.cluster_a, by=None)
    services.delete_action(rows(second)["Joint purchase of yarn"], reason="Supplier closed")
    page = client_for("dora").get(f"/plan/revisions/{second.pk}/compare/").text
    assert "Dropped" in page and "Joint purchase of yarn" in page and "Supplier closed" in page


def test_the_revision_exports_as_xlsx_and_pdf(client_for, revision):
    from openpyxl import load_workbook

    client = client_for("colin")
    response = client.get(f"/plan/revisions/{revision.pk}/export.xlsx")
    assert response["Content-Disposition"].endswith('revision-1.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Joint actions"]
    assert sheet["B2"].value == "Joint stand at the Quito fair"
    assert [c.value for c in sheet[1]][10:15] == [
        "Enterprises",
        "Institutions",
        "Government",
        "Donor / project",
        "Other",
    ]
    assert book["Milestones"]["C2"].value == "Stand booked"
    assert book["Findings answered"].max_row == 3
    pdf = client.get(f"/plan/revisions/{revision.pk}/export.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(f"/plan/revisions/{revision.pk}/export.docx").status_code == 404


def test_progress_with_evidence_and_filters(client_for, world, revision, media):
    stand = rows(revision)["Joint stand at the Quito fair"]
    cindy = client_for("cindy")
    photo = SimpleUploadedFile("stand.jpg", b"\xff\xd8\xff fake jpeg", content_type="image/jpeg")
    response = cindy.post(
        f"/plan/actions/{stand.pk}/progress/",
        {
            "date": today().isoformat(),
            "status": "delayed",
            "text": "The fair moved",
            "reason": "The organisers postponed it",
            "participants": [world.enterprise_a.pk],
            "actual_enterprises": "300",
            "evidence": [photo],
        },
    )
    assert response.status_code == 302
    update = services.updates_of(stand).get()
    evidence = update.evidence.get()
    assert evidence.name == "stand.jpg"
    download = client_for("dora").get(f"/plan/evidence/{evidence.pk}/")
    assert b"".join(download.streaming_content) == b"\xff\xd8\xff fake jpeg"
    close_download(download)
    assert client_for("oscar").get(f"/plan/evidence/{evidence.pk}/").status_code == 404
    bad = cindy.post(
        f"/plan/actions/{stand.pk}/progress/",
        {"date": today().isoformat(), "status": "dropped", "text": "Stopped"},
    )
    assert bad.status_code == 400 and "Say why the action is dropped." in bad.text
    table = cindy.get(f"/plan/revisions/{revision.pk}/?status=delayed").text
    assert "Joint stand at the Quito fair" in table and "Joint purchase of yarn" not in table
    by_type = cindy.get("/p/testland/plans/?type=joint_purchasing").text
    assert "Joint purchase of yarn" in by_type and "Joint stand at the Quito fair" not in by_type


def test_the_cluster_page_shows_the_plan_panel(client_for, revision):
    page = client_for("dora").get("/c/cluster-a/").text
    assert "Open the vision and action plan" in page
    assert "revision 1" in page
    programme = client_for("dora").get("/p/testland/").text
    assert "Open the joint actions of the programme" in programme
