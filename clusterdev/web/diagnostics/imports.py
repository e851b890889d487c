"""Importing ODK Central and KoboToolbox exports into a survey wave, all or nothing.

:func:`import_export` reads the files with the wave's form (:func:`clusterdev.surveys.read_export`),
sorts the submissions against those stored (:func:`clusterdev.surveys.plan_import`), checks that
every organisation named is in the register, and then either writes nothing (any error, any
conflict, or ``validate_only``) or writes the new submissions, their ties and the batch in one
transaction. Submissions imported before with the same answers are skipped.
"""

from __future__ import annotations

import collections
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from clusterdev.surveys import (
    ExportData,
    Form,
    FormError,
    GeoPoint,
    Problem,
    Report,
    TieRow,
    plan_import,
    read_export,
    ties_from,
)
from clusterdev.surveys import Submission as ReadSubmission
from clusterdev.web.actors.models import Actor
from clusterdev.web.diagnostics import instruments
from clusterdev.web.diagnostics.models import (
    ImportBatch,
    Instrument,
    InstrumentKind,
    Submission,
    SurveyWave,
    Tie,
)


@dataclass
class ImportResult:
    """What an import did, or would do (``validate_only``), with the full report."""

    report: Report
    file_names: list[str]
    kind: str | None = None
    platform: str = "unknown"
    form_id: str = ""
    form_version: str = ""
    new: int = 0
    unchanged: int = 0
    conflicts: int = 0
    ties: int = 0
    validate_only: bool = False
    batch: ImportBatch | None = None
    new_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report.ok

    @property
    def written(self) -> bool:
        return self.batch is not None

    @property
    def kind_label(self) -> str:
        return str(InstrumentKind(self.kind).label) if self.kind else ""


def import_export(
    wave: SurveyWave,
    paths: Sequence[str | Path],
    *,
    kind: str | None = None,
    by: User | None = None,
    validate_only: bool = False,
) -> ImportResult:
    """Import the export in ``paths`` (one CSV, XLSX or ZIP, or the CSV files of one ODK Central
    export) into ``wave``. ``kind`` names the survey; ``None`` reads it from the export's form id.

    Nothing is written when the report has an error (a conflict is one) or with
    ``validate_only``; otherwise the new submissions, their ties and an :class:`ImportBatch`
    are written in one transaction."""
    names = [Path(path).name for path in paths]
    result = ImportResult(Report(), names, validate_only=validate_only)
    cluster = wave.cluster
    raw = read_export(list(paths))
    result.platform = raw.platform
    if kind is None:
        kind = _detect_kind(cluster.slug, raw, result.report)
        if kind is None:
            if not raw.report.ok:
                result.report = raw.report
            return result
    if kind not in instruments.KINDS:
        result.report.add("error", "unknown_survey", f"unknown survey {kind!r}", file="")
        return result
    result.kind = kind
    try:
        form, instrument = _form_for(wave, kind, raw)
    except FormError as error:
        result.report.add("error", "form", f"the form cannot be built: {error}", file="")
        return result
    export = read_export(list(paths), form)
    result.form_id, result.form_version = form.form_id, form.version
    existing = dict(
        Submission.objects.filter(cluster=cluster).values_list("instance_id", "content_hash")
    )
    plan = plan_import(export, existing=existing)
    report = Report([*result.report.problems, *plan.report.problems])
    if instrument is None:
        report.add(
            "note",
            "no_stored_form",
            f"no {kind} form was generated for wave {wave.name!r}: the export was checked "
            "against the form as it would be generated today from the register",
            file=names[0] if names else "",
        )
    respondents = _actor_ids(wave, plan.new, report)
    result.report = report
    result.new, result.unchanged, result.conflicts = (
        len(plan.new),
        len(plan.unchanged),
        len(plan.conflicts),
    )
    result.new_ids = [submission.instance_id for submission in plan.new]
    new_ids = set(result.new_ids)
    ties = (
        [tie for tie in ties_from(export, wave=wave.name) if tie.instance_id in new_ids]
        if kind == InstrumentKind.NETWORK and report.ok
        else []
    )
    result.ties = sum(len(tie.types) for tie in ties)
    if not report.ok or validate_only:
        return result
    try:
        result.batch = _write(wave, kind, plan.new, ties, respondents, result, by)
    except IntegrityError:
        # Another import wrote some of these submissions since they were sorted: nothing of
        # this one was written (the transaction rolled back); importing again sorts them anew.
        report.add(
            "error",
            "concurrent_import",
            "another import of the same submissions ran at the same time; nothing was written "
            "by this one: import again",
            file=names[0] if names else "",
        )
    return result


