"""`clusterdev ahp`: the command line contract that scripts rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clusterdev.cli import build_parser, main

SCHOOL = """\
,Learning,Friends,School life,Vocational training,College preparation,Music classes
Learning,1,4,3,1,3,4
Friends,1/4,1,7,3,1/5,1
School life,1/3,1/7,1,1/5,1/5,1/6
Vocational training,1,1/3,5,1,1,1/3
College preparation,1/3,5,5,1,1,3
Music classes,1/4,1,6,3,1/3,1
"""
ANA = """\
,Size,Employment,Growth
Size,1,2,4
Employment,1/2,1,2
Growth,1/4,1/2,1
"""
BO = """\
,Growth,Size,Employment
Growth,1,1/3,1
Size,3,1,2
Employment,1,0.5,1
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_one_matrix_prints_weights_and_consistency_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    school = _write(tmp_path / "school.csv", SCHOOL)
    code, out, err = _run(["ahp", str(school), "--json"], capsys)
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert {"weights", "lambda_max", "ci", "cr"} <= set(result)
    assert "stakeholders" not in result
    assert list(result["weights"]) == SCHOOL.splitlines()[0].split(",")[1:]
    assert sum(result["weights"].values()) == pytest.approx(1)
    assert round(result["weights"]["Learning"], 2) == 0.32
    assert result["cr"] == pytest.approx(0.229, abs=0.001)
    assert result["consistent"] is False
    worst = result["inconsistent_judgments"][0]
    assert (worst["row"], worst["column"], worst["given"]) == ("Learning", "School life", 3.0)
    assert set(worst) == {"row", "column", "given", "implied", "ratio"}


def test_two_criteria_have_a_null_cr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pair = _write(tmp_path / "pair.csv", ",Size,Trust\nSize,1,3\nTrust,1/3,1\n")
    code, out, _err = _run(["ahp", str(pair), "--json"], capsys)
    result = json.loads(out)
    assert (code, result["weights"], result["cr"]) == (0, {"Size": 0.75, "Trust": 0.25}, None)


def test_several_files_give_the_group_and_each_stakeholder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ana = _write(tmp_path / "judges" / "ana.csv", ANA)
    bo = _write(tmp_path / "judges" / "bo.csv", BO)
    code, out, err = _run(["ahp", str(ana), str(bo), "--json"], capsys)
    assert (code, err) == (0, "")
    group = json.loads(out)
    assert {"weights", "lambda_max", "ci", "cr", "stakeholders"} <= set(group)
    assert group["method"] == "judgments"
    assert list(group["weights"]) == ["Size", "Employment", "Growth"]
    assert [s["file"] for s in group["stakeholders"]] == [str(ana), str(bo)]
    for stakeholder in group["stakeholders"]:
        assert {"file", "weights", "cr"} <= set(stakeholder)
        assert sum(stakeholder["weights"].values()) == pytest.approx(1)
    # bo lists the criteria in another order; its weights are still by name.
    assert (
        max(group["stakeholders"][1]["weights"], key=group["stakeholders"][1]["weights"].get)
        == "Size"
    )
    assert group["stakeholders"][0]["cr"] == pytest.approx(0, abs=1e-9)

    code, out, _err = _run(
        ["ahp", str(ana), str(bo), "--aggregate", "priorities", "--json"], capsys
    )
    by_priorities = json.loads(out)
    assert code == 0 and by_priorities["method"] == "priorities"
    assert (by_priorities["lambda_max"], by_priorities["ci"], by_priorities["cr"]) == (
        None,
        None,
        None,
    )
    assert by_priorities["weights"] == pytest.approx(group["weights"], abs=0.01)


def test_decimals_fractions_and_semicolon_files_with_decimal_commas_are_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    excel = _write(tmp_path / "es.csv", ";Tamaño;Empleo\nTamaño;1;3\nEmpleo;0,333;1\n")
    code, out, err = _run(["ahp", str(excel), "--json"], capsys)
    assert (code, err) == (0, "")
    assert json.loads(out)["weights"] == pytest.approx({"Tamaño": 0.75, "Empleo": 0.25}, abs=1e-3)


def test_without_json_a_readable_table_is_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    school = _write(tmp_path / "school.csv", SCHOOL)
    code, out, _err = _run(["ahp", str(school)], capsys)
    assert code == 0
    assert "Learning" in out and "0.321" in out
    assert "CR 0.229" in out and "inconsistent" in out
    assert "Learning vs School life: given 3" in out
    ana, bo = _write(tmp_path / "ana.csv", ANA), _write(tmp_path / "bo.csv", BO)
    code, out, _err = _run(["ahp", str(ana), str(bo)], capsys)
    assert code == 0 and f"{ana}: " in out and f"{bo}: " in out


