"""Comparing waves: QAP correlation and its permutation p-value, tie turnover, changes."""

from __future__ import annotations

import random

import numpy as np
import pytest

from clusterdev.networks import (
    Network,
    NetworkError,
    Tie,
    Turnover,
    compare,
    network,
    qap,
    read_network,
    turnover,
)
from clusterdev.networks._network import simple
from clusterdev.networks.tests.conftest import ACTORS, TIES_2019, TIES_2022, random_network


def relabelled(net: Network, seed: int) -> Network:
    """The same structure with the actors' names shuffled."""
    names = list(net.actors)
    shuffled = names[:]
    random.Random(seed).shuffle(shuffled)
    rename = dict(zip(names, shuffled, strict=True))
    ties = [Tie(rename[t.source], rename[t.target]) for t in net.ties]
    return network(ties, actors=names, directed=net.directed)


def test_identical_networks_correlate_perfectly_and_significantly() -> None:
    net = random_network(30, 0.15, seed=1)
    result = qap(net, net, permutations=499, seed=3)
    assert result.r == pytest.approx(1.0)
    # No relabelling reaches |r| = 1, so only the observed labelling counts.
    assert result.p == pytest.approx(1 / 500)
    assert (result.permutations, result.seed, result.alternative) == (499, 3, "two-sided")
    assert abs(result.permuted_mean or 1) < 0.05


def test_a_relabelled_network_correlates_about_zero() -> None:
    net = random_network(60, 0.1, seed=2)
    result = qap(net, relabelled(net, seed=9), permutations=999, seed=1)
    assert result.r is not None and abs(result.r) < 0.1
    assert result.p is not None and result.p > 0.05


def test_the_p_value_is_the_share_of_permutations_as_extreme_as_observed() -> None:
    # Krackhardt (1987): relabel rows and columns together; here each permutation's r is
    # computed the plain way, with NumPy's corrcoef on the full matrices, from the same
    # seeded generator, and p = (#{|r_perm| ≥ |r|} + 1)/(permutations + 1).
    base, follow = random_network(25, 0.2, seed=4), random_network(25, 0.2, seed=5)
    result = qap(base, follow, permutations=200, seed=8)
    x = np.zeros((25, 25))
    y = np.zeros((25, 25))
    for matrix, net in ((x, base), (y, follow)):
        graph = simple(net)
        matrix[graph.source, graph.target] = 1
    off = ~np.eye(25, dtype=bool)
    observed = np.corrcoef(x[off], y[off])[0, 1]
    orders = np.random.default_rng(8).permuted(np.tile(np.arange(25), (200, 1)), axis=1)
    permuted = [np.corrcoef(x[np.ix_(o, o)][off], y[off])[0, 1] for o in orders]
    extreme = sum(abs(r) >= abs(observed) - 1e-12 for r in permuted)
    assert result.r == pytest.approx(observed)
    assert result.p == pytest.approx((extreme + 1) / 201)
    assert result.permuted_sd == pytest.approx(np.std(permuted))


def test_the_same_seed_gives_the_same_p_value() -> None:
    base, follow = random_network(30, 0.1, seed=6), random_network(30, 0.1, seed=7)
    assert qap(base, follow, permutations=300, seed=5) == qap(
        base, follow, permutations=300, seed=5
    )


def test_weighted_qap_uses_the_weights() -> None:
    base = network([Tie("a", "b", weight=5), Tie("b", "c"), Tie("c", "d"), Tie("d", "a")])
    follow = network([Tie("a", "b", weight=1), Tie("b", "c", weight=5), Tie("c", "d")])
    binary = qap(base, follow, permutations=0)
    weighted = qap(base, follow, permutations=0, weighted=True)
    assert binary.r != weighted.r
    assert binary.p is None


def test_a_constant_matrix_has_no_correlation() -> None:
    empty = network([], actors=["a", "b", "c"])
    result = qap(empty, network([("a", "b")], actors=["a", "b", "c"]), permutations=10)
    assert (result.r, result.p) == (None, None)


def test_turnover_on_a_tiny_case() -> None:
    base = network([("a", "b"), ("b", "c"), ("c", "d")])
    follow = network([("a", "b"), ("c", "b"), ("c", "d"), ("d", "e")])
    # Kept a→b and c→d; dropped b→c (c→b is another arc); added c→b and d→e.
    assert turnover(base, follow) == Turnover(kept=2, dropped=1, added=2, jaccard=2 / 5)
    undirected = turnover(
        network([("a", "b"), ("b", "c")], directed=False),
        network([("b", "a"), ("c", "d")], directed=False),
    )
    assert undirected == Turnover(kept=1, dropped=1, added=1, jaccard=1 / 3)


def test_comparing_directed_with_undirected_is_refused() -> None:
    with pytest.raises(NetworkError, match="one network is directed and the other undirected"):
        qap(network([("a", "b")]), network([("a", "b")], directed=False))


def test_compare_names_who_left_and_joined_the_core() -> None:
    def clique_with_leaves(core: list[str], leaves: list[str]) -> Network:
        ties = [(a, b) for i, a in enumerate(core) for b in core[i + 1 :]]
        ties += list(zip(core, leaves, strict=True))
        return network(ties, directed=False)

    old, new = ["a", "b", "c", "d"], ["e", "f", "g", "h"]
    result = compare(clique_with_leaves(old, new), clique_with_leaves(new, old), permutations=99)
    assert result.left_core == old
    assert result.joined_core == new
    # The clique's 6 ties go, the new clique's 6 come, the 4 ties between old and new stay.
    assert result.ties == Turnover(kept=4, dropped=6, added=6, jaccard=0.25)


def test_compare_the_two_survey_waves_of_the_garment_cluster() -> None:
    base = read_network(TIES_2019, nodes=ACTORS)
    follow = read_network(TIES_2022, nodes=ACTORS)
    result = compare(base, follow, permutations=199, seed=2)
    # The Chamber of Commerce sends information to two firms in 2019 (no brokerage: nobody
    # reaches it); in 2022 three firms ask it for advice and it passes on to the training
    # centre and a firm: it became a broker.
    assert "Cámara de Comercio de Antonio Ante" in result.became_brokers
    before, after = result.density["base"], result.density["follow"]
    assert before is not None and after is not None
    assert result.density["change"] == pytest.approx(after - before)
    changes = {c.id: c for c in result.actors}
    assert changes["Bordados Cotacachi"].degree == (0, 3)
    assert result.qap.permutations == 199
    assert {"qap", "ties", "actors", "brokers", "core"} <= set(result.conventions)
