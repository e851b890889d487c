"""Values over periods: accumulated under the indicator's cumulative rule, to date, as a series."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from clusterdev.indicators._periods import check_periods
from clusterdev.indicators._types import (
    Amount,
    CumulativeRule,
    IndicatorError,
    Measure,
    OrdinalScale,
    Period,
    Ratio,
    SeriesPoint,
    Value,
)
from clusterdev.indicators._values import add_up, as_value, no_arithmetic, resolve_measure

__all__ = ["Values", "accumulate", "series", "to_date"]

# Per-period values: in chronological order, or keyed by period; None where nothing was reported.
Values = Sequence[Value | Amount | None] | Mapping[Period, Value | Amount | None]


def _rule(rule: CumulativeRule | str) -> CumulativeRule:
    try:
        return CumulativeRule(rule)
    except ValueError:
        choices = ", ".join(r.value for r in CumulativeRule)
        raise IndicatorError(
            f"unknown cumulative rule {rule!r}: choose {choices}", field="cumulative_rule"
        ) from None


def _reported(values: Values) -> list[tuple[str, Value]]:
    """The reported values in chronological order, each with the name used in messages."""
    if isinstance(values, Mapping):
        ordered = check_periods(values.keys())
        items = [(f"period {p.name}", values[p]) for p in ordered]
    else:
        items = [(f"value {i}", v) for i, v in enumerate(values, start=1)]
    return [(name, as_value(v)) for name, v in items if v is not None]


def accumulate(
    values: Values,
    rule: CumulativeRule | str,
    *,
    measure: Measure | str | None = None,
    scale: OrdinalScale | None = None,
) -> Value | None:
    """The value to date of successive periods' values under a cumulative rule.

    ``values`` are the periods' values in chronological order, or a mapping period → value
    (ordered by date; overlapping periods are an error). ``None`` marks a period with nothing
    reported and is skipped; with nothing reported at all the result is ``None``.

    - ``sum``: :math:`\\sum_t x_t`, exact for integers; for percentages (:class:`Ratio`)
      :math:`\\sum_t n_t / \\sum_t d_t`, numerators and denominators added separately (the
      pooled share, not the mean of the periods' shares). Disaggregations are added category by
      category; a dimension missing from any period is dropped from the result (its parts would
      no longer add up) and a category missing from a period counts as 0 there.
    - ``latest``: the last reported value, with its disaggregation.
    - ``maximum``: the reported value with the largest amount (a Ratio by its share, an ordinal
      level by its rank), with its disaggregation; of equal amounts, the latest. Undefined
      ratios (0/0) are passed over unless every value is undefined, when the latest is returned.

    ``measure`` is inferred when not given (ordinal when ``scale`` is given, a percentage for
    Ratios, qualitative for text, else a number) and every value must be of its kind. Ordinal
    levels cannot be summed, and a qualitative indicator has no arithmetic (only ``latest``
    applies); both raise :class:`IndicatorError`.

    >>> accumulate([12, 8, None, 5], "sum")
    Value(amount=25, disaggregation={})
    >>> accumulate([Ratio(3, 10), Ratio(5, 20)], "sum").amount
    Ratio(numerator=8, denominator=30)
    >>> accumulate([40, 55, 48], "maximum").amount, accumulate([40, 55, 48], "latest").amount
    (55, 48)
    >>> accumulate([Value(5, {"sex": {"female": 2, "male": 3}}),
    ...             Value(4, {"sex": {"female": 4}})], "sum")
    Value(amount=9, disaggregation={'sex': {'female': 6, 'male': 3}})
    """
    rule = _rule(rule)
    reported = _reported(values)
    if not reported:
        return None
    measure = resolve_measure(measure, (v.amount for _, v in reported), scale)
    for name, value in reported:
        _check_kind(value, measure=measure, scale=scale, name=name)
    if rule is CumulativeRule.LATEST:
        return reported[-1][1]
    if measure is Measure.QUALITATIVE:
        raise no_arithmetic(f"the {rule.value} of the values")
    if rule is CumulativeRule.SUM:
        if measure is Measure.ORDINAL:
            raise IndicatorError(
                "ordinal levels cannot be summed: use the latest or the maximum",
                field="cumulative_rule",
            )
        return _sum([v for _, v in reported])
    return _maximum([v for _, v in reported], scale=scale)


def _check_kind(value: Value, *, measure: Measure, scale: OrdinalScale | None, name: str) -> None:
    amount = value.amount
    if measure is Measure.PERCENTAGE and not isinstance(amount, Ratio):
        raise IndicatorError(
            f"{name} is {amount!r} but the indicator is a percentage: give it as "
            "Ratio(numerator, denominator)",
            field="value",
        )
    if measure is Measure.NUMBER and isinstance(amount, Ratio | str):
        raise IndicatorError(f"{name} is {amount!r} but the indicator is a number", field="value")
    if measure in (Measure.ORDINAL, Measure.QUALITATIVE) and not isinstance(amount, str):
        raise IndicatorError(
            f"{name} is {amount!r} but the indicator is {measure.value}: give a level or text",
            field="value",
        )
    if measure is Measure.ORDINAL and scale is not None:
        assert isinstance(amount, str)
        try:
            scale.rank(amount)
        except IndicatorError as error:
            raise IndicatorError(f"{name}: {error}", field="value") from None


def _sum(values: list[Value]) -> Value:
    amounts = [v.amount for v in values]
    if isinstance(amounts[0], Ratio):
        ratios = [a for a in amounts if isinstance(a, Ratio)]
        total: float | Ratio = Ratio(
            add_up(r.numerator for r in ratios), add_up(r.denominator for r in ratios)
        )
    else:
        total = add_up(a for a in amounts if not isinstance(a, Ratio | str))
    shared = set(values[0].disaggregation)
    for value in values[1:]:
        shared &= set(value.disaggregation)
    disaggregation: dict[str, dict[str, float | Ratio]] = {}
    for dimension in [d for d in values[0].disaggregation if d in shared]:
        categories: list[str] = []
        for value in values:
            categories += [c for c in value.disaggregation[dimension] if c not in categories]
        disaggregation[dimension] = {
            category: _sum_parts([v.disaggregation[dimension].get(category) for v in values])
            for category in categories
        }
    return Value(total, disaggregation)


def _sum_parts(parts: list[float | Ratio | None]) -> float | Ratio:
    present = [p for p in parts if p is not None]
    ratios = [p for p in present if isinstance(p, Ratio)]
    if ratios:
        return Ratio(add_up(r.numerator for r in ratios), add_up(r.denominator for r in ratios))
    return add_up(p for p in present if not isinstance(p, Ratio))


def _maximum(values: list[Value], *, scale: OrdinalScale | None) -> Value:
    best: Value | None = None
    best_key = 0.0
    for value in values:
        amount = value.amount
        if isinstance(amount, str):
            assert scale is not None
            key: float | None = scale.rank(amount)
        elif isinstance(amount, Ratio):
            key = amount.value
        else:
            key = amount
        if key is not None and (best is None or key >= best_key):
            best, best_key = value, key
    return best if best is not None else values[-1]


def to_date(
    values: Mapping[Period, Value | Amount | None],
    rule: CumulativeRule | str,
    *,
    as_of: date,
    measure: Measure | str | None = None,
    scale: OrdinalScale | None = None,
) -> Value | None:
    """The value accumulated (see :func:`accumulate`) over the periods that ended on or before
    ``as_of``; a period still running on ``as_of`` does not count yet.

    >>> h1 = Period(date(2024, 1, 1), date(2024, 6, 30), "2024-H1")
    >>> h2 = Period(date(2024, 7, 1), date(2024, 12, 31), "2024-H2")
    >>> to_date({h1: 14, h2: 9}, "sum", as_of=date(2024, 9, 30)).amount
    14
    """
    if not isinstance(as_of, date):
        raise IndicatorError(f"as_of must be a date, not {as_of!r}", field="as_of")
    ordered = check_periods(values.keys())
    done = {p: values[p] for p in ordered if p.end <= as_of}
    return accumulate(done, rule, measure=measure, scale=scale)


def series(
    values: Mapping[Period, Value | Amount | None],
    rule: CumulativeRule | str,
    *,
    measure: Measure | str | None = None,
    scale: OrdinalScale | None = None,
) -> list[SeriesPoint]:
    """Each period in chronological order with its own value and the value accumulated to its
    end (see :func:`accumulate`), for tables and charts.

    >>> q1 = Period(date(2024, 1, 1), date(2024, 3, 31), "Q1")
    >>> q2 = Period(date(2024, 4, 1), date(2024, 6, 30), "Q2")
    >>> q3 = Period(date(2024, 7, 1), date(2024, 9, 30), "Q3")
    >>> for point in series({q1: 3, q2: None, q3: 4}, "sum"):
    ...     print(point.period.label, point.value and point.value.amount, point.cumulative.amount)
    Q1 3 3
    Q2 None 3
    Q3 4 7
    """
    rule = _rule(rule)
    ordered = check_periods(values.keys())
    points = []
    for i, period in enumerate(ordered):
        so_far = {p: values[p] for p in ordered[: i + 1]}
        reported = values[period]
        points.append(
            SeriesPoint(
                period=period,
                value=None if reported is None else as_value(reported),
                cumulative=accumulate(so_far, rule, measure=measure, scale=scale),
            )
        )
    return points
