"""Governance rules that span several records, the API other apps call, and the indicators.

Other apps hand their records to a governance body for endorsement with :func:`submit_version`
and read the outcome with :func:`endorsement_of` / :func:`is_endorsed`. The indicator functions
(:func:`meetings_held`, :func:`attendance_by_group_and_sex`, :func:`resolutions_on_time`,
:func:`mechanisms_formed`) read the records as they are, so that M&E never re-enters them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import models, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterdev.web.actors.models import AttendeeSex, StakeholderGroup
from clusterdev.web.governance.access import body_rights
from clusterdev.web.governance.models import (
    Attendance,
    Body,
    BodyMilestone,
    Document,
    DocumentVersion,
    Endorsement,
    Meeting,
    Membership,
    Resolution,
    ResolutionUpdate,
    today,
)
from clusterdev.web.programmes.models import Cluster, Programme

__all__ = [
    "AttendanceTable",
    "AttendeeRow",
    "BodyMeetings",
    "ClusterGovernance",
    "ResolutionFigures",
    "attendance_by_group_and_sex",
    "cancel_meeting",
    "cluster_governance",
    "endorsable_versions",
    "endorse",
    "endorsement_of",
    "follow_up",
    "hold_meeting",
    "is_endorsed",
    "mechanisms_formed",
    "meetings_held",
    "pending_versions",
    "record_attendance",
    "resolutions_on_time",
    "selection_decision_text",
    "submit_version",
    "versions_of",
]

Scope = Programme | Cluster


# --- Meetings ------------------------------------------------------------------------------


@transaction.atomic
def hold_meeting(meeting: Meeting, *, on: date) -> Meeting:
    """Record that ``meeting`` took place on ``on`` (its planned date, or the actual one)."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    meeting.date = on
    meeting.status = Meeting.Status.HELD
    meeting.full_clean()
    late = meeting.resolutions.filter(due__lt=on).first()
    if late is not None:
        raise ValidationError(
            {
                "date": _("A resolution of this meeting is due on %(due)s, before that date.")
                % {"due": late.due.isoformat() if late.due else ""}
            }
        )
    meeting.save()
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting) -> Meeting:
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned meeting can be cancelled."))
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status"])
    return meeting


@dataclass(frozen=True)
class AttendeeRow:
    """One line of the attendance form: a member of the body, or someone else (``name``)."""

    membership: Membership | None
    stakeholder_group: str
    sex: str
    present: bool = True
    name: str = ""
    organisation: str = ""


@transaction.atomic
def record_attendance(meeting: Meeting, rows: list[AttendeeRow]) -> list[Attendance]:
    """Replace the meeting's attendance with ``rows``; nothing is written if a row is wrong."""
    if not meeting.is_held:
        raise ValidationError(_("Record the meeting as held before entering its attendance."))
    errors: list[str] = []
    seen: set[int] = set()
    member_names: dict[str, Membership] = {}
    for membership in meeting.body.memberships.select_related("person", "actor"):
        if membership.person_id:
            member_names[membership.person.name.strip().casefold()] = membership  # type: ignore[union-attr]
    for row in rows:
        if row.stakeholder_group not in StakeholderGroup.values:
            errors.append(_("Choose a stakeholder group for every attendee."))
        if row.sex not in AttendeeSex.values:
            errors.append(_("Choose the sex of every attendee (or “Not stated”)."))
        if row.membership is not None:
            member = row.membership
            label = member.label(personal=True)
            if member.body_id != meeting.body_id:
                errors.append(_("%(member)s is not a member of this body.") % {"member": label})
            elif member.pk in seen:
                errors.append(
                    _("%(member)s is listed twice; a member attends a meeting once.")
                    % {"member": label}
                )
            elif not member.active_on(meeting.date):
                errors.append(
                    _("%(member)s was not a member on the day of the meeting.") % {"member": label}
                )
            seen.add(member.pk)
        elif not row.name.strip():
            errors.append(_("Give the name of each other attendee."))
        elif row.name.strip().casefold() in member_names:
            errors.append(
                _("%(name)s is a member of this body: tick them in the members' list instead.")
                % {"name": row.name.strip()}
            )
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)))
    for old in meeting.attendance.all():
        old.delete()
    return [
        Attendance.objects.create(
            meeting=meeting,
            membership=row.membership,
            name="" if row.membership else row.name.strip(),
            organisation="" if row.membership else row.organisation.strip(),
            stakeholder_group=row.stakeholder_group,
            sex=row.sex,
            present=row.present,
        )
        for row in rows
    ]


