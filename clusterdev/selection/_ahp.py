"""The Analytic Hierarchy Process: priorities and consistency of pairwise comparisons, alone
and for a group of stakeholders."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from clusterdev.selection._types import (
    Aggregation,
    AHPResult,
    GroupAHPResult,
    InconsistentJudgment,
    Prioritisation,
    SelectionError,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Matrix = Sequence[Sequence[float]] | NDArray[np.floating[Any]]

__all__ = [
    "CONSISTENT_CR",
    "RECIPROCAL_TOLERANCE",
    "ahp",
    "cell_name",
    "group_ahp",
    "judgments_text",
    "random_index",
]

# Saaty's random index for n = 1..10 (Saaty 1980), then Alonso and Lamata (2006) for n = 11..15.
# The values often copied for 11..15 (1.51, 1.48, 1.56, 1.57, 1.59) fall at n = 12, which no
# index should; Alonso and Lamata's rise smoothly on from Saaty's 1.49 at n = 10.
_RANDOM_INDEX = (
    0.0,
    0.0,
    0.58,
    0.90,
    1.12,
    1.24,
    1.32,
    1.41,
    1.45,
    1.49,
    1.5141,
    1.5365,
    1.5551,
    1.5713,
    1.5838,
)
MAX_CRITERIA = len(_RANDOM_INDEX)
CONSISTENT_CR = 0.10
# A judgment and its mirror may be typed as rounded decimals (3 and 0.333, 9 and 0.11).
RECIPROCAL_TOLERANCE = 0.01
# Judgments whose ratio to the implied value is within this (in log terms) agree with the rest.
_AGREES = 1e-9


def random_index(n: int) -> float:
    r"""The random index RI of an :math:`n \times n` pairwise comparison matrix.

    RI is the mean consistency index of random reciprocal matrices with judgments drawn from
    Saaty's 1–9 scale; the consistency ratio divides by it, :math:`CR = CI / RI`. For
    :math:`n \le 10` the values are Saaty's (Saaty 1980, *The Analytic Hierarchy Process*,
    McGraw-Hill): 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49. For
    :math:`11 \le n \le 15` they are those simulated by J. A. Alonso and M. T. Lamata (2006),
    "Consistency in the analytic hierarchy process: a new approach", *Int. J. Uncertainty,
    Fuzziness and Knowledge-Based Systems* 14(4):445–459: 1.5141, 1.5365, 1.5551, 1.5713,
    1.5838. (Their values for :math:`n \le 10` differ from Saaty's by at most 0.06; Saaty's
    are kept there so that CRs match the literature.) RI is 0 for :math:`n \le 2`, where every
    reciprocal matrix is consistent.

    >>> random_index(3), random_index(10), random_index(15)
    (0.58, 1.49, 1.5838)
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_CRITERIA:
        raise SelectionError(f"the random index is tabulated for n = 1 to {MAX_CRITERIA}, not {n}")
    return _RANDOM_INDEX[n - 1]


