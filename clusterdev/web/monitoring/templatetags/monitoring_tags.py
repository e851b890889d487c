"""The M&E panels of the cluster and programme pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from clusterdev.web.monitoring import services, summary
from clusterdev.web.programmes.models import Cluster, Programme

register = template.Library()


def _panel(scope: Programme | Cluster) -> dict[str, Any]:
    items = summary.summaries(scope, as_of=timezone.localdate())
    return {
        "indicators": len(items),
        "results": services.nodes_of(scope).count(),
        "counts": [c for c in summary.status_counts(items) if c[2]],
        "awaiting": len(summary.awaiting_approval(scope)),
    }


@register.inclusion_tag("monitoring/_cluster_panel_body.html", takes_context=True)
def monitoring_cluster_panel(context: template.Context) -> dict[str, Any]:
    cluster: Cluster = context["cluster"]
    return {"cluster": cluster, "rights": context["rights"], **_panel(cluster)}


@register.inclusion_tag("monitoring/_programme_panel_body.html", takes_context=True)
def monitoring_programme_panel(context: template.Context) -> dict[str, Any]:
    programme: Programme = context["programme"]
    return {"programme": programme, "rights": context.get("rights"), **_panel(programme)}
