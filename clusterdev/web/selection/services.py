"""Selection exercises: setting them up, reading judgments as matrices, computing the group
result and ranking with :mod:`clusterdev.selection`, and recording the decision."""

from __future__ import annotations

import itertools
from dataclasses import asdict, is_dataclass
from typing import Any, Literal, cast

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterdev.web.actors.models import Actor
from clusterdev.web.programmes.models import Cluster, Phase, Programme
from clusterdev.web.selection.models import (
    CandidateValue,
    Criterion,
    Decision,
    Judgment,
    SelectionExercise,
    Stakeholder,
)

# Saaty's fundamental scale as people say it; the stored value is how much more important the
# first criterion is than the second (its reciprocal when the second is the more important).
SCALE = {
    1: gettext_lazy("equally important"),
    2: gettext_lazy("equally to moderately more important"),
    3: gettext_lazy("moderately more important"),
    4: gettext_lazy("moderately to strongly more important"),
    5: gettext_lazy("strongly more important"),
    6: gettext_lazy("strongly to very strongly more important"),
    7: gettext_lazy("very strongly more important"),
    8: gettext_lazy("very to extremely more important"),
    9: gettext_lazy("extremely more important"),
}


def scale_choices() -> list[tuple[str, str]]:
    """Choices from "second extremely more important" (1/9) to "first extremely more" (9)."""
    left = [(f"1/{n}", _("B: %(phrase)s") % {"phrase": SCALE[n]}) for n in range(9, 1, -1)]
    right = [(str(n), _("A: %(phrase)s") % {"phrase": SCALE[n]}) for n in range(2, 10)]
    return [*left, ("1", str(SCALE[1]).capitalize()), *right]


def parse_judgment(text: str) -> float:
    if text.startswith("1/"):
        return 1 / float(text[2:])
    return float(text)


def format_judgment(value: float) -> str:
    if value >= 1:
        return str(round(value))
    return f"1/{round(1 / value)}"


Direction = Literal["benefit", "cost"]
Method = Literal["topsis", "wsm"]
Aggregation = Literal["judgments", "priorities"]


class SelectionInputError(ValueError):
    pass


@transaction.atomic
def create_exercise(
    programme: Programme,
    *,
    title: str,
    criteria_keys: list[str],
    candidates: list[Cluster],
    stakeholders: list[Any],
    by: Any,
) -> SelectionExercise:
    from clusterdev.selection import starter_criteria

    library = {c.key: c for c in starter_criteria()}
    unknown = [k for k in criteria_keys if k not in library]
    if unknown or len(criteria_keys) < 2:
        raise SelectionInputError(_("Choose at least two criteria from the library."))
    exercise = SelectionExercise.objects.create(programme=programme, title=title, created_by=by)
    for position, key in enumerate(criteria_keys):
        c = library[key]
        Criterion.objects.create(
            exercise=exercise,
            key=c.key,
            name=c.name,
            direction=c.direction,
            unit=c.unit,
            source=c.source,
            measure=c.measure or "",
            description=c.description,
            position=position,
        )
    exercise.candidates.set(candidates)
    for user in stakeholders:
        Stakeholder.objects.create(exercise=exercise, user=user)
    prefill_values(exercise)
    return exercise


def pairs(exercise: SelectionExercise) -> list[tuple[Criterion, Criterion]]:
    return list(itertools.combinations(exercise.criteria.all(), 2))


@transaction.atomic
def save_judgments(
    seat: Stakeholder, values: dict[tuple[int, int], float], *, submit: bool
) -> None:
    """Replace the stakeholder's judgments; ``values`` maps (first id, second id) to a_ij."""
    seat.judgments.all().delete()
    Judgment.objects.bulk_create(
        Judgment(stakeholder=seat, first_id=a, second_id=b, value=v) for (a, b), v in values.items()
    )
    seat.submitted_at = timezone.now() if submit else None
    seat.save(update_fields=["submitted_at"])


