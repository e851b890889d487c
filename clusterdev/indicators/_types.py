"""The plain records of indicator arithmetic: the error, the enumerations, periods and values."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

__all__ = [
    "NOT_STATED",
    "Amount",
    "BeforeAfter",
    "CumulativeRule",
    "DifferenceInDifferences",
    "Direction",
    "Disaggregation",
    "Estimate",
    "IndicatorError",
    "Measure",
    "OrdinalScale",
    "Period",
    "Ratio",
    "SeriesPoint",
    "Status",
    "Value",
]

# The category that takes the part of a total whose sex, size class... was not recorded, so that
# a disaggregation still adds up to the total.
NOT_STATED = "not stated"


class IndicatorError(ValueError):
    """An input the indicator arithmetic cannot use; the message is one line naming the field.

    ``field`` names the input at fault (``"period"``, ``"target"``, ``"disaggregation.sex"``...)
    so that a form can attach the message to it; ``None`` when no single field is at fault.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Measure(StrEnum):
    """What an indicator's values are: counts and amounts, percentages, ordered levels, text."""

    NUMBER = "number"
    PERCENTAGE = "percentage"
    ORDINAL = "ordinal"
    QUALITATIVE = "qualitative"


class Direction(StrEnum):
    """Which way is better: up (``increase``), down (``decrease``), or holding a level
    (``maintain``, within a tolerance around the target)."""

    INCREASE = "increase"
    DECREASE = "decrease"
    MAINTAIN = "maintain"


class CumulativeRule(StrEnum):
    """How the values of successive periods make the value to date.

    ``sum``: the periods' values added (firms trained each quarter); for percentages the
    numerators and the denominators are added separately, so 3/10 then 5/20 gives 8/30, not the
    mean of 30 % and 25 %. ``latest``: the most recent value (employment, a trust index).
    ``maximum``: the highest value reached (the best level of an ordinal scale).
    """

    SUM = "sum"
    LATEST = "latest"
    MAXIMUM = "maximum"


class Status(StrEnum):
    """Where an indicator stands against its target (see :func:`status`)."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"


def _finite(x: object, what: str, *, field: str | None = None) -> float:
    """``x`` as a number if it is a finite real number (not a bool), else a clear error."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise IndicatorError(f"{what} must be a number, not {x!r}", field=field)
    if not math.isfinite(x):
        raise IndicatorError(f"{what} must be a finite number, not {x!r}", field=field)
    return x


@dataclass(frozen=True)
class Ratio:
    """A percentage kept as its numerator and denominator, so that it can be added up.

    ``value`` is numerator / denominator and ``percentage`` 100 times that; both are ``None``
    (undefined, not an error) when the denominator is 0 — no firm was asked, say.

    >>> share = Ratio(12, 30)
    >>> share.percentage
    40.0
    >>> share + Ratio(3, 10)
    Ratio(numerator=15, denominator=40)
    >>> print(Ratio(0, 0).percentage)
    None
    """

    numerator: float
    denominator: float

    def __post_init__(self) -> None:
        _finite(self.numerator, "a ratio's numerator", field="numerator")
        _finite(self.denominator, "a ratio's denominator", field="denominator")
        if self.denominator < 0:
            raise IndicatorError(
                f"a ratio's denominator cannot be negative ({self.denominator})",
                field="denominator",
            )

    @property
    def value(self) -> float | None:
        """numerator / denominator, ``None`` when the denominator is 0."""
        return None if self.denominator == 0 else self.numerator / self.denominator

    @property
    def percentage(self) -> float | None:
        """100 × numerator / denominator, ``None`` when the denominator is 0."""
        # 100 n / d rather than 100 (n / d): 7/100 gives 7.0, not 7.000000000000001.
        return None if self.denominator == 0 else 100 * self.numerator / self.denominator

    def __add__(self, other: Ratio) -> Ratio:
        if not isinstance(other, Ratio):
            return NotImplemented
        return Ratio(self.numerator + other.numerator, self.denominator + other.denominator)

    def __str__(self) -> str:
        percentage = self.percentage
        shown = "undefined" if percentage is None else f"{percentage:g} %"
        return f"{self.numerator:g}/{self.denominator:g} ({shown})"


# A value's headline: a number, a Ratio for a percentage, or text (an ordinal level's name or a
# qualitative statement).
Amount = float | Ratio | str
# dimension → {category: part}, e.g. {"sex": {"female": 12, "male": 8}}.
Disaggregation = Mapping[str, Mapping[str, float | Ratio]]


def _kind(amount: object) -> str:
    if isinstance(amount, Ratio):
        return "ratio"
    if isinstance(amount, str):
        return "text"
    return "number"


@dataclass(frozen=True)
class Value:
    """One reported value (an actual, a baseline, a target) with its optional disaggregation.

    ``amount`` is a number, a :class:`Ratio` for a percentage, or text (an ordinal level or a
    qualitative statement). ``disaggregation`` maps each dimension to its categories' parts,
    of the same kind as the amount (numbers for a number, Ratios for a Ratio; text has none).
    The constructor checks kinds only; :func:`check_value` checks that each dimension adds up.

    >>> v = Value(20, {"sex": {"female": 12, "male": 8}})
    >>> v.amount, dict(v.disaggregation["sex"])
    (20, {'female': 12, 'male': 8})
    """

    amount: Amount
    disaggregation: Disaggregation = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.amount, str):
            if not self.amount.strip():
                raise IndicatorError("the value is empty", field="amount")
            if self.disaggregation:
                raise IndicatorError(
                    "a text value (ordinal level or qualitative statement) cannot be "
                    "disaggregated into parts that add up",
                    field="disaggregation",
                )
            return
        if not isinstance(self.amount, Ratio):
            _finite(self.amount, "the value", field="amount")
        kind = _kind(self.amount)
        for dimension, parts in self.disaggregation.items():
            if not isinstance(dimension, str) or not dimension.strip():
                raise IndicatorError(
                    f"a disaggregation dimension must be named, not {dimension!r}",
                    field="disaggregation",
                )
            for category, part in parts.items():
                where = f"disaggregation by {dimension}, category {category!r}"
                if _kind(part) != kind:
                    wanted = "a Ratio" if kind == "ratio" else "a number"
                    raise IndicatorError(
                        f"{where}: the part must be {wanted} like the total, not {part!r}",
                        field=f"disaggregation.{dimension}",
                    )
                if not isinstance(part, Ratio):
                    _finite(part, where, field=f"disaggregation.{dimension}")


