"""The network panel of the cluster page."""

from __future__ import annotations

from typing import Any

from django import template

from clusterdev.web.networkmaps import services
from clusterdev.web.programmes.models import Cluster

register = template.Library()


@register.inclusion_tag("networkmaps/_cluster_panel_body.html", takes_context=True)
def networkmaps_cluster_panel(context: template.Context) -> dict[str, Any]:
    cluster: Cluster = context["cluster"]
    wave = services.latest_wave_with_ties(cluster)
    figures = services.headline(services.cluster_network(cluster, wave)) if wave else None
    return {"cluster": cluster, "rights": context.get("rights"), "figures": figures}
