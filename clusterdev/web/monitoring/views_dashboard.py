"""The results dashboards of a cluster and of a programme (see :mod:`.dashboard`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from clusterdev.web.monitoring import dashboard
from clusterdev.web.programmes.access import get_cluster_for_user, get_programme_for_user
from clusterdev.web.programmes.models import Cluster


def _as_of(request: HttpRequest) -> dict[str, Any]:
    """The date asked for (``?as_of=YYYY-MM-DD``), or today with a message when it is not one;
    ``as_of_given`` when a valid date was asked for (links to other dashboards keep it)."""
    raw = request.GET.get("as_of", "")
    as_of, problem = dashboard.parse_as_of(raw, today=timezone.localdate())
    if problem:
        messages.error(request, problem)
    return {"as_of": as_of, "as_of_given": bool(raw.strip()) and problem is None}


@login_required
def cluster_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, rights = get_cluster_for_user(request.user, slug)
    reading = _as_of(request)
    context = dashboard.scope_context(cluster, rights=rights, as_of=reading["as_of"])
    context |= reading | {"cluster": cluster, "programme": cluster.programme, "rights": rights}
    return render(request, "monitoring/dashboard/cluster.html", context)


@login_required
def programme_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    programme, rights = get_programme_for_user(request.user, slug)
    reading = _as_of(request)
    context = dashboard.scope_context(programme, rights=rights, as_of=reading["as_of"])
    clusters = Cluster.objects.visible_to(request.user).filter(programme=programme)
    context |= reading | {
        "programme": programme,
        "rights": rights,
        "clusters": dashboard.cluster_rows(
            clusters, as_of=reading["as_of"], approver=rights.can_approve
        ),
    }
    return render(request, "monitoring/dashboard/programme.html", context)
