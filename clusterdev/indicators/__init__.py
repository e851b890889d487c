"""Indicator arithmetic for monitoring and evaluation: periods, values, cumulative rules,
disaggregations that add up, progress and status, and evaluation against comparison clusters.

Phase 6 of the UNIDO approach: the result chain's indicators are followed against their
baseline and targets. The web layer stores indicators, targets and approved actuals; these
functions do the arithmetic on plain values. Periods (:class:`Period`) include both ends and
must not overlap nor leave the programme (:func:`check_periods`, :func:`check_targets`).
A value (:class:`Value`) is a number, a percentage kept as :class:`Ratio` (numerator and
denominator, so that it adds up), an ordinal level (:class:`OrdinalScale`) or qualitative
text, with an optional disaggregation whose categories must add up to the total
(:func:`check_disaggregation`, :func:`check_value`). Values over periods make the value to date
under a :class:`CumulativeRule` (:func:`accumulate`, :func:`to_date`, :func:`series`);
:func:`progress` and :func:`status` compare it with the baseline and target in the indicator's
:class:`Direction`; :func:`before_after` and :func:`difference_in_differences` support the
evaluation, stating their assumptions. Bad input raises :class:`IndicatorError`, a one-line
message naming the field. Django-free, standard library only; inputs are never modified.

>>> from datetime import date
>>> from clusterdev.indicators import Period, Ratio, accumulate, progress, status
>>> q1 = Period(date(2025, 1, 1), date(2025, 3, 31), "2025-Q1")
>>> q2 = Period(date(2025, 4, 1), date(2025, 6, 30), "2025-Q2")
>>> adopted = accumulate({q1: Ratio(6, 40), q2: Ratio(9, 40)}, "sum")  # firms adopting, of trained
>>> adopted.amount.percentage
18.75
>>> progress(5, 25, adopted, "increase")
0.6875
>>> status(5, 25, adopted, "increase", expected=0.5).value
'on_track'
"""

from clusterdev.indicators._accumulate import accumulate, series, to_date
from clusterdev.indicators._evaluation import before_after, difference_in_differences
from clusterdev.indicators._periods import check_periods, elapsed_share
from clusterdev.indicators._progress import check_targets, progress, status
from clusterdev.indicators._types import (
    NOT_STATED,
    BeforeAfter,
    CumulativeRule,
    DifferenceInDifferences,
    Direction,
    Estimate,
    IndicatorError,
    Measure,
    OrdinalScale,
    Period,
    Ratio,
    SeriesPoint,
    Status,
    Value,
)
from clusterdev.indicators._values import check_disaggregation, check_value

__all__ = [
    "NOT_STATED",
    "BeforeAfter",
    "CumulativeRule",
    "DifferenceInDifferences",
    "Direction",
    "Estimate",
    "IndicatorError",
    "Measure",
    "OrdinalScale",
    "Period",
    "Ratio",
    "SeriesPoint",
    "Status",
    "Value",
    "accumulate",
    "before_after",
    "check_disaggregation",
    "check_periods",
    "check_targets",
    "check_value",
    "difference_in_differences",
    "elapsed_share",
    "progress",
    "series",
    "status",
    "to_date",
]

# Tracebacks and reprs show the public home of these classes, not the private module.
for _public in (
    BeforeAfter,
    CumulativeRule,
    DifferenceInDifferences,
    Direction,
    Estimate,
    IndicatorError,
    Measure,
    OrdinalScale,
    Period,
    Ratio,
    SeriesPoint,
    Status,
    Value,
):
    _public.__module__ = __name__
