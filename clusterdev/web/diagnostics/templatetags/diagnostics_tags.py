"""The diagnostic panels of the cluster and programme pages."""

from __future__ import annotations

from typing import Any

from django import template

from clusterdev.web.diagnostics import services
from clusterdev.web.diagnostics.models import Diagnostic, Finding, Submission
from clusterdev.web.programmes.access import Action, cluster_rights
from clusterdev.web.programmes.models import Cluster, Programme

register = template.Library()


def _status(cluster: Cluster) -> dict[str, Any]:
    diagnostic = Diagnostic.objects.filter(cluster=cluster).first()
    versions = services.submitted_versions(diagnostic) if diagnostic else []
    wave = services.latest_wave(cluster)
    return {
        "cluster": cluster,
        "wave": wave,
        "submissions": Submission.objects.filter(cluster=cluster).consented().count(),
        "findings": Finding.objects.filter(cluster=cluster).count(),
        "endorsement": services.endorsement(diagnostic) if diagnostic else None,
        "submitted": versions[0] if versions else None,
    }


@register.inclusion_tag("diagnostics/_cluster_panel_body.html", takes_context=True)
def diagnostics_cluster_panel(context: template.Context) -> dict[str, Any]:
    cluster: Cluster = context["cluster"]
    return {**_status(cluster), "rights": context["rights"]}


@register.inclusion_tag("diagnostics/_programme_panel_body.html", takes_context=True)
def diagnostics_programme_panel(context: template.Context) -> dict[str, Any]:
    programme: Programme = context["programme"]
    user = context["request"].user
    clusters = [
        c for c in programme.clusters.order_by("name") if Action.VIEW in cluster_rights(user, c)
    ]
    return {"programme": programme, "rows": [_status(c) for c in clusters]}
