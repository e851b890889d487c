"""The diagnostic study assembled: the outline's sections with the CDA's text and the figures
computed from the survey data, the SWOT, the leverage points and the baseline table; rendered as
the workspace, the HTML report, its plain text (what the Commission endorses) and a PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from clusterdev.web.actors.models import Actor
from clusterdev.web.diagnostics import charts, services
from clusterdev.web.diagnostics.figures import Figure, SurveyData
from clusterdev.web.diagnostics.models import (
    BaselineValue,
    Diagnostic,
    DiagnosticSection,
    Finding,
    ImportBatch,
    Instrument,
    InstrumentKind,
    SectionKey,
    SurveyWave,
    Tie,
)
from clusterdev.web.geo.models import AdminArea
from clusterdev.web.lib.files import static_text

SWOT = (
    Finding.Kind.STRENGTH,
    Finding.Kind.WEAKNESS,
    Finding.Kind.OPPORTUNITY,
    Finding.Kind.THREAT,
)


@dataclass
class ShownFigure:
    figure: Figure
    chart: SafeString


@dataclass
class Section:
    key: str
    title: str
    number: int
    record: DiagnosticSection | None
    paragraphs: list[str]
    figures: list[ShownFigure] = field(default_factory=list)
    map: SafeString | None = None
    network: SafeString | None = None

    @property
    def text(self) -> str:
        return self.record.text if self.record else ""


def cluster_map(diagnostic: Diagnostic) -> SafeString:
    cluster = diagnostic.cluster
    lit = set(cluster.areas.values_list("pk", flat=True))
    areas = AdminArea.objects.filter(country_id=cluster.programme.country_id, level=1)
    points = Actor.objects.filter(memberships__cluster=cluster).geocoded().distinct()
    centre = (
        (cluster.latitude, cluster.longitude)
        if cluster.latitude is not None and cluster.longitude is not None
        else None
    )
    return charts.cluster_map(
        [(area.name, area.geometry, area.pk in lit) for area in areas],
        [(a.latitude, a.longitude, a.kind) for a in points],  # type: ignore[misc]
        centre=centre,
        title=_("Map of %(cluster)s") % {"cluster": cluster.name},
    )


def network_picture(wave: SurveyWave | None) -> SafeString | None:
    """The wave's relationships drawn without names, or ``None`` without ties."""
    if wave is None:
        return None
    nodes: dict[str, str] = {}
    edges = []
    for tie in Tie.objects.filter(wave=wave).select_related("respondent", "partner"):
        source = f"a{tie.respondent_id}"
        nodes[source] = tie.respondent.kind
        if tie.partner is not None:
            target = f"a{tie.partner_id}"
            nodes[target] = tie.partner.kind
        else:
            target = f"o{tie.other_name.casefold()}"
            nodes[target] = "other"
        edges.append((source, target))
    if not edges:
        return None
    return charts.network_picture(nodes, edges, title=_("Network of relationships"))


def study(diagnostic: Diagnostic) -> dict[str, Any]:
    """Everything the workspace and the report show; aggregated figures only."""
    cluster = diagnostic.cluster
    wave = services.figures_wave(diagnostic)
    data = SurveyData(wave)
    records = services.sections_of(cluster)
    sections = []
    for number, (key, label) in enumerate(SectionKey.choices, start=1):
        record = records.get(key)
        section = Section(
            key,
            str(label),
            number,
            record,
            services.paragraphs(record.text) if record else [],
        )
        for figure in data.figures_for(key):
            section.figures.append(
                ShownFigure(
                    figure, charts.bar_chart(figure.bars, scale=figure.scale, title=figure.title)
                )
            )
        if key == SectionKey.MAP_SIZE:
            section.map = cluster_map(diagnostic)
        if key == SectionKey.LINKAGES:
            section.network = network_picture(wave)
        sections.append(section)
    instruments = (
        Instrument.objects.filter(wave=wave).order_by("kind", "-generated_at") if wave else []
    )
    annex: dict[str, Instrument] = {}
    for instrument in instruments:
        annex.setdefault(instrument.kind, instrument)
    members = Actor.objects.filter(memberships__cluster=cluster).distinct()
    return {
        "cluster": cluster,
        "diagnostic": diagnostic,
        "wave": wave,
        "waves": cluster.survey_waves.all(),
        "sections": sections,
        "swot": [(kind, services.findings_of(cluster, kind)) for kind in SWOT],
        "swot_labels": {kind.value: kind.label for kind in SWOT},
        "leverage_points": services.findings_of(cluster, Finding.Kind.LEVERAGE_POINT),
        "baseline": services.baseline_values(cluster, wave) if wave else [],
        "questionnaires": list(annex.values()),
        "instrument_kinds": InstrumentKind,
        "register": {
            "enterprises": members.filter(kind=Actor.Kind.ENTERPRISE).count(),
            "institutions": members.filter(kind=Actor.Kind.INSTITUTION).count(),
        },
        "has_data": any(data.by_kind.values()),
        "generated": _as_of(diagnostic, wave),
    }


def _as_of(diagnostic: Diagnostic, wave: SurveyWave | None) -> Any:
    """The date of the study's latest change (sections, findings, baseline, imports), so that
    the same study printed on another day gives the same report, and the same PDF to endorse."""
    cluster = diagnostic.cluster
    moments = [
        DiagnosticSection.objects.filter(cluster=cluster).aggregate(m=Max("updated_at"))["m"],
        Finding.objects.filter(cluster=cluster).aggregate(m=Max("created_at"))["m"],
        BaselineValue.objects.filter(cluster=cluster).aggregate(m=Max("updated_at"))["m"],
    ]
    if wave is not None:
        moments.append(ImportBatch.objects.filter(wave=wave).aggregate(m=Max("imported_at"))["m"])
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else timezone.now()


def report_css() -> str:
    return static_text("diagnostics/report.css")


def report_html(context: dict[str, Any], *, for_pdf: bool = False) -> str:
    return render_to_string(
        "diagnostics/report_document.html",
        {**context, "for_pdf": for_pdf, "css": report_css()},
    )


def report_text(context: dict[str, Any]) -> str:
    """The report as plain text: what the Commission reads and endorses beside the PDF."""
    return render_to_string("diagnostics/report.txt", context).strip() + "\n"


def report_pdf(context: dict[str, Any]) -> bytes:
    """The report as PDF (WeasyPrint), dated by the study's latest change (see :func:`study`)."""
    import weasyprint

    pdf: bytes = weasyprint.HTML(string=report_html(context, for_pdf=True)).write_pdf()
    return pdf
