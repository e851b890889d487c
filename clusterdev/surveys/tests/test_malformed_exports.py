"""A corpus of malformed exports: each gives a clear report naming the place, never a crash."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from clusterdev.surveys import Form, Problem, read_export
from clusterdev.surveys.tests import atuntaqui
from clusterdev.surveys.tests.conftest import DATA, MALFORMED

# file(s), form, then the problems expected: (severity, code, file, sheet, row, column, words)
Expected = tuple[str, str, str, str | None, int | None, str | None, str]
CORPUS: dict[str, tuple[tuple[str, ...], str, list[Expected]]] = {
    "missing instance id": (
        ("missing_instance_id.csv",), "enterprise",
        [("error", "missing_column", "missing_instance_id.csv", None, 1, None,
          "no instance id column (KEY or meta-instanceID")],
    ),
    "not an export": (
        ("not_an_export.csv",), "enterprise",
        [("error", "missing_column", "not_an_export.csv", None, 1, None,
          "an ODK Central export has KEY and meta-instanceID")],
    ),
    "wrong types": (
        ("wrong_types.csv",), "enterprise",
        [
            ("error", "wrong_type", "wrong_types.csv", None, 2, "profile-year_founded",
             "'about 1990' is not a whole number"),
            ("error", "wrong_choice", "wrong_types.csv", None, 2, "profile-legal_status",
             "'big' is not a choice of the list 'legal_status'"),
            ("error", "out_of_range", "wrong_types.csv", None, 2, "employment-employees_women",
             "-3 is below the minimum, 0"),
            ("error", "wrong_type", "wrong_types.csv", None, 2, "employment-wage_worker",
             "'460,50' is not a number (write decimals with a point)"),
            ("error", "wrong_type", "wrong_types.csv", None, 3, "today",
             "'05/03/2024' is not a date (YYYY-MM-DD)"),
            ("error", "out_of_range", "wrong_types.csv", None, 3, "markets-share_export",
             "150 is above the maximum, 100"),
            ("error", "out_of_range", "wrong_types.csv", None, 3, "intro-location-Latitude",
             "latitude 123.4 is outside -90…90"),
            ("error", "wrong_choice", "wrong_types.csv", None, 4, "profile-respondent",
             "'999' is not an actor of the register the form was made with"),
            ("error", "wrong_choice", "wrong_types.csv", None, 4,
             "constraints-main_constraints", "'corruption' is not a choice"),
            ("warning", "inconsistent_choices", "wrong_types.csv", None, 4,
             "constraints-main_constraints", "the 0/1 choice columns"),
        ],
    ),
    "duplicate ids": (
        ("duplicate_ids.csv",), "enterprise",
        [
            ("note", "duplicate_row", "duplicate_ids.csv", None, 5, None,
             "is also on row 2 with the same answers; read once"),
            ("error", "duplicate_id", "duplicate_ids.csv", None, 6, None,
             "instance id uuid:5e0f8d33-21a4-4b7c-8f60-9d1e2c3b4a72 is also on row 3, with "
             "other answers"),
        ],
    ),
    "windows-1252": (
        ("cp1252.csv",), "enterprise",
        [("error", "encoding", "cp1252.csv", None, None, None,
          "not UTF-8: byte 0xED on line 2 is not valid UTF-8; the file looks like "
          "Windows-1252 (where that byte is 'í')")],
    ),
    "ragged rows": (
        ("ragged_rows.csv",), "enterprise",
        [("error", "ragged_row", "ragged_rows.csv", None, 2, None,
          "the row has 169 cells but the header has 168 columns")],
    ),
    "empty file": (
        ("empty.csv",), "enterprise",
        [("error", "empty_file", "empty.csv", None, None, None, "the file is empty")],
    ),
    "csv named xlsx": (
        ("not_a_workbook.xlsx",), "enterprise",
        [("error", "not_a_workbook", "not_a_workbook.xlsx", None, None, None,
          "named .xlsx but it is not an Excel workbook: it holds CSV text; rename it .csv")],
    ),
    "web page named xlsx": (
        ("error_page.xlsx",), "enterprise",
        [("error", "not_a_workbook", "error_page.xlsx", None, None, None,
          "it holds HTML or XML text")],
    ),
    "truncated workbook": (
        ("truncated.xlsx",), "enterprise",
        [("error", "not_a_workbook", "truncated.xlsx", None, None, None,
          "a damaged ZIP archive")],
    ),
    "old excel": (
        ("old_excel.xls",), "enterprise",
        [("error", "not_a_workbook", "old_excel.xls", None, None, None,
          "an old Excel 97–2003 workbook (.xls): save it as .xlsx")],
    ),
    "broken central repeats": (
        ("broken_repeats_network.csv", "broken_repeats_network-partners.csv"), "network",
        [
            ("error", "broken_repeat", "broken_repeats_network-partners.csv", None, 5,
             "PARENT_KEY", "repeat row without a parent (PARENT_KEY is empty)"),
            ("error", "broken_repeat", "broken_repeats_network-partners.csv", None, 3,
             "PARENT_KEY", "points to parent 'uuid:00000000-dead-4bee-8000-000000000000', "
             "which is not in the export"),
        ],
    ),
    "broken kobo repeats": (
        ("kobo_broken_repeats.xlsx",), "network",
        [("error", "broken_repeat", "kobo_broken_repeats.xlsx", "partners", 4, "_parent_index",
          "repeat row of 'partners' points to parent '9', which is not in the export")],
    ),
    "repeats missing": (
        ("broken_repeats_network.csv",), "network",
        [("error", "missing_table", "broken_repeats_network.csv", None, None, None,
          "the export has no table for the repeat group 'partners'")],
    ),
    "ties that cannot be read": (
        ("bad_ties_network.csv", "bad_ties_network-partners.csv"), "network",
        [
            ("error", "broken_tie", "bad_ties_network-partners.csv", None, 2, "partner",
             "partner 1 of uuid:44a1b2c3-d4e5-4f60-8718-293a4b5c6d7e: the respondent names "
             "itself as partner"),
            ("error", "broken_tie", "bad_ties_network-partners.csv", None, 4, "partner_other",
             "'Other' chosen without the partner's name"),
            ("error", "broken_tie", "bad_ties_network-partners.csv", None, 5, "tie_types",
             "no type of relationship"),
        ],
    ),
    "export of another form": (
        ("../odk_central_network.csv",), "enterprise",
        [("error", "wrong_form", "odk_central_network.csv", None, None, None,
          "these submissions are of form atuntaqui-garment-network, not "
          "atuntaqui-garment-enterprise")],
    ),
}  # fmt: skip
FORMS = {
    "enterprise": atuntaqui.enterprise,
    "institution": atuntaqui.institution,
    "network": atuntaqui.network,
}


def _matches(problem: Problem, expected: Expected) -> bool:
    severity, code, file, sheet, row, column, words = expected
    return (problem.severity, problem.code, problem.file, problem.sheet, problem.row,
            problem.column) == (severity, code, file, sheet, row, column) and (
        words in problem.message)  # fmt: skip


@pytest.mark.parametrize("case", CORPUS)
def test_each_malformed_export_is_reported_where_it_is_wrong(case: str) -> None:
    names, form, expected = CORPUS[case]
    export = read_export([MALFORMED / name for name in names], FORMS[form]())
    assert not export.ok
    for item in expected:
        assert any(_matches(p, item) for p in export.report.problems), (item, str(export.report))
    listed = {(p.severity, p.code, p.row, p.column) for p in export.report.problems}
    if case != "export of another form":
        assert len(listed) == len(expected), str(export.report)


def test_a_ragged_row_is_left_out_not_misread(enterprise: Form) -> None:
    export = read_export(MALFORMED / "ragged_rows.csv", enterprise)
    assert [s.source.row for s in export.submissions] == [3, 4]


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    export = read_export(tmp_path / "nowhere.csv")
    [problem] = export.report.problems
    assert (problem.code, problem.message) == ("file_not_found", "no such file")
    assert read_export([]).report.errors[0].message == "no file given"


def test_a_header_without_rows_is_a_warning(enterprise: Form) -> None:
    export = read_export(MALFORMED / "header_only.csv", enterprise)
    assert export.ok and export.submissions == []
    assert [p.code for p in export.report.warnings] == ["no_rows"]


def _rewrite(source: Path, target: Path, change: dict[tuple[int, str], str]) -> Path:
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"))))
    for (row, column), value in change.items():
        rows[row - 1][rows[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    target.write_text(buffer.getvalue(), encoding="utf-8")
    return target


def test_the_same_organisation_answering_twice_is_a_warning(
    tmp_path: Path, enterprise: Form
) -> None:
    path = _rewrite(DATA / "odk_central_enterprise.csv", tmp_path / "twice.csv",
                    {(5, "profile-respondent"): "1"})  # fmt: skip
    export = read_export(path, enterprise)
    [warning] = export.report.warnings
    assert (warning.code, warning.row, warning.column) == ("respondent_twice", 5,
                                                           "profile-respondent")  # fmt: skip
    assert "actor 1 also answered in submission uuid:0b5c7e2a" in warning.message


def test_a_row_without_instance_id_is_an_error(tmp_path: Path, enterprise: Form) -> None:
    path = _rewrite(DATA / "odk_central_enterprise.csv", tmp_path / "blank.csv",
                    {(3, "KEY"): "", (3, "meta-instanceID"): ""})  # fmt: skip
    export = read_export(path, enterprise)
    [error] = export.report.errors
    assert (error.code, error.row) == ("missing_value", 3)
    assert len(export.submissions) == 4


def test_a_respondent_is_required_once_consent_is_given(tmp_path: Path, enterprise: Form) -> None:
    path = _rewrite(DATA / "odk_central_enterprise.csv", tmp_path / "nobody.csv",
                    {(2, "profile-respondent"): ""})  # fmt: skip
    [error] = read_export(path, enterprise).report.errors
    assert (error.code, error.row, error.column) == ("missing_value", 2, "profile-respondent")


def test_unknown_and_duplicate_columns_are_named(tmp_path: Path, enterprise: Form) -> None:
    text = (DATA / "odk_central_enterprise.csv").read_text(encoding="utf-8").splitlines()
    text = [line + (",favourite_colour,profile-legal_status" if i == 0 else ",blue,company")
            for i, line in enumerate(text)]  # fmt: skip
    path = tmp_path / "extra.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    report = read_export(path, enterprise).report
    assert [(p.severity, p.code, p.column) for p in report.problems] == [
        ("error", "duplicate_column", "profile-legal_status"),
        ("warning", "unknown_column", None),
    ]
    assert "'favourite_colour'" in report.problems[1].message


def test_a_kobo_csv_of_the_network_form_says_repeats_need_xlsx(
    tmp_path: Path, network: Form
) -> None:
    book = openpyxl.load_workbook(DATA / "kobo_network.xlsx")
    rows = [["" if c is None else c for c in row] for row in book.worksheets[0].values]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    (tmp_path / "kobo_network.csv").write_text(buffer.getvalue(), encoding="utf-8")
    [error] = read_export(tmp_path / "kobo_network.csv", network).report.errors
    assert "KoboToolbox CSV exports leave repeats out: export XLSX instead" in error.message


def test_a_kobo_workbook_without_index_cannot_link_repeats(tmp_path: Path, network: Form) -> None:
    book = openpyxl.load_workbook(DATA / "kobo_network.xlsx")
    main = book.worksheets[0]
    header = [cell.value for cell in main[1]]
    main.delete_cols(header.index("_index") + 1)
    book.save(tmp_path / "no_index.xlsx")
    codes = [
        (p.code, p.column) for p in read_export(tmp_path / "no_index.xlsx", network).report.errors
    ]
    assert ("missing_column", None) in codes
    assert codes.count(("broken_repeat", "_parent_index")) == 8


def test_only_repeat_rows_ask_for_the_main_table(network: Form) -> None:
    export = read_export(DATA / "odk_central_network-partners.csv", network)
    assert [p.code for p in export.report.errors] == ["missing_table"]
    assert "add the export's main table" in export.report.errors[0].message


def test_a_central_row_exported_twice_keeps_its_repeats(tmp_path: Path, network: Form) -> None:
    lines = (DATA / "odk_central_network.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "twice.csv").write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    export = read_export([tmp_path / "twice.csv", DATA / "odk_central_network-partners.csv"],
                         network)  # fmt: skip
    assert export.ok
    assert [(p.code, p.row) for p in export.report.problems] == [("duplicate_row", 6)]
    assert len(export.submissions[0].repeats["partners"]) == 3
