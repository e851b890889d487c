"""The plans panels of the cluster and programme pages, and small formatting filters."""

from __future__ import annotations

from typing import Any

from django import template

from clusterdev.web.governance.access import visible_clusters
from clusterdev.web.plans import services
from clusterdev.web.plans.models import Vision
from clusterdev.web.programmes.access import Rights
from clusterdev.web.programmes.models import Cluster, Programme

register = template.Library()


@register.filter
def percent(share: object) -> str:
    """A share from 0 to 1 as a whole percentage ("—" when unknown)."""
    if not isinstance(share, int | float):
        return "—"
    return f"{share * 100:.0f}%"


@register.filter
def item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.inclusion_tag("plans/_cluster_panel_body.html", takes_context=True)
def plans_cluster_panel(context: template.Context) -> dict[str, Any]:
    cluster: Cluster = context["cluster"]
    rights: Rights = context["rights"]
    plan = getattr(cluster, "action_plan", None)
    vision = Vision.objects.filter(cluster=cluster).order_by("-number").first()
    if vision is not None:
        vision.sync_status()
    return {
        "cluster": cluster,
        "rights": rights,
        "vision": vision,
        "current": services.in_force(plan),
        "dashboard": services.dashboard(cluster),
    }


@register.inclusion_tag("plans/_programme_panel_body.html", takes_context=True)
def plans_programme_panel(context: template.Context) -> dict[str, Any]:
    programme: Programme = context["programme"]
    clusters = list(visible_clusters(context["request"].user, programme))
    return {"programme": programme, "dashboard": services.dashboard(programme, clusters)}
