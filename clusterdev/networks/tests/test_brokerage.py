"""Gould–Fernandez brokerage roles, checked by hand and against a plain enumeration."""

from __future__ import annotations

import itertools

import pytest

from clusterdev.networks import Brokerage, Network, NetworkError, brokerage, measures, network
from clusterdev.networks._brokerage import brokerage_counts, group_codes
from clusterdev.networks._network import simple
from clusterdev.networks.tests.conftest import random_network

# The broker b is in group X. Tied to it: x1 (X) and y1 (Y) send, x2 (X), y2 (Y) and z1 (Z)
# receive. Its six two-paths, by hand (Gould and Fernandez 1989, fig. 1):
#   x1→b→x2 coordinator     (all in X)
#   y1→b→x2 gatekeeper      (from outside into b's group)
#   x1→b→y2, x1→b→z1        representative (from b's group to outside), twice
#   y1→b→y2 consultant      (within Y, through b of X)
#   y1→b→z1 liaison         (Y to Z, through X)
FIVE_ROLES = {
    "b": {"g": "X"},
    "x1": {"g": "X"},
    "x2": {"g": "X"},
    "y1": {"g": "Y"},
    "y2": {"g": "Y"},
    "z1": {"g": "Z"},
}
FIVE_ROLE_TIES = [("x1", "b"), ("y1", "b"), ("b", "x2"), ("b", "y2"), ("b", "z1")]


def test_a_hand_made_example_has_all_five_roles() -> None:
    roles = brokerage(network(FIVE_ROLE_TIES, actors=FIVE_ROLES), group="g")
    assert roles["b"] == Brokerage(
        coordinator=1, gatekeeper=1, representative=2, consultant=1, liaison=1, total=6
    )
    others = [roles[a] for a in FIVE_ROLES if a != "b"]
    assert all(r == Brokerage(0, 0, 0, 0, 0, total=0) for r in others)


def test_a_closing_tie_ends_the_brokerage_of_that_pair() -> None:
    # x1 → x2 directly: b no longer mediates between them.
    net = network([*FIVE_ROLE_TIES, ("x1", "x2")], actors=FIVE_ROLES)
    roles = brokerage(net, group="g")
    assert (roles["b"].coordinator, roles["b"].total) == (0, 5)


def test_a_mutual_tie_is_no_brokerage_between_an_actor_and_itself() -> None:
    roles = brokerage(network([("a", "b"), ("b", "a")]))
    assert roles["a"].total == roles["b"].total == 0


def test_without_a_group_only_the_total_is_known() -> None:
    roles = brokerage(network(FIVE_ROLE_TIES, actors=FIVE_ROLES))
    assert roles["b"] == Brokerage(None, None, None, None, None, total=6)


def test_undirected_ties_count_each_open_path_both_ways() -> None:
    # a – b – c with a in X, b and c in Y: a→b→c makes b a gatekeeper, c→b→a a representative.
    actors = {"a": {"g": "X"}, "b": {"g": "Y"}, "c": {"g": "Y"}}
    roles = brokerage(network([("a", "b"), ("b", "c")], actors=actors, directed=False), group="g")
    assert roles["b"] == Brokerage(0, 1, 1, 0, 0, total=2)


def test_actors_without_a_group_are_reported_and_left_out_of_the_roles() -> None:
    actors = {**FIVE_ROLES, "z1": {}}
    net = network(FIVE_ROLE_TIES, actors=actors)
    result = measures(net, group="g")
    b = {a.id: a for a in result.actors}["b"]
    assert b.brokerage == Brokerage(1, 1, 1, 1, 0, total=6)  # y1→b→z1, x1→b→z1 left out
    missing = [p for p in result.problems if p.kind == "missing_group"]
    assert len(missing) == 1 and "'z1'" in missing[0].message


def test_a_group_no_actor_has_is_refused() -> None:
    with pytest.raises(NetworkError, match=r"no actor has a value for 'town' \(attributes: g\)"):
        brokerage(network(FIVE_ROLE_TIES, actors=FIVE_ROLES), group="town")


def plain_brokerage(net: Network, group: str) -> dict[str, list[int]]:
    """Gould and Fernandez's definition, triple by triple, in plain Python."""
    arcs = {(t.source, t.target) for t in net.ties}
    if not net.directed:
        arcs |= {(b, a) for a, b in arcs}
    g = {a: net.attributes[a][group] for a in net.actors}
    result = {a: [0] * 6 for a in net.actors}
    for a, b, c in itertools.permutations(net.actors, 3):
        if (a, b) in arcs and (b, c) in arcs and (a, c) not in arcs:
            if g[a] == g[b] == g[c]:
                role = 0
            elif g[a] != g[b] and g[b] == g[c]:
                role = 1
            elif g[a] == g[b] != g[c]:
                role = 2
            elif g[a] == g[c] != g[b]:
                role = 3
            else:
                role = 4
            result[b][role] += 1
            result[b][5] += 1
    return result


@pytest.mark.parametrize("directed", [True, False])
def test_the_vectorised_counts_equal_the_definition_triple_by_triple(directed: bool) -> None:
    net = random_network(40, 0.12, seed=3, directed=directed, groups=3)
    expected = plain_brokerage(net, "group")
    roles = brokerage(net, group="group")
    for actor, r in roles.items():
        counts = [r.coordinator, r.gatekeeper, r.representative, r.consultant, r.liaison]
        assert [*counts, r.total] == expected[actor]


def test_small_chunks_give_the_same_counts() -> None:
    net = random_network(60, 0.1, seed=4, groups=4)
    graph = simple(net)
    codes = group_codes(net, "group", [])[0]
    whole = brokerage_counts(graph, codes)
    chunked = brokerage_counts(graph, codes, chunk=7)
    assert whole[0].tolist() == chunked[0].tolist()
    assert whole[1] is not None and chunked[1] is not None
    assert whole[1].tolist() == chunked[1].tolist()
