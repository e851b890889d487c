"""Entering a period's value and taking it through approval: draft → submitted → approved →
locked, returned with a comment, reopened with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterdev.web.lib.files import stored_file_response
from clusterdev.web.monitoring import services
from clusterdev.web.monitoring.access import get_actual_for_user, get_indicator_for_user
from clusterdev.web.monitoring.forms import ActualForm, CommentForm
from clusterdev.web.monitoring.models import (
    Actual,
    ActualState,
    ReportingPeriod,
    category_label,
    dimension_label,
)
from clusterdev.web.monitoring.views_framework import (
    add_errors,
    record_scope,
    scope_context,
    user_of,
)
from clusterdev.web.programmes.access import Action


@login_required
def enter(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    indicator, rights = get_indicator_for_user(request.user, pk, Action.EDIT)
    period = ReportingPeriod.objects.filter(pk=period_pk, programme=indicator.programme).first()
    if period is None:
        raise Http404
    actual = Actual.objects.filter(indicator=indicator, period=period).first()
    if actual is not None and not actual.editable:
        messages.error(
            request,
            _("%(code)s, %(period)s is %(state)s: reopen it to change it.")
            % {
                "code": indicator.code,
                "period": period.name,
                "state": actual.get_state_display().lower(),
            },
        )
        return redirect("monitoring-actual", actual.pk)
    form = ActualForm(
        request.POST or None,
        request.FILES or None,
        indicator=indicator,
        initial=ActualForm.initial_for(actual),
    )
    if request.method == "POST" and form.is_valid():
        user = user_of(request)
        try:
            # Saved and submitted together: a value that cannot be submitted is not saved.
            with transaction.atomic():
                saved = services.save_actual(
                    indicator,
                    period,
                    form.amount(),
                    by=user,
                    evidence=form.cleaned_data.get("evidence") or "",
                    comment=form.cleaned_data.get("comment") or "",
                    evidence_file=form.cleaned_data.get("evidence_file"),
                )
                if "submit" in request.POST:
                    services.submit(saved, by=user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if "submit" in request.POST:
                messages.success(request, _("Value saved and submitted for approval."))
            else:
                messages.success(request, _("Value saved as a draft."))
            return redirect("monitoring-actual", saved.pk)
    context = scope_context(record_scope(indicator), rights) | {
        "indicator": indicator,
        "period": period,
        "actual": actual,
        "form": form,
    }
    return render(request, "monitoring/actual_edit.html", context)


@login_required
@require_POST
def fill(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    """Compute a period's value from the records and save it as a draft, with its source."""
    indicator, _rights = get_indicator_for_user(request.user, pk, Action.EDIT)
    period = ReportingPeriod.objects.filter(pk=period_pk, programme=indicator.programme).first()
    if period is None:
        raise Http404
    from clusterdev.web.monitoring import computed

    try:
        actual = computed.fill_actual(indicator, period, by=user_of(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("monitoring-indicator", indicator.pk)
    messages.success(
        request,
        _("%(code)s, %(period)s computed from the records and saved as a draft.")
        % {"code": indicator.code, "period": period.name},
    )
    return redirect("monitoring-actual", actual.pk)


@login_required
def actual(request: HttpRequest, pk: int) -> HttpResponse:
    item, rights = get_actual_for_user(request.user, pk)
    user = request.user
    own = item.submitted_by_id is not None and item.submitted_by_id == user.pk
    context = scope_context(record_scope(item.indicator), rights) | {
        "indicator": item.indicator,
        "period": item.period,
        "actual": item,
        "events": item.events.select_related("by"),
        "may_submit": rights.can_edit and item.editable and not item.is_empty,
        "may_edit": rights.can_edit and item.editable,
        "may_decide": rights.can_approve and item.state == ActualState.SUBMITTED,
        "own_submission": own,
        "may_lock": rights.can_approve and item.state == ActualState.APPROVED,
        "may_reopen": rights.can_approve and not item.editable and item.state != "submitted",
        "comment_form": CommentForm(),
        "names": rights.can_view_personal,
        "parts": _parts(item),
    }
    return render(request, "monitoring/actual.html", context)


def _parts(item: Actual) -> list[tuple[str, list[tuple[str, str]]]]:
    rows = []
    for dimension, parts in item.parts().items():
        shown = []
        for category, part in parts.items():
            text = f"{part[0]:g}/{part[1]:g}" if isinstance(part, list) else f"{part:g}"
            shown.append((category_label(dimension, category), text))
        rows.append((dimension_label(dimension), shown))
    return rows


STEPS = {
    "submit": Action.EDIT,
    "approve": Action.APPROVE,
    "return": Action.APPROVE,
    "lock": Action.APPROVE,
    "reopen": Action.APPROVE,
}


@login_required
@require_POST
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    if name not in STEPS:
        raise Http404
    item, _rights = get_actual_for_user(request.user, pk, STEPS[name])
    user = user_of(request)
    comment = request.POST.get("comment", "")
    try:
        if name == "submit":
            services.submit(item, by=user)
            done = _("Submitted for approval.")
        elif name == "approve":
            services.approve(item, by=user)
            done = _("Approved.")
        elif name == "return":
            services.return_actual(item, by=user, comment=comment)
            done = _("Returned with your comment.")
        elif name == "lock":
            services.lock(item, by=user)
            done = _("Locked: it now changes only through a reopening.")
        else:
            services.reopen(item, by=user, reason=comment)
            done = _("Reopened: the value is a draft again and needs approval.")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("monitoring-actual", item.pk)


@login_required
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    item, _rights = get_actual_for_user(request.user, pk)
    if not item.evidence_file:
        raise Http404
    return stored_file_response(item.evidence_file)