def matrix_of(seat: Stakeholder, criteria: list[Criterion]) -> list[list[float]] | None:
    """The stakeholder's reciprocal matrix in the order of ``criteria``; None while incomplete."""
    return reciprocal_matrix(
        {(j.first_id, j.second_id): j.value for j in seat.judgments.all()}, criteria
    )


def reciprocal_matrix(
    given: dict[tuple[int, int], float], criteria: list[Criterion]
) -> list[list[float]] | None:
    """The reciprocal matrix of judgments ``given`` as (first id, second id) → a_ij, in the order
    of ``criteria``; None when a pair has no judgment either way."""
    index = {c.pk: i for i, c in enumerate(criteria)}
    n = len(criteria)
    matrix = [[1.0] * n for _ in range(n)]
    for a, b in itertools.combinations(criteria, 2):
        if (a.pk, b.pk) in given:
            value = given[(a.pk, b.pk)]
        elif (b.pk, a.pk) in given:
            value = 1 / given[(b.pk, a.pk)]
        else:
            return None
        matrix[index[a.pk]][index[b.pk]] = value
        matrix[index[b.pk]][index[a.pk]] = 1 / value
    return matrix


def plain(value: Any) -> Any:
    """Dataclass results as JSON-ready dictionaries and lists."""
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def check(matrix: list[list[float]], criteria: list[Criterion]) -> dict[str, Any]:
    """One stakeholder's weights and consistency, for the live check while judging."""
    from clusterdev.selection import ahp

    result: dict[str, Any] = plain(ahp(matrix, criteria=[c.key for c in criteria]))
    return result


def prefill_values(exercise: SelectionExercise) -> int:
    """Fill mapping-sourced criteria from each candidate's mapping evidence or actor register."""
    written = 0
    for cluster in exercise.candidates.all():
        measured = _measured(cluster)
        for criterion in exercise.criteria.filter(source=Criterion.Source.MAPPING):
            value = measured.get(criterion.measure)
            if value is None:
                continue
            CandidateValue.objects.update_or_create(
                exercise=exercise,
                cluster=cluster,
                criterion=criterion,
                defaults={"value": float(value), "note": measured["note"]},
            )
            written += 1
    return written


def _measured(cluster: Cluster) -> dict[str, Any]:
    evidence = cluster.evidence.order_by("-created_at").first()
    if evidence is not None:
        values = dict(evidence.values.get("measures") or {})
        values["note"] = _("mapping run “%(run)s”") % {
            "run": evidence.run.title if evidence.run else "—"
        }
        return values
    members = Actor.objects.enterprises().filter(memberships__cluster=cluster)
    note = _("actor register: cluster members")
    if not members.exists():
        # A candidate without members yet: the register's enterprises of its sectors in its areas.
        areas: set[int] = set()
        for area in cluster.areas.all():
            areas |= area.subtree_ids()
        members = Actor.objects.enterprises().filter(
            programme=cluster.programme_id, isic__in=cluster.sectors.all(), area__in=areas
        )
        note = _("actor register: enterprises of the cluster's sectors in its areas")
    totals = members.aggregate(
        firms=Count("id"),
        women=Sum("employees_female", default=0),
        men=Sum("employees_male", default=0),
        informal=Count("id", filter=Q(formal=False)),
    )
    if not totals["firms"]:
        return {"note": ""}
    employment = totals["women"] + totals["men"]
    return {
        "employment": employment,
        "establishments": totals["firms"],
        "women_share": totals["women"] / employment if employment else None,
        "informal_share": totals["informal"] / totals["firms"],
        "note": note,
    }


