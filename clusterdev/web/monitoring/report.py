"""The periodic progress report of an M&E framework: the narrative its author writes around the
figures of one reporting period, rendered as a page, as plain text and as a PDF, and handed to
the Cluster Commission (a cluster's report) or the Steering Committee (the programme's) for
endorsement through governance.

The figures are :mod:`.summary`'s as they stood at the end of the report's period: only
approved or locked values count; a value of the period still awaiting approval is listed as
"not yet approved", without its figure. Charts are the dashboard's
(:func:`.dashboard.indicator_chart`, drawn up to the report's period, and
:func:`.dashboard.chain_svg`), each beside its table. Names of people (who approved a value) appear only in
a rendering ``personal=True``, for those who may see personal data; what goes to governance is
the impersonal rendering, since every reader of the governance pages may open it.

From its submission a report cannot change (withdraw it to change it); once endorsed it is
immutable for good, and its PDF is the one stored with the endorsed version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from clusterdev.web.governance import services as governance
from clusterdev.web.governance.models import Body, Document, DocumentVersion
from clusterdev.web.lib.files import static_text
from clusterdev.web.monitoring.dashboard import chain_svg, indicator_chart
from clusterdev.web.monitoring.models import (
    Actual,
    ProgressReport,
    ReportingPeriod,
    category_label,
    dimension_label,
)
from clusterdev.web.monitoring.services import Scope, scope_parts
from clusterdev.web.monitoring.summary import (
    ChainNode,
    IndicatorSummary,
    amount_text,
    chain,
    status_counts,
    summaries,
)
from clusterdev.web.plans.models import Endorsable, LockedError
from clusterdev.web.programmes.models import Cluster

__all__ = [
    "NARRATIVE_FIELDS",
    "ChainRow",
    "Evidence",
    "IndicatorRow",
    "Pending",
    "body_of",
    "create_report",
    "endorsed_version",
    "field_label",
    "file_name",
    "report_context",
    "report_html",
    "report_pdf",
    "report_text",
    "reports_of",
    "save_report",
    "state_line",
    "submit_report",
    "withdraw_report",
]

# The report's own text, in the order it is read.
NARRATIVE_FIELDS = ("summary", "achievements", "challenges", "next_steps")


# --- The figures ---------------------------------------------------------------------------------


@dataclass
class Evidence:
    """Where one counted value of the report's figures can be checked, and who approved it."""

    period: str
    text: str
    file: str
    approved_by: str = ""  # only in a personal rendering


@dataclass
class IndicatorRow:
    """One indicator as the report shows it for its period."""

    item: IndicatorSummary
    baseline: str
    target: str  # the period's own target
    value: str  # the period's own counted value
    to_date: str
    breakdowns: list[tuple[str, list[tuple[str, str]]]]  # (dimension, [(category, amount)])
    evidence: list[Evidence] = field(default_factory=list)
    chart: SafeString | None = None

    @property
    def indicator(self) -> Any:
        return self.item.indicator


@dataclass
class ChainRow:
    """A result of the chain, flattened for a table: its depth from the top result."""

    depth: int
    node: ChainNode
    indicators: list[str] = field(default_factory=list)

    @property
    def indent(self) -> int:
        return self.depth * 16


@dataclass
class Pending:
    """A value of the period entered but not approved yet: named, its figure left out."""

    code: str
    name: str
    state: str


def field_label(name: str) -> Any:
    """The (lazy) label of one of the report's fields."""
    model_field = ProgressReport._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    return model_field.verbose_name


