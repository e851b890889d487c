"""The actuals' approval workflow: segregation of duties, returns with a comment, locking and
audited reopening; and bad input (disaggregations that do not add up, targets for a period
outside the programme) refused with a clear message and nothing written."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from clusterdev.indicators import Ratio
from clusterdev.web.monitoring import services
from clusterdev.web.monitoring.models import (
    Actual,
    ActualEvent,
    ActualState,
    ReportingPeriod,
    Target,
)
from clusterdev.web.monitoring.services import AmountInput


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_a_value_goes_from_draft_to_locked(world, draft):
    cindy, alice = world.users["cindy"], world.users["alice"]
    assert draft.state == ActualState.DRAFT and not draft.counts
    services.submit(draft, by=cindy)
    approved = services.approve(draft, by=alice)
    assert approved.state == ActualState.APPROVED and approved.approved_by == alice
    locked = services.lock(approved, by=alice)
    assert locked.state == ActualState.LOCKED and locked.counts
    kinds = list(locked.events.values_list("kind", flat=True))
    assert kinds == ["saved", "submitted", "approved", "locked"]


def test_nobody_approves_their_own_submission(world, draft):
    alice = world.users["alice"]
    services.submit(draft, by=alice)
    with pytest.raises(ValidationError) as error:
        services.approve(draft, by=alice)
    assert "someone else must approve it" in messages(error.value)
    assert "OUT-1, 2025-H1" in messages(error.value)
    draft.refresh_from_db()
    assert draft.state == ActualState.SUBMITTED and draft.approved_by is None
    assert not draft.events.filter(kind=ActualEvent.Kind.APPROVED).exists()


def test_a_returned_value_carries_its_comment_and_can_be_corrected(world, draft, periods):
    cindy, alice = world.users["cindy"], world.users["alice"]
    services.submit(draft, by=cindy)
    with pytest.raises(ValidationError, match="say why"):
        services.return_actual(draft, by=alice, comment="  ")
    services.return_actual(draft, by=alice, comment="Lists show 11 firms, not 12")
    draft.refresh_from_db()
    assert draft.state == ActualState.RETURNED
    assert draft.return_comment == "Lists show 11 firms, not 12"
    corrected = services.save_actual(
        draft.indicator,
        periods["2025-H1"],
        AmountInput(value=11, disaggregation={"sex": {"female": 6, "male": 5}}),
        by=cindy,
        evidence="Attendance lists, recounted",
    )
    assert corrected.pk == draft.pk and corrected.value == 11


def test_a_submitted_or_locked_value_cannot_be_changed_without_reopening(world, draft, periods):
    cindy, alice = world.users["cindy"], world.users["alice"]
    services.submit(draft, by=cindy)
    services.lock(services.approve(draft, by=alice), by=alice)
    with pytest.raises(ValidationError, match="is locked"):
        services.save_actual(draft.indicator, periods["2025-H1"], AmountInput(value=99), by=cindy)
    assert Actual.objects.get(pk=draft.pk).value == 12
    with pytest.raises(ValidationError, match="say why"):
        services.reopen(draft, by=alice, reason="")
    services.reopen(draft, by=alice, reason="A third course was found in the lists")
    event = draft.events.get(kind=ActualEvent.Kind.REOPENED)
    assert event.by == alice and "third course" in event.comment
    draft.refresh_from_db()
    assert draft.state == ActualState.DRAFT and draft.approved_by is None


def test_submitting_needs_means_of_verification(world, trained, periods):
    actual = services.save_actual(
        trained, periods["2025-H2"], AmountInput(value=3), by=world.users["cindy"]
    )
    with pytest.raises(ValidationError, match="means of verification"):
        services.submit(actual, by=world.users["cindy"])
    assert Actual.objects.get(pk=actual.pk).state == ActualState.DRAFT


def test_disaggregations_that_do_not_add_up_are_refused_and_nothing_is_written(
    world, trained, periods
):
    with pytest.raises(ValidationError) as error:
        services.save_actual(
            trained,
            periods["2025-H1"],
            AmountInput(value=12, disaggregation={"sex": {"female": 7, "male": 4}}),
            by=world.users["cindy"],
            evidence="Lists",
        )
    text = messages(error.value)
    assert "OUT-1, 2025-H1" in text and "add up to 11" in text and "total is 12" in text
    assert not Actual.objects.exists()


def test_a_percentage_disaggregation_adds_numerators_and_denominators(world, women_share, periods):
    women_share.disaggregations = ["size"]
    women_share.save()
    actual = services.save_actual(
        women_share,
        periods["2025-H1"],
        AmountInput(
            numerator=8,
            denominator=30,
            disaggregation={"size": {"micro": [3, 10], "small": [5, 20]}},
        ),
        by=world.users["cindy"],
    )
    value = actual.as_value()
    assert value is not None and isinstance(value.amount, Ratio)
    assert value.amount.percentage == pytest.approx(26.6667, abs=1e-3)
    with pytest.raises(ValidationError, match="add up to 8/29"):
        services.save_actual(
            women_share,
            periods["2025-H2"],
            AmountInput(
                numerator=8,
                denominator=30,
                disaggregation={"size": {"micro": [3, 9], "small": [5, 20]}},
            ),
            by=world.users["cindy"],
        )


def test_a_dimension_the_indicator_does_not_ask_for_is_refused(world, trained, periods):
    with pytest.raises(ValidationError, match="not disaggregated by firm size"):
        services.save_actual(
            trained,
            periods["2025-H1"],
            AmountInput(value=12, disaggregation={"size": {"micro": 12}}),
            by=world.users["cindy"],
        )


def test_a_target_for_a_period_outside_the_programme_is_refused(world, dated, trained):
    # A period recorded before the programme's dates were shortened.
    late = ReportingPeriod.objects.create(
        programme=dated, name="2027-H1", start=date(2027, 1, 1), end=date(2027, 6, 30)
    )
    before = Target.objects.count()
    with pytest.raises(ValidationError) as error:
        services.set_target(trained, late, AmountInput(value=40))
    assert "2027-H1" in messages(error.value) and "outside the programme" in messages(error.value)
    assert Target.objects.count() == before


def test_a_period_outside_the_programme_or_overlapping_is_refused(dated, periods):
    outside = ReportingPeriod(
        programme=dated, name="2024", start=date(2024, 1, 1), end=date(2024, 12, 31)
    )
    with pytest.raises(ValidationError, match="outside the programme"):
        services.save_period(outside)
    overlapping = ReportingPeriod(
        programme=dated, name="mid", start=date(2025, 5, 1), end=date(2025, 8, 31)
    )
    with pytest.raises(ValidationError, match="overlaps 2025-H1"):
        services.save_period(overlapping)
    assert ReportingPeriod.objects.filter(programme=dated).count() == 4


def test_targets_must_go_the_indicators_way_from_the_baseline(world, trained, periods):
    trained.baseline_value = 5
    trained.save()
    with pytest.raises(ValidationError, match="below the baseline"):
        services.set_target(trained, periods["2026-H1"], AmountInput(value=2))
    assert not trained.targets.filter(period=periods["2026-H1"]).exists()


def test_calendar_periods_cut_to_the_programme(world):
    programme = world.programme
    programme.start_date = date(2003, 2, 3)
    programme.end_date = date(2004, 5, 31)
    created = services.create_periods(programme, "quarterly")
    assert [(p.name, p.start, p.end) for p in created][:1] == [
        ("2003-Q1", date(2003, 2, 3), date(2003, 3, 31))
    ]
    assert created[-1].name == "2004-Q2" and created[-1].end == date(2004, 5, 31)
    assert len(created) == 6
    assert services.create_periods(programme, "quarterly") == []
