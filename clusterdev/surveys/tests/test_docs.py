"""The public API is pinned and documented, its examples run, and importing it is cheap."""

from __future__ import annotations

import doctest
import subprocess
import sys
from types import ModuleType

import pytest

import clusterdev.surveys
from clusterdev.surveys import _export, _instruments, _ties, _xlsform

PUBLIC = [
    "ActorRow",
    "ClusterInfo",
    "ExportData",
    "Form",
    "FormError",
    "GeoPoint",
    "ImportPlan",
    "IndicatorQuestion",
    "Problem",
    "Report",
    "Source",
    "Submission",
    "Text",
    "TieRow",
    "actors_csv",
    "convert",
    "enterprise_form",
    "indicator_question_name",
    "institution_form",
    "network_form",
    "plan_import",
    "read_export",
    "ties_from",
    "validate",
    "write_attachments",
    "write_xlsform",
    "xlsform_bytes",
]


def test_the_public_api_is_pinned_and_sorted() -> None:
    assert clusterdev.surveys.__all__ == PUBLIC == sorted(PUBLIC)


@pytest.mark.parametrize(
    "module",
    [clusterdev.surveys, _export, _instruments, _ties, _xlsform],
    ids=lambda m: m.__name__,
)
def test_the_docstring_examples_run(module: ModuleType) -> None:
    # The classes' examples run with the package, their public home.
    results = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert results.failed == 0 and results.attempted > 0


@pytest.mark.parametrize("name", [n for n in PUBLIC if n[0].islower()])
def test_public_functions_are_documented(name: str) -> None:
    assert len(getattr(clusterdev.surveys, name).__doc__ or "") > 80


def test_importing_the_package_is_cheap_and_django_free() -> None:
    code = (
        "import sys, clusterdev.surveys\n"
        "heavy = {'openpyxl', 'pyxform', 'django', 'pandas'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"
