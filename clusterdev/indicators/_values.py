"""Disaggregations that add up, and turning amounts into numbers that can be compared."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from clusterdev.indicators._types import (
    NOT_STATED,
    Amount,
    IndicatorError,
    Measure,
    OrdinalScale,
    Ratio,
    Value,
)

__all__ = [
    "add_up",
    "as_value",
    "check_disaggregation",
    "check_value",
    "comparable",
    "no_arithmetic",
    "resolve_measure",
    "same",
]

# Sums of floats (money, hectares) carry rounding; counts (ints) are compared exactly.
_RELATIVE = 1e-9
_ABSOLUTE = 1e-9


def same(a: float, b: float) -> bool:
    """Equal: exactly for integers, within rounding (relative and absolute 1e-9) otherwise."""
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    return math.isclose(a, b, rel_tol=_RELATIVE, abs_tol=_ABSOLUTE)


def add_up(values: Iterable[float]) -> float:
    """The sum, exact for integers and correctly rounded (``math.fsum``) otherwise."""
    values = list(values)
    if all(isinstance(v, int) for v in values):
        return sum(values)
    return math.fsum(values)


def _shown(x: float) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def check_disaggregation(
    total: float | Ratio,
    parts: Mapping[str, float | Ratio],
    *,
    dimension: str,
    complete: bool = True,
) -> None:
    """Check that one dimension's categories add up to the total; raise :class:`IndicatorError`
    naming the dimension, the sum and the total when they do not.

    Counts (integers) must add up exactly; other numbers within rounding (relative and absolute
    tolerance :math:`10^{-9}`). For a :class:`Ratio` (a percentage) the numerators and the
    denominators must each add up: women 3 of 10 and men 5 of 20 make 8 of 30. A part whose
    category was not recorded goes under ``"not stated"`` (:data:`NOT_STATED`), which counts like
    any other category. With ``complete=False`` the categories may cover only part of the total
    (a youth count beside total employment): their sum may not exceed the total, and the total
    and parts must then not be negative.

    >>> check_disaggregation(20, {"female": 12, "male": 8}, dimension="sex")
    >>> check_disaggregation(20, {"female": 12, "male": 6}, dimension="sex")
    Traceback (most recent call last):
    ...
    clusterdev.indicators.IndicatorError: disaggregation by sex: the categories add up to 18 but the total is 20 (female 12, male 6); record what is not known under 'not stated'
    >>> check_disaggregation(Ratio(8, 30), {"f": Ratio(3, 10), "m": Ratio(5, 20)}, dimension="sex")
    >>> check_disaggregation(50, {"youth": 12}, dimension="age", complete=False)
    """
    where = f"disaggregation by {dimension}"
    field = f"disaggregation.{dimension}"
    if not parts:
        raise IndicatorError(f"{where}: no categories given", field=field)
    if isinstance(total, Ratio):
        if not all(isinstance(p, Ratio) for p in parts.values()):
            raise IndicatorError(
                f"{where}: the total is a ratio, so every category must be a ratio too",
                field=field,
            )
        _check_sum(
            total.numerator,
            {c: p.numerator for c, p in parts.items() if isinstance(p, Ratio)},
            where=f"{where}: the numerators",
            field=field,
            complete=complete,
        )
        _check_sum(
            total.denominator,
            {c: p.denominator for c, p in parts.items() if isinstance(p, Ratio)},
            where=f"{where}: the denominators",
            field=field,
            complete=complete,
        )
        return
    numbers: dict[str, float] = {}
    for category, part in parts.items():
        if isinstance(part, (Ratio, bool)) or not isinstance(part, int | float):
            raise IndicatorError(
                f"{where}: category {category!r} must be a number like the total, not {part!r}",
                field=field,
            )
        numbers[category] = part
    _check_sum(total, numbers, where=f"{where}: the categories", field=field, complete=complete)


def _check_sum(
    total: float, parts: Mapping[str, float], *, where: str, field: str, complete: bool
) -> None:
    for category, part in parts.items():
        if not math.isfinite(part):
            raise IndicatorError(f"{where}: {category!r} is not a finite number", field=field)
    added = add_up(parts.values())
    listed = ", ".join(f"{c} {_shown(p)}" for c, p in parts.items())
    if complete:
        if not same(added, total):
            raise IndicatorError(
                f"{where} add up to {_shown(added)} but the total is {_shown(total)} "
                f"({listed}); record what is not known under {NOT_STATED!r}",
                field=field,
            )
        return
    if total < 0 or any(p < 0 for p in parts.values()):
        raise IndicatorError(
            f"{where}: a partial disaggregation needs a total and parts that are not negative "
            f"(total {_shown(total)}; {listed})",
            field=field,
        )
    if added > total and not same(added, total):
        raise IndicatorError(
            f"{where} add up to {_shown(added)}, more than the total {_shown(total)} ({listed})",
            field=field,
        )


def check_value(value: Value, *, complete: bool = True) -> None:
    """Check every dimension of ``value``'s disaggregation with :func:`check_disaggregation`.

    >>> check_value(Value(20, {"sex": {"female": 12, "male": 8}, "youth": {"youth": 5}}))
    Traceback (most recent call last):
    ...
    clusterdev.indicators.IndicatorError: disaggregation by youth: the categories add up to 5 but the total is 20 (youth 5); record what is not known under 'not stated'
    """
    if isinstance(value.amount, str):
        return
    for dimension, parts in value.disaggregation.items():
        check_disaggregation(value.amount, parts, dimension=dimension, complete=complete)


def as_value(item: Value | Amount) -> Value:
    """``item`` as a :class:`Value` (a bare amount gets no disaggregation)."""
    return item if isinstance(item, Value) else Value(item)


def resolve_measure(
    measure: Measure | str | None, amounts: Iterable[Amount], scale: OrdinalScale | None
) -> Measure:
    """The measure given, or the one the amounts show: ordinal when a scale is given, a
    percentage when any amount is a Ratio, qualitative when any is text, else a number."""
    if measure is not None:
        try:
            resolved = Measure(measure)
        except ValueError:
            choices = ", ".join(m.value for m in Measure)
            raise IndicatorError(
                f"unknown measure {measure!r}: choose {choices}", field="measure"
            ) from None
        if resolved is Measure.ORDINAL and scale is None:
            raise IndicatorError("an ordinal indicator needs its scale of levels", field="scale")
        return resolved
    if scale is not None:
        return Measure.ORDINAL
    amounts = list(amounts)
    if any(isinstance(a, Ratio) for a in amounts):
        return Measure.PERCENTAGE
    if any(isinstance(a, str) for a in amounts):
        return Measure.QUALITATIVE
    return Measure.NUMBER


def no_arithmetic(what: str) -> IndicatorError:
    """The error for arithmetic asked of a qualitative indicator."""
    return IndicatorError(
        f"{what}: a qualitative indicator has no arithmetic; its status comes from a manual "
        "rating (if its values are ordinal levels, give their scale)",
        field="measure",
    )


def comparable(
    amount: Amount | None,
    *,
    measure: Measure,
    scale: OrdinalScale | None,
    what: str,
    field: str | None = None,
) -> float | None:
    """The number ``amount`` stands for when compared with others of the same indicator.

    A number is itself; a :class:`Ratio` is its percentage (``None`` when 0/0) and a plain
    number given for a percentage indicator is read as a percentage (40 for 40 %); an ordinal
    level is its rank on ``scale``. ``None`` stays ``None``. Text for a qualitative indicator
    is an error. Messages begin with ``what`` and carry ``field`` (default ``what``).
    """
    field = field or what
    if amount is None:
        return None
    if measure is Measure.QUALITATIVE:
        raise no_arithmetic(what)
    if measure is Measure.ORDINAL:
        if not isinstance(amount, str):
            raise IndicatorError(
                f"{what} must be a level of the ordinal scale, not {amount!r}", field=field
            )
        assert scale is not None  # resolve_measure insists on it
        try:
            return scale.rank(amount)
        except IndicatorError as error:
            raise IndicatorError(f"{what}: {error}", field=field) from None
    if isinstance(amount, Ratio):
        if measure is not Measure.PERCENTAGE:
            raise IndicatorError(
                f"{what} is a ratio ({amount}) but the indicator is a {measure.value}", field=field
            )
        return amount.percentage
    if isinstance(amount, str):
        raise IndicatorError(
            f"{what} is text ({amount!r}) but the indicator is a {measure.value}", field=field
        )
    if isinstance(amount, bool) or not isinstance(amount, int | float) or not math.isfinite(amount):
        raise IndicatorError(f"{what} must be a finite number, not {amount!r}", field=field)
    return amount