def import_uploads(
    wave: SurveyWave,
    uploads: Iterable[UploadedFile],
    *,
    kind: str | None = None,
    by: User | None = None,
    validate_only: bool = False,
) -> ImportResult:
    """:func:`import_export` of files uploaded through the web (kept under their own names in a
    temporary folder, which the report's file names refer to)."""
    with tempfile.TemporaryDirectory(prefix="clusterdev-import-") as folder:
        paths: list[Path] = []
        for upload in uploads:
            name = Path(upload.name or "upload").name or "upload"
            path = Path(folder, name)
            number = 1
            while path.exists():
                number += 1
                path = Path(folder, f"{path.stem} ({number}){path.suffix}")
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            paths.append(path)
        return import_export(wave, paths, kind=kind, by=by, validate_only=validate_only)


def problem_rows(problems: Iterable[Problem]) -> list[dict[str, Any]]:
    """The problems as JSON-ready rows (as an import batch stores its report)."""
    return [
        {
            "severity": p.severity,
            "code": p.code,
            "message": p.message,
            "file": p.file,
            "sheet": p.sheet,
            "row": p.row,
            "column": p.column,
        }
        for p in problems
    ]


# --------------------------------------------------------------------------------------------


def _detect_kind(slug: str, raw: ExportData, report: Report) -> str | None:
    """The survey an export belongs to, from the form id every submission carries."""
    form_ids = collections.Counter(s.form_id for s in raw.submissions if s.form_id)
    ours = {f"{slug}-{kind}": kind for kind in instruments.KINDS}
    kinds = {ours[form_id] for form_id in form_ids if form_id in ours}
    first = raw.submissions[0].source if raw.submissions else None
    where = {"file": first.file, "sheet": first.sheet} if first else {"file": ""}
    if len(kinds) == 1 and len(form_ids) == 1:
        return kinds.pop()
    if not raw.report.ok:
        return None  # the files cannot be read: their own problems say why
    if len(form_ids) > 1:
        listed = ", ".join(sorted(form_ids))
        report.add(
            "error",
            "wrong_form",
            f"the files mix submissions of several forms ({listed}): import each survey's "
            "export on its own",
            **where,
        )
    elif form_ids:
        (form_id,) = form_ids
        expected = ", ".join(sorted(ours))
        report.add(
            "error",
            "wrong_form",
            f"these submissions are of form {form_id}, which is not a survey of this cluster "
            f"({expected}): is it another cluster's export?",
            **where,
        )
    else:
        report.add(
            "error",
            "unknown_survey",
            "the export does not say which survey it is (no form_id column): choose the survey",
            **where,
        )
    return None


def _form_for(wave: SurveyWave, kind: str, raw: ExportData) -> tuple[Form, Instrument | None]:
    """The stored form the export was made with (by its version), the latest one, or the form
    as generated today when none was stored for this wave."""
    stored = list(wave.instruments.filter(kind=kind).order_by("-generated_at", "-id"))
    versions = collections.Counter(s.form_version for s in raw.submissions if s.form_version)
    for version, _count in versions.most_common():
        for instrument in stored:
            if instrument.version == version:
                return instruments.form_of(instrument), instrument
    if stored:
        return instruments.form_of(stored[0]), stored[0]
    return instruments.current_form(wave.cluster, kind), None


