"""Defects a review found, each kept fixed by a test: percentages without their counts, names
on the approval list, the admin around the workflow, hand edits of computed values, IATI
actuals as values to date, scales and rules that values rely on, odd input, and "save and
submit" as one step."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from lxml import etree

from clusterdev.indicators import Status
from clusterdev.web.monitoring import computed, iati, services, summary
from clusterdev.web.monitoring.models import (
    Actual,
    ActualEvent,
    IatiSettings,
    Indicator,
    Level,
)
from clusterdev.web.monitoring.services import AmountInput


def approve(world, indicator, period, data: AmountInput) -> Actual:
    actual = services.save_actual(
        indicator, period, data, by=world.users["cindy"], evidence="Survey files"
    )
    services.submit(actual, by=world.users["cindy"])
    return services.approve(actual, by=world.users["alice"])


def test_a_percentage_entered_without_counts_counts(world, women_share, periods):
    approve(world, women_share, periods["2025-H1"], AmountInput(value=36))
    approve(world, women_share, periods["2025-H2"], AmountInput(numerator=40, denominator=100))
    services.set_target(women_share, periods["2025-H2"], AmountInput(value=40))
    [item] = summary.summaries(world.cluster_a, as_of=date(2026, 1, 15))
    assert item.to_date is not None and item.to_date.amount == pytest.approx(40)
    assert item.status == Status.ACHIEVED and not item.note


def test_a_summed_percentage_needs_its_counts(world, women_share, periods):
    women_share.cumulative_rule = "sum"
    women_share.save()
    with pytest.raises(ValidationError, match="give its numerator and denominator"):
        services.save_actual(
            women_share, periods["2025-H1"], AmountInput(value=36), by=world.users["cindy"]
        )
    assert not Actual.objects.exists()


def test_the_approval_list_names_submitters_only_to_those_who_see_personal_data(
    client_for, world, draft
):
    world.users["cindy"].first_name = "Cindy"
    world.users["cindy"].last_name = "Fieldworker"
    world.users["cindy"].save()
    services.submit(draft, by=world.users["cindy"])
    url = reverse("monitoring-dashboard-cluster", args=["cluster-a"])
    assert "Cindy Fieldworker" in client_for("alice").get(url).content.decode()
    page = client_for("steve").get(url).content.decode()
    assert "Awaiting approval" in page and "Cindy Fieldworker" not in page


def test_the_admin_cannot_add_or_delete_actuals_or_delete_indicators(client_for, draft):
    adam = client_for("adam")
    assert adam.get("/admin/monitoring/actual/add/").status_code == 403
    assert (
        adam.post(f"/admin/monitoring/actual/{draft.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    indicator = draft.indicator
    assert (
        adam.post(
            f"/admin/monitoring/indicator/{indicator.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert Actual.objects.filter(pk=draft.pk).exists()


def test_a_computed_value_changed_by_hand_is_no_longer_computed(client_for, world, periods):
    indicator = Indicator.objects.create(
        programme=world.programme,
        cluster=world.cluster_a,
        code="OUT-M",
        name="Governance meetings held",
        level=Level.OUTPUT,
        computation="meetings_held",
        baseline_value=0,
    )
    period = periods["2025-H1"]
    actual = computed.fill_actual(indicator, period, by=world.users["cindy"])
    assert actual.computed_source
    client_for("cindy").post(
        reverse("monitoring-actual-enter", args=[indicator.pk, period.pk]),
        {"value": "42", "evidence": "Minutes"},
    )
    actual.refresh_from_db()
    assert actual.value == 42 and actual.computed_source == ""
    last = actual.events.order_by("-at", "-id").first()
    assert last is not None and last.kind == ActualEvent.Kind.SAVED


def test_the_iati_actual_is_the_value_to_date_beside_its_target(world, trained, periods):
    world.programme.description = "Testland clusters"
    world.programme.save()
    IatiSettings.objects.create(
        programme=world.programme,
        reporting_org_ref="XM-DAC-41123",
        reporting_org_name="UNIDO",
        activity_identifier="XM-DAC-41123-TL",
    )
    approve(world, trained, periods["2025-H1"], AmountInput(value=12))
    approve(world, trained, periods["2025-H2"], AmountInput(value=8))
    xml = iati.activity_xml(world.programme)
    assert iati.validate(xml) == []
    root = etree.fromstring(xml)
    [second] = root.xpath(".//period[period-start/@iso-date='2025-07-01']")
    assert second.find("target").get("value") == "25"
    assert second.find("actual").get("value") == "20"


def test_levels_in_use_stay_on_the_scale(client_for, world, chain, periods):
    stage = Indicator.objects.create(
        programme=world.programme,
        cluster=world.cluster_a,
        node=chain["outcome"],
        code="OC-S",
        name="Stage of cooperation",
        level=Level.OUTCOME,
        measure="ordinal",
        cumulative_rule="maximum",
        scale=["low", "mid", "high"],
        baseline_text="low",
    )
    approve(world, stage, periods["2025-H1"], AmountInput(text="mid"))
    response = client_for("cindy").post(
        reverse("monitoring-indicator-edit", args=[stage.pk]),
        {
            "node": chain["outcome"].pk,
            "code": "OC-S",
            "name": "Stage of cooperation",
            "measure": "ordinal",
            "scale_text": "weak\nstrong",
            "direction": "increase",
            "cumulative_rule": "maximum",
            "frequency": "annual",
            "baseline_text": "low",
        },
    )
    assert response.status_code == 200
    assert "must stay: low, mid" in response.content.decode()
    stage.refresh_from_db()
    assert stage.scale == ["low", "mid", "high"]


def test_rules_must_fit_the_measure_and_the_computation(world):
    def indicator(**fields) -> Indicator:
        return Indicator(
            programme=world.programme,
            cluster=world.cluster_a,
            code="X",
            name="X",
            level=Level.OUTCOME,
            **fields,
        )

    with pytest.raises(ValidationError, match="cannot be added up"):
        indicator(computation="network_density", cumulative_rule="sum").full_clean()
    with pytest.raises(ValidationError, match="Ordinal levels cannot be added up"):
        indicator(measure="ordinal", scale=["a", "b"], cumulative_rule="sum").full_clean()
    with pytest.raises(ValidationError, match="latest statement"):
        indicator(measure="qualitative", cumulative_rule="maximum").full_clean()
    indicator(computation="meetings_held", cumulative_rule="sum").full_clean()


def test_odd_input_gets_a_page_not_an_error(client_for, trained, periods):
    cindy = client_for("cindy")
    assert cindy.get("/c/cluster-a/results/indicators/add/?node=%C2%B2").status_code == 200
    assert cindy.get("/c/cluster-a/results/add/?parent=%C2%B2").status_code == 200
    women = client_for("cindy").post(
        reverse("monitoring-actual-enter", args=[trained.pk, periods["2025-H1"].pk]),
        {"value": "5", "part-sex-female-v": "-1", "part-sex-male-v": "6", "evidence": "x"},
    )
    assert women.status_code in (200, 302)


def test_negative_counts_in_a_percentage_are_refused_with_a_message(
    client_for, world, women_share, periods
):
    women_share.disaggregations = ["sex"]
    women_share.save()
    response = client_for("cindy").post(
        reverse("monitoring-actual-enter", args=[women_share.pk, periods["2025-H1"].pk]),
        {
            "numerator": "3",
            "denominator": "10",
            "part-sex-female-n": "3",
            "part-sex-female-d": "15",
            "part-sex-male-n": "0",
            "part-sex-male-d": "-5",
            "evidence": "Survey",
        },
    )
    assert response.status_code == 200
    assert "Sex" in response.content.decode() or "sex" in response.content.decode()
    assert not Actual.objects.exists()


def test_save_and_submit_is_all_or_nothing(client_for, trained, periods):
    response = client_for("cindy").post(
        reverse("monitoring-actual-enter", args=[trained.pk, periods["2025-H1"].pk]),
        {"value": "3", "submit": "1"},
    )
    assert response.status_code == 200
    assert "means of verification" in response.content.decode()
    assert not Actual.objects.exists()
    assert not ActualEvent.objects.exists()
