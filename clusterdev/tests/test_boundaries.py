"""The analytics modules and the demo generator stay usable without Django."""

import subprocess
import sys

import clusterdev

DJANGO_FREE = [
    "clusterdev",
    "clusterdev.mapping",
    "clusterdev.selection",
    "clusterdev.networks",
    "clusterdev.surveys",
    "clusterdev.indicators",
    "clusterdev.demo",
    "clusterdev.cli",
]


def test_analytics_modules_never_import_django():
    code = (
        "import importlib, sys\n"
        f"for name in {DJANGO_FREE!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_public_api_is_pinned():
    assert clusterdev.__all__ == ["__version__"]
    assert clusterdev.__version__
