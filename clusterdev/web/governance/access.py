"""Who may see and do what in governance, decided from :mod:`clusterdev.web.programmes.access`.

A programme-level body (the Steering Committee) and programme-level documents follow the user's
rights on the programme; a cluster's bodies and documents follow the rights on that cluster. No
role there → 404; a role without the action → 403.

Names of people (members, attendees, owners of resolutions) need ``VIEW_PERSONAL``. Minutes and
meeting files usually name people too: they are read by those who see personal data and by those
who take part in governance (``ENDORSE``: Commission and Steering Committee members), not by
donor viewers, who see the meetings, their agendas, resolutions and attendance counts.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from clusterdev.web.actors.access import register_for_user
from clusterdev.web.actors.models import Actor
from clusterdev.web.governance.models import (
    Body,
    BodyMilestone,
    Document,
    DocumentVersion,
    Meeting,
    MeetingFile,
    Membership,
    Resolution,
)
from clusterdev.web.programmes.access import (
    Action,
    Rights,
    User,
    cluster_rights,
    programme_rights,
    require,
    roles_of,
)
from clusterdev.web.programmes.models import Cluster, Programme, Role


def scope_rights(user: User, scope: Programme | Cluster) -> Rights:
    if isinstance(scope, Cluster):
        return cluster_rights(user, scope)
    return programme_rights(user, scope)


def body_rights(user: User, body: Body) -> Rights:
    return scope_rights(user, body.scope)


def document_rights(user: User, document: Document) -> Rights:
    return scope_rights(user, document.scope)


def may_read_records(user: User, body: Body, rights: Rights) -> bool:
    """Whether the minutes and meeting files of ``body`` (which name people) may be read: by
    those who may see personal data, and by the members of that very body — the Cluster
    Commission members of its cluster, or the Steering Committee members of its programme."""
    if rights.can_view_personal:
        return True
    if Action.VIEW not in rights:
        return False
    for role, programme_id, cluster_id in roles_of(user):
        if body.cluster_id is not None:
            if role == Role.COMMISSION and cluster_id == body.cluster_id:
                return True
        elif role == Role.STEERING and programme_id == body.programme_id:
            return True
    return False


def may_edit_version(user: User, version: DocumentVersion, rights: Rights) -> bool:
    """A version not yet endorsed may be changed by its author or anyone who edits the scope,
    unless another record generated it (a diagnostic report, a plan revision): then it changes
    only there, and is submitted again, so that what is endorsed matches that record."""
    if version.is_endorsed or Action.VIEW not in rights or version.source_type_id is not None:
        return False
    return rights.can_edit or (user.is_authenticated and version.author_id == user.pk)


def get_body_for_user(user: User, pk: int, action: Action = Action.VIEW) -> tuple[Body, Rights]:
    body = (
        Body.objects.select_related("programme", "cluster__programme", "actor")
        .filter(pk=pk)
        .first()
    )
    if body is None:
        raise Http404
    return body, require(body_rights(user, body), action)


def get_membership_for_user(
    user: User, pk: int, action: Action = Action.VIEW
) -> tuple[Membership, Rights]:
    membership = (
        Membership.objects.select_related("body__programme", "body__cluster", "actor", "person")
        .filter(pk=pk)
        .first()
    )
    if membership is None:
        raise Http404
    return membership, require(body_rights(user, membership.body), action)


def get_milestone_for_user(
    user: User, pk: int, action: Action = Action.VIEW
) -> tuple[BodyMilestone, Rights]:
    milestone = (
        BodyMilestone.objects.select_related("body__programme", "body__cluster")
        .filter(pk=pk)
        .first()
    )
    if milestone is None:
        raise Http404
    return milestone, require(body_rights(user, milestone.body), action)


def get_meeting_for_user(
    user: User, pk: int, action: Action = Action.VIEW
) -> tuple[Meeting, Rights]:
    meeting = (
        Meeting.objects.select_related("body__programme", "body__cluster__programme")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting, require(body_rights(user, meeting.body), action)


def get_meeting_file_for_user(user: User, pk: int) -> tuple[MeetingFile, Rights]:
    item = (
        MeetingFile.objects.select_related("meeting__body__programme", "meeting__body__cluster")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    return item, require(body_rights(user, item.meeting.body), Action.VIEW)


def get_resolution_for_user(
    user: User, pk: int, action: Action = Action.VIEW
) -> tuple[Resolution, Rights]:
    resolution = (
        Resolution.objects.select_related(
            "meeting__body__programme", "meeting__body__cluster__programme"
        )
        .filter(pk=pk)
        .first()
    )
    if resolution is None:
        raise Http404
    return resolution, require(body_rights(user, resolution.meeting.body), action)


def get_document_for_user(
    user: User, pk: int, action: Action = Action.VIEW
) -> tuple[Document, Rights]:
    document = (
        Document.objects.select_related("programme", "cluster__programme").filter(pk=pk).first()
    )
    if document is None:
        raise Http404
    return document, require(document_rights(user, document), action)


def get_version_for_user(
    user: User, pk: int, action: Action = Action.VIEW
) -> tuple[DocumentVersion, Rights]:
    version = (
        DocumentVersion.objects.select_related(
            "document__programme", "document__cluster__programme", "author"
        )
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise Http404
    return version, require(document_rights(user, version.document), action)


def visible_clusters(user: User, programme: Programme) -> QuerySet[Cluster]:
    return Cluster.objects.visible_to(user).filter(programme=programme)


def bodies_for_user(user: User, programme: Programme) -> QuerySet[Body]:
    """The programme's bodies ``user`` may see: programme-level ones (any role in the programme)
    and those of the clusters the user sees."""
    if Action.VIEW not in programme_rights(user, programme):
        return Body.objects.none()
    return Body.objects.filter(programme=programme).filter(
        Q(cluster__isnull=True) | Q(cluster__in=visible_clusters(user, programme))
    )


def documents_for_user(user: User, programme: Programme) -> QuerySet[Document]:
    if Action.VIEW not in programme_rights(user, programme):
        return Document.objects.none()
    return Document.objects.filter(programme=programme).filter(
        Q(cluster__isnull=True) | Q(cluster__in=visible_clusters(user, programme))
    )


def candidate_actors(user: User, programme: Programme, cluster: Cluster | None) -> QuerySet[Actor]:
    """Organisations that may be named as members or owners: the support institutions of the
    programme and the actors of the cluster (of any cluster, for a programme-level body), within
    what ``user`` may see of the register."""
    if cluster is not None:
        nearby = Q(kind=Actor.Kind.INSTITUTION) | Q(memberships__cluster=cluster)
    else:
        nearby = Q(kind=Actor.Kind.INSTITUTION) | Q(memberships__cluster__programme=programme)
    visible = register_for_user(user, programme)
    return (
        Actor.objects.filter(pk__in=visible.values("pk"))
        .filter(nearby)
        .distinct()
        .order_by("name", "id")
    )
