"""Social network analysis of clusters: who is tied to whom among a cluster's enterprises and
support institutions, how central and how brokering each actor is, and what changed between
two survey waves.

The UNIDO approach counts on networks — horizontal ties between firms, vertical ones along
the value chain, institutional ones to support institutions — and on brokers who link them.
A network survey in the diagnostic gives the baseline; a later wave shows whether joint
actions built ties. This package measures both:

- :func:`network` and :func:`read_network` build a checked :class:`Network` of actors with
  attributes (kind, institution type, size class, owner's sex, town …) and typed, weighted,
  directed or undirected ties per wave; :func:`view` selects tie types (their union) and a
  wave. Problems in the input are set right and reported, never dropped silently.
- :func:`measures` runs the whole suite: density, reciprocity, components, isolates,
  degree, betweenness, closeness, eigenvector centrality, Freeman centralization, k-cores,
  Burt's :func:`constraint`, Gould–Fernandez :func:`brokerage` roles, the Krackhardt–Stern
  :func:`ei_index` and the Borgatti–Everett :func:`core_periphery` structure; each also runs
  alone. Its result states every convention it used.
- :func:`compare` sets two waves side by side: the :func:`qap` correlation with a
  permutation p-value, tie :func:`turnover`, density and degree change, and who became a
  broker or left the core.
- :func:`write_graphml`, :func:`write_gexf` (for Gephi), :func:`write_edges_csv` and
  :func:`write_nodes_csv` write it out; :func:`to_networkx` and :func:`from_networkx` move
  to and from networkx.

Django-free and plain: functions take a :class:`Network` and keyword options and return
dataclasses; NumPy, SciPy, igraph and networkx are imported only when a function runs.

>>> from clusterdev.networks import Tie, measures, network
>>> ties = [Tie("ana", "bo", "advice"), Tie("bo", "cy", "advice"), Tie("cy", "bo", "business")]
>>> result = measures(network(ties))
>>> result.n_actors, result.n_ties, result.density, result.reciprocity.dyad_based
(3, 3, 0.5, 0.5)
>>> [(a.id, a.brokerage_total) for a in result.actors]
[('ana', 0), ('bo', 1), ('cy', 0)]
"""

from clusterdev.networks._brokerage import brokerage
from clusterdev.networks._compare import compare, qap, turnover
from clusterdev.networks._coreperiphery import core_periphery
from clusterdev.networks._export import (
    from_networkx,
    to_networkx,
    write_edges_csv,
    write_gexf,
    write_graphml,
    write_nodes_csv,
)
from clusterdev.networks._io import read_network
from clusterdev.networks._measures import (
    centralization,
    constraint,
    density,
    ei_index,
    measures,
    reciprocity,
)
from clusterdev.networks._network import network, view
from clusterdev.networks._types import (
    ActorChange,
    ActorMeasures,
    Brokerage,
    Centralization,
    Comparison,
    Components,
    CorePeriphery,
    EIGroup,
    EIIndex,
    Network,
    NetworkError,
    NetworkMeasures,
    Problem,
    QAPResult,
    Reciprocity,
    Tie,
    Turnover,
)

__all__ = [
    "ActorChange",
    "ActorMeasures",
    "Brokerage",
    "Centralization",
    "Comparison",
    "Components",
    "CorePeriphery",
    "EIGroup",
    "EIIndex",
    "Network",
    "NetworkError",
    "NetworkMeasures",
    "Problem",
    "QAPResult",
    "Reciprocity",
    "Tie",
    "Turnover",
    "brokerage",
    "centralization",
    "compare",
    "constraint",
    "core_periphery",
    "density",
    "ei_index",
    "from_networkx",
    "measures",
    "network",
    "qap",
    "read_network",
    "reciprocity",
    "to_networkx",
    "turnover",
    "view",
    "write_edges_csv",
    "write_gexf",
    "write_graphml",
    "write_nodes_csv",
]

# Tracebacks and reprs show the public home of these classes, not the private module.
for _public in (
    ActorChange,
    ActorMeasures,
    Brokerage,
    Centralization,
    Comparison,
    Components,
    CorePeriphery,
    EIGroup,
    EIIndex,
    Network,
    NetworkError,
    NetworkMeasures,
    Problem,
    QAPResult,
    Reciprocity,
    Tie,
    Turnover,
):
    _public.__module__ = __name__
