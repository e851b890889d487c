from __future__ import annotations

import itertools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterdev.web.programmes.access import Action, get_programme_for_user
from clusterdev.web.selection import services
from clusterdev.web.selection.access import (
    get_exercise_for_user,
    get_seat_for_user,
    may_see_individual,
    seat_of,
)
from clusterdev.web.selection.forms import DecisionForm, ExerciseForm
from clusterdev.web.selection.models import CandidateValue, SelectionExercise


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    programme, rights = get_programme_for_user(request.user, slug)
    form = None
    if rights.can_edit:
        form = ExerciseForm(request.POST or None, programme=programme)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            exercise = services.create_exercise(
                programme,
                title=data["title"],
                criteria_keys=list(data["criteria"]),
                candidates=list(data["candidates"]),
                stakeholders=list(data["stakeholders"]),
                by=request.user,
            )
            messages.success(
                request, _("Selection exercise created; stakeholders can now judge the criteria.")
            )
            return redirect(exercise)
    elif request.method == "POST":
        get_programme_for_user(request.user, slug, Action.EDIT)
    context = {
        "programme": programme,
        "rights": rights,
        "exercises": programme.selections.all(),
        "form": form,
    }
    return render(request, "selection/index.html", context)


@login_required
def exercise(request: HttpRequest, pk: int) -> HttpResponse:
    exercise, rights = get_exercise_for_user(request.user, pk)
    outcome = services.results(exercise)
    if not may_see_individual(request.user, exercise, rights):
        own = seat_of(request.user, exercise)
        outcome["seats"] = [
            (seat, check if seat == own else None) for seat, check in outcome["seats"]
        ]
        outcome["individual_hidden"] = True
    decision = getattr(exercise, "decision", None)
    context: dict[str, Any] = {
        "exercise": exercise,
        "programme": exercise.programme,
        "rights": rights,
        "outcome": outcome,
        "seat": seat_of(request.user, exercise),
        "decision": decision,
        "decision_form": (
            DecisionForm(candidates=exercise.candidates.all())
            if rights.can_decide and exercise.is_open and "ranking" in outcome
            else None
        ),
    }
    return render(request, "selection/exercise.html", context)


def _judgment_rows(
    exercise: SelectionExercise, given: dict[tuple[int, int], float]
) -> list[dict[str, Any]]:
    return [
        {
            "first": a,
            "second": b,
            "name": f"j-{a.pk}-{b.pk}",
            "value": services.format_judgment(given.get((a.pk, b.pk), 1.0)),
        }
        for a, b in services.pairs(exercise)
    ]


def _posted_judgments(
    request: HttpRequest, exercise: SelectionExercise
) -> dict[tuple[int, int], float]:
    values = {}
    allowed = {text for text, _label in services.scale_choices()}
    for a, b in services.pairs(exercise):
        text = request.POST.get(f"j-{a.pk}-{b.pk}", "1")
        values[(a.pk, b.pk)] = services.parse_judgment(text if text in allowed else "1")
    return values


@login_required
def judge(request: HttpRequest, pk: int) -> HttpResponse:
    exercise, seat = get_seat_for_user(request.user, pk)
    criteria = list(exercise.criteria.all())
    if request.method == "POST" and exercise.is_open:
        values = _posted_judgments(request, exercise)
        services.save_judgments(seat, values, submit="submit" in request.POST)
        messages.success(request, _("Your judgments are saved."))
        return redirect(exercise)
    given = {(j.first_id, j.second_id): j.value for j in seat.judgments.all()}
    matrix = services.matrix_of(seat, criteria) or [[1.0] * len(criteria) for _c in criteria]
    context = {
        "exercise": exercise,
        "seat": seat,
        "rows": _judgment_rows(exercise, given),
        "choices": services.scale_choices(),
        "check": services.check(matrix, criteria),
        "criteria": criteria,
    }
    return render(request, "selection/judge.html", context)


@login_required
@require_POST
def judge_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The live consistency panel: weights, CR and the judgments to reconsider, before saving."""
    exercise, _seat = get_seat_for_user(request.user, pk)
    criteria = list(exercise.criteria.all())
    matrix = services.reciprocal_matrix(_posted_judgments(request, exercise), criteria)
    assert matrix is not None  # every pair is posted (an absent one counts as "equal")
    check = services.check(matrix, criteria)
    return render(request, "selection/_check.html", {"check": check, "criteria": criteria})


@login_required
def values(request: HttpRequest, pk: int) -> HttpResponse:
    exercise, _rights = get_exercise_for_user(request.user, pk, Action.EDIT)
    criteria = list(exercise.criteria.all())
    candidates = list(exercise.candidates.all())
    errors: list[str] = []
    if request.method == "POST" and exercise.is_open:
        parsed: dict[tuple[int, int], float | None] = {}
        for cluster, criterion in itertools.product(candidates, criteria):
            text = request.POST.get(f"v-{cluster.pk}-{criterion.pk}", "").strip().replace(",", ".")
            try:
                parsed[(cluster.pk, criterion.pk)] = float(text) if text else None
            except ValueError:
                errors.append(
                    _("%(cluster)s, %(criterion)s: “%(text)s” is not a number.")
                    % {"cluster": cluster.name, "criterion": criterion.name, "text": text}
                )
        if not errors:
            services.save_values(exercise, parsed)
            messages.success(request, _("Values saved."))
            return redirect(exercise)
    stored = {
        (v.cluster_id, v.criterion_id): v for v in CandidateValue.objects.filter(exercise=exercise)
    }
    table = [
        (
            cluster,
            [
                (
                    criterion,
                    stored.get((cluster.pk, criterion.pk)),
                    f"v-{cluster.pk}-{criterion.pk}",
                )
                for criterion in criteria
            ],
        )
        for cluster in candidates
    ]
    context = {
        "exercise": exercise,
        "criteria": criteria,
        "table": table,
        "errors": errors,
        "posted": request.POST,
    }
    return render(request, "selection/values.html", context, status=400 if errors else 200)


@login_required
@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    exercise, _rights = get_exercise_for_user(request.user, pk, Action.EDIT)
    exercise.share_individual = request.POST.get("share") == "1"
    exercise.save(update_fields=["share_individual"])
    return redirect(exercise)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    exercise, _rights = get_exercise_for_user(request.user, pk, Action.DECIDE)
    form = DecisionForm(request.POST, candidates=exercise.candidates.all())
    if form.is_valid():
        try:
            services.record_decision(
                exercise,
                selected=list(form.cleaned_data["selected"]),
                rationale=form.cleaned_data["rationale"],
                body=form.cleaned_data["body"],
                by=request.user,
            )
        except services.SelectionInputError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Decision recorded; the selected clusters are now in phase Selected.")
            )
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
    return redirect(exercise)
