"""Shared data for the network tests: the classic networks that ship with networkx, a small
synthetic garment cluster (Atuntaqui, two survey waves) and a few helpers."""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from clusterdev.networks import Network, Tie, from_networkx, network

DATA = Path(__file__).parent / "data"
ACTORS = DATA / "actors.csv"
TIES_2019 = DATA / "ties_2019.csv"
TIES_2022 = DATA / "ties_2022.csv"

# networkx numbers the kite's actors; Krackhardt (1990) named them.
KITE_NAMES = [
    "Andre",
    "Beverly",
    "Carol",
    "Diane",
    "Ed",
    "Fernando",
    "Garth",
    "Heather",
    "Ike",
    "Jane",
]


def kite() -> Network:
    """Krackhardt's (1990) kite, with its actors' names."""
    graph = nx.relabel_nodes(nx.krackhardt_kite_graph(), dict(enumerate(KITE_NAMES)))
    return from_networkx(graph)


def florentine() -> Network:
    """Padgett's Florentine families, marriage ties (networkx leaves out the isolated
    Pucci)."""
    return from_networkx(nx.florentine_families_graph())


def karate() -> Network:
    """Zachary's (1977) karate club, 34 members and 78 ties, unweighted."""
    return from_networkx(nx.karate_club_graph())


def random_network(
    n: int, p: float, *, seed: int, directed: bool = True, groups: int = 0
) -> Network:
    """A G(n, p) network; with ``groups``, each actor gets a ``group`` attribute."""
    graph = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    rng = random.Random(seed)
    actors = {
        str(node): ({"group": f"g{rng.randrange(groups)}"} if groups else {})
        for node in graph.nodes
    }
    ties = [Tie(str(u), str(v)) for u, v in graph.edges]
    return network(ties, actors=actors, directed=directed)


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path
