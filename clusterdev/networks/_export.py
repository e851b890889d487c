"""Writing a network out: GraphML and GEXF (both read by Gephi, yEd, Cytoscape, networkx,
igraph), and CSV edge and node lists.

Every file is written to a temporary file in the same folder and renamed into place, so an
error never leaves a half-written file nor touches an existing one. A path that is not a
regular file, such as ``/dev/null`` or a named pipe, is written into, not replaced.

Node attributes are the actors' attributes, a ``label`` (the actor id, which Gephi shows)
and, when ``measures`` are given, the actor measures (``degree``, ``betweenness``, …,
``brokerage_coordinator`` …); edge attributes are ``weight``, ``type`` (``tie_type`` in
GEXF, where ``type`` says whether an edge is directed) and ``wave``. Values
that are missing (an attribute an actor lacks, the constraint of an isolate) are left out,
as GraphML and GEXF have no null. Parallel ties (different types or waves between the same
actors) make a multigraph, whose edges GraphML and GEXF keep apart.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clusterdev.networks._brokerage import ROLES
from clusterdev.networks._types import ActorMeasures, Network, NetworkError, NetworkMeasures, Tie

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "from_networkx",
    "to_networkx",
    "write_edges_csv",
    "write_gexf",
    "write_graphml",
    "write_nodes_csv",
]

MEASURE_FIELDS = [f.name for f in fields(ActorMeasures) if f.name not in ("id", "brokerage")]


def to_networkx(network: Network, *, measures: NetworkMeasures | None = None) -> nx.Graph[Any]:
    """The network as a networkx graph: ``DiGraph`` or ``Graph``, or ``MultiDiGraph`` or
    ``MultiGraph`` when two actors have several ties (of different types or waves).

    >>> from clusterdev.networks import Tie, network
    >>> graph = to_networkx(network([Tie("a", "b", "advice", 2.0)], actors={"a": {"town": "x"}, "b": {}}))
    >>> type(graph).__name__, graph.nodes["a"], graph.edges["a", "b"]
    ('DiGraph', {'label': 'a', 'town': 'x'}, {'weight': 2.0, 'type': 'advice'})
    """
    import networkx as nx

    ends = [
        (t.source, t.target) if network.directed else frozenset((t.source, t.target))
        for t in network.ties
    ]
    multi = len(set(ends)) < len(ends)
    graph: nx.Graph[Any]
    if network.directed:
        graph = nx.MultiDiGraph() if multi else nx.DiGraph()
    else:
        graph = nx.MultiGraph() if multi else nx.Graph()
    by_actor = {m.id: m for m in measures.actors} if measures is not None else {}
    for actor in network.actors:
        data: dict[str, Any] = {"label": actor, **network.attributes.get(actor, {})}
        if actor in by_actor:
            data.update(_measure_values(by_actor[actor]))
        graph.add_node(actor, **data)
    for tie in network.ties:
        graph.add_edge(tie.source, tie.target, **_tie_values(tie))
    return graph


def from_networkx(
    graph: nx.Graph[Any], *, weight: str | None = None, type: str | None = None
) -> Network:
    """A :class:`Network` from a networkx graph: node ids become text, node attributes
    become actor attributes (as text), and ``weight`` and ``type`` name the edge attributes
    holding the tie weight and type, if any. Directed graphs stay directed.

    >>> import networkx as nx
    >>> net = from_networkx(nx.krackhardt_kite_graph())
    >>> len(net.actors), len(net.ties), net.directed
    (10, 18, False)
    """
    from clusterdev.networks._network import build

    attributes = {
        str(node): {str(k): str(v) for k, v in data.items() if v is not None}
        for node, data in graph.nodes(data=True)
    }
    ties = [
        Tie(
            str(u),
            str(v),
            type=str(data[type]) if type and data.get(type) is not None else None,
            weight=float(data[weight]) if weight and data.get(weight) is not None else 1.0,
        )
        for u, v, data in graph.edges(data=True)
    ]
    places = [f"edge {u!r}–{v!r}" for u, v in graph.edges()]
    return build(ties, places, attributes=attributes, directed=graph.is_directed())


def write_graphml(
    network: Network, path: str | Path, *, measures: NetworkMeasures | None = None
) -> None:
    """Write the network as GraphML (see the module's documentation for what it holds).

    >>> import networkx as nx, pathlib, tempfile
    >>> from clusterdev.networks import network
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "ties.graphml"
    >>> write_graphml(network([("a", "b")]), out)
    >>> sorted(nx.read_graphml(out).edges())
    [('a', 'b')]
    """
    import networkx as nx

    graph = to_networkx(network, measures=measures)
    _write(Path(path), lambda target: nx.write_graphml(graph, target))


def write_gexf(
    network: Network, path: str | Path, *, measures: NetworkMeasures | None = None
) -> None:
    """Write the network as GEXF 1.2 (see the module's documentation for what it holds).

    >>> import networkx as nx, pathlib, tempfile
    >>> from clusterdev.networks import network
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "ties.gexf"
    >>> write_gexf(network([("a", "b")]), out)
    >>> sorted(nx.read_gexf(out).edges())
    [('a', 'b')]
    """
    import networkx as nx

    graph = to_networkx(network, measures=measures)
    # GEXF's edges have a ``type`` of their own (directed or undirected): the tie type is
    # written as ``tie_type``.
    for *_ends, data in graph.edges(data=True):
        if "type" in data:
            data["tie_type"] = data.pop("type")
    _write(Path(path), lambda target: nx.write_gexf(graph, target))


def write_edges_csv(network: Network, path: str | Path) -> None:
    """Write the ties as CSV: ``source,target,type,weight,wave`` (empty where not given),
    the layout :func:`~clusterdev.networks.read_network` reads."""

    def write(target: Path) -> None:
        with target.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(["source", "target", "type", "weight", "wave"])
            for t in network.ties:
                writer.writerow([t.source, t.target, t.type or "", f"{t.weight:g}", t.wave or ""])

    _write(Path(path), write)


def write_nodes_csv(
    network: Network, path: str | Path, *, measures: NetworkMeasures | None = None
) -> None:
    """Write the actors as CSV: ``id``, then each attribute, then with ``measures`` each
    actor measure (empty where missing)."""
    names = sorted({name for attrs in network.attributes.values() for name in attrs})
    by_actor = {m.id: m for m in measures.actors} if measures is not None else {}
    columns = list(MEASURE_FIELDS) if measures is not None else []
    if measures is not None and all(m.group is None for m in measures.actors):
        columns.remove("group")  # measured without a group attribute
    if measures is not None and any(m.brokerage is not None for m in measures.actors):
        columns += [f"brokerage_{role}" for role in ROLES]

    def write(target: Path) -> None:
        with target.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(["id", *names, *columns])
            for actor in network.actors:
                attrs = network.attributes.get(actor, {})
                values = _measure_values(by_actor[actor]) if actor in by_actor else {}
                writer.writerow(
                    [
                        actor,
                        *(attrs.get(name, "") for name in names),
                        *(_csv_value(values.get(column)) for column in columns),
                    ]
                )

    _write(Path(path), write)


def _measure_values(actor: ActorMeasures) -> dict[str, Any]:
    values = {name: getattr(actor, name) for name in MEASURE_FIELDS}
    if actor.brokerage is not None:
        values.update({f"brokerage_{role}": getattr(actor.brokerage, role) for role in ROLES})
    return {name: value for name, value in values.items() if value is not None}


def _tie_values(tie: Tie) -> dict[str, Any]:
    values: dict[str, Any] = {"weight": tie.weight, "type": tie.type, "wave": tie.wave}
    return {name: value for name, value in values.items() if value is not None}


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _write(path: Path, write: Callable[[Path], None]) -> None:
    if path.exists() and not path.is_file():
        # A device or pipe (/dev/null, /dev/stdout, a FIFO): write into it, never replace it.
        folder = Path(tempfile.mkdtemp())
        try:
            staged = folder / "out"
            write(staged)
            with path.open("wb") as stream:
                stream.write(staged.read_bytes())
        finally:
            for item in folder.iterdir():
                item.unlink()
            folder.rmdir()
        return
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:
        raise NetworkError(f"{path}: cannot write ({error.strerror or error})") from None
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        # mkstemp makes the file private; give it the permissions a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        temporary.chmod(0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
