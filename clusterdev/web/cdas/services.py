"""CDA rules: appointing and handing over (kept in step with the CDA ``RoleAssignment``), the
activity log with its participant counts, the reporting schedule and the coordinator's overview.

Other apps read field activity through :func:`activities_between`, :func:`participants_by_sex`,
:func:`participants_by_group`, :func:`activities_by_kind` and :func:`field_days` (e.g. M&E
indicators such as "trust-building events", "people trained, by sex" or "CDA person-days").
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterdev.web.actors.models import Actor, AttendeeSex, Person, StakeholderGroup
from clusterdev.web.cdas.models import (
    Activity,
    ActivityKind,
    ActivityParticipants,
    Appointment,
    CdaProfile,
    CdaReport,
    ReportingFrequency,
)
from clusterdev.web.programmes.models import (
    PHASE_ORDER,
    Cluster,
    Phase,
    Programme,
    Role,
    RoleAssignment,
)

# A period's report is overdue once the period has ended more than this many days ago and no
# submitted report covers it: ten days give the CDA time to write up the last week's work.
REPORT_GRACE_DAYS = 10

# The phases in which a cluster can have a CDA: from its selection until it is closed.
CDA_PHASES = frozenset(PHASE_ORDER[PHASE_ORDER.index(Phase.SELECTED) : -1])

# Stakeholder groups shown first on the quick activity form (the others sit one tap away).
COMMON_GROUPS = (
    StakeholderGroup.ENTERPRISES,
    StakeholderGroup.BUSINESS_ASSOCIATIONS,
    StakeholderGroup.SUPPORT_INSTITUTIONS,
    StakeholderGroup.PUBLIC_SECTOR,
)


class CdaInputError(ValueError):
    """Input that breaks a rule; ``field`` names the form field to show the message on."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def today() -> date:
    return timezone.localdate()


def person_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


# --- Who is the cluster's CDA ------------------------------------------------------------------


@dataclass(frozen=True)
class ClusterCda:
    """A CDA of a cluster: their role, and their appointment when its details are recorded."""

    user: User
    appointment: Appointment | None

    @property
    def name(self) -> str:
        return person_name(self.user)


def cluster_cdas(cluster: Cluster) -> list[ClusterCda]:
    """The cluster's current CDAs (normally one): the holders of its CDA role, each with their
    current appointment, or ``None`` when it was given without one ("dates not recorded")."""
    appointments = {
        a.cda_id: a
        for a in Appointment.objects.current().filter(cluster=cluster).select_related("cda")
    }
    holders = [
        ra.user
        for ra in RoleAssignment.objects.filter(cluster=cluster, role=Role.CDA)
        .select_related("user")
        .order_by("id")
    ]
    cdas = [ClusterCda(user, appointments.pop(user.pk, None)) for user in holders]
    # An appointment whose role was removed by hand (e.g. in Django admin) still shows.
    cdas += [ClusterCda(a.cda, a) for a in appointments.values()]
    return cdas


def current_cda(cluster: Cluster) -> ClusterCda | None:
    cdas = cluster_cdas(cluster)
    with_appointment = [c for c in cdas if c.appointment]
    candidates = with_appointment or cdas
    return candidates[0] if candidates else None


def can_have_cda(cluster: Cluster) -> bool:
    return cluster.phase in CDA_PHASES


def _check_phase(cluster: Cluster) -> None:
    if cluster.phase == Phase.CANDIDATE:
        raise CdaInputError(
            _(
                "%(cluster)s is still a candidate cluster: a CDA is appointed once the cluster is "
                "selected. Record the selection decision first."
            )
            % {"cluster": cluster.name}
        )
    if cluster.phase not in CDA_PHASES:
        raise CdaInputError(
            _("%(cluster)s is closed: it cannot get a CDA.") % {"cluster": cluster.name}
        )


