"""Who may see and change the M&E framework and its actuals.

Rights follow :mod:`clusterdev.web.programmes.access` on the framework's scope: a cluster's
framework on the cluster, the programme's framework on the programme. No role → 404, a role
without the action → 403.

- ``VIEW``: read the framework, dashboards and reports (donors and the Commission included).
- ``EDIT`` (the coordinator; the cluster's CDA on a cluster's framework): build the result chain
  and indicators, set targets, enter and submit actuals, write progress reports.
- ``APPROVE`` (the coordinator, Steering Committee members): approve or return submitted
  actuals, lock them and reopen locked ones. Nobody approves an actual they submitted
  (:func:`clusterdev.web.monitoring.services.approve` refuses it whatever the rights).
"""

from __future__ import annotations

from django.http import Http404

from clusterdev.web.monitoring.models import (
    Actual,
    Indicator,
    ProgressReport,
    ReportingPeriod,
    ResultNode,
    Scoped,
)
from clusterdev.web.programmes.access import (
    Action,
    Rights,
    User,
    cluster_rights,
    programme_rights,
    require,
)
from clusterdev.web.programmes.models import Cluster, Programme

Scope = Programme | Cluster


def scope_rights(user: User, scope: Scope) -> Rights:
    if isinstance(scope, Cluster):
        return cluster_rights(user, scope)
    return programme_rights(user, scope)


def record_rights(user: User, record: Scoped) -> Rights:
    return scope_rights(user, record.scope)


def get_node_for_user(
    user: User, pk: int, action: Action = Action.VIEW
) -> tuple[ResultNode, Rights]:
    node = (
        ResultNode.objects.select_related("programme", "cluster__programme").filter(pk=pk).first()
    )
    if node is None:
        raise Http404
    return node, require(record_rights(user, node), action)


def get_indicator_for_user(
    user: User, pk: int, action: Action = Action.VIEW
) -> tuple[Indicator, Rights]:
    indicator = (
        Indicator.objects.select_related("programme", "cluster__programme", "node", "responsible")
        .filter(pk=pk)
        .first()
    )
    if indicator is None:
        raise Http404
    return indicator, require(record_rights(user, indicator), action)


def get_actual_for_user(user: User, pk: int, action: Action = Action.VIEW) -> tuple[Actual, Rights]:
    actual = (
        Actual.objects.select_related(
            "indicator__programme", "indicator__cluster__programme", "period"
        )
        .filter(pk=pk)
        .first()
    )
    if actual is None:
        raise Http404
    return actual, require(record_rights(user, actual.indicator), action)


def get_report_for_user(
    user: User, pk: int, action: Action = Action.VIEW
) -> tuple[ProgressReport, Rights]:
    report = (
        ProgressReport.objects.select_related("programme", "cluster__programme", "period")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    return report, require(record_rights(user, report), action)


def get_period_for_user(
    user: User, pk: int, action: Action = Action.VIEW
) -> tuple[ReportingPeriod, Rights]:
    period = ReportingPeriod.objects.select_related("programme").filter(pk=pk).first()
    if period is None:
        raise Http404
    return period, require(programme_rights(user, period.programme), action)
