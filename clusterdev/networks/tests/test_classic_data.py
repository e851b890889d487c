"""The measures on classic data that ships with networkx, against published values and
independent computations; each test names its source."""

from __future__ import annotations

import itertools
from collections import deque
from typing import Any

import networkx as nx
import numpy as np
import pytest

from clusterdev.networks import (
    ActorMeasures,
    Network,
    constraint,
    from_networkx,
    measures,
    network,
)
from clusterdev.networks.tests.conftest import KITE_NAMES, florentine, karate, kite


def brute_force_betweenness(graph: nx.Graph[Any]) -> dict[object, float]:
    """Freeman's (1977) definition, pair by pair: Σ_{s≠v≠t} σ_st(v)/σ_st, where σ_st(v) =
    σ_sv σ_vt when d(s, v) + d(v, t) = d(s, t); unordered pairs for an undirected graph.
    Written from the definition, independently of igraph's and networkx's algorithms."""

    def counts(source: object) -> tuple[dict[object, int], dict[object, int]]:
        distance, paths = {source: 0}, {source: 1}
        queue = deque([source])
        while queue:
            u = queue.popleft()
            for w in graph.neighbors(u):
                if w not in distance:
                    distance[w], paths[w] = distance[u] + 1, 0
                    queue.append(w)
                if distance[w] == distance[u] + 1:
                    paths[w] += paths[u]
        return distance, paths

    table = {node: counts(node) for node in graph}
    result = dict.fromkeys(graph, 0.0)
    pairs = (
        itertools.permutations(graph, 2)
        if graph.is_directed()
        else itertools.combinations(graph, 2)
    )
    for s, t in pairs:
        distance_s, paths_s = table[s]
        if t not in distance_s:
            continue
        for v in graph:
            if v in (s, t) or v not in distance_s:
                continue
            distance_v, paths_v = table[v]
            if t in distance_v and distance_s[v] + distance_v[t] == distance_s[t]:
                result[v] += paths_s[v] * paths_v[t] / paths_s[t]
    return result


def by_id(actors: list[ActorMeasures], name: str) -> dict[str, Any]:
    return {a.id: getattr(a, name) for a in actors}


def test_krackhardt_kite_matches_krackhardt_1990() -> None:
    # Source: Krackhardt, D. (1990), "Assessing the political landscape: structure, cognition,
    # and power in organizations", Administrative Science Quarterly 35(2):342–369 — the kite,
    # where Diane has the most ties, Fernando and Garth the best access (closeness) and
    # Heather brokers between the kite and its tail (betweenness); the normalised values
    # as commonly reproduced (e.g. networkx's documentation of the kite).
    result = measures(kite(), closeness="wasserman_faust")
    degree = by_id(result.actors, "degree")
    betweenness = by_id(result.actors, "betweenness")
    closeness = by_id(result.actors, "closeness")
    assert degree == dict(zip(KITE_NAMES, [4, 4, 3, 6, 3, 5, 5, 3, 2, 1], strict=True))
    expected_betweenness = {
        "Andre": 0.023,
        "Beverly": 0.023,
        "Carol": 0.0,
        "Diane": 0.102,
        "Ed": 0.0,
        "Fernando": 0.231,
        "Garth": 0.231,
        "Heather": 0.389,
        "Ike": 0.222,
        "Jane": 0.0,
    }
    expected_closeness = {
        "Andre": 0.529,
        "Beverly": 0.529,
        "Carol": 0.500,
        "Diane": 0.600,
        "Ed": 0.500,
        "Fernando": 0.643,
        "Garth": 0.643,
        "Heather": 0.600,
        "Ike": 0.429,
        "Jane": 0.310,
    }
    assert {k: round(v, 3) for k, v in betweenness.items()} == expected_betweenness
    assert {k: round(v, 3) for k, v in closeness.items()} == expected_closeness
    assert max(betweenness, key=betweenness.__getitem__) == "Heather"


