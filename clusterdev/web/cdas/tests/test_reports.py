"""CDA reports: the expected periods, when a report is overdue, writing and submitting, the
coordinator's feedback, and the period's activities summarised on the report."""

from datetime import date, timedelta

import pytest

from clusterdev.web.cdas import services
from clusterdev.web.cdas.models import Activity, Appointment, CdaReport

from .conftest import select


def _periods(start, frequency, until, end=None):
    return [
        (p.start.isoformat(), p.end.isoformat())
        for p in services.reporting_periods(start, frequency, until=until, end=end)
    ]


def test_monthly_periods_are_calendar_months_from_the_start():
    assert _periods(date(2026, 1, 15), "monthly", date(2026, 3, 2)) == [
        ("2026-01-15", "2026-01-31"),
        ("2026-02-01", "2026-02-28"),
        ("2026-03-01", "2026-03-31"),
    ]


def test_quarterly_periods_end_with_the_appointment():
    assert _periods(date(2025, 11, 3), "quarterly", date(2026, 12, 1), end=date(2026, 5, 10)) == [
        ("2025-11-03", "2025-12-31"),
        ("2026-01-01", "2026-03-31"),
        ("2026-04-01", "2026-05-10"),
    ]


def test_no_period_before_the_appointment_starts():
    assert _periods(date(2026, 6, 1), "monthly", date(2026, 5, 31)) == []


def _appointment(world, start, frequency="monthly"):
    select(world.cluster_a)
    return Appointment.objects.create(
        cluster=world.cluster_a,
        cda=world.users["cindy"],
        start=start,
        reporting_frequency=frequency,
    )


def _report(world, start, end, status=CdaReport.Status.SUBMITTED):
    return CdaReport.objects.create(
        cluster=world.cluster_a,
        cda=world.users["cindy"],
        period_start=start,
        period_end=end,
        summary="s",
        status=status,
    )


def test_a_report_is_overdue_more_than_ten_days_after_its_period(world):
    appointment = _appointment(world, date(2026, 1, 1))
    assert services.REPORT_GRACE_DAYS == 10
    assert services.overdue_periods(appointment, on=date(2026, 2, 10)) == []
    assert services.overdue_periods(appointment, on=date(2026, 2, 11)) == [
        services.Period(date(2026, 1, 1), date(2026, 1, 31))
    ]
    overdue = services.overdue_periods(appointment, on=date(2026, 4, 15))
    assert [p.start.month for p in overdue] == [1, 2, 3]


def test_submitted_reports_cover_their_periods_drafts_do_not(world):
    appointment = _appointment(world, date(2026, 1, 1))
    _report(world, date(2026, 1, 1), date(2026, 1, 31))
    _report(world, date(2026, 2, 1), date(2026, 2, 28), status=CdaReport.Status.DRAFT)
    overdue = services.overdue_periods(appointment, on=date(2026, 4, 15))
    assert [p.start.month for p in overdue] == [2, 3]
    states = [row.state for row in services.report_schedule(appointment, on=date(2026, 4, 15))]
    assert states == ["submitted", "overdue", "overdue", "running"]


def test_two_monthly_reports_cover_a_longer_period(world):
    appointment = _appointment(world, date(2026, 1, 1), frequency="quarterly")
    _report(world, date(2026, 1, 1), date(2026, 2, 15))
    assert services.overdue_periods(appointment, on=date(2026, 5, 1)) == [
        services.Period(date(2026, 1, 1), date(2026, 3, 31))
    ]
    _report(world, date(2026, 2, 16), date(2026, 3, 31))
    assert services.overdue_periods(appointment, on=date(2026, 5, 1)) == []


def test_an_ended_appointment_stops_expecting_reports(world):
    appointment = _appointment(world, date(2026, 1, 1))
    appointment.end = date(2026, 2, 10)
    appointment.save()
    overdue = services.overdue_periods(appointment, on=date(2026, 12, 1))
    assert overdue == [
        services.Period(date(2026, 1, 1), date(2026, 1, 31)),
        services.Period(date(2026, 2, 1), date(2026, 2, 10)),
    ]


def test_schedule_states_within_the_grace_days(world):
    appointment = _appointment(world, date(2026, 1, 1))
    rows = services.report_schedule(appointment, on=date(2026, 2, 5))
    assert [(r.period.start.month, r.state) for r in rows] == [(1, "due"), (2, "running")]


def _post_report(client, **extra):
    start = services.today().replace(day=1)
    data = {
        "period_start": start.isoformat(),
        "period_end": services.today().isoformat(),
        "summary": "Met the association twice; trust is growing",
        "difficulties": "Rainy season",
        "support_needed": "Contacts at the ministry",
        "next_steps": "Exposure visit",
    } | extra
    return client.post("/c/cluster-a/cda/reports/new/", data)


