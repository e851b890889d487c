"""Ranking alternatives on weighted criteria: TOPSIS and the weighted sum."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from clusterdev.selection._types import (
    Direction,
    Method,
    Normalisation,
    RankedAlternative,
    RankingResult,
    SelectionError,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

Alternatives = Mapping[str, Mapping[str, Any]] | Sequence[Mapping[str, Any]]

__all__ = [
    "Alternatives",
    "Decision",
    "decision",
    "normalised",
    "rank",
    "rank_order",
    "ranks",
    "resolve_normalisation",
    "scores",
]

_METHODS = ("topsis", "wsm")
_NORMALISATIONS = ("vector", "minmax")
_DEFAULT_NORMALISATION: dict[str, Normalisation] = {"topsis": "vector", "wsm": "minmax"}
# Scores this close count as a tie: the same alternative scored twice may differ by rounding.
_TIE_RELATIVE = 1e-9
_TIE_ABSOLUTE = 1e-12


def rank(
    alternatives: Alternatives,
    *,
    weights: Mapping[str, float],
    directions: Mapping[str, Direction],
    method: Method = "topsis",
    normalisation: Normalisation | None = None,
) -> RankingResult:
    r"""Score and rank alternatives (candidate clusters) on weighted criteria.

    ``alternatives`` maps each alternative to its values ``{criterion: value}``, or is a list
    of rows each with an ``"alternative"`` key and one key per criterion; keys that are not
    criteria are ignored. The criteria are the keys of ``weights``, in that order; weights are
    non-negative, normalised to :math:`\sum_j w_j = 1`, and must sum to a positive number.
    ``directions`` says for each criterion whether more is better (``benefit``) or worse
    (``cost``). Every alternative needs a finite value for every criterion (a missing value,
    ``None`` or NaN, raises :class:`SelectionError` naming the alternative and criterion).

    **Normalisation** of the values :math:`x_{ij}` (alternative :math:`i`, criterion
    :math:`j`), ``normalisation`` (default ``vector`` for TOPSIS, ``minmax`` for WSM):

    - ``vector``: :math:`r_{ij} = x_{ij} / \sqrt{\sum_i x_{ij}^2}` (0 for a criterion where
      every value is 0); a cost criterion stays a cost.
    - ``minmax``: :math:`r_{ij} = (x_{ij} - \min_i x_{ij}) / (\max_i x_{ij} - \min_i x_{ij})`
      for a benefit and :math:`(\max_i x_{ij} - x_{ij}) / (\max - \min)` for a cost, so 1 is
      the best value; a criterion with the same value for every alternative gives every
      alternative 1 (it is as good as the best available), which changes no ranking.

    **TOPSIS** (Hwang and Yoon 1981, *Multiple Attribute Decision Making: Methods and
    Applications*, Springer): :math:`v_{ij} = w_j r_{ij}`; the ideal
    :math:`v^+_j` is the best :math:`v_{ij}` (largest for a benefit, smallest for a cost) and
    the anti-ideal :math:`v^-_j` the worst; :math:`S^\pm_i = \sqrt{\sum_j (v_{ij} -
    v^\pm_j)^2}` and the score is the relative closeness :math:`C_i = S^-_i / (S^+_i +
    S^-_i)` in [0, 1]. An alternative equal to both ideals (every weighted criterion constant)
    scores 1.

    **WSM**, the weighted sum (Fishburn 1967; Triantaphyllou 2000, *Multi-Criteria Decision
    Making Methods*, ch. 2): :math:`S_i = \sum_j w_j r_{ij}`, with :math:`1 - r_{ij}` for a cost
    criterion under ``vector`` normalisation (``minmax`` has already turned costs round).

    ``alternatives`` in the result are ordered by score, best first, ties in input order;
    ``rank`` is 1 for the best and tied scores (equal within :math:`10^{-9}` relative) share
    the better rank (1, 2, 2, 4). Both methods' rankings are unchanged when a criterion's
    values are multiplied by a positive constant. Inputs are not modified.

    >>> candidates = {
    ...     "Atuntaqui garments": {"employment": 4200, "lq": 6.1, "environmental_risk": 2},
    ...     "Ambato footwear": {"employment": 5100, "lq": 3.4, "environmental_risk": 4},
    ...     "Cuenca ceramics": {"employment": 1800, "lq": 4.0, "environmental_risk": 3},
    ... }
    >>> weights = {"employment": 0.5, "lq": 0.3, "environmental_risk": 0.2}
    >>> directions = {"employment": "benefit", "lq": "benefit", "environmental_risk": "cost"}
    >>> for a in rank(candidates, weights=weights, directions=directions).alternatives:
    ...     print(a.rank, a.alternative, round(a.score, 3))
    1 Atuntaqui garments 0.766
    2 Ambato footwear 0.658
    3 Cuenca ceramics 0.145
    >>> result = rank(candidates, weights=weights, directions=directions, method="wsm")
    >>> [(a.alternative, round(a.score, 3)) for a in result.alternatives][:1]
    [('Atuntaqui garments', 0.864)]
    """
    import numpy as np

    table = decision(alternatives, weights=weights, directions=directions)
    normalisation = resolve_normalisation(method, normalisation)
    r, better = normalised(table, normalisation)
    score = scores(r, better, table.weights[np.newaxis, :], method=method)[0]
    order, rank_of = rank_order(score)
    return RankingResult(
        method=method,
        normalisation=normalisation,
        weights=dict(zip(table.criteria, table.weights.tolist(), strict=True)),
        alternatives=[
            RankedAlternative(table.alternatives[i], float(score[i]), rank_of[i]) for i in order
        ],
    )


@dataclass(frozen=True)
class Decision:
    """The decision matrix: alternatives × criteria values, normalised weights, directions."""

    alternatives: list[str]
    criteria: list[str]
    values: NDArray[np.float64]
    weights: NDArray[np.float64]
    benefit: NDArray[np.bool_]


def decision(
    alternatives: Alternatives,
    *,
    weights: Mapping[str, float],
    directions: Mapping[str, Direction],
) -> Decision:
    """Check the inputs of :func:`rank` and gather them as arrays (see there for the rules)."""
    import numpy as np

    criteria = list(weights)
    if not criteria:
        raise SelectionError("give at least one criterion with a weight")
    w = np.array([_weight(name, weights[name]) for name in criteria])
    total = math.fsum(w.tolist())
    if not total > 0:
        raise SelectionError("the weights sum to 0; give at least one criterion a positive weight")
    for name in criteria:
        if name not in directions:
            raise SelectionError(f"criterion {name!r} has no direction (benefit or cost)")
        if directions[name] not in ("benefit", "cost"):
            raise SelectionError(
                f"criterion {name!r}: direction {directions[name]!r} is not benefit or cost"
            )
    for name in directions:
        if name not in weights:
            raise SelectionError(f"unknown criterion {name!r}: it has a direction but no weight")
    rows = _rows(alternatives)
    values = np.array(
        [
            [_value(alternative, name, row.get(name)) for name in criteria]
            for alternative, row in rows
        ]
    )
    return Decision(
        alternatives=[alternative for alternative, _row in rows],
        criteria=criteria,
        values=values,
        weights=w / total,
        benefit=np.array([directions[name] == "benefit" for name in criteria]),
    )


def normalised(
    table: Decision, normalisation: Normalisation
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """The normalised values and, per criterion, whether larger normalised values are better."""
    import numpy as np

    x = table.values
    if normalisation == "vector":
        norm = np.sqrt((x**2).sum(axis=0))
        safe = np.where(norm > 0, norm, 1.0)
        return np.where(norm > 0, x / safe, 0.0), table.benefit.copy()
    low, high = x.min(axis=0), x.max(axis=0)
    spread = high - low
    safe = np.where(spread > 0, spread, 1.0)
    r = np.where(table.benefit, (x - low) / safe, (high - x) / safe)
    return np.where(spread > 0, r, 1.0), np.ones(len(table.criteria), dtype=bool)


def scores(
    r: NDArray[np.float64],
    better: NDArray[np.bool_],
    weights: NDArray[np.float64],
    *,
    method: Method,
) -> NDArray[np.float64]:
    """Scores of the alternatives (columns) under each row of ``weights`` (samples × criteria).

    Weights are non-negative, so the weighted ideal :math:`v^+_j = w_j \\max_i r_{ij}` and
    :math:`(v_{ij} - v^+_j)^2 = w_j^2 (r_{ij} - \\max_i r_{ij})^2`: one matrix product per
    distance for all the samples at once.
    """
    import numpy as np

    if method == "wsm":
        oriented = np.where(better, r, 1.0 - r)
        result: NDArray[np.float64] = weights @ oriented.T
        return result
    best = np.where(better, r.max(axis=0), r.min(axis=0))
    worst = np.where(better, r.min(axis=0), r.max(axis=0))
    squared = weights**2
    to_ideal = np.sqrt(squared @ ((r - best) ** 2).T)
    to_anti_ideal = np.sqrt(squared @ ((r - worst) ** 2).T)
    total = to_ideal + to_anti_ideal
    closeness: NDArray[np.float64] = np.where(
        total > 0, to_anti_ideal / np.where(total > 0, total, 1.0), 1.0
    )
    return closeness


def ranks(score: NDArray[np.float64]) -> NDArray[np.int64]:
    """Competition ranks along the last axis: 1 + how many score clearly higher."""
    import numpy as np

    tolerance = _TIE_ABSOLUTE + _TIE_RELATIVE * np.abs(score)
    higher = score[..., np.newaxis, :] > score[..., :, np.newaxis] + tolerance[..., :, np.newaxis]
    result: NDArray[np.int64] = 1 + higher.sum(axis=-1)
    return result


def rank_order(score: NDArray[np.float64]) -> tuple[list[int], list[int]]:
    rank_of = ranks(score).tolist()
    order = sorted(range(len(rank_of)), key=lambda i: (rank_of[i], i))
    return order, rank_of


def resolve_normalisation(method: str, normalisation: str | None) -> Normalisation:
    if method not in _METHODS:
        raise SelectionError(f"unknown method {method!r}: choose topsis or wsm")
    if normalisation is None:
        return _DEFAULT_NORMALISATION[method]
    if normalisation not in _NORMALISATIONS:
        raise SelectionError(f"unknown normalisation {normalisation!r}: choose vector or minmax")
    return "vector" if normalisation == "vector" else "minmax"


def _rows(alternatives: Alternatives) -> list[tuple[str, Mapping[str, Any]]]:
    if isinstance(alternatives, Mapping):
        rows = [(str(name), row) for name, row in alternatives.items()]
    elif isinstance(alternatives, str | bytes):
        raise SelectionError("alternatives must be a mapping or a list of rows, not a string")
    else:
        rows = []
        for number, row in enumerate(alternatives, start=1):
            if not isinstance(row, Mapping) or row.get("alternative") in (None, ""):
                raise SelectionError(f"row {number} has no 'alternative'")
            rows.append((str(row["alternative"]), row))
    if not rows:
        raise SelectionError("give at least one alternative")
    seen: set[str] = set()
    for name, row in rows:
        if name in seen:
            raise SelectionError(f"alternative {name!r} is given twice")
        if not isinstance(row, Mapping):
            raise SelectionError(f"alternative {name!r}: its values must be a mapping")
        seen.add(name)
    return rows


def _value(alternative: str, criterion: str, value: object) -> float:
    where = f"alternative {alternative!r}, criterion {criterion!r}"
    if value is None:
        raise SelectionError(f"{where}: missing value")
    if isinstance(value, str | bytes | bool):
        raise SelectionError(f"{where}: {value!r} is not a number")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise SelectionError(f"{where}: {value!r} is not a number") from None
    if math.isnan(number):
        raise SelectionError(f"{where}: missing value")
    if not math.isfinite(number):
        raise SelectionError(f"{where}: {number} is not a finite number")
    return number


def _weight(criterion: str, value: object) -> float:
    where = f"criterion {criterion!r}"
    if isinstance(value, str | bytes | bool) or value is None:
        raise SelectionError(f"{where}: weight {value!r} is not a number")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise SelectionError(f"{where}: weight {value!r} is not a number") from None
    if not math.isfinite(number) or number < 0:
        raise SelectionError(f"{where}: weight {number:g} is not a non-negative number")
    return number
