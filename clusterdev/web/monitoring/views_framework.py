"""The M&E framework pages: the result chain and its indicators, the starter library, the
indicator page with its targets, and the programme's reporting periods."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, ProtectedError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from clusterdev.web.monitoring import services
from clusterdev.web.monitoring.access import (
    get_indicator_for_user,
    get_node_for_user,
    get_period_for_user,
)
from clusterdev.web.monitoring.forms import (
    IndicatorForm,
    NodeForm,
    PeriodForm,
    PeriodsForm,
    TargetForm,
)
from clusterdev.web.monitoring.models import (
    CATEGORIES,
    Actual,
    ActualState,
    Dimension,
    Indicator,
    Level,
    ReportingPeriod,
    ResultNode,
    Target,
)
from clusterdev.web.plans.services import error_fields
from clusterdev.web.programmes.access import (
    Action,
    Rights,
    get_cluster_for_user,
    get_programme_for_user,
)
from clusterdev.web.programmes.models import Cluster, Programme

Scope = Programme | Cluster


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every view is behind login_required
    return request.user


def add_errors(form: Any, error: ValidationError) -> None:
    """Put a service ``ValidationError`` on ``form``, by field where the form has it."""
    for name, errors in error_fields(error).items():
        form.add_error(name if name in form.fields else None, errors)


def scope_for(
    request: HttpRequest, kind: str, slug: str, action: Action = Action.VIEW
) -> tuple[Scope, Rights]:
    if kind not in ("p", "c"):
        raise Http404
    if kind == "p":
        return get_programme_for_user(request.user, slug, action)
    return get_cluster_for_user(request.user, slug, action)


def scope_url(scope: Scope) -> str:
    if isinstance(scope, Cluster):
        return reverse("monitoring-cluster", args=[scope.slug])
    return reverse("monitoring-programme", args=[scope.slug])


def scope_context(scope: Scope, rights: Rights) -> dict[str, Any]:
    programme, cluster = services.scope_parts(scope)
    return {
        "scope": scope,
        "programme": programme,
        "cluster": cluster,
        "kind": "c" if cluster is not None else "p",
        "rights": rights,
        "framework_url": scope_url(scope),
    }


def record_scope(record: ResultNode | Indicator) -> Scope:
    return record.cluster if record.cluster is not None else record.programme


# --- The framework -----------------------------------------------------------------------------


def _tree(nodes: list[ResultNode], indicators: list[Indicator]) -> list[dict[str, Any]]:
    """The result chain as nested dicts from the top down, each node with its indicators."""
    by_node: dict[int | None, list[Indicator]] = {}
    for indicator in indicators:
        by_node.setdefault(indicator.node_id, []).append(indicator)
    children: dict[int | None, list[ResultNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)

    def branch(node: ResultNode) -> dict[str, Any]:
        return {
            "node": node,
            "indicators": by_node.get(node.pk, []),
            "children": [branch(child) for child in children.get(node.pk, [])],
        }

    return [branch(node) for node in children.get(None, [])]


def _action_titles(cluster: Cluster | None) -> dict[str, str]:
    if cluster is None:
        return {}
    from clusterdev.web.plans import services as plans

    revision = plans.in_force(getattr(cluster, "action_plan", None))
    if revision is None:
        return {}
    return {a.key: a.title for a in revision.actions.all()}


@login_required
def framework(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    scope, rights = scope_for(request, kind, slug)
    programme, cluster = services.scope_parts(scope)
    nodes = list(services.nodes_of(scope))
    indicators = list(services.indicators_of(scope))
    titles = _action_titles(cluster)
    for node in nodes:
        node.actions = [titles.get(k, k) for k in node.action_keys or []]  # type: ignore[attr-defined]
    context = scope_context(scope, rights) | {
        "tree": _tree(nodes, indicators),
        "unlinked": [i for i in indicators if i.node_id is None],
        "indicators": indicators,
        "periods": list(services.periods_of(programme)),
        "node_form": NodeForm(scope=scope) if rights.can_edit else None,
        "indicator_form": IndicatorForm(scope=scope) if rights.can_edit else None,
        "clusters": (
            Cluster.objects.visible_to(request.user).filter(programme=programme)
            if cluster is None
            else []
        ),
        "levels": Level.choices,
    }
    return render(request, "monitoring/framework.html", context)


@login_required
@require_POST
def starter(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    scope, _rights = scope_for(request, kind, slug, Action.EDIT)
    from clusterdev.web.monitoring.starter import add_starter_library

    try:
        result = add_starter_library(scope, by=user_of(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        text = _(
            "Starter library: indicators added: %(indicators)d; results added: %(results)d; "
            "already in the framework: %(skipped)d."
        ) % {
            "indicators": len(result.created),
            "results": len(result.nodes),
            "skipped": len(result.skipped),
        }
        if result.baselines:
            text += " " + _("Baseline filled in from the records for %(codes)s.") % {
                "codes": ", ".join(result.baselines)
            }
        messages.success(request, text)
    return redirect(scope_url(scope))


# --- Results -----------------------------------------------------------------------------------


@login_required
def node_add(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    scope, rights = scope_for(request, kind, slug, Action.EDIT)
    initial = {}
    parent = request.GET.get("parent")
    if parent and parent.isdecimal():
        initial["parent"] = int(parent)
    form = NodeForm(request.POST or None, scope=scope, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Result added to the chain."))
        return redirect(scope_url(scope))
    context = scope_context(scope, rights) | {"form": form, "node": None}
    return render(request, "monitoring/node_edit.html", context)


@login_required
def node_edit(request: HttpRequest, pk: int) -> HttpResponse:
    node, rights = get_node_for_user(request.user, pk, Action.EDIT)
    scope = record_scope(node)
    form = NodeForm(request.POST or None, instance=node, scope=scope)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Result saved."))
        return redirect(scope_url(scope))
    context = scope_context(scope, rights) | {"form": form, "node": node}
    return render(request, "monitoring/node_edit.html", context)


@login_required
@require_POST
def node_delete(request: HttpRequest, pk: int) -> HttpResponse:
    node, _rights = get_node_for_user(request.user, pk, Action.EDIT)
    scope = record_scope(node)
    try:
        with transaction.atomic():
            node.delete()
    except ProtectedError:
        messages.error(
            request,
            _("“%(result)s” still has results or indicators under it: move or delete them first.")
            % {"result": node.title},
        )
    else:
        messages.success(request, _("Result deleted."))
    return redirect(scope_url(scope))


# --- Indicators --------------------------------------------------------------------------------


@login_required
def indicator_add(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    scope, rights = scope_for(request, kind, slug, Action.EDIT)
    initial = {}
    node_id = request.GET.get("node")
    if node_id and node_id.isdecimal():
        node = services.nodes_of(scope).filter(pk=int(node_id)).first()
        if node is not None:
            initial = {"node": node.pk, "level": node.level}
    form = IndicatorForm(request.POST or None, scope=scope, initial=initial)
    if request.method == "POST" and form.is_valid():
        indicator = form.save()
        messages.success(request, _("Indicator %(code)s added.") % {"code": indicator.code})
        return redirect("monitoring-indicator", indicator.pk)
    context = scope_context(scope, rights) | {"form": form, "indicator": None}
    return render(request, "monitoring/indicator_edit.html", context)


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator, rights = get_indicator_for_user(request.user, pk, Action.EDIT)
    scope = record_scope(indicator)
    form = IndicatorForm(request.POST or None, instance=indicator, scope=scope)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Indicator %(code)s saved.") % {"code": indicator.code})
        return redirect("monitoring-indicator", indicator.pk)
    context = scope_context(scope, rights) | {"form": form, "indicator": indicator}
    return render(request, "monitoring/indicator_edit.html", context)


@login_required
@require_POST
def indicator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    indicator, _rights = get_indicator_for_user(request.user, pk, Action.EDIT)
    scope = record_scope(indicator)
    if indicator.actuals.exists():
        messages.error(
            request,
            _("%(code)s has values reported: it cannot be deleted.") % {"code": indicator.code},
        )
        return redirect("monitoring-indicator", indicator.pk)
    with transaction.atomic():
        indicator.targets.all().delete()
        indicator.delete()
    messages.success(request, _("Indicator %(code)s deleted.") % {"code": indicator.code})
    return redirect(scope_url(scope))


@login_required
def indicator(request: HttpRequest, pk: int) -> HttpResponse:
    item, rights = get_indicator_for_user(request.user, pk)
    scope = record_scope(item)
    target_form = None
    if rights.can_edit:
        target_form = TargetForm(request.POST if request.method == "POST" else None, indicator=item)
        if request.method == "POST" and target_form.is_valid():
            try:
                services.set_target(
                    item,
                    target_form.cleaned_data["period"],
                    target_form.amount(),
                    note=target_form.cleaned_data.get("note") or "",
                )
            except ValidationError as error:
                add_errors(target_form, error)
            else:
                messages.success(request, _("Target saved."))
                return redirect("monitoring-indicator", item.pk)
    elif request.method == "POST":
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    from clusterdev.web.monitoring.summary import summarise

    periods = list(services.periods_of(item.programme))
    summary = summarise(item, periods, as_of=_today())
    computed_now = None
    if item.computation:
        from clusterdev.web.monitoring import computed

        computed_now = {}
        for row in summary.rows:
            if row.actual is not None and not row.actual.editable:
                continue
            found = computed.compute_for_period(item, row.period)
            if found is not None:
                computed_now[row.period.pk] = (_computed_text(found.data), found.source)
    context = scope_context(scope, rights) | {
        "indicator": item,
        "summary": summary,
        "target_form": target_form,
        "computed_now": computed_now,
        "dimensions": [
            (d, str(Dimension(d).label), CATEGORIES[d]) for d in item.disaggregations or []
        ],
    }
    return render(request, "monitoring/indicator.html", context)


def _computed_text(data: services.AmountInput) -> str:
    from clusterdev.indicators import Ratio
    from clusterdev.web.monitoring.summary import amount_text

    if data.numerator is not None and data.denominator is not None:
        return amount_text(Ratio(data.numerator, data.denominator))
    if data.value is not None:
        return amount_text(data.value)
    return data.text


def _today() -> Any:
    from django.utils import timezone

    return timezone.localdate()


@login_required
@require_POST
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    target = Target.objects.select_related("indicator").filter(pk=pk).first()
    if target is None:
        raise Http404
    get_indicator_for_user(request.user, target.indicator_id, Action.EDIT)
    target.delete()
    messages.success(request, _("Target deleted."))
    return redirect("monitoring-indicator", target.indicator_id)


# --- Reporting periods -------------------------------------------------------------------------


@login_required
def periods(request: HttpRequest, slug: str) -> HttpResponse:
    programme, rights = get_programme_for_user(request.user, slug)
    form = PeriodForm(request.POST or None, instance=ReportingPeriod(programme=programme))
    generate = PeriodsForm()
    if request.method == "POST":
        if not rights.can_edit:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if form.is_valid():
            services.save_period(form.instance)
            messages.success(request, _("Period %(name)s added.") % {"name": form.instance.name})
            return redirect("monitoring-periods", programme.slug)
    approved = dict(
        Actual.objects.filter(indicator__programme=programme, state=ActualState.APPROVED)
        .values_list("period")
        .annotate(n=Count("id"))
    )
    rows = [(p, approved.get(p.pk, 0)) for p in services.periods_of(programme)]
    context = scope_context(programme, rights) | {
        "periods": [p for p, _n in rows],
        "rows": rows,
        "form": form if rights.can_edit else None,
        "generate": generate if rights.can_edit else None,
    }
    return render(request, "monitoring/periods.html", context)


@login_required
@require_POST
def periods_generate(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _rights = get_programme_for_user(request.user, slug, Action.EDIT)
    form = PeriodsForm(request.POST)
    if form.is_valid():
        try:
            created = services.create_periods(programme, form.cleaned_data["frequency"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if created:
                messages.success(
                    request,
                    ngettext(
                        "%(n)d period added: %(names)s.",
                        "%(n)d periods added: %(names)s.",
                        len(created),
                    )
                    % {"n": len(created), "names": ", ".join(p.name for p in created)},
                )
            else:
                messages.info(request, _("No period added: the programme's dates are covered."))
    return redirect("monitoring-periods", programme.slug)


@login_required
@require_POST
def period_lock(request: HttpRequest, pk: int) -> HttpResponse:
    """Lock every approved value of the period, in every framework of the programme."""
    period, _rights = get_period_for_user(request.user, pk, Action.APPROVE)
    actuals = Actual.objects.filter(period=period, state=ActualState.APPROVED).select_related(
        "indicator", "period"
    )
    count = services.lock_period(list(actuals), by=user_of(request))
    messages.success(
        request,
        ngettext(
            "%(n)d approved value of %(period)s locked.",
            "%(n)d approved values of %(period)s locked.",
            count,
        )
        % {"n": count, "period": period.name},
    )
    return redirect("monitoring-periods", period.programme.slug)


@login_required
@require_POST
def period_delete(request: HttpRequest, pk: int) -> HttpResponse:
    period, _rights = get_period_for_user(request.user, pk, Action.EDIT)
    try:
        with transaction.atomic():
            period.delete()
    except ProtectedError:
        messages.error(
            request,
            _("%(name)s has targets, values or reports: it cannot be deleted.")
            % {"name": period.name},
        )
    else:
        messages.success(request, _("Period %(name)s deleted.") % {"name": period.name})
    return redirect("monitoring-periods", period.programme.slug)
