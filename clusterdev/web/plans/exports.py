"""A plan revision out as an XLSX workbook and as a PDF the Cluster Commission can endorse."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterdev.web.plans.models import SOURCES, PlanRevision, Source
from clusterdev.web.plans.services import budget_totals, revision_rows


def revision_xlsx(revision: PlanRevision) -> bytes:
    """Three sheets: the joint actions (one row each, budget by source), their milestones and
    the diagnostic findings they answer."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    rows = revision_rows(revision)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Joint actions")[:31]
    labels = dict(Source.choices)
    header = [
        _("No."),
        _("Title"),
        _("Strategic objective"),
        _("Type"),
        _("Soft or hard"),
        _("Lead actor"),
        _("Participants"),
        _("Start"),
        _("End"),
        _("Currency"),
        *[str(labels[s]) for s in SOURCES],
        _("Total budget"),
        _("Enterprises' share"),
        _("Expected outputs"),
        _("Indicators"),
        _("Means of verification"),
        _("Assumptions and risks"),
        _("Status"),
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=1):
        a = row.action
        sheet.append(
            [
                number,
                a.title,
                a.objective.text if a.objective else "",
                a.type_label,
                str(a.get_nature_display()),
                a.lead_actor.name,
                ", ".join(p.name for p in a.participants.all()),
                a.start,
                a.end,
                a.currency,
                *[float(amount) for amount in a.budget().values()],
                float(a.budget_total),
                a.enterprise_share,
                a.expected_outputs,
                a.indicators,
                a.means_of_verification,
                a.assumptions_risks,
                row.status_label,
            ]
        )
    share_column = header.index(_("Enterprises' share")) + 1
    for line in sheet.iter_rows(min_row=2):
        line[share_column - 1].number_format = "0%"
        for cell in line:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    milestones = workbook.create_sheet(_("Milestones")[:31])
    milestones.append([_("No."), _("Joint action"), _("Milestone"), _("Date")])
    findings = workbook.create_sheet(_("Findings answered")[:31])
    findings.append([_("No."), _("Joint action"), _("Kind"), _("Finding")])
    for number, row in enumerate(rows, start=1):
        for milestone in row.action.milestones.all():
            milestones.append([number, row.action.title, milestone.title, milestone.date])
        for finding in row.action.findings.all():
            findings.append(
                [number, row.action.title, str(finding.get_kind_display()), finding.text]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def revision_pdf(revision: PlanRevision) -> bytes:
    """The revision as an A4 landscape document: vision, then each joint action in full."""
    from weasyprint import HTML

    rows = revision_rows(revision)
    html = render_to_string(
        "plans/revision_pdf.html",
        {
            "revision": revision,
            "cluster": revision.plan.cluster,
            "rows": rows,
            "totals": budget_totals(rows),
            "sources": [(s, label) for s, label in Source.choices],
            "printed": timezone.localdate(),
        },
    )
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
