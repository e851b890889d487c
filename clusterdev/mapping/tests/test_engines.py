"""DuckDB and Spark run one computation and give identical results."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from clusterdev.cli import main
from clusterdev.mapping import Columns, MappingError, StarThresholds, map_clusters
from clusterdev.mapping._sql import DUCKDB, SPARK, measures_sql
from clusterdev.mapping.tests.conftest import (
    CMP_COLUMNS,
    CMP_STATES,
    CMP_TOTALS,
    SYNTHETIC_COLUMNS,
    synthetic_register,
)


def _assert_identical(path: Path, spark: Any, **options: Any) -> pa.Table:
    duck = map_clusters(path, engine="duckdb", **options)
    lit = map_clusters(path, engine="spark", **options)
    assert lit.measures.schema == duck.measures.schema
    assert lit.measures.equals(duck.measures)
    assert lit.region_scores.equals(duck.region_scores)
    assert lit.candidates is not None and lit.candidates.equals(duck.candidates)
    assert lit.parameters["engine"] == "spark"
    return duck.measures


def test_spark_and_duckdb_agree_exactly_on_the_cmp_states(spark: Any) -> None:
    _assert_identical(CMP_STATES, spark, columns=CMP_COLUMNS, reference=CMP_TOTALS)


def test_spark_and_duckdb_agree_exactly_on_a_register_with_ties_zeros_and_years(
    spark: Any, tmp_path: Path
) -> None:
    register = synthetic_register(tmp_path / "register.csv")
    stars = StarThresholds(size_top_share=0.25, specialisation_lq=1.5, focus_top_share=0.2)
    measures = _assert_identical(register, spark, columns=SYNTHETIC_COLUMNS, stars=stars)
    # Not an empty agreement: every flag and star is set somewhere, some cells are zero.
    for flag in ("strong10", "stars_size", "stars_specialisation", "stars_focus"):
        assert pc.sum(measures.column(flag)).as_py() > 0
    assert pc.min(measures.column("employment")).as_py() == 0
    assert pc.count(measures.column("growth")).as_py() > 0


def test_spark_reads_parquet_like_duckdb(spark: Any, tmp_path: Path) -> None:
    register = synthetic_register(tmp_path / "register.csv")
    table = map_clusters(register, columns=SYNTHETIC_COLUMNS).measures
    parquet = tmp_path / "measures.parquet"
    pq.write_table(table.select(["region", "sector", "category", "employment"]), parquet)
    columns = Columns(
        region="region", sector="sector", employment="employment", category="category"
    )
    _assert_identical(parquet, spark, columns=columns)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("area,isic,staff\n01,10,4\n01,11,-2\n", "row 2, column 'staff': '-2' is negative"),
        ("area,isic,staff\n01,10,4\n01,11,2,2\n", "row 2: 4 fields where the header has 3"),
    ],
    ids=["negative", "ragged"],
)
def test_spark_names_the_bad_row_like_duckdb(
    spark: Any, tmp_path: Path, content: str, expected: str
) -> None:
    register = tmp_path / "register.csv"
    register.write_text(content)
    columns = Columns(region="area", sector="isic", employment="staff")
    messages = []
    for engine in ("duckdb", "spark"):
        with pytest.raises(MappingError) as error:
            map_clusters(register, columns=columns, engine=engine)
        messages.append(str(error.value))
    assert messages[0] == messages[1] == f"{register}, {expected}"


def test_an_unknown_engine_is_a_mapping_error() -> None:
    with pytest.raises(MappingError, match="unknown engine 'polars'"):
        map_clusters(CMP_STATES, columns=CMP_COLUMNS, engine="polars")


def test_the_computation_is_written_once_and_differs_only_in_the_dialect_shims() -> None:
    options: dict[str, Any] = {
        "cells": "cells",
        "reference": "reference",
        "categories": True,
        "years": True,
        "stars": StarThresholds(),
    }
    duck = measures_sql(DUCKDB, **options)
    spark = measures_sql(SPARK, **options)
    assert "quantile_cont(" in duck and "percentile(" in spark
    assert "approx" not in duck + spark

    # Written in the shims' neutral words, the two texts are one.
    def neutral(sql: str, quantiles: str, first: int) -> str:
        sql = re.sub(quantiles, r"QUANTILES(\1, \2)", sql)
        return re.sub(r"_q\[(\d+)\]", lambda m: f"_q<{int(m.group(1)) - first}>", sql)

    assert neutral(duck, r"quantile_cont\((\w+), \[([^]]*)\]\)", 1) == neutral(
        spark, r"percentile\((\w+), array\(([^)]*)\)\)", 0
    )


def test_the_command_prints_the_same_json_on_spark(
    spark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register = synthetic_register(tmp_path / "register.csv")
    argv = ["map", str(register), "--region", "area", "--sector", "isic", "--employment", "staff"]
    printed = []
    for engine in ("duckdb", "spark"):
        assert main([*argv, "--category", "kind", "--year", "year", "--engine", engine]) == 0
        printed.append(capsys.readouterr().out)
    assert printed[0] == printed[1]
    assert len(json.loads(printed[0])) == 270
