"""The CDA sections of the cluster and programme pages, which need data of their own."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from clusterdev.web.cdas import services
from clusterdev.web.cdas.models import Activity
from clusterdev.web.programmes.models import Cluster, Phase

register = template.Library()

RECENT = 5


@register.inclusion_tag("cdas/_cluster_panel_content.html", takes_context=True)
def cda_cluster_panel(context: template.Context) -> dict[str, Any]:
    cluster: Cluster = context["cluster"]
    rights = context["rights"]
    cdas = services.cluster_cdas(cluster)
    overdue = sum(
        len(services.overdue_periods(c.appointment)) for c in cdas if c.appointment is not None
    )
    return {
        "cluster": cluster,
        "rights": rights,
        "cdas": cdas,
        "overdue": overdue if rights.can_edit else 0,
        "recent": Activity.objects.filter(cluster=cluster).prefetch_related("participants")[
            :RECENT
        ],
        "is_candidate": cluster.phase == Phase.CANDIDATE,
        "can_have_cda": services.can_have_cda(cluster),
    }


@register.inclusion_tag("cdas/_programme_panel_content.html", takes_context=True)
def cda_programme_panel(context: template.Context) -> dict[str, Any]:
    programme = context["programme"]
    request = context["request"]
    today = services.today()
    year_ago = today - timedelta(days=365)
    clusters = Cluster.objects.visible_to(request.user).filter(programme=programme)
    activities = services.activities_between(programme=programme, start=year_ago, end=today)
    activities = activities.filter(cluster__in=clusters)
    return {
        "programme": programme,
        "rights": context["rights"],
        "summary": services.summarise(activities),
    }


@register.filter
def state_label(state: str) -> str:
    """A reporting period's state in words."""
    labels = {
        services.PeriodState.SUBMITTED: pgettext("report", "submitted"),
        services.PeriodState.DRAFT: pgettext("report", "draft"),
        services.PeriodState.OVERDUE: _("overdue"),
        services.PeriodState.DUE: _("due"),
        services.PeriodState.RUNNING: _("in progress"),
    }
    return labels.get(state, state)
