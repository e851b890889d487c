"""Computed indicators: each computation reads the other phases' records for a period and says
where its number came from; a computed value is saved as a draft, never over a locked one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clusterdev.web.cdas import services as cdas
from clusterdev.web.cdas.models import Activity
from clusterdev.web.diagnostics.models import BaselineValue, SurveyWave
from clusterdev.web.governance.models import Attendance, Body, BodyMilestone, Meeting
from clusterdev.web.monitoring import computed, services
from clusterdev.web.monitoring.computed import Missing, compute, compute_for_period, fill_actual
from clusterdev.web.monitoring.models import ActualEvent, ActualState, Indicator, Level
from clusterdev.web.networkmaps.tests.fixtures import make_ties
from clusterdev.web.plans import services as plans
from clusterdev.web.plans.models import JointAction
from clusterdev.web.test import World

H1 = "2025-H1"


def make_indicator(
    world: World,
    computation: str,
    *,
    measure: str = "number",
    programme: bool = False,
    code: str = "C-1",
    disaggregations: tuple[str, ...] = (),
    survey_code: str = "",
) -> Indicator:
    return Indicator.objects.create(
        programme=world.programme,
        cluster=None if programme else world.cluster_a,
        code=code,
        name=f"Computed {computation}",
        level=Level.OUTPUT,
        measure=measure,
        cumulative_rule=computed.cumulative_rule_of(computation),
        disaggregations=list(disaggregations),
        computation=computation,
        survey_code=survey_code,
    )


def body(world: World, kind: str, name: str, *, cluster: bool = True) -> Body:
    return Body.objects.create(
        programme=world.programme,
        cluster=world.cluster_a if cluster else None,
        kind=kind,
        name=name,
    )


def meet(on: date, of: Body, status: str = "held") -> Meeting:
    return Meeting.objects.create(body=of, date=on, status=status, place="Town hall")


def attend(meeting: Meeting, group: str, sex: str, present: bool = True) -> None:
    Attendance.objects.create(
        meeting=meeting, name="Guest", stakeholder_group=group, sex=sex, present=present
    )


@pytest.fixture
def commission(world: World) -> Body:
    return body(world, "cluster_commission", "Comisión Garments A")


# --- Governance ---------------------------------------------------------------------------------


def test_meetings_held_are_counted_in_the_period_with_the_bodies_named(world, periods, commission):
    steering = body(world, "steering_committee", "Steering Committee", cluster=False)
    meet(date(2025, 2, 1), commission)
    meet(date(2025, 5, 1), commission)
    meet(date(2025, 3, 1), commission, status="cancelled")
    meet(date(2025, 8, 1), commission)
    meet(date(2025, 4, 1), steering)

    value = compute_for_period(make_indicator(world, "meetings_held"), periods[H1])
    assert value is not None and value.data.value == 2
    assert "2 meetings recorded as held from 2025-01-01 to 2025-06-30" in value.source
    assert "Comisión Garments A 2" in value.source
    # The programme counts its own bodies' meetings and its clusters'.
    programme = make_indicator(world, "meetings_held", programme=True)
    value = compute_for_period(programme, periods[H1])
    assert value is not None and value.data.value == 3
    assert "Steering Committee 1" in value.source


def test_attendance_is_counted_by_sex_or_as_the_womens_share(world, periods, commission):
    meeting = meet(date(2025, 3, 1), commission)
    attend(meeting, "enterprises", "female")
    attend(meeting, "enterprises", "female")
    attend(meeting, "enterprises", "male")
    attend(meeting, "public", "not_stated")
    attend(meeting, "enterprises", "female", present=False)  # sent apologies
    count = make_indicator(world, "attendance", disaggregations=("sex",))

    value = compute_for_period(count, periods[H1])
    assert value is not None and value.data.value == 4
    assert value.data.disaggregation == {"sex": {"female": 2, "male": 1, "not stated": 1}}
    assert "women 2, men 1, not stated 1" in value.source
    assert "Enterprises 3" in value.source
    # The parts add up, so the value is saved as it is.
    actual = fill_actual(count, periods[H1], by=world.users["cindy"])
    assert actual.disaggregation == {"sex": {"female": 2, "male": 1, "not stated": 1}}

    share = make_indicator(world, "attendance", measure="percentage", code="C-2")
    value = compute_for_period(share, periods[H1])
    assert value is not None
    assert (value.data.numerator, value.data.denominator) == (2, 3)
    assert "“not stated” left out" in value.source


def test_governance_mechanisms_formed_in_the_period(world, periods, commission):
    network = body(world, "enterprise_network", "Red de confeccionistas")
    BodyMilestone.objects.create(body=commission, kind="formed", date=date(2024, 2, 1))
    BodyMilestone.objects.create(body=network, kind="formed", date=date(2025, 2, 1))
    BodyMilestone.objects.create(body=network, kind="registered", date=date(2025, 5, 1))

    value = compute_for_period(make_indicator(world, "mechanisms_formed"), periods[H1])
    assert value is not None and value.data.value == 1
    assert "Enterprise network or consortium 1" in value.source
    assert "Cluster Commission" not in value.source


# --- Joint actions ------------------------------------------------------------------------------


def joint_action(world: World, title: str, kind: str, **fields) -> JointAction:
    revision = plans.plan_of(world.cluster_a).revisions.order_by(
        "-number"
    ).first() or plans.start_revision(world.cluster_a, by=world.users["cindy"])
    data = plans.ActionData(
        title=title,
        type=kind,
        nature="soft",
        lead=world.institution_a,
        start=date(2025, 2, 1),
        end=date(2025, 11, 30),
        **fields,
    )
    return plans.save_action(revision, data)


@pytest.fixture
def actions(world: World) -> dict[str, JointAction]:
    return {
        "stand": joint_action(world, "Joint stand at the Quito fair", "joint_marketing"),
        "yarn": joint_action(world, "Joint purchase of yarn", "joint_purchasing"),
    }


def test_completing_a_joint_action_raises_joint_actions_implemented(world, periods, actions):
    cindy = world.users["cindy"]
    implemented = make_indicator(world, "actions_implemented")
    initiated = make_indicator(world, "actions_initiated", code="C-2")
    plans.record_progress(
        actions["stand"], on=date(2025, 3, 10), status="under_way", text="Booked", by=cindy
    )
    before = fill_actual(implemented, periods[H1], by=cindy)
    assert before.value == 0 and before.state == ActualState.DRAFT
    assert compute_for_period(initiated, periods[H1]).data.value == 1  # type: ignore[union-attr]

    plans.record_progress(
        actions["stand"], on=date(2025, 5, 20), status="completed", text="Held", by=cindy
    )
    after = fill_actual(implemented, periods[H1], by=cindy)
    assert after.pk == before.pk and after.value == 1 and after.state == ActualState.DRAFT
    assert "1 joint action first reported completed" in after.computed_source
    assert "Joint marketing and advertising 1" in after.computed_source
    assert after.events.filter(kind=ActualEvent.Kind.COMPUTED).count() == 2
    # Initiated once: completing the action does not initiate it again.
    assert compute_for_period(initiated, periods[H1]).data.value == 1  # type: ignore[union-attr]
    assert compute_for_period(implemented, periods["2025-H2"]).data.value == 0  # type: ignore[union-attr]


def test_the_enterprises_share_of_cost_adds_amounts_not_percentages(world, periods, actions):
    share = make_indicator(world, "enterprise_cost_share", measure="percentage")
    plans.record_progress(
        actions["stand"],
        on=date(2025, 5, 20),
        status="completed",
        text="Held",
        by=None,
        cofinancing={"enterprises": Decimal("2000"), "donor": Decimal("6000")},
    )
    plans.record_progress(
        actions["yarn"],
        on=date(2025, 4, 1),
        status="under_way",
        text="First order",
        by=None,
        cofinancing={"enterprises": Decimal("1000"), "government": Decimal("1000")},
    )
    plans.record_progress(  # in the next period: not counted
        actions["yarn"],
        on=date(2025, 9, 1),
        status="completed",
        text="Delivered",
        by=None,
        cofinancing={"enterprises": Decimal("5000")},
    )
    value = compute_for_period(share, periods[H1])
    assert value is not None
    assert (value.data.numerator, value.data.denominator) == (3000, 10000)
    assert "enterprises 3,000.00 of 10,000.00 USD" in value.source
    assert "Donor / project 6,000.00" in value.source

    joint_action(world, "Trade mission", "joint_marketing", currency="EUR")
    mission = JointAction.objects.get(title="Trade mission")
    plans.record_progress(
        mission,
        on=date(2025, 6, 1),
        status="under_way",
        text="Tickets",
        by=None,
        cofinancing={"enterprises": Decimal("500")},
    )
    assert compute_for_period(share, periods[H1]) is None
    missing = computed.attempt(share, periods[H1].start, periods[H1].end)
    assert isinstance(missing, Missing) and "several currencies (EUR, USD)" in missing.reason


# --- CDA field work -----------------------------------------------------------------------------


def log(world: World, on: date, participants: dict[tuple[str, str], int]) -> Activity:
    return cdas.save_activity(
        Activity(
            cluster=world.cluster_a,
            cda=world.users["cindy"],
            kind="field_visit",
            date=on,
            purpose="Visit the workshops",
        ),
        participants=participants,
    )


def test_cda_field_days_and_participants(world, periods):
    log(world, date(2025, 2, 3), {("enterprises", "female"): 3, ("enterprises", "male"): 2})
    log(world, date(2025, 2, 3), {("enterprises", "female"): 1})  # same CDA, same day
    log(world, date(2025, 4, 9), {("public", "not_stated"): 1})
    log(world, date(2025, 7, 1), {("enterprises", "female"): 9})  # next period

    days = compute_for_period(make_indicator(world, "cda_field_days"), periods[H1])
    assert days is not None and days.data.value == 2
    assert "2 field days (distinct CDA and day) over 3 activities" in days.source

    people = make_indicator(world, "cda_participants", code="C-2", disaggregations=("sex",))
    value = compute_for_period(people, periods[H1])
    assert value is not None and value.data.value == 7
    assert value.data.disaggregation == {"sex": {"female": 4, "male": 2, "not stated": 1}}
    programme = make_indicator(world, "cda_field_days", programme=True, code="C-3")
    assert compute_for_period(programme, periods[H1]).data.value == 2  # type: ignore[union-attr]


# --- Network survey -----------------------------------------------------------------------------


def test_network_indicators_read_the_latest_wave_in_the_period(world, periods):
    ties = make_ties(world)  # waves dated 2024-03-01 (baseline) and 2025-03-01 (follow-up)
    density = make_indicator(world, "network_density")
    share = make_indicator(world, "cooperative_share", measure="percentage", code="C-2")
    links = make_indicator(world, "institution_ties", code="C-3")

    value = compute_for_period(density, periods[H1])
    assert value is not None and value.data.value == pytest.approx(0.4)
    assert "Follow-up 2025" in value.source and "5 registered actors" in value.source
    value = compute_for_period(share, periods[H1])
    assert value is not None and (value.data.numerator, value.data.denominator) == (3, 3)
    assert "3 of 3 enterprises with a cooperative tie" in value.source
    assert compute_for_period(links, periods[H1]).data.value == 1  # type: ignore[union-attr]
    # The baseline wave: e3's only tie is trust, which is not cooperation.
    value = compute(share, date(2024, 1, 1), date(2024, 12, 31))
    assert value is not None and (value.data.numerator, value.data.denominator) == (2, 3)
    assert "Baseline 2024" in value.source
    assert compute_for_period(density, periods["2025-H2"]) is None

    # A programme adds its clusters' ties and names those without a wave.
    programme = make_indicator(world, "institution_ties", programme=True, code="C-4")
    value = compute_for_period(programme, periods[H1])
    assert value is not None and value.data.value == 1
    assert "no network survey wave in the window: Footwear B" in value.source
    assert ties.follow_up.name in value.source
    # Density is per cluster.
    whole = make_indicator(world, "network_density", programme=True, code="C-5")
    missing = computed.attempt(whole, periods[H1].start, periods[H1].end)
    assert isinstance(missing, Missing) and "per cluster" in missing.reason


# --- Survey values ------------------------------------------------------------------------------


def survey_value(world: World, wave: SurveyWave, code: str, value: float, on: date, **fields):
    defaults = {
        "label": code,
        "unit": "",
        "n": 5,
        "source": f"{wave.name}, enterprise survey (n=5)",
        "method": "Mean",
        "computed": True,
    }
    return BaselineValue.objects.create(
        cluster=world.cluster_a, wave=wave, code=code, value=value, date=on, **(defaults | fields)
    )


def test_survey_values_come_from_the_latest_wave_in_the_period(world, periods):
    baseline = SurveyWave.objects.create(
        cluster=world.cluster_a, name="Baseline 2024", start_date=date(2024, 3, 1)
    )
    follow_up = SurveyWave.objects.create(
        cluster=world.cluster_a,
        name="Follow-up 2025",
        kind="follow_up",
        start_date=date(2025, 2, 1),
    )
    survey_value(world, baseline, "DX-TRUST", 2.8, date(2024, 3, 13))
    survey_value(world, follow_up, "DX-TRUST", 3.1, date(2025, 2, 20))
    survey_value(world, follow_up, "DX-TRUST", 3.4, date(2025, 4, 30))
    trust = make_indicator(world, "survey", survey_code="DX-TRUST")

    value = compute_for_period(trust, periods[H1])
    assert value is not None and value.data.value == 3.4
    assert value.source == (
        "Survey value DX-TRUST of 2025-04-30: Follow-up 2025, enterprise survey (n=5)"
    )
    assert compute_for_period(trust, periods["2025-H2"]) is None
    # A value entered by hand for the same date wins over the computed one.
    survey_value(world, follow_up, "DX-TRUST", 3.6, date(2025, 4, 30), computed=False)
    assert compute_for_period(trust, periods[H1]).data.value == 3.6  # type: ignore[union-attr]

    women = make_indicator(
        world, "survey", measure="percentage", code="C-2", survey_code="DX-EMP-W"
    )
    survey_value(world, follow_up, "DX-EMP-W", 41.5, date(2025, 4, 30), unit="%")
    value = compute_for_period(women, periods[H1])
    assert value is not None and value.data.value == 41.5 and value.data.numerator is None


# --- Saving a computed value ---------------------------------------------------------------------


def test_a_computed_value_is_saved_as_a_draft_and_keeps_the_evidence(world, periods, commission):
    meet(date(2025, 2, 1), commission)
    held = make_indicator(world, "meetings_held")
    cindy = world.users["cindy"]
    services.save_actual(
        held, periods[H1], services.AmountInput(value=5), by=cindy, evidence="Minutes, file 3"
    )
    actual = fill_actual(held, periods[H1], by=cindy)
    assert (actual.value, actual.state, actual.evidence) == (1, "draft", "Minutes, file 3")
    assert "Comisión Garments A 1" in actual.computed_source
    # Without evidence typed, the records named in the source are the means of verification.
    other = fill_actual(held, periods["2025-H2"], by=cindy)
    assert other.evidence and other.value == 0


def test_a_locked_actual_is_not_overwritten_by_a_computed_value(world, periods, commission):
    meet(date(2025, 2, 1), commission)
    held = make_indicator(world, "meetings_held")
    cindy, alice = world.users["cindy"], world.users["alice"]
    actual = fill_actual(held, periods[H1], by=cindy)
    services.submit(actual, by=cindy)
    services.lock(services.approve(actual, by=alice), by=alice)
    meet(date(2025, 3, 1), commission)  # a meeting recorded late

    with pytest.raises(ValidationError, match="C-1, 2025-H1 is locked"):
        fill_actual(held, periods[H1], by=cindy)
    actual.refresh_from_db()
    assert actual.value == 1 and actual.state == ActualState.LOCKED


def test_nothing_to_compute_from_is_refused_with_the_reason(world, periods):
    trust = make_indicator(world, "survey", survey_code="DX-TRUST")
    with pytest.raises(ValidationError) as error:
        fill_actual(trust, periods[H1], by=world.users["cindy"])
    message = " ".join(error.value.messages)
    assert "C-1, 2025-H1: there is nothing to compute the value from" in message
    assert "no survey value DX-TRUST dated from 2025-01-01 to 2025-06-30" in message
    assert not trust.actuals.exists()

    entered = Indicator.objects.create(
        programme=world.programme, cluster=world.cluster_a, code="E-1", name="Sales", level="impact"
    )
    assert compute_for_period(entered, periods[H1]) is None
    # A period that has not started has no value yet, not a count of 0.
    held = make_indicator(world, "meetings_held", code="C-2")
    assert compute(held, date(2099, 1, 1), date(2099, 6, 30)) is None
    # A computation that cannot give the indicator's measure says so.
    wrong = make_indicator(world, "meetings_held", measure="percentage", code="C-3")
    missing = computed.attempt(wrong, periods[H1].start, periods[H1].end)
    assert isinstance(missing, Missing) and "percentage" in missing.reason


def test_every_computation_is_handled():
    from clusterdev.web.monitoring.models import Computation

    assert set(computed.COMPUTERS) == set(Computation.values) == set(computed.MEASURES)