def test_kite_betweenness_equals_freemans_definition_computed_by_brute_force() -> None:
    # Source: Freeman (1977), "A set of measures of centrality based on betweenness",
    # Sociometry 40:35–41; the reference is computed pair by pair above.
    graph = nx.relabel_nodes(nx.krackhardt_kite_graph(), dict(enumerate(KITE_NAMES)))
    reference = brute_force_betweenness(graph)
    result = measures(kite(), normalised=False)
    assert by_id(result.actors, "betweenness") == pytest.approx(reference)


def test_florentine_families_medici_are_the_most_central() -> None:
    # Source: Padgett and Ansell (1993), "Robust action and the rise of the Medici,
    # 1400–1434", AJS 98:1259–1319 — marriage ties of 15 families (networkx leaves out the
    # isolated Pucci): 20 ties; the Medici have the most ties (6) and the highest
    # betweenness, 47.5 shortest paths (Freeman's definition, brute force above), which
    # normalised by (n−1)(n−2)/2 = 91 is 0.522.
    graph = nx.florentine_families_graph()
    result = measures(florentine(), normalised=False)
    assert (result.n_actors, result.n_ties) == (15, 20)
    assert result.density == pytest.approx(20 / 105)
    degree = by_id(result.actors, "degree")
    betweenness = by_id(result.actors, "betweenness")
    assert degree["Medici"] == 6 == max(degree.values())
    assert betweenness["Medici"] == pytest.approx(47.5)
    assert betweenness == pytest.approx(brute_force_betweenness(graph))
    normalised = by_id(measures(florentine()).actors, "betweenness")
    assert round(normalised["Medici"], 3) == 0.522


def test_karate_club_density_degrees_and_degree_centralization() -> None:
    # Source: Zachary (1977), "An information flow model for conflict and fission in small
    # groups", J. Anthropological Research 33:452–473 — 34 members, 78 ties; the instructor
    # (Mr Hi, node 0) has 16 ties and the club's president (John A., node 33) 17. Density is
    # 78 / (34·33/2) = 0.139. Freeman's (1979) degree centralization computed here from its
    # formula: Σ(17 − d_i) / ((n − 1)(n − 2)).
    graph = nx.karate_club_graph()
    result = measures(karate())
    degree = by_id(result.actors, "degree")
    assert (result.n_actors, result.n_ties) == (34, 78)
    assert result.density is not None and round(result.density, 3) == 0.139
    assert (degree["0"], degree["33"]) == (16, 17)
    degrees = np.array([d for _node, d in graph.degree()])
    expected = (degrees.max() - degrees).sum() / (33 * 32)
    assert result.centralization.degree == pytest.approx(expected)
    assert round(expected, 3) == 0.400


def test_karate_club_matches_networkx_for_the_measures_it_shares() -> None:
    # Source: networkx 3 (an implementation independent of igraph): betweenness
    # (Brandes 2001), closeness, eigenvector centrality (scaled to a maximum of 1 here),
    # core numbers (Batagelj and Zaversnik 2003) and Burt's constraint.
    graph = nx.karate_club_graph()
    result = measures(karate())
    ids = [str(node) for node in graph]
    ours = {name: by_id(result.actors, name) for name in ("betweenness", "closeness")}
    assert [ours["betweenness"][i] for i in ids] == pytest.approx(
        list(nx.betweenness_centrality(graph).values())
    )
    assert [ours["closeness"][i] for i in ids] == pytest.approx(
        list(nx.closeness_centrality(graph).values())
    )
    eigen = nx.eigenvector_centrality_numpy(graph)
    top = max(eigen.values())
    assert [by_id(result.actors, "eigenvector")[i] for i in ids] == pytest.approx(
        [eigen[node] / top for node in graph], abs=1e-6
    )
    assert [by_id(result.actors, "k_core")[i] for i in ids] == list(nx.core_number(graph).values())
    assert result.max_k_core == 4
    burt = nx.constraint(graph)
    assert [by_id(result.actors, "constraint")[i] for i in ids] == pytest.approx(
        [burt[node] for node in graph]
    )


