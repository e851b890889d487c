"""The diagnostic's domain operations, and what other apps read from it.

For other apps:

- :func:`ties_of` — the ties of a wave (one row per respondent, partner and type), which the
  network page analyses; :func:`tie_rows` gives them as plain dicts.
- :func:`latest_wave` and :func:`figures_wave` — which wave the figures use.
- :func:`baseline_values` — the cluster's baseline table (computed and manual values).
- :func:`clusterdev.web.diagnostics.baseline.survey_indicator_values` — values of M&E indicators
  asked in a wave's surveys; :func:`clusterdev.web.diagnostics.instruments.indicator_questions`
  is the hook through which M&E puts its indicators into the forms.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from clusterdev.web.diagnostics.models import (
    BaselineValue,
    Diagnostic,
    DiagnosticSection,
    Finding,
    SectionKey,
    SurveyWave,
    Tie,
)
from clusterdev.web.programmes.models import Cluster


def diagnostic_of(cluster: Cluster) -> Diagnostic:
    """The cluster's diagnostic record; not saved yet (so that reading writes nothing) until
    its settings are saved or its report submitted."""
    diagnostic = Diagnostic.objects.filter(cluster=cluster).select_related("wave").first()
    if diagnostic is None:
        title = _("Diagnostic study of %(cluster)s") % {"cluster": cluster.name}
        diagnostic = Diagnostic(cluster=cluster, title=title)
    return diagnostic


def latest_wave(cluster: Cluster) -> SurveyWave | None:
    """The most recent wave that has submissions (else the most recent wave)."""
    waves = cluster.survey_waves.order_by("-start_date", "-id")
    return waves.filter(submissions__isnull=False).distinct().first() or waves.first()


def figures_wave(diagnostic: Diagnostic) -> SurveyWave | None:
    return diagnostic.wave or latest_wave(diagnostic.cluster)


def ties_of(wave: SurveyWave) -> QuerySet[Tie]:
    """The ties named in ``wave``'s network survey: one row per (respondent, partner, type);
    ``partner`` is ``None`` for a partner outside the register (``other_name`` holds its name)."""
    return Tie.objects.filter(wave=wave).select_related("respondent", "partner")


def tie_rows(wave: SurveyWave) -> list[dict[str, Any]]:
    """:func:`ties_of` as plain rows: ``source``, ``target`` (actor ids; ``target`` is ``None``
    outside the register), ``other_name``, ``type``, ``frequency``, ``formal``, ``wave``."""
    return [
        {
            "source": tie.respondent_id,
            "target": tie.partner_id,
            "other_name": tie.other_name,
            "type": tie.type,
            "frequency": tie.frequency or None,
            "formal": tie.formal,
            "wave": wave.name,
        }
        for tie in Tie.objects.filter(wave=wave).order_by("submission_id", "position", "type")
    ]


def baseline_values(cluster: Cluster, wave: SurveyWave | None = None) -> QuerySet[BaselineValue]:
    """The cluster's baseline values (of one wave, or all), by indicator code."""
    values = BaselineValue.objects.filter(cluster=cluster).select_related("wave")
    if wave is not None:
        values = values.filter(wave=wave)
    return values.order_by("code", "-date", "id")


def sections_of(cluster: Cluster) -> dict[str, DiagnosticSection]:
    return {s.key: s for s in DiagnosticSection.objects.filter(cluster=cluster)}


def save_section(cluster: Cluster, key: str, text: str, *, by: User) -> DiagnosticSection:
    if key not in SectionKey.values:
        raise ValueError(f"unknown section {key!r}")
    section = DiagnosticSection.objects.filter(cluster=cluster, key=key).first()
    section = section or DiagnosticSection(cluster=cluster, key=key)
    section.text = text.strip()
    section.updated_by = by
    section.save()
    return section


def paragraphs(text: str) -> list[str]:
    """A section's text split into paragraphs at blank lines."""
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def findings_of(cluster: Cluster, kind: str) -> QuerySet[Finding]:
    return Finding.objects.filter(cluster=cluster, kind=kind).order_by("position", "id")


def add_finding(cluster: Cluster, *, kind: str, text: str, evidence: str, by: User) -> Finding:
    last = Finding.objects.filter(cluster=cluster, kind=kind).aggregate(Max("position"))
    finding = Finding(
        cluster=cluster,
        kind=kind,
        text=text.strip(),
        evidence=evidence.strip(),
        position=(last["position__max"] or 0) + 1,
        created_by=by,
    )
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def move_finding(finding: Finding, *, up: bool) -> None:
    """Swap a finding with its neighbour in its list (numbering the list afresh)."""
    items = list(findings_of(finding.cluster, finding.kind))
    index = next(i for i, item in enumerate(items) if item.pk == finding.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def submit_report(diagnostic: Diagnostic, *, by: User, text: str, pdf: bytes) -> Any:
    """Submit the report to the Cluster Commission: a new version of the cluster's diagnostic
    document (the same text and PDF again return the version already submitted)."""
    from clusterdev.web.governance.services import submit_version

    cluster = diagnostic.cluster
    if diagnostic.pk is None:
        diagnostic.save()
    return submit_version(
        author=by,
        kind="diagnostic",
        title=diagnostic.title,
        cluster=cluster,
        content=text,
        file=ContentFile(pdf, name=f"diagnostic-{cluster.slug}.pdf"),
        source=diagnostic,
    )


def endorsement(diagnostic: Diagnostic) -> Any:
    """The latest endorsement of a version of the diagnostic (``None`` if none)."""
    from clusterdev.web.governance.services import endorsement_of

    return endorsement_of(diagnostic) if diagnostic.pk else None


def submitted_versions(diagnostic: Diagnostic) -> list[Any]:
    """The versions submitted for endorsement, newest first."""
    from clusterdev.web.governance.services import versions_of

    return list(versions_of(diagnostic)) if diagnostic.pk else []
