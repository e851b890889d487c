"""The public API is pinned, documented with formulas and references, and its examples run."""

from __future__ import annotations

import doctest
import inspect
import sys
from types import ModuleType

import pytest

import clusterdev.selection
from clusterdev.selection import _ahp, _criteria, _ranking, _sensitivity

PUBLIC = [
    "AHPResult",
    "Criterion",
    "GroupAHPResult",
    "InconsistentJudgment",
    "RankedAlternative",
    "RankingResult",
    "SelectionError",
    "SensitivityResult",
    "ahp",
    "group_ahp",
    "random_index",
    "rank",
    "sensitivity",
    "starter_criteria",
]
FUNCTIONS = ["ahp", "group_ahp", "random_index", "rank", "sensitivity", "starter_criteria"]


def test_the_public_api_is_pinned_and_sorted() -> None:
    assert clusterdev.selection.__all__ == PUBLIC == sorted(PUBLIC)


@pytest.mark.parametrize(
    "module",
    [clusterdev.selection, _ahp, _criteria, _ranking, _sensitivity],
    ids=lambda m: m.__name__,
)
def test_the_docstring_examples_run(module: ModuleType) -> None:
    results = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert results.failed == 0 and results.attempted > 0


@pytest.mark.parametrize("name", FUNCTIONS)
def test_public_functions_take_options_by_keyword_and_show_an_example(name: str) -> None:
    function = getattr(clusterdev.selection, name)
    parameters = list(inspect.signature(function).parameters.values())
    assert all(p.kind is p.KEYWORD_ONLY for p in parameters[1:])
    assert ">>> " in (function.__doc__ or "")


def test_the_same_option_has_the_same_name_and_default_everywhere() -> None:
    rank = inspect.signature(clusterdev.selection.rank).parameters
    spread = inspect.signature(clusterdev.selection.sensitivity).parameters
    for name in ("weights", "directions", "method", "normalisation"):
        assert rank[name].default == spread[name].default
    ahp = inspect.signature(clusterdev.selection.ahp).parameters
    group = inspect.signature(clusterdev.selection.group_ahp).parameters
    for name in ("criteria", "prioritisation"):
        assert ahp[name].default == group[name].default


@pytest.mark.parametrize(
    ("name", "words"),
    [
        (
            "ahp",
            [
                "A w = \\lambda_{max} w",
                "(\\lambda_{max} - n) / (n - 1)",
                "CI / RI",
                "Saaty 1977",
                "Saaty 1980",
                "Saaty 2003",
                "0.01",
            ],
        ),
        ("random_index", ["0.58", "1.49", "Alonso", "Lamata", "2006", "1.5838"]),
        (
            "group_ahp",
            ["Aczél and Saaty 1983", "Forman and Peniwati (1998)", "AIJ", "AIP", "\\prod_k"],
        ),
        (
            "rank",
            ["Hwang and Yoon 1981", "S^-_i / (S^+_i", "\\sqrt{\\sum_i x_{ij}^2}", "\\max - \\min"],
        ),
        ("sensitivity", ["Dirichlet", "\\kappa w_j", "seed", "0.001", "bisection"]),
    ],
)
def test_the_docstrings_give_the_formulas_and_references(name: str, words: list[str]) -> None:
    doc = getattr(clusterdev.selection, name).__doc__ or ""
    missing = [w for w in words if w not in doc]
    assert not missing


def test_importing_the_package_is_cheap_and_django_free() -> None:
    import subprocess

    code = (
        "import sys, clusterdev.selection\n"
        "heavy = {'numpy', 'scipy', 'pandas', 'django'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"