def results(exercise: SelectionExercise) -> dict[str, Any]:
    """Everything the exercise page shows: each stakeholder's consistency, the group weights, the
    ranking of the candidates and its sensitivity — as far as the data entered so far allow."""
    from clusterdev.selection import SelectionError, group_ahp, rank, sensitivity

    criteria = list(exercise.criteria.all())
    keys = [c.key for c in criteria]
    seats = list(exercise.stakeholders.select_related("user").prefetch_related("judgments"))
    matrices = {seat: matrix_of(seat, criteria) for seat in seats}
    complete = [(seat, m) for seat, m in matrices.items() if m is not None and seat.submitted_at]
    out: dict[str, Any] = {
        "criteria": criteria,
        "seats": [(seat, check(m, criteria) if m else None) for seat, m in matrices.items()],
        "complete": len(complete),
    }
    if not complete:
        return out
    group = group_ahp(
        [m for _seat, m in complete],
        criteria=keys,
        method=cast(Aggregation, exercise.aggregation),
        stakeholder_weights=[seat.weight for seat, _m in complete],
    )
    out["group"] = plain(group)
    weights = dict(group.weights)
    values = _values(exercise, criteria)
    missing = [
        (cluster, c) for cluster, row in values.items() for c in criteria if c.key not in row
    ]
    out["missing"] = missing
    if missing or len(values) < 2:
        return out
    table = {cluster.name: row for cluster, row in values.items()}
    directions = cast(dict[str, Direction], {c.key: c.direction for c in criteria})
    method = cast(Method, exercise.method)
    try:
        ranking = rank(table, weights=weights, directions=directions, method=method)
        spread = sensitivity(
            table,
            weights=weights,
            directions=directions,
            method=method,
            samples=1000,
            top_k=min(3, len(table)),
            seed=exercise.pk,
        )
    except SelectionError as error:
        out["error"] = str(error)
        return out
    out["ranking"] = plain(ranking)
    out["sensitivity"] = plain(spread)
    out["clusters_by_name"] = {cluster.name: cluster for cluster in values}
    return out


def _values(
    exercise: SelectionExercise, criteria: list[Criterion]
) -> dict[Cluster, dict[str, float]]:
    table: dict[Cluster, dict[str, float]] = {c: {} for c in exercise.candidates.all()}
    keys = {c.pk: c.key for c in criteria}
    for value in exercise.values.select_related("cluster"):
        if value.cluster in table and value.criterion_id in keys:
            table[value.cluster][keys[value.criterion_id]] = value.value
    return table


@transaction.atomic
def record_decision(
    exercise: SelectionExercise, *, selected: list[Cluster], rationale: str, body: str, by: Any
) -> Decision:
    """The Steering Committee's decision; the selected clusters move to phase *selected*."""
    if not exercise.is_open:
        raise SelectionInputError(_("This exercise has already been decided."))
    if not selected:
        raise SelectionInputError(_("Select at least one cluster."))
    if not rationale.strip():
        raise SelectionInputError(_("Give the rationale of the decision."))
    decision = Decision.objects.create(
        exercise=exercise,
        decided_by=by,
        rationale=rationale,
        body=body,
        result=plain(
            {k: v for k, v in results(exercise).items() if k in ("group", "ranking", "sensitivity")}
        ),
    )
    decision.selected.set(selected)
    note = _("Selected by %(body)s in “%(exercise)s”: %(rationale)s") % {
        "body": body,
        "exercise": exercise.title,
        "rationale": rationale,
    }
    for cluster in selected:
        if cluster.phase == Phase.CANDIDATE:
            cluster.change_phase(Phase.SELECTED, by=by, note=note)
    exercise.status = SelectionExercise.Status.DECIDED
    exercise.save(update_fields=["status"])
    return decision


@transaction.atomic
def save_values(exercise: SelectionExercise, values: dict[tuple[int, int], float | None]) -> None:
    """Store the candidates' values; an empty cell removes the value."""
    for (cluster_id, criterion_id), value in values.items():
        if value is None:
            CandidateValue.objects.filter(
                exercise=exercise, cluster_id=cluster_id, criterion_id=criterion_id
            ).delete()
        else:
            CandidateValue.objects.update_or_create(
                exercise=exercise,
                cluster_id=cluster_id,
                criterion_id=criterion_id,
                defaults={"value": value},
            )
