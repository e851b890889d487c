"""Who may do what, decided in one place.

A user's rights on a programme or cluster follow from the roles they hold (see
:class:`~clusterdev.web.programmes.models.Role`). Views fetch objects only through the
``get_*_for_user`` helpers below, which raise 404 when the user has no role in the object's
programme or cluster (so its existence is not revealed) and 403 when they may see it but not
do the requested action.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as AuthUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from clusterdev.web.programmes.models import Cluster, Programme, Role, RoleAssignment

User = AuthUser | AnonymousUser


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"  # change the record and its actors
    CHANGE_PHASE = "change_phase"
    VIEW_PERSONAL = "view_personal"  # names, phones, e-mails of people and owners
    VIEW_HISTORY = "view_history"  # the audit trail (it shows personal values too)
    EXPORT = "export"
    DECIDE = "decide"  # record a Steering Committee decision (selection of clusters)
    ENDORSE = "endorse"  # record that a governance body endorsed a document version
    MANAGE_CDAS = "manage_cdas"  # appoint and hand over CDAs, oversee their work
    APPROVE = "approve"  # approve, return, lock and reopen M&E actuals (not one's own)


V, E, P, H, X, C, D, N, M, A = (
    Action.VIEW,
    Action.EDIT,
    Action.VIEW_PERSONAL,
    Action.VIEW_HISTORY,
    Action.EXPORT,
    Action.CHANGE_PHASE,
    Action.DECIDE,
    Action.ENDORSE,
    Action.MANAGE_CDAS,
    Action.APPROVE,
)

# What each role may do on the programme it belongs to, and on each of that programme's clusters.
PROGRAMME_RIGHTS: dict[str, frozenset[Action]] = {
    Role.COORDINATOR: frozenset({V, E, P, H, X, C, D, N, M, A}),
    Role.STEERING: frozenset({V, X, D, N, A}),
    Role.DONOR: frozenset({V, X}),
}
# What each cluster role may do on its own cluster (and, read-only, on the programme around it).
CLUSTER_RIGHTS: dict[str, frozenset[Action]] = {
    Role.CDA: frozenset({V, E, P, H, X, N}),
    Role.COMMISSION: frozenset({V, X, N}),
}
ALL_RIGHTS = frozenset(Action)


@dataclass(frozen=True)
class Rights:
    actions: frozenset[Action]

    def __contains__(self, action: object) -> bool:
        return action in self.actions

    @property
    def can_edit(self) -> bool:
        return Action.EDIT in self.actions

    @property
    def can_view_personal(self) -> bool:
        return Action.VIEW_PERSONAL in self.actions

    @property
    def can_view_history(self) -> bool:
        return Action.VIEW_HISTORY in self.actions

    @property
    def can_export(self) -> bool:
        return Action.EXPORT in self.actions

    @property
    def can_decide(self) -> bool:
        return Action.DECIDE in self.actions

    @property
    def can_endorse(self) -> bool:
        return Action.ENDORSE in self.actions

    @property
    def can_manage_cdas(self) -> bool:
        return Action.MANAGE_CDAS in self.actions

    @property
    def can_approve(self) -> bool:
        return Action.APPROVE in self.actions

    @property
    def can_change_phase(self) -> bool:
        return Action.CHANGE_PHASE in self.actions


def roles_of(user: User) -> list[tuple[str, int | None, int | None]]:
    if not user.is_authenticated:
        return []
    # Cached on the user object, which lives for one request.
    cached: list[tuple[str, int | None, int | None]] | None = getattr(
        user, "_clusterdev_roles", None
    )
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user).values_list(
                "role", "programme_id", "cluster_id"
            )
        )
        setattr(user, "_clusterdev_roles", cached)  # noqa: B010
    return cached


def programme_rights(user: User, programme: Programme) -> Rights:
    if user.is_superuser:
        return Rights(ALL_RIGHTS)
    actions: set[Action] = set()
    cluster_ids = None
    for role, programme_id, cluster_id in roles_of(user):
        if programme_id == programme.pk:
            actions |= PROGRAMME_RIGHTS[role]
        elif cluster_id is not None:
            if cluster_ids is None:
                cluster_ids = set(programme.clusters.values_list("pk", flat=True))
            if cluster_id in cluster_ids:
                # A cluster role lets its holder see the programme around the cluster, no more.
                actions |= {Action.VIEW}
    return Rights(frozenset(actions))


def cluster_rights(user: User, cluster: Cluster) -> Rights:
    if user.is_superuser:
        return Rights(ALL_RIGHTS)
    actions: set[Action] = set()
    for role, programme_id, cluster_id in roles_of(user):
        if programme_id == cluster.programme_id:
            actions |= PROGRAMME_RIGHTS[role]
        elif cluster_id == cluster.pk:
            actions |= CLUSTER_RIGHTS[role]
    return Rights(frozenset(actions))


def require(rights: Rights, action: Action) -> Rights:
    """``rights`` when they allow ``action``; else 404 if they do not even allow viewing (the
    object's existence stays hidden), 403 otherwise."""
    if Action.VIEW not in rights:
        raise Http404
    if action not in rights:
        raise PermissionDenied
    return rights


def get_programme_for_user(
    user: User, slug: str, action: Action = Action.VIEW
) -> tuple[Programme, Rights]:
    programme = Programme.objects.select_related("country").filter(slug=slug).first()
    if programme is None:
        raise Http404
    return programme, require(programme_rights(user, programme), action)


def get_cluster_for_user(
    user: User, slug: str, action: Action = Action.VIEW
) -> tuple[Cluster, Rights]:
    cluster = Cluster.objects.select_related("programme__country").filter(slug=slug).first()
    if cluster is None:
        raise Http404
    return cluster, require(cluster_rights(user, cluster), action)
