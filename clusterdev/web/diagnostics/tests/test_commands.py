"""``clusterdev survey form`` and ``clusterdev survey import``, called as the CLI calls them."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from clusterdev.web.diagnostics.commands import survey_form, survey_import
from clusterdev.web.diagnostics.models import Instrument, Submission, SurveyWave

from .fixtures import DATA, MALFORMED, Atuntaqui, row_counts


def test_survey_form_writes_the_form_and_its_actors_beside_it(
    atuntaqui: Atuntaqui, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "forms" / "network.xlsx"
    assert survey_form("atuntaqui-garment", "network", str(out)) == 0
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["survey", "choices", "settings"]
    book.close()
    actors = (tmp_path / "forms" / "actors.csv").read_text(encoding="utf-8")
    assert "Confecciones Ñusta (Andrade Marín)" in actors
    instrument = Instrument.objects.get()
    assert (instrument.wave, instrument.kind) == (atuntaqui.wave, "network")
    printed = capsys.readouterr().out
    assert str(out) in printed and "actors.csv" in printed


def test_survey_form_creates_the_baseline_wave_when_there_is_none(
    survey_world, media, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert survey_form("cluster-a", "enterprise", None) == 0
    assert (tmp_path / "cluster-a-enterprise.xlsx").is_file()
    assert SurveyWave.objects.get(cluster__slug="cluster-a").name.startswith("Baseline ")


def test_survey_form_refuses_an_unknown_cluster_or_kind(
    atuntaqui: Atuntaqui, capsys: pytest.CaptureFixture[str]
) -> None:
    assert survey_form("nowhere", "network", None) == 2
    assert "no cluster with the short name nowhere" in capsys.readouterr().err
    assert survey_form("atuntaqui-garment", "census", None) == 2
    assert "--kind must be one of enterprise, institution, network" in capsys.readouterr().err


def test_survey_import_validates_then_imports_once(
    atuntaqui: Atuntaqui, capsys: pytest.CaptureFixture[str]
) -> None:
    export = str(DATA / "kobo_network.xlsx")
    assert survey_import("atuntaqui-garment", export, validate_only=True) == 0
    assert "Checked, nothing written: 4 new submission(s) and 11 tie(s)" in capsys.readouterr().out
    assert Submission.objects.count() == 0
    assert survey_import("atuntaqui-garment", export, validate_only=False) == 0
    assert survey_import("atuntaqui-garment", export, validate_only=False) == 0
    assert "Imported 0 new submission(s) and 0 tie(s); 4 were imported" in capsys.readouterr().out
    assert Submission.objects.count() == 4


def test_survey_import_prints_one_line_per_error_and_writes_nothing(
    atuntaqui: Atuntaqui, capsys: pytest.CaptureFixture[str]
) -> None:
    before = row_counts()
    status = survey_import(
        "atuntaqui-garment", str(MALFORMED / "wrong_types.csv"), validate_only=False
    )
    assert status == 2
    errors = capsys.readouterr().err.splitlines()
    assert (
        "error: wrong_types.csv, row 2, column 'profile-year_founded': 'about 1990' is not a "
        "whole number" in errors[0]
    )
    assert errors[-1].startswith("Nothing was imported")
    assert row_counts() == before


def test_survey_import_needs_a_wave(survey_world, capsys: pytest.CaptureFixture[str]) -> None:
    assert survey_import("cluster-a", str(DATA / "kobo_network.xlsx"), validate_only=True) == 2
    assert "has no survey wave: generate its forms first" in capsys.readouterr().err