def _actor_ids(
    wave: SurveyWave, submissions: list[ReadSubmission], report: Report
) -> dict[int, Actor]:
    """The register's actors named as respondents or partners; an id missing from the
    programme's register (an actor removed since the form was made) is an error."""
    wanted: dict[int, ReadSubmission] = {}
    for submission in submissions:
        ids = [submission.respondent_actor_id]
        for row in submission.repeats.get("partners", []):
            partner = row.get("partner")
            ids.append(int(partner) if isinstance(partner, str) and partner.isdecimal() else None)
        for actor_id in ids:
            if actor_id is not None:
                wanted.setdefault(actor_id, submission)
    found = Actor.objects.filter(pk__in=wanted, programme_id=wave.cluster.programme_id).in_bulk()
    for actor_id, submission in wanted.items():
        if actor_id not in found:
            report.at(
                "error",
                "unknown_actor",
                f"actor {actor_id} is not in the programme's register (removed since the form "
                "was made?): add it again or correct the submission",
                submission.source,
                None,
            )
    return found


def _write(
    wave: SurveyWave,
    kind: str,
    new: list[ReadSubmission],
    ties: list[TieRow],
    actors: dict[int, Actor],
    result: ImportResult,
    by: User | None,
) -> ImportBatch:
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            cluster=wave.cluster,
            wave=wave,
            kind=kind,
            file_names=result.file_names,
            platform=result.platform,
            form_version=result.form_version,
            new_count=result.new,
            unchanged_count=result.unchanged,
            tie_count=result.ties,
            report=problem_rows(result.report.problems),
            imported_by=by,
        )
        stored: dict[str, Submission] = {}
        for submission in new:
            respondent_id = submission.respondent_actor_id
            stored[submission.instance_id] = Submission.objects.create(
                cluster=wave.cluster,
                wave=wave,
                kind=kind,
                instance_id=submission.instance_id,
                content_hash=submission.content_hash,
                form_version=submission.form_version or "",
                submitted_at=submission.submitted_at,
                answers={name: to_json(value) for name, value in submission.answers.items()},
                repeats={
                    name: [{k: to_json(v) for k, v in row.items()} for row in rows]
                    for name, rows in submission.repeats.items()
                },
                meta=submission.meta,
                respondent=actors.get(respondent_id) if respondent_id is not None else None,
                source=str(submission.source)[:300],
                batch=batch,
            )
        for tie in ties:
            for tie_type in tie.types:
                Tie.objects.create(
                    wave=wave,
                    submission=stored[tie.instance_id],
                    respondent=actors[tie.respondent_actor_id],
                    partner=actors.get(tie.partner_actor_id) if tie.partner_actor_id else None,
                    other_name=tie.other_name[:200],
                    type=tie_type,
                    frequency=tie.frequency or "",
                    formal=tie.formal,
                    position=tie.position,
                )
    return batch


def to_json(value: Any) -> Any:
    """An answer as JSON: dates in ISO 8601, select_multiple as a list, a geopoint as an
    object."""
    if isinstance(value, GeoPoint):
        return {
            "latitude": value.latitude,
            "longitude": value.longitude,
            "altitude": value.altitude,
            "accuracy": value.accuracy,
        }
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def summary(result: ImportResult) -> str:
    """One line saying what the import did (or would do)."""
    values = {
        "new": result.new,
        "unchanged": result.unchanged,
        "ties": result.ties,
        "conflicts": result.conflicts,
    }
    if not result.ok:
        return _("Nothing was imported: the report lists %(errors)d error(s) to correct.") % {
            "errors": len(result.report.errors)
        }
    if result.validate_only:
        return (
            _(
                "Checked, nothing written: %(new)d new submission(s) and %(ties)d tie(s) would be "
                "imported; %(unchanged)d were imported before."
            )
            % values
        )
    return (
        _(
            "Imported %(new)d new submission(s) and %(ties)d tie(s); %(unchanged)d were imported "
            "before and were skipped."
        )
        % values
    )
