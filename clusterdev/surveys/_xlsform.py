"""Writing a :class:`Form` as an XLSForm workbook and its ``actors.csv`` attachment, converting
it to an XForm with pyxform and checking it with ODK Validate."""

from __future__ import annotations

import csv
import io
import shutil
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from clusterdev.surveys._form import (
    ACTORS_FILE,
    LANGUAGES,
    OTHER,
    Form,
    FormError,
    Group,
    Question,
    Text,
)

__all__ = [
    "actors_csv",
    "convert",
    "validate",
    "write_attachments",
    "write_xlsform",
    "xlsform_bytes",
]

DEFAULT_LANGUAGE = LANGUAGES[0][1]
OTHER_LABEL = Text(
    "Other (not in the list)", "Autre (absent de la liste)", "Otro (no está en la lista)"
)
RANGE_MESSAGE = Text(
    "Enter a number from {low} to {high}.",
    "Saisir un nombre de {low} à {high}.",
    "Ingrese un número de {low} a {high}.",
)
# Column order in the survey sheet, as form authors expect to read it; others follow.
ORDER = [
    "list_name", "type", "name",
    *(f"label::{language}" for _, language in LANGUAGES),
    *(f"hint::{language}" for _, language in LANGUAGES),
    "required", "relevant", "constraint",
    *(f"constraint_message::{language}" for _, language in LANGUAGES),
    "choice_filter", "appearance", "calculation", "default",
]  # fmt: skip
MINIMUM_MESSAGE = Text(
    "Enter a number of at least {low}.",
    "Saisir un nombre d'au moins {low}.",
    "Ingrese un número de al menos {low}.",
)
MAXIMUM_MESSAGE = Text(
    "Enter a number of at most {high}.",
    "Saisir un nombre d'au plus {high}.",
    "Ingrese un número de como máximo {high}.",
)


def xlsform_bytes(form: Form) -> bytes:
    """The XLSForm workbook of ``form`` (sheets survey, choices and settings) as bytes.

    >>> import io, openpyxl
    >>> from clusterdev.surveys import ClusterInfo, network_form
    >>> form = network_form(ClusterInfo("atuntaqui-garment", "Atuntaqui garment"), [])
    >>> book = openpyxl.load_workbook(io.BytesIO(xlsform_bytes(form)))
    >>> book.sheetnames
    ['survey', 'choices', 'settings']
    >>> [cell.value for cell in book["settings"][1]][:4]
    ['form_title', 'form_id', 'version', 'default_language']
    """
    from openpyxl import Workbook

    book = Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    _fill(survey, _survey_rows(form))
    _fill(book.create_sheet("choices"), _choice_rows(form))
    settings = {
        "form_title": form.title,
        "form_id": form.form_id,
        "version": form.version,
        "default_language": DEFAULT_LANGUAGE,
    }
    if form.instance_name:
        settings["instance_name"] = form.instance_name
    _fill(book.create_sheet("settings"), [settings])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_xlsform(form: Form, path: str | Path) -> Path:
    """Write the XLSForm workbook of ``form`` to ``path`` (an ``.xlsx`` file) and return it.

    >>> import tempfile
    >>> from clusterdev.surveys import ClusterInfo, enterprise_form
    >>> form = enterprise_form(ClusterInfo("atuntaqui-garment", "Atuntaqui garment cluster"))
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_xlsform(form, f"{folder}/enterprise.xlsx").stat().st_size > 10_000
    True
    """
    target = Path(path)
    target.write_bytes(xlsform_bytes(form))
    return target


def actors_csv(form: Form) -> str:
    """The text of ``actors.csv``: one row per actor (``name`` is the actor id, ``label`` its
    name and town), then the row *Other*. Columns ``kind`` and ``town`` serve the forms'
    choice filters; ``label::<language>`` columns repeat the label for clients that read them.

    >>> from clusterdev.surveys import ActorRow, ClusterInfo, network_form
    >>> actors = [ActorRow(7, "Confecciones Andrade, Hijos", "enterprise", "Atuntaqui")]
    >>> form = network_form(ClusterInfo("atuntaqui-garment", "Atuntaqui garment"), actors)
    >>> print(actors_csv(form).splitlines()[1])
    7,"Confecciones Andrade, Hijos (Atuntaqui)","Confecciones Andrade, Hijos (Atuntaqui)",...
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["name", "label", *(f"label::{language}" for _, language in LANGUAGES), "kind", "town"]
    )
    for actor in sorted(form.actors, key=lambda a: (_sort_key(a.name), a.id)):
        label = f"{actor.name} ({actor.town})" if actor.town.strip() else actor.name
        writer.writerow([actor.id, label, label, label, label, actor.kind, actor.town])
    other = [OTHER_LABEL.get(code) for code, _ in LANGUAGES]
    writer.writerow([OTHER, other[0], *other, OTHER, ""])
    return buffer.getvalue()


def _sort_key(name: str) -> str:
    """Names sorted as a reader expects: "Cámara" beside "Camisetas", not after "Zapatos"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def write_attachments(form: Form, folder: str | Path) -> list[Path]:
    """Write the media files ``form`` needs (``actors.csv``, UTF-8) into ``folder``, which is
    created if needed, and return their paths; upload them with the form to ODK Central or
    KoboToolbox."""
    target = Path(folder)
    written = []
    if ACTORS_FILE in form.attachments:
        target.mkdir(parents=True, exist_ok=True)
        path = target / ACTORS_FILE
        path.write_text(actors_csv(form), encoding="utf-8", newline="")
        written.append(path)
    return written


