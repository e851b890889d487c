"""Cumulative rules over periods: hand-computed cases and the properties each rule must keep."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterdev.indicators import (
    IndicatorError,
    OrdinalScale,
    Period,
    Ratio,
    Value,
    accumulate,
    check_value,
    series,
    to_date,
)

FAST = settings(max_examples=60, deadline=None, database=None)
counts = st.integers(min_value=0, max_value=1_000)
amounts = st.one_of(counts, st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
ratios = st.builds(Ratio, counts, counts)
STAGES = OrdinalScale(("none", "informal group", "association formed", "self-financing"))


def months(n: int) -> list[Period]:
    return [
        Period(date(2025, m, 1), date(2025, m + 1, 1) - timedelta(days=1), f"2025-{m:02}")
        for m in range(1, n + 1)
    ]


def test_sum_adds_the_reported_periods_and_skips_the_missing() -> None:
    assert accumulate([12, None, 8, 5], "sum") == Value(25)
    assert accumulate([1.5, 2.25], "sum") == Value(3.75)
    assert accumulate([None, None], "sum") is None
    assert accumulate([], "latest") is None


def test_sum_of_percentages_pools_numerators_and_denominators() -> None:
    pooled = accumulate([Ratio(3, 10), Ratio(5, 20)], "sum")
    assert pooled is not None and pooled.amount == Ratio(8, 30)
    assert isinstance(pooled.amount, Ratio) and pooled.amount.percentage == pytest.approx(
        26.667, abs=1e-3
    )


def test_sum_adds_disaggregations_category_by_category() -> None:
    values = [
        Value(5, {"sex": {"female": 2, "male": 3}, "youth": {"youth": 1, "adult": 4}}),
        Value(4, {"sex": {"female": 3, "not stated": 1}}),
    ]
    total = accumulate(values, "sum")
    assert total == Value(9, {"sex": {"female": 5, "male": 3, "not stated": 1}})
    assert total is not None
    check_value(total)


def test_latest_takes_the_last_reported_value_with_its_disaggregation() -> None:
    q = months(3)
    latest = accumulate(
        {q[2]: None, q[0]: Value(40, {"sex": {"f": 40}}), q[1]: Value(35, {"sex": {"f": 35}})},
        "latest",
    )
    assert latest == Value(35, {"sex": {"f": 35}})


def test_maximum_takes_the_largest_and_the_latest_of_ties() -> None:
    assert accumulate([40, 55, 48], "maximum") == Value(55)
    tied = accumulate([Value(5, {"s": {"a": 5}}), Value(5, {"s": {"b": 5}})], "maximum")
    assert tied == Value(5, {"s": {"b": 5}})
    best = accumulate([Ratio(1, 2), Ratio(0, 0), Ratio(3, 4), Ratio(10, 20)], "maximum")
    assert best == Value(Ratio(3, 4))
    assert accumulate([Ratio(0, 0)], "maximum") == Value(Ratio(0, 0))


def test_ordinal_levels_accumulate_by_rank_but_cannot_be_summed() -> None:
    levels = ["informal group", "self-financing", "association formed"]
    assert accumulate(levels, "maximum", scale=STAGES) == Value("self-financing")
    assert accumulate(levels, "latest", scale=STAGES) == Value("association formed")
    with pytest.raises(IndicatorError, match="ordinal levels cannot be summed"):
        accumulate(levels, "sum", scale=STAGES)
    with pytest.raises(IndicatorError, match="value 2: 'registered' is not a level"):
        accumulate(["none", "registered"], "latest", scale=STAGES)


def test_qualitative_values_have_only_a_latest() -> None:
    notes = ["first meetings held", "members pay fees"]
    assert accumulate(notes, "latest") == Value("members pay fees")
    with pytest.raises(IndicatorError, match="qualitative indicator has no arithmetic"):
        accumulate(notes, "maximum")
    with pytest.raises(IndicatorError, match="qualitative indicator has no arithmetic"):
        accumulate(notes, "sum", measure="qualitative")


def test_values_of_the_wrong_kind_are_named() -> None:
    with pytest.raises(IndicatorError, match="value 2 is 4 but the indicator is a percentage"):
        accumulate([Ratio(1, 2), 4], "sum")
    with pytest.raises(IndicatorError, match=r"value 1 is Ratio.* but the indicator is a number"):
        accumulate([Ratio(1, 2)], "sum", measure="number")
    with pytest.raises(IndicatorError, match="unknown cumulative rule 'mean'"):
        accumulate([1], "mean")
    with pytest.raises(IndicatorError, match="unknown measure 'count'"):
        accumulate([1], "sum", measure="count")


def test_overlapping_periods_are_refused() -> None:
    a = Period(date(2025, 1, 1), date(2025, 6, 30), "H1")
    b = Period(date(2025, 6, 1), date(2025, 12, 31), "H2")
    with pytest.raises(IndicatorError, match=r"period H2 .* overlaps period H1"):
        accumulate({a: 1, b: 2}, "sum")


def test_to_date_counts_only_the_periods_that_have_ended() -> None:
    q = months(3)
    values = {q[0]: 4, q[1]: 6, q[2]: 5}
    assert to_date(values, "sum", as_of=date(2025, 2, 28)) == Value(10)
    assert to_date(values, "sum", as_of=date(2025, 2, 27)) == Value(4)
    assert to_date(values, "latest", as_of=date(2024, 12, 31)) is None


def test_series_gives_each_period_its_value_and_the_value_to_date() -> None:
    q = months(4)
    points = series({q[3]: 2, q[0]: 3, q[1]: None, q[2]: 9}, "maximum")
    assert [p.period.label for p in points] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert [p.value for p in points] == [Value(3), None, Value(9), Value(2)]
    assert [p.cumulative for p in points] == [Value(3), Value(3), Value(9), Value(9)]


@FAST
@given(st.lists(st.lists(st.one_of(st.none(), counts), max_size=6), min_size=1, max_size=5))
def test_the_sum_of_the_sums_of_runs_is_the_sum_over_all_periods(
    runs: list[list[int | None]],
) -> None:
    whole = accumulate([v for run in runs for v in run], "sum")
    parts = [accumulate(run, "sum") for run in runs]
    partial = accumulate([p for p in parts if p is not None], "sum")
    assert whole == partial


@FAST
@given(st.lists(st.lists(ratios, min_size=1, max_size=5), min_size=1, max_size=4))
def test_pooled_percentages_sum_the_same_way_in_runs(runs: list[list[Ratio]]) -> None:
    whole = accumulate([v for run in runs for v in run], "sum")
    parts = [accumulate(run, "sum") for run in runs]
    assert whole == accumulate([p for p in parts if p is not None], "sum")


@FAST
@given(st.lists(st.one_of(st.none(), amounts), max_size=8), amounts)
def test_latest_is_the_last_value_whatever_came_before(
    earlier: list[float | None], last: float
) -> None:
    assert accumulate([*earlier, last], "latest") == Value(last)
    assert accumulate([*reversed(earlier), last, None], "latest") == Value(last)


@FAST
@given(st.lists(amounts, min_size=1, max_size=8))
def test_the_maximum_is_at_least_each_value_and_one_of_them(values: list[float]) -> None:
    best = accumulate(values, "maximum")
    assert best is not None and not isinstance(best.amount, Ratio | str)
    assert all(best.amount >= v for v in values)
    assert best.amount in values


@FAST
@given(
    st.lists(
        st.tuples(counts, counts, counts),  # female, male, not stated in one period
        min_size=1,
        max_size=6,
    )
)
def test_summed_disaggregations_still_add_up(periods: list[tuple[int, int, int]]) -> None:
    values = [
        Value(f + m + n, {"sex": {"female": f, "male": m, "not stated": n}}) for f, m, n in periods
    ]
    total = accumulate(values, "sum")
    assert total is not None
    check_value(total)
    assert total.amount == sum(f + m + n for f, m, n in periods)
