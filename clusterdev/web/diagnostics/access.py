"""Who may see and do what in the diagnostic, decided from the cluster's rights
(:mod:`clusterdev.web.programmes.access`).

VIEW reads the workspace and the report (aggregated figures only: donors, the Commission and the
Steering Committee see no more); EDIT writes sections, findings and baseline values, manages
waves, generates forms and imports; VIEW_PERSONAL reads the raw submissions and which
organisations answered (answers name owners and carry phone numbers). No role on the cluster →
404; a role without the right → 403.
"""

from __future__ import annotations

from django.http import Http404

from clusterdev.web.diagnostics.models import (
    BaselineValue,
    Finding,
    ImportBatch,
    Instrument,
    Submission,
    SurveyWave,
)
from clusterdev.web.programmes.access import Action, Rights, User, cluster_rights, require


def get_wave_for_user(
    user: User, pk: int, action: Action = Action.VIEW
) -> tuple[SurveyWave, Rights]:
    wave = SurveyWave.objects.select_related("cluster__programme").filter(pk=pk).first()
    if wave is None:
        raise Http404
    return wave, require(cluster_rights(user, wave.cluster), action)


def get_instrument_for_user(
    user: User, pk: int, action: Action = Action.EDIT
) -> tuple[Instrument, Rights]:
    instrument = Instrument.objects.select_related("wave__cluster__programme").filter(pk=pk).first()
    if instrument is None:
        raise Http404
    return instrument, require(cluster_rights(user, instrument.wave.cluster), action)


def get_batch_for_user(
    user: User, pk: int, action: Action = Action.EDIT
) -> tuple[ImportBatch, Rights]:
    batch = ImportBatch.objects.select_related("cluster__programme", "wave").filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch, require(cluster_rights(user, batch.cluster), action)


def get_submission_for_user(user: User, pk: int) -> tuple[Submission, Rights]:
    submission = (
        Submission.objects.select_related("cluster__programme", "wave", "respondent")
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404
    return submission, require(cluster_rights(user, submission.cluster), Action.VIEW_PERSONAL)


def get_finding_for_user(
    user: User, pk: int, action: Action = Action.EDIT
) -> tuple[Finding, Rights]:
    finding = Finding.objects.select_related("cluster__programme").filter(pk=pk).first()
    if finding is None:
        raise Http404
    return finding, require(cluster_rights(user, finding.cluster), action)


def get_baseline_value_for_user(
    user: User, pk: int, action: Action = Action.EDIT
) -> tuple[BaselineValue, Rights]:
    value = BaselineValue.objects.select_related("cluster__programme").filter(pk=pk).first()
    if value is None:
        raise Http404
    return value, require(cluster_rights(user, value.cluster), action)
