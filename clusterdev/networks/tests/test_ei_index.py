"""Krackhardt–Stern E–I index, whole network and per group."""

from __future__ import annotations

import pytest

from clusterdev.networks import ei_index, measures, network

TOWNS = {"a": {"town": "x"}, "b": {"town": "x"}, "c": {"town": "y"}, "d": {"town": "y"}}


def test_ties_only_within_groups_give_minus_one_and_only_across_plus_one() -> None:
    # Krackhardt and Stern (1988): (E − I)/(E + I) runs from −1 (all ties internal) to +1.
    within = network([("a", "b"), ("c", "d")], actors=TOWNS, directed=False)
    across = network([("a", "c"), ("b", "d")], actors=TOWNS, directed=False)
    assert ei_index(within, group="town").index == -1.0
    assert ei_index(across, group="town").index == 1.0


def test_a_mixed_network_by_hand_whole_and_per_group() -> None:
    # Ties a–b (internal to x), c–d (internal to y), b–c (external): E = 1, I = 2, so
    # (1 − 2)/3 = −1/3; group x has one tie out and one within: 0.
    net = network([("a", "b"), ("c", "d"), ("b", "c")], actors=TOWNS, directed=False)
    result = ei_index(net, group="town")
    assert (result.external, result.internal) == (1, 2)
    assert result.index == pytest.approx(-1 / 3)
    assert result.groups["x"].index == 0.0
    assert (result.groups["y"].external, result.groups["y"].internal) == (1, 1)
    assert result.groups["x"].actors == 2


def test_directed_ties_count_as_arcs() -> None:
    # a ⇄ c is two external arcs; a → b one internal: (2 − 1)/3.
    net = network([("a", "c"), ("c", "a"), ("a", "b")], actors=TOWNS)
    result = ei_index(net, group="town")
    assert (result.external, result.internal) == (2, 1)
    assert result.index == pytest.approx(1 / 3)


def test_a_group_without_ties_has_no_index() -> None:
    net = network([("a", "b")], actors={**TOWNS, "e": {"town": "z"}}, directed=False)
    assert ei_index(net, group="town").groups["z"].index is None


def test_ties_of_actors_without_the_attribute_are_left_out_and_reported() -> None:
    actors = {**TOWNS, "e": {}}
    net = network([("a", "b"), ("a", "e")], actors=actors, directed=False)
    result = measures(net, group="town")
    assert result.ei_index is not None
    assert (result.ei_index.external, result.ei_index.internal) == (0, 1)
    assert any(p.kind == "missing_group" for p in result.problems)
