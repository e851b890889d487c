"""Borgatti–Everett core–periphery: the continuous fit against an independent least-squares
solver, and the discrete core on networks whose core is known."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import least_squares

from clusterdev.networks import Network, core_periphery, network
from clusterdev.networks._network import simple
from clusterdev.networks.tests.conftest import florentine, karate, random_network


def ideal_core_periphery(core: int, periphery_per_core: int) -> Network:
    """A clique of ``core`` actors, each with its own peripheral actors tied to it only."""
    members = [f"c{i}" for i in range(core)]
    ties = [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
    ties += [(m, f"{m}-p{j}") for m in members for j in range(periphery_per_core)]
    return network(ties, directed=False)


def dense_minres(net: Network) -> tuple[np.ndarray, float]:
    """Borgatti and Everett's (2000) continuous model fitted by SciPy's least-squares solver
    on the full matrix: min Σ_{i≠j} (s_ij − c_i c_j)², and the correlation of the ties with
    c cᵀ off the diagonal, computed directly."""
    graph = simple(net)
    a = np.zeros((graph.n, graph.n))
    sources, targets = graph.arcs()
    a[sources, targets] = 1.0
    s = (a + a.T) / 2
    off = ~np.eye(graph.n, dtype=bool)
    rows, columns = np.nonzero(off)
    cells = np.arange(rows.size)

    def jacobian(c: np.ndarray) -> np.ndarray:
        # ∂(s_ij − c_i c_j)/∂c_k = −(δ_ik c_j + δ_jk c_i)
        j = np.zeros((rows.size, graph.n))
        j[cells, rows] = -c[columns]
        j[cells, columns] -= c[rows]
        return j

    fit = least_squares(
        lambda c: (s - np.outer(c, c))[off],
        a.sum(axis=1) + 0.1,
        jac=jacobian,
        method="lm",
        xtol=1e-14,
        ftol=1e-14,
    )
    c = fit.x * np.sign(fit.x.sum())
    c /= np.linalg.norm(c)
    return c, float(np.corrcoef(a[off], np.outer(c, c)[off])[0, 1])


@pytest.mark.parametrize(
    "make", [florentine, karate, lambda: random_network(50, 0.1, seed=2)], ids=lambda f: ""
)
def test_the_continuous_coreness_is_the_least_squares_fit(make) -> None:  # type: ignore[no-untyped-def]
    net = make()
    result = core_periphery(net)
    expected, correlation = dense_minres(net)
    ours = np.array([result.coreness[a] for a in net.actors])
    assert ours == pytest.approx(expected, abs=1e-5)
    assert result.fit == pytest.approx(correlation, abs=1e-6)
    assert result.converged and sum(ours**2) == pytest.approx(1.0)


def test_the_discrete_core_of_an_ideal_structure_is_its_clique() -> None:
    result = core_periphery(ideal_core_periphery(core=5, periphery_per_core=3))
    assert result.core == ["c0", "c1", "c2", "c3", "c4"]
    assert result.core_fit == pytest.approx(1.0)
    assert (result.core_density, result.periphery_density) == (1.0, 0.0)
    # 15 core–periphery edges of 5 × 15 pairs.
    assert result.core_periphery_density == pytest.approx(15 / 75)
    assert min(result.coreness[c] for c in result.core) > max(
        v for a, v in result.coreness.items() if a not in result.core
    )


def test_the_florentine_core_holds_the_medici() -> None:
    # Padgett's marriage network: the Medici have by far the highest coreness.
    result = core_periphery(florentine())
    assert max(result.coreness, key=result.coreness.__getitem__) == "Medici"
    assert "Medici" in result.core


def test_directed_ties_are_fitted_as_their_symmetrisation() -> None:
    directed = network([("a", "b"), ("b", "c"), ("c", "a"), ("a", "d"), ("e", "b")])
    undirected = network(
        [("a", "b"), ("b", "c"), ("c", "a"), ("a", "d"), ("e", "b")], directed=False
    )
    one, two = core_periphery(directed), core_periphery(undirected)
    assert one.coreness == pytest.approx(two.coreness, abs=1e-6)
    assert one.core == two.core


def test_networks_without_variation_have_no_fit() -> None:
    empty = core_periphery(network([], actors=["a", "b", "c"]))
    complete = core_periphery(network([("a", "b"), ("b", "c"), ("a", "c")], directed=False))
    for result in (empty, complete):
        assert (result.fit, result.core, result.core_fit) == (None, [], None)
