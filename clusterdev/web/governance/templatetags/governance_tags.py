"""Filters that show people only to readers allowed to see them, and the governance panels of
the cluster and programme pages (and the coordinator's oversight)."""

from __future__ import annotations

from typing import Any

from django import template

from clusterdev.web.governance import services
from clusterdev.web.governance.access import visible_clusters
from clusterdev.web.governance.models import Body, Meeting, Resolution, today
from clusterdev.web.programmes.access import Rights
from clusterdev.web.programmes.models import Cluster, Programme

register = template.Library()


@register.filter
def shown(record: Any, personal: bool) -> str:
    """A member or attendee as ``personal`` readers see them (name and organisation) or as
    others do (the organisation only)."""
    return str(record.label(personal=bool(personal)))


@register.filter
def owner_shown(resolution: Resolution, personal: bool) -> str:
    return resolution.owner_label(personal=bool(personal))


@register.inclusion_tag("governance/_cluster_panel_body.html", takes_context=True)
def governance_cluster_panel(context: template.Context) -> dict[str, Any]:
    cluster: Cluster = context["cluster"]
    rights: Rights = context["rights"]
    return {"cluster": cluster, "rights": rights, "overview": services.cluster_governance(cluster)}


@register.inclusion_tag("governance/_programme_panel_body.html", takes_context=True)
def governance_programme_panel(context: template.Context) -> dict[str, Any]:
    programme: Programme = context["programme"]
    user = context["request"].user
    clusters = visible_clusters(user, programme)
    bodies = Body.objects.filter(programme=programme).filter(
        cluster__isnull=True
    ) | Body.objects.filter(cluster__in=clusters)
    overdue = Resolution.objects.filter(
        meeting__body__in=bodies, status=Resolution.Status.OPEN, due__lt=today()
    ).count()
    return {
        "programme": programme,
        "steering": Body.objects.filter(
            programme=programme, kind=Body.Kind.STEERING_COMMITTEE
        ).first(),
        "bodies": bodies.count(),
        "held": Meeting.objects.filter(body__in=bodies, status=Meeting.Status.HELD).count(),
        "overdue": overdue,
        "pending": services.pending_versions(programme),
    }


@register.inclusion_tag("governance/_oversight.html", takes_context=True)
def governance_oversight(context: template.Context, programme: Programme) -> dict[str, Any]:
    """A row per cluster the user sees: Commission, meetings, resolutions, endorsements (for the
    coordinator's oversight page: ``{% load governance_tags %}{% governance_oversight programme %}``)."""
    user = context["request"].user
    return {
        "rows": [services.cluster_governance(c) for c in visible_clusters(user, programme)],
    }