@transaction.atomic
def follow_up(
    resolution: Resolution, *, on: date, text: str, status: str = "", by: User | None
) -> ResolutionUpdate:
    """A follow-up note on ``resolution``; ``status`` (done, dropped, open) changes it too."""
    meeting_date = resolution.meeting.date
    if on > today():
        raise ValidationError({"date": _("A follow-up cannot be dated in the future.")})
    if on < meeting_date:
        raise ValidationError(
            {
                "date": _("A follow-up cannot come before the meeting (%(date)s).")
                % {"date": meeting_date.isoformat()}
            }
        )
    if not text.strip():
        raise ValidationError({"text": _("Write what happened.")})
    if status:
        if status not in Resolution.Status.values:
            raise ValidationError({"status": _("Unknown status.")})
        resolution.status = status
        resolution.done_on = on if status == Resolution.Status.DONE else None
        resolution.full_clean()
        resolution.save()
    return ResolutionUpdate.objects.create(resolution=resolution, date=on, text=text, by=by)


# --- Documents and endorsements ---------------------------------------------------------------


def _source_key(source: models.Model | None) -> tuple[int | None, int | None]:
    if source is None:
        return None, None
    return ContentType.objects.get_for_model(source).pk, source.pk


@transaction.atomic
def submit_version(
    *,
    author: User,
    content: str = "",
    file: File | None = None,
    source: models.Model | None = None,
    document: Document | None = None,
    kind: str | None = None,
    title: str | None = None,
    programme: Programme | None = None,
    cluster: Cluster | None = None,
) -> DocumentVersion:
    """A new numbered version of a document, ready for a body to endorse.

    Give the ``document``, or its ``kind``, ``title`` and scope (``cluster``, or ``programme``
    for a programme-level document): the document is then found by these, or created. ``file`` is
    any Django ``File`` with a name (an upload, a ``ContentFile``). ``source`` is the record the
    version was made from (a diagnostic report, a plan revision, a selection decision); submitting
    the same source with the same content again returns the version already there while it is
    not endorsed, so that a page reloaded does not create versions.

    >>> version = submit_version(author=cda, kind="diagnostic", cluster=cluster,
    ...     title="Diagnostic study", content=text, source=report)  # doctest: +SKIP
    >>> is_endorsed(version)  # doctest: +SKIP
    False
    """
    if document is None:
        if not kind or not title or (programme is None and cluster is None):
            raise ValueError("give the document, or its kind, title and programme or cluster")
        if kind not in Document.Kind.values:
            raise ValueError(f"unknown document kind {kind!r}")
        if cluster is not None:
            if programme is not None and cluster.programme_id != programme.pk:
                raise ValidationError(_("The cluster must belong to the document's programme."))
            programme = cluster.programme
        assert programme is not None
        document, _created = Document.objects.get_or_create(
            programme=programme,
            cluster=cluster,
            kind=kind,
            title=title,
            defaults={"created_by": author},
        )
    document = Document.objects.select_for_update().get(pk=document.pk)
    version = DocumentVersion(document=document, content=content, author=author)
    if file is not None:
        version.file = file
        version.file_name = Path(file.name or "").name
    version.source_type_id, version.source_id = _source_key(source)
    version.full_clean(exclude=["number", "digest", "author", "document"])
    latest = document.latest_version()
    if (
        latest is not None
        and not latest.is_endorsed
        and (latest.source_type_id, latest.source_id) == (version.source_type_id, version.source_id)
        and latest.digest == version.compute_digest()
    ):
        return latest
    version.save()
    return version


def versions_of(source: models.Model) -> QuerySet[DocumentVersion]:
    """The versions submitted from ``source``, newest first."""
    type_id, pk = _source_key(source)
    return DocumentVersion.objects.filter(source_type_id=type_id, source_id=pk).order_by(
        "-created_at", "-number"
    )


def endorsement_of(source: models.Model) -> Endorsement | None:
    """The most recent endorsement of a version submitted from ``source`` (None if none)."""
    type_id, pk = _source_key(source)
    return (
        Endorsement.objects.filter(version__source_type_id=type_id, version__source_id=pk)
        .select_related("body", "meeting", "version")
        .order_by("-recorded_at", "-id")
        .first()
    )


