"""Synthetic exports for demonstrations import cleanly, and the same seed gives the same file."""

from __future__ import annotations

from pathlib import Path

import pytest

from clusterdev.web.diagnostics.imports import import_export
from clusterdev.web.diagnostics.models import Submission, Tie
from clusterdev.web.diagnostics.sample import sample_export

from .fixtures import Atuntaqui


@pytest.mark.parametrize("kind", ["enterprise", "institution", "network"])
def test_a_sample_export_imports_without_errors_or_warnings(
    atuntaqui: Atuntaqui, tmp_path: Path, kind: str
) -> None:
    path = sample_export(atuntaqui.wave, kind, tmp_path, seed=3)
    result = import_export(atuntaqui.wave, [path])
    assert result.ok, str(result.report)
    assert not result.report.warnings, str(result.report)
    assert (result.kind, result.new) == (kind, Submission.objects.count())
    assert result.new >= 3
    if kind == "network":
        assert Tie.objects.exists()
    again = import_export(atuntaqui.wave, [sample_export(atuntaqui.wave, kind, tmp_path, seed=3)])
    assert (again.new, again.unchanged) == (0, result.new)


def test_the_same_seed_writes_the_same_export(atuntaqui: Atuntaqui, tmp_path: Path) -> None:
    first = sample_export(atuntaqui.wave, "enterprise", tmp_path / "a", seed=1).read_bytes()
    second = sample_export(atuntaqui.wave, "enterprise", tmp_path / "b", seed=1).read_bytes()
    other = sample_export(atuntaqui.wave, "enterprise", tmp_path / "c", seed=2).read_bytes()
    assert first == second != other


def test_the_coordinator_downloads_a_practice_export_that_imports(
    atuntaqui: Atuntaqui, tmp_path: Path
) -> None:
    from django.test import Client

    from clusterdev.web.diagnostics.instruments import generate_instrument

    instrument = generate_instrument(atuntaqui.wave, "enterprise", by=None)
    url = f"/surveys/forms/{instrument.pk}/practice/"
    # A cluster of Testland without a CDA: the donor may not, the coordinator may.
    for name, status in {"dora": 403, "steve": 403, "oscar": 404, "alice": 200}.items():
        client = Client()
        client.force_login(atuntaqui.world.users[name])
        response = client.get(url)
        assert response.status_code == status, name
    assert response["Content-Disposition"].startswith('attachment; filename="practice-')
    path = tmp_path / "practice.csv"
    path.write_bytes(response.content)
    result = import_export(atuntaqui.wave, [path])
    assert result.ok and result.new >= 3, str(result.report)