def ahp(
    matrix: Matrix,
    *,
    criteria: Sequence[str] | None = None,
    prioritisation: Prioritisation = "eigenvector",
) -> AHPResult:
    r"""Priorities and consistency of a reciprocal pairwise comparison matrix.

    :math:`a_{ij}` says how many times more important criterion :math:`i` is than criterion
    :math:`j` (Saaty's scale: 1 equal, 3 moderately, 5 strongly, 7 very strongly, 9 extremely
    more important; 2, 4, 6, 8 between; reciprocals for less important), with
    :math:`a_{ji} = 1 / a_{ij}` and :math:`a_{ii} = 1`.

    **Weights** (Saaty 1977, "A scaling method for priorities in hierarchical structures",
    *J. Math. Psychology* 15:234–281; Saaty 1980): the principal right eigenvector,
    :math:`A w = \lambda_{max} w`, normalised to :math:`\sum_i w_i = 1`. With
    ``prioritisation="geometric_mean"`` the weights are instead the normalised row geometric
    means :math:`w_i \propto (\prod_j a_{ij})^{1/n}` (Crawford and Williams 1985, "A note on the
    analysis of subjective judgment matrices", *J. Math. Psychology* 29:387–405), the
    prioritisation under which group aggregations agree (see :func:`group_ahp`); the
    consistency measures below stay Saaty's, from :math:`\lambda_{max}`.

    **Consistency**: :math:`CI = (\lambda_{max} - n) / (n - 1)` and :math:`CR = CI / RI(n)`
    (:func:`random_index`). ``consistent`` is :math:`CR \le 0.10`, Saaty's threshold; an
    inconsistent matrix is flagged, not refused. For :math:`n \le 2` every reciprocal matrix
    is consistent and RI is 0, so ``cr`` is ``None`` (CR is 0 by definition) and ``consistent``
    is true. :math:`\lambda_{max} \ge n` for every positive reciprocal matrix; a value below
    :math:`n` by rounding is reported as :math:`n`.

    **Most inconsistent judgments** (Saaty 2003, "Decision-making with the AHP: why is the
    principal eigenvector necessary", *EJOR* 145:85–91): for each pair :math:`i < j`, the ratio
    :math:`\varepsilon_{ij} = a_{ij} w_j / w_i` of the judgment to the value
    :math:`w_i / w_j` the weights imply. Pairs are sorted by :math:`|\ln \varepsilon_{ij}|`,
    largest first, and pairs with :math:`\varepsilon_{ij} = 1` are left out. With eigenvector
    weights, :math:`\lambda_{max} - n = \frac{1}{n} \sum_{i<j} (\varepsilon_{ij} +
    \varepsilon_{ij}^{-1} - 2)` (Saaty 1980), so each pair adds
    :math:`(\varepsilon_{ij} + \varepsilon_{ij}^{-1} - 2) / (n (n - 1))` to CI and the order is
    that of each judgment's share of the inconsistency: the first is the one to reconsider
    first, towards ``implied`` (Saaty's advice; the weights move too, so other judgments'
    shares change after each revision).

    **Input**: a square sequence of rows (or a NumPy array) of positive finite numbers, at
    most 15 criteria. A judgment and its mirror must multiply to 1 within 0.01, so that
    rounded decimals (3 and 0.333, 9 and 0.11) are accepted; each such pair is then replaced
    by the exactly reciprocal :math:`\sqrt{a_{ij} / a_{ji}}` and its inverse (the diagonal by
    1). ``criteria`` names the rows (default ``C1``, ``C2``, …). Anything else raises
    :class:`SelectionError` naming the cell. The input is not modified.

    >>> result = ahp([[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]], criteria=["size", "trust", "growth"])
    >>> {k: round(w, 3) for k, w in result.weights.items()}
    {'size': 0.637, 'trust': 0.258, 'growth': 0.105}
    >>> round(result.lambda_max, 3), round(result.cr, 3), result.consistent
    (3.039, 0.033, True)

    Employment was judged only as important as the environment; the other judgments imply
    about 2.6 times:

    >>> result = ahp(
    ...     [[1, 2, 4, 1], [1/2, 1, 2, 4], [1/4, 1/2, 1, 2], [1, 1/4, 1/2, 1]],
    ...     criteria=["employment", "trust", "growth", "environment"],
    ... )
    >>> round(result.cr, 2), result.consistent
    (0.22, False)
    >>> worst = result.inconsistent_judgments[0]
    >>> worst.row, worst.column, worst.given, round(worst.implied, 2)
    ('employment', 'environment', 1.0, 2.56)
    """
    a, names = _checked(matrix, criteria)
    return _ahp(a, names, prioritisation)


