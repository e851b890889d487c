"""Progress from baseline to target, the status it gives, and targets that make sense."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from clusterdev.indicators._periods import check_periods
from clusterdev.indicators._types import (
    Amount,
    Direction,
    IndicatorError,
    Measure,
    OrdinalScale,
    Period,
    Status,
    Value,
)
from clusterdev.indicators._values import comparable, no_arithmetic, resolve_measure, same

__all__ = ["check_targets", "progress", "status"]


def _direction(direction: Direction | str) -> Direction:
    try:
        return Direction(direction)
    except ValueError:
        choices = ", ".join(d.value for d in Direction)
        raise IndicatorError(
            f"unknown direction {direction!r}: choose {choices}", field="direction"
        ) from None


def _amount(item: Value | Amount | None) -> Amount | None:
    return item.amount if isinstance(item, Value) else item


def _shown(x: float) -> str:
    return f"{x:g}"


def _check_direction(
    baseline: float, target: float, direction: Direction, *, what: str = "the target"
) -> None:
    if direction is Direction.INCREASE and target < baseline:
        raise IndicatorError(
            f"{what} ({_shown(target)}) is below the baseline ({_shown(baseline)}), but higher "
            "is better for this indicator",
            field="target",
        )
    if direction is Direction.DECREASE and target > baseline:
        raise IndicatorError(
            f"{what} ({_shown(target)}) is above the baseline ({_shown(baseline)}), but lower "
            "is better for this indicator",
            field="target",
        )


def progress(
    baseline: Value | Amount,
    target: Value | Amount,
    actual: Value | Amount | None,
    direction: Direction | str,
    *,
    measure: Measure | str | None = None,
    scale: OrdinalScale | None = None,
) -> float | None:
    """The share of the way from the baseline to the target that the actual has come.

    .. math:: p = (a - b) / (t - b)

    with baseline :math:`b`, target :math:`t` and actual :math:`a`: 0 at the baseline, 1 at
    the target, below 0 when the actual moved the wrong way and above 1 past the target. The
    same formula serves both directions: for a decrease-is-better indicator :math:`t < b`, so
    a falling actual gives a rising :math:`p`. A target on the wrong side of the baseline for
    the direction (below it when higher is better) raises :class:`IndicatorError`.

    **Undefined** (``None``, not an error): when :math:`t = b` (there is no way to go: see
    :func:`status`, which then compares the actual with the target), when ``actual`` is
    ``None``, when any of the three is a 0/0 :class:`Ratio`, and for ``maintain`` indicators,
    whose aim is to stay near the target rather than travel to it.

    Percentages: a :class:`Ratio` counts as its percentage and a plain number as a percentage
    (a target of 40 means 40 %). Ordinal levels count as their ranks on ``scale``, so progress
    is the share of the steps climbed — which treats the steps as equal, an assumption to state
    when reporting it. Qualitative indicators have no progress (:class:`IndicatorError`).
    A :class:`Value` counts as its amount.

    >>> progress(20, 60, 35, "increase")
    0.375
    >>> progress(120, 80, 110, "decrease")  # days to obtain a permit, 120 down to 80
    0.25
    >>> from clusterdev.indicators import Ratio
    >>> progress(40, 60, Ratio(15, 30), "increase")  # 50 % of firms, from 40 % towards 60 %
    0.5
    >>> print(progress(50, 50, 55, "increase"))
    None
    """
    direction = _direction(direction)
    amounts = [_amount(baseline), _amount(target), _amount(actual)]
    measure = resolve_measure(measure, [a for a in amounts if a is not None], scale)
    if measure is Measure.QUALITATIVE:
        raise no_arithmetic("progress")
    b, t, a = (
        comparable(x, measure=measure, scale=scale, what=what)
        for x, what in zip(amounts, ("baseline", "target", "actual"), strict=True)
    )
    if b is None or t is None:
        return None
    if direction is not Direction.MAINTAIN:
        _check_direction(b, t, direction)
    if a is None or direction is Direction.MAINTAIN or t == b:
        return None
    return (a - b) / (t - b)


def status(
    baseline: Value | Amount,
    target: Value | Amount,
    actual: Value | Amount | None,
    direction: Direction | str,
    *,
    expected: float,
    tolerance: float = 0.1,
    at_risk_tolerance: float = 0.25,
    measure: Measure | str | None = None,
    scale: OrdinalScale | None = None,
    rating: Status | str | None = None,
) -> Status:
    """Where an indicator stands: achieved, on track, at risk, off track, or no data.

    ``expected`` is the share of the way to the target that should have been covered by now,
    in [0, 1]; under linear progress it is the share of the time from the baseline date to the
    end of the target's period that has elapsed (:func:`elapsed_share`). With :math:`p` from
    :func:`progress` and :math:`e` = ``expected``, for ``increase`` and ``decrease``:

    1. ``no_data`` when there is no actual (``None``, or a 0/0 :class:`Ratio`);
    2. ``achieved`` when the actual has reached the target or gone past it in the good
       direction (:math:`a \\ge t` when higher is better, :math:`a \\le t` when lower is);
    3. when :math:`t = b` (progress undefined) and the target is not reached: ``off_track``;
    4. ``on_track`` when :math:`p \\ge e (1 - tolerance)`;
    5. ``at_risk`` when :math:`p \\ge e (1 - at\\_risk\\_tolerance)`;
    6. ``off_track`` otherwise.

    So at :math:`e = 0` any actual no worse than the baseline is on track; once the target's
    period is over (:math:`e = 1`) an actual within ``tolerance`` of the whole way still
    counts as on track, not achieved. For ``maintain`` the band is around the target:
    :math:`|a - t| \\le tolerance \\cdot |t|` is ``on_track`` (``achieved`` once
    :math:`e = 1`), within ``at_risk_tolerance`` :math:`\\cdot |t|` ``at_risk``, else
    ``off_track``.

    Qualitative indicators have no arithmetic: their status is the manual ``rating`` (or
    ``no_data`` without one and without an actual); ``rating`` is refused for other measures,
    so that a computed status is never silently overridden. Ordinal levels count as ranks
    on ``scale``.

    >>> status(20, 60, 35, "increase", expected=0.5)  # p = 0.375 < 0.5 × 0.9, ≥ 0.5 × 0.75
    <Status.AT_RISK: 'at_risk'>
    >>> status(120, 80, 95, "decrease", expected=0.5).value  # p = 0.625
    'on_track'
    >>> status(20, 60, None, "increase", expected=0.5).value
    'no_data'
    >>> status("weak", "strong", "some", "increase", expected=1, measure="qualitative",
    ...        rating="at_risk").value
    'at_risk'
    """
    direction = _direction(direction)
    if not (isinstance(expected, int | float) and 0 <= expected <= 1):
        raise IndicatorError(
            f"the expected share must lie between 0 and 1, not {expected!r}", field="expected"
        )
    if not (
        isinstance(tolerance, int | float)
        and isinstance(at_risk_tolerance, int | float)
        and 0 <= tolerance <= at_risk_tolerance <= 1
    ):
        raise IndicatorError(
            "the tolerances must satisfy 0 ≤ tolerance ≤ at_risk_tolerance ≤ 1, not "
            f"{tolerance!r} and {at_risk_tolerance!r}",
            field="tolerance",
        )
    amounts = [_amount(baseline), _amount(target), _amount(actual)]
    measure = resolve_measure(measure, [a for a in amounts if a is not None], scale)
    if measure is Measure.QUALITATIVE:
        return _manual(rating, has_actual=amounts[2] is not None)
    if rating is not None:
        raise IndicatorError(
            "a manual rating applies to qualitative indicators only; this indicator's status "
            "is computed",
            field="rating",
        )
    b, t, a = (
        comparable(x, measure=measure, scale=scale, what=what)
        for x, what in zip(amounts, ("baseline", "target", "actual"), strict=True)
    )
    for value, what in ((b, "baseline"), (t, "target")):
        if value is None:
            raise IndicatorError(
                f"the {what} is an undefined ratio (0/0): no status can be computed", field=what
            )
    assert b is not None and t is not None
    if a is None:
        return Status.NO_DATA
    if direction is Direction.MAINTAIN:
        return _maintained(a, t, expected=expected, tolerance=tolerance, at_risk=at_risk_tolerance)
    _check_direction(b, t, direction)
    reached = a >= t if direction is Direction.INCREASE else a <= t
    if reached or same(a, t):
        return Status.ACHIEVED
    if t == b:
        return Status.OFF_TRACK
    p = (a - b) / (t - b)
    if p >= expected * (1 - tolerance):
        return Status.ON_TRACK
    if p >= expected * (1 - at_risk_tolerance):
        return Status.AT_RISK
    return Status.OFF_TRACK


def _manual(rating: Status | str | None, *, has_actual: bool) -> Status:
    if rating is None:
        if not has_actual:
            return Status.NO_DATA
        raise no_arithmetic("status")
    try:
        return Status(rating)
    except ValueError:
        choices = ", ".join(s.value for s in Status)
        raise IndicatorError(
            f"unknown rating {rating!r}: choose {choices}", field="rating"
        ) from None


def _maintained(a: float, t: float, *, expected: float, tolerance: float, at_risk: float) -> Status:
    gap = abs(a - t)
    if gap <= tolerance * abs(t) or same(a, t):
        return Status.ACHIEVED if expected >= 1 else Status.ON_TRACK
    if gap <= at_risk * abs(t):
        return Status.AT_RISK
    return Status.OFF_TRACK


def check_targets(
    targets: Mapping[Period, Value | Amount],
    *,
    baseline: Value | Amount | None,
    direction: Direction | str,
    programme: tuple[date, date] | None = None,
    measure: Measure | str | None = None,
    scale: OrdinalScale | None = None,
) -> list[Period]:
    """Check an indicator's targets and return their periods in chronological order.

    Each target's period must lie inside the programme window ``(start, end)`` when one is given
    and must not overlap another's (:func:`check_periods`); each target must be of the
    indicator's measure (a number; a percentage as a number or a :class:`Ratio`, not 0/0; a
    level of ``scale``; text for a qualitative indicator); and when higher is better no target
    may lie below the baseline (above it when lower is better). The message names the period.

    >>> y1 = Period(date(2025, 1, 1), date(2025, 12, 31), "2025")
    >>> y2 = Period(date(2026, 1, 1), date(2026, 12, 31), "2026")
    >>> [p.label for p in check_targets({y1: 30, y2: 45}, baseline=20, direction="increase")]
    ['2025', '2026']
    >>> check_targets({y1: 30, y2: 15}, baseline=20, direction="increase")
    Traceback (most recent call last):
    ...
    clusterdev.indicators.IndicatorError: the target for 2026 (15) is below the baseline (20), but higher is better for this indicator
    """
    direction = _direction(direction)
    periods = check_periods(targets.keys(), programme=programme)
    base = _amount(baseline)
    amounts = [_amount(targets[p]) for p in periods]
    known = [a for a in [*amounts, base] if a is not None]
    measure = resolve_measure(measure, known, scale)
    if measure is Measure.QUALITATIVE:
        for period, amount in zip(periods, amounts, strict=True):
            if not isinstance(amount, str):
                raise IndicatorError(
                    f"the target for {period.name} must be text for a qualitative indicator, "
                    f"not {amount!r}",
                    field="target",
                )
        return periods
    b = comparable(base, measure=measure, scale=scale, what="baseline")
    for period, amount in zip(periods, amounts, strict=True):
        what = f"the target for {period.name}"
        if amount is None:
            raise IndicatorError(f"{what} is missing", field="target")
        t = comparable(amount, measure=measure, scale=scale, what=what, field="target")
        if t is None:
            raise IndicatorError(f"{what} is an undefined ratio (0/0)", field="target")
        if b is not None and direction is not Direction.MAINTAIN:
            _check_direction(b, t, direction, what=what)
    return periods