def _check_no_overlap(
    cluster: Cluster, start: date, end: date | None, *, exclude: int | None = None
) -> None:
    """One lead CDA at a time: no other appointment of the cluster may share a day with
    [start, end] — except the hand-over day, on which one ends and the next begins."""
    others = Appointment.objects.filter(cluster=cluster)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    others = others.filter(Q(end__isnull=True) | Q(end__gt=start))
    if end is not None:
        others = others.filter(start__lt=end)
    clash = others.select_related("cda").first()
    if clash is not None:
        raise CdaInputError(
            _(
                "These dates overlap the appointment of %(cda)s (from %(start)s%(until)s). A "
                "cluster has one lead CDA at a time: change CDAs with a hand-over."
            )
            % {
                "cda": clash.cda_name,
                "start": clash.start.isoformat(),
                "until": _(" to %(end)s") % {"end": clash.end.isoformat()} if clash.end else "",
            },
            "start",
        )


def _give_role(cluster: Cluster, user: User) -> None:
    RoleAssignment.objects.get_or_create(user=user, role=Role.CDA, cluster=cluster)
    profile, _created = CdaProfile.objects.get_or_create(user=user)
    profile.programmes.add(cluster.programme)


@transaction.atomic
def appoint(
    cluster: Cluster,
    *,
    cda: User,
    start: date,
    by: User | None,
    terms_of_reference: str = "",
    terms_file: UploadedFile | None = None,
    reporting_frequency: str = ReportingFrequency.MONTHLY,
    start_diagnostic: bool = False,
) -> Appointment:
    """Appoint ``cda`` to ``cluster`` from ``start``: the appointment record, the CDA role (which
    opens the cluster to them) and a place on the programme's roster; optionally the cluster
    moves from *selected* to its diagnostic. For a CDA who already holds the role without an
    appointment record, this records the appointment's details."""
    _check_phase(cluster)
    if start_diagnostic and cluster.phase != Phase.SELECTED:
        raise CdaInputError(
            _(
                "The diagnostic can start only from phase Selected; the cluster is in phase %(phase)s."
            )
            % {"phase": cluster.get_phase_display()},
            "start_diagnostic",
        )
    for holder in cluster_cdas(cluster):
        if holder.user.pk != cda.pk:
            raise CdaInputError(
                _("%(cluster)s already has a CDA, %(cda)s: change CDAs with a hand-over.")
                % {"cluster": cluster.name, "cda": holder.name},
                "cda",
            )
        if holder.appointment is not None:
            raise CdaInputError(
                _("%(cda)s is already appointed to %(cluster)s since %(start)s.")
                % {
                    "cda": holder.name,
                    "cluster": cluster.name,
                    "start": holder.appointment.start.isoformat(),
                },
                "cda",
            )
    _check_no_overlap(cluster, start, None)
    appointment = Appointment(
        cluster=cluster,
        cda=cda,
        start=start,
        terms_of_reference=terms_of_reference,
        reporting_frequency=reporting_frequency,
        appointed_by=by,
    )
    if terms_file is not None:
        appointment.terms_file = terms_file
    appointment.save()
    _give_role(cluster, cda)
    if start_diagnostic:
        cluster.change_phase(
            Phase.DIAGNOSED,
            by=by,
            note=_("Diagnostic started with the appointment of CDA %(cda)s.")
            % {"cda": person_name(cda)},
        )
    return appointment


