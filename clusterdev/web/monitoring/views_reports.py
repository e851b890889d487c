"""The progress report pages: the reports of a framework, one report (its page and its PDF),
its text, and its submission to (or withdrawal from) endorsement."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterdev.web.governance import services as governance
from clusterdev.web.governance.models import Meeting
from clusterdev.web.lib.files import stored_file_response
from clusterdev.web.lib.history import audit_trail
from clusterdev.web.monitoring import report as reports
from clusterdev.web.monitoring.access import get_report_for_user
from clusterdev.web.monitoring.forms_reports import ReportForm, ReportStartForm
from clusterdev.web.monitoring.models import ProgressReport, ReportingPeriod
from clusterdev.web.monitoring.services import Scope, scope_parts
from clusterdev.web.plans.services import error_fields
from clusterdev.web.programmes.access import (
    Action,
    Rights,
    get_cluster_for_user,
    get_programme_for_user,
    require,
)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every view is behind login_required
    return request.user


def _report_url(report: ProgressReport) -> str:
    return reverse("monitoring-report", args=[report.pk])


def _add_errors(form: Any, error: ValidationError) -> None:
    for name, errors in error_fields(error).items():
        form.add_error(name if name in form.fields else None, errors)


def _scope_context(scope: Scope, rights: Rights) -> dict[str, Any]:
    programme, cluster = scope_parts(scope)
    return {"scope": scope, "programme": programme, "cluster": cluster, "rights": rights}


# --- The reports of a framework ----------------------------------------------------------------


def _reports_page(request: HttpRequest, scope: Scope, rights: Rights) -> HttpResponse:
    programme, _cluster = scope_parts(scope)
    form = None
    status = 200
    if request.method == "POST":
        require(rights, Action.EDIT)
        form = ReportStartForm(request.POST, programme=programme)
        if form.is_valid():
            try:
                report = reports.create_report(
                    scope, form.cleaned_data["period"], by=_user(request)
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("%(report)s started.") % {"report": str(report)})
                return redirect(_report_url(report))
        status = 400
    elif rights.can_edit:
        form = ReportStartForm(programme=programme)
    listed = list(reports.reports_of(scope))
    for item in listed:
        item.status = item.governance_state()  # shown as governance has it; not saved
    has_periods = ReportingPeriod.objects.filter(programme=programme).exists()
    context = _scope_context(scope, rights) | {
        "reports": listed,
        "form": form if has_periods else None,
        "no_periods": rights.can_edit and not has_periods,
    }
    return render(request, "monitoring/reports/list.html", context, status=status)


@login_required
def programme_reports(request: HttpRequest, slug: str) -> HttpResponse:
    programme, rights = get_programme_for_user(request.user, slug)
    return _reports_page(request, programme, rights)


@login_required
def cluster_reports(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, rights = get_cluster_for_user(request.user, slug)
    return _reports_page(request, cluster, rights)


# --- One report ----------------------------------------------------------------------------------


def _body_meetings(report: ProgressReport) -> tuple[Any, list[Meeting]]:
    """The body that endorses the report and its latest held meetings."""
    body = reports.body_of(report)
    if body is None:
        return None, []
    held = Meeting.objects.filter(body=body, status=Meeting.Status.HELD).order_by("-date")
    return body, list(held[:5])


@login_required
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    report, rights = get_report_for_user(request.user, pk)
    report.status = report.governance_state()  # shown as governance has it; not saved
    body, meetings = _body_meetings(report)
    context = reports.report_context(report, personal=rights.can_view_personal)
    context |= {
        "rights": rights,
        "lock_reason": report.lock_reason(),
        "endorsement": governance.endorsement_of(report),
        "submitted": governance.versions_of(report).first(),
        "body": body,
        "meetings": meetings,
        "trail": audit_trail(report) if rights.can_view_history else None,
    }
    return render(request, "monitoring/reports/report.html", context)


def _edit_page(
    request: HttpRequest, report: ProgressReport, rights: Rights, form: ReportForm, status: int
) -> HttpResponse:
    context = _scope_context(report.scope, rights) | {"report": report, "form": form}
    return render(request, "monitoring/reports/edit.html", context, status=status)


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report, rights = get_report_for_user(request.user, pk, Action.EDIT)
    reason = report.lock_reason()
    if reason is not None:
        messages.error(request, reason)
        return redirect(_report_url(report))
    if request.method != "POST":
        form = ReportForm(initial=ReportForm.initial_from(report))
        return _edit_page(request, report, rights, form, 200)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            reports.save_report(report, form.texts())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("%(report)s saved.") % {"report": str(report)})
            return redirect(_report_url(report))
    return _edit_page(request, report, rights, form, 400)


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The report as PDF: once endorsed, the very file that was endorsed; before, rendered now
    (with names of people only for those who may see them)."""
    report, rights = get_report_for_user(request.user, pk)
    filename = reports.file_name(report)
    endorsed = reports.endorsed_version(report)
    if endorsed is not None:
        return stored_file_response(endorsed.file, filename=filename)
    pdf = reports.report_pdf(report, personal=rights.can_view_personal)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report, _rights = get_report_for_user(request.user, pk, Action.EDIT)
    try:
        version = reports.submit_report(report, by=_user(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        body = reports.body_of(report)
        messages.success(
            request,
            _(
                "Submitted to %(body)s as %(version)s. It can no longer change; a member of "
                "%(body)s records the endorsement at a held meeting."
            )
            % {"body": body.name if body else "—", "version": str(version)},
        )
    return redirect(_report_url(report))


@login_required
@require_POST
def report_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    report, _rights = get_report_for_user(request.user, pk, Action.EDIT)
    try:
        reports.withdraw_report(report)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Withdrawn from endorsement; it can be changed again."))
    return redirect(_report_url(report))
