"""Reading ODK Central and KoboToolbox exports: every shape reads back to the same answers."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest

from clusterdev.surveys import Form, GeoPoint, Source, enterprise_form, read_export
from clusterdev.surveys.tests import atuntaqui
from clusterdev.surveys.tests.conftest import DATA
from clusterdev.surveys.tests.expected import submission_answers, submission_repeats

ENTERPRISE_SHAPES = {
    "odk_central_enterprise.csv": "odk_central",
    "kobo_enterprise.xlsx": "kobotoolbox",
    "kobo_enterprise.csv": "kobotoolbox",
}
NETWORK_SHAPES = {
    ("odk_central_network.csv", "odk_central_network-partners.csv"): "odk_central",
    ("odk_central_network-partners.csv", "odk_central_network.csv"): "odk_central",
    ("odk_central_network.zip",): "odk_central",
    ("kobo_network.xlsx",): "kobotoolbox",
}


@pytest.mark.parametrize("name", ENTERPRISE_SHAPES)
def test_enterprise_exports_read_back_every_answer_typed(name: str, enterprise: Form) -> None:
    export = read_export(DATA / name, enterprise)
    assert export.report.problems == []
    assert export.platform == ENTERPRISE_SHAPES[name]
    assert [s.instance_id for s in export.submissions] == [s[0] for s in atuntaqui.ENTERPRISE]
    for submission, source in zip(export.submissions, atuntaqui.ENTERPRISE, strict=True):
        assert submission.answers == submission_answers(enterprise, source)
        assert submission.repeats == {}
        assert submission.form_id == "atuntaqui-garment-enterprise"
        assert submission.form_version == enterprise.version


@pytest.mark.parametrize("names", NETWORK_SHAPES)
def test_network_exports_link_repeat_rows_to_their_submissions(
    names: tuple[str, ...], network: Form
) -> None:
    export = read_export([DATA / name for name in names], network)
    assert export.report.problems == []
    assert export.platform == NETWORK_SHAPES[names]
    for submission, source in zip(export.submissions, atuntaqui.NETWORK, strict=True):
        assert submission.answers == submission_answers(network, source)
        assert submission.repeats == submission_repeats(network, source)
    assert len(export.submissions[0].repeats["partners"]) == 3
    assert "partners" not in export.submissions[3].repeats


def test_the_institution_export_reads_the_institutions_named(institution: Form) -> None:
    export = read_export(DATA / "odk_central_institution.csv", institution)
    assert export.ok and export.report.problems == []
    chamber = export.submissions[0]
    assert chamber.answers == submission_answers(institution, atuntaqui.INSTITUTION[0])
    assert chamber.answers["partner_institutions"] == ("21", "22")
    assert chamber.respondent_actor_id == 20


def test_the_same_submission_hashes_alike_in_every_shape(enterprise: Form, network: Form) -> None:
    hashes = {
        name: [s.content_hash for s in read_export(DATA / name, enterprise).submissions]
        for name in ENTERPRISE_SHAPES
    }
    assert len({tuple(h) for h in hashes.values()}) == 1
    assert len(set(hashes["kobo_enterprise.xlsx"])) == 5
    central = read_export(DATA / "odk_central_network.zip", network).submissions
    kobo = read_export(DATA / "kobo_network.xlsx", network).submissions
    assert [s.content_hash for s in central] == [s.content_hash for s in kobo]


def test_a_central_submission_carries_its_place_time_and_metadata(enterprise: Form) -> None:
    first = read_export(DATA / "odk_central_enterprise.csv", enterprise).submissions[0]
    assert first.source == Source("odk_central_enterprise.csv", None, 2)
    assert first.submitted_at == datetime(2024, 3, 5, 14, 51, 2, 331000, tzinfo=UTC)
    assert first.meta["ReviewState"] == "approved"
    assert first.meta["SubmitterName"] == "María Cevallos"
    assert first.answers["start"] == datetime(
        2024, 3, 5, 9, 2, 11, 204000, tzinfo=timezone(timedelta(hours=-5))
    )
    assert first.answers["location"] == GeoPoint(0.33512, -78.21601, 2391.4, 4.8)
    assert first.respondent_actor_id == 1


def test_a_kobo_submission_time_without_offset_is_utc(enterprise: Form) -> None:
    first = read_export(DATA / "kobo_enterprise.xlsx", enterprise).submissions[0]
    assert first.source == Source("kobo_enterprise.xlsx", "Enterprise survey – Atuntaqui g", 2)
    assert first.submitted_at == datetime(2024, 3, 5, 14, 51, 2, tzinfo=UTC)
    assert first.meta["_uuid"] == "0b5c7e2a-6f1d-4d8e-9a3b-1c2d3e4f5a61"


def test_unanswered_and_other_answers(enterprise: Form) -> None:
    export = read_export(DATA / "kobo_enterprise.xlsx", enterprise)
    small, other, refused = (export.submissions[i] for i in (1, 2, 4))
    assert "sales_last_year" not in small.answers
    assert other.answers["respondent"] == "other"
    assert other.respondent_actor_id is None
    assert other.answers["respondent_other"] == "Confecciones La Esperanza"
    assert refused.answers["consent"] == "no"
    assert "respondent" not in refused.answers


def test_without_a_form_answers_stay_text_but_lose_their_group_path() -> None:
    export = read_export(DATA / "odk_central_enterprise.csv")
    assert export.ok
    first = export.submissions[0].answers
    assert first["year_founded"] == "1987"
    assert first["today"] == "2024-03-05"
    # Split 0/1 columns reveal a select_multiple, the -Latitude … columns a geopoint.
    assert first["main_constraints"] == ("finance", "imports", "local_competition", "skills")
    assert first["location"] == GeoPoint(0.33512, -78.21601, 2391.4, 4.8)
    assert not any("-" in name or "/" in name for name in first)
    kobo = read_export(DATA / "kobo_network.xlsx").submissions[0]
    assert kobo.repeats["partners"][2] == {
        "partner": "other",
        "partner_other": "Hilados Otavalo S.A.",
        "tie_types": ("business",),
        "frequency": "monthly",
        "formal": "yes",
    }


def test_an_export_of_several_files_keeps_file_order(tmp_path: Path) -> None:
    first = shutil.copy(DATA / "odk_central_enterprise.csv", tmp_path / "march.csv")
    export = read_export([first, DATA / "odk_central_institution.csv"])
    assert [s.source.file for s in export.submissions] == ["march.csv"] * 5 + [
        "odk_central_institution.csv"
    ] * 2


def test_spreadsheet_cells_are_typed_from_excel_values(tmp_path: Path, enterprise: Form) -> None:
    book = openpyxl.load_workbook(DATA / "kobo_enterprise.xlsx")
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(2, header.index("today") + 1, datetime(2024, 3, 5))
    sheet.cell(2, header.index("profile/year_founded") + 1, 1987.0)
    sheet.cell(2, header.index("trust/trust_firms") + 1, 3)
    book.save(tmp_path / "excel.xlsx")
    answers = read_export(tmp_path / "excel.xlsx", enterprise).submissions[0].answers
    assert answers["today"] == date(2024, 3, 5)
    assert answers["year_founded"] == 1987 and isinstance(answers["year_founded"], int)
    assert answers["trust_firms"] == "3"


@pytest.mark.parametrize(
    ("encoding", "prefix"), [("utf-8-sig", b""), ("utf-16", b""), ("utf-8", b"\r\n\r\n")]
)
def test_csv_text_in_unicode_encodings_reads_the_same(
    tmp_path: Path, enterprise: Form, encoding: str, prefix: bytes
) -> None:
    text = (DATA / "odk_central_enterprise.csv").read_text(encoding="utf-8")
    path = tmp_path / "export.csv"
    path.write_bytes(prefix + text.encode(encoding))
    export = read_export(path, enterprise)
    assert export.report.problems == []
    assert export.submissions[1].answers["main_product"] == (
        "Embroidered blouses and children's clothing"
    )
    assert export.submissions[1].answers["respondent_name"] == (
        "Confecciones Ñusta (Andrade Marín)"
    )
    assert export.submissions[0].source.row == 2 + prefix.count(b"\n")


def test_reading_leaves_the_files_untouched(enterprise: Form) -> None:
    before = (DATA / "kobo_enterprise.xlsx").read_bytes()
    read_export(DATA / "kobo_enterprise.xlsx", enterprise)
    assert (DATA / "kobo_enterprise.xlsx").read_bytes() == before


def test_submissions_of_an_older_version_are_noted() -> None:
    newer = enterprise_form(atuntaqui.CLUSTER, actors=atuntaqui.ACTORS, version="2")
    export = read_export(DATA / "odk_central_enterprise.csv", newer)
    assert export.ok
    notes = [p for p in export.report.problems if p.code == "other_version"]
    assert len(notes) == 1 and "version(s) 2024030101" in notes[0].message


def test_a_kobo_export_with_labels_as_headers_is_refused(tmp_path: Path, enterprise: Form) -> None:
    book = openpyxl.load_workbook(DATA / "kobo_enterprise.xlsx")
    labels = {
        "/".join([*f.path, f.question.name]): f.question.label.en
        for f in enterprise.fields()
        if f.question.label is not None
    }
    for cell in book.worksheets[0][1]:
        cell.value = labels.get(str(cell.value), cell.value)
    book.save(tmp_path / "labels.xlsx")
    report = read_export(tmp_path / "labels.xlsx", enterprise).report
    assert [(p.severity, p.code) for p in report.problems] == [
        ("warning", "unknown_column"),
        ("error", "missing_column"),
    ]
    assert "with XML values as headers?" in report.errors[0].message


def test_kobo_geopoint_columns_are_read_in_both_header_styles(
    tmp_path: Path, enterprise: Form
) -> None:
    book = openpyxl.load_workbook(DATA / "kobo_enterprise.xlsx")
    for cell in book.worksheets[0][1]:
        if str(cell.value).startswith("intro/_location_"):
            cell.value = "_intro/location_" + str(cell.value).rsplit("_", 1)[-1]
    book.worksheets[0].delete_cols(
        [c.value for c in book.worksheets[0][1]].index("intro/location") + 1
    )
    book.save(tmp_path / "points.xlsx")
    export = read_export(tmp_path / "points.xlsx", enterprise)
    assert export.report.problems == []
    assert export.submissions[0].answers["location"] == GeoPoint(0.33512, -78.21601, 2391.4, 4.8)
