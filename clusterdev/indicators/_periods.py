"""Reporting periods: inside the programme, never overlapping; the share of time elapsed."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date

from clusterdev.indicators._types import IndicatorError, Period

__all__ = ["check_periods", "elapsed_share"]


def check_periods(
    periods: Iterable[Period], *, programme: tuple[date, date] | None = None
) -> list[Period]:
    """Check one indicator's periods and return them in chronological order.

    Periods include both ends, so 1 January–31 March and 1 April–30 June do not overlap.
    Two periods that share a day are an error, and so is a period that is not wholly inside
    the programme window ``programme = (start, end)`` when one is given; the message names
    the period.

    >>> q1 = Period(date(2024, 1, 1), date(2024, 3, 31), "2024-Q1")
    >>> q2 = Period(date(2024, 4, 1), date(2024, 6, 30), "2024-Q2")
    >>> [p.label for p in check_periods([q2, q1], programme=(date(2024, 1, 1), date(2026, 12, 31)))]
    ['2024-Q1', '2024-Q2']
    >>> check_periods([q1, q2], programme=(date(2024, 2, 1), date(2026, 12, 31)))
    Traceback (most recent call last):
    ...
    clusterdev.indicators.IndicatorError: period 2024-Q1 (2024-01-01 to 2024-03-31) lies outside the programme (2024-02-01 to 2026-12-31)
    """
    ordered = []
    for period in periods:
        if not isinstance(period, Period):
            raise IndicatorError(f"expected a Period, not {period!r}", field="period")
        ordered.append(period)
    ordered.sort(key=lambda p: (p.start, p.end))
    if programme is not None:
        start, end = _window(programme)
        for period in ordered:
            if period.start < start or period.end > end:
                raise IndicatorError(
                    f"period {period.name} ({period.start} to {period.end}) lies outside the "
                    f"programme ({start} to {end})",
                    field="period",
                )
    for earlier, later in itertools.pairwise(ordered):
        if earlier.overlaps(later):
            raise IndicatorError(
                f"period {later.name} ({later.start} to {later.end}) overlaps period "
                f"{earlier.name} ({earlier.start} to {earlier.end})",
                field="period",
            )
    return ordered


def _window(programme: tuple[date, date], what: str = "programme") -> tuple[date, date]:
    try:
        start, end = programme
    except (TypeError, ValueError):
        raise IndicatorError(
            f"the {what} window must be (start, end), not {programme!r}", field=what
        ) from None
    if not isinstance(start, date) or not isinstance(end, date):
        raise IndicatorError(f"the {what} window must be two dates, not {programme!r}", field=what)
    if end < start:
        raise IndicatorError(f"the {what} ends ({end}) before it starts ({start})", field=what)
    return start, end


def elapsed_share(start: date, end: date, *, as_of: date) -> float:
    """The share of the time from ``start`` to ``end`` that has passed on ``as_of``, in [0, 1].

    :math:`(as\\_of - start) / (end - start)` in days, 0 before ``start`` and 1 from ``end``
    on; used as the expected share of the way to a target (from the baseline date to the end of
    the target's period) when progress is assumed linear in time.

    >>> elapsed_share(date(2024, 1, 1), date(2025, 1, 1), as_of=date(2024, 7, 2))
    0.5
    """
    start, end = _window((start, end), "time to target")
    if not isinstance(as_of, date):
        raise IndicatorError(f"as_of must be a date, not {as_of!r}", field="as_of")
    if as_of >= end:
        return 1.0
    if as_of <= start:
        return 0.0
    return (as_of - start).days / (end - start).days
