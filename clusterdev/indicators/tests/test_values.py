"""Values: ratios kept as numerator and denominator, disaggregations that must add up."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterdev.indicators import (
    NOT_STATED,
    IndicatorError,
    OrdinalScale,
    Ratio,
    Value,
    check_disaggregation,
    check_value,
)

FAST = settings(max_examples=60, deadline=None, database=None)
counts = st.integers(min_value=0, max_value=10_000)
categories = st.dictionaries(st.text(min_size=1, max_size=8), counts, min_size=1, max_size=6)


def test_a_ratio_derives_its_percentage_and_is_undefined_on_an_empty_denominator() -> None:
    assert Ratio(12, 30).percentage == 40.0
    assert Ratio(7, 100).percentage == 7.0
    assert Ratio(3, 4).value == 0.75
    assert Ratio(0, 0).percentage is None and Ratio(5, 0).value is None
    assert str(Ratio(0, 0)) == "0/0 (undefined)"
    assert str(Ratio(1, 4)) == "1/4 (25 %)"


def test_ratios_add_numerators_and_denominators() -> None:
    assert Ratio(3, 10) + Ratio(5, 20) == Ratio(8, 30)


@pytest.mark.parametrize(
    ("numerator", "denominator", "message"),
    [
        (1, -2, "denominator cannot be negative"),
        (float("nan"), 2, "numerator must be a finite number"),
        ("3", 4, "numerator must be a number"),
        (True, 4, "numerator must be a number"),
    ],
)
def test_a_bad_ratio_is_refused(numerator: object, denominator: object, message: str) -> None:
    with pytest.raises(IndicatorError, match=message):
        Ratio(numerator, denominator)  # type: ignore[arg-type]


def test_disaggregated_parts_must_match_the_totals_kind() -> None:
    with pytest.raises(IndicatorError, match="category 'female': the part must be a Ratio"):
        Value(Ratio(8, 30), {"sex": {"female": 3, "male": Ratio(5, 20)}})
    with pytest.raises(IndicatorError, match="cannot be disaggregated"):
        Value("association formed", {"sex": {"female": 1}})
    with pytest.raises(IndicatorError, match="the value is empty"):
        Value("  ")


def test_counts_that_add_up_pass_and_those_that_do_not_are_named() -> None:
    check_disaggregation(20, {"female": 12, "male": 7, NOT_STATED: 1}, dimension="sex")
    with pytest.raises(IndicatorError) as caught:
        check_disaggregation(20, {"female": 12, "male": 7}, dimension="sex")
    assert str(caught.value) == (
        "disaggregation by sex: the categories add up to 19 but the total is 20 "
        "(female 12, male 7); record what is not known under 'not stated'"
    )
    assert caught.value.field == "disaggregation.sex"


def test_counts_are_compared_exactly_even_when_large() -> None:
    with pytest.raises(IndicatorError, match="add up to 10000000000 but the total is 10000000001"):
        check_disaggregation(10_000_000_001, {"a": 10_000_000_000}, dimension="size class")


def test_amounts_in_money_add_up_within_rounding() -> None:
    check_disaggregation(0.3, {"micro": 0.1, "small": 0.2}, dimension="size class")
    with pytest.raises(IndicatorError, match="size class"):
        check_disaggregation(0.3, {"micro": 0.1, "small": 0.21}, dimension="size class")


def test_ratio_numerators_and_denominators_each_add_up() -> None:
    total = Ratio(8, 30)
    check_disaggregation(total, {"female": Ratio(3, 10), "male": Ratio(5, 20)}, dimension="sex")
    with pytest.raises(IndicatorError, match="the denominators add up to 25 but the total is 30"):
        check_disaggregation(total, {"female": Ratio(3, 10), "male": Ratio(5, 15)}, dimension="sex")
    with pytest.raises(IndicatorError, match="the numerators add up to 9 but the total is 8"):
        check_disaggregation(total, {"female": Ratio(4, 10), "male": Ratio(5, 20)}, dimension="sex")
    with pytest.raises(IndicatorError, match="every category must be a ratio"):
        check_disaggregation(total, {"female": 3, "male": Ratio(5, 20)}, dimension="sex")


def test_a_partial_disaggregation_may_fall_short_but_not_exceed_the_total() -> None:
    check_disaggregation(50, {"youth": 12}, dimension="age", complete=False)
    with pytest.raises(IndicatorError, match="add up to 60, more than the total 50"):
        check_disaggregation(50, {"youth": 60}, dimension="age", complete=False)
    with pytest.raises(IndicatorError, match="not negative"):
        check_disaggregation(50, {"youth": -1}, dimension="age", complete=False)


def test_an_empty_disaggregation_is_refused() -> None:
    with pytest.raises(IndicatorError, match="disaggregation by formal status: no categories"):
        check_disaggregation(5, {}, dimension="formal status")


def test_check_value_checks_every_dimension() -> None:
    good = Value(20, {"sex": {"female": 12, "male": 8}, "formal status": {"formal": 20}})
    check_value(good)
    bad = Value(20, {"sex": {"female": 12, "male": 8}, "youth": {"youth": 5}})
    with pytest.raises(IndicatorError, match="disaggregation by youth"):
        check_value(bad)
    check_value(bad, complete=False)


@FAST
@given(categories)
def test_parts_always_add_up_to_their_own_sum(parts: dict[str, int]) -> None:
    check_disaggregation(sum(parts.values()), parts, dimension="d")


@FAST
@given(categories, st.integers(min_value=1, max_value=100))
def test_any_gap_is_reported_and_closed_by_not_stated(parts: dict[str, int], gap: int) -> None:
    total = sum(parts.values()) + gap
    with pytest.raises(IndicatorError, match=f"but the total is {total}"):
        check_disaggregation(total, parts, dimension="d")
    closed = {**parts, NOT_STATED: parts.get(NOT_STATED, 0) + gap}
    check_disaggregation(total, closed, dimension="d")


@FAST
@given(st.lists(st.tuples(counts, counts), min_size=1, max_size=6))
def test_ratio_parts_add_up_to_the_pooled_ratio(pairs: list[tuple[int, int]]) -> None:
    parts = {f"c{i}": Ratio(n, d) for i, (n, d) in enumerate(pairs)}
    total = Ratio(sum(n for n, _ in pairs), sum(d for _, d in pairs))
    check_disaggregation(total, parts, dimension="d")


def test_an_ordinal_scale_ranks_its_levels_from_one() -> None:
    scale = OrdinalScale(("none", "basic", "advanced"))
    assert [scale.rank(x) for x in scale.levels] == [1, 2, 3]
    assert scale.level(3) == "advanced" and "basic" in scale
    with pytest.raises(IndicatorError, match="'expert' is not a level of the scale"):
        scale.rank("expert")
    with pytest.raises(IndicatorError, match="ranks 1 to 3"):
        scale.level(0)
    with pytest.raises(IndicatorError, match="appears twice"):
        OrdinalScale(("low", "high", "low"))
    with pytest.raises(IndicatorError, match="at least one level"):
        OrdinalScale(())
