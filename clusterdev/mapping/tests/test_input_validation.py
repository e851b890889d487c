"""Every bad input is one clear MappingError naming the file, the row and the column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from clusterdev.mapping import Columns, MappingError, map_clusters, read_table
from clusterdev.mapping.tests.conftest import write_csv

COLUMNS = Columns(region="area", sector="isic", employment="staff", establishments="firms")
HEADER = ["area", "isic", "staff", "firms"]
READERS: list[Callable[..., Any]] = [read_table, map_clusters]


def _error(read: Callable[..., Any], path: Path, columns: Columns = COLUMNS) -> str:
    with pytest.raises(MappingError) as error:
        read(path, columns=columns)
    message = str(error.value)
    assert "\n" not in message
    return message


@pytest.fixture(params=READERS, ids=["read_table", "map_clusters"])
def read(request: pytest.FixtureRequest) -> Callable[..., Any]:
    reader: Callable[..., Any] = request.param
    return reader


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        (["02", "1410", "12x", "1"], "row 2, column 'staff': '12x' is not a number"),
        (["02", "1410", "1,200", "1"], "row 2, column 'staff': '1,200' is not a number"),
        (["02", "1410", "-3", "1"], "row 2, column 'staff': '-3' is negative"),
        (["02", "1410", "", "1"], "row 2, column 'staff': is missing"),
        (["02", "1410", "5", "two"], "row 2, column 'firms': 'two' is not a number"),
        (["02", "1410", "5", "-1"], "row 2, column 'firms': '-1' is negative"),
        (["", "1410", "5", "1"], "row 2, column 'area': is missing"),
        (["02", "", "5", "1"], "row 2, column 'isic': is missing"),
    ],
)
def test_a_bad_cell_is_named_by_file_row_and_column(
    read: Callable[..., Any], tmp_path: Path, bad_row: list[str], expected: str
) -> None:
    path = write_csv(tmp_path / "register.csv", HEADER, [["01", "1410", "4", "1"], bad_row])
    assert _error(read, path) == f"{path}, {expected}"


def test_the_first_bad_row_is_named_when_there_are_several(
    read: Callable[..., Any], tmp_path: Path
) -> None:
    rows = [["01", "1410", str(i), "1"] for i in range(5000)]
    rows[3141][2] = "n/a"
    rows[4000][2] = "-1"
    path = write_csv(tmp_path / "register.csv", HEADER, rows)
    assert _error(read, path) == f"{path}, row 3142, column 'staff': 'n/a' is not a number"


def test_a_missing_column_is_named_in_the_header(read: Callable[..., Any], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "register.csv", ["area", "isic", "staff"], [["01", "1410", "4"]])
    assert _error(read, path) == (
        f"{path}, header, column 'firms': no such column (the columns are: area, isic, staff)"
    )


def test_an_empty_file_is_an_error(read: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text("")
    assert _error(read, path) == f"{path}, header: the file is empty"


def test_a_header_without_rows_is_an_error(read: Callable[..., Any], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "register.csv", HEADER, [])
    assert _error(read, path) == f"{path}, row 1: no data rows below the header"


def test_an_unknown_suffix_is_an_unreadable_format(
    read: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "register.txt"
    path.write_text("area,isic,staff,firms\n01,1410,4,1\n")
    assert "unreadable format '.txt'" in _error(read, path)


def test_a_broken_parquet_file_is_unreadable(read: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "register.parquet"
    path.write_bytes(b"not parquet at all")
    assert _error(read, path).startswith(f"{path}, header: cannot read as Parquet")


def test_a_missing_file_is_named(read: Callable[..., Any], tmp_path: Path) -> None:
    assert _error(read, tmp_path / "nowhere.csv") == f"{tmp_path / 'nowhere.csv'}: no such file"


def test_parquet_numbers_are_checked_too(read: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "register.parquet"
    table = pa.table(
        {
            "area": ["01", "02", "03"],
            "isic": ["1410"] * 3,
            "staff": [4.0, float("nan"), -1.0],
            "firms": [1, 1, 1],
        }
    )
    pq.write_table(table, path)
    assert _error(read, path) == f"{path}, row 2, column 'staff': 'nan' is not a number"


def test_a_parquet_column_of_dates_is_not_employment(
    read: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "register.parquet"
    pq.write_table(
        pa.table({"area": ["01"], "isic": ["1410"], "staff": pa.array([0], pa.date32())}), path
    )
    columns = Columns(region="area", sector="isic", employment="staff")
    assert _error(read, path, columns) == (
        f"{path}, header, column 'staff': holds date values, not numbers"
    )


def test_coordinates_outside_the_globe_are_named(read: Callable[..., Any], tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "register.csv",
        ["area", "isic", "staff", "lat", "lon"],
        [
            ["01", "1410", "4", "-0.3", "-78.5"],
            ["01", "1410", "4", "", ""],
            ["01", "1410", "4", "95", "-78.5"],
        ],
    )
    columns = Columns(
        region="area", sector="isic", employment="staff", latitude="lat", longitude="lon"
    )
    assert _error(read, path, columns) == (
        f"{path}, row 3, column 'lat': '95' is outside -90 to 90 degrees"
    )


def test_a_reference_without_the_category_column_is_named(tmp_path: Path) -> None:
    register = write_csv(
        tmp_path / "register.csv", [*HEADER, "kind"], [["01", "1410", "4", "1", "t"]]
    )
    reference = write_csv(tmp_path / "national.csv", ["isic", "staff"], [["1410", "100"]])
    columns = Columns(
        region="area", sector="isic", employment="staff", establishments="firms", category="kind"
    )
    with pytest.raises(MappingError) as error:
        map_clusters(register, columns=columns, reference=reference)
    assert str(error.value) == (
        f"{reference}, header, column 'kind': no such column (the columns are: isic, staff)"
    )


def test_a_sector_missing_from_the_reference_is_named(tmp_path: Path) -> None:
    register = write_csv(
        tmp_path / "register.csv", HEADER, [["01", "1410", "4", "1"], ["01", "1520", "4", "1"]]
    )
    reference = write_csv(tmp_path / "national.csv", ["isic", "staff"], [["1410", "100"]])
    with pytest.raises(MappingError) as error:
        map_clusters(register, columns=COLUMNS, reference=reference)
    assert str(error.value) == (
        f"{reference}, column 'isic': no row for sector '1520', which {register} has"
    )


def test_a_bad_reference_value_names_the_reference_file(tmp_path: Path) -> None:
    register = write_csv(tmp_path / "register.csv", HEADER, [["01", "1410", "4", "1"]])
    reference = write_csv(tmp_path / "national.csv", ["isic", "staff"], [["1410", "lots"]])
    with pytest.raises(MappingError) as error:
        map_clusters(register, columns=COLUMNS, reference=reference)
    assert str(error.value) == f"{reference}, row 1, column 'staff': 'lots' is not a number"


@pytest.mark.parametrize(
    ("staff", "expected"),
    [
        ([4, -1, 2], "row 2, column 'staff': '-1' is negative"),
        ([4, 2, None], "row 3, column 'staff': is missing"),
    ],
)
def test_parquet_integers_are_checked_whatever_their_statistics_say(
    read: Callable[..., Any], tmp_path: Path, staff: list[int | None], expected: str
) -> None:
    path = tmp_path / "register.parquet"
    table = pa.table({"area": ["01", "02", "03"], "isic": ["1410"] * 3, "staff": staff})
    pq.write_table(table, path, row_group_size=2)
    columns = Columns(region="area", sector="isic", employment="staff")
    assert _error(read, path, columns) == f"{path}, {expected}"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"area,isic,staff,firms\n01,7,3,1\n02,7,4,1,9\n",
            "row 2: 5 fields where the header has 4",
        ),
        (b"area,isic,staff,firms\n01,7,3,1\n\n02,7,\xe9,1\n", "row 2: not UTF-8 text"),
        (b'area,isic,staff,firms\n01,7,3,1\n03,"7,3,1\n', "row 2: unexpected end of data"),
        (b"\xe1rea,isic,staff,firms\n01,7,3,1\n", "header: not UTF-8 text"),
    ],
    ids=["ragged", "latin-1", "open-quote", "latin-1-header"],
)
def test_a_broken_csv_file_is_named_with_its_row(
    read: Callable[..., Any], tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes(content)
    assert _error(read, path) == f"{path}, {expected}"


def test_an_empty_key_in_parquet_is_missing(read: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "register.parquet"
    pq.write_table(pa.table({"area": ["01", ""], "isic": ["7", "7"], "staff": [1, 2]}), path)
    columns = Columns(region="area", sector="isic", employment="staff")
    assert _error(read, path, columns) == f"{path}, row 2, column 'area': is missing"
