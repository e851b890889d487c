"""Evaluation: before/after and difference in differences, with their stated assumptions."""

from __future__ import annotations

import math

import pytest

from clusterdev.indicators import (
    Estimate,
    IndicatorError,
    Ratio,
    before_after,
    difference_in_differences,
)


def test_before_after_gives_the_change_and_the_relative_change() -> None:
    result = before_after(120, 150)
    assert (result.change, result.relative_change) == (30, 0.25)
    assert result.standard_error is None and result.confidence_interval is None
    assert before_after(0, 5).relative_change is None
    assert before_after(-20, -10).relative_change == 0.5


def test_before_after_on_percentages_is_in_percentage_points() -> None:
    result = before_after(Ratio(9, 40), Ratio(21, 42))
    assert (result.baseline, result.follow_up, result.change) == (22.5, 50.0, 27.5)


def test_before_after_standard_error_assumes_independent_samples() -> None:
    result = before_after(Estimate(3.1, 0.12), Estimate(3.6, 0.16))
    assert result.standard_error == pytest.approx(0.2)
    assert result.confidence_interval == pytest.approx(
        (0.5 - 1.96 * 0.2, 0.5 + 1.96 * 0.2), abs=1e-4
    )
    assert any("independent samples" in a for a in result.assumptions)
    assert before_after(Estimate(3.1, 0.12), 3.6).standard_error is None


def test_before_after_says_it_is_not_attribution() -> None:
    text = " ".join(before_after(1, 2).assumptions)
    assert "not an effect of the programme" in text and "Same measurement" in text


def test_difference_in_differences_by_hand() -> None:
    # Sales per firm (thousand USD): treated cluster 80 → 110, comparison 75 → 90.
    did = difference_in_differences(80, 110, 75, 90)
    assert (did.treated_change, did.comparison_change, did.estimate) == (30, 15, 15)
    assert did.counterfactual == 95
    assert did.standard_error is None


def test_difference_in_differences_states_its_assumptions() -> None:
    did = difference_in_differences(80, 110, 75, 90)
    names = [a.split(":")[0] for a in did.assumptions]
    assert names == ["Parallel trends", "No spillovers", "Same measurement", "Stable composition"]


def test_difference_in_differences_standard_error_needs_all_four() -> None:
    did = difference_in_differences(
        Estimate(80, 3), Estimate(110, 4), Estimate(75, 3), Estimate(90, 4)
    )
    assert did.standard_error == pytest.approx(math.sqrt(9 + 16 + 9 + 16))
    low, high = did.confidence_interval or (0.0, 0.0)
    assert (low + high) / 2 == pytest.approx(15)
    assert high - low == pytest.approx(2 * 1.959964 * math.sqrt(50), rel=1e-6)
    partial = difference_in_differences(Estimate(80, 3), 110, 75, 90)
    assert partial.standard_error is None and len(partial.assumptions) == 4


def test_undefined_or_bad_inputs_are_named() -> None:
    with pytest.raises(IndicatorError, match="comparison_before is an undefined ratio"):
        difference_in_differences(Ratio(1, 2), Ratio(2, 3), Ratio(0, 0), Ratio(1, 4))
    with pytest.raises(IndicatorError, match="follow_up must be a finite number"):
        before_after(1, "high")  # type: ignore[arg-type]
    with pytest.raises(IndicatorError, match="standard error cannot be negative"):
        Estimate(3.0, -0.1)
