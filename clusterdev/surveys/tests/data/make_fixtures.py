"""Write the survey export fixtures: the answers of ``tests/atuntaqui.py`` in the shapes ODK
Central and KoboToolbox export them, plus a corpus of malformed exports.

Run from the repository root after changing the forms or the answers:

    .venv/bin/python clusterdev/surveys/tests/data/make_fixtures.py

Shapes written (column rules as the platforms document and implement them):

- ODK Central CSV: ``SubmissionDate`` first; group paths joined with ``-``; select_multiple as a
  space-separated column, and with "split select multiples" one ``q/choice`` 0/1 column per
  choice; geopoints as ``q-Latitude``, ``q-Longitude``, ``q-Altitude``, ``q-Accuracy``;
  ``meta-instanceID``, ``KEY``, ``SubmitterID`` … ``FormVersion`` last; one CSV per repeat with
  ``PARENT_KEY`` and ``KEY`` (``uuid:…/partners[1]``); the ZIP Central downloads.
- KoboToolbox XLSX ("XML values and headers", groups in headers with ``/``): a main sheet named
  after the form title (cut at 31 characters), select_multiple as ``q`` plus ``q/choice``,
  geopoints as ``q`` plus ``_q_latitude`` … ``_q_precision``, then ``_id``, ``_uuid``,
  ``_submission_time`` … ``_index``; one sheet per repeat with ``_index``,
  ``_parent_table_name``, ``_parent_index`` and ``_submission__…`` columns.
- KoboToolbox CSV: semicolon-separated, no group names in headers, no repeats.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[3]))

from clusterdev.surveys import Form  # noqa: E402
from clusterdev.surveys._form import Field, Question  # noqa: E402
from clusterdev.surveys.tests import atuntaqui  # noqa: E402
from clusterdev.surveys.tests.atuntaqui import Submission  # noqa: E402

CENTRAL_TAIL = [
    "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected",
    "Status", "ReviewState", "DeviceID", "Edits", "FormVersion",
]  # fmt: skip
KOBO_TAIL = [
    "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
    "_submitted_by", "__version__", "_tags",
]  # fmt: skip
GEO = ("Latitude", "Longitude", "Altitude", "Accuracy")
Row = list[object]


def main() -> None:
    enterprise, institution, network = (
        atuntaqui.enterprise(),
        atuntaqui.institution(),
        atuntaqui.network(),
    )
    write_csv(HERE / "odk_central_enterprise.csv", central(enterprise, atuntaqui.ENTERPRISE)[0])
    write_csv(
        HERE / "odk_central_institution.csv",
        central(institution, atuntaqui.INSTITUTION, split=False)[0],
    )
    main_table, partners = central(network, atuntaqui.NETWORK)
    write_csv(HERE / "odk_central_network.csv", main_table)
    write_csv(HERE / "odk_central_network-partners.csv", partners)
    with zipfile.ZipFile(HERE / "odk_central_network.zip", "w") as archive:
        archive.writestr(f"{network.form_id}.csv", text(main_table))
        archive.writestr(f"{network.form_id}-partners.csv", text(partners))
    write_xlsx(HERE / "kobo_enterprise.xlsx", kobo(enterprise, atuntaqui.ENTERPRISE))
    write_xlsx(HERE / "kobo_network.xlsx", kobo(network, atuntaqui.NETWORK))
    kobo_csv = kobo(enterprise, atuntaqui.ENTERPRISE, groups=False, numbers=False)[0][1]
    write_csv(HERE / "kobo_enterprise.csv", kobo_csv, separator=";", end="\r\n")
    malformed(enterprise, network)


# -- ODK Central ---------------------------------------------------------------------------


def central(
    form: Form, submissions: Sequence[Submission], *, split: bool = True
) -> tuple[list[Row], list[Row]]:
    """The main CSV and the partners CSV (empty when the form has no repeat)."""
    main_fields = [f for f in form.fields() if f.repeat is None]
    header: Row = ["SubmissionDate", *central_header(form, main_fields, None, split)]
    header += ["meta-instanceID", *CENTRAL_TAIL]
    rows: list[Row] = [header]
    repeat_fields = [f for f in form.fields() if f.repeat == "partners"]
    repeat_rows: list[Row] = []
    if repeat_fields:
        repeat_header = central_header(form, repeat_fields, "partners", split)
        repeat_rows.append([*repeat_header, "PARENT_KEY", "KEY"])
    for number, (instance_id, submitted, submitter, answers, repeats) in enumerate(submissions):
        values = {**answers, "form_id": form.form_id, "form_version": form.version}
        row: Row = [submitted + "Z"]
        row += central_values(form, main_fields, values, split)
        row += [instance_id, instance_id, 31 + number % 2, submitter, 0, 0, "", "approved"]
        row += [f"collect:{'A' if number % 2 else 'B'}7kQ2mX9dPz4Lw1", 0, form.version]
        rows.append(row)
        for position, answers_row in enumerate(repeats.get("partners", []), start=1):
            repeat_row = central_values(form, repeat_fields, answers_row, split)
            repeat_row += [instance_id, f"{instance_id}/partners[{position}]"]
            repeat_rows.append(repeat_row)
    return rows, repeat_rows


def central_header(form: Form, fields: list[Field], repeat: str | None, split: bool) -> list[str]:
    header = []
    for place in fields:
        path = list(place.path[place.path.index(repeat) + 1 :] if repeat else place.path)
        name = "-".join([*path, place.question.name])
        if place.question.type == "geopoint":
            header += [f"{name}-{part}" for part in GEO]
        else:
            header.append(name)
            header += [f"{name}/{choice}" for choice in split_choices(form, place.question, split)]
    return header


def central_values(form: Form, fields: list[Field], answers: dict[str, str], split: bool) -> Row:
    row: Row = []
    for place in fields:
        question = place.question
        value = answers.get(question.name, "")
        if question.type == "geopoint":
            row += [*value.split(), "", "", "", ""][:4]
            continue
        row.append(value)
        chosen = value.split()
        row += [int(c in chosen) for c in split_choices(form, question, split)]
    return row


def split_choices(form: Form, question: Question, split: bool) -> list[str]:
    if not split or question.type != "select_multiple":
        return []
    return form.choice_list(question.choices).names()


# -- KoboToolbox ---------------------------------------------------------------------------


def kobo(
    form: Form,
    submissions: Sequence[Submission],
    *,
    groups: bool = True,
    numbers: bool = True,
) -> list[tuple[str, list[Row]]]:
    """The sheets of a KoboToolbox export: (name, rows), the main sheet first."""
    title = form.title[:31]
    main_fields = [f for f in form.fields() if f.repeat is None and f.question.type != "note"]
    header: Row = [*kobo_header(form, main_fields, groups)]
    repeat_fields = [f for f in form.fields() if f.repeat == "partners"]
    has_repeat = bool(repeat_fields)
    header += ["meta/instanceID" if groups else "instanceID", *KOBO_TAIL]
    header += ["_index"] if has_repeat else []
    rows: list[Row] = [header]
    repeat_rows: list[Row] = []
    if has_repeat:
        repeat_header: Row = [*kobo_header(form, repeat_fields, groups)]
        repeat_header += ["_index", "_parent_table_name", "_parent_index"]
        repeat_header += [f"_submission_{column}" for column in KOBO_TAIL]
        repeat_rows.append(repeat_header)
    for number, (instance_id, submitted, submitter, answers, repeats) in enumerate(
        submissions, start=1
    ):
        values = {**answers, "form_id": form.form_id, "form_version": form.version}
        uuid = instance_id.removeprefix("uuid:")
        tail: Row = [18734500 + number, uuid, submitted[:19], "", "", "submitted_via_web"]
        tail += [submitter.split()[0].lower(), "vUhW8mk3bJ5oGLwXsZ2Qn4", ""]
        row = kobo_values(form, main_fields, values, numbers)
        row += [instance_id, *tail]
        row += [number] if has_repeat else []
        rows.append(row)
        for answers_row in repeats.get("partners", []):
            repeat_row = kobo_values(form, repeat_fields, answers_row, numbers)
            repeat_row += [len(repeat_rows), form.title, number, *tail]
            repeat_rows.append(repeat_row)
    sheets = [(title, rows)]
    if has_repeat:
        sheets.append(("partners", repeat_rows))
    return sheets


def kobo_header(form: Form, fields: list[Field], groups: bool) -> list[str]:
    header = []
    for place in fields:
        name = place.question.name
        prefix = "/".join(place.path) + "/" if groups and place.path else ""
        header.append(prefix + name)
        if place.question.type == "geopoint":
            parts = ("latitude", "longitude", "altitude", "precision")
            header += [f"{prefix}_{name}_{part}" for part in parts]
        header += [f"{prefix}{name}/{c}" for c in split_choices(form, place.question, True)]
    return header


def kobo_values(form: Form, fields: list[Field], answers: dict[str, str], numbers: bool) -> Row:
    row: Row = []
    for place in fields:
        question = place.question
        value = answers.get(question.name, "")
        row.append(number(value) if numbers and question.type in ("integer", "decimal") else value)
        if question.type == "geopoint":
            pieces = [*value.split(), "", "", "", ""][:4]
            row += [number(p) if numbers else p for p in pieces]
        chosen = value.split()
        choices = split_choices(form, question, True)
        row += [
            (int(c in chosen) if numbers else str(int(c in chosen))) if value else ""
            for c in choices
        ]
    return row


def number(text: str) -> object:
    if not text:
        return None
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


# -- Malformed exports -----------------------------------------------------------------------


def malformed(enterprise: Form, network: Form) -> None:
    folder = HERE / "malformed"
    folder.mkdir(exist_ok=True)
    rows = central(enterprise, atuntaqui.ENTERPRISE[:3])[0]
    header = rows[0]

    def column(name: str) -> int:
        return header.index(name)

    # No instance id: KEY and meta-instanceID were deleted in a spreadsheet.
    keep = [i for i, h in enumerate(header) if h not in ("KEY", "meta-instanceID")]
    write_csv(folder / "missing_instance_id.csv", [[r[i] for i in keep] for r in rows])
    # Not an export at all: a register of enterprises.
    write_csv(
        folder / "not_an_export.csv",
        [["name", "town", "employees"], ["Textiles Andrade, Hijos", "Atuntaqui", "23"]],
    )
    # Wrong types and values, one per cell.
    wrong = [list(r) for r in rows]
    wrong[1][column("profile-year_founded")] = "about 1990"
    wrong[1][column("employment-employees_women")] = "-3"
    wrong[1][column("employment-wage_worker")] = "460,50"
    wrong[1][column("profile-legal_status")] = "big"
    wrong[2][column("markets-share_export")] = "150"
    wrong[2][column("today")] = "05/03/2024"
    wrong[2][column("intro-location-Latitude")] = "123.4"
    wrong[3][column("profile-respondent")] = "999"
    wrong[3][column("constraints-main_constraints")] = "finance corruption"
    write_csv(folder / "wrong_types.csv", wrong)
    # Duplicate instance ids: one row exported twice, one id reused with other answers.
    twice = [list(r) for r in rows] + [list(rows[1]), list(rows[2])]
    twice[-1][column("employment-employees_men")] = "3"
    write_csv(folder / "duplicate_ids.csv", twice)
    # Windows-1252: the CSV was opened in Excel and saved as "CSV (comma delimited)".
    (folder / "cp1252.csv").write_bytes(text(rows).encode("cp1252"))
    # Ragged rows: an unquoted comma split a cell.
    ragged = text(rows).splitlines()
    ragged[1] = ragged[1].replace('"Sweaters, knitted', "Sweaters, knitted", 1)
    ragged[1] = ragged[1].replace('school uniforms"', "school uniforms", 1)
    (folder / "ragged_rows.csv").write_text("\n".join(ragged) + "\n", encoding="utf-8")
    (folder / "empty.csv").write_bytes(b"")
    write_csv(folder / "header_only.csv", rows[:1])
    # A CSV saved under an .xlsx name, and a web error page saved as a download.
    (folder / "not_a_workbook.xlsx").write_bytes(text(rows).encode("utf-8"))
    (folder / "error_page.xlsx").write_text(
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
        "<body><h1>502 Bad Gateway</h1></body></html>\n",
        encoding="utf-8",
    )
    # A workbook cut short by an interrupted download.
    whole = xlsx_bytes(kobo(enterprise, atuntaqui.ENTERPRISE[:2]))
    (folder / "truncated.xlsx").write_bytes(whole[: len(whole) // 2])
    # An Excel 97-2003 file: only its signature matters to the reader.
    (folder / "old_excel.xls").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
    # Broken repeats: a partner row of an unknown submission, one without parent key.
    main_table, partners = central(network, atuntaqui.NETWORK)
    broken = [list(r) for r in partners]
    broken[2][-2] = "uuid:00000000-dead-4bee-8000-000000000000"
    broken[2][-1] = "uuid:00000000-dead-4bee-8000-000000000000/partners[1]"
    broken[4][-2] = ""
    write_csv(folder / "broken_repeats_network.csv", main_table)
    write_csv(folder / "broken_repeats_network-partners.csv", broken)
    sheets = kobo(network, atuntaqui.NETWORK)
    partner_rows = sheets[1][1]
    parent = partner_rows[0].index("_parent_index")
    partner_rows[3][parent] = 9
    write_xlsx(folder / "kobo_broken_repeats.xlsx", sheets)
    # Network answers that make no tie: self-tie, 'Other' without name, no type.
    bad_ties = [list(r) for r in partners]
    bad_ties[1][0] = "1"
    bad_ties[3][1] = ""
    bad_ties[4][2:7] = ["", 0, 0, 0, 0]
    write_csv(folder / "bad_ties_network.csv", main_table)
    write_csv(folder / "bad_ties_network-partners.csv", bad_ties)


# -- Writing ---------------------------------------------------------------------------------


def text(rows: list[Row], separator: str = ",", end: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator=end)
    writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    return buffer.getvalue()


def write_csv(path: Path, rows: list[Row], separator: str = ",", end: str = "\n") -> None:
    path.write_text(text(rows, separator, end), encoding="utf-8", newline="")


def xlsx_bytes(sheets: list[tuple[str, list[Row]]]) -> bytes:
    book = Workbook()
    for sheet in list(book.worksheets):
        book.remove(sheet)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([None if cell == "" else cell for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_xlsx(path: Path, sheets: list[tuple[str, list[Row]]]) -> None:
    path.write_bytes(xlsx_bytes(sheets))


if __name__ == "__main__":
    main()