def group_ahp(
    matrices: Sequence[Matrix],
    *,
    criteria: Sequence[str] | None = None,
    method: Aggregation = "judgments",
    stakeholder_weights: Sequence[float] | None = None,
    prioritisation: Prioritisation = "eigenvector",
) -> GroupAHPResult:
    r"""The group's priorities from several stakeholders' pairwise comparison matrices.

    Every matrix compares the same ``criteria`` in the same order and is checked as by
    :func:`ahp`. Stakeholder :math:`k` weighs :math:`\lambda_k`, ``stakeholder_weights``
    normalised to sum 1 (default: equal).

    - ``method="judgments"``, aggregation of individual judgments (AIJ): the weighted geometric
      mean of the judgments, :math:`a^G_{ij} = \prod_k a_{ij,k}^{\lambda_k}`, which keeps the
      group matrix reciprocal (Aczél and Saaty 1983, "Procedures for synthesizing ratio
      judgements", *J. Math. Psychology* 27:93–102: the geometric mean is the synthesis of
      ratio judgments that does). The group acts as a
      new individual: ``weights``, ``lambda_max``, ``ci``, ``cr`` and ``consistent`` are
      :func:`ahp` 's of :math:`A^G`, which is returned as ``matrix``.
    - ``method="priorities"``, aggregation of individual priorities (AIP): the weighted
      geometric mean of each stakeholder's weights, normalised,
      :math:`w^G_i \propto \prod_k w_{i,k}^{\lambda_k}`. No group matrix exists, so
      ``lambda_max``, ``ci``, ``cr``, ``consistent`` and ``matrix`` are ``None``; each
      stakeholder's consistency is in ``stakeholders``.

    Forman and Peniwati (1998), "Aggregating individual judgments and priorities with the
    analytic hierarchy process", *EJOR* 108:165–169: AIJ when the group acts as one unit, AIP
    when its members act as separate individuals. The two agree when every matrix is consistent
    (:math:`a_{ij,k} = w_{i,k} / w_{j,k}`), and always agree with
    ``prioritisation="geometric_mean"``; with inconsistent matrices and eigenvector weights
    they differ slightly.

    ``stakeholders`` holds each matrix's own :class:`AHPResult`, in the order given, and
    ``stakeholder_weights`` the normalised :math:`\lambda_k`.

    >>> ana = [[1, 3], [1/3, 1]]
    >>> bo = [[1, 1/3], [3, 1]]
    >>> group = group_ahp([ana, bo], criteria=["size", "trust"])
    >>> group.weights
    {'size': 0.5, 'trust': 0.5}
    >>> [s.weights["size"] for s in group.stakeholders]
    [0.75, 0.25]
    >>> weighted = group_ahp([ana, bo], criteria=["size", "trust"], stakeholder_weights=[3, 1])
    >>> round(weighted.matrix[0][1], 4), round(weighted.weights["size"], 4)
    (1.7321, 0.634)
    """
    import numpy as np

    if isinstance(matrices, str) or len(matrices) == 0:
        raise SelectionError("give at least one stakeholder's matrix")
    if method not in ("judgments", "priorities"):
        raise SelectionError(f"unknown aggregation {method!r}: choose judgments or priorities")
    checked = []
    for k, matrix in enumerate(matrices, start=1):
        try:
            checked.append(_checked(matrix, criteria))
        except SelectionError as error:
            raise SelectionError(f"stakeholder {k}, {error}", cell=error.cell) from None
    names = checked[0][1]
    n = len(names)
    for k, (a, _names) in enumerate(checked, start=1):
        if len(a) != n:
            raise SelectionError(
                f"stakeholder {k}: {len(a)} criteria, but stakeholder 1 compares {n}"
            )
    shares = _stakeholder_shares(stakeholder_weights, len(checked))
    individual = [_ahp(a, names, prioritisation) for a, _names in checked]
    if method == "judgments":
        logs = sum(share * np.log(a) for share, (a, _names) in zip(shares, checked, strict=True))
        together = np.exp(logs)
        result = _ahp(together, names, prioritisation)
        return GroupAHPResult(
            method=method,
            criteria=names,
            weights=result.weights,
            lambda_max=result.lambda_max,
            ci=result.ci,
            cr=result.cr,
            consistent=result.consistent,
            matrix=together.tolist(),
            stakeholder_weights=shares,
            stakeholders=individual,
        )
    logs = sum(
        share * np.log([r.weights[name] for name in names])
        for share, r in zip(shares, individual, strict=True)
    )
    weights = np.exp(logs)
    weights /= weights.sum()
    return GroupAHPResult(
        method=method,
        criteria=names,
        weights=dict(zip(names, weights.tolist(), strict=True)),
        lambda_max=None,
        ci=None,
        cr=None,
        consistent=None,
        matrix=None,
        stakeholder_weights=shares,
        stakeholders=individual,
    )


def _ahp(a: NDArray[np.float64], names: list[str], prioritisation: Prioritisation) -> AHPResult:
    import numpy as np

    n = len(names)
    values, vectors = np.linalg.eig(a)
    principal = int(np.argmax(values.real))
    lambda_max = max(float(values[principal].real), float(n))
    if prioritisation == "eigenvector":
        w = np.abs(vectors[:, principal].real)
    elif prioritisation == "geometric_mean":
        w = np.exp(np.log(a).mean(axis=1))
    else:
        raise SelectionError(
            f"unknown prioritisation {prioritisation!r}: choose eigenvector or geometric_mean"
        )
    w = w / w.sum()
    ci = (lambda_max - n) / (n - 1) if n > 1 else 0.0
    ri = random_index(n)
    cr = ci / ri if ri > 0 else None
    return AHPResult(
        criteria=names,
        weights=dict(zip(names, w.tolist(), strict=True)),
        lambda_max=lambda_max,
        ci=ci,
        cr=cr,
        consistent=cr is None or cr <= CONSISTENT_CR,
        inconsistent_judgments=_inconsistent_judgments(a, w, names),
    )


