"""A cluster whose register matches the survey fixtures of :mod:`clusterdev.surveys.tests`.

The fixtures (``clusterdev/surveys/tests/data``) are exports of the Atuntaqui garment cluster's
forms: form ids ``atuntaqui-garment-<kind>``, actors 1–7 (enterprises) and 20–24 (institutions)
of ``atuntaqui.ACTORS``. :func:`make_world_with_survey_actors` creates those actors with those
ids before the personas' world (whose own actors then take the next ids), and
:func:`make_atuntaqui` gives them a cluster called ``atuntaqui-garment`` (a new one, or cluster
A renamed), so that the fixtures import as they would in the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection, models

from clusterdev.surveys.tests import atuntaqui as survey
from clusterdev.web.actors.models import Actor, ClusterMembership
from clusterdev.web.diagnostics import models as diagnostics
from clusterdev.web.diagnostics.models import SurveyWave
from clusterdev.web.programmes.models import Cluster
from clusterdev.web.test import World, make_cluster, make_programme, make_world

DATA = Path(survey.__file__).parent / "data"
MALFORMED = DATA / "malformed"
SLUG = survey.CLUSTER.slug


@dataclass
class Atuntaqui:
    world: World
    cluster: Cluster
    wave: SurveyWave
    actors: dict[int, Actor]


def make_world_with_survey_actors() -> tuple[World, dict[int, Actor]]:
    holder = make_programme("survey-actors")
    actors = {}
    for row in survey.ACTORS:
        fields = {"institution_type": "business_association"} if row.kind == "institution" else {}
        actors[row.id] = Actor.objects.create(
            id=row.id, programme=holder, kind=row.kind, name=row.name, town=row.town, **fields
        )
    with connection.cursor() as cursor:  # PostgreSQL's sequences skip explicit ids
        for sql in connection.ops.sequence_reset_sql(no_style(), [Actor]):
            cursor.execute(sql)
    world = make_world()
    Actor.objects.filter(programme=holder).update(programme=world.programme)
    holder.delete()
    for actor in actors.values():
        actor.refresh_from_db()
    return world, actors


def make_atuntaqui(
    world: World, actors: dict[int, Actor], *, cluster: Cluster | None = None, wave: bool = True
) -> Atuntaqui:
    if cluster is None:
        cluster = make_cluster(
            world.programme,
            SLUG,
            name="Atuntaqui garment cluster",
            place="Atuntaqui",
            latitude=0.333,
            longitude=-78.217,
        )
    else:
        cluster.slug = SLUG
        cluster.save()
    for actor in actors.values():
        ClusterMembership.objects.create(cluster=cluster, actor=actor)
    baseline = (
        SurveyWave.objects.create(
            cluster=cluster, name="Baseline 2024", start_date=date(2024, 3, 1)
        )
        if wave
        else SurveyWave(cluster=cluster)
    )
    return Atuntaqui(world, cluster, baseline, actors)


def row_counts() -> dict[str, int]:
    """Rows of every diagnostics model and of its history."""
    counts = {}
    for model in vars(diagnostics).values():
        if (
            isinstance(model, type)
            and issubclass(model, models.Model)
            and model._meta.app_label == "diagnostics"
            and not model._meta.abstract
        ):
            counts[model.__name__] = model._default_manager.count()
            if hasattr(model, "history"):
                counts[f"{model.__name__} history"] = model.history.count()
    return counts
