"""Whole-network measures: density, reciprocity, components, centralization, the suite's
conventions, and the worker processes."""

from __future__ import annotations

import networkx as nx
import pytest

from clusterdev.networks import (
    NetworkError,
    Tie,
    centralization,
    density,
    from_networkx,
    measures,
    network,
    reciprocity,
    view,
)
from clusterdev.networks.tests.conftest import random_network


def test_density_counts_ordered_pairs_when_directed_and_unordered_when_not() -> None:
    ties = [("a", "b"), ("b", "a"), ("b", "c")]
    assert density(network(ties)) == 3 / 6
    assert density(network(ties, directed=False)) == 2 / 3  # a–b once, b–c
    assert density(network([], actors=["a"])) is None


def test_reciprocity_is_reported_dyad_based_and_arc_based() -> None:
    # Wasserman and Faust (1994), ch. 13: one mutual and two asymmetric dyads: dyad-based
    # 1/3; arc-based 2 of 4 arcs reciprocated, 1/2.
    net = network([("a", "b"), ("b", "a"), ("b", "c"), ("c", "d")])
    r = reciprocity(net)
    assert r is not None
    assert (r.mutual_dyads, r.asymmetric_dyads) == (1, 2)
    assert r.dyad_based == pytest.approx(1 / 3)
    assert r.arc_based == 0.5
    assert reciprocity(network([("a", "b")], directed=False)) is None


def test_reciprocity_of_parallel_typed_ties_counts_the_pair_once() -> None:
    net = network([Tie("a", "b", "advice"), Tie("a", "b", "business"), Tie("b", "a", "advice")])
    r = reciprocity(net)
    assert r is not None and (r.mutual_dyads, r.asymmetric_dyads) == (1, 0)


def test_a_star_is_fully_centralized_and_a_cycle_not_at_all() -> None:
    # Freeman (1979): the star is the most centralized network on every measure, and a
    # network where every actor scores the same has centralization 0.
    star = network([("hub", leaf) for leaf in "abcde"], directed=False)
    cycle = from_networkx(nx.cycle_graph(6))
    for closeness in ("wasserman_faust", "harmonic"):
        c = centralization(star, closeness=closeness)
        assert (c.degree, c.betweenness, c.closeness) == pytest.approx((1.0, 1.0, 1.0))
        c = centralization(cycle, closeness=closeness)
        assert (c.degree, c.betweenness, c.closeness) == pytest.approx((0.0, 0.0, 0.0))


def test_directed_centralization_reaches_one_for_the_out_star() -> None:
    out_star = network([("hub", leaf) for leaf in "abcde"])
    c = centralization(out_star)
    # Out-degrees 5, 0, 0, 0, 0, 0: Σ(5 − d) = 25 = (n − 1)²; in-degrees 0, 1, …: Σ(1 − d) = 1.
    assert (c.out_degree, c.in_degree) == pytest.approx((1.0, 1 / 25))
    assert c.closeness == pytest.approx(1.0)  # the hub reaches all, the others none
    mutual_star = network([(x, y) for leaf in "abcde" for x, y in (("hub", leaf), (leaf, "hub"))])
    assert centralization(mutual_star).betweenness == pytest.approx(1.0)


def test_centralization_is_undefined_below_three_actors() -> None:
    c = centralization(network([("a", "b")]))
    assert (c.degree, c.betweenness, c.closeness) == (None, None, None)


def test_components_isolates_and_mean_degree() -> None:
    net = network(
        [("a", "b"), ("b", "c"), ("c", "a"), ("d", "e")], actors=["a", "b", "c", "d", "e", "f"]
    )
    result = measures(net)
    assert (result.components.weak, result.components.strong) == (3, 4)
    assert result.components.sizes == [3, 2, 1]
    assert result.components.largest_share == 0.5
    assert result.isolates == ["f"]
    assert result.mean_degree == pytest.approx((2 + 2 + 2 + 1 + 1 + 0) / 6)


def test_degree_counts_distinct_partners_and_arcs_separately() -> None:
    net = network([("a", "b"), ("b", "a"), ("a", "c"), Tie("a", "c", "business", 2.5)])
    actors = {a.id: a for a in measures(net).actors}
    assert (actors["a"].degree, actors["a"].in_degree, actors["a"].out_degree) == (2, 1, 2)
    assert actors["a"].strength == 1 + 1 + 1 + 2.5
    undirected = {a.id: a for a in measures(network([("a", "b")], directed=False)).actors}
    assert (undirected["a"].in_degree, undirected["a"].out_degree) == (None, None)


