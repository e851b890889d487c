"""Progress from baseline to target and the status it gives, in both directions."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterdev.indicators import (
    IndicatorError,
    OrdinalScale,
    Period,
    Ratio,
    Status,
    Value,
    check_targets,
    progress,
    status,
)

FAST = settings(max_examples=60, deadline=None, database=None)
numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
STAGES = OrdinalScale(("none", "informal group", "association formed", "self-financing"))
Y2025 = Period(date(2025, 1, 1), date(2025, 12, 31), "2025")
Y2026 = Period(date(2026, 1, 1), date(2026, 12, 31), "2026")


def test_progress_is_the_share_of_the_way_from_baseline_to_target() -> None:
    assert progress(20, 60, 35, "increase") == 0.375
    assert progress(20, 60, 20, "increase") == 0.0
    assert progress(20, 60, 60, "increase") == 1.0
    assert progress(20, 60, 80, "increase") == 1.5
    assert progress(20, 60, 10, "increase") == -0.25


def test_progress_on_a_decrease_is_better_indicator_grows_as_the_actual_falls() -> None:
    assert progress(120, 80, 110, "decrease") == 0.25
    assert progress(120, 80, 70, "decrease") == 1.25
    assert progress(120, 80, 130, "decrease") == -0.25


def test_progress_is_undefined_without_a_way_to_go_or_without_data() -> None:
    assert progress(50, 50, 55, "increase") is None
    assert progress(20, 60, None, "increase") is None
    assert progress(20, 60, Ratio(0, 0), "increase") is None
    assert progress(50, 55, 52, "maintain") is None


def test_percentages_count_as_percent_whether_ratio_or_number() -> None:
    assert progress(40, 60, Ratio(15, 30), "increase") == 0.5
    assert progress(Ratio(4, 10), Ratio(3, 5), Value(Ratio(1, 2)), "increase") == pytest.approx(0.5)


def test_ordinal_progress_counts_steps_on_the_scale() -> None:
    assert progress("none", "self-financing", "informal group", "increase", scale=STAGES) == (
        pytest.approx(1 / 3)
    )
    with pytest.raises(IndicatorError, match="actual: 'registered' is not a level"):
        progress("none", "self-financing", "registered", "increase", scale=STAGES)


def test_qualitative_indicators_refuse_arithmetic() -> None:
    with pytest.raises(IndicatorError, match="progress: a qualitative indicator has no arithmetic"):
        progress("weak", "strong", "fair", "increase")


def test_a_target_on_the_wrong_side_of_the_baseline_is_refused() -> None:
    with pytest.raises(IndicatorError, match="below the baseline \\(20\\), but higher is better"):
        progress(20, 10, 15, "increase")
    with pytest.raises(IndicatorError, match="above the baseline \\(10\\), but lower is better"):
        progress(10, 20, 15, "decrease")
    with pytest.raises(IndicatorError, match="unknown direction 'up'"):
        progress(10, 20, 15, "up")


@pytest.mark.parametrize(
    ("actual", "expected_share", "result"),
    [
        (None, 0.5, Status.NO_DATA),
        (Ratio(0, 0), 0.5, Status.NO_DATA),
        (60, 0.2, Status.ACHIEVED),
        (75, 0.2, Status.ACHIEVED),
        (38, 0.5, Status.ON_TRACK),  # p = 0.45 = 0.5 × 0.9 exactly
        (37, 0.5, Status.AT_RISK),  # p = 0.425
        (35, 0.5, Status.AT_RISK),  # p = 0.375 = 0.5 × 0.75
        (34, 0.5, Status.OFF_TRACK),  # p = 0.35
        (20, 0.0, Status.ON_TRACK),
        (19, 0.0, Status.OFF_TRACK),
        (58, 1.0, Status.ON_TRACK),  # p = 0.95, within the tolerance once the time is up
    ],
)
def test_status_follows_the_documented_thresholds(
    actual: float | Ratio | None, expected_share: float, result: Status
) -> None:
    assert status(20, 60, actual, "increase", expected=expected_share) is result


def test_status_handles_decrease_is_better() -> None:
    assert status(120, 80, 80, "decrease", expected=0.5) is Status.ACHIEVED
    assert status(120, 80, 102, "decrease", expected=0.5) is Status.ON_TRACK  # p = 0.45
    assert status(120, 80, 125, "decrease", expected=0.5) is Status.OFF_TRACK


def test_status_without_a_way_to_go_compares_the_actual_with_the_target() -> None:
    assert status(50, 50, 50, "increase", expected=0.5) is Status.ACHIEVED
    assert status(50, 50, 49, "increase", expected=0.5) is Status.OFF_TRACK
    assert status(50, 50, 49, "decrease", expected=0.5) is Status.ACHIEVED


def test_status_of_a_maintained_level_uses_a_band_around_the_target() -> None:
    assert status(50, 50, 54, "maintain", expected=0.5) is Status.ON_TRACK
    assert status(50, 50, 54, "maintain", expected=1) is Status.ACHIEVED
    assert status(50, 50, 60, "maintain", expected=0.5) is Status.AT_RISK
    assert status(50, 50, 70, "maintain", expected=0.5) is Status.OFF_TRACK
    assert status(50, 50, 47, "maintain", expected=0.5, tolerance=0.05) is Status.AT_RISK


def test_status_of_ordinal_levels_uses_ranks() -> None:
    # none → self-financing is three steps; at half time one step (p = 1/3) is at risk.
    result = status(
        "none", "self-financing", "informal group", "increase", expected=0.4, scale=STAGES
    )
    assert result is Status.AT_RISK
    assert (
        status(
            "none", "association formed", "self-financing", "increase", expected=0.4, scale=STAGES
        )
        is Status.ACHIEVED
    )


def test_qualitative_status_comes_only_from_a_manual_rating() -> None:
    assert status("weak", "strong", "fair", "increase", expected=0.5, rating="on_track") is (
        Status.ON_TRACK
    )
    assert status("weak", "strong", None, "increase", expected=0.5, measure="qualitative") is (
        Status.NO_DATA
    )
    with pytest.raises(IndicatorError, match="status: a qualitative indicator has no arithmetic"):
        status("weak", "strong", "fair", "increase", expected=0.5)
    with pytest.raises(IndicatorError, match="manual rating applies to qualitative indicators"):
        status(20, 60, 35, "increase", expected=0.5, rating=Status.ACHIEVED)
    with pytest.raises(IndicatorError, match="unknown rating 'good'"):
        status("weak", "strong", "fair", "increase", expected=0.5, rating="good")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"expected": 1.5}, "expected share must lie between 0 and 1"),
        ({"expected": 0.5, "tolerance": 0.3, "at_risk_tolerance": 0.2}, "tolerances must"),
        ({"expected": 0.5, "tolerance": -0.1}, "tolerances must"),
    ],
)
def test_bad_thresholds_are_refused(options: dict[str, float], message: str) -> None:
    with pytest.raises(IndicatorError, match=message):
        status(20, 60, 35, "increase", **options)  # type: ignore[arg-type]


def test_an_undefined_baseline_gives_no_status_but_a_message() -> None:
    with pytest.raises(IndicatorError, match="the baseline is an undefined ratio"):
        status(Ratio(0, 0), 60, Ratio(1, 2), "increase", expected=0.5)


def test_targets_must_lie_in_the_programme_and_point_the_right_way() -> None:
    programme = (date(2025, 1, 1), date(2026, 12, 31))
    periods = check_targets(
        {Y2026: 45, Y2025: 30}, baseline=20, direction="increase", programme=programme
    )
    assert periods == [Y2025, Y2026]
    late = Period(date(2027, 1, 1), date(2027, 12, 31), "2027")
    with pytest.raises(IndicatorError, match=r"period 2027 .* lies outside the programme"):
        check_targets({Y2025: 30, late: 60}, baseline=20, direction="increase", programme=programme)
    with pytest.raises(IndicatorError, match="the target for 2026 \\(15\\) is below the baseline"):
        check_targets({Y2025: 30, Y2026: 15}, baseline=20, direction="increase")
    with pytest.raises(IndicatorError, match="the target for 2025 is an undefined ratio"):
        check_targets({Y2025: Ratio(0, 0)}, baseline=Ratio(1, 4), direction="increase")
    with pytest.raises(IndicatorError, match="the target for 2025: 'registered' is not a level"):
        check_targets({Y2025: "registered"}, baseline="none", direction="increase", scale=STAGES)
    with pytest.raises(IndicatorError, match="must be text for a qualitative indicator"):
        check_targets({Y2025: 3}, baseline=None, direction="increase", measure="qualitative")
    check_targets({Y2025: 80, Y2026: 60}, baseline=None, direction="decrease")


@FAST
@given(numbers, numbers, numbers, numbers)
def test_progress_rises_with_the_actual_when_higher_is_better(
    baseline: float, target: float, a1: float, a2: float
) -> None:
    low, high = sorted((baseline, target))
    if low == high:
        return
    lo, hi = sorted((a1, a2))
    assert progress(low, high, lo, "increase") <= progress(low, high, hi, "increase")  # type: ignore[operator]


@FAST
@given(numbers, numbers, numbers, numbers)
def test_progress_rises_as_the_actual_falls_when_lower_is_better(
    baseline: float, target: float, a1: float, a2: float
) -> None:
    low, high = sorted((baseline, target))
    if low == high:
        return
    lo, hi = sorted((a1, a2))
    assert progress(high, low, lo, "decrease") >= progress(high, low, hi, "decrease")  # type: ignore[operator]


@FAST
@given(numbers, numbers, numbers, st.floats(min_value=0, max_value=1))
def test_a_better_actual_never_gets_a_worse_status(
    baseline: float, target: float, actual: float, expected_share: float
) -> None:
    order = [Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.ACHIEVED]
    low, high = sorted((baseline, target))
    step = abs(actual) * 0.1 + 1
    up = [
        status(low, high, a, "increase", expected=expected_share) for a in (actual, actual + step)
    ]
    down = [
        status(high, low, a, "decrease", expected=expected_share) for a in (actual, actual - step)
    ]
    assert order.index(up[0]) <= order.index(up[1])
    assert order.index(down[0]) <= order.index(down[1])
