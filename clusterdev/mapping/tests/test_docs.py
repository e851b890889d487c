"""The public API is pinned and its documented examples run."""

from __future__ import annotations

import doctest
import inspect
from types import ModuleType

import pytest

import clusterdev.mapping
from clusterdev.mapping import _io, _measures, _output

PUBLIC = [
    "Columns",
    "MappingError",
    "MappingResult",
    "Progress",
    "StarThresholds",
    "map_clusters",
    "map_to_parquet",
    "read_table",
    "write_measures",
]


def test_the_public_api_is_pinned_and_sorted() -> None:
    assert clusterdev.mapping.__all__ == PUBLIC == sorted(PUBLIC)


@pytest.mark.parametrize(
    "module", [clusterdev.mapping, _io, _measures, _output], ids=lambda m: m.__name__
)
def test_the_docstring_examples_run(module: ModuleType) -> None:
    results = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert results.failed == 0 and results.attempted > 0


@pytest.mark.parametrize("name", ["map_clusters", "map_to_parquet", "read_table", "write_measures"])
def test_public_functions_take_options_by_keyword_and_show_an_example(name: str) -> None:
    function = getattr(clusterdev.mapping, name)
    parameters = list(inspect.signature(function).parameters.values())
    assert all(
        p.kind is p.KEYWORD_ONLY
        for p in parameters[2 if name in {"write_measures", "map_to_parquet"} else 1 :]
    )
    assert ">>> " in (function.__doc__ or "")


def test_the_main_docstring_gives_the_formulas_and_references() -> None:
    doc = clusterdev.mapping.map_clusters.__doc__ or ""
    for words in ("E_{rs} / E_{r,c}", "Delgado", "Porter", "Stern", "Ketels", "Protsiv", "90th"):
        assert words in doc
