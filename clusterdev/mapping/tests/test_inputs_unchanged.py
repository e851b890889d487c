"""map_clusters never changes its inputs: tables in memory or files on disk."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa

from clusterdev.mapping import Columns, map_clusters, read_table, write_measures
from clusterdev.mapping.tests.conftest import CMP_COLUMNS, CMP_STATES, CMP_TOTALS


def _digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def test_tables_in_memory_are_left_as_they_were() -> None:
    register = pa.table({"area": ["01", "02", "02"], "isic": ["7", "7", "8"], "staff": [1, 2, 3]})
    reference = pa.table({"isic": ["7", "8"], "staff": [10, 10]})
    before = (register.to_pydict(), register.schema, reference.to_pydict(), reference.schema)
    columns = Columns(region="area", sector="isic", employment="staff")
    result = map_clusters(register, columns=columns, reference=reference)
    write_measures(result.measures, Path("/dev/null"), format="csv")
    assert (
        register.to_pydict(),
        register.schema,
        reference.to_pydict(),
        reference.schema,
    ) == before


def test_files_are_left_as_they_were(tmp_path: Path) -> None:
    before = [_digest(CMP_STATES), _digest(CMP_TOTALS)]
    map_clusters(CMP_STATES, columns=CMP_COLUMNS, reference=CMP_TOTALS)
    read_table(CMP_STATES, columns=CMP_COLUMNS)
    assert [_digest(CMP_STATES), _digest(CMP_TOTALS)] == before
