"""Importing survey exports through the service: every shape of the fixtures, idempotent,
all or nothing (the database unchanged by any refused or validate-only import), reported by
file, sheet, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from clusterdev.surveys.tests import atuntaqui as survey
from clusterdev.surveys.tests.test_malformed_exports import CORPUS
from clusterdev.web.diagnostics import instruments
from clusterdev.web.diagnostics.baseline import recompute, survey_indicator_values
from clusterdev.web.diagnostics.imports import import_export
from clusterdev.web.diagnostics.models import (
    BaselineValue,
    ImportBatch,
    Instrument,
    Submission,
    Tie,
)
from clusterdev.web.test import make_programme

from .fixtures import DATA, MALFORMED, Atuntaqui, row_counts

SHAPES = {
    "ODK Central enterprise CSV": (
        ["odk_central_enterprise.csv"],
        "enterprise",
        len(survey.ENTERPRISE),
    ),
    "KoboToolbox enterprise XLSX": (["kobo_enterprise.xlsx"], "enterprise", len(survey.ENTERPRISE)),
    "KoboToolbox enterprise CSV": (["kobo_enterprise.csv"], "enterprise", len(survey.ENTERPRISE)),
    "ODK Central institution CSV": (
        ["odk_central_institution.csv"],
        "institution",
        len(survey.INSTITUTION),
    ),
    "ODK Central network CSVs": (
        ["odk_central_network.csv", "odk_central_network-partners.csv"],
        "network",
        len(survey.NETWORK),
    ),
    "ODK Central network ZIP": (["odk_central_network.zip"], "network", len(survey.NETWORK)),
    "KoboToolbox network XLSX": (["kobo_network.xlsx"], "network", len(survey.NETWORK)),
}


def _paths(names: list[str] | tuple[str, ...], folder: Path = DATA) -> list[Path]:
    return [folder / name for name in names]


@pytest.mark.parametrize("shape", SHAPES)
def test_each_export_shape_imports_its_submissions(atuntaqui: Atuntaqui, shape: str) -> None:
    names, kind, count = SHAPES[shape]
    result = import_export(atuntaqui.wave, _paths(names), by=atuntaqui.world.users["cindy"])
    assert result.ok, str(result.report)
    assert (result.kind, result.new, result.unchanged) == (kind, count, 0)
    assert Submission.objects.filter(wave=atuntaqui.wave, kind=kind).count() == count
    batch = ImportBatch.objects.get()
    assert batch.imported_by is not None
    assert (batch.new_count, batch.imported_by.username) == (count, "cindy")
    assert batch.file_names == names


def test_answers_are_stored_typed_and_linked_to_the_register(atuntaqui: Atuntaqui) -> None:
    import_export(atuntaqui.wave, [DATA / "kobo_enterprise.xlsx"])
    first = Submission.objects.get(instance_id=survey.ENTERPRISE[0][0])
    assert first.respondent == atuntaqui.actors[1]
    assert first.answers["employees_women"] == 14
    assert first.answers["main_buyers"] == ["retailers", "wholesalers", "exporters"]
    assert first.answers["today"] == "2024-03-05"
    assert first.answers["location"]["latitude"] == pytest.approx(0.33512)
    refused = Submission.objects.get(instance_id=survey.ENTERPRISE[-1][0])
    assert (refused.consented, refused.respondent) == (False, None)
    assert Submission.objects.consented().count() == 4


def test_network_answers_become_one_tie_per_type(atuntaqui: Atuntaqui) -> None:
    result = import_export(atuntaqui.wave, [DATA / "odk_central_network.zip"])
    expected = {
        (int(respondent), row["partner"], kind, row["frequency"], row["formal"] == "yes")
        for _id, _t, _who, answers, repeats in survey.NETWORK
        if (respondent := answers["respondent"])
        for row in repeats.get("partners", [])
        for kind in row["tie_types"].split()
    }
    stored = {
        (
            t.respondent_id,
            str(t.partner_id) if t.partner_id else "other",
            t.type,
            t.frequency,
            t.formal,
        )
        for t in Tie.objects.all()
    }
    assert stored == expected
    assert result.ties == Tie.objects.count() == 11
    other = Tie.objects.get(partner=None)
    assert (other.other_name, other.wave) == ("Hilados Otavalo S.A.", atuntaqui.wave)


def test_importing_again_adds_nothing(atuntaqui: Atuntaqui) -> None:
    import_export(atuntaqui.wave, [DATA / "odk_central_network.zip"])
    before = (Submission.objects.count(), Tie.objects.count())
    again = import_export(atuntaqui.wave, [DATA / "kobo_network.xlsx"])  # same answers, Kobo
    assert again.ok, str(again.report)
    assert (again.new, again.unchanged, again.ties) == (0, 4, 0)
    assert (Submission.objects.count(), Tie.objects.count()) == before
    assert "already_imported" in again.report.codes()
    assert ImportBatch.objects.count() == 2  # the second import is on record, with 0 new


def test_a_submission_changed_since_its_import_is_a_conflict_and_nothing_is_written(
    atuntaqui: Atuntaqui, tmp_path: Path
) -> None:
    import_export(atuntaqui.wave, [DATA / "odk_central_enterprise.csv"])
    edited = tmp_path / "odk_central_enterprise.csv"
    text = (DATA / "odk_central_enterprise.csv").read_text(encoding="utf-8")
    edited.write_text(text.replace(",1987,company,", ",1988,company,"), encoding="utf-8")
    before = row_counts()
    result = import_export(atuntaqui.wave, [edited])
    assert not result.ok
    [conflict] = [p for p in result.report.errors if p.code == "conflict"]
    assert (conflict.file, conflict.row) == ("odk_central_enterprise.csv", 2)
    assert survey.ENTERPRISE[0][0] in conflict.message
    assert row_counts() == before
    assert (
        Submission.objects.get(instance_id=survey.ENTERPRISE[0][0]).answers["year_founded"] == 1987
    )


def test_validate_only_reports_and_writes_nothing(atuntaqui: Atuntaqui) -> None:
    before = row_counts()
    result = import_export(atuntaqui.wave, [DATA / "kobo_network.xlsx"], validate_only=True)
    assert result.ok and not result.written
    assert (result.new, result.ties) == (4, 11)
    assert row_counts() == before


@pytest.mark.parametrize("case", CORPUS)
def test_a_malformed_export_is_reported_and_leaves_the_database_unchanged(
    atuntaqui: Atuntaqui, case: str
) -> None:
    names, kind, expected = CORPUS[case]
    import_export(atuntaqui.wave, [DATA / "odk_central_institution.csv"])  # data already there
    before = row_counts()
    for given in (kind, None):  # the survey chosen, or recognised from the export
        result = import_export(atuntaqui.wave, _paths(names, MALFORMED), kind=given)
        assert not result.ok
        assert not result.written
        assert row_counts() == before
        for _severity, code, file, _sheet, row, _column, words in expected:
            if _severity != "error" or (given is None and code == "wrong_form"):
                continue
            assert any(
                (p.code, p.file, p.row) == (code, file, row) and words in p.message
                for p in result.report.problems
            ), f"{case}: no {code} on {file} row {row} in\n{result.report}"


def test_an_export_of_another_cluster_is_refused(atuntaqui: Atuntaqui, tmp_path: Path) -> None:
    other = tmp_path / "export.csv"
    text = (DATA / "odk_central_institution.csv").read_text(encoding="utf-8")
    other.write_text(text.replace("atuntaqui-garment-", "cotacachi-leather-"), encoding="utf-8")
    before = row_counts()
    result = import_export(atuntaqui.wave, [other])
    [error] = result.report.errors
    assert error.code == "wrong_form"
    assert "cotacachi-leather-institution, which is not a survey of this cluster" in error.message
    assert row_counts() == before


def test_an_actor_gone_from_the_register_stops_the_import(atuntaqui: Atuntaqui) -> None:
    instruments.generate_instrument(atuntaqui.wave, "network", by=None)
    jeans = atuntaqui.actors[7]
    jeans.programme = make_programme("elsewhere")
    jeans.save()
    before = row_counts()
    result = import_export(atuntaqui.wave, [DATA / "odk_central_network.zip"])
    [error] = result.report.errors
    assert (error.code, error.row) == ("unknown_actor", 5)
    assert "actor 7 is not in the programme's register" in error.message
    assert row_counts() == before


def test_the_export_is_checked_against_the_form_generated_for_the_wave(
    atuntaqui: Atuntaqui,
) -> None:
    without = import_export(
        atuntaqui.wave, [DATA / "odk_central_institution.csv"], validate_only=True
    )
    assert "no_stored_form" in without.report.codes()
    instrument = instruments.generate_instrument(atuntaqui.wave, "institution", by=None)
    result = import_export(atuntaqui.wave, [DATA / "odk_central_institution.csv"])
    assert "no_stored_form" not in result.report.codes()
    assert ImportBatch.objects.get().form_version == instrument.version


def test_indicators_asked_through_the_hook_give_survey_based_values(
    atuntaqui: Atuntaqui, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(instruments, "indicator_questions", lambda cluster: survey.INDICATORS)
    instrument = instruments.generate_instrument(atuntaqui.wave, "enterprise", by=None)
    assert [i["code"] for i in Instrument.objects.get(pk=instrument.pk).indicators] == [
        "OC-5",
        "OC-9",
    ]
    result = import_export(atuntaqui.wave, [DATA / "odk_central_enterprise.csv"])
    assert "unknown_column" not in result.report.codes()
    values = {v.code: v for v in survey_indicator_values(atuntaqui.wave, survey.INDICATORS)}
    answered = [
        float(answers["ind_oc_5"])
        for *_x, answers, _r in survey.ENTERPRISE
        if "ind_oc_5" in answers
    ]
    assert values["OC-5"].value == pytest.approx(sum(answered) / len(answered), abs=1e-4)
    assert (values["OC-5"].n, values["OC-5"].unit) == (len(answered), "%")
    recompute(atuntaqui.cluster, atuntaqui.wave, by=None)
    assert BaselineValue.objects.get(code="OC-9").n == 4


def test_a_submission_without_a_consent_answer_counts_as_consented(world):
    from datetime import date

    from clusterdev.web.diagnostics.models import ImportBatch, Submission, SurveyWave

    wave = SurveyWave.objects.create(
        cluster=world.cluster_a, name="Baseline", start_date=date(2025, 1, 1)
    )
    batch = ImportBatch.objects.create(cluster=world.cluster_a, wave=wave, kind="enterprise")
    for instance, answers in (("a", {"consent": "yes"}), ("b", {"consent": "no"}), ("c", {})):
        Submission.objects.create(
            cluster=world.cluster_a,
            wave=wave,
            kind="enterprise",
            instance_id=instance,
            content_hash=instance,
            answers=answers,
            batch=batch,
        )
    kept = Submission.objects.filter(wave=wave).consented()
    assert sorted(kept.values_list("instance_id", flat=True)) == ["a", "c"]
