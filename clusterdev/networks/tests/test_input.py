"""Building networks and reading them from CSV: what is refused (one line naming file, row
and column) and what is set right and reported, never dropped silently."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clusterdev.networks import NetworkError, Tie, measures, network, read_network, view
from clusterdev.networks.tests.conftest import ACTORS, TIES_2019, write_csv


def kinds(problems: object) -> list[str]:
    return [p.kind for p in problems]  # type: ignore[attr-defined]


def test_self_loops_are_excluded_and_reported_with_their_row(tmp_path: Path) -> None:
    ties = write_csv(tmp_path / "ties.csv", ["source", "target"], [["a", "b"], ["b", "b"]])
    net = read_network(ties)
    assert [(t.source, t.target) for t in net.ties] == [("a", "b")]
    (problem,) = net.problems
    assert (problem.kind, problem.where) == ("self_loop", f"{ties}, row 2")
    assert net.actors == ("a", "b")  # the actor stays, without the self-tie


def test_duplicate_ties_are_counted_once_and_reported_with_both_rows(tmp_path: Path) -> None:
    rows = [["a", "b", "advice", "2"], ["a", "b", "advice", "3"], ["a", "b", "business", "1"]]
    ties = write_csv(tmp_path / "ties.csv", ["source", "target", "type", "weight"], rows)
    net = read_network(ties)
    assert [(t.type, t.weight) for t in net.ties] == [("advice", 2.0), ("business", 1.0)]
    (problem,) = net.problems
    assert problem.kind == "duplicate_tie" and problem.where == f"{ties}, row 2"
    assert f"{ties}, row 1" in problem.message and "weight 3 is ignored" in problem.message


def test_undirected_duplicates_match_in_either_order(tmp_path: Path) -> None:
    ties = write_csv(tmp_path / "ties.csv", ["source", "target"], [["a", "b"], ["b", "a"]])
    assert len(read_network(ties).ties) == 2
    assert kinds(read_network(ties, directed=False).problems) == ["duplicate_tie"]


def test_actors_missing_from_the_node_list_are_added_and_reported(tmp_path: Path) -> None:
    ties = write_csv(tmp_path / "ties.csv", ["source", "target"], [["a", "zed"]])
    nodes = write_csv(tmp_path / "nodes.csv", ["id", "town"], [["a", "x"], ["b", "y"]])
    net = read_network(ties, nodes=nodes)
    assert net.actors == ("a", "b", "zed")
    assert net.attributes["zed"] == {}
    (problem,) = net.problems
    assert problem.kind == "unknown_actor" and "'zed' is not in" in problem.message
    assert problem.where == f"{ties}, row 1"


def test_missing_actors_can_be_refused_instead(tmp_path: Path) -> None:
    ties = write_csv(tmp_path / "ties.csv", ["source", "target"], [["a", "zed"]])
    nodes = write_csv(tmp_path / "nodes.csv", ["id"], [["a"]])
    with pytest.raises(NetworkError, match=r"ties.csv, row 1: actor 'zed' is not in .*nodes.csv"):
        read_network(ties, nodes=nodes, unknown_actors="error")


def test_columns_not_read_are_reported(tmp_path: Path) -> None:
    ties = write_csv(tmp_path / "ties.csv", ["source", "target", "weigth"], [["a", "b", "2"]])
    (problem,) = read_network(ties).problems
    assert problem.kind == "unused_column" and "'weigth'" in problem.message


@pytest.mark.parametrize(
    ("header", "row", "message"),
    [
        (
            ["source", "target", "weight"],
            ["a", "b", "lots"],
            "row 1, column 'weight': 'lots' is not a number",
        ),
        (
            ["source", "target", "weight"],
            ["a", "b", "0"],
            "row 1, column 'weight': '0' is not a positive",
        ),
        (
            ["source", "target", "weight"],
            ["a", "b", "-1"],
            "row 1, column 'weight': '-1' is not a positive",
        ),
        (["source", "target"], ["", "b"], "row 1, column 'source': empty actor id"),
        (["source", "target"], ["a", " "], "row 1, column 'target': empty actor id"),
        (
            ["source", "to"],
            ["a", "b"],
            "header: no column 'target' \\(the columns are: source, to\\)",
        ),
        (
            ["source", "target", "source"],
            ["a", "b", "c"],
            "header, column 3: 'source' is named twice",
        ),
        (["source", "target"], ["a", "b", "c"], "row 1: 3 cells where the header has 2 columns"),
    ],
)
def test_bad_ties_files_are_refused_naming_file_row_and_column(
    tmp_path: Path, header: list[str], row: list[str], message: str
) -> None:
    ties = write_csv(tmp_path / "ties.csv", header, [row])
    with pytest.raises(NetworkError, match=f"^{re.escape(str(ties))}, {message}"):
        read_network(ties)


def test_an_empty_weight_means_one_and_decimal_commas_are_read(tmp_path: Path) -> None:
    ties = tmp_path / "ties.csv"
    ties.write_text("source;target;weight\na;b;2,5\nb;c;\n", encoding="utf-8")
    assert [t.weight for t in read_network(ties).ties] == [2.5, 1.0]


def test_a_byte_order_mark_and_header_case_are_fine(tmp_path: Path) -> None:
    ties = tmp_path / "ties.csv"
    ties.write_text("\ufeffSource,TARGET , Type\na,b,advice\n", encoding="utf-8")
    (tie,) = read_network(ties).ties
    assert tie == Tie("a", "b", "advice")


def test_empty_files_are_refused_and_a_header_alone_needs_the_actors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(NetworkError, match=f"^{re.escape(str(empty))}: empty file; the first row"):
        read_network(empty)
    header = write_csv(tmp_path / "ties.csv", ["source", "target"], [])
    with pytest.raises(NetworkError, match="no ties below the header"):
        read_network(header)
    nodes = write_csv(tmp_path / "nodes.csv", ["id"], [["a"], ["b"]])
    net = read_network(header, nodes=nodes)
    assert (net.actors, net.ties, kinds(net.problems)) == (("a", "b"), (), ["no_ties"])
    assert measures(net).density == 0.0


def test_bad_node_files_are_refused(tmp_path: Path) -> None:
    ties = write_csv(tmp_path / "ties.csv", ["source", "target"], [["a", "b"]])
    twice = write_csv(tmp_path / "twice.csv", ["id", "town"], [["a", "x"], ["b", "y"], ["a", "z"]])
    with pytest.raises(
        NetworkError,
        match=f"^{re.escape(str(twice))}, row 3, column 'id': actor 'a' is listed twice \\(first in row 1\\)",
    ):
        read_network(ties, nodes=twice)
    no_id = write_csv(tmp_path / "no_id.csv", ["name"], [["a"]])
    with pytest.raises(NetworkError, match=f"^{re.escape(str(no_id))}, header: no column 'id'"):
        read_network(ties, nodes=no_id)
    no_rows = write_csv(tmp_path / "no_rows.csv", ["id"], [])
    with pytest.raises(
        NetworkError, match=f"^{re.escape(str(no_rows))}: no actors below the header"
    ):
        read_network(ties, nodes=no_rows)


def test_a_missing_file_and_a_binary_file_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(NetworkError, match=r"missing\.csv: No such file or directory"):
        read_network(tmp_path / "missing.csv")
    binary = tmp_path / "ties.csv"
    binary.write_bytes(b"source,target\n\xff\xfe,b\n")
    with pytest.raises(NetworkError, match="not UTF-8 text"):
        read_network(binary)


def test_the_fixture_waves_read_with_types_weights_waves_and_attributes() -> None:
    net = read_network(TIES_2019, nodes=ACTORS)
    assert len(net.actors) == 10 and len(net.ties) == 11
    assert net.tie_types == ["advice", "business", "information"]
    assert net.waves == ["2019"]
    assert net.attributes["Cooperativa Atuntaqui"]["institution_type"] == "financial"
    assert "size_class" not in net.attributes["Cooperativa Atuntaqui"]
    assert net.problems == ()


def test_views_select_tie_types_their_union_and_a_wave() -> None:
    net = read_network(TIES_2019, nodes=ACTORS)
    advice = view(net, types="advice")
    assert {t.type for t in advice.ties} == {"advice"} and advice.actors == net.actors
    union = view(net, types=["advice", "business"])
    assert {t.type for t in union.ties} == {"advice", "business"}
    # Andrade → Imbabura is both advice and business: one tie of weight 2 + 1 in the union.
    result = measures(union)
    assert result.n_ties == len({(t.source, t.target) for t in union.ties})
    with pytest.raises(NetworkError, match=r"no ties of type 'trust' \(tie types present: advice"):
        view(net, types="trust")
    with pytest.raises(NetworkError, match=r"no ties of wave '2020' \(waves present: 2019\)"):
        view(net, wave="2020")


def test_network_checks_what_it_is_given() -> None:
    with pytest.raises(NetworkError, match="tie 2: give a Tie or a \\(source, target\\) pair"):
        network([("a", "b"), "ab"])
    with pytest.raises(NetworkError, match="tie 1: the weight must be a positive number"):
        network([Tie("a", "b", weight=0)])
    with pytest.raises(NetworkError, match="tie 1, target: an actor id must be a non-empty text"):
        network([("a", "")])
    ties = [("a", "b")]
    network(ties, actors=["a", "b"])
    assert ties == [("a", "b")]  # inputs never mutated