def _person(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _breakdowns(item: IndicatorSummary) -> list[tuple[str, list[tuple[str, str]]]]:
    shown = []
    for dimension, parts in item.breakdowns.items():
        named = [(category_label(dimension, c), str(text)) for c, text in parts.items()]
        shown.append((dimension_label(dimension), named))
    return shown


def _evidence(actual: Actual, *, personal: bool) -> Evidence:
    return Evidence(
        period=actual.period.name,
        text=actual.evidence,
        file=(actual.evidence_file.name or "").rsplit("/", 1)[-1],
        approved_by=_person(actual.approved_by) if personal else "",
    )


def _row(item: IndicatorSummary, period: ReportingPeriod, *, personal: bool) -> IndicatorRow:
    own = next((r for r in item.rows if r.period.pk == period.pk), None)
    # The values the value to date is made of: every counted one up to the report's period.
    counted = [
        r.actual
        for r in item.rows
        if r.actual is not None and r.actual.counts and r.period.start <= period.end
    ]
    return IndicatorRow(
        item=item,
        baseline=amount_text(item.baseline),
        target=amount_text(own.target.amount()) if own and own.target else "—",
        value=amount_text(own.value) if own and own.value is not None else "—",
        to_date=amount_text(item.to_date),
        breakdowns=_breakdowns(item),
        evidence=[_evidence(actual, personal=personal) for actual in counted],
    )


def _flatten(roots: list[ChainNode], depth: int = 0) -> list[ChainRow]:
    rows: list[ChainRow] = []
    for root in roots:
        rows.append(ChainRow(depth, root, [i.indicator.code for i in root.indicators]))
        rows.extend(_flatten(root.children, depth + 1))
    return rows


def _pending(items: list[IndicatorSummary], period: ReportingPeriod) -> list[Pending]:
    waiting = []
    for item in items:
        for row in item.rows:
            if row.period.pk == period.pk and row.pending and row.actual is not None:
                waiting.append(
                    Pending(
                        item.indicator.code,
                        item.indicator.name,
                        str(row.actual.get_state_display()),
                    )
                )
    return waiting


def state_line(report: ProgressReport) -> str:
    """Where the report stands in its endorsement, as the cover states it."""
    endorsement = governance.endorsement_of(report) if report.pk else None
    if endorsement is not None:
        return _("Endorsed by %(body)s at its meeting of %(date)s.") % {
            "body": endorsement.body.name,
            "date": endorsement.meeting.date.isoformat(),
        }
    if report.pk and governance.versions_of(report).filter(endorsed_at__isnull=True).exists():
        return _("Submitted for endorsement; not endorsed yet.")
    return _("Draft: not endorsed.")


def report_context(report: ProgressReport, *, personal: bool) -> dict[str, Any]:
    """Everything the report shows, its figures as they stood at the end of its period.

    ``personal``: whether names of people (who approved each value) are shown.
    """
    scope: Scope = report.scope
    period = report.period
    items = summaries(scope, as_of=period.end)
    roots = chain(scope, items)
    rows = [_row(item, period, personal=personal) for item in items]
    for row in rows:
        # Drawn up to the report's period only: later values are not the report's.
        shown = [r for r in row.item.rows if r.period.start <= period.end]
        row.chart = indicator_chart(replace(row.item, rows=shown)) or None
    programme, cluster = scope_parts(scope)
    return {
        "report": report,
        "scope": scope,
        "programme": programme,
        "cluster": cluster,
        "period": period,
        "narrative": [(str(field_label(name)), getattr(report, name)) for name in NARRATIVE_FIELDS],
        "counts": status_counts(items),
        "rows": rows,
        "chain": _flatten(roots),
        "chain_chart": chain_svg(roots) if roots else None,
        "pending": _pending(items, period),
        "personal": personal,
        "state_line": state_line(report),
        "prepared": timezone.localdate(),
    }


def _css() -> str:
    return static_text("monitoring/report.css")


def report_html(context: dict[str, Any], *, for_pdf: bool = False) -> str:
    """The report as a standalone HTML document (what the PDF is made from)."""
    return render_to_string(
        "monitoring/reports/document.html", {**context, "for_pdf": for_pdf, "css": _css()}
    )


def _pdf(context: dict[str, Any]) -> bytes:
    import weasyprint

    pdf: bytes = weasyprint.HTML(string=report_html(context, for_pdf=True)).write_pdf()
    return pdf


def report_pdf(report: ProgressReport, *, personal: bool) -> bytes:
    """The report as an A4 PDF (WeasyPrint), rendered now."""
    return _pdf(report_context(report, personal=personal))


def report_text(context: dict[str, Any]) -> str:
    """The report as plain text, in a stable wording (the same report and figures give the same
    text): what the endorsing body reads beside the PDF."""
    report: ProgressReport = context["report"]
    period: ReportingPeriod = context["period"]
    lines = [
        str(report),
        _("Period: %(period)s (%(start)s to %(end)s)")
        % {"period": period.name, "start": period.start.isoformat(), "end": period.end.isoformat()},
    ]
    for label, text in context["narrative"]:
        lines += ["", f"{label}:", text.strip() or "—"]
    lines += [
        "",
        _("Indicators (approved values only, as of %(date)s):") % {"date": period.end.isoformat()},
    ]
    for row in context["rows"]:
        item = row.item
        unit = f" ({item.indicator.unit})" if item.indicator.unit else ""
        lines.append(f"{item.indicator.code} {item.indicator.name}{unit}")
        lines.append(
            _(
                "Baseline %(baseline)s; target for the period %(target)s; value of the period "
                "%(value)s; value to date %(to_date)s; progress %(progress)s; status %(status)s."
            )
            % {
                "baseline": row.baseline,
                "target": row.target,
                "value": row.value,
                "to_date": row.to_date,
                "progress": "—" if item.progress_percent is None else f"{item.progress_percent} %",
                "status": item.status_label,
            }
        )
        for dimension, parts in row.breakdowns:
            lines.append(f"  {dimension}: " + ", ".join(f"{c} {a}" for c, a in parts))
        for evidence in row.evidence:
            lines.append(
                _("  Means of verification, %(period)s: %(evidence)s")
                % {"period": evidence.period, "evidence": evidence.text or evidence.file or "—"}
            )
            if evidence.approved_by:
                lines.append(_("  Approved by: %(name)s") % {"name": evidence.approved_by})
    if context["chain"]:
        lines += ["", _("Result chain:")]
        for chain_row in context["chain"]:
            node = chain_row.node
            lines.append(
                "  " * chain_row.depth
                + f"{node.node.get_level_display()}: {node.node.title} — {node.status_label}"
            )
    if context["pending"]:
        lines += ["", _("Not yet approved (not counted):")]
        lines += [f"{p.code} {p.name}: {p.state}" for p in context["pending"]]
    return "\n".join(lines) + "\n"


# --- The records ---------------------------------------------------------------------------------


def reports_of(scope: Scope) -> Any:
    """The progress reports of ``scope``'s framework, the latest period first."""
    programme, cluster = scope_parts(scope)
    return ProgressReport.objects.of_scope(programme, cluster).select_related(
        "period", "programme", "cluster"
    )


@transaction.atomic
def create_report(scope: Scope, period: ReportingPeriod, *, by: User) -> ProgressReport:
    """Start the progress report of ``scope`` for ``period`` (one per framework and period)."""
    programme, cluster = scope_parts(scope)
    if period.programme_id != programme.pk:
        raise ValidationError(
            {
                "period": _("The period %(period)s belongs to another programme.")
                % {"period": period}
            }
        )
    existing = reports_of(scope).filter(period=period).first()
    if existing is not None:
        raise ValidationError(
            {
                "period": _(
                    "%(scope)s already has a progress report for %(period)s: open it to "
                    "continue it."
                )
                % {"scope": str(scope), "period": period.name}
            }
        )
    report = ProgressReport(programme=programme, cluster=cluster, period=period, created_by=by)
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def save_report(report: ProgressReport, data: Mapping[str, str]) -> ProgressReport:
    """Change the report's text (the fields of :data:`NARRATIVE_FIELDS` given in ``data``).
    Refused, writing nothing, once it is submitted or endorsed."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    reason = report.lock_reason()
    if reason is not None:
        raise LockedError(reason)
    unknown = set(data) - set(NARRATIVE_FIELDS)
    if unknown:
        raise ValueError(f"not a field of the report's text: {', '.join(sorted(unknown))}")
    for name, text in data.items():
        setattr(report, name, (text or "").strip())
    report.full_clean()
    report.save()
    return report


def body_of(report: ProgressReport) -> Body | None:
    """The body that endorses ``report``: the cluster's Cluster Commission, or the programme's
    Steering Committee for the programme's own report."""
    if report.cluster_id is not None:
        return Body.objects.filter(
            cluster_id=report.cluster_id, kind=Body.Kind.CLUSTER_COMMISSION
        ).first()
    return Body.objects.filter(
        programme_id=report.programme_id, cluster__isnull=True, kind=Body.Kind.STEERING_COMMITTEE
    ).first()


def _no_body_message(report: ProgressReport) -> str:
    if isinstance(report.scope, Cluster):
        return _(
            "%(cluster)s has no Cluster Commission to endorse %(report)s: create the Commission "
            "on the cluster's governance page first."
        ) % {"cluster": report.scope.name, "report": str(report)}
    return _(
        "%(programme)s has no Steering Committee to endorse %(report)s: create the Committee "
        "on the programme's governance page first."
    ) % {"programme": report.scope.name, "report": str(report)}


def _document(report: ProgressReport) -> Document | None:
    """The governance document earlier versions of this report went to (so that a change of
    language does not start another document)."""
    version = governance.versions_of(report).select_related("document").first()
    return version.document if version is not None else None


def file_name(report: ProgressReport) -> str:
    return f"progress-report-{report.scope.slug}-{report.period.name}.pdf"


@transaction.atomic
def submit_report(report: ProgressReport, *, by: User) -> DocumentVersion:
    """Hand ``report`` to its endorsing body (:func:`body_of`): a governance document version
    holding its text and its PDF, both without names of people. From now on it cannot change."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    state = report.governance_state()
    if state == Endorsable.State.ENDORSED:
        raise ValidationError(report.endorsed_message())
    if state == Endorsable.State.SUBMITTED:
        raise ValidationError(
            _("%(report)s is already awaiting endorsement.") % {"report": str(report)}
        )
    body = body_of(report)
    if body is None:
        raise ValidationError(_no_body_message(report))
    context = report_context(report, personal=False)
    context["state_line"] = _("Submitted to %(body)s for endorsement.") % {"body": body.name}
    document = _document(report)
    programme, cluster = scope_parts(report.scope)
    version = governance.submit_version(
        author=by,
        content=report_text(context),
        file=ContentFile(_pdf(context), name=file_name(report)),
        source=report,
        document=document,
        kind=None if document else Document.Kind.PROGRESS_REPORT,
        title=None if document else str(report),
        programme=None if document or cluster else programme,
        cluster=None if document else cluster,
    )
    report.sync_status()
    return version


@transaction.atomic
def withdraw_report(report: ProgressReport) -> None:
    """Take ``report`` back from endorsement (it was not endorsed yet) so that it can change."""
    if report.governance_state() == Endorsable.State.ENDORSED:
        raise ValidationError(report.endorsed_message())
    if not governance.versions_of(report).filter(endorsed_at__isnull=True).exists():
        raise ValidationError(
            _("%(report)s is not awaiting endorsement.") % {"report": str(report)}
        )
    for version in governance.versions_of(report).filter(endorsed_at__isnull=True):
        version.delete()
    report.sync_status()


def endorsed_version(report: ProgressReport) -> DocumentVersion | None:
    """The version of ``report`` its body endorsed (None while it is not endorsed)."""
    endorsement = governance.endorsement_of(report) if report.pk else None
    return endorsement.version if endorsement is not None else None