BAD = [
    (
        ",Size,Employment,Growth\nSize,1,2,4\nEmployment,1/2,1,2\nGrowth,1/4,0,1\n",
        "row 3 (Growth), column 2 (Employment): 0 is not a positive judgment",
    ),
    (
        ",Size,Employment,Growth\nSize,1,2,4\nEmployment,1/2,1,2\nGrowth,1/4,-2,1\n",
        "row 3 (Growth), column 2 (Employment): -2 is not a positive judgment",
    ),
    (
        ",Size,Employment\nSize,1,3\nEmployment,3,1\n",
        "row 1 (Size), column 2 (Employment): 3 is not the reciprocal of 3 at row 2 (Employment), "
        "column 1 (Size) (expected 1/3 ≈ 0.333333)",
    ),
    (
        ",Size,Employment,Growth\nSize,1,2,4\nEmployment,1/2,1,2\n",
        "3 criteria in the header but 2 rows; the matrix must be square, 3 × 3",
    ),
    (
        ",Size,Employment\nSize,1,2\nEmployment,1/2\n",
        "row 2 (Employment) has 1 judgment; the matrix must be square, 2 × 2",
    ),
    (
        ",Size,Employment\nSize,1,\nEmployment,1/2,1\n",
        "row 1 (Size), column 2 (Employment): missing judgment",
    ),
    (
        ",Size,Employment\nSize,1,lots\nEmployment,1/2,1\n",
        "row 1 (Size), column 2 (Employment): 'lots' is not a number (write 3, 0.333 or 1/3)",
    ),
    (
        ",Size,Employment\nSize,1,1/0\nEmployment,1/2,1\n",
        "row 1 (Size), column 2 (Employment): '1/0' is not a number",
    ),
    (
        ",Size,Employment\nEmployment,1,2\nSize,1/2,1\n",
        "row 1: named 'Employment', but column 1 is 'Size'",
    ),
    (",Size,Size\nSize,1,1\nSize,1,1\n", "header, column 3: 'Size' is named twice"),
    ("", "empty file"),
]


@pytest.mark.parametrize(("text", "problem"), BAD, ids=[problem[:40] for _text, problem in BAD])
def test_a_bad_matrix_is_one_line_naming_the_file_and_cell_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, problem: str
) -> None:
    path = _write(tmp_path / "ana.csv", text)
    code, out, err = _run(["ahp", str(path), "--json"], capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"clusterdev ahp: error: {path}")
    assert problem in err
    assert err.count("\n") == 1


def test_stakeholders_must_compare_the_same_criteria(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ana = _write(tmp_path / "ana.csv", ANA)
    other = _write(
        tmp_path / "bo.csv", ",Size,Trust,Growth\nSize,1,1,1\nTrust,1,1,1\nGrowth,1,1,1\n"
    )
    code, out, err = _run(["ahp", str(ana), str(other)], capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"clusterdev ahp: error: {other}, header: the criteria differ from {ana}'s "
        "(Size, Trust, Growth against Size, Employment, Growth)\n"
    )


def test_a_missing_file_or_unknown_aggregation_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nobody.csv"
    assert _run(["ahp", str(missing)], capsys)[1:] == (
        "",
        f"clusterdev ahp: error: {missing}: No such file or directory\n",
    )
    ana = _write(tmp_path / "ana.csv", ANA)
    code, _out, err = _run(["ahp", str(ana), "--aggregate", "mean"], capsys)
    assert code == 2
    assert (
        err
        == "clusterdev ahp: error: unknown aggregation 'mean' (choose one of: judgments, priorities)\n"
    )


def test_the_error_named_in_the_contract_reads_exactly_so(tmp_path: Path) -> None:
    _write(
        tmp_path / "judges" / "ana.csv",
        ",Size,Employment,Growth\nSize,1,2,4\nEmployment,1/2,1,2\nGrowth,1/4,0,1\n",
    )
    result = subprocess.run(
        [sys.executable, "-m", "clusterdev", "ahp", "judges/ana.csv", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if not k.startswith(("CLUSTERDEV_", "DJANGO_"))},
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "clusterdev ahp: error: judges/ana.csv, row 3 (Growth), column 2 (Employment): "
        "0 is not a positive judgment\n"
    )
    assert sorted(os.listdir(tmp_path)) == ["judges"]


def test_ahp_flags_keep_their_names() -> None:
    args = build_parser().parse_args(
        ["ahp", "a.csv", "b.csv", "--aggregate", "priorities", "--json"]
    )
    assert vars(args) | {"func": None} == {
        "command": "ahp",
        "matrices": ["a.csv", "b.csv"],
        "aggregate": "priorities",
        "json": True,
        "func": None,
    }
    assert build_parser().parse_args(["ahp", "a.csv"]).aggregate == "judgments"
