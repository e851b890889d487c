"""The public API is pinned, documented with formulas and references, and its examples run."""

from __future__ import annotations

import doctest
import inspect
import subprocess
import sys
from types import ModuleType

import pytest

import clusterdev.indicators
from clusterdev.indicators import (
    _accumulate,
    _evaluation,
    _periods,
    _progress,
    _values,
)

PUBLIC = [
    "NOT_STATED",
    "BeforeAfter",
    "CumulativeRule",
    "DifferenceInDifferences",
    "Direction",
    "Estimate",
    "IndicatorError",
    "Measure",
    "OrdinalScale",
    "Period",
    "Ratio",
    "SeriesPoint",
    "Status",
    "Value",
    "accumulate",
    "before_after",
    "check_disaggregation",
    "check_periods",
    "check_targets",
    "check_value",
    "difference_in_differences",
    "elapsed_share",
    "progress",
    "series",
    "status",
    "to_date",
]
FUNCTIONS = [name for name in PUBLIC if name[0].islower()]


def test_the_public_api_is_pinned() -> None:
    assert clusterdev.indicators.__all__ == PUBLIC
    assert all(hasattr(clusterdev.indicators, name) for name in PUBLIC)


@pytest.mark.parametrize(
    "module",
    # The classes of _types carry the package as their module, so doctest finds them there.
    [clusterdev.indicators, _values, _periods, _accumulate, _progress, _evaluation],
    ids=lambda m: m.__name__,
)
def test_the_docstring_examples_run(module: ModuleType) -> None:
    results = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert results.failed == 0 and results.attempted > 0


@pytest.mark.parametrize("name", FUNCTIONS)
def test_public_functions_take_options_by_keyword_and_show_an_example(name: str) -> None:
    function = getattr(clusterdev.indicators, name)
    positional = {
        "accumulate": 2,
        "series": 2,
        "to_date": 2,
        "progress": 4,
        "status": 4,
        "difference_in_differences": 4,
        "before_after": 2,
        "check_disaggregation": 2,
        "elapsed_share": 2,
    }.get(name, 1)
    parameters = list(inspect.signature(function).parameters.values())
    assert all(p.kind is p.KEYWORD_ONLY for p in parameters[positional:])
    assert ">>> " in (function.__doc__ or "")


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("progress", ["(a - b) / (t - b)", "t = b", "None", "ranks"]),
        ("status", ["e (1 - tolerance)", "at\\_risk\\_tolerance", "manual"]),
        ("accumulate", ["\\sum_t n_t / \\sum_t d_t", "latest", "maximum"]),
        ("check_disaggregation", ["not stated", "numerators", "complete=False"]),
        ("before_after", ["\\sqrt{SE_0^2 + SE_1^2}", "percentage points"]),
        (
            "difference_in_differences",
            ["(T_1 - T_0) - (C_1 - C_0)", "Card and Krueger (1994)", "Angrist and Pischke"],
        ),
    ],
)
def test_the_docstrings_give_the_formulas_and_references(name: str, words: list[str]) -> None:
    doc = getattr(clusterdev.indicators, name).__doc__ or ""
    assert [w for w in words if w not in doc] == []


def test_the_classes_show_their_public_home() -> None:
    assert repr(clusterdev.indicators.Ratio(1, 2)).startswith("Ratio(")
    assert clusterdev.indicators.IndicatorError.__module__ == "clusterdev.indicators"


def test_importing_the_package_is_django_free_and_light() -> None:
    code = (
        "import sys, clusterdev.indicators\n"
        "heavy = {'numpy', 'scipy', 'pandas', 'django'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"
