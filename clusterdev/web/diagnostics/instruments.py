"""The survey forms of a wave: built from the cluster's register with :mod:`clusterdev.surveys`,
stored with what rebuilds them, so that an import checks an export against the very form the
field team used."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import asdict

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction

from clusterdev.surveys import (
    ActorRow,
    ClusterInfo,
    Form,
    IndicatorQuestion,
    actors_csv,
    enterprise_form,
    institution_form,
    network_form,
    xlsform_bytes,
)
from clusterdev.web.actors.models import Actor
from clusterdev.web.diagnostics.models import Instrument, InstrumentKind, SurveyWave
from clusterdev.web.programmes.models import Cluster

KINDS = tuple(InstrumentKind.values)


def indicator_questions(cluster: Cluster) -> list[IndicatorQuestion]:
    """The cluster's M&E indicators to ask in the enterprise and institution surveys: one
    :class:`clusterdev.surveys.IndicatorQuestion` per indicator of the cluster's framework marked
    "ask in the surveys" (code, name in English, French and Spanish — the stored labels, the
    English name where there is none —, measure and unit), in the framework's order.

    Each becomes a question named :func:`clusterdev.surveys.indicator_question_name` of its code;
    :func:`clusterdev.web.diagnostics.baseline.survey_indicator_values` reads the answers back.
    """
    # Imported here: the monitoring app's models import this app's.
    from clusterdev.web.monitoring.models import Indicator

    questions = []
    for indicator in Indicator.objects.filter(cluster=cluster, ask_in_survey=True).order_by(
        "position", "id"
    ):
        labels = indicator.labels or {}
        questions.append(
            IndicatorQuestion(
                code=indicator.code,
                label_en=indicator.name,
                label_fr=str(labels.get("fr") or ""),
                label_es=str(labels.get("es") or ""),
                measure=indicator.measure,  # type: ignore[arg-type]  # one of Measure.values
                unit=indicator.unit,
            )
        )
    return questions


def cluster_info(cluster: Cluster) -> ClusterInfo:
    return ClusterInfo(cluster.slug, cluster.name)


def register_rows(cluster: Cluster) -> list[ActorRow]:
    """The cluster's actors as the forms' ``actors.csv`` lists them (id, name, kind, town)."""
    actors = Actor.objects.filter(memberships__cluster=cluster).distinct().order_by("name", "id")
    return [ActorRow(actor.pk, actor.name, actor.kind, actor.town) for actor in actors]  # type: ignore[arg-type]


def build_form(
    cluster: ClusterInfo,
    kind: str,
    *,
    actors: Sequence[ActorRow],
    indicators: Sequence[IndicatorQuestion] = (),
    version: str | None = None,
) -> Form:
    """The ``kind`` instrument (``enterprise``, ``institution`` or ``network``)."""
    if kind == InstrumentKind.ENTERPRISE:
        return enterprise_form(cluster, indicators, actors=actors, version=version)
    if kind == InstrumentKind.INSTITUTION:
        return institution_form(cluster, indicators, actors=actors, version=version)
    if kind == InstrumentKind.NETWORK:
        return network_form(cluster, actors, version=version)
    raise ValueError(f"unknown survey kind {kind!r}: choose one of {', '.join(KINDS)}")


def current_form(cluster: Cluster, kind: str) -> Form:
    """The form as it would be generated now, from today's register and indicators."""
    indicators = indicator_questions(cluster) if kind != InstrumentKind.NETWORK else []
    return build_form(
        cluster_info(cluster), kind, actors=register_rows(cluster), indicators=indicators
    )


def form_of(instrument: Instrument) -> Form:
    """The :class:`~clusterdev.surveys.Form` an instrument was generated as (same actors,
    indicators and version)."""
    cluster = instrument.wave.cluster
    actors = [ActorRow(a["id"], a["name"], a["kind"], a.get("town", "")) for a in instrument.actors]
    indicators = [IndicatorQuestion(**item) for item in instrument.indicators]
    return build_form(
        ClusterInfo(cluster.slug, instrument.cluster_name),
        instrument.kind,
        actors=actors,
        indicators=indicators,
        version=instrument.version,
    )


@transaction.atomic
def generate_instrument(wave: SurveyWave, kind: str, *, by: User | None) -> Instrument:
    """Build the ``kind`` form of ``wave`` from the register and store it with its actors.csv.

    Generating again with an unchanged register and indicators returns the stored instrument
    (same version); otherwise a new one with a new version is stored beside the older ones."""
    form = current_form(wave.cluster, kind)
    stored = wave.instruments.filter(kind=kind, version=form.version).first()
    if stored is not None:
        return stored
    instrument = Instrument(
        wave=wave,
        kind=kind,
        form_id=form.form_id,
        version=form.version,
        title=form.title,
        cluster_name=wave.cluster.name,
        actors=[asdict(actor) for actor in form.actors],
        indicators=[asdict(indicator) for indicator in form.indicators],
        generated_by=by,
    )
    instrument.xlsform.save(f"{form.form_id}.xlsx", ContentFile(xlsform_bytes(form)), save=False)
    if form.attachments:
        instrument.actors_file.save(
            "actors.csv", ContentFile(actors_csv(form).encode("utf-8")), save=False
        )
    instrument.save()
    return instrument


def latest_instrument(wave: SurveyWave, kind: str) -> Instrument | None:
    return wave.instruments.filter(kind=kind).order_by("-generated_at", "-id").first()


def instrument_zip(instrument: Instrument) -> bytes:
    """The form and its attachments in one ZIP, as ODK Central and KoboToolbox take them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with instrument.xlsform.open("rb") as handle:
            archive.writestr(f"{instrument.form_id}.xlsx", handle.read())
        if instrument.actors_file:
            with instrument.actors_file.open("rb") as handle:
                archive.writestr("actors.csv", handle.read())
    return buffer.getvalue()