@transaction.atomic
def hand_over(
    cluster: Cluster,
    *,
    incoming: User,
    on: date,
    note: str,
    by: User | None,
    outgoing_start: date | None = None,
    terms_of_reference: str = "",
    terms_file: UploadedFile | None = None,
    reporting_frequency: str = ReportingFrequency.MONTHLY,
) -> Appointment:
    """Hand the cluster from its current CDA to ``incoming`` on day ``on``: the outgoing
    appointment ends that day with the hand-over note and its role is removed; the incoming CDA's
    appointment starts that day with the role. All or nothing.

    When the outgoing CDA held the role without an appointment record, ``outgoing_start``
    (the start of their appointment) is recorded with it."""
    _check_phase(cluster)
    outgoing = current_cda(cluster)
    if outgoing is None:
        raise CdaInputError(
            _("%(cluster)s has no CDA to hand over from: appoint one instead.")
            % {"cluster": cluster.name}
        )
    if incoming.pk == outgoing.user.pk:
        raise CdaInputError(
            _("%(cda)s is already the cluster's CDA: choose the incoming CDA.")
            % {"cda": outgoing.name},
            "incoming",
        )
    if on > today():
        raise CdaInputError(
            _("The hand-over date cannot be in the future: record the hand-over when it happens."),
            "on",
        )
    if not note.strip():
        raise CdaInputError(
            _("Write a hand-over note: what the incoming CDA needs to know."), "note"
        )
    ending = outgoing.appointment
    if ending is None:
        if outgoing_start is None:
            raise CdaInputError(
                _("%(cda)s's appointment has no recorded start: give the date it began.")
                % {"cda": outgoing.name},
                "outgoing_start",
            )
        ending = Appointment(
            cluster=cluster, cda=outgoing.user, start=outgoing_start, appointed_by=None
        )
    if on < ending.start:
        raise CdaInputError(
            _(
                "The hand-over date (%(on)s) is before the start of %(cda)s's appointment "
                "(%(start)s)."
            )
            % {"on": on.isoformat(), "cda": outgoing.name, "start": ending.start.isoformat()},
            "on",
        )
    _check_no_overlap(cluster, ending.start, on, exclude=ending.pk)
    ending.end = on
    ending.handover_note = note
    ending.save()
    RoleAssignment.objects.filter(user=outgoing.user, role=Role.CDA, cluster=cluster).delete()
    _check_no_overlap(cluster, on, None)
    incoming_appointment = Appointment(
        cluster=cluster,
        cda=incoming,
        start=on,
        terms_of_reference=terms_of_reference,
        reporting_frequency=reporting_frequency,
        appointed_by=by,
    )
    if terms_file is not None:
        incoming_appointment.terms_file = terms_file
    incoming_appointment.save()
    _give_role(cluster, incoming)
    return incoming_appointment


@transaction.atomic
def update_appointment(
    appointment: Appointment,
    *,
    start: date,
    terms_of_reference: str,
    reporting_frequency: str,
    terms_file: UploadedFile | None = None,
) -> Appointment:
    """Correct an appointment's start, terms or reporting frequency (not its end: that is the
    hand-over's)."""
    if appointment.end is not None and start > appointment.end:
        raise CdaInputError(
            _("The start (%(start)s) cannot be after the end of the appointment (%(end)s).")
            % {"start": start.isoformat(), "end": appointment.end.isoformat()},
            "start",
        )
    _check_no_overlap(appointment.cluster, start, appointment.end, exclude=appointment.pk)
    appointment.start = start
    appointment.terms_of_reference = terms_of_reference
    appointment.reporting_frequency = reporting_frequency
    if terms_file is not None:
        appointment.terms_file = terms_file
    appointment.save()
    return appointment


# --- Roster --------------------------------------------------------------------------------------


@transaction.atomic
def add_to_roster(programme: Programme, user: User, **details: Any) -> CdaProfile:
    """Put ``user`` on the programme's roster, creating their profile when needed; ``details``
    fill the profile's empty fields (phone, languages)."""
    profile, _created = CdaProfile.objects.get_or_create(user=user)
    changed = [name for name, value in details.items() if value and not getattr(profile, name)]
    for name in changed:
        setattr(profile, name, details[name])
    if changed:
        profile.save(update_fields=changed)
    profile.programmes.add(programme)
    return profile


@dataclass
class RosterEntry:
    user: User
    profile: CdaProfile | None
    clusters: list[tuple[Cluster, Appointment | None]]

    @property
    def name(self) -> str:
        return person_name(self.user)