@dataclass(frozen=True)
class OrdinalScale:
    """The ordered levels of an ordinal indicator, lowest first; level ``k`` has rank ``k``
    counted from 1. Ordinal values are compared, and progress measured, by rank.

    >>> stage = OrdinalScale(("none", "informal group", "association formed", "self-financing"))
    >>> stage.rank("association formed")
    3
    >>> stage.level(1)
    'none'
    """

    levels: tuple[str, ...]

    def __post_init__(self) -> None:
        levels = tuple(self.levels)
        object.__setattr__(self, "levels", levels)
        if not levels:
            raise IndicatorError("an ordinal scale needs at least one level", field="scale")
        seen: set[str] = set()
        for level in levels:
            if not isinstance(level, str) or not level.strip():
                raise IndicatorError(
                    f"an ordinal level must be a name, not {level!r}", field="scale"
                )
            if level in seen:
                raise IndicatorError(
                    f"the ordinal level {level!r} appears twice in the scale", field="scale"
                )
            seen.add(level)

    def rank(self, level: str) -> int:
        """The rank of ``level``, 1 for the lowest; a level not on the scale is an error."""
        try:
            return self.levels.index(level) + 1
        except ValueError:
            shown = ", ".join(repr(x) for x in self.levels)
            raise IndicatorError(
                f"{level!r} is not a level of the scale ({shown})", field="scale"
            ) from None

    def level(self, rank: int) -> str:
        """The level of rank ``rank`` (1 for the lowest)."""
        if isinstance(rank, bool) or not isinstance(rank, int) or not 1 <= rank <= len(self.levels):
            raise IndicatorError(
                f"the scale has ranks 1 to {len(self.levels)}, not {rank!r}", field="scale"
            )
        return self.levels[rank - 1]

    def __contains__(self, level: object) -> bool:
        return level in self.levels


@dataclass(frozen=True)
class Period:
    """A reporting period, both ends included; ``label`` names it in messages (``2024-Q1``).

    >>> from datetime import date
    >>> q1 = Period(date(2024, 1, 1), date(2024, 3, 31), "2024-Q1")
    >>> q1.days, q1.contains(date(2024, 3, 31))
    (91, True)
    >>> Period(date(2024, 3, 1), date(2024, 2, 1), "March")
    Traceback (most recent call last):
    ...
    clusterdev.indicators.IndicatorError: period March ends (2024-02-01) before it starts (2024-03-01)
    """

    start: date
    end: date
    label: str = ""

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            if not isinstance(getattr(self, name), date):
                raise IndicatorError(
                    f"a period's {name} must be a date, not {getattr(self, name)!r}", field=name
                )
        if self.end < self.start:
            raise IndicatorError(
                f"period {self.name} ends ({self.end}) before it starts ({self.start})",
                field="end",
            )

    @property
    def name(self) -> str:
        """The label, or ``start to end`` when the period has none."""
        return self.label or f"{self.start} to {self.end}"

    @property
    def days(self) -> int:
        """Length in days, both ends included."""
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls in the period (ends included)."""
        return self.start <= day <= self.end

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share at least one day."""
        return self.start <= other.end and other.start <= self.end


@dataclass(frozen=True)
class SeriesPoint:
    """One period of a series: the value reported for it (``None`` when none was) and the value
    accumulated to its end under the indicator's rule (``None`` while nothing was reported)."""

    period: Period
    value: Value | None
    cumulative: Value | None


@dataclass(frozen=True)
class Estimate:
    """A survey estimate (a mean or a proportion) with its standard error, when known.

    ``value`` is a number, or a :class:`Ratio` read as its percentage; ``standard_error`` is in
    the same unit (percentage points for a Ratio).
    """

    value: float | Ratio
    standard_error: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.value, Ratio):
            _finite(self.value, "an estimate's value", field="value")
        if self.standard_error is not None:
            se = _finite(self.standard_error, "a standard error", field="standard_error")
            if se < 0:
                raise IndicatorError(
                    f"a standard error cannot be negative ({se})", field="standard_error"
                )


@dataclass(frozen=True)
class BeforeAfter:
    """A baseline versus follow-up comparison (see :func:`before_after`)."""

    baseline: float
    follow_up: float
    change: float
    relative_change: float | None
    standard_error: float | None
    confidence_interval: tuple[float, float] | None
    assumptions: tuple[str, ...]


@dataclass(frozen=True)
class DifferenceInDifferences:
    """A difference-in-differences estimate (see :func:`difference_in_differences`)."""

    estimate: float
    treated_change: float
    comparison_change: float
    counterfactual: float
    standard_error: float | None
    confidence_interval: tuple[float, float] | None
    assumptions: tuple[str, ...]
