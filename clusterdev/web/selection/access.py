"""Selection exercises belong to a programme. Whoever may see the programme sees the exercise
and its group result; coordinators (and admins) set it up; invited stakeholders judge; the
Steering Committee and coordinators record the decision. A stakeholder's individual judgments are
seen by that stakeholder and the coordinators, and by the other stakeholders only when the
coordinator shares them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clusterdev.web.programmes.access import Action, Rights, User, programme_rights, require
from clusterdev.web.selection.models import SelectionExercise, Stakeholder


def get_exercise_for_user(
    user: User, pk: int, action: Action = Action.VIEW
) -> tuple[SelectionExercise, Rights]:
    exercise = SelectionExercise.objects.select_related("programme").filter(pk=pk).first()
    if exercise is None:
        raise Http404
    return exercise, require(programme_rights(user, exercise.programme), action)


def seat_of(user: User, exercise: SelectionExercise) -> Stakeholder | None:
    if not user.is_authenticated:
        return None
    return exercise.stakeholders.filter(user=user).first()


def get_seat_for_user(user: User, pk: int) -> tuple[SelectionExercise, Stakeholder]:
    """The exercise and the user's own stakeholder seat in it; 403 for viewers without one."""
    exercise, _rights = get_exercise_for_user(user, pk)
    seat = seat_of(user, exercise)
    if seat is None:
        raise PermissionDenied
    return exercise, seat


def may_see_individual(user: User, exercise: SelectionExercise, rights: Rights) -> bool:
    """Whether ``user`` may read every stakeholder's own judgments."""
    if rights.can_edit:
        return True
    return exercise.share_individual and seat_of(user, exercise) is not None
