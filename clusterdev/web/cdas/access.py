"""Who may do what with CDA records, decided from the roles of
:mod:`clusterdev.web.programmes.access`.

- Appointments, activities and reports belong to a cluster: ``Action.VIEW`` on the cluster reads
  them (participants as counts only), ``Action.EDIT`` logs activities and writes reports (the
  cluster's CDA, the coordinator), ``Action.MANAGE_CDAS`` appoints, hands over and gives feedback.
  A draft report is seen only by those who may edit it.
- A CDA profile belongs to the rosters of the programmes it serves; reading it needs the right to
  see personal data there (coordinators, admins). Its CDA reads it too and may edit their own
  competencies (``EDIT``); the full profile and the roster need ``MANAGE_CDAS``.

Without any role the object does not exist (404); with a role but not the right, 403.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from clusterdev.web.cdas.models import Activity, Appointment, CdaProfile, CdaReport, Training
from clusterdev.web.programmes.access import (
    ALL_RIGHTS,
    Action,
    Rights,
    User,
    cluster_rights,
    programme_rights,
    require,
)
from clusterdev.web.programmes.models import Programme, Role

# What a CDA may do with their own profile, whatever their roles.
SELF_RIGHTS = frozenset({Action.VIEW, Action.VIEW_PERSONAL, Action.EDIT})


def get_activity_for_user(
    user: User, pk: int, action: Action = Action.VIEW
) -> tuple[Activity, Rights]:
    activity = Activity.objects.select_related("cluster__programme", "cda").filter(pk=pk).first()
    if activity is None:
        raise Http404
    return activity, require(cluster_rights(user, activity.cluster), action)


def get_appointment_for_user(
    user: User, pk: int, action: Action = Action.VIEW
) -> tuple[Appointment, Rights]:
    appointment = (
        Appointment.objects.select_related("cluster__programme", "cda").filter(pk=pk).first()
    )
    if appointment is None:
        raise Http404
    return appointment, require(cluster_rights(user, appointment.cluster), action)


def get_report_for_user(
    user: User, pk: int, action: Action = Action.VIEW
) -> tuple[CdaReport, Rights]:
    report = CdaReport.objects.select_related("cluster__programme", "cda").filter(pk=pk).first()
    if report is None:
        raise Http404
    rights = require(cluster_rights(user, report.cluster), action)
    if not report.is_submitted:
        require(rights, Action.EDIT)
    return report, rights


def roster_programmes(profile: CdaProfile) -> list[Programme]:
    """The programmes whose roster lists ``profile``: a roster entry, an appointment (current or
    past) or a CDA role in one of the programme's clusters."""
    return list(
        Programme.objects.filter(
            Q(cda_roster=profile)
            | Q(clusters__cda_appointments__cda=profile.user_id)
            | Q(
                clusters__role_assignments__user=profile.user_id,
                clusters__role_assignments__role=Role.CDA,
            )
        ).distinct()
    )


def profile_rights(user: User, profile: CdaProfile) -> Rights:
    if user.is_superuser:
        return Rights(ALL_RIGHTS)
    actions: set[Action] = set()
    for programme in roster_programmes(profile):
        actions |= programme_rights(user, programme).actions
    if user.is_authenticated and user.pk == profile.user_id:
        actions |= SELF_RIGHTS
    return Rights(frozenset(actions))


def get_profile_for_user(
    user: User, pk: int, action: Action = Action.VIEW_PERSONAL
) -> tuple[CdaProfile, Rights]:
    """A CDA profile holds personal data: reading it needs ``VIEW_PERSONAL``."""
    profile = CdaProfile.objects.select_related("user").filter(pk=pk).first()
    if profile is None:
        raise Http404
    rights = require(profile_rights(user, profile), Action.VIEW_PERSONAL)
    return profile, require(rights, action)


def get_training_for_user(
    user: User, pk: int, action: Action = Action.VIEW_PERSONAL
) -> tuple[Training, Rights]:
    training = Training.objects.select_related("profile__user").filter(pk=pk).first()
    if training is None:
        raise Http404
    _profile, rights = get_profile_for_user(user, training.profile_id, action)
    return training, rights
