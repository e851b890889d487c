"""Borgatti and Everett (2000) core–periphery structure: continuous coreness and a discrete
core.

**Continuous model.** Each actor i gets a coreness c_i such that the ideal tie pattern
δ_ij = c_i c_j (strong ties between core actors, weak ones between peripheral actors)
matches the observed ties a_ij over the off-diagonal cells (Borgatti and Everett 2000,
"Models of core/periphery structures", Social Networks 21, 375–395, section 4). The model is
fitted as UCINET fits it, by minres: c minimises Σ_{i≠j} (s_ij − c_i c_j)², where
s_ij = (a_ij + a_ji)/2 are the symmetrised binary ties (directed ties give the cells a_ij
and a_ji separately, undirected ones both). ``fit`` is then the Pearson correlation of the
ties a_ij with c_i c_j over the n(n − 1) off-diagonal cells, which is how the model's fit is
read.

Maximising that correlation directly instead is ill-posed: its supremum can lie at a
degenerate limit where one actor takes all the coreness and the others' is vanishingly small
(in Padgett's marriage network the correlation climbs from 0.44 at the minres fit to 0.52
as the Medici take everything), which ranks nobody. The least-squares fit spreads the
coreness over the actors and correlates nearly as well.

The fit runs by L-BFGS (Nocedal and Wright 2006, ch. 7; ten curvature pairs, a backtracking
Armijo line search) from the degrees, with the closed-form objective and gradient
−2 cᵀ S c + Σ_i c_i² Σ_{j≠i} c_j² and 4 (c_i Σ_{j≠i} c_j² − (S c)_i), never building the
n × n matrix; it has converged when the gradient has shrunk by ``tolerance`` (or the value
has stopped moving at double precision). The sums over j ≠ i are prefix plus suffix sums,
free of the cancellation of Σ − c_i². The coreness is scaled so that Σc² = 1 and Σc ≥ 0.

**Discrete model.** The actors are sorted by coreness (ties in coreness broken by the
actors' order) and the core is the top k, for the k whose ideal pattern correlates best
with the ties: 1 within the core, 0 within the periphery, and the core–periphery cells left
out as missing (one of Borgatti and Everett's variants); the smallest such k on a tie.
Every cut is scored in one pass: the ties within the top k and within the rest are
cumulative counts over the actors' ranks. ``core_fit`` is that best correlation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clusterdev.networks._network import Simple, simple
from clusterdev.networks._types import CorePeriphery, Network

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.int64]

__all__ = ["core_periphery", "fit_core_periphery"]

MAX_ITERATIONS = 1000
TOLERANCE = 1e-7


def core_periphery(
    network: Network, *, max_iterations: int = MAX_ITERATIONS, tolerance: float = TOLERANCE
) -> CorePeriphery:
    """Borgatti–Everett continuous coreness of each actor and the discrete core (see the
    module's documentation for the exact method): the minres coreness c, whose c_i c_j fit
    the ties a_ij (i ≠ j) in least squares, with ``fit`` = ρ(a_ij, c_i c_j), and the top
    actors by coreness whose ideal block pattern correlates best with the ties.
    ``max_iterations`` bounds the fit's iterations; it has converged when its gradient has
    shrunk by ``tolerance``.

    >>> from clusterdev.networks import network
    >>> ties = [("a", "b"), ("a", "c"), ("b", "c"), ("a", "d"), ("b", "e"), ("c", "f")]
    >>> result = core_periphery(network(ties, directed=False))
    >>> result.core, round(result.core_fit, 3), result.core_density, result.periphery_density
    (['a', 'b', 'c'], 1.0, 1.0, 0.0)
    >>> {actor: round(value, 2) for actor, value in result.coreness.items()}
    {'a': 0.55, 'b': 0.55, 'c': 0.55, 'd': 0.17, 'e': 0.17, 'f': 0.17}
    """
    return fit_core_periphery(simple(network), max_iterations=max_iterations, tolerance=tolerance)


def fit_core_periphery(
    graph: Simple, *, max_iterations: int = MAX_ITERATIONS, tolerance: float = TOLERANCE
) -> CorePeriphery:
    """:func:`core_periphery` on the simple graph."""
    import numpy as np

    n = graph.n
    sources, targets = graph.arcs()
    arcs = sources.size
    if arcs == 0 or n < 3 or arcs == n * (n - 1):
        # No variation in the ties: every pattern fits equally (not at all).
        return CorePeriphery(
            coreness={actor: 0.0 for actor in graph.ids},
            fit=None,
            core=[],
            core_fit=None,
            core_density=None,
            periphery_density=None,
            core_periphery_density=None,
            iterations=0,
            converged=True,
        )
    ties = _Ties(n, sources, targets)
    coreness, steps, done = _minres(ties, max_iterations, tolerance)
    if coreness.sum() < 0:
        coreness = -coreness
    coreness = coreness / np.sqrt((coreness**2).sum())
    core_size, core_fit, densities = _discrete_core(sources, targets, coreness, n)
    ranked = np.lexsort((np.arange(n), -coreness))
    return CorePeriphery(
        coreness={actor: float(coreness[i]) for i, actor in enumerate(graph.ids)},
        fit=ties.correlation(coreness),
        core=[graph.ids[i] for i in sorted(ranked[:core_size].tolist())],
        core_fit=core_fit,
        core_density=densities[0],
        periphery_density=densities[1],
        core_periphery_density=densities[2],
        iterations=steps,
        converged=done,
    )


class _Ties:
    """The binary arcs, with the products the fits need, never as an n × n matrix."""

    def __init__(self, n: int, sources: IntArray, targets: IntArray) -> None:
        self.n, self.sources, self.targets = n, sources, targets
        self.cells = float(n * (n - 1))
        self.sx = float(sources.size)  # Σx = Σx² for binary ties

    def symmetric_times(self, c: FloatArray) -> FloatArray:
        """S c with S = (A + Aᵀ)/2."""
        import numpy as np

        out = np.bincount(self.sources, weights=c[self.targets], minlength=self.n)
        back = np.bincount(self.targets, weights=c[self.sources], minlength=self.n)
        return np.asarray((out + back) * 0.5, dtype=np.float64)

    def correlation(self, c: FloatArray) -> float | None:
        """Pearson's r of a_ij and c_i c_j over the off-diagonal cells."""
        sy = float(c @ _others(c))
        syy = float((c**2) @ _others(c**2))
        sxy = float((c[self.sources] * c[self.targets]).sum())
        vx = self.sx - self.sx * self.sx / self.cells
        vy = syy - sy * sy / self.cells
        if vx <= 0 or vy <= 1e-300:
            return None
        return float((sxy - self.sx * sy / self.cells) / (vx * vy) ** 0.5)

    def residual(self, c: FloatArray) -> tuple[float, FloatArray]:
        """Σ_{i≠j} (s_ij − c_i c_j)², less its constant Σ s_ij², and its gradient."""
        s_c = self.symmetric_times(c)
        others = _others(c**2)
        value = -2.0 * float(c @ s_c) + float((c**2) @ others)
        return value, 4.0 * (c * others - s_c)


def _others(values: FloatArray) -> FloatArray:
    """Each entry's sum of the other entries, as prefix plus suffix sums: Σ − v_i would lose
    every digit when one entry dominates."""
    import numpy as np

    before = np.concatenate([[0.0], np.cumsum(values)[:-1]])
    after = np.concatenate([np.cumsum(values[::-1])[-2::-1], [0.0]])
    return np.asarray(before + after, dtype=np.float64)


def _minres(ties: _Ties, max_iterations: int, tolerance: float) -> tuple[FloatArray, int, bool]:
    """The least-squares coreness by L-BFGS from the degrees (see the module's docs)."""
    import numpy as np

    degree = ties.symmetric_times(np.ones(ties.n))
    x = degree / np.sqrt(max(float((degree**2).sum()), 1e-300))
    value, gradient = ties.residual(x)
    threshold = tolerance * max(float(np.abs(gradient).max()), 1e-300)
    steps: list[tuple[FloatArray, FloatArray, float]] = []
    stalled = 0
    for iteration in range(max_iterations):
        if float(np.abs(gradient).max()) <= threshold:
            return x, iteration, True
        direction = _two_loop(gradient, steps)
        slope = float(direction @ gradient)
        if slope >= 0:  # not a descent direction: forget the curvature pairs
            steps.clear()
            direction, slope = -gradient, -float(gradient @ gradient)
        step = 1.0 if steps else 0.1 / max(float(np.abs(gradient).max()), 1e-300)
        while True:
            trial = x + step * direction
            trial_value, trial_gradient = ties.residual(trial)
            if trial_value <= value + 1e-4 * step * slope:
                break
            step *= 0.5
            if step < 1e-20:
                return x, iteration, True  # no descent left at this precision
        s, y = trial - x, trial_gradient - gradient
        curvature = float(s @ y)
        if curvature > 1e-300:
            steps.append((s, y, 1.0 / curvature))
            del steps[:-10]
        stalled = stalled + 1 if value - trial_value <= 1e-15 * abs(value) else 0
        x, value, gradient = trial, trial_value, trial_gradient
        if stalled >= 5:
            return x, iteration + 1, True  # the value no longer moves at this precision
    return x, max_iterations, False


def _two_loop(
    gradient: FloatArray, steps: list[tuple[FloatArray, FloatArray, float]]
) -> FloatArray:
    """−H∇ from the stored curvature pairs (the L-BFGS two-loop recursion)."""
    q = gradient.copy()
    alphas = []
    for s, y, rho in reversed(steps):
        alpha = rho * float(s @ q)
        alphas.append(alpha)
        q -= alpha * y
    if steps:
        s, y, _rho = steps[-1]
        q *= float(s @ y) / float(y @ y)
    for (s, y, rho), alpha in zip(steps, reversed(alphas), strict=True):
        beta = rho * float(y @ q)
        q += (alpha - beta) * s
    return -q


def _discrete_core(
    sources: npt.NDArray[np.int64],
    targets: npt.NDArray[np.int64],
    coreness: FloatArray,
    n: int,
) -> tuple[int, float | None, tuple[float | None, float | None, float | None]]:
    """The best core size by the ideal pattern's correlation, and the blocks' densities."""
    import numpy as np

    ranked = np.lexsort((np.arange(n), -coreness))
    rank = np.empty(n, dtype=np.int64)
    rank[ranked] = np.arange(n)
    high = np.maximum(rank[sources], rank[targets])
    low = np.minimum(rank[sources], rank[targets])
    arcs = sources.size
    k = np.arange(n + 1, dtype=np.float64)
    within_core = np.concatenate([[0], np.cumsum(np.bincount(high, minlength=n))])
    within_periphery = arcs - np.concatenate([[0], np.cumsum(np.bincount(low, minlength=n))])
    core_cells = k * (k - 1)
    periphery_cells = (n - k) * (n - k - 1)
    cells = core_cells + periphery_cells
    sx = (within_core + within_periphery).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        vx = sx - sx * sx / cells
        vy = core_cells - core_cells * core_cells / cells
        r = (within_core - sx * core_cells / cells) / np.sqrt(vx * vy)
    r[~np.isfinite(r)] = np.nan
    r[0] = r[n] = np.nan
    if np.all(np.isnan(r)):
        return 0, None, (None, None, None)
    size = int(np.nanargmax(r))
    across = arcs - within_core[size] - within_periphery[size]
    return (
        size,
        float(r[size]),
        (
            float(within_core[size] / core_cells[size]),
            float(within_periphery[size] / periphery_cells[size])
            if periphery_cells[size]
            else None,
            float(across / (2 * size * (n - size))),
        ),
    )
