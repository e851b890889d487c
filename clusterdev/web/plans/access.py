"""Who may see and change visions, action plans and their implementation.

Rights follow :mod:`clusterdev.web.programmes.access` on the plan's cluster: no role there → 404,
a role without the action → 403. ``EDIT`` (the coordinator, the cluster's CDA) drafts visions and
plan revisions and records implementation; the Commission endorses through governance; donors
read, without people's names (``VIEW_PERSONAL``).

A user designated as an editor of one joint action (:class:`~.models.ActionEditor`) may record
that action's implementation (progress, status, actual participants and co-financing, evidence)
and nothing else.
"""

from __future__ import annotations

from django.contrib.auth.models import User as AuthUser
from django.db.models import Q, QuerySet
from django.http import Http404

from clusterdev.web.plans.models import (
    ActionEditor,
    Evidence,
    JointAction,
    PlanRevision,
    Vision,
)
from clusterdev.web.programmes.access import (
    Action,
    Rights,
    User,
    cluster_rights,
    require,
)
from clusterdev.web.programmes.models import Cluster, Role


def get_vision_for_user(user: User, pk: int, action: Action = Action.VIEW) -> tuple[Vision, Rights]:
    vision = Vision.objects.select_related("cluster__programme").filter(pk=pk).first()
    if vision is None:
        raise Http404
    return vision, require(cluster_rights(user, vision.cluster), action)


def get_revision_for_user(
    user: User, pk: int, action: Action = Action.VIEW
) -> tuple[PlanRevision, Rights]:
    revision = (
        PlanRevision.objects.select_related("plan__cluster__programme", "vision")
        .filter(pk=pk)
        .first()
    )
    if revision is None:
        raise Http404
    return revision, require(cluster_rights(user, revision.plan.cluster), action)


def get_action_for_user(
    user: User, pk: int, action: Action = Action.VIEW
) -> tuple[JointAction, Rights]:
    row = (
        JointAction.objects.select_related(
            "revision__plan__cluster__programme", "lead_actor", "objective"
        )
        .filter(pk=pk)
        .first()
    )
    if row is None:
        raise Http404
    return row, require(cluster_rights(user, row.revision.plan.cluster), action)


def is_designated(user: User, row: JointAction) -> bool:
    if not user.is_authenticated:
        return False
    return ActionEditor.objects.filter(
        plan_id=row.revision.plan_id, key=row.key, user_id=user.pk
    ).exists()


def may_update(user: User, row: JointAction, rights: Rights) -> bool:
    """Whether ``user`` may record the implementation of ``row``'s joint action."""
    if Action.VIEW not in rights:
        return False
    return rights.can_edit or is_designated(user, row)


def get_action_to_update(user: User, pk: int) -> tuple[JointAction, Rights]:
    """The joint action whose implementation ``user`` records: 404 without a role in the
    cluster, 403 for anyone neither editing the cluster nor designated for this action."""
    row, rights = get_action_for_user(user, pk)
    if not may_update(user, row, rights):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return row, rights


def get_evidence_for_user(user: User, pk: int) -> tuple[Evidence, Rights]:
    item = Evidence.objects.select_related("update__plan__cluster").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item, require(cluster_rights(user, item.update.plan.cluster), Action.VIEW)


def designatable_users(cluster: Cluster) -> QuerySet[AuthUser]:
    """Users who may be designated to update a joint action: those who see the cluster and are
    not donor viewers (who only read)."""
    return (
        AuthUser.objects.filter(
            Q(
                role_assignments__programme_id=cluster.programme_id,
                role_assignments__role__in=[Role.COORDINATOR, Role.STEERING],
            )
            | Q(role_assignments__cluster=cluster)
        )
        .distinct()
        .order_by("username")
    )