def is_endorsed(version: DocumentVersion) -> bool:
    return DocumentVersion.objects.filter(pk=version.pk, endorsed_at__isnull=False).exists()


def in_scope(body: Body, document: Document) -> bool:
    """A cluster's body endorses the cluster's documents; a programme-level body (the Steering
    Committee) the programme's own documents (those of no single cluster)."""
    if body.cluster_id:
        return document.cluster_id == body.cluster_id
    return document.programme_id == body.programme_id and document.cluster_id is None


def scope_documents(body: Body) -> QuerySet[Document]:
    if body.cluster_id:
        return Document.objects.filter(cluster_id=body.cluster_id)
    return Document.objects.filter(programme_id=body.programme_id, cluster__isnull=True)


def endorsable_versions(body: Body) -> list[DocumentVersion]:
    """The latest version of each document in the body's scope that it has not endorsed yet."""
    latest = [d.latest_version() for d in scope_documents(body).select_related("cluster")]
    endorsed = set(Endorsement.objects.filter(body=body).values_list("version_id", flat=True))
    return [v for v in latest if v is not None and v.pk not in endorsed]


def pending_versions(scope: Scope) -> list[DocumentVersion]:
    """The latest version of each document of ``scope`` (a cluster, or the programme's own
    documents) that no body has endorsed yet."""
    if isinstance(scope, Cluster):
        documents = Document.objects.filter(cluster=scope)
    else:
        documents = Document.objects.filter(programme=scope, cluster__isnull=True)
    latest = [d.latest_version() for d in documents]
    return [v for v in latest if v is not None and not v.is_endorsed]


CHANGED_SINCE = gettext_lazy(
    "This version changed since you opened it; read it again before endorsing."
)


@transaction.atomic
def endorse(
    *,
    body: Body,
    meeting: Meeting,
    version: DocumentVersion,
    digest: str,
    by: User,
    note: str = "",
) -> Endorsement:
    """Record that ``body`` endorsed ``version`` at ``meeting``; the version becomes immutable.

    ``digest`` is the digest of the version as the person recording it read it. Every rule
    broken is reported (a ``ValidationError`` listing them) and nothing is written.
    """
    version = (
        DocumentVersion.objects.select_for_update().select_related("document").get(pk=version.pk)
    )
    errors: list[str] = []
    if not body_rights(by, body).can_endorse:
        errors.append(_("You may not record endorsements for %(body)s.") % {"body": body.name})
    if version.author_id == by.pk:
        errors.append(
            _(
                "The author of a document cannot record its endorsement alone: another person "
                "records it."
            )
        )
    if not in_scope(body, version.document):
        if body.cluster_id:
            message = _("%(body)s endorses the documents of its own cluster only.")
        else:
            message = _(
                "%(body)s endorses the programme's own documents; a cluster's documents are "
                "endorsed by that cluster's bodies."
            )
        errors.append(message % {"body": body.name})
    if meeting.body_id != body.pk:
        errors.append(_("The meeting must be a meeting of %(body)s.") % {"body": body.name})
    elif not meeting.is_held:
        errors.append(_("Record the meeting as held before recording what it endorsed."))
    elif meeting.date < timezone.localdate(version.created_at):
        errors.append(
            _("The meeting (%(meeting)s) took place before this version was written (%(version)s).")
            % {
                "meeting": meeting.date.isoformat(),
                "version": timezone.localdate(version.created_at).isoformat(),
            }
        )
    if digest != version.digest or digest != version.compute_digest():
        errors.append(str(CHANGED_SINCE))
    if Endorsement.objects.filter(body=body, version=version).exists():
        errors.append(_("%(body)s has already endorsed this version.") % {"body": body.name})
    if errors:
        raise ValidationError(errors)
    endorsement = Endorsement.objects.create(
        body=body, meeting=meeting, version=version, digest=digest, recorded_by=by, note=note
    )
    if version.endorsed_at is None:
        version.endorsed_at = timezone.now()
        version.save(update_fields=["endorsed_at"])
    # The record the version came from (a plan revision, a vision) keeps a status of its own:
    # bring it up to date now, in this transaction, rather than when someone next reads it.
    sync = getattr(version.source, "sync_status", None)
    if callable(sync):
        sync()
    return endorsement


