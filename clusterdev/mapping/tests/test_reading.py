"""Reading registers: CSV, Parquet, XLSX and tables; keys stay text."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from clusterdev.mapping import Columns, MappingError, map_clusters, read_table
from clusterdev.mapping.tests.conftest import write_csv

COLUMNS = Columns(region="area", sector="isic", employment="staff")


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_keys_stay_text_so_01_and_1_are_different_sectors(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "register.csv",
        ["area", "isic", "staff"],
        [["007", "01", "5"], ["007", "1", "7"], ["7", "01", "2"]],
    )
    rows = map_clusters(path, columns=COLUMNS).measures.select(["region", "sector"]).to_pylist()
    assert rows == [
        {"region": "007", "sector": "01"},
        {"region": "007", "sector": "1"},
        {"region": "7", "sector": "01"},
    ]


def test_read_table_names_columns_by_role_and_keeps_keys_as_written(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "register.csv",
        ["isic", "area", "staff", "kind", "year"],
        [["0101", "01", " 12 ", "traded", "2016"], ["0101", "01", "1.5e1", "traded", "2016"]],
    )
    columns = Columns(
        region="area", sector="isic", employment="staff", category="kind", year="year"
    )
    table = read_table(path, columns=columns)
    assert table.column_names == [
        "region",
        "sector",
        "category",
        "year",
        "employment",
        "establishments",
    ]
    assert table.to_pylist()[1] == {
        "region": "01",
        "sector": "0101",
        "category": "traded",
        "year": "2016",
        "employment": 15.0,
        "establishments": 1.0,
    }
    assert table.column("employment").to_pylist() == [12.0, 15.0]


def test_without_an_establishments_column_each_row_is_one_establishment(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "register.csv",
        ["area", "isic", "staff"],
        [["01", "1410", "5"], ["01", "1410", "0"], ["01", "1410", "2"], ["02", "1410", "1"]],
    )
    rows = map_clusters(path, columns=COLUMNS).measures.to_pylist()
    assert [(r["region"], r["employment"], r["establishments"]) for r in rows] == [
        ("01", 7.0, 3.0),
        ("02", 1.0, 1.0),
    ]


def test_an_xlsx_register_reads_like_its_csv(tmp_path: Path) -> None:
    rows: list[list[object]] = [["01", "1410", 12], ["02", "1410", 3.0], ["02", "1520", 8]]
    xlsx = _xlsx(tmp_path / "register.xlsx", [["area", "isic", "staff"], *rows, [None, None]])
    csv = write_csv(tmp_path / "register.csv", ["area", "isic", "staff"], rows)
    assert read_table(xlsx, columns=COLUMNS).equals(read_table(csv, columns=COLUMNS))
    assert map_clusters(xlsx, columns=COLUMNS).measures.equals(
        map_clusters(csv, columns=COLUMNS).measures
    )


def test_an_xlsx_error_names_the_data_row(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "register.xlsx",
        [["area", "isic", "staff"], ["01", "1410", 12], ["02", "1410", "twelve"]],
    )
    with pytest.raises(MappingError) as error:
        read_table(path, columns=COLUMNS)
    assert str(error.value) == f"{path}, row 2, column 'staff': 'twelve' is not a number"


def test_an_empty_xlsx_is_an_error(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "register.xlsx", [])
    with pytest.raises(MappingError, match="the file is empty"):
        read_table(path, columns=COLUMNS)


def test_parquet_is_read_in_place_with_its_types(tmp_path: Path) -> None:
    path = tmp_path / "register.parquet"
    pq.write_table(
        pa.table({"area": ["01", "01"], "isic": [141, 152], "staff": pa.array([3, 4], pa.int32())}),
        path,
    )
    assert read_table(path, columns=COLUMNS).to_pylist() == [
        {"region": "01", "sector": "141", "employment": 3.0, "establishments": 1.0},
        {"region": "01", "sector": "152", "employment": 4.0, "establishments": 1.0},
    ]


def test_a_table_in_memory_is_a_source_too() -> None:
    table = pa.table({"area": ["01", "02"], "isic": ["1410", "1410"], "staff": [2, 6]})
    rows = map_clusters(table, columns=COLUMNS).measures.to_pylist()
    assert [(r["region"], r["region_share"]) for r in rows] == [("01", 0.25), ("02", 0.75)]


def test_a_clean_parquet_register_is_mapped_in_one_pass(tmp_path: Path) -> None:
    path = tmp_path / "register.parquet"
    table = pa.table({"area": ["01", "01", "02"], "isic": ["7", "7", "7"], "staff": [3, 4, 5]})
    pq.write_table(table, path, row_group_size=2)
    rows = map_clusters(path, columns=COLUMNS).measures.to_pylist()
    assert [(r["region"], r["employment"], r["establishments"]) for r in rows] == [
        ("01", 7.0, 2.0),
        ("02", 5.0, 1.0),
    ]