def roster(programme: Programme) -> list[RosterEntry]:
    """The programme's CDAs: roster entries, appointed CDAs and holders of a CDA role in its
    clusters, each with their current clusters (an unrecorded appointment shows without
    dates)."""
    current = list(
        Appointment.objects.current()
        .filter(cluster__programme=programme)
        .select_related("cluster", "cda")
        .order_by("start")
    )
    roles = list(
        RoleAssignment.objects.filter(cluster__programme=programme, role=Role.CDA).select_related(
            "cluster", "user"
        )
    )
    users: dict[int, User] = {}
    for profile in CdaProfile.objects.filter(programmes=programme).select_related("user"):
        users[profile.user_id] = profile.user
    past = Appointment.objects.filter(cluster__programme=programme).select_related("cda")
    for appointment in [*current, *past]:
        users.setdefault(appointment.cda_id, appointment.cda)
    for ra in roles:
        users.setdefault(ra.user_id, ra.user)
    profiles = {
        p.user_id: p
        for p in CdaProfile.objects.filter(user__in=users)
        .select_related("user")
        .prefetch_related("trainings", "sectors")
    }
    entries = []
    for user_id, user in users.items():
        assignments: list[tuple[Cluster, Appointment | None]] = [
            (a.cluster, a) for a in current if a.cda_id == user_id
        ]
        appointed = {a.cluster_id for a in current}
        assignments += [
            (ra.cluster, None)
            for ra in roles
            if ra.cluster is not None and ra.user_id == user_id and ra.cluster_id not in appointed
        ]
        entries.append(RosterEntry(user, profiles.get(user_id), assignments))
    entries.sort(
        key=lambda e: (e.user.last_name.lower(), e.user.first_name.lower(), e.user.username)
    )
    return entries


# --- Activities ----------------------------------------------------------------------------------

Counts = Mapping[tuple[str, str], int]


@transaction.atomic
def save_activity(
    activity: Activity,
    *,
    actors: Iterable[Actor] = (),
    people: Iterable[Person] | None = None,
    participants: Counts,
) -> Activity:
    """Save a new or changed activity with its actors, named people (``None`` keeps them as
    they are, for editors who may not see them) and participant counts by (group, sex)."""
    if activity.date > today():
        raise CdaInputError(_("The date cannot be in the future."), "date")
    actors = list(actors)
    programme_id = activity.cluster.programme_id
    strangers = [a.name for a in actors if a.programme_id != programme_id]
    if strangers:
        raise CdaInputError(
            _("Not actors of this programme: %(names)s.") % {"names": ", ".join(strangers)},
            "actors",
        )
    groups, sexes = set(StakeholderGroup.values), set(AttendeeSex.values)
    for (group, sex), count in participants.items():
        if group not in groups or sex not in sexes:
            raise CdaInputError(_("Unknown stakeholder group or sex: %s.") % f"{group}/{sex}")
        if not isinstance(count, int) or count < 0:
            raise CdaInputError(
                _("Participant counts are whole numbers of zero or more."), "participants"
            )
    if people is not None:
        people = list(people)
        if any(p.actor.programme_id != programme_id for p in people):
            raise CdaInputError(
                _("Named participants must work for actors of this programme."), "people"
            )
    activity.save()
    activity.actors.set(actors)
    if people is not None:
        activity.people.set(people)
    existing = {(p.group, p.sex): p for p in activity.participants.all()}
    for key, count in participants.items():
        row = existing.pop(key, None)
        if count == 0:
            if row is not None:
                row.delete()
        elif row is None:
            ActivityParticipants.objects.create(
                activity=activity, group=key[0], sex=key[1], count=count
            )
        elif row.count != count:
            row.count = count
            row.save(update_fields=["count"])
    for row in existing.values():  # groups and sexes not given: none took part
        row.delete()
    return activity


