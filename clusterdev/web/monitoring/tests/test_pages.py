"""The framework and actuals pages: who may see and change what, and the flows a CDA and a
coordinator go through (build the chain, set targets, enter, submit, approve, lock, reopen)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from clusterdev.web.governance.models import Body, Meeting
from clusterdev.web.monitoring import services
from clusterdev.web.monitoring.models import (
    Actual,
    ActualEvent,
    ActualState,
    Indicator,
    ResultNode,
    Target,
)
from clusterdev.web.monitoring.services import AmountInput


def url(name: str, *args: object) -> str:
    return reverse(name, args=args)


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("alice", 200),
        ("cindy", 200),
        ("colin", 200),
        ("steve", 200),
        ("dora", 200),
        ("oscar", 404),
        ("olga", 404),
    ],
)
def test_who_sees_a_clusters_framework(client_for, world, trained, user, status):
    client = client_for(user)
    assert client.get(url("monitoring-cluster", "cluster-a")).status_code == status
    assert client.get(url("monitoring-indicator", trained.pk)).status_code == status


@pytest.mark.parametrize(
    ("user", "status"),
    [("alice", 200), ("cindy", 200), ("colin", 403), ("dora", 403), ("oscar", 404)],
)
def test_who_may_add_results(client_for, world, user, status):
    response = client_for(user).get(url("monitoring-node-add", "c", "cluster-a"))
    assert response.status_code == status


def test_the_cda_sees_no_other_clusters_framework(client_for, world):
    client = client_for("cindy")
    assert client.get(url("monitoring-cluster", "cluster-b")).status_code == 404
    # The programme's framework is readable to a cluster role, not editable.
    assert client.get(url("monitoring-programme", "testland")).status_code == 200
    assert client.get(url("monitoring-node-add", "p", "testland")).status_code == 403
    assert client.get("/x/testland/results/add/").status_code == 404


def test_a_cda_builds_a_chain_and_an_indicator(client_for, world, periods):
    client = client_for("cindy")
    response = client.post(
        url("monitoring-node-add", "c", "cluster-a"),
        {"level": "outcome", "title": "Firms buy yarn together", "assumptions": "Prices hold"},
    )
    assert response.status_code == 302
    outcome = ResultNode.objects.get(title="Firms buy yarn together")
    assert outcome.cluster == world.cluster_a and outcome.programme == world.programme
    response = client.post(
        url("monitoring-node-add", "c", "cluster-a"),
        {"level": "impact", "title": "Wrong way", "parent": outcome.pk},
    )
    assert response.status_code == 200
    assert "contributes to a higher level" in response.content.decode()
    response = client.post(
        url("monitoring-indicator-add", "c", "cluster-a"),
        {
            "node": outcome.pk,
            "code": "OC-1",
            "name": "Firms in joint purchasing",
            "measure": "number",
            "direction": "increase",
            "cumulative_rule": "latest",
            "disaggregations": ["sex", "size"],
            "frequency": "semiannual",
            "baseline_value": "3",
        },
    )
    assert response.status_code == 302, response.content.decode().split("<main>")[1][:3000]
    indicator = Indicator.objects.get(code="OC-1")
    assert indicator.level == "outcome" and indicator.disaggregations == ["sex", "size"]
    response = client.post(
        url("monitoring-indicator", indicator.pk),
        {"period": periods["2025-H2"].pk, "value": "12"},
    )
    assert response.status_code == 302
    assert Target.objects.get(indicator=indicator).value == 12


def test_a_target_below_the_baseline_is_refused_with_the_reason(client_for, trained, periods):
    trained.baseline_value = 5
    trained.save()
    response = client_for("cindy").post(
        url("monitoring-indicator", trained.pk), {"period": periods["2026-H1"].pk, "value": "1"}
    )
    assert response.status_code == 200
    assert "below the baseline" in response.content.decode()
    assert not trained.targets.filter(period=periods["2026-H1"]).exists()


def test_the_donor_reads_an_indicator_but_cannot_set_targets(client_for, trained, periods):
    client = client_for("dora")
    page = client.get(url("monitoring-indicator", trained.pk)).content.decode()
    assert "Set a target" not in page
    response = client.post(
        url("monitoring-indicator", trained.pk), {"period": periods["2026-H1"].pk, "value": "40"}
    )
    assert response.status_code == 403
    assert not trained.targets.filter(period=periods["2026-H1"]).exists()


def test_entering_a_value_whose_parts_do_not_add_up_writes_nothing(client_for, trained, periods):
    response = client_for("cindy").post(
        url("monitoring-actual-enter", trained.pk, periods["2025-H1"].pk),
        {
            "value": "12",
            "part-sex-female-v": "7",
            "part-sex-male-v": "4",
            "evidence": "Lists",
            "submit": "1",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "add up to 11" in page and "total is 12" in page
    assert not Actual.objects.exists()


def test_two_periods_go_through_approval_on_the_pages(client_for, world, trained, periods):
    cindy, alice = client_for("cindy"), client_for("alice")
    for period, total, women, men in (("2025-H1", 12, 7, 5), ("2025-H2", 9, 4, 5)):
        response = cindy.post(
            url("monitoring-actual-enter", trained.pk, periods[period].pk),
            {
                "value": str(total),
                "part-sex-female-v": str(women),
                "part-sex-male-v": str(men),
                "evidence": "Attendance lists",
                "submit": "1",
            },
        )
        assert response.status_code == 302
        actual = Actual.objects.get(indicator=trained, period=periods[period])
        assert actual.state == ActualState.SUBMITTED and actual.submitted_by == world.users["cindy"]
        # The CDA cannot approve (no right); the coordinator can.
        assert cindy.post(url("monitoring-actual-step", actual.pk, "approve")).status_code == 403
        alice.post(url("monitoring-actual-step", actual.pk, "approve"))
        alice.post(url("monitoring-actual-step", actual.pk, "lock"))
        actual.refresh_from_db()
        assert actual.state == ActualState.LOCKED
    page = cindy.get(url("monitoring-indicator", trained.pk)).content.decode()
    assert "21" in page  # the value to date, 12 + 9
    response = cindy.get(url("monitoring-actual-enter", trained.pk, periods["2025-H1"].pk))
    assert response.status_code == 302  # locked: back to the value's page with the reason


def test_the_coordinator_cannot_approve_her_own_submission_on_the_page(
    client_for, world, trained, periods
):
    alice = client_for("alice")
    alice.post(
        url("monitoring-actual-enter", trained.pk, periods["2025-H1"].pk),
        {"value": "3", "evidence": "Lists", "submit": "1"},
    )
    actual = Actual.objects.get(indicator=trained)
    page = alice.get(url("monitoring-actual", actual.pk)).content.decode()
    assert "someone else must approve it" in page
    response = alice.post(url("monitoring-actual-step", actual.pk, "approve"), follow=True)
    assert "someone else must approve it" in response.content.decode()
    actual.refresh_from_db()
    assert actual.state == ActualState.SUBMITTED
    # The Steering Committee member approves it.
    client_for("steve").post(url("monitoring-actual-step", actual.pk, "approve"))
    actual.refresh_from_db()
    assert actual.state == ActualState.APPROVED and actual.approved_by == world.users["steve"]


def test_return_and_reopen_need_a_comment_and_are_in_the_trail(client_for, world, draft):
    services.submit(draft, by=world.users["cindy"])
    alice = client_for("alice")
    response = alice.post(url("monitoring-actual-step", draft.pk, "return"), {"comment": ""})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == ActualState.SUBMITTED
    alice.post(url("monitoring-actual-step", draft.pk, "return"), {"comment": "Add the lists"})
    draft.refresh_from_db()
    assert draft.state == ActualState.RETURNED
    services.submit(draft, by=world.users["cindy"])
    services.lock(services.approve(draft, by=world.users["alice"]), by=world.users["alice"])
    alice.post(url("monitoring-actual-step", draft.pk, "reopen"), {"comment": "Wrong course count"})
    draft.refresh_from_db()
    assert draft.state == ActualState.DRAFT
    page = client_for("cindy").get(url("monitoring-actual", draft.pk)).content.decode()
    assert "Wrong course count" in page and "Add the lists" in page
    assert draft.events.filter(kind=ActualEvent.Kind.REOPENED, by=world.users["alice"]).exists()


def test_only_approvers_take_workflow_steps(client_for, world, draft):
    services.submit(draft, by=world.users["cindy"])
    for user, status in (("dora", 403), ("colin", 403), ("oscar", 404), ("olga", 404)):
        response = client_for(user).post(url("monitoring-actual-step", draft.pk, "approve"))
        assert response.status_code == status
    draft.refresh_from_db()
    assert draft.state == ActualState.SUBMITTED
    assert (
        client_for("alice").post(url("monitoring-actual-step", draft.pk, "nope")).status_code == 404
    )


def test_the_periods_page(client_for, world, dated):
    alice = client_for("alice")
    response = alice.post(url("monitoring-periods-generate", "testland"), {"frequency": "annual"})
    assert response.status_code == 302
    assert list(services.periods_of(dated).values_list("name", flat=True)) == ["2025", "2026"]
    response = alice.post(
        url("monitoring-periods", "testland"),
        {"name": "late", "start": "2027-01-01", "end": "2027-06-30"},
    )
    assert "outside the programme" in response.content.decode()
    assert (
        client_for("cindy")
        .post(url("monitoring-periods-generate", "testland"), {"frequency": "annual"})
        .status_code
        == 403
    )


def test_the_cluster_page_shows_the_monitoring_panel(client_for, trained):
    page = client_for("cindy").get(reverse("cluster", args=["cluster-a"])).content.decode()
    assert "Open the results framework" in page and "1 indicator" in page


def test_values_computed_from_the_records_are_offered(client_for, world, periods):
    indicator = Indicator.objects.create(
        programme=world.programme,
        cluster=world.cluster_a,
        code="OUT-M",
        name="Commission meetings held",
        level="output",
        computation="meetings_held",
        baseline_value=0,
    )
    services.set_target(indicator, periods["2025-H1"], AmountInput(value=2))
    body = Body.objects.create(
        programme=world.programme,
        cluster=world.cluster_a,
        kind=Body.Kind.CLUSTER_COMMISSION,
        name="Comisión Garments A",
    )
    Meeting.objects.create(body=body, date=date(2025, 3, 4), status="held", place="Hall")
    cindy = client_for("cindy")
    page = cindy.get(url("monitoring-indicator", indicator.pk)).content.decode()
    assert "From the records: <strong>1</strong>" in page and "Comisión Garments A" in page
    assert "Use this value" in page
    assert (
        "Use this value"
        not in client_for("dora").get(url("monitoring-indicator", indicator.pk)).content.decode()
    )
    cindy.post(url("monitoring-actual-fill", indicator.pk, periods["2025-H1"].pk))
    actual = Actual.objects.get(indicator=indicator, period=periods["2025-H1"])
    assert actual.value == 1 and actual.state == ActualState.DRAFT
    assert "Comisión Garments A" in actual.computed_source


def test_the_admin_lists_the_records_and_leaves_actuals_to_the_workflow(client_for, draft):
    adam = client_for("adam")
    for name in ("resultnode", "indicator", "reportingperiod", "actual", "progressreport"):
        assert adam.get(f"/admin/monitoring/{name}/").status_code == 200
    page = adam.get(f"/admin/monitoring/actual/{draft.pk}/change/")
    assert page.status_code == 200  # read-only view
    response = adam.post(f"/admin/monitoring/actual/{draft.pk}/change/", {"state": "locked"})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.state == ActualState.DRAFT
    assert client_for("alice").get("/admin/monitoring/indicator/").status_code == 302


def test_the_measure_of_an_indicator_with_values_cannot_change(client_for, draft):
    indicator = draft.indicator
    data = {
        "node": indicator.node_id,
        "code": indicator.code,
        "name": indicator.name,
        "measure": "percentage",
        "direction": "increase",
        "cumulative_rule": "sum",
        "disaggregations": [],
        "frequency": "quarterly",
        "baseline_value": "0",
    }
    response = client_for("cindy").post(url("monitoring-indicator-edit", indicator.pk), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "it can no longer change" in page and "keep them" in page
    indicator.refresh_from_db()
    assert indicator.measure == "number" and indicator.disaggregations == ["sex"]


def test_a_periods_approved_values_are_locked_together(client_for, world, draft, periods):
    services.submit(draft, by=world.users["cindy"])
    services.approve(draft, by=world.users["alice"])
    page = client_for("alice").get(url("monitoring-periods", "testland")).content.decode()
    assert "Lock the approved values" in page
    lock = url("monitoring-period-lock", periods["2025-H1"].pk)
    assert client_for("cindy").post(lock).status_code == 403
    assert client_for("dora").post(lock).status_code == 403
    response = client_for("steve").post(lock, follow=True)
    assert "1 approved value of 2025-H1 locked." in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == ActualState.LOCKED
    assert draft.events.get(kind=ActualEvent.Kind.LOCKED).by == world.users["steve"]