def convert(form: Form) -> str:
    """The XForm (XML) that pyxform makes of ``form``'s XLSForm; :class:`FormError` when
    pyxform refuses it.

    >>> from clusterdev.surveys import ClusterInfo, network_form
    >>> xml = convert(network_form(ClusterInfo("atuntaqui-garment", "Atuntaqui garment"), []))
    >>> "jr://file-csv/actors.csv" in xml
    True
    """
    return _convert(form, validate=False)[0]


def validate(form: Form) -> list[str]:
    """Convert ``form`` with pyxform and check the XForm with ODK Validate (the jar shipped with
    pyxform; it needs Java 8 or later on the PATH). Returns the warnings; raises
    :class:`FormError` when the form is invalid or Java is missing."""
    if shutil.which("java") is None:
        raise FormError("ODK Validate needs Java (8 or later) on the PATH; install a JRE")
    return _convert(form, validate=True)[1]


def _convert(form: Form, *, validate: bool) -> tuple[str, list[str]]:
    from pyxform.errors import PyXFormError
    from pyxform.validators.odk_validate import ODKValidateError
    from pyxform.xls2xform import convert as xls2xform

    warnings: list[str] = []
    try:
        result = xls2xform(
            xlsform=xlsform_bytes(form), file_type=".xlsx", validate=validate, warnings=warnings
        )
    except (PyXFormError, ODKValidateError) as error:
        raise FormError(f"{form.form_id}: {error}") from error
    return result.xform, warnings


# --------------------------------------------------------------------------------------------
# Sheets


def _survey_rows(form: Form) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for item in form.children:
        _append(rows, item)
    return rows


def _append(rows: list[dict[str, str]], item: Question | Group) -> None:
    if isinstance(item, Group):
        kind = "repeat" if item.repeat else "group"
        row = {"type": f"begin_{kind}", "name": item.name, **_texts("label", item.label)}
        row.update(_present(relevant=item.relevant, appearance=item.appearance))
        rows.append(row)
        for child in item.children:
            _append(rows, child)
        rows.append({"type": f"end_{kind}", "name": item.name})
        return
    row = {"type": item.xlsform_type, "name": item.name, **_texts("label", item.label)}
    row.update(_texts("hint", item.hint))
    constraint, message = _constraint(item)
    row.update(
        _present(
            required="yes" if item.required else "",
            relevant=item.relevant,
            constraint=constraint,
            choice_filter=item.choice_filter,
            appearance=item.appearance,
            calculation=item.calculation,
            default=item.default,
        )
    )
    row.update(_texts("constraint_message", message))
    rows.append(row)


def _constraint(question: Question) -> tuple[str, Text | None]:
    parts = []
    low, high = question.minimum, question.maximum
    if low is not None:
        parts.append(f". >= {_number(low)}")
    if high is not None:
        parts.append(f". <= {_number(high)}")
    if question.constraint:
        parts.append(f"({question.constraint})" if parts else question.constraint)
    message = question.constraint_message
    if message is None and (low is not None or high is not None):
        template = (
            RANGE_MESSAGE
            if low is not None and high is not None
            else MINIMUM_MESSAGE
            if low is not None
            else MAXIMUM_MESSAGE
        )
        values = {"low": _number(low), "high": _number(high)}
        message = Text(*(template.get(code).format(**values) for code, _ in LANGUAGES))
    return " and ".join(parts), message


def _choice_rows(form: Form) -> list[dict[str, str]]:
    rows = []
    for choices in form.choice_lists:
        for choice in choices.choices:
            row = {"list_name": choices.name, "name": choice.name, **_texts("label", choice.label)}
            row.update(dict(choice.filters))
            rows.append(row)
    return rows


def _texts(column: str, text: Text | None) -> dict[str, str]:
    if text is None:
        return {}
    return {f"{column}::{language}": text.get(code) for code, language in LANGUAGES}


def _present(**columns: str) -> dict[str, str]:
    return {name: value for name, value in columns.items() if value}


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _fill(sheet: object, rows: Iterable[dict[str, str]]) -> None:
    """Write ``rows`` under a header made of their keys, in the order they first appear."""
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet)
    rows = list(rows)
    header: list[str] = []
    for row in rows:
        header.extend(column for column in row if column not in header)
    header.sort(key=lambda column: ORDER.index(column) if column in ORDER else len(ORDER))
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column, "") or None for column in header])