def test_writing_and_submitting_a_report(world, client_for):
    _appointment(world, services.today() - timedelta(days=40))
    cindy = client_for("cindy")
    response = _post_report(cindy)
    assert response.status_code == 302
    report = CdaReport.objects.get()
    assert report.status == "draft" and report.cda == world.users["cindy"]
    assert client_for("colin").get(report.get_absolute_url()).status_code == 403
    assert cindy.post(f"/cdas/reports/{report.pk}/submit/").status_code == 302
    report.refresh_from_db()
    assert report.is_submitted and report.submitted_at is not None
    assert client_for("colin").get(report.get_absolute_url()).status_code == 200
    # A submitted report is final for the CDA.
    response = cindy.post(
        f"/cdas/reports/{report.pk}/edit/",
        {"period_start": "2026-01-01", "period_end": "2026-01-02", "summary": "changed"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.summary.startswith("Met the association")


def test_submitting_straight_from_the_form(world, client_for):
    _appointment(world, services.today() - timedelta(days=40))
    _post_report(client_for("cindy"), submit="1")
    assert CdaReport.objects.get().is_submitted


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"period_end": "2000-01-01"}, "The period ends before it starts."),
        ({"period_start": "2999-01-01", "period_end": "2999-01-31"}, "has not begun yet"),
        ({"summary": ""}, "This field is required."),
        ({"period_start": "soon"}, "Enter a valid date."),
    ],
)
def test_a_bad_report_gets_a_clear_message_and_writes_nothing(world, client_for, change, message):
    _appointment(world, services.today() - timedelta(days=40))
    response = _post_report(client_for("cindy"), **change)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CdaReport.objects.exists()


def test_reports_of_a_cda_do_not_overlap(world, client_for):
    _appointment(world, services.today() - timedelta(days=40))
    assert _post_report(client_for("cindy")).status_code == 302
    response = _post_report(client_for("cindy"), period_end=services.today().isoformat())
    assert response.status_code == 400
    assert "overlaps the report for" in response.content.decode()
    assert CdaReport.objects.count() == 1


def test_without_a_cda_there_is_no_report_to_write(world, client_for):
    select(world.cluster_b)
    alice = client_for("alice")
    response = alice.get("/c/cluster-b/cda/reports/new/", follow=True)
    assert response.redirect_chain == [("/c/cluster-b/cda/", 302)]
    assert "Footwear B has no CDA yet." in response.content.decode()
    assert not CdaReport.objects.exists()


def test_feedback_and_return_for_revision(world, client_for):
    _appointment(world, services.today() - timedelta(days=40))
    _post_report(client_for("cindy"), submit="1")
    report = CdaReport.objects.get()
    alice = client_for("alice")
    assert "Feedback to the CDA" in alice.get(report.get_absolute_url()).content.decode()
    alice.post(f"/cdas/reports/{report.pk}/feedback/", {"feedback": "Please add the fair dates"})
    report.refresh_from_db()
    assert report.feedback == "Please add the fair dates"
    assert report.feedback_by == world.users["alice"] and report.feedback_at is not None
    assert (
        "Please add the fair dates"
        in client_for("cindy").get(report.get_absolute_url()).content.decode()
    )
    alice.post(f"/cdas/reports/{report.pk}/return/")
    report.refresh_from_db()
    assert report.status == "draft" and report.feedback == "Please add the fair dates"


def test_feedback_cannot_be_empty(world, client_for):
    _appointment(world, services.today() - timedelta(days=40))
    _post_report(client_for("cindy"), submit="1")
    report = CdaReport.objects.get()
    url = f"/cdas/reports/{report.pk}/feedback/"
    response = client_for("alice").post(url, {"feedback": "  "}, follow=True)
    assert '<li class="error">Write the feedback.</li>' in response.content.decode()
    report.refresh_from_db()
    assert report.feedback == "" and report.feedback_at is None


def test_the_report_summarises_the_period_activities(world, client_for):
    _appointment(world, services.today() - timedelta(days=40))
    day = services.today()
    for kind, counts in [
        ("field_visit", {("enterprises", "female"): 3, ("enterprises", "male"): 1}),
        ("field_visit", {("support", "male"): 2}),
        ("training", {("enterprises", "female"): 9}),
    ]:
        services.save_activity(
            Activity(
                cluster=world.cluster_a, cda=world.users["cindy"], kind=kind, date=day, purpose="p"
            ),
            participants=counts,
        )
    services.save_activity(
        Activity(
            cluster=world.cluster_a,
            cda=world.users["cindy"],
            kind="training",
            date=day.replace(day=1) - timedelta(days=1),
            purpose="last month",
        ),
        participants={("enterprises", "female"): 50},
    )
    _post_report(client_for("cindy"), submit="1")
    report = CdaReport.objects.get()
    page = client_for("steve").get(report.get_absolute_url()).content.decode()
    summary = services.summarise(
        services.activities_between(
            cluster=world.cluster_a, start=report.period_start, end=report.period_end
        )
    )
    assert summary.total == 3
    assert summary.by_sex == {"female": 12, "male": 3, "not_stated": 0, "total": 15}
    assert '<tr><td>Field visit</td><td class="num">2</td></tr>' in page
    assert '<td class="num"><strong>15</strong></td>' in page
    assert "last month" not in page
