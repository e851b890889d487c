"""The plain records of a selection: the error, the AHP results, rankings and sensitivity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "AHPResult",
    "Aggregation",
    "Direction",
    "GroupAHPResult",
    "InconsistentJudgment",
    "Method",
    "Normalisation",
    "Prioritisation",
    "RankedAlternative",
    "RankingResult",
    "SelectionError",
    "SensitivityResult",
]

Direction = Literal["benefit", "cost"]
Method = Literal["topsis", "wsm"]
Normalisation = Literal["vector", "minmax"]
Aggregation = Literal["judgments", "priorities"]
Prioritisation = Literal["eigenvector", "geometric_mean"]


class SelectionError(ValueError):
    """An input the selection methods cannot use; the message is one line naming the cell.

    Matrix cells are named ``row i (name), column j (name)`` with ``i`` and ``j`` counted
    from 1 in the order of the criteria; ``cell`` holds the same place as 0-based
    ``(row, column)`` indices (``None`` when the problem is not one cell), so that a form can
    highlight it.
    """

    def __init__(self, message: str, *, cell: tuple[int, int] | None = None) -> None:
        super().__init__(message)
        self.cell = cell


@dataclass(frozen=True)
class InconsistentJudgment:
    """One pairwise judgment beside the value the priorities imply for it.

    ``row`` and ``column`` are criterion names; ``given`` is :math:`a_{ij}`, ``implied`` is
    :math:`w_i / w_j` and ``ratio`` is :math:`\\varepsilon_{ij} = a_{ij} w_j / w_i` (1 when the
    judgment agrees with the others).
    """

    row: str
    column: str
    given: float
    implied: float
    ratio: float


@dataclass(frozen=True)
class AHPResult:
    """What :func:`~clusterdev.selection.ahp` derives from one pairwise comparison matrix."""

    criteria: list[str]
    weights: dict[str, float]
    lambda_max: float
    ci: float
    cr: float | None
    consistent: bool
    inconsistent_judgments: list[InconsistentJudgment]


@dataclass(frozen=True)
class GroupAHPResult:
    """The group's priorities beside each stakeholder's own (see :func:`group_ahp`).

    ``lambda_max``, ``ci``, ``cr``, ``consistent`` and ``matrix`` describe the aggregated matrix
    and are ``None`` when ``method`` is ``"priorities"``, which aggregates no matrix.
    """

    method: Aggregation
    criteria: list[str]
    weights: dict[str, float]
    lambda_max: float | None
    ci: float | None
    cr: float | None
    consistent: bool | None
    matrix: list[list[float]] | None
    stakeholder_weights: list[float]
    stakeholders: list[AHPResult]


@dataclass(frozen=True)
class RankedAlternative:
    """One alternative's score and rank (1 = best; tied scores share the better rank)."""

    alternative: str
    score: float
    rank: int


@dataclass(frozen=True)
class RankingResult:
    """The alternatives in rank order, and the normalised weights that ranked them."""

    method: Method
    normalisation: Normalisation
    weights: dict[str, float]
    alternatives: list[RankedAlternative]


@dataclass(frozen=True)
class SensitivityResult:
    """How firmly the ranking holds when the weights move (see :func:`sensitivity`).

    ``first`` and ``in_top_k`` map each alternative to its share of the ``samples`` weightings
    in which it ranks first and in the first ``top_k``; ``top`` is the alternative ranked first
    at the given weights and ``stable_ranges`` maps each criterion to the interval of its weight
    over which ``top`` stays first.
    """

    method: Method
    normalisation: Normalisation
    samples: int
    seed: int
    concentration: float
    top_k: int
    top: str
    first: dict[str, float]
    in_top_k: dict[str, float]
    stable_ranges: dict[str, tuple[float, float]]
