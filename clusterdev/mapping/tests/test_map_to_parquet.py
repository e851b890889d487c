"""``map_to_parquet`` (the command line's Parquet path) writes exactly what ``map_clusters``
and ``write_measures`` write, though DuckDB writes the file itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from clusterdev.mapping import Columns, MappingError, map_clusters, map_to_parquet, write_measures
from clusterdev.mapping.tests.conftest import (
    CMP_COLUMNS,
    CMP_STATES,
    CMP_TOTALS,
    SYNTHETIC_COLUMNS,
    synthetic_register,
)


def _both(tmp_path: Path, source: Path, **options: Any) -> None:
    direct, long_way = tmp_path / "direct.parquet", tmp_path / "long.parquet"
    map_to_parquet(source, direct, **options)
    write_measures(
        map_clusters(source, with_candidates=False, **options).measures,
        long_way,
        format="parquet",
    )
    written, expected = pq.read_table(direct), pq.read_table(long_way)
    # Same names and types; DuckDB may mark a column it knows has no nulls as required.
    assert [(f.name, f.type) for f in written.schema] == [(f.name, f.type) for f in expected.schema]
    assert written.num_rows > 0
    assert written.cast(expected.schema).equals(expected)


def test_the_cmp_states_with_categories_and_a_reference(tmp_path: Path) -> None:
    _both(tmp_path, CMP_STATES, columns=CMP_COLUMNS, reference=CMP_TOTALS)


def test_a_register_with_years_gives_growth_too(tmp_path: Path) -> None:
    register = synthetic_register(tmp_path / "register.csv")
    _both(tmp_path, register, columns=SYNTHETIC_COLUMNS)
    assert "growth" in pq.read_table(tmp_path / "direct.parquet").column_names


def test_bad_input_leaves_no_file_behind(tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    register.write_text("region,sector,employment\n01,1410,7\n02,1410,-3\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    columns = Columns(region="region", sector="sector", employment="employment")
    with pytest.raises(MappingError, match=r"row 2, column 'employment'"):
        map_to_parquet(register, out, columns=columns)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.csv"]
