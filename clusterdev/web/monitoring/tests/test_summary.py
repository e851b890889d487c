"""Where an indicator stands: only approved values count, targets are values to date, the
status compares the value to date with the latest period's target, and the chain rolls up."""

from __future__ import annotations

from datetime import date

import pytest

from clusterdev.indicators import Status
from clusterdev.web.monitoring import services, summary
from clusterdev.web.monitoring.services import AmountInput


def approved(world, indicator, period, value, **parts):
    actual = services.save_actual(
        indicator,
        period,
        AmountInput(value=value, disaggregation={"sex": parts} if parts else None),
        by=world.users["cindy"],
        evidence="Lists",
    )
    services.submit(actual, by=world.users["cindy"])
    return services.approve(actual, by=world.users["alice"])


def test_drafts_do_not_count_and_are_shown_pending(world, draft, periods):
    [item] = summary.summaries(world.cluster_a, as_of=date(2026, 1, 1))
    assert item.to_date is None and item.status == Status.NO_DATA and item.pending == 1


def test_value_to_date_progress_and_status(world, trained, periods):
    approved(world, trained, periods["2025-H1"], 12, female=7, male=5)
    [item] = summary.summaries(world.cluster_a, as_of=date(2025, 7, 15))
    assert item.to_date is not None and item.to_date.amount == 12
    assert item.status == Status.ACHIEVED and item.target is not None
    assert item.breakdowns == {"sex": {"female": "7", "male": "5"}}
    approved(world, trained, periods["2025-H2"], 5, female=1, male=4)
    [item] = summary.summaries(world.cluster_a, as_of=date(2026, 1, 15))
    assert item.to_date is not None and item.to_date.amount == 17
    assert item.progress == pytest.approx(17 / 25)
    assert item.status == Status.OFF_TRACK  # 68 % of the way, the whole way was expected
    assert [r.to_date.amount for r in item.rows if r.to_date] == [12, 17, 17, 17]


def test_between_targets_the_expected_share_follows_time(world, trained, periods):
    trained.targets.filter(period=periods["2025-H1"]).delete()
    approved(world, trained, periods["2025-H1"], 12)
    [item] = summary.summaries(world.cluster_a, as_of=date(2025, 8, 1))
    # From the baseline date (1 Jan 2025) to the end of 2025-H2, half a year had passed.
    assert item.expected == pytest.approx(180 / 364, abs=1e-3)
    assert item.progress == pytest.approx(12 / 25)
    assert item.status == Status.ON_TRACK  # 0.48 ≥ 0.9 × 0.495
    approved(world, trained, periods["2025-H2"], 0)
    [item] = summary.summaries(world.cluster_a, as_of=date(2026, 1, 15))
    assert item.status == Status.OFF_TRACK  # 0.48 of the way when all of it was due


def test_the_chain_takes_the_worst_status_of_its_indicators(world, trained, chain, periods):
    approved(world, trained, periods["2025-H1"], 2)
    items = summary.summaries(world.cluster_a, as_of=date(2025, 7, 15))
    [root] = summary.chain(world.cluster_a, items)
    assert root.node == chain["impact"]
    output = root.children[0].children[0]
    assert output.node == chain["output"] and output.status == Status.OFF_TRACK
    assert root.status == Status.OFF_TRACK  # no indicator of its own: its parts' status


def test_no_baseline_is_said(world, trained, periods):
    trained.baseline_value = None
    trained.save()
    approved(world, trained, periods["2025-H1"], 12)
    [item] = summary.summaries(world.cluster_a, as_of=date(2025, 7, 15))
    assert item.status == Status.NO_DATA and "No baseline" in item.note