def activities_between(
    *,
    programme: Programme | None = None,
    cluster: Cluster | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[Activity]:
    """Activities of a programme or a cluster dated from ``start`` to ``end`` (both included)."""
    activities = Activity.objects.all()
    if programme is not None:
        activities = activities.filter(cluster__programme=programme)
    if cluster is not None:
        activities = activities.filter(cluster=cluster)
    if start is not None:
        activities = activities.filter(date__gte=start)
    if end is not None:
        activities = activities.filter(date__lte=end)
    return activities


def participants_by_sex(activities: QuerySet[Activity]) -> dict[str, int]:
    """Participants summed over ``activities``: {"female": n, "male": n, "not_stated": n,
    "total": n}. Counts are of participations (someone at two activities counts twice)."""
    rows = ActivityParticipants.objects.filter(activity__in=activities.values("pk"))
    totals = dict(rows.values_list("sex").annotate(n=Sum("count")))
    result = {sex: int(totals.get(sex) or 0) for sex in AttendeeSex.values}
    result["total"] = sum(result.values())
    return result


def field_days(activities: QuerySet[Activity]) -> int:
    """CDA person-days in the field: the distinct (person, day) pairs among ``activities`` (two
    activities of one CDA on one day make one field day)."""
    return activities.order_by().values("cda", "date").distinct().count()


@dataclass(frozen=True)
class GroupCounts:
    group: str
    label: str
    female: int
    male: int
    not_stated: int

    @property
    def total(self) -> int:
        return self.female + self.male + self.not_stated


def participants_by_group(activities: QuerySet[Activity]) -> list[GroupCounts]:
    """Participants by stakeholder group and sex, in the groups' order, groups with none left
    out."""
    rows = ActivityParticipants.objects.filter(activity__in=activities.values("pk"))
    cells: dict[tuple[str, str], int] = {
        (g, s): int(n) for g, s, n in rows.values_list("group", "sex").annotate(n=Sum("count"))
    }
    result = []
    for group, label in StakeholderGroup.choices:
        counts = GroupCounts(
            group,
            str(label),
            cells.get((group, AttendeeSex.FEMALE), 0),
            cells.get((group, AttendeeSex.MALE), 0),
            cells.get((group, AttendeeSex.NOT_STATED), 0),
        )
        if counts.total:
            result.append(counts)
    return result


def activities_by_kind(activities: QuerySet[Activity]) -> list[tuple[str, str, int]]:
    """(kind, label, number of activities) for every kind, in the kinds' order."""
    counts = dict(activities.order_by().values_list("kind").annotate(n=Count("id")))
    return [(kind, str(label), counts.get(kind, 0)) for kind, label in ActivityKind.choices]


@dataclass(frozen=True)
class ActivitySummary:
    total: int
    by_kind: list[tuple[str, str, int]]
    by_sex: dict[str, int]
    by_group: list[GroupCounts]


def summarise(activities: QuerySet[Activity]) -> ActivitySummary:
    return ActivitySummary(
        total=activities.count(),
        by_kind=activities_by_kind(activities),
        by_sex=participants_by_sex(activities),
        by_group=participants_by_group(activities),
    )


@dataclass(frozen=True)
class MonthBar:
    month: date  # the first day of the month
    count: int
    height: int  # per cent of the busiest month, for the bar chart


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def monthly_counts(
    activities: QuerySet[Activity], *, until: date, months: int = 12
) -> list[MonthBar]:
    """Activities per calendar month for the ``months`` months ending with ``until``'s month."""
    first = _add_months(until.replace(day=1), -(months - 1))
    counts: dict[date, int] = defaultdict(int)
    for day in activities.filter(date__gte=first, date__lte=until).values_list("date", flat=True):
        counts[day.replace(day=1)] += 1
    busiest = max(counts.values(), default=0)
    bars = []
    for i in range(months):
        month = _add_months(first, i)
        n = counts.get(month, 0)
        bars.append(MonthBar(month, n, round(100 * n / busiest) if busiest else 0))
    return bars


# --- Reports -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def covered_by(self, spans: list[tuple[date, date]]) -> bool:
        """Whether the union of the (start, end) ``spans`` covers every day of the period."""
        reach = self.start - timedelta(days=1)
        for start, end in sorted(spans):
            if start > reach + timedelta(days=1):
                break
            reach = max(reach, end)
            if reach >= self.end:
                return True
        return reach >= self.end


def _period_end(day: date, frequency: str) -> date:
    last_month = (
        day.month if frequency == ReportingFrequency.MONTHLY else (day.month - 1) // 3 * 3 + 3
    )
    return date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])


