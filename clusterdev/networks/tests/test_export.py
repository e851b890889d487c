"""GraphML, GEXF and CSV exports: read back with networkx and clusterdev, never half-written."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from clusterdev.networks import (
    Tie,
    from_networkx,
    measures,
    network,
    read_network,
    to_networkx,
    write_edges_csv,
    write_gexf,
    write_graphml,
    write_nodes_csv,
)
from clusterdev.networks.tests.conftest import ACTORS, TIES_2019, TIES_2022


@pytest.mark.parametrize(
    ("write", "read"), [(write_graphml, nx.read_graphml), (write_gexf, nx.read_gexf)]
)
def test_graphml_and_gexf_round_trip_through_networkx(write, read, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    net = read_network(TIES_2022, nodes=ACTORS)
    result = measures(net, group="kind")
    out = tmp_path / "cluster.xml"
    write(net, out, measures=result)
    graph = read(out)
    assert graph.is_directed()
    assert set(graph.nodes) == set(net.actors)
    assert graph.number_of_edges() == len(net.ties)
    camara = graph.nodes["Cámara de Comercio de Antonio Ante"]
    assert camara["institution_type"] == "business_association"
    assert camara["label"] == "Cámara de Comercio de Antonio Ante"
    expected = {a.id: a for a in result.actors}["Cámara de Comercio de Antonio Ante"]
    assert camara["betweenness"] == pytest.approx(expected.betweenness)
    assert camara["core"] == expected.core
    assert expected.brokerage is not None
    assert camara["brokerage_liaison"] == expected.brokerage.liaison
    edge = graph.edges["Textiles Imbabura", "Hilos del Norte"]
    tie_type = edge["type"] if write is write_graphml else edge["tie_type"]
    assert (tie_type, float(edge["weight"]), str(edge["wave"])) == ("business", 3.0, "2022")


def test_parallel_ties_of_different_types_make_a_multigraph(tmp_path: Path) -> None:
    net = read_network(TIES_2019, nodes=ACTORS)  # Andrade → Imbabura: advice and business
    assert isinstance(to_networkx(net), nx.MultiDiGraph)
    for write, read in ((write_graphml, nx.read_graphml), (write_gexf, nx.read_gexf)):
        out = tmp_path / f"ties.{write.__name__}"
        write(net, out)
        graph = read(out)
        key = "type" if write is write_graphml else "tie_type"  # GEXF's type is the direction
        types = sorted(
            data[key]
            for u, v, data in graph.edges(data=True)
            if (u, v) == ("Confecciones Andrade", "Textiles Imbabura")
        )
        assert types == ["advice", "business"]


def test_undirected_networks_export_undirected(tmp_path: Path) -> None:
    out = tmp_path / "ties.graphml"
    write_graphml(network([("a", "b")], directed=False), out)
    assert not nx.read_graphml(out).is_directed()


def test_the_edge_list_reads_back_as_the_same_network(tmp_path: Path) -> None:
    net = read_network(TIES_2019, nodes=ACTORS)
    out = tmp_path / "edges.csv"
    write_edges_csv(net, out)
    again = read_network(out, nodes=ACTORS)
    assert again.ties == net.ties and again.actors == net.actors


def test_the_node_list_holds_attributes_and_measures(tmp_path: Path) -> None:
    net = read_network(TIES_2022, nodes=ACTORS)
    result = measures(net)
    out = tmp_path / "nodes.csv"
    write_nodes_csv(net, out, measures=result)
    lines = out.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    assert header[:2] == ["id", "institution_type"]
    assert {"betweenness", "coreness", "core", "constraint", "town"} <= set(header)
    assert "brokerage_liaison" not in header and "group" not in header  # no group, no roles
    assert len(lines) == 1 + len(net.actors)
    assert read_network(TIES_2022, nodes=out).attributes["Cooperativa Atuntaqui"]["town"] == (
        "Atuntaqui"
    )


def test_a_failed_write_leaves_no_file_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "cluster.graphml"
    out.write_text("the previous export", encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> None:
        Path(str(args[1])).write_text("<graphml half", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(nx, "write_graphml", broken)
    with pytest.raises(OSError, match="disk full"):
        write_graphml(network([("a", "b")]), out)
    assert out.read_text(encoding="utf-8") == "the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["cluster.graphml"]


def test_writing_into_a_device_does_not_replace_it() -> None:
    write_gexf(network([("a", "b")]), "/dev/null")
    assert Path("/dev/null").is_char_device()


def test_from_networkx_reads_weights_and_types() -> None:
    graph = nx.DiGraph()
    graph.add_node(1, town="Ibarra")
    graph.add_edge(1, 2, strength=3, relation="advice")
    net = from_networkx(graph, weight="strength", type="relation")
    assert net.ties == (Tie("1", "2", "advice", 3.0),)
    assert net.attributes["1"] == {"town": "Ibarra"}
