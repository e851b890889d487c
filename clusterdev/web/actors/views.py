from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from clusterdev.web.actors.access import get_actor_for_user, register_for_user
from clusterdev.web.actors.forms import ActorForm, RegisterFilterForm
from clusterdev.web.actors.models import Actor
from clusterdev.web.lib.export import FORMATS, table_response
from clusterdev.web.lib.history import audit_trail
from clusterdev.web.programmes.access import (
    Action,
    Rights,
    get_cluster_for_user,
    get_programme_for_user,
)
from clusterdev.web.programmes.models import Cluster, Programme

PAGE_SIZE = 50

EXPORT_COLUMNS = [
    "id",
    "kind",
    "name",
    "tax_id",
    "area",
    "town",
    "isic",
    "formal",
    "founded",
    "size_class",
    "employees_female",
    "employees_male",
    "owner_sex",
    "institution_type",
    "latitude",
    "longitude",
]


def _export_row(actor: Actor, columns: list[str]) -> list[object]:
    row: list[object] = []
    for column in columns:
        value = getattr(actor, column)
        if column in ("area", "isic"):
            value = value.code if value else ""
        row.append(value)
    return row


def _register(
    request: HttpRequest,
    programme: Programme,
    actors: QuerySet[Actor],
    rights: Rights,
    cluster: Cluster | None = None,
) -> HttpResponse:
    clusters = Cluster.objects.visible_to(request.user).filter(programme=programme)
    form = RegisterFilterForm(request.GET or None, programme=programme, clusters=clusters)
    if form.is_bound and form.is_valid():
        actors = form.apply(actors)
    actors = actors.select_related("area", "isic").order_by("name", "id")
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        if Action.EXPORT not in rights:
            raise PermissionDenied
        columns = EXPORT_COLUMNS + (list(Actor.PERSONAL_FIELDS) if rights.can_view_personal else [])
        name = f"actors-{cluster.slug if cluster else programme.slug}"
        return table_response(
            name, columns, (_export_row(a, columns) for a in actors.iterator()), fmt
        )
    page = Paginator(actors, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "programme": programme,
        "cluster": cluster,
        "rights": rights,
        "form": form,
        "page": page,
        "query": query.urlencode(),
    }
    partial = request.htmx and request.htmx.target == "register-table"  # type: ignore[attr-defined]
    return render(request, "actors/_table.html" if partial else "actors/register.html", context)


@login_required
def programme_register(request: HttpRequest, slug: str) -> HttpResponse:
    programme, rights = get_programme_for_user(request.user, slug)
    return _register(request, programme, register_for_user(request.user, programme), rights)


@login_required
def cluster_register(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, rights = get_cluster_for_user(request.user, slug)
    return _register(request, cluster.programme, cluster.actors.all(), rights, cluster)


@login_required
def actor(request: HttpRequest, pk: int) -> HttpResponse:
    actor, rights = get_actor_for_user(request.user, pk)
    context = {
        "actor": actor,
        "rights": rights,
        "clusters": Cluster.objects.visible_to(request.user).filter(memberships__actor=actor),
        "people": actor.people.all() if rights.can_view_personal else None,
        "trail": audit_trail(actor) if rights.can_view_history else None,
    }
    return render(request, "actors/actor.html", context)


@login_required
def edit_actor(request: HttpRequest, pk: int) -> HttpResponse:
    actor, _rights = get_actor_for_user(request.user, pk, Action.EDIT)
    form = ActorForm(request.POST or None, instance=actor)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("Saved."))
        return redirect(actor)
    return render(request, "actors/edit.html", {"actor": actor, "form": form})
