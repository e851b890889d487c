"""How firmly a ranking holds when the criteria weights move."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from clusterdev.selection._ranking import (
    Alternatives,
    decision,
    normalised,
    rank_order,
    ranks,
    resolve_normalisation,
    scores,
)
from clusterdev.selection._types import (
    Direction,
    Method,
    Normalisation,
    SelectionError,
    SensitivityResult,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["sensitivity"]

SCAN_STEPS = 1000
_BISECTIONS = 50


def sensitivity(
    alternatives: Alternatives,
    *,
    weights: Mapping[str, float],
    directions: Mapping[str, Direction],
    method: Method = "topsis",
    normalisation: Normalisation | None = None,
    samples: int = 1000,
    concentration: float = 100.0,
    top_k: int = 3,
    seed: int = 0,
) -> SensitivityResult:
    r"""How likely each alternative is to rank first or in the top k when the weights move,
    and how far each criterion's weight may move before the first-ranked alternative changes.

    The alternatives, weights, directions, method and normalisation are those of :func:`rank`,
    which ranks the alternatives at each weighting.

    **Monte Carlo** (in the spirit of SMAA, Lahdelma, Hokkanen and Salminen 1998, *EJOR*
    106:137–143, with weights drawn around the chosen ones rather than uniformly):
    ``samples`` weight vectors are drawn from the Dirichlet distribution with parameters
    :math:`\alpha_j = \kappa w_j`, where :math:`\kappa` is ``concentration``; their mean is
    :math:`w` and each weight's variance is :math:`w_j (1 - w_j) / (\kappa + 1)`, so a
    larger :math:`\kappa` keeps them closer to :math:`w` (with :math:`\kappa = 100` a weight of
    0.3 has a standard deviation of about 0.046). A criterion of weight 0 keeps weight 0.
    ``first`` and ``in_top_k`` are, for each alternative, the share of the samples in which it
    ranks first and in the first ``top_k`` (an alternative tied for a rank holds it, so with
    exact ties the shares of ranking first may sum to more than 1). The draws come only from
    ``numpy.random.default_rng(seed)``: the same inputs and seed give the same result.

    **Stable ranges**: ``top`` is the alternative ranked first at :math:`w`. For each criterion
    :math:`c`, its weight is set to :math:`t \in [0, 1]` and the other weights are rescaled to
    keep their proportions, :math:`w_j(t) = w_j (1 - t) / (1 - w_c)` (shared equally when
    :math:`w_c = 1`); ``stable_ranges[c]`` is the interval :math:`[t_{lo}, t_{hi}]` around
    :math:`w_c` over which ``top`` stays first (ties included). :math:`t` is scanned in steps of
    0.001 outwards from :math:`w_c` and each end is refined by bisection to :math:`10^{-9}`.
    For WSM the scores are linear in :math:`t`, so the interval is exact; for TOPSIS a dip
    narrower than the step could be missed.

    >>> candidates = {
    ...     "Atuntaqui garments": {"employment": 4200, "lq": 6.1, "environmental_risk": 2},
    ...     "Ambato footwear": {"employment": 5100, "lq": 3.4, "environmental_risk": 4},
    ...     "Cuenca ceramics": {"employment": 1800, "lq": 4.0, "environmental_risk": 3},
    ... }
    >>> result = sensitivity(
    ...     candidates,
    ...     weights={"employment": 0.5, "lq": 0.3, "environmental_risk": 0.2},
    ...     directions={"employment": "benefit", "lq": "benefit", "environmental_risk": "cost"},
    ...     method="wsm",
    ...     top_k=2,
    ...     seed=7,
    ... )
    >>> result.top, result.first["Atuntaqui garments"], result.in_top_k["Cuenca ceramics"]
    ('Atuntaqui garments', 1.0, 0.0)
    >>> [round(t, 3) for t in result.stable_ranges["employment"]]
    [0.0, 0.786]
    """
    import numpy as np

    _check_options(samples=samples, concentration=concentration, top_k=top_k, seed=seed)
    table = decision(alternatives, weights=weights, directions=directions)
    normalisation = resolve_normalisation(method, normalisation)
    r, better = normalised(table, normalisation)
    w = table.weights
    order, _rank_of = rank_order(scores(r, better, w[np.newaxis, :], method=method)[0])
    top = order[0]

    drawn = np.zeros((samples, len(w)))
    positive = w > 0
    rng = np.random.default_rng(seed)
    drawn[:, positive] = rng.dirichlet(concentration * w[positive], size=samples)
    sampled_ranks = ranks(scores(r, better, drawn, method=method))
    first = (sampled_ranks == 1).mean(axis=0)
    in_top_k = (sampled_ranks <= top_k).mean(axis=0)

    def stays_first(weightings: NDArray[np.float64]) -> NDArray[np.bool_]:
        ranked: NDArray[np.bool_] = ranks(scores(r, better, weightings, method=method))[:, top] == 1
        return ranked

    names = table.alternatives
    return SensitivityResult(
        method=method,
        normalisation=normalisation,
        samples=samples,
        seed=seed,
        concentration=float(concentration),
        top_k=top_k,
        top=names[top],
        first=dict(zip(names, first.tolist(), strict=True)),
        in_top_k=dict(zip(names, in_top_k.tolist(), strict=True)),
        stable_ranges={
            criterion: _stable_range(w, c, stays_first)
            for c, criterion in enumerate(table.criteria)
        },
    )


def _weights_at(w: NDArray[np.float64], c: int, t: NDArray[np.float64]) -> NDArray[np.float64]:
    """Weightings with criterion ``c`` at each ``t`` and the others in their proportions."""
    import numpy as np

    others = w.copy()
    others[c] = 0.0
    rest = others.sum()
    if rest > 0:
        others /= rest
    elif len(w) > 1:
        others = np.full(len(w), 1 / (len(w) - 1))
        others[c] = 0.0
    result = np.outer(1.0 - t, others)
    result[:, c] = t
    return result


def _stable_range(
    w: NDArray[np.float64],
    c: int,
    stays_first: Callable[[NDArray[np.float64]], NDArray[np.bool_]],
) -> tuple[float, float]:
    import numpy as np

    def holds(t: float) -> bool:
        return bool(stays_first(_weights_at(w, c, np.array([t])))[0])

    def edge(inside: float, outside: float) -> float:
        for _ in range(_BISECTIONS):
            middle = (inside + outside) / 2
            if holds(middle):
                inside = middle
            else:
                outside = middle
        return inside

    current = float(w[c])
    grid = np.linspace(0.0, 1.0, SCAN_STEPS + 1)
    held = stays_first(_weights_at(w, c, grid)).tolist()
    below = int(np.searchsorted(grid, current, side="right")) - 1
    low = current
    for k in range(below, -1, -1):
        if not held[k]:
            low = edge(low, float(grid[k]))
            break
        low = float(grid[k])
    high = current
    for k in range(below + 1, len(grid)):
        if not held[k]:
            high = edge(high, float(grid[k]))
            break
        high = float(grid[k])
    return round(low, 9), round(high, 9)


def _check_options(*, samples: int, concentration: float, top_k: int, seed: int) -> None:
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
        raise SelectionError(f"samples must be a positive whole number, not {samples!r}")
    if isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 1:
        raise SelectionError(f"top_k must be a positive whole number, not {top_k!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise SelectionError(f"seed must be a non-negative whole number, not {seed!r}")
    if not (isinstance(concentration, int | float) and math.isfinite(concentration)):
        raise SelectionError(f"concentration must be a positive number, not {concentration!r}")
    if concentration <= 0:
        raise SelectionError(f"concentration must be a positive number, not {concentration!r}")
