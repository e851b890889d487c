"""`clusterdev map`: the command line contract that scripts rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pyarrow.csv
import pyarrow.parquet as pq
import pytest

from clusterdev.cli import build_parser, main
from clusterdev.mapping.tests.conftest import write_csv

ECUADOR = Path(str(resources.files("clusterdev") / "data" / "ecuador_admin1.geojson"))
JSON_KEYS = {
    "region",
    "sector",
    "category",
    "employment",
    "establishments",
    "lq",
    "qualifying",
    "significant",
    "strong",
    "strong10",
    "stars_size",
    "stars_specialisation",
    "stars_focus",
}


@pytest.fixture
def register(tmp_path: Path) -> Path:
    rows = [
        [province, isic, staff]
        for province, isic, staff in [
            ("EC-I", "1410", 40),
            ("EC-I", "1520", 5),
            ("EC-T", "1410", 6),
            ("EC-T", "1520", 30),
            ("EC-P", "1410", 8),
            ("EC-P", "1520", 9),
        ]
    ]
    return write_csv(tmp_path / "register.csv", ["province", "isic", "staff"], rows)


def _argv(register: Path, *more: str) -> list[str]:
    base = ["map", str(register), "--region", "province", "--sector", "isic"]
    return [*base, "--employment", "staff", *more]


def test_json_prints_one_object_per_region_and_sector_with_the_contract_keys(
    register: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_argv(register)) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 6
    for row in rows:
        assert set(row) >= JSON_KEYS
    assert rows[0]["region"] == "EC-I" and rows[0]["sector"] == "1410"
    assert rows[0]["establishments"] == 1


def test_json_is_written_to_out(register: Path, tmp_path: Path) -> None:
    out = tmp_path / "measures.json"
    assert main(_argv(register, "--format", "json", "--out", str(out))) == 0
    assert len(json.loads(out.read_text())) == 6


def test_csv_and_parquet_write_the_measures_table(register: Path, tmp_path: Path) -> None:
    assert main(_argv(register, "--format", "csv", "--out", str(tmp_path / "m.csv"))) == 0
    assert main(_argv(register, "--format", "parquet", "--out", str(tmp_path / "m.parquet"))) == 0
    from_csv = pyarrow.csv.read_csv(tmp_path / "m.csv")
    from_parquet = pq.read_table(tmp_path / "m.parquet")
    assert from_parquet.num_rows == from_csv.num_rows == 6
    assert set(from_parquet.column_names) >= JSON_KEYS
    assert from_csv.column_names == from_parquet.column_names
    assert sorted(os.listdir(tmp_path)) == ["m.csv", "m.parquet", "register.csv"]


def test_geojson_puts_each_regions_measures_on_its_polygon(register: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.geojson"
    argv = _argv(register, "--regions", str(ECUADOR), "--format", "geojson", "--out", str(out))
    assert main(argv) == 0
    collection = json.loads(out.read_text())
    assert collection["type"] == "FeatureCollection"
    features = {f["properties"]["code"]: f for f in collection["features"]}
    assert len(features) == 24
    imbabura = features["EC-I"]
    assert imbabura["properties"]["name"] == "Imbabura"
    assert imbabura["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert [m["sector"] for m in imbabura["properties"]["measures"]] == ["1410", "1520"]
    assert JSON_KEYS - {"region"} <= set(imbabura["properties"]["measures"][0])
    assert features["EC-W"]["properties"]["measures"] == []


def test_geojson_without_regions_is_refused(
    register: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "map.geojson"
    assert main(_argv(register, "--format", "geojson", "--out", str(out))) == 2
    assert "--format geojson needs --regions" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("more", "expected"),
    [
        (["--engine", "polars"], "unknown engine 'polars' (choose one of: duckdb, spark)"),
        (["--format", "xml"], "unknown format 'xml'"),
        (["--category", "kind"], "header, column 'kind': no such column"),
        (["--regions", "nowhere.geojson"], "nowhere.geojson: no such file"),
    ],
)
def test_a_wrong_option_is_one_line_and_exit_code_2(
    register: Path, capsys: pytest.CaptureFixture[str], more: list[str], expected: str
) -> None:
    assert main(_argv(register, *more)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and expected in captured.err


def test_regions_missing_from_the_geojson_are_one_line_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register = write_csv(
        tmp_path / "register.csv",
        ["province", "isic", "staff"],
        [["EC-I", "1410", 4], ["XX", "1410", 2]],
    )
    assert main(_argv(register, "--regions", str(ECUADOR))) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "XX" in err


def test_an_error_leaves_no_output_file_and_keeps_an_old_one(tmp_path: Path) -> None:
    bad = write_csv(
        tmp_path / "register.csv",
        ["province", "isic", "staff"],
        [["EC-I", "1410", "4"], ["EC-T", "1410", "four"]],
    )
    fresh = tmp_path / "out" / "fresh.json"
    fresh.parent.mkdir()
    old = tmp_path / "out" / "old.parquet"
    old.write_bytes(b"yesterday's results")
    for out, form in ((fresh, "json"), (old, "parquet")):
        assert main(_argv(bad, "--format", form, "--out", str(out))) == 2
    assert sorted(os.listdir(fresh.parent)) == ["old.parquet"]
    assert old.read_bytes() == b"yesterday's results"


def test_a_failing_command_says_file_row_and_column_on_stderr(tmp_path: Path) -> None:
    bad = write_csv(
        tmp_path / "register.csv",
        ["province", "isic", "staff"],
        [["EC-I", "1410", "4"], ["EC-T", "1410", "-4"]],
    )
    result = subprocess.run(
        [sys.executable, "-m", "clusterdev", *_argv(bad)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if not k.startswith(("CLUSTERDEV_", "DJANGO_"))},
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert (
        result.stderr == f"clusterdev map: error: {bad}, row 2, column 'staff': '-4' is negative\n"
    )
    # `map` needs no database: no data directory appears.
    assert sorted(os.listdir(tmp_path)) == ["register.csv"]


def test_map_neither_sets_up_django_nor_imports_it(register: Path) -> None:
    code = (
        "import sys\n"
        "from clusterdev.cli import main\n"
        f"code = main({_argv(register)!r})\n"
        "print(code, 'django' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr.strip() == "0 False"


def test_importing_the_command_line_loads_no_heavy_library() -> None:
    code = (
        "import sys, clusterdev.cli, clusterdev.mapping\n"
        "heavy = {'duckdb', 'pandas', 'pyspark', 'pyarrow', 'numpy', 'django'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"


def test_map_flags_keep_their_names() -> None:
    args = build_parser().parse_args(
        [
            "map",
            "in.parquet",
            "--region",
            "r",
            "--sector",
            "s",
            "--employment",
            "e",
            "--establishments",
            "n",
            "--category",
            "c",
            "--reference",
            "ref.csv",
            "--year",
            "y",
            "--regions",
            "regions.geojson",
            "--coordinates",
            "lat,lon",
            "--engine",
            "spark",
            "--format",
            "geojson",
            "--out",
            "out.geojson",
        ]
    )
    assert vars(args) | {"func": None} == {
        "command": "map",
        "input": "in.parquet",
        "region": "r",
        "sector": "s",
        "employment": "e",
        "establishments": "n",
        "category": "c",
        "reference": "ref.csv",
        "year": "y",
        "regions": "regions.geojson",
        "region_property": "code",
        "coordinates": ("lat", "lon"),
        "engine": "spark",
        "format": "geojson",
        "out": "out.geojson",
        "func": None,
    }


def test_coordinates_need_two_column_names(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(
            [
                "map",
                "x.csv",
                "--region",
                "r",
                "--sector",
                "s",
                "--employment",
                "e",
                "--coordinates",
                "lat",
            ]
        )
    assert exit_.value.code == 2
    assert "LATCOL,LONCOL" in capsys.readouterr().err


def test_a_pipe_given_as_output_is_written_into_not_replaced(tmp_path: Path) -> None:
    """`--out /dev/null` or a named pipe must never be swapped for a regular file."""
    import os
    import stat
    import threading

    import pyarrow as pa

    from clusterdev.mapping import write_measures

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    write_measures(
        pa.table({"region": ["01"], "sector": ["1410"], "lq": [1.5]}), pipe, format="csv"
    )
    reader.join(timeout=10)
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert b"1410" in received[0]
