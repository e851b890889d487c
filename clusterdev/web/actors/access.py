"""Access to the actor register, decided from the roles of :mod:`clusterdev.web.programmes.access`.

A programme role (coordinator, steering, donor) reaches every actor of the programme's register;
a cluster role (CDA, commission) reaches the actors of its cluster only.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from clusterdev.web.actors.models import Actor
from clusterdev.web.programmes.access import (
    CLUSTER_RIGHTS,
    PROGRAMME_RIGHTS,
    Action,
    Rights,
    User,
    programme_rights,
    require,
    roles_of,
)
from clusterdev.web.programmes.models import Programme


def actor_rights(user: User, actor: Actor) -> Rights:
    if user.is_superuser:
        return Rights(frozenset(Action))
    cluster_ids: set[int] | None = None
    actions: set[Action] = set()
    for role, programme_id, cluster_id in roles_of(user):
        if programme_id == actor.programme_id:
            actions |= PROGRAMME_RIGHTS[role]
        elif cluster_id is not None:
            if cluster_ids is None:
                cluster_ids = set(actor.memberships.values_list("cluster_id", flat=True))
            if cluster_id in cluster_ids:
                actions |= CLUSTER_RIGHTS[role]
    return Rights(frozenset(actions))


def get_actor_for_user(user: User, pk: int, action: Action = Action.VIEW) -> tuple[Actor, Rights]:
    actor = Actor.objects.select_related("programme", "area", "isic").filter(pk=pk).first()
    if actor is None:
        raise Http404
    return actor, require(actor_rights(user, actor), action)


def register_for_user(user: User, programme: Programme) -> QuerySet[Actor]:
    """The part of ``programme``'s register that ``user`` may see."""
    actors = Actor.objects.filter(programme=programme)
    if user.is_superuser or any(p == programme.pk for _, p, _c in roles_of(user)):
        return actors
    if Action.VIEW not in programme_rights(user, programme):
        return actors.none()
    cluster_ids = [c for _, _p, c in roles_of(user) if c is not None]
    return actors.filter(memberships__cluster_id__in=cluster_ids).distinct()