def selection_decision_text(decision: Any) -> str:
    """A readable record of a selection decision (``selection.Decision``), to be endorsed."""
    exercise = decision.exercise
    lines = [
        _("Selection decision: %(title)s") % {"title": exercise.title},
        _("Decided by %(body)s on %(date)s.")
        % {"body": decision.body, "date": timezone.localdate(decision.decided_at).isoformat()},
        "",
        _("Clusters selected:"),
        *[f"- {cluster.name}" for cluster in decision.selected.order_by("name")],
        "",
        _("Rationale:"),
        decision.rationale,
    ]
    ranking = (decision.result or {}).get("ranking") or {}
    alternatives = ranking.get("alternatives") or []
    if alternatives:
        lines += ["", _("Ranking of the candidates at the time of the decision:")]
        for alternative in alternatives:
            lines.append(
                f"{alternative.get('rank')}. {alternative.get('alternative')} "
                f"({float(alternative.get('score', 0.0)):.3f})"
            )
    return "\n".join(lines)


# --- Indicators -------------------------------------------------------------------------------


def scope_bodies(scope: Scope | QuerySet[Body]) -> QuerySet[Body]:
    """The bodies of a cluster, or all the bodies of a programme (its own and its clusters'); a
    queryset of bodies is taken as it is (e.g. only those a user may see)."""
    if isinstance(scope, QuerySet):
        return scope
    if isinstance(scope, Cluster):
        return Body.objects.filter(cluster=scope)
    return Body.objects.filter(programme=scope)


def _held(scope: Scope | QuerySet[Body], start: date | None, end: date | None) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(body__in=scope_bodies(scope), status=Meeting.Status.HELD)
    if start is not None:
        meetings = meetings.filter(date__gte=start)
    if end is not None:
        meetings = meetings.filter(date__lte=end)
    return meetings


@dataclass(frozen=True)
class BodyMeetings:
    body: Body
    held: int


def meetings_held(
    scope: Scope | QuerySet[Body], *, start: date | None = None, end: date | None = None
) -> list[BodyMeetings]:
    """Meetings held per body of ``scope``, from ``start`` to ``end`` (inclusive, by meeting
    date). Every body appears, with 0 when it did not meet."""
    counts = dict(
        _held(scope, start, end).values_list("body_id").annotate(n=Count("id")).order_by()
    )
    bodies = scope_bodies(scope).select_related("cluster")
    return [BodyMeetings(body, counts.get(body.pk, 0)) for body in bodies]


@dataclass(frozen=True)
class AttendanceRow:
    group: str
    label: str
    by_sex: dict[str, int]
    total: int


@dataclass(frozen=True)
class AttendanceTable:
    """People present, by stakeholder group (rows) and sex (columns ``sexes``)."""

    rows: list[AttendanceRow]
    by_sex: dict[str, int]
    total: int
    sexes: list[tuple[str, str]] = field(
        default_factory=lambda: [(value, str(label)) for value, label in AttendeeSex.choices]
    )

    @property
    def women_share(self) -> float | None:
        stated = self.by_sex.get(AttendeeSex.FEMALE, 0) + self.by_sex.get(AttendeeSex.MALE, 0)
        return self.by_sex.get(AttendeeSex.FEMALE, 0) / stated if stated else None


def attendance_table(attendance: QuerySet[Attendance]) -> AttendanceTable:
    """Count the present attendees of ``attendance`` by stakeholder group and sex."""
    counts = Counter(
        {
            (group, sex): n
            for group, sex, n in attendance.filter(present=True)
            .values_list("stakeholder_group", "sex")
            .annotate(n=Count("id"))
            .order_by()
        }
    )
    rows = []
    for group, label in StakeholderGroup.choices:
        by_sex = {sex: counts.get((group, sex), 0) for sex in AttendeeSex.values}
        if sum(by_sex.values()):
            rows.append(AttendanceRow(group, str(label), by_sex, sum(by_sex.values())))
    by_sex = {sex: sum(row.by_sex[sex] for row in rows) for sex in AttendeeSex.values}
    return AttendanceTable(rows, by_sex, sum(by_sex.values()))


def attendance_by_group_and_sex(
    scope: Scope | QuerySet[Body], *, start: date | None = None, end: date | None = None
) -> AttendanceTable:
    """Attendance at the meetings held in ``scope`` (each person counted once per meeting they
    attended), by stakeholder group and sex."""
    return attendance_table(Attendance.objects.filter(meeting__in=_held(scope, start, end)))


