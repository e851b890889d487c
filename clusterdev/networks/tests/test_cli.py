"""`clusterdev network`: the command line contract that scripts rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from clusterdev.cli import main
from clusterdev.networks.tests.conftest import ACTORS, TIES_2019, TIES_2022, write_csv

ROLES = {"coordinator", "gatekeeper", "representative", "consultant", "liaison"}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_has_the_contract_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["network", str(TIES_2022), "--nodes", str(ACTORS), "--json"], capsys)
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert {"n_actors", "n_ties", "density", "reciprocity", "centralization", "actors"} <= set(
        result
    )
    assert {"degree", "betweenness", "closeness"} <= set(result["centralization"])
    assert {"dyad_based", "arc_based"} <= set(result["reciprocity"])
    assert "ei_index" not in result
    assert (result["n_actors"], result["n_ties"]) == (10, 14)
    actor = result["actors"][0]
    assert {"id", "degree", "betweenness", "closeness", "eigenvector", "coreness"} <= set(actor)
    assert "brokerage" not in actor
    assert set(result["conventions"]) >= {"betweenness", "closeness", "coreness", "directed"}


def test_a_group_adds_the_ei_index_and_each_actors_brokerage_roles(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["network", str(TIES_2022), "--nodes", str(ACTORS), "--group", "kind", "--json"]
    code, out, _err = run(argv, capsys)
    result = json.loads(out)
    assert code == 0
    assert {"index", "external", "internal", "groups"} <= set(result["ei_index"])
    assert set(result["ei_index"]["groups"]) == {"enterprise", "institution"}
    camara = next(a for a in result["actors"] if a["id"].startswith("Cámara"))
    assert set(camara["brokerage"]) >= ROLES
    assert camara["brokerage"]["total"] == camara["brokerage_total"] > 0
    assert camara["group"] == "institution"


def test_options_may_come_before_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["network", "--nodes", str(ACTORS), "--undirected", str(TIES_2019), "--json"]
    code, out, _err = run(argv, capsys)
    result = json.loads(out)
    assert code == 0 and result["directed"] is False and result["reciprocity"] is None


def test_type_selects_ties_and_problems_are_listed_not_dropped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ties = write_csv(
        tmp_path / "ties.csv",
        ["source", "target", "type"],
        [["a", "b", "advice"], ["b", "b", "advice"], ["a", "b", "advice"], ["b", "c", "business"]],
    )
    code, out, err = run(["network", str(ties), "--type", "advice", "--json"], capsys)
    result = json.loads(out)
    assert (code, err) == (0, "")
    assert result["n_ties"] == 1 and result["tie_types"] == ["advice"]
    assert [p["kind"] for p in result["problems"]] == ["self_loop", "duplicate_tie"]
    assert result["problems"][0]["where"] == f"{ties}, row 2"


def test_the_table_goes_to_stdout_and_warnings_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ties = write_csv(tmp_path / "ties.csv", ["source", "target"], [["a", "b"], ["b", "b"]])
    code, out, err = run(["network", str(ties)], capsys)
    assert code == 0
    assert out.startswith("2 actors, 1 ties (directed)")
    assert (
        err
        == f"warning: {ties}, row 2: a tie from 'b' to itself; excluded (the measures take no self-ties)\n"
    )


def test_compare_has_the_contract_keys(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["network", "compare", str(TIES_2019), str(TIES_2022), "--nodes", str(ACTORS)]
    code, out, err = run([*argv, "--permutations", "99", "--seed", "4", "--json"], capsys)
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert {"r", "p", "permutations"} <= set(result["qap"])
    assert result["qap"]["permutations"] == 99 and result["qap"]["seed"] == 4
    assert set(result["ties"]) == {"kept", "dropped", "added", "jaccard"}
    assert set(result["density"]) == {"base", "follow", "change"}
    assert "Cámara de Comercio de Antonio Ante" in result["became_brokers"]
    row = next(a for a in result["actors"] if a["id"] == "Bordados Cotacachi")
    assert row["degree"] == {"base": 0, "follow": 3}


def test_compare_is_reproducible_with_a_seed(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["network", "compare", str(TIES_2019), str(TIES_2022), "--permutations", "50"]
    first = run([*argv, "--seed", "1", "--json"], capsys)[1]
    second = run([*argv, "--seed", "1", "--json"], capsys)[1]
    assert json.loads(first)["qap"] == json.loads(second)["qap"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_writes_a_file_networkx_reads(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"cluster.{fmt}"
    argv = ["network", "export", str(TIES_2022), "--nodes", str(ACTORS), "--format", fmt]
    code, stdout, err = run([*argv, "--out", str(out), "--measures"], capsys)
    assert (code, stdout, err) == (0, "", "")
    graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert graph.number_of_nodes() == 10 and graph.number_of_edges() == 14
    assert "betweenness" in graph.nodes["Textiles Imbabura"]


def test_export_csv_edge_and_node_lists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edges, nodes = tmp_path / "edges.csv", tmp_path / "nodes.csv"
    base = ["network", "export", str(TIES_2019), "--nodes", str(ACTORS)]
    assert run([*base, "--format", "edges-csv", "--out", str(edges)], capsys)[0] == 0
    assert run([*base, "--format", "nodes-csv", "--out", str(nodes), "--measures"], capsys)[0] == 0
    assert edges.read_text(encoding="utf-8").splitlines()[0] == "source,target,type,weight,wave"
    assert "betweenness" in nodes.read_text(encoding="utf-8").splitlines()[0]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["a", "b", "heavy"]], "row 1, column 'weight': 'heavy' is not a number"),
        ([["a", "", "1"]], "row 1, column 'target': empty actor id"),
    ],
)
def test_a_bad_file_is_one_line_and_exit_status_2(
    rows: list[list[str]], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ties = write_csv(tmp_path / "ties.csv", ["source", "target", "weight"], rows)
    code, out, err = run(["network", str(ties), "--json"], capsys)
    assert (code, out) == (2, "")
    assert err == f"clusterdev network: error: {ties}, {message}\n"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--type", "trust"],
            "no ties of type 'trust' (tie types present: advice, business, information)",
        ),
        (["--group", "colour"], "no actor has a value for 'colour'"),
    ],
)
def test_wrong_options_are_one_line_and_exit_status_2(
    extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["network", str(TIES_2019), "--nodes", str(ACTORS), *extra], capsys)
    assert (code, out) == (2, "")
    assert err.startswith("clusterdev network: error: ") and message in err
    assert err.count("\n") == 1


def test_an_export_that_fails_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cluster.graphml"
    code, _out, err = run(
        [
            "network",
            "export",
            str(tmp_path / "missing.csv"),
            "--format",
            "graphml",
            "--out",
            str(out),
        ],
        capsys,
    )
    assert code == 2 and "missing.csv: No such file or directory" in err
    assert not out.exists()
    code, _out, err = run(
        ["network", "export", str(TIES_2019), "--format", "pdf", "--out", str(out)], capsys
    )
    assert (code, err) == (
        2,
        "clusterdev network: error: unknown format 'pdf' (choose one of: graphml, gexf, "
        "edges-csv, nodes-csv)\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_a_file_of_several_waves_needs_one_chosen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    both = tmp_path / "both.csv"
    both.write_text(
        TIES_2019.read_text(encoding="utf-8")
        + "".join(TIES_2022.read_text(encoding="utf-8").splitlines(keepends=True)[1:]),
        encoding="utf-8",
    )
    code, _out, err = run(["network", str(both)], capsys)
    assert code == 2 and "2 waves (2019, 2022)" in err and "--wave" in err
    code, out, _err = run(["network", str(both), "--wave", "2022", "--json"], capsys)
    assert code == 0 and json.loads(out)["wave"] == "2022"
    argv = ["network", "compare", str(both), str(both), "--base-wave", "2019"]
    code, out, _err = run([*argv, "--follow-wave", "2022", "--permutations", "9", "--json"], capsys)
    assert code == 0 and json.loads(out)["ties"]["added"] > 0


def test_help_describes_the_three_forms(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["network", "--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    assert "TIES.csv" in out and "network compare" in out and "network export" in out
    with pytest.raises(SystemExit):
        main(["network", "compare", "--help"])
    assert "--permutations" in capsys.readouterr().out


def test_the_installed_command_runs_as_a_process(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    ok = subprocess.run(
        [sys.executable, "-m", "clusterdev.cli", "network", str(TIES_2019), "--json"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["n_actors"] == 8  # named in ties
    bad = write_csv(tmp_path / "ties.csv", ["from", "to"], [["a", "b"]])
    failed = subprocess.run(
        [sys.executable, "-m", "clusterdev.cli", "network", str(bad)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert failed.returncode == 2 and failed.stdout == ""
    assert failed.stderr == (
        f"clusterdev network: error: {bad}, header: no column 'source' (the columns are: "
        "from, to); TIES.csv needs source,target and optionally type, weight, wave\n"
    )