def reporting_periods(
    start: date, frequency: str, *, until: date, end: date | None = None
) -> list[Period]:
    """The reporting periods of an appointment from ``start`` (to ``end`` if it ended) that have
    begun by ``until``.

    Periods are calendar months (or quarters), the first beginning on the appointment's start and
    the last ending on its end, so that reports line up with the programme's monitoring periods:
    an appointment from 15 March, reporting monthly, has 15–31 March, then April, May…

    >>> [(p.start.isoformat(), p.end.isoformat()) for p in reporting_periods(
    ...     date(2026, 3, 15), "monthly", until=date(2026, 5, 2))]
    [('2026-03-15', '2026-03-31'), ('2026-04-01', '2026-04-30'), ('2026-05-01', '2026-05-31')]
    """
    last_day = min(until, end) if end else until
    periods = []
    day = start
    while day <= last_day:
        period_end = _period_end(day, frequency)
        if end is not None:
            period_end = min(period_end, end)
        periods.append(Period(day, period_end))
        day = period_end + timedelta(days=1)
    return periods


class PeriodState:
    SUBMITTED = "submitted"
    DRAFT = "draft"
    OVERDUE = "overdue"
    DUE = "due"  # ended, within the grace days
    RUNNING = "running"


@dataclass(frozen=True)
class ScheduleRow:
    period: Period
    state: str
    reports: list[CdaReport] = field(default_factory=list)

    @property
    def is_overdue(self) -> bool:
        return self.state == PeriodState.OVERDUE


def is_overdue(period: Period, submitted: list[tuple[date, date]], *, on: date) -> bool:
    """Overdue: the period ended more than :data:`REPORT_GRACE_DAYS` days before ``on`` and the
    submitted reports' periods do not cover it."""
    return (on - period.end).days > REPORT_GRACE_DAYS and not period.covered_by(submitted)


def report_schedule(appointment: Appointment, *, on: date | None = None) -> list[ScheduleRow]:
    """Each expected reporting period of the appointment up to ``on`` (default today) with its
    state and the reports that overlap it."""
    on = on or today()
    reports = list(
        CdaReport.objects.filter(cluster=appointment.cluster_id, cda=appointment.cda_id).order_by(
            "period_start"
        )
    )
    submitted = [(r.period_start, r.period_end) for r in reports if r.is_submitted]
    rows = []
    periods = reporting_periods(
        appointment.start, appointment.reporting_frequency, until=on, end=appointment.end
    )
    for period in periods:
        overlapping = [
            r for r in reports if r.period_start <= period.end and r.period_end >= period.start
        ]
        if period.covered_by(submitted):
            state = PeriodState.SUBMITTED
        elif is_overdue(period, submitted, on=on):
            state = PeriodState.OVERDUE
        elif any(not r.is_submitted for r in overlapping):
            state = PeriodState.DRAFT
        elif period.end < on:
            state = PeriodState.DUE
        else:
            state = PeriodState.RUNNING
        rows.append(ScheduleRow(period, state, overlapping))
    return rows


def overdue_periods(appointment: Appointment, *, on: date | None = None) -> list[Period]:
    return [row.period for row in report_schedule(appointment, on=on) if row.is_overdue]


def report_cda(cluster: Cluster, user: User) -> User:
    """Whose report a user writes on a cluster: their own if they are its CDA, otherwise (the
    coordinator writing on the CDA's behalf) the cluster's current CDA."""
    for holder in cluster_cdas(cluster):
        if holder.user.pk == user.pk:
            return user
    current = current_cda(cluster)
    if current is None:
        raise CdaInputError(_("%(cluster)s has no CDA yet.") % {"cluster": cluster.name})
    return current.user


