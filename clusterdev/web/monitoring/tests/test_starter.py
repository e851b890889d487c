"""The starter library: one click builds a result chain with its indicators, baselines from the
diagnostic where the records give them, and nothing twice."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from clusterdev.web.diagnostics.models import BaselineValue, Diagnostic, SurveyWave
from clusterdev.web.governance.models import Body, Meeting
from clusterdev.web.monitoring import computed, services
from clusterdev.web.monitoring.models import Indicator, Level, ResultNode
from clusterdev.web.monitoring.starter import (
    LIBRARY,
    add_starter_library,
    entries_for,
    refresh_baseline,
    translations,
)
from clusterdev.web.networkmaps.tests.fixtures import make_ties
from clusterdev.web.test import World

PER_CLUSTER = {entry.key for entry in LIBRARY if entry.per_cluster}


def by_key(scope) -> dict[str, Indicator]:
    return {i.starter_key: i for i in services.indicators_of(scope)}


def diagnostic_wave(world: World) -> SurveyWave:
    """Cluster A's diagnostic, whose figures use the baseline wave, with two survey values; and
    a later follow-up wave whose values are no baseline."""
    wave = SurveyWave.objects.create(
        cluster=world.cluster_a, name="Baseline 2024", start_date=date(2024, 3, 1)
    )
    Diagnostic.objects.create(cluster=world.cluster_a, title="Diagnostic study", wave=wave)
    for code, value, unit in [("DX-TRUST", 2.8, "1–5"), ("DX-EMP-W", 35.5, "%")]:
        BaselineValue.objects.create(
            cluster=world.cluster_a,
            wave=wave,
            code=code,
            label=code,
            value=value,
            unit=unit,
            n=4,
            date=date(2024, 3, 13),
            source="Baseline 2024, enterprise survey (n=4)",
            method="Mean",
            computed=True,
        )
    later = SurveyWave.objects.create(
        cluster=world.cluster_a,
        name="Follow-up 2025",
        kind="follow_up",
        start_date=date(2025, 3, 1),
    )
    BaselineValue.objects.create(
        cluster=world.cluster_a,
        wave=later,
        code="DX-TRUST",
        label="Trust",
        value=3.9,
        date=date(2025, 3, 20),
        source="Follow-up 2025, enterprise survey (n=5)",
        method="Mean",
        computed=True,
    )
    return wave


def test_the_starter_library_builds_a_result_chain_with_its_indicators(world):
    result = add_starter_library(world.cluster_a, by=world.users["cindy"])

    created = by_key(world.cluster_a)
    assert set(created) == {entry.key for entry in LIBRARY}
    assert [i.starter_key for i in result.created] == [entry.key for entry in LIBRARY]
    nodes = list(services.nodes_of(world.cluster_a))
    assert nodes == result.nodes
    assert [n.level for n in nodes].count(Level.IMPACT) == 1
    assert {n.level for n in nodes} == set(Level.values)
    assert all(n.assumptions and n.risks for n in nodes)
    for node in nodes:  # every result leads up to the impact
        top = node
        while top.parent is not None:
            top = top.parent
        assert top.level == Level.IMPACT
    for indicator in created.values():
        assert indicator.node is not None and indicator.node.level == indicator.level
        assert indicator.data_source and indicator.definition
    codes = [i.code for i in created.values()]
    assert len(set(codes)) == len(codes)

    trust = created["trust_index"]
    assert (trust.computation, trust.survey_code, trust.cumulative_rule) == (
        "survey",
        "DX-TRUST",
        "latest",
    )
    assert created["attendance"].disaggregations == ["sex"]
    assert created["employment"].disaggregations == ["sex", "youth"]
    assert created["sales"].computation == ""  # entered by hand
    assert created["diagnostic_endorsed"].scale[-1] == "Endorsed by the Cluster Commission"
    assert created["network_density"].labels == {
        "fr": "Densité du réseau",
        "es": translations(next(e for e in LIBRARY if e.key == "network_density"))["es"],
    }
    assert created["network_density"].labels["es"] != "Network density"


def test_adding_the_library_again_adds_nothing(world):
    cindy = world.users["cindy"]
    add_starter_library(world.cluster_a, by=cindy, keys=["meetings_held"])
    assert services.nodes_of(world.cluster_a).count() == 3  # the output and what it leads to
    first = add_starter_library(world.cluster_a, by=cindy)
    assert first.skipped == ["meetings_held"] and len(first.created) == len(LIBRARY) - 1
    governance = by_key(world.cluster_a)["meetings_held"].node
    assert by_key(world.cluster_a)["attendance"].node == governance  # the same result, reused
    counts = (Indicator.objects.count(), ResultNode.objects.count())

    again = add_starter_library(world.cluster_a, by=cindy)
    assert again.created == [] and again.nodes == []
    assert again.skipped_count == len(LIBRARY)
    assert (Indicator.objects.count(), ResultNode.objects.count()) == counts


def test_unknown_entries_are_refused_and_nothing_is_written(world):
    with pytest.raises(ValidationError, match="Unknown starter indicator: wishes"):
        add_starter_library(
            world.cluster_a, by=world.users["cindy"], keys=["trust_index", "wishes"]
        )
    assert not Indicator.objects.exists() and not ResultNode.objects.exists()


def test_codes_stay_unique_in_the_framework(world, chain):
    Indicator.objects.create(
        programme=world.programme, cluster=world.cluster_a, code="OC-1", name="Own", level="outcome"
    )
    result = add_starter_library(
        world.cluster_a, by=world.users["cindy"], keys=["actions_implemented"]
    )
    assert [i.code for i in result.created] == ["OC-1.2"]
    # The framework's own impact is kept: the starter results hang under it.
    assert not any(n.level == Level.IMPACT for n in result.nodes)
    assert result.created[0].node.parent == chain["impact"]  # type: ignore[union-attr]


def test_a_programme_takes_no_per_cluster_indicator(world):
    result = add_starter_library(world.programme, by=world.users["alice"])
    assert set(result.left_out) == PER_CLUSTER
    assert {i.starter_key for i in result.created} == {e.key for e in entries_for(world.programme)}
    assert all(i.cluster is None for i in result.created)
    assert "trust_index" in PER_CLUSTER and "meetings_held" not in PER_CLUSTER
    assert not services.indicators_of(world.cluster_a).exists()


def test_the_baseline_comes_from_the_diagnostic(world):
    wave = diagnostic_wave(world)
    result = add_starter_library(world.cluster_a, by=world.users["cindy"])
    created = by_key(world.cluster_a)

    trust = created["trust_index"]
    assert (trust.baseline_value, trust.baseline_date) == (2.8, date(2024, 3, 13))
    assert trust.baseline_from == BaselineValue.objects.get(wave=wave, code="DX-TRUST")
    assert trust.baseline_source == (
        "Diagnostic value DX-TRUST of 2024-03-13: Baseline 2024, enterprise survey (n=4)"
    )
    assert created["women_employed"].baseline_value == 35.5
    assert created["firms_bds"].baseline() is None  # not in the diagnostic
    assert created["sales"].baseline() is None  # entered by hand
    assert trust.code in result.baselines and created["sales"].code not in result.baselines


def test_the_network_baseline_comes_from_the_diagnostic_wave(world):
    ties = make_ties(world)
    Diagnostic.objects.create(cluster=world.cluster_a, title="Diagnostic", wave=ties.baseline)
    add_starter_library(world.cluster_a, by=world.users["cindy"])
    created = by_key(world.cluster_a)

    share = created["cooperative_share"]
    assert (share.baseline_numerator, share.baseline_denominator) == (2, 3)
    assert share.baseline_value is None and share.baseline_date == date(2024, 3, 1)
    assert "Baseline 2024" in share.baseline_source and len(share.baseline_source) <= 255
    assert created["network_density"].baseline_value == pytest.approx(0.4)
    assert created["institution_ties"].baseline_value == 3


def test_counts_start_at_zero_only_when_the_records_show_none_before(world, dated):
    commission = Body.objects.create(
        programme=world.programme,
        cluster=world.cluster_a,
        kind="cluster_commission",
        name="Comisión",
    )
    Meeting.objects.create(body=commission, date=date(2024, 11, 5), status="held", place="Hall")
    add_starter_library(world.cluster_a, by=world.users["cindy"])
    created = by_key(world.cluster_a)

    assert created["meetings_held"].baseline() is None  # a meeting before the programme
    implemented = created["actions_implemented"]
    assert (implemented.baseline_value, implemented.baseline_date) == (0, date(2025, 1, 1))
    assert implemented.baseline_source.startswith("None before the programme")
    assert created["enterprise_cost_share"].baseline() is None  # no share of nothing


def test_refresh_baseline_after_the_diagnostic(world, periods):
    add_starter_library(world.cluster_a, by=world.users["cindy"])
    trust = by_key(world.cluster_a)["trust_index"]
    assert trust.baseline() is None
    diagnostic_wave(world)

    assert refresh_baseline(trust) is True
    trust.refresh_from_db()
    assert trust.baseline_value == 2.8 and "DX-TRUST" in trust.baseline_source
    assert refresh_baseline(by_key(world.cluster_a)["sales"]) is False

    women = by_key(world.cluster_a)["women_employed"]
    services.set_target(women, periods["2025-H2"], services.AmountInput(value=30))
    with pytest.raises(ValidationError):
        refresh_baseline(women)  # 30 % is below the baseline of 35.5 %
    women.refresh_from_db()
    assert women.baseline() is None


def test_the_library_is_consistent_with_what_it_computes():
    for entry in LIBRARY:
        if entry.computation:
            assert entry.cumulative_rule == computed.cumulative_rule_of(entry.computation), entry
            assert entry.measure in computed.MEASURES[entry.computation], entry
        if entry.computation == "survey":
            assert entry.survey_code.startswith("DX-"), entry
    assert len({entry.key for entry in LIBRARY}) == len(LIBRARY)
    assert {entry.level for entry in LIBRARY} == {"input", "output", "outcome", "impact"}