def test_directed_measures_match_networkx_on_a_random_digraph() -> None:
    # Source: networkx 3. Its closeness uses incoming distances; ours outgoing, which is
    # networkx's on the reversed graph. Both normalise directed betweenness by (n−1)(n−2).
    graph = nx.gnp_random_graph(40, 0.08, seed=7, directed=True)
    result = measures(from_networkx(graph))
    ids = [str(node) for node in graph]
    assert [by_id(result.actors, "betweenness")[i] for i in ids] == pytest.approx(
        list(nx.betweenness_centrality(graph).values())
    )
    closeness = nx.closeness_centrality(graph.reverse(), wf_improved=True)
    assert [by_id(result.actors, "closeness")[i] for i in ids] == pytest.approx(
        [closeness[node] for node in graph]
    )
    burt = nx.constraint(graph)
    ours = by_id(result.actors, "constraint")
    assert [ours[i] for i in ids if graph.degree(int(i))] == pytest.approx(
        [burt[node] for node in graph if graph.degree(node)]
    )


def test_closeness_on_a_disconnected_network_follows_the_stated_conventions() -> None:
    # Source: networkx's closeness with wf_improved=True (Wasserman and Faust 1994, ch. 5,
    # scaled by the share reached) and its harmonic centrality (Marchiori and Latora 2000)
    # divided by n − 1.
    graph = nx.disjoint_union(nx.krackhardt_kite_graph(), nx.path_graph(4))
    graph.add_node(99)
    net = from_networkx(graph)
    ids = [str(node) for node in graph]
    wasserman_faust = by_id(measures(net).actors, "closeness")
    harmonic = by_id(measures(net, closeness="harmonic").actors, "closeness")
    expected_wf = nx.closeness_centrality(graph, wf_improved=True)
    expected_harmonic = nx.harmonic_centrality(graph)
    n = graph.number_of_nodes()
    assert [wasserman_faust[i] for i in ids] == pytest.approx(list(expected_wf.values()))
    assert [harmonic[i] for i in ids] == pytest.approx(
        [value / (n - 1) for value in expected_harmonic.values()]
    )
    assert wasserman_faust["99"] == 0.0 == harmonic["99"]


def test_directed_reach_counts_match_a_breadth_first_search() -> None:
    # The Wasserman–Faust scaling needs how many actors each one reaches; ours propagates
    # reach up the strongly connected components, checked here against networkx's
    # descendants (a plain search from each actor).
    graph = nx.gnp_random_graph(60, 0.03, seed=11, directed=True)
    net = from_networkx(graph)
    from clusterdev.networks._measures import _igraph, _reached
    from clusterdev.networks._network import simple

    reach = _reached(_igraph(simple(net)), simple(net))
    assert reach.tolist() == [float(len(nx.descendants(graph, node))) for node in graph]


def test_constraint_of_a_star_and_a_triangle_by_hand() -> None:
    # Burt (1992), Structural Holes: an actor with k partners who are not tied to one
    # another has constraint k·(1/k)² = 1/k; in a triangle each partner holds half of the
    # ties and is tied to the other, so (1/2 + 1/2·1/2)² · 2 = 1.125.
    star = network([("hub", "a"), ("hub", "b"), ("hub", "c")], directed=False)
    triangle = network([("a", "b"), ("b", "c"), ("c", "a")], directed=False)
    assert constraint(star)["hub"] == pytest.approx(1 / 3)
    assert constraint(star)["a"] == pytest.approx(1.0)
    assert constraint(triangle)["a"] == pytest.approx(1.125)


def test_the_measures_never_change_their_input() -> None:
    net: Network = florentine()
    before = (net.actors, net.ties, {k: dict(v) for k, v in net.attributes.items()})
    measures(net)
    assert (net.actors, net.ties, {k: dict(v) for k, v in net.attributes.items()}) == before
