"""The public API is pinned, documented with formulas and references, and its examples run."""

from __future__ import annotations

import doctest
import inspect
import subprocess
import sys
from types import ModuleType

import pytest

import clusterdev.networks
from clusterdev.networks import (
    _brokerage,
    _compare,
    _coreperiphery,
    _export,
    _io,
    _measures,
    _network,
)

PUBLIC = [
    "ActorChange",
    "ActorMeasures",
    "Brokerage",
    "Centralization",
    "Comparison",
    "Components",
    "CorePeriphery",
    "EIGroup",
    "EIIndex",
    "Network",
    "NetworkError",
    "NetworkMeasures",
    "Problem",
    "QAPResult",
    "Reciprocity",
    "Tie",
    "Turnover",
    "brokerage",
    "centralization",
    "compare",
    "constraint",
    "core_periphery",
    "density",
    "ei_index",
    "from_networkx",
    "measures",
    "network",
    "qap",
    "read_network",
    "reciprocity",
    "to_networkx",
    "turnover",
    "view",
    "write_edges_csv",
    "write_gexf",
    "write_graphml",
    "write_nodes_csv",
]
FUNCTIONS = [name for name in PUBLIC if name[0].islower()]


def test_the_public_api_is_pinned_and_sorted() -> None:
    assert clusterdev.networks.__all__ == PUBLIC == sorted(PUBLIC)


@pytest.mark.parametrize(
    "module",
    [clusterdev.networks, _brokerage, _compare, _coreperiphery, _export, _io, _measures, _network],
    ids=lambda m: m.__name__,
)
def test_the_docstring_examples_run(module: ModuleType) -> None:
    results = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert results.failed == 0 and results.attempted > 0


@pytest.mark.parametrize("name", FUNCTIONS)
def test_public_functions_take_options_by_keyword_and_show_an_example(name: str) -> None:
    function = getattr(clusterdev.networks, name)
    parameters = list(inspect.signature(function).parameters.values())
    positional = 2 if name in ("compare", "qap", "turnover") else 1
    if name.startswith("write_"):
        positional = 2  # the network and the path
    assert all(p.kind is p.KEYWORD_ONLY for p in parameters[positional:])
    if not name.startswith("write_") or name in ("write_graphml", "write_gexf"):
        assert ">>> " in (function.__doc__ or "")


def test_the_same_option_has_the_same_name_and_default_everywhere() -> None:
    signatures = {
        name: inspect.signature(getattr(clusterdev.networks, name)).parameters for name in FUNCTIONS
    }
    for option in ("closeness", "group", "permutations", "seed", "measures", "directed"):
        defaults = {
            sig[option].default
            for sig in signatures.values()
            if option in sig and sig[option].default is not inspect.Parameter.empty
        }
        assert len(defaults) <= 1, option


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("density", ["n(n − 1)", "Wasserman and Faust 1994"]),
        ("reciprocity", ["M / (M + A)", "2M / (2M + A)", "UCINET", "Wasserman and Faust 1994"]),
        ("centralization", ["Freeman (1979)", "Σ_i (max_j c_j − c_i)"]),
        ("constraint", ["Burt's (1992)", "(p_ij + Σ_{q ≠ i,j} p_iq", "p_qj)²"]),
        ("ei_index", ["Krackhardt and Stern's (1988)", "(E − I) / (E + I)"]),
        ("brokerage", ["Gould and Fernandez 1989", "a ≠ c, no tie"]),
        (
            "qap",
            [
                "Krackhardt's (1987)",
                "(#{|r_perm| ≥ |r|} + 1) / (permutations + 1)",
                "two-sided",
                "seed",
            ],
        ),
        ("core_periphery", ["Borgatti–Everett", "least squares", "ρ(a_ij, c_i c_j)"]),
        (
            "measures",
            [
                "Wasserman and Faust 1994",
                "(k / (n − 1)) · (k / Σ_j d_ij)",
                "harmonic",
                "(n − 1)(n − 2)/(2n − 3)",
            ],
        ),
        ("turnover", ["kept / (kept + dropped + added)"]),
    ],
)
def test_the_docstrings_give_the_formulas_and_references(name: str, words: list[str]) -> None:
    doc = getattr(clusterdev.networks, name).__doc__ or ""
    missing = [w for w in words if w not in doc]
    assert not missing


def test_the_modules_document_what_they_implement() -> None:
    assert "Borgatti and Everett (2000)" in (_coreperiphery.__doc__ or "")
    assert "minres" in (_coreperiphery.__doc__ or "")
    for role in ("coordinator", "gatekeeper", "representative", "consultant", "liaison"):
        assert role in (_brokerage.__doc__ or "")
    for kind in ("self-loop", "duplicate", "missing from NODES.csv", "empty"):
        assert kind in (_io.__doc__ or "")


def test_importing_the_package_is_cheap_and_django_free() -> None:
    code = (
        "import sys, clusterdev.networks\n"
        "heavy = {'numpy', 'scipy', 'igraph', 'networkx', 'pandas', 'django'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"


def test_measuring_needs_neither_scipy_nor_networkx() -> None:
    # They take seconds to import: the command line measures without them.
    code = (
        "import sys\n"
        "from clusterdev.networks import measures, network\n"
        "measures(network([('a', 'b'), ('b', 'c')]), group=None)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'scipy', 'networkx'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"