@transaction.atomic
def save_report(report: CdaReport, *, submit: bool = False) -> CdaReport:
    """Save a draft report (and submit it when ``submit``); a submitted report is final unless
    the coordinator returns it."""
    if (
        report.pk
        and CdaReport.objects.filter(pk=report.pk, status=CdaReport.Status.SUBMITTED).exists()
    ):
        raise CdaInputError(_("This report was submitted; it can no longer be changed."))
    if report.period_end < report.period_start:
        raise CdaInputError(_("The period ends before it starts."), "period_end")
    if report.period_start > today():
        raise CdaInputError(_("The period has not begun yet."), "period_start")
    clash = (
        CdaReport.objects.filter(
            cluster=report.cluster_id,
            cda=report.cda_id,
            period_start__lte=report.period_end,
            period_end__gte=report.period_start,
        )
        .exclude(pk=report.pk)
        .first()
    )
    if clash is not None:
        raise CdaInputError(
            _("This period overlaps the report for %(start)s – %(end)s: edit that one instead.")
            % {"start": clash.period_start.isoformat(), "end": clash.period_end.isoformat()},
            "period_start",
        )
    if submit:
        report.status = CdaReport.Status.SUBMITTED
        report.submitted_at = timezone.now()
    report.save()
    return report


def submit_report(report: CdaReport) -> CdaReport:
    if report.is_submitted:
        raise CdaInputError(_("This report is already submitted."))
    return save_report(report, submit=True)


def give_feedback(report: CdaReport, *, text: str, by: User) -> CdaReport:
    if not report.is_submitted:
        raise CdaInputError(_("Feedback is given on submitted reports."))
    if not text.strip():
        raise CdaInputError(_("Write the feedback."), "feedback")
    report.feedback = text.strip()
    report.feedback_by = by
    report.feedback_at = timezone.now()
    report.save(update_fields=["feedback", "feedback_by", "feedback_at"])
    return report


def return_report(report: CdaReport) -> CdaReport:
    """Send a submitted report back to its CDA as a draft (the feedback stays with it)."""
    if not report.is_submitted:
        raise CdaInputError(_("Only a submitted report can be returned."))
    report.status = CdaReport.Status.DRAFT
    report.submitted_at = None
    report.save(update_fields=["status", "submitted_at"])
    return report


# --- Coordinator's overview ----------------------------------------------------------------------


@dataclass
class CdaOverview:
    user: User
    profile: CdaProfile | None
    clusters: list[tuple[Cluster, Appointment | None]]
    months: list[MonthBar]
    activity_count: int
    last_activity: date | None
    days_since: int | None
    participants: dict[str, int]
    overdue: list[tuple[Cluster, Period]]
    latest_report: CdaReport | None

    @property
    def name(self) -> str:
        return person_name(self.user)


def oversight(programme: Programme, *, on: date | None = None) -> list[CdaOverview]:
    """For each CDA of the programme: clusters, activity per month over the last 12 months,
    days since the last activity, participants by sex (12 months), overdue reporting periods and
    the latest submitted report."""
    on = on or today()
    since = _add_months(on.replace(day=1), -11)
    appointments = list(
        Appointment.objects.filter(cluster__programme=programme).select_related("cluster", "cda")
    )
    overviews = []
    for entry in roster(programme):
        logged = Activity.objects.filter(cluster__programme=programme, cda=entry.user)
        last = logged.aggregate(last=Max("date"))["last"]
        overdue = [
            (a.cluster, period)
            for a in appointments
            if a.cda_id == entry.user.pk
            for period in overdue_periods(a, on=on)
        ]
        latest = (
            CdaReport.objects.filter(
                cluster__programme=programme, cda=entry.user, status=CdaReport.Status.SUBMITTED
            )
            .select_related("cluster", "feedback_by")
            .order_by("-period_end", "-id")
            .first()
        )
        recent = logged.filter(date__gte=since, date__lte=on)
        overviews.append(
            CdaOverview(
                user=entry.user,
                profile=entry.profile,
                clusters=entry.clusters,
                months=monthly_counts(logged, until=on),
                activity_count=recent.count(),
                last_activity=last,
                days_since=(on - last).days if last else None,
                participants=participants_by_sex(recent),
                overdue=overdue,
                latest_report=latest,
            )
        )
    return overviews


def awaiting_feedback(programme: Programme) -> QuerySet[CdaReport]:
    return (
        CdaReport.objects.filter(
            cluster__programme=programme, status=CdaReport.Status.SUBMITTED, feedback=""
        )
        .select_related("cluster", "cda")
        .order_by("submitted_at")
    )