def test_raw_betweenness_on_request_and_the_conventions_say_which() -> None:
    line = network([("a", "b"), ("b", "c"), ("c", "d")], directed=False)
    raw = measures(line, normalised=False)
    scaled = measures(line)
    assert {a.id: a.betweenness for a in raw.actors}["b"] == 2.0
    assert {a.id: a.betweenness for a in scaled.actors}["b"] == pytest.approx(2 / 3)
    assert raw.conventions["betweenness"].startswith("raw")
    assert scaled.conventions["betweenness"].startswith("normalised")
    assert raw.centralization == scaled.centralization


def test_the_conventions_name_every_actor_measure() -> None:
    result = measures(random_network(20, 0.2, seed=1, groups=3), group="group")
    named = set(result.conventions)
    for key in ("degree", "betweenness", "closeness", "eigenvector", "coreness", "core"):
        assert key in named
    for key in ("k_core", "constraint", "brokerage_total", "brokerage", "ei_index"):
        assert key in named
    assert "directed" in result.conventions["directed"]
    assert (
        "harmonic"
        in measures(random_network(5, 0.5, seed=1), closeness="harmonic").conventions["closeness"]
    )


def test_an_unknown_closeness_is_refused() -> None:
    with pytest.raises(NetworkError, match="unknown closeness 'freeman'"):
        measures(network([("a", "b")]), closeness="freeman")  # type: ignore[arg-type]


def test_a_network_mixing_waves_must_be_measured_one_wave_at_a_time() -> None:
    net = network([Tie("a", "b", wave="2019"), Tie("a", "c", wave="2022")])
    with pytest.raises(NetworkError, match=r"2 waves \(2019, 2022\)"):
        measures(net)
    assert measures(view(net, wave="2022")).n_ties == 1


def test_a_network_without_ties_is_measured_as_isolates() -> None:
    result = measures(network([], actors=["a", "b", "c"]))
    assert (result.n_ties, result.density, result.isolates) == (0, 0.0, ["a", "b", "c"])
    assert result.core_periphery.fit is None and result.core_periphery.core == []
    assert all(a.eigenvector == 0 and a.constraint is None for a in result.actors)
    assert [p.kind for p in result.problems] == ["no_ties"]


def test_worker_processes_give_the_same_values_as_one_process() -> None:
    net = random_network(300, 0.03, seed=5)
    one = measures(net, workers=1)
    three = measures(net, workers=3)
    for a, b in zip(one.actors, three.actors, strict=True):
        assert (a.betweenness, a.closeness) == pytest.approx((b.betweenness, b.closeness))
    with pytest.raises(NetworkError, match="workers must be 1 or more"):
        measures(net, workers=0)


def test_reach_falls_back_to_igraph_beyond_the_bitset_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from clusterdev.networks import _measures

    net = random_network(80, 0.02, seed=12)  # many strongly connected components
    expected = [a.closeness for a in measures(net).actors]
    monkeypatch.setattr(_measures, "MAX_CONDENSED", 2)
    assert [a.closeness for a in measures(net).actors] == pytest.approx(expected)


def test_one_process_for_small_networks_and_the_cores_for_large_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    from clusterdev.networks._network import simple
    from clusterdev.networks._sweeps import default_workers

    small = simple(random_network(50, 0.1, seed=1))
    assert default_workers(small) == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2}, raising=False)
    monkeypatch.setattr("clusterdev.networks._sweeps.PARALLEL_WORK", 10)
    assert default_workers(small) == 3


def test_a_worker_that_fails_leaves_its_share_to_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from clusterdev.networks import _sweeps

    def broken(task: object) -> None:
        raise MemoryError("killed")

    net = random_network(120, 0.05, seed=8)
    expected = [x for a in measures(net, workers=1).actors for x in (a.betweenness, a.closeness)]
    monkeypatch.setattr(_sweeps, "_task", broken)  # the forked worker inherits it
    result = measures(net, workers=2)
    assert [x for a in result.actors for x in (a.betweenness, a.closeness)] == pytest.approx(
        expected
    )