@dataclass(frozen=True)
class ResolutionFigures:
    """Follow-up of the resolutions taken at meetings in a period.

    ``share_on_time`` = done by the due date / resolutions whose timeliness is known (done, or
    still open after their due date; dropped ones and those without a due date left out).
    """

    total: int
    open: int
    done: int
    dropped: int
    overdue: int
    done_on_time: int
    timeliness_known: int

    @property
    def share_on_time(self) -> float | None:
        return self.done_on_time / self.timeliness_known if self.timeliness_known else None


def resolutions_on_time(
    scope: Scope | QuerySet[Body],
    *,
    start: date | None = None,
    end: date | None = None,
    on: date | None = None,
) -> ResolutionFigures:
    """Resolutions of the meetings held in ``scope`` from ``start`` to ``end``, as of day ``on``
    (today by default): how many are done on time, and how many open ones are overdue."""
    on = on or today()
    resolutions = Resolution.objects.filter(meeting__in=_held(scope, start, end))
    figures = resolutions.aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status=Resolution.Status.OPEN)),
        done=Count("id", filter=Q(status=Resolution.Status.DONE)),
        dropped=Count("id", filter=Q(status=Resolution.Status.DROPPED)),
        overdue=Count("id", filter=Q(status=Resolution.Status.OPEN, due__lt=on)),
        done_on_time=Count(
            "id",
            filter=Q(
                status=Resolution.Status.DONE, due__isnull=False, done_on__lte=models.F("due")
            ),
        ),
        timeliness_known=Count(
            "id",
            filter=Q(status=Resolution.Status.DONE, due__isnull=False)
            | Q(status=Resolution.Status.OPEN, due__lt=on),
        ),
    )
    return ResolutionFigures(**figures)


def mechanisms_formed(
    scope: Scope | QuerySet[Body], *, start: date | None = None, end: date | None = None
) -> list[tuple[str, str, int]]:
    """Governance mechanisms formed in ``scope`` (bodies with a *formed* milestone dated from
    ``start`` to ``end``), by kind: ``(kind, label, count)`` for every kind."""
    formed = BodyMilestone.objects.filter(
        body__in=scope_bodies(scope), kind=BodyMilestone.Kind.FORMED
    )
    if start is not None:
        formed = formed.filter(date__gte=start)
    if end is not None:
        formed = formed.filter(date__lte=end)
    counts = dict(formed.values_list("body__kind").annotate(n=Count("id")).order_by())
    return [(kind, str(label), counts.get(kind, 0)) for kind, label in Body.Kind.choices]


# --- Overview (cluster panel, programme page, coordinator's oversight) -------------------------


@dataclass(frozen=True)
class ClusterGovernance:
    cluster: Cluster
    bodies: list[Body]
    commission: Body | None
    meetings_held: int
    last_meeting: Meeting | None
    next_meeting: Meeting | None
    open_resolutions: int
    overdue_resolutions: int
    endorsements: int
    pending: list[DocumentVersion]


def cluster_governance(cluster: Cluster, *, on: date | None = None) -> ClusterGovernance:
    """Where a cluster's governance stands on day ``on`` (today by default)."""
    on = on or today()
    bodies = list(Body.objects.filter(cluster=cluster))
    meetings = Meeting.objects.filter(body__cluster=cluster).select_related("body")
    held = meetings.filter(status=Meeting.Status.HELD)
    resolutions = Resolution.objects.filter(
        meeting__body__cluster=cluster, status=Resolution.Status.OPEN
    )
    return ClusterGovernance(
        cluster=cluster,
        bodies=bodies,
        commission=next((b for b in bodies if b.kind == Body.Kind.CLUSTER_COMMISSION), None),
        meetings_held=held.count(),
        last_meeting=held.order_by("-date", "-id").first(),
        next_meeting=meetings.filter(status=Meeting.Status.PLANNED, date__gte=on)
        .order_by("date", "id")
        .first(),
        open_resolutions=resolutions.count(),
        overdue_resolutions=resolutions.filter(due__lt=on).count(),
        endorsements=Endorsement.objects.filter(body__cluster=cluster).count(),
        pending=pending_versions(cluster),
    )
