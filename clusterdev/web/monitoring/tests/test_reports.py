"""Progress reports: one per framework and period, written by the CDA or the coordinator, with
figures from approved values only as they stood at the end of the period; submitted to the
Cluster Commission (the programme's report to the Steering Committee), immutable once endorsed,
and downloaded as the PDF that was endorsed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from clusterdev.web.governance import services as governance
from clusterdev.web.governance.models import Body, Document, DocumentVersion, Meeting, today
from clusterdev.web.monitoring import report as reports
from clusterdev.web.monitoring import services
from clusterdev.web.monitoring.models import ProgressReport
from clusterdev.web.monitoring.services import AmountInput
from clusterdev.web.test import close_download

CLUSTER_REPORTS = "/c/cluster-a/results/reports/"
PROGRAMME_REPORTS = "/p/testland/results/reports/"


def approved(world, indicator, period, value, **parts):
    actual = services.save_actual(
        indicator,
        period,
        AmountInput(value=value, disaggregation={"sex": parts} if parts else None),
        by=world.users["cindy"],
        evidence="Attendance lists of the courses",
    )
    services.submit(actual, by=world.users["cindy"])
    return services.approve(actual, by=world.users["alice"])


def body(world, kind: str, name: str) -> Meeting:
    """A governance body of ``kind`` (cluster A's, or the programme's) with a meeting held today."""
    cluster = world.cluster_a if kind == Body.Kind.CLUSTER_COMMISSION else None
    made = Body.objects.create(programme=world.programme, cluster=cluster, kind=kind, name=name)
    return Meeting.objects.create(body=made, date=today(), status="held", place="Hall")


@pytest.fixture
def commission_meeting(world) -> Meeting:
    return body(world, Body.Kind.CLUSTER_COMMISSION, "Comisión Garments A")


@pytest.fixture
def h1_report(world, trained, periods) -> ProgressReport:
    report = reports.create_report(world.cluster_a, periods["2025-H1"], by=world.users["cindy"])
    return reports.save_report(report, {"summary": "Two quality courses ran in Atuntaqui."})


def page(response) -> str:
    return str(response.content.decode())


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def pdf_bytes(response) -> bytes:
    try:
        return b"".join(response.streaming_content)
    finally:
        close_download(response)


# --- Starting and writing ------------------------------------------------------------------------


def test_a_report_is_started_once_per_period(world, client_for, periods):
    cindy = client_for("cindy")
    response = cindy.post(CLUSTER_REPORTS, {"period": periods["2025-H1"].pk})
    report = ProgressReport.objects.get()
    assert response.status_code == 302 and response.url == f"/results/reports/{report.pk}/"
    assert (report.cluster, report.period, report.created_by) == (
        world.cluster_a,
        periods["2025-H1"],
        world.users["cindy"],
    )
    again = cindy.post(CLUSTER_REPORTS, {"period": periods["2025-H1"].pk})
    assert again.status_code == 400
    assert "Garments A already has a progress report for 2025-H1" in page(again)
    assert ProgressReport.objects.count() == 1
    assert "2025-H1" in page(cindy.get(CLUSTER_REPORTS))


def test_the_text_is_written_on_the_edit_page(world, client_for, h1_report):
    cindy = client_for("cindy")
    assert "Two quality courses ran in Atuntaqui." in page(
        cindy.get(f"/results/reports/{h1_report.pk}/edit/")
    )
    response = cindy.post(
        f"/results/reports/{h1_report.pk}/edit/",
        {"summary": "Firms trained.", "achievements": "Twelve firms", "challenges": "", "next_steps": "A third course"},
    )  # fmt: skip
    assert response.status_code == 302
    h1_report.refresh_from_db()
    assert (h1_report.summary, h1_report.next_steps) == ("Firms trained.", "A third course")
    assert "Twelve firms" in page(cindy.get(f"/results/reports/{h1_report.pk}/"))


# --- The figures -----------------------------------------------------------------------------------


def test_the_report_counts_approved_values_only(world, client_for, trained, periods):
    approved(world, trained, periods["2025-H1"], 12, female=7, male=5)
    services.save_actual(
        trained,
        periods["2025-H2"],
        AmountInput(value=4321),
        by=world.users["cindy"],
        evidence="Draft lists",
    )
    report = reports.create_report(world.cluster_a, periods["2025-H2"], by=world.users["alice"])
    context = reports.report_context(report, personal=False)
    [row] = context["rows"]
    assert (row.baseline, row.target, row.value, row.to_date) == ("0", "25", "—", "12")
    assert [(p.code, p.state) for p in context["pending"]] == [("OUT-1", "Draft")]
    html = reports.report_html(context, for_pdf=True)
    assert "4,321" not in html and "4321" not in html and "Draft lists" not in html
    assert [e.period for e in row.evidence] == ["2025-H1"]  # what the value to date is made of
    assert "Not yet approved" in html and "Firms trained in quality" in html
    response = client_for("cindy").get(f"/results/reports/{report.pk}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "4,321" not in page(client_for("cindy").get(f"/results/reports/{report.pk}/"))


def test_the_figures_stand_as_at_the_end_of_the_period(world, trained, periods):
    approved(world, trained, periods["2025-H1"], 12, female=7, male=5)
    approved(world, trained, periods["2025-H2"], 5, female=1, male=4)
    report = reports.create_report(world.cluster_a, periods["2025-H1"], by=world.users["cindy"])
    context = reports.report_context(report, personal=False)
    [row] = context["rows"]
    assert (row.target, row.value, row.to_date) == ("10", "12", "12")  # not 17: H2 comes later
    assert row.breakdowns == [("Sex", [("Women", "7"), ("Men", "5")])]
    assert [(e.period, e.text) for e in row.evidence] == [
        ("2025-H1", "Attendance lists of the courses")
    ]
    assert row.item.status_label == "Achieved"
    chain = [(r.depth, r.node.node.level, r.node.status_label) for r in context["chain"]]
    assert chain[0] == (0, "impact", "Achieved") and (2, "output", "Achieved") in chain


def test_who_approved_is_named_only_to_those_who_see_personal_data(
    world, client_for, trained, periods, h1_report
):
    approved(world, trained, periods["2025-H1"], 12, female=7, male=5)
    [row] = reports.report_context(h1_report, personal=True)["rows"]
    assert [e.approved_by for e in row.evidence] == ["alice"]
    assert "approved by alice" in page(client_for("cindy").get(f"/results/reports/{h1_report.pk}/"))
    donor_page = page(client_for("dora").get(f"/results/reports/{h1_report.pk}/"))
    assert "Attendance lists of the courses" in donor_page
    assert "approved by" not in donor_page and "alice" not in donor_page
    [row] = reports.report_context(h1_report, personal=False)["rows"]
    assert [e.approved_by for e in row.evidence] == [""]


# --- Endorsement -------------------------------------------------------------------------------------


def test_an_endorsed_report_is_immutable_and_its_pdf_is_the_endorsed_one(
    world, client_for, h1_report, commission_meeting, media
):
    cindy, url = client_for("cindy"), f"/results/reports/{h1_report.pk}/"
    cindy.post(f"{url}submit/")
    version = DocumentVersion.objects.get()
    assert (version.document.kind, version.document.cluster, version.source) == (
        "progress_report",
        world.cluster_a,
        h1_report,
    )
    assert version.file_name == "progress-report-cluster-a-2025-H1.pdf"
    assert "Two quality courses ran in Atuntaqui." in version.content and "OUT-1" in version.content
    h1_report.refresh_from_db()
    assert h1_report.status == "submitted"
    # Submitted: locked until withdrawn.
    refused = cindy.get(f"{url}edit/", follow=True)
    assert "is awaiting endorsement; withdraw it to change it" in messages_of(refused)
    cindy.post(f"{url}withdraw/")
    h1_report.refresh_from_db()
    assert h1_report.status == "draft" and not DocumentVersion.objects.exists()
    cindy.post(f"{url}submit/")
    version = DocumentVersion.objects.get()
    governance.endorse(
        body=commission_meeting.body,
        meeting=commission_meeting,
        version=version,
        digest=version.digest,
        by=world.users["colin"],
    )
    h1_report.refresh_from_db()
    assert h1_report.status == "endorsed"
    response = cindy.post(f"{url}edit/", {"summary": "Rewritten after the fact"}, follow=True)
    assert "has been endorsed and can no longer change" in messages_of(response)
    with pytest.raises(ValidationError, match="has been endorsed"):
        reports.save_report(h1_report, {"summary": "Rewritten after the fact"})
    assert "has been endorsed" in messages_of(cindy.post(f"{url}withdraw/", follow=True))
    h1_report.refresh_from_db()
    assert h1_report.summary == "Two quality courses ran in Atuntaqui."
    assert DocumentVersion.objects.get().pk == version.pk
    with version.file.open("rb") as stored:
        endorsed_pdf = stored.read()
    downloaded = pdf_bytes(client_for("dora").get(f"{url}report.pdf"))
    assert downloaded.startswith(b"%PDF") and downloaded == endorsed_pdf
    assert "Endorsed by Comisión Garments A" in page(cindy.get(url))


def test_the_programme_report_goes_to_the_steering_committee(world, client_for, periods, media):
    alice = client_for("alice")
    alice.post(PROGRAMME_REPORTS, {"period": periods["2025-H1"].pk})
    report = ProgressReport.objects.get()
    assert report.cluster is None
    refused = alice.post(f"/results/reports/{report.pk}/submit/", follow=True)
    assert "Testland has no Steering Committee to endorse" in messages_of(refused)
    assert not DocumentVersion.objects.exists() and not Document.objects.exists()
    meeting = body(world, Body.Kind.STEERING_COMMITTEE, "Steering Committee of Testland")
    alice.post(f"/results/reports/{report.pk}/submit/")
    version = DocumentVersion.objects.get()
    assert (version.document.cluster, version.document.programme) == (None, world.programme)
    governance.endorse(
        body=meeting.body,
        meeting=meeting,
        version=version,
        digest=version.digest,
        by=world.users["steve"],
    )
    report.refresh_from_db()
    assert report.status == "endorsed"


def test_without_a_commission_nothing_is_submitted(world, h1_report):
    with pytest.raises(ValidationError) as error:
        reports.submit_report(h1_report, by=world.users["cindy"])
    assert "Garments A has no Cluster Commission to endorse" in " ".join(error.value.messages)
    assert not DocumentVersion.objects.exists() and not Document.objects.exists()
    h1_report.refresh_from_db()
    assert h1_report.status == "draft"


# --- Permissions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["oscar", "olga"])
def test_outsiders_do_not_see_reports(client_for, h1_report, user):
    client, url = client_for(user), f"/results/reports/{h1_report.pk}/"
    for path in (CLUSTER_REPORTS, url, f"{url}report.pdf", f"{url}edit/"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"{url}submit/").status_code == 404


def test_donors_read_reports_but_do_not_write_them(client_for, h1_report, periods):
    dora, url = client_for("dora"), f"/results/reports/{h1_report.pk}/"
    assert dora.get(url).status_code == 200
    listing = dora.get(CLUSTER_REPORTS)
    assert listing.status_code == 200 and "Start the report" not in page(listing)
    pdf = dora.get(f"{url}report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert dora.get(f"{url}edit/").status_code == 403
    assert dora.post(f"{url}edit/", {"summary": "Mine"}).status_code == 403
    assert dora.post(f"{url}submit/").status_code == 403
    assert dora.post(f"{url}withdraw/").status_code == 403
    assert dora.post(CLUSTER_REPORTS, {"period": periods["2025-H2"].pk}).status_code == 403
    assert ProgressReport.objects.count() == 1 and not DocumentVersion.objects.exists()


def test_a_cda_writes_the_cluster_report_not_the_programme_one(client_for, periods):
    cindy = client_for("cindy")
    assert cindy.get(PROGRAMME_REPORTS).status_code == 200
    assert cindy.post(PROGRAMME_REPORTS, {"period": periods["2025-H1"].pk}).status_code == 403
    assert not ProgressReport.objects.exists()


def test_without_reporting_periods_the_page_says_so(client_for):
    listing = page(client_for("cindy").get(CLUSTER_REPORTS))
    assert "The programme has no reporting period yet" in listing
    assert "Start the report" not in listing