def _inconsistent_judgments(
    a: NDArray[np.float64], w: NDArray[np.float64], names: list[str]
) -> list[InconsistentJudgment]:
    found = []
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            implied = float(w[i] / w[j])
            ratio = float(a[i, j]) / implied
            if abs(math.log(ratio)) > _AGREES:
                # Rounded, so that pairs as inconsistent as each other keep the matrix's order.
                key = (-round(abs(math.log(ratio)), 9), i, j)
                found.append(
                    (key, InconsistentJudgment(names[i], names[j], float(a[i, j]), implied, ratio))
                )
    return [judgment for _key, judgment in sorted(found, key=lambda pair: pair[0])]


def _checked(
    matrix: Matrix, criteria: Sequence[str] | None
) -> tuple[NDArray[np.float64], list[str]]:
    """The matrix as floats with exact reciprocals, and the criteria names; or the first
    problem found, row by row."""
    import numpy as np

    try:
        rows = [list(row) for row in matrix]
    except TypeError:
        raise SelectionError("the matrix must be a sequence of rows of numbers") from None
    n = len(rows)
    if n == 0:
        raise SelectionError("the matrix is empty")
    if n > MAX_CRITERIA:
        raise SelectionError(
            f"{n} criteria: AHP compares at most {MAX_CRITERIA} at once "
            "(group them into a hierarchy)"
        )
    names = _names(criteria, n)
    for i, row in enumerate(rows):
        if len(row) != n:
            raise SelectionError(
                f"row {i + 1} ({names[i]}) has {judgments_text(len(row))}; "
                f"the matrix must be square, {n} × {n}"
            )
    a = np.empty((n, n))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            a[i, j] = _judgment(value, where=cell_name(names, i, j), cell=(i, j))
    for i in range(n):
        for j in range(i, n):
            if abs(a[i, j] * a[j, i] - 1) > RECIPROCAL_TOLERANCE + 1e-12:
                if i == j:
                    problem = f"the diagonal must be 1, not {_show(a[i, i])}"
                else:
                    problem = (
                        f"{_show(a[i, j])} is not the reciprocal of {_show(a[j, i])} at "
                        f"{cell_name(names, j, i)} (expected 1/{_show(a[j, i])} ≈ "
                        f"{_show(1 / a[j, i])})"
                    )
                raise SelectionError(f"{cell_name(names, i, j)}: {problem}", cell=(i, j))
    upper = np.sqrt(a / a.T)
    return np.triu(upper, 1) + np.tril(1 / upper.T, -1) + np.eye(n), names


def _judgment(value: object, *, where: str, cell: tuple[int, int]) -> float:
    if isinstance(value, str | bytes):
        raise SelectionError(f"{where}: {value!r} is not a number", cell=cell)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise SelectionError(f"{where}: {value!r} is not a number", cell=cell) from None
    if not math.isfinite(number):
        raise SelectionError(f"{where}: {_show(number)} is not a judgment", cell=cell)
    if number <= 0:
        raise SelectionError(f"{where}: {_show(number)} is not a positive judgment", cell=cell)
    return number


def _names(criteria: Sequence[str] | None, n: int) -> list[str]:
    if criteria is None:
        return [f"C{i + 1}" for i in range(n)]
    if isinstance(criteria, str):
        raise SelectionError("criteria must be a sequence of names, not one string")
    names = [str(name) for name in criteria]
    if len(names) != n:
        raise SelectionError(f"{len(names)} criteria named for a {n} × {n} matrix")
    for i, name in enumerate(names):
        if not name.strip():
            raise SelectionError(f"criterion {i + 1} has an empty name")
        if name in names[:i]:
            raise SelectionError(f"criterion {i + 1}: {name!r} is named twice")
    return names


def _stakeholder_shares(weights: Sequence[float] | None, count: int) -> list[float]:
    if weights is None:
        return [1 / count] * count
    try:
        values = [float(w) for w in weights]
    except (TypeError, ValueError):
        raise SelectionError("stakeholder weights must be numbers") from None
    if len(values) != count:
        raise SelectionError(f"{len(values)} stakeholder weights for {count} matrices")
    for k, value in enumerate(values, start=1):
        if not math.isfinite(value) or value < 0:
            raise SelectionError(
                f"stakeholder {k}: weight {_show(value)} is not a non-negative number"
            )
    total = math.fsum(values)
    if total <= 0:
        raise SelectionError(
            "the stakeholder weights sum to 0; give at least one a positive weight"
        )
    return [value / total for value in values]


def judgments_text(count: int) -> str:
    return f"{count} judgment" if count == 1 else f"{count} judgments"


def cell_name(names: list[str], i: int, j: int) -> str:
    """A matrix cell as errors name it: ``row i (name), column j (name)``, from 1."""
    return f"row {i + 1} ({names[i]}), column {j + 1} ({names[j]})"


def _show(number: float) -> str:
    return f"{number:g}"
