"""`clusterdev rank`: the command line contract that scripts rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clusterdev.cli import build_parser, main

AIRCRAFT = """\
alternative,speed,range,payload,cost,reliability,manoeuvre
A1,2.0,1500,20000,5.5,5,9
A2,2.5,2700,18000,6.5,3,5
A3,1.8,2000,21000,4.5,7,7
A4,2.2,1800,20000,5.0,5,5
"""
CRITERIA = """\
criterion,weight,direction
speed,0.2,benefit
range,0.1,benefit
payload,0.1,benefit
cost,0.1,cost
reliability,0.2,benefit
manoeuvre,0.3,benefit
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    alternatives = tmp_path / "aircraft.csv"
    alternatives.write_text(AIRCRAFT, encoding="utf-8")
    criteria = tmp_path / "criteria.csv"
    criteria.write_text(CRITERIA, encoding="utf-8")
    return alternatives, criteria


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _argv(files: tuple[Path, Path], *more: str) -> list[str]:
    return ["rank", str(files[0]), "--criteria", str(files[1]), *more]


def test_json_gives_the_method_and_the_alternatives_in_rank_order(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(_argv(files, "--json"), capsys)
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["method"] == "topsis"
    assert "sensitivity" not in result
    assert [set(a) for a in result["alternatives"]] == [{"alternative", "score", "rank"}] * 4
    assert [
        (a["alternative"], a["rank"], round(a["score"], 3)) for a in result["alternatives"]
    ] == [
        ("A1", 1, 0.643),
        ("A3", 2, 0.614),
        ("A4", 3, 0.312),
        ("A2", 4, 0.268),
    ]


def test_the_weighted_sum_is_a_method(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = _run(_argv(files, "--method", "wsm", "--json"), capsys)
    result = json.loads(out)
    assert (code, result["method"], result["normalisation"]) == (0, "wsm", "minmax")
    assert result["alternatives"][0]["alternative"] == "A3"


def test_sensitivity_is_added_when_asked_and_repeats_with_the_seed(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _argv(files, "--sensitivity", "300", "--seed", "5", "--json")
    code, out, _err = _run(argv, capsys)
    assert code == 0
    spread = json.loads(out)["sensitivity"]
    assert {"samples", "seed", "top_k", "top", "first", "in_top_k", "stable_ranges"} <= set(spread)
    assert (spread["samples"], spread["seed"], spread["top_k"], spread["top"]) == (300, 5, 3, "A1")
    assert set(spread["first"]) == {"A1", "A2", "A3", "A4"}
    assert sum(spread["first"].values()) == pytest.approx(1)
    low, high = spread["stable_ranges"]["manoeuvre"]
    assert 0 <= low <= 0.3 <= high <= 1
    assert _run(argv, capsys)[1] == out
    other = json.loads(
        _run(_argv(files, "--sensitivity", "300", "--seed", "6", "--json"), capsys)[1]
    )
    assert other["sensitivity"]["first"] != spread["first"]
    top_2 = json.loads(
        _run(_argv(files, "--sensitivity", "50", "--top-k", "2", "--json"), capsys)[1]
    )
    assert (top_2["sensitivity"]["top_k"], top_2["sensitivity"]["seed"]) == (2, 0)


def test_without_json_a_readable_table_is_printed(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = _run(_argv(files, "--sensitivity", "100"), capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "TOPSIS (vector normalisation)"
    assert lines[2].split()[:3] == ["1", "A1", "0.643"]
    assert "A1 stays first while a criterion's weight stays within:" in out


BAD_ALTERNATIVES = [
    (
        AIRCRAFT.replace("A2,2.5,2700,18000,6.5", "A2,2.5,2700,18000,"),
        "row 2 (A2), column 'cost': missing value",
    ),
    (AIRCRAFT.replace("A2,2.5", "A2,fast"), "row 2 (A2), column 'speed': 'fast' is not a number"),
    (
        AIRCRAFT.replace("manoeuvre", "manoeuvre,exports"),
        "header, column 8 (exports): unknown criterion, not in",
    ),
    (
        AIRCRAFT.replace("alternative,", "cluster,"),
        "header: the first column must be 'alternative', not 'cluster'",
    ),
    (AIRCRAFT.replace("A4,", "A1,"), "row 4 (A1): the alternative is listed twice"),
    (AIRCRAFT.splitlines()[0] + "\n", "no alternatives below the header"),
]


@pytest.mark.parametrize(
    ("text", "problem"), BAD_ALTERNATIVES, ids=[p[:30] for _t, p in BAD_ALTERNATIVES]
)
def test_a_bad_alternatives_file_is_one_line_naming_file_and_cell_and_exit_2(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str], text: str, problem: str
) -> None:
    files[0].write_text(text, encoding="utf-8")
    code, out, err = _run(_argv(files, "--json"), capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"clusterdev rank: error: {files[0]}")
    assert problem in err and err.count("\n") == 1


BAD_CRITERIA = [
    (
        CRITERIA.replace("cost,0.1,cost", "cost,-0.1,cost"),
        "row 4 (cost), column 'weight': -0.1 is not a non-negative weight",
    ),
    (
        CRITERIA.replace("cost,0.1,cost", "cost,heavy,cost"),
        "row 4 (cost), column 'weight': 'heavy' is not a number",
    ),
    (
        CRITERIA.replace("cost,0.1,cost", "cost,0.1,less"),
        "row 4 (cost), column 'direction': 'less' is not benefit or cost",
    ),
    (
        CRITERIA.replace("cost,0.1,cost", "cost,,cost"),
        "row 4 (cost), column 'weight': missing value",
    ),
    (
        "criterion,weight,direction\n"
        + "".join(
            f"{c},0,benefit\n" for c in ("speed", "range", "payload", "reliability", "manoeuvre")
        )
        + "cost,0,cost\n",
        "the weights sum to 0",
    ),
    (CRITERIA + "growth,0.1,benefit\n", "row 7 (growth): no column 'growth' in"),
    (
        CRITERIA.replace("direction", "sense"),
        "header: the columns must be criterion,weight,direction",
    ),
    (CRITERIA + "speed,0.1,benefit\n", "row 7 (speed): the criterion is listed twice"),
]


@pytest.mark.parametrize(("text", "problem"), BAD_CRITERIA, ids=[p[:30] for _t, p in BAD_CRITERIA])
def test_a_bad_criteria_file_is_one_line_naming_file_and_cell_and_exit_2(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str], text: str, problem: str
) -> None:
    files[1].write_text(text, encoding="utf-8")
    code, out, err = _run(_argv(files, "--json"), capsys)
    assert (code, out) == (2, "")
    assert err.startswith("clusterdev rank: error: ")
    assert problem in err and err.count("\n") == 1
    assert str(files[1]) in err


@pytest.mark.parametrize(
    ("more", "problem"),
    [
        (["--method", "electre"], "unknown method 'electre' (choose one of: topsis, wsm)"),
        (["--seed", "3"], "--seed and --top-k go with --sensitivity N"),
        (["--sensitivity", "0"], "--sensitivity needs a positive number of samples, not 0"),
        (
            ["--sensitivity", "9", "--seed", "-1"],
            "seed must be a non-negative whole number, not -1",
        ),
        (["--sensitivity", "9", "--top-k", "0"], "top_k must be a positive whole number, not 0"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str], more: list[str], problem: str
) -> None:
    assert _run(_argv(files, *more), capsys) == (2, "", f"clusterdev rank: error: {problem}\n")


def test_rank_runs_without_django_and_fails_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(AIRCRAFT.replace("A2,2.5", "A2,"), encoding="utf-8")
    (tmp_path / "c.csv").write_text(CRITERIA, encoding="utf-8")
    code = (
        "import sys\n"
        "from clusterdev.cli import main\n"
        "code = main(['rank', 'a.csv', '--criteria', 'c.csv'])\n"
        "print(code, 'django' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if not k.startswith(("CLUSTERDEV_", "DJANGO_"))},
    )
    assert result.stderr == (
        "clusterdev rank: error: a.csv, row 2 (A2), column 'speed': missing value\n2 False\n"
    )
    assert sorted(os.listdir(tmp_path)) == ["a.csv", "c.csv"]


def test_rank_flags_keep_their_names() -> None:
    argv = ["rank", "a.csv", "--criteria", "c.csv", "--method", "wsm", "--sensitivity", "500"]
    args = build_parser().parse_args([*argv, "--seed", "7", "--top-k", "2", "--json"])
    assert vars(args) | {"func": None} == {
        "command": "rank",
        "alternatives": "a.csv",
        "criteria": "c.csv",
        "method": "wsm",
        "sensitivity": 500,
        "seed": 7,
        "top_k": 2,
        "json": True,
        "func": None,
    }


def test_importing_the_command_line_still_loads_no_heavy_library() -> None:
    code = (
        "import sys, clusterdev.cli, clusterdev.selection\n"
        "heavy = {'numpy', 'scipy', 'pandas', 'django'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"
