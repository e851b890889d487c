from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterdev.web.actors.access import register_for_user
from clusterdev.web.actors.models import Actor, SizeClass
from clusterdev.web.lib.history import audit_trail
from clusterdev.web.programmes.access import (
    Action,
    get_cluster_for_user,
    get_programme_for_user,
)
from clusterdev.web.programmes.forms import PhaseForm
from clusterdev.web.programmes.models import Cluster, Role


def register_summary(actors: QuerySet[Actor]) -> dict[str, int]:
    return actors.aggregate(
        enterprises=Count("id", filter=Q(kind=Actor.Kind.ENTERPRISE)),
        institutions=Count("id", filter=Q(kind=Actor.Kind.INSTITUTION)),
        women=Sum("employees_female", default=0),
        men=Sum("employees_male", default=0),
        informal=Count("id", filter=Q(kind=Actor.Kind.ENTERPRISE, formal=False)),
        women_owned=Count("id", filter=Q(kind=Actor.Kind.ENTERPRISE, owner_sex="female")),
    )


def size_class_counts(actors: QuerySet[Actor]) -> list[tuple[str, int]]:
    rows = (
        actors.filter(kind=Actor.Kind.ENTERPRISE).values_list("size_class").annotate(n=Count("id"))
    )
    counts = dict(rows)
    return [(str(label), counts[value]) for value, label in SizeClass.choices if counts.get(value)]


@login_required
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    programme, rights = get_programme_for_user(request.user, slug)
    clusters = (
        Cluster.objects.visible_to(request.user)
        .filter(programme=programme)
        .annotate(actor_count=Count("memberships"))
    )
    context = {
        "programme": programme,
        "rights": rights,
        "clusters": clusters,
        "coordinators": programme.holders(Role.COORDINATOR),
        "summary": register_summary(register_for_user(request.user, programme)),
        "trail": audit_trail(programme) if rights.can_view_history else None,
    }
    return render(request, "programmes/programme.html", context)


@login_required
def cluster(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, rights = get_cluster_for_user(request.user, slug)
    members = cluster.actors.select_related("isic", "area")
    context = {
        "cluster": cluster,
        "rights": rights,
        "summary": register_summary(members),
        "size_classes": size_class_counts(members),
        "institutions": members.institutions().order_by("institution_type", "name"),
        "phase_changes": cluster.phase_changes.select_related("changed_by"),
        "phase_form": PhaseForm(current=cluster.phase) if rights.can_change_phase else None,
        "cdas": cluster.role_assignments.filter(role=Role.CDA).select_related("user"),
        "evidence": cluster.evidence.select_related("run"),
        "trail": audit_trail(cluster) if rights.can_view_history else None,
    }
    return render(request, "programmes/cluster.html", context)


@login_required
@require_POST
def change_phase(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, _rights = get_cluster_for_user(request.user, slug, Action.CHANGE_PHASE)
    form = PhaseForm(request.POST, current=cluster.phase)
    assert isinstance(request.user, User)  # login_required
    if form.is_valid():
        cluster.change_phase(
            form.cleaned_data["phase"], by=request.user, note=form.cleaned_data["note"]
        )
        messages.success(
            request, _("Phase changed to %(phase)s.") % {"phase": cluster.get_phase_display()}
        )
    else:
        for error in form.errors.get("phase", []):
            messages.error(request, str(error))
    return redirect(cluster)


@login_required
def cluster_map_data(request: HttpRequest, slug: str) -> JsonResponse:
    """The cluster's geocoded actors as GeoJSON points (no personal data)."""
    cluster, _rights = get_cluster_for_user(request.user, slug)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [a.longitude, a.latitude]},
            "properties": {
                "name": a.name,
                "kind": a.kind,
                "kind_label": a.get_kind_display(),
                "detail": a.get_size_class_display()
                if a.is_enterprise
                else a.get_institution_type_display(),
                "url": a.get_absolute_url(),
            },
        }
        for a in cluster.actors.geocoded()
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})
