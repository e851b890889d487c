"""Shared forms and fixture paths for the survey tests (see ``atuntaqui.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clusterdev.surveys import Form
from clusterdev.surveys.tests import atuntaqui

DATA = Path(__file__).parent / "data"
MALFORMED = DATA / "malformed"


@pytest.fixture(scope="session")
def enterprise() -> Form:
    return atuntaqui.enterprise()


@pytest.fixture(scope="session")
def institution() -> Form:
    return atuntaqui.institution()


@pytest.fixture(scope="session")
def network() -> Form:
    return atuntaqui.network()
