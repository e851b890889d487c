from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clusterdev.web.programmes.models import Cluster, Programme


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.visible_to(request.user).select_related("country")
    clusters = (
        Cluster.objects.visible_to(request.user)
        .select_related("programme")
        .annotate(actor_count=Count("memberships", distinct=True))
    )
    by_programme: dict[int, list[Cluster]] = {}
    for cluster in clusters:
        by_programme.setdefault(cluster.programme_id, []).append(cluster)
    rows = [(p, by_programme.get(p.pk, [])) for p in programmes]
    return render(request, "front/portfolio.html", {"rows": rows})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
